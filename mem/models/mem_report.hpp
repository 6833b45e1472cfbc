// Memory suite rows: the schema, bandwidth and latency of a pass, the binding in effect, and the lines on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "csv.hpp"
#include "kernel_list.hpp"
#include "sizing.hpp"

namespace bb::mem {

const std::vector<std::string>& mem_columns();

// What stays the same over all passes of one invocation.
struct MemSetup {
  std::string impl;  // the model's name
  int ranks = 1;
  int threads = 1;   // per rank
  Footprint footprint;
  std::uint64_t llc_bytes = 0;
  std::string omp_proc_bind;
  std::string omp_places;
  std::string mpi_bind;
  std::string openmp_version = "none";
  std::string mpi_version = "none";
};

// One timed pass of one kernel: the slowest rank's seconds, and whether every rank's result verified.
struct PassResult {
  Kernel kernel = Kernel::copy;
  double wall_s = 0;
  bool verified = true;
};

// STREAM-counted bytes of all ranks / wall_s / 1e9.
double gb_per_s(const Footprint& footprint, Kernel kernel, double wall_s);

// Nanoseconds per element gathered, all ranks together (falls as workers add memory-level parallelism).
double ns_per_access(const Footprint& footprint, double wall_s);

// The row of one pass, filled in schema order.
CsvRow mem_row(const MemSetup& setup, int repeat, const PassResult& pass);

// omp_get_proc_bind() in OMP_PROC_BIND's words (false, true, primary, close, spread).
std::string omp_proc_bind_name();

// OMP_PLACES as set, or "unset".
std::string omp_places_setting();

// Label of the lines on stderr, e.g. "mem_hybrid workers=4 (2x2)".
std::string mem_label(const MemSetup& setup);

// "copy 12.3 GB/s, ..., gather 3.1 GB/s 4.56 ns/access" for one warm-up or repeat.
std::string passes_text(const Footprint& footprint, const std::vector<PassResult>& passes);

}  // namespace bb::mem
