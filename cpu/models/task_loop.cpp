// The task loop: one body per worker, run inline for one worker and in an OpenMP team for more.
#include "task_loop.hpp"

#include <omp.h>

#include "clock.hpp"

namespace bb::cpu {

namespace {

mpz_class run_task(unsigned num, TaskKernel kernel, InterpreterLock* gil) {
  if (gil == nullptr) return kernel(num, nullptr);
  gil->acquire();
  mpz_class result = kernel(num, gil);
  gil->release();
  return result;
}

}  // namespace

WorkerTally run_task_loop(const std::vector<unsigned>& tasks, TaskKernel kernel, TaskFeed& feed, int workers,
                          InterpreterLock* gil, std::vector<mpz_class>& results) {
  WorkerTally tally{std::vector<double>(static_cast<std::size_t>(workers), 0.0), {}};
  const auto work = [&](int worker) {
    double busy = 0;
    std::vector<std::size_t> mine;
    while (const std::optional<std::size_t> index = feed.next(worker)) {
      const Stopwatch task_clock;
      results[*index] = run_task(tasks[*index], kernel, gil);
      busy += task_clock.seconds();
      mine.push_back(*index);
    }
    tally.busy_s[static_cast<std::size_t>(worker)] = busy;
#pragma omp critical(bb_task_loop_done)
    tally.done.insert(tally.done.end(), mine.begin(), mine.end());
  };
  // One worker runs on the calling thread: the sequential baseline starts no OpenMP team.
  if (workers == 1) {
    work(0);
    return tally;
  }
#pragma omp parallel num_threads(workers)
  work(omp_get_thread_num());
  return tally;
}

}  // namespace bb::cpu
