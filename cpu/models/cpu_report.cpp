// Fills a CPU row in schema order after verifying the run, and prints the digest and verdict line.
#include "cpu_report.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "digest.hpp"
#include "metadata.hpp"

namespace bb::cpu {

const std::vector<std::string>& cpu_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names = {"suite",    "impl",      "workers",   "ranks",  "threads",
                                      "repeat",   "wall_s",    "tasks",     "task_count", "schedule",
                                      "gil_ms",   "compute_s", "comm_s",    "imbalance",  "digest",
                                      "verified"};
    for (const auto& name : metadata_columns()) names.push_back(name);
    for (const char* name : {"gmp_version", "openmp_version", "mpi_version"}) names.emplace_back(name);
    return names;
  }();
  return columns;
}

double imbalance_of(const std::vector<double>& busy_seconds) {
  if (busy_seconds.empty()) return 1;
  const double mean = std::accumulate(busy_seconds.begin(), busy_seconds.end(), 0.0) /
                      static_cast<double>(busy_seconds.size());
  if (mean <= 0) return 1;
  return *std::max_element(busy_seconds.begin(), busy_seconds.end()) / mean;
}

Measurement CpuReporter::measure(int repeat, const CpuTiming& timing, std::vector<mpz_class>& results) {
  apply_test_corruption(results);
  last_verdict_ = verifier_.check(tasks_, results);
  last_digest_ = format_digest(results_digest(results));

  Measurement measured{CsvRow(cpu_columns()), timing.wall_s, last_verdict_.passed};
  measured.row.set("suite", "cpu")
      .set("impl", setup_.impl)
      .set("workers", setup_.ranks * setup_.threads)
      .set("ranks", setup_.ranks)
      .set("threads", setup_.threads)
      .set("repeat", repeat)
      .set("wall_s", timing.wall_s)
      .set("tasks", setup_.tasks_spec)
      .set("task_count", static_cast<long long>(tasks_.size()))
      .set("schedule", schedule_name(setup_.schedule))
      .set("gil_ms", setup_.gil_ms)
      .set("compute_s", timing.compute_s)
      .set("comm_s", timing.comm_s)
      .set("imbalance", timing.imbalance)
      .set("digest", last_digest_)
      .set("verified", last_verdict_.passed);
  set_metadata(measured.row);
  measured.row.set("gmp_version", gmp_version)
      .set("openmp_version", setup_.openmp_version)
      .set("mpi_version", setup_.mpi_version);
  return measured;
}

std::string CpuReporter::label() const {
  std::string text = setup_.impl;
  // A model with a schedule has workers to count; the sequential one has neither.
  if (setup_.schedule != Schedule::none) text += " workers=" + std::to_string(setup_.ranks * setup_.threads);
  if (setup_.ranks > 1 && setup_.threads > 1) {
    text += " (" + std::to_string(setup_.ranks) + "x" + std::to_string(setup_.threads) + ")";
  }
  if (setup_.schedule != Schedule::none) text += " schedule=" + schedule_name(setup_.schedule);
  if (setup_.gil_ms > 0) text += " gil=" + std::to_string(setup_.gil_ms) + "ms";
  return text;
}

void CpuReporter::print_verdict() const {
  if (last_digest_.empty()) return;  // nothing was run (--csv-header)
  if (last_verdict_.passed) {
    std::fprintf(stderr, "%s: digest %s, all %zu results verified against the closed form\n", setup_.impl.c_str(),
                 last_digest_.c_str(), tasks_.size());
  } else {
    std::fprintf(stderr, "%s: verification FAILED: %s differs from the closed form (digest %s)\n",
                 setup_.impl.c_str(), last_verdict_.first_mismatch.c_str(), last_digest_.c_str());
  }
}

}  // namespace bb::cpu
