// What the OpenMP models report about their threads: the runtime's version and a too-narrow CPU affinity.
#pragma once

#include <string>

namespace bb::cpu {

// Warns on stderr when this process may use fewer CPUs than it runs threads (e.g. mpirun's
// default --bind-to core under cpu_hybrid), the classic reason a threaded run shows no speedup.
void warn_if_threads_exceed_affinity(const std::string& program, int threads);

// "OpenMP 4.5" and the like, from the _OPENMP date the compiler implements.
std::string openmp_version();

}  // namespace bb::cpu
