// What the OpenMP models report about their threads: the runtime's version, a too-narrow CPU affinity, a short team.
#pragma once

#include <string>

namespace bb {

// Warns on stderr when this process may use fewer CPUs than it runs threads (e.g. mpirun's
// default --bind-to core under cpu_hybrid), the classic reason a threaded run shows no speedup.
void warn_if_threads_exceed_affinity(const std::string& program, int threads);

// "OpenMP 4.5" and the like, from the _OPENMP date the compiler implements.
std::string openmp_version();

// Why a team came out with `started` of the `asked` threads (the variable that limits it, when one
// is set) and what to do, for the error that ends a run instead of recording threads that never ran.
std::string short_team_message(int asked, int started);

}  // namespace bb
