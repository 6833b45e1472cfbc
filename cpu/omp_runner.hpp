// Runs kernel tasks on OpenMP threads (cpu_omp, and each rank of cpu_hybrid).
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "interpreter_lock.hpp"

namespace bb::cpu {

// Computes results[i] for every i in `indices` with `threads` threads and the OpenMP
// schedule named (static blocks or dynamic, one task at a time). With a lock, threads
// take turns as under CPython's GIL. Returns each thread's busy seconds.
std::vector<double> compute_with_openmp(const std::vector<unsigned>& tasks, const std::vector<std::size_t>& indices,
                                        int threads, const std::string& schedule, InterpreterLock* gil,
                                        std::vector<mpz_class>& results);

// Threads pull the next task index from `next_index` (called by one thread at a time)
// until it returns an index past the end. Appends what was computed to `done`.
std::vector<double> compute_pulling(const std::vector<unsigned>& tasks, int threads,
                                    const std::function<std::size_t()>& next_index,
                                    std::vector<mpz_class>& results, std::vector<std::size_t>& done);

// Warns on stderr when this process may use fewer CPUs than it runs threads (e.g. mpirun's
// default --bind-to core under cpu_hybrid), the classic reason a threaded run shows no speedup.
void warn_if_threads_exceed_affinity(const std::string& program, int threads);

// "OpenMP 4.5" and the like, from the _OPENMP date the compiler implements.
std::string openmp_version();

}  // namespace bb::cpu
