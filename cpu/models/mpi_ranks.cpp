// One timed MPI run, the OSU pattern: barrier, compute, barrier, gather; comm_s is the gather alone.
#include "mpi_ranks.hpp"

#include <algorithm>
#include <memory>

#include "mpi_counter.hpp"
#include "task_loop.hpp"

namespace bb::cpu {

std::optional<int> MpiRanks::parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) {
  return parse_on_all_ranks(app, argc, argv, session_, validate);
}

bool MpiRanks::can_share_a_counter(const std::string& program) {
  return one_sided_window_available(MPI_COMM_WORLD, program);
}

void MpiRanks::abort_all() { MPI_Abort(MPI_COMM_WORLD, 1); }

CpuTiming MpiRanks::run(const RunRequest& request, std::vector<mpz_class>& results) {
  const std::size_t count = request.tasks.size();
  // Set-up, named and kept out of the timed region: the counter's window and the block lists.
  std::unique_ptr<OneSidedCounter> counter;
  std::unique_ptr<TaskFeed> feed;
  if (request.schedule == Schedule::dynamic) {
    counter = std::make_unique<OneSidedCounter>(MPI_COMM_WORLD);
    feed = std::make_unique<SharedCounterFeed>([&counter] { return counter->next(); }, count);
  } else {
    feed = std::make_unique<BlockFeed>(block_of(count, session_.rank(), session_.size()), request.threads);
  }

  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  const WorkerTally tally = run_task_loop(request.tasks, request.kernel, *feed, request.threads, request.gil, results);
  MPI_Barrier(MPI_COMM_WORLD);
  const double computed = MPI_Wtime();
  gather_results_to_root(results, tally.done, MPI_COMM_WORLD);
  const double gathered = MPI_Wtime();

  // Every rank runs the same number of workers, so a plain gather collects all busy times.
  const int per_rank = static_cast<int>(tally.busy_s.size());
  std::vector<double> all_busy(is_root() ? static_cast<std::size_t>(per_rank * size()) : 0);
  MPI_Gather(tally.busy_s.data(), per_rank, MPI_DOUBLE, all_busy.data(), per_rank, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  feed.reset();
  counter.reset();

  CpuTiming timing;
  timing.wall_s = gathered - start;
  timing.comm_s = gathered - computed;
  if (is_root()) {
    timing.compute_s = *std::max_element(all_busy.begin(), all_busy.end());
    timing.imbalance = imbalance_of(all_busy);
  }
  return timing;
}

}  // namespace bb::cpu
