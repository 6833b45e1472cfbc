// One timed run of a distributed model: split tasks over ranks, compute, gather to rank 0.
#include "distributed_run.hpp"

#include <algorithm>
#include <memory>

namespace bb::cpu {

CpuTiming run_distributed(const std::vector<unsigned>& tasks, const std::string& schedule,
                          const RankComputer& computer, std::vector<mpz_class>& results) {
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  // Set-up, named and kept out of the timed region: the window and the block lists.
  std::unique_ptr<SharedTaskCounter> counter;
  if (schedule == "dynamic") counter = std::make_unique<SharedTaskCounter>(MPI_COMM_WORLD);
  const std::vector<std::size_t> block = static_block(tasks.size(), rank, size);

  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  RankWork work = counter ? computer.pulling([&] { return counter->next(); }, results)
                          : computer.over_block(block, results);
  MPI_Barrier(MPI_COMM_WORLD);
  const double computed = MPI_Wtime();
  gather_results_to_root(results, work.done, MPI_COMM_WORLD);
  const double gathered = MPI_Wtime();

  // Every rank has the same number of workers, so a plain gather collects all busy times.
  const int per_rank = static_cast<int>(work.busy_s.size());
  std::vector<double> all_busy(rank == 0 ? static_cast<std::size_t>(per_rank * size) : 0);
  MPI_Gather(work.busy_s.data(), per_rank, MPI_DOUBLE, all_busy.data(), per_rank, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  counter.reset();

  CpuTiming timing;
  timing.wall_s = gathered - start;
  timing.comm_s = gathered - computed;
  if (rank == 0) {
    timing.compute_s = *std::max_element(all_busy.begin(), all_busy.end());
    timing.imbalance = imbalance_of(all_busy);
  }
  return timing;
}

}  // namespace bb::cpu
