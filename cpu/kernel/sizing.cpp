// The cost model (limb operations per second, bytes per result) and the messages of a refused --tasks.
#include "sizing.hpp"


#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "available_memory.hpp"
#include "closed_form.hpp"
#include "usage_error.hpp"

namespace bb::cpu {

namespace {

// Limb operations per second one core sustains in mpz_mul_ui; deliberately generous so
// only runs that are clearly out of reach are refused.
constexpr double kLimbOpsPerSecond = 3e9;
constexpr double kMaxEstimatedHours = 24;

std::string human_duration(double seconds) {
  char buffer[48];
  if (seconds < 3600 * 48) {
    std::snprintf(buffer, sizeof buffer, "%.1f hours", seconds / 3600);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g days", seconds / 86400);
  }
  return buffer;
}

}  // namespace

SizeEstimate estimate_task_cost(const std::vector<unsigned>& tasks, int workers) {
  std::map<unsigned, unsigned long long> count_by_num;
  for (unsigned num : tasks) ++count_by_num[num];
  SizeEstimate estimate;
  double largest_bytes = 0;
  for (const auto& [num, count] : count_by_num) {
    const double bytes = estimated_result_bits(num) / 8;
    largest_bytes = std::max(largest_bytes, bytes);
    estimate.result_bytes += bytes * static_cast<double>(count);
    const double last = num > 1 ? num - 1 : 0;
    const double factor_bits = std::max(1.0, std::log2(std::max(2.0, last * last * last)));
    const double multiplies = last * last * last / std::max(1.0, std::floor(64 / factor_bits));
    const double average_limbs = bytes / 8 / 2;  // the number grows from nothing to its final size
    estimate.sequential_seconds += static_cast<double>(count) * multiplies * average_limbs / kLimbOpsPerSecond;
  }
  estimate.peak_bytes = estimate.result_bytes + largest_bytes * (std::max(workers, 1) + 1);
  return estimate;
}

void check_task_sizes(const std::vector<unsigned>& tasks, int workers) {
  const SizeEstimate estimate = estimate_task_cost(tasks, workers);
  const double available = static_cast<double>(available_memory_bytes());
  if (estimate.peak_bytes > available) {
    throw UsageError("--tasks", "needs an estimated " + human_bytes(estimate.peak_bytes) +
                                    " of memory for its exact results, but only " + human_bytes(available) +
                                    " is available; use smaller nums or fewer tasks");
  }
  const double hours = estimate.sequential_seconds / std::max(workers, 1) / 3600;
  if (hours > kMaxEstimatedHours) {
    throw UsageError("--tasks", "would run an estimated " + human_duration(hours * 3600) + " on " +
                                    std::to_string(workers) + " worker(s) (limit " +
                                    std::to_string(static_cast<int>(kMaxEstimatedHours)) +
                                    " hours); use smaller nums or fewer tasks");
  }
}

}  // namespace bb::cpu
