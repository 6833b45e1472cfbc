// Declares the io CSV schema, RunTotals (one run's outcome counts, bytes, latency percentiles) and IoReporter.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "fetch_record.hpp"
#include "repeat_driver.hpp"

namespace bb::io {

const std::vector<std::string>& io_columns();

// Totals over one run's records.
struct RunTotals {
  std::size_t requests = 0;
  std::array<std::size_t, kOutcomeCount> by_outcome{};      // indexed by Outcome
  std::array<CURLcode, kOutcomeCount> first_code{};          // first curl code seen per class
  std::array<int, kOutcomeCount> first_status{};             // first HTTP status seen per class
  long long bytes = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;     // over every request, failed included

  std::size_t count(Outcome outcome) const { return by_outcome[static_cast<std::size_t>(outcome)]; }
  std::size_t failed() const { return requests - count(Outcome::ok); }
};

RunTotals total_up(const std::vector<FetchRecord>& records);

// Nearest-rank percentile (0 < p <= 100) of an ascending sample; 0 for an empty one.
double nearest_rank(const std::vector<double>& ascending, double p);

// What the process spent on one run (getrusage deltas): the cost of reaching its throughput.
struct RunUsage {
  double cpu_s = 0;                // user + system, every thread
  long long voluntary = 0;         // context switches: waits (sockets, locks)
  long long involuntary = 0;       // preemptions
  long long peak_rss_kib = 0;      // io_mpi: summed over the ranks; 0: this process's own peak
};

// What stays the same over all repeats of one invocation.
struct IoSetup {
  std::string impl;    // the model's name
  int workers = 1;     // transfers in flight at most, over all ranks
  int ranks = 1;       // io_mpi: its MPI ranks
  int threads = 1;
  std::string target;  // what it fetched: the URL, or the URL file's name and content hash
  int loops = 1;       // event loops (threads) per process
  int shards = 0;      // multi handles over all loops and ranks; 0 without a multi handle
  std::string http_version = "1.1";
  int nodes = 1;       // io_mpi: distinct hosts over the ranks
  std::string schedule = "none";  // how requests reach the workers (see schedule_name)
  std::string client = "libcurl";  // the HTTP client that made the transfers
  std::string refused_hint;  // said when every request was refused (e.g. how to start the local target)
};

class IoReporter {
 public:
  explicit IoReporter(IoSetup setup) : setup_(std::move(setup)) {}

  // A run passes when every request succeeded.
  Measurement measure(int repeat, double wall_s, const RunUsage& usage, const std::vector<FetchRecord>& records);

  // Label of the summary lines on stderr, e.g. "io_multi workers=100".
  std::string label() const;

  // Closing lines on stderr: the last run's throughput, latency and failures by class
  // (nothing when no run was made).
  void print_summary() const;

 private:
  IoSetup setup_;
  RunTotals last_;
  double last_wall_s_ = 0;
  long long last_peak_rss_kib_ = 0;
  bool measured_ = false;  // false after --csv-header, which runs nothing
};

}  // namespace bb::io
