// CPU suite rows: the schema, verification and digest of each run, and the closing verdict line.
#pragma once

#include <gmpxx.h>

#include <string>
#include <vector>

#include "repeat_driver.hpp"
#include "schedule.hpp"
#include "verify.hpp"

namespace bb::cpu {

const std::vector<std::string>& cpu_columns();

// What stays the same over all repeats of one invocation.
struct CpuSetup {
  std::string impl;              // the model's name
  int ranks = 1;
  int threads = 1;
  Schedule schedule = Schedule::none;
  int gil_ms = 0;
  std::string tasks_spec;
  std::string openmp_version = "none";
  std::string mpi_version = "none";
};

// One run's timings, all in seconds except the imbalance ratio.
struct CpuTiming {
  double wall_s = 0;
  double compute_s = 0;    // slowest worker's busy time
  double comm_s = 0;       // moving exact results to rank 0 (MPI models)
  double imbalance = 1;    // max / mean busy time over workers
};

// max / mean of the workers' busy times (1 when all are equal or idle).
double imbalance_of(const std::vector<double>& busy_seconds);

class CpuReporter {
 public:
  CpuReporter(CpuSetup setup, const std::vector<unsigned>& tasks) : setup_(std::move(setup)), tasks_(tasks) {}

  // Verifies the results (untimed), digests them and fills the row.
  Measurement measure(int repeat, const CpuTiming& timing, std::vector<mpz_class>& results);

  // Label of the summary lines on stderr, e.g. "cpu_omp workers=2 schedule=dynamic".
  std::string label() const;

  // Closing line on stderr: digest and verdict of the last run (none when nothing ran).
  void print_verdict() const;

 private:
  CpuSetup setup_;
  const std::vector<unsigned>& tasks_;
  ResultVerifier verifier_;
  std::string last_digest_;
  Verdict last_verdict_;
};

}  // namespace bb::cpu
