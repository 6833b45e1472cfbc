// One timed run of a distributed model: split tasks over ranks, compute, gather to rank 0.
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cpu_report.hpp"
#include "mpi_support.hpp"

namespace bb::cpu {

// What one rank did: its workers' busy seconds and the task indices it computed.
struct RankWork {
  std::vector<double> busy_s;
  std::vector<std::size_t> done;
};

// How a rank computes its share: over a fixed block (static) or by pulling from the
// shared counter (dynamic). cpu_mpi does it on one thread, cpu_hybrid on OpenMP threads.
struct RankComputer {
  std::function<RankWork(const std::vector<std::size_t>& block, std::vector<mpz_class>& results)> over_block;
  std::function<RankWork(const std::function<std::size_t()>& next_index, std::vector<mpz_class>& results)> pulling;
};

// Barrier, compute, barrier, gather (the OSU pattern): comm_s is the gather alone,
// wall_s spans both barriers. Timings and results are meaningful on rank 0 only.
CpuTiming run_distributed(const std::vector<unsigned>& tasks, const std::string& schedule,
                          const RankComputer& computer, std::vector<mpz_class>& results);

}  // namespace bb::cpu
