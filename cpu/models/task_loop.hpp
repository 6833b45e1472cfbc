// The one task loop every CPU model runs: workers take tasks from a feed, compute them and time their busy work.
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <vector>

#include "interpreter_lock.hpp"
#include "kernel.hpp"
#include "progress_line.hpp"
#include "task_feed.hpp"

namespace bb::cpu {

// What the workers of one process did: each worker's busy seconds and the task indices computed here.
struct WorkerTally {
  std::vector<double> busy_s;
  std::vector<std::size_t> done;
};

// Runs `workers` workers (OpenMP threads when more than one, else this thread) that compute
// results[i] = kernel(tasks[i]) for each index the feed hands them until it runs dry. With a
// lock, a worker holds it while computing and the kernel yields it between steps, as threads
// take turns under CPython's GIL.
// With `progress`, every task is counted and worker 0 reports when a report is due.
WorkerTally run_task_loop(const std::vector<unsigned>& tasks, TaskKernel kernel, TaskFeed& feed, int workers,
                          InterpreterLock* gil, std::vector<mpz_class>& results, ProgressLine* progress = nullptr);

}  // namespace bb::cpu
