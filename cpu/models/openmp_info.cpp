// Reads the process's CPU affinity mask and the compiler's _OPENMP date.
#include "openmp_info.hpp"

#include <sched.h>

#include <cstdio>

namespace bb::cpu {

void warn_if_threads_exceed_affinity(const std::string& program, int threads) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  const int cpus = CPU_COUNT(&allowed);
  if (cpus < threads) {
    std::fprintf(stderr,
                 "%s: warning: %d threads but this process may run on %d CPU(s); threads will share cores "
                 "(under mpirun, launch with --bind-to none or --map-by slot:PE=%d)\n",
                 program.c_str(), threads, cpus, threads);
  }
}

std::string openmp_version() {
  switch (_OPENMP) {
    case 201511: return "OpenMP 4.5";
    case 201811: return "OpenMP 5.0";
    case 202011: return "OpenMP 5.1";
    case 202111: return "OpenMP 5.2";
    default: return "OpenMP " + std::to_string(_OPENMP);
  }
}

}  // namespace bb::cpu
