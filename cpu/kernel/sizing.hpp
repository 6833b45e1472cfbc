// Up-front sizing: refuses task lists whose results cannot fit in memory or would run absurdly long.
#pragma once

#include <cstdint>
#include <vector>

namespace bb::cpu {

struct SizeEstimate {
  double result_bytes = 0;      // all results held at once (they are verified after timing)
  double peak_bytes = 0;        // results plus one number in flight per worker plus a closed form
  double sequential_seconds = 0;
};

// Rough cost model of the kernel: passes over a number that grows to its final size.
SizeEstimate estimate_task_cost(const std::vector<unsigned>& tasks, int workers);

// Throws UsageError("--tasks", ...) with the estimate when the run is out of reach.
void check_task_sizes(const std::vector<unsigned>& tasks, int workers);

}  // namespace bb::cpu
