// Counts the CPUs the process may use (OpenMP places when bound, else the mask), names the _OPENMP date, explains a short team.
#include "openmp_info.hpp"

#include <omp.h>
#include <sched.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

namespace bb {

namespace {

// With binding on (OMP_PROC_BIND), the runtime pins the initial thread to one place as it starts,
// before main, so this thread's mask no longer tells what the process may use: the places do.
int cpus_this_process_may_use() {
  if (omp_get_proc_bind() != omp_proc_bind_false && omp_get_num_places() > 0) {
    std::set<int> cpus;
    for (int place = 0; place < omp_get_num_places(); ++place) {
      std::vector<int> ids(static_cast<std::size_t>(omp_get_place_num_procs(place)));
      omp_get_place_proc_ids(place, ids.data());
      cpus.insert(ids.begin(), ids.end());
    }
    return static_cast<int>(cpus.size());
  }
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
  return CPU_COUNT(&allowed);
}

}  // namespace

void warn_if_threads_exceed_affinity(const std::string& program, int threads) {
  const int cpus = cpus_this_process_may_use();
  if (cpus > 0 && cpus < threads) {
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

std::string short_team_message(int asked, int started) {
  std::string cause = "the OpenMP runtime could not start more threads";
  for (const char* variable : {"OMP_THREAD_LIMIT", "OMP_DYNAMIC"}) {
    if (const char* value = std::getenv(variable)) {
      cause = std::string(variable) + "=" + value + " limits the team: unset it";
      break;
    }
  }
  return "OpenMP started " + std::to_string(started) + " of the " + std::to_string(asked) + " threads asked for; " +
         cause + " or ask for fewer --workers";
}

}  // namespace bb
