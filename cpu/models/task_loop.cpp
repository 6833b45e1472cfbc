// The task loop: one body per worker, run inline for one worker and in an OpenMP team for more.
#include "task_loop.hpp"

#include <omp.h>

#include <atomic>
#include <exception>
#include <stdexcept>
#include <string>

#include "clock.hpp"
#include "openmp_info.hpp"

namespace bb::cpu {

namespace {

// Holds the interpreter lock for one task, and lets go of it even when the kernel throws,
// so the other workers are not left waiting for it.
class HeldLock {
 public:
  explicit HeldLock(InterpreterLock& lock) : lock_(lock) { lock_.acquire(); }
  ~HeldLock() { lock_.release(); }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;

 private:
  InterpreterLock& lock_;
};

mpz_class run_task(unsigned num, TaskKernel kernel, InterpreterLock* gil) {
  if (gil == nullptr) return kernel(num, nullptr);
  const HeldLock held(*gil);
  return kernel(num, gil);
}

}  // namespace

WorkerTally run_task_loop(const std::vector<unsigned>& tasks, TaskKernel kernel, TaskFeed& feed, int workers,
                          InterpreterLock* gil, std::vector<mpz_class>& results, ProgressLine* progress) {
  WorkerTally tally{std::vector<double>(static_cast<std::size_t>(workers), 0.0), {}};
  // An exception must not leave an OpenMP region (that ends the process): the first one is kept,
  // the other workers stop at their next task, and it is thrown again once the team has joined.
  std::exception_ptr first_error;
  std::atomic<bool> failed{false};
  const auto work = [&](int worker) {
    double busy = 0;
    std::vector<std::size_t> mine;
    try {
      while (!failed.load(std::memory_order_relaxed)) {
        const std::optional<std::size_t> index = feed.next(worker);
        if (!index) break;
        const Stopwatch task_clock;
        results[*index] = run_task(tasks[*index], kernel, gil);
        busy += task_clock.seconds();
        mine.push_back(*index);
        if (progress) {
          progress->count(false);
          if (worker == 0) progress->draw_if_due();
        }
      }
    } catch (...) {
#pragma omp critical(bb_task_loop_error)
      if (!first_error) first_error = std::current_exception();
      failed.store(true);
    }
    tally.busy_s[static_cast<std::size_t>(worker)] = busy;
#pragma omp critical(bb_task_loop_done)
    tally.done.insert(tally.done.end(), mine.begin(), mine.end());
  };
  // One worker runs on the calling thread: the sequential baseline starts no OpenMP team.
  if (workers == 1) {
    work(0);
  } else {
#pragma omp parallel num_threads(workers)
    {
      // The runtime may start fewer threads than asked (OMP_THREAD_LIMIT, OMP_DYNAMIC): then no
      // thread works, and the run fails instead of recording threads that never ran.
      const int team = omp_get_num_threads();
      if (team == workers) {
        work(omp_get_thread_num());
      } else {
#pragma omp single
        first_error = std::make_exception_ptr(std::runtime_error(short_team_message(workers, team)));
      }
    }
  }
  if (first_error) std::rethrow_exception(first_error);
  return tally;
}

}  // namespace bb::cpu
