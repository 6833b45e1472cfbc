// The loop over warm-ups and repeats, the rows it prints, and min/median/mean/max of wall_s at the end.
#include "repeat_driver.hpp"

#include <cstdio>
#include <iostream>

#include "exit_codes.hpp"
#include "stats.hpp"

namespace bb {

int run_repeats(const CommonOptions& options, const RepeatPlan& plan,
                const std::function<Measurement(int repeat, bool warmup)>& measure) {
  if (options.header_only) {
    if (plan.reporter) print_csv_header(std::cout, *plan.columns, options.params);
    return kExitOk;
  }
  for (int i = 0; i < options.warmup; ++i) {
    const Measurement warm = measure(i, true);
    if (plan.reporter) {
      std::fprintf(stderr, "%s: warm-up %d/%d %.4g s\n", plan.label.c_str(), i + 1, options.warmup, warm.wall_s);
    }
  }
  std::vector<double> walls;
  bool all_passed = true;
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    Measurement measured = measure(repeat, false);
    if (!plan.reporter) continue;
    walls.push_back(measured.wall_s);
    all_passed = all_passed && measured.passed;
    // The header goes out with the first row, so a run that ends before any row leaves no bare header.
    if (options.csv && repeat == 0) print_csv_header(std::cout, *plan.columns, options.params);
    if (options.csv) print_csv_row(std::cout, measured.row, options.params);
    std::fprintf(stderr, "%s: repeat %d/%d %.4g s%s\n", plan.label.c_str(), repeat + 1, options.repeats,
                 measured.wall_s, measured.passed ? "" : "  FAILED");
  }
  if (!plan.reporter) return kExitOk;

  const Summary summary = summarize(walls);
  std::fprintf(stderr, "%s: wall_s min %.4g median %.4g mean %.4g max %.4g over %zu repeats%s\n",
               plan.label.c_str(), summary.min, summary.median, summary.mean, summary.max, summary.count,
               all_passed ? "" : " -- FAILED");
  return all_passed ? kExitOk : kExitFailed;
}

}  // namespace bb
