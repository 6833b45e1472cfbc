// Warm-up then timed repeats: prints one CSV row per repeat and a summary on stderr.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "csv.hpp"

namespace bb {

// One run's outcome: its CSV row, the time that the summary aggregates, and its verdict.
struct Measurement {
  CsvRow row;
  double wall_s = 0;
  bool passed = true;
};

struct RepeatPlan {
  std::string label;                         // what the summary line calls this run
  const std::vector<std::string>* columns;   // the suite's CSV schema
  bool reporter = true;                      // false on MPI ranks other than 0: they run but print nothing
};

// Calls measure(repeat, warmup) for every warm-up and repeat; all ranks must call it
// alike because measure may communicate. Returns kExitFailed when a repeat failed.
int run_repeats(const CommonOptions& options, const RepeatPlan& plan,
                const std::function<Measurement(int repeat, bool warmup)>& measure);

}  // namespace bb
