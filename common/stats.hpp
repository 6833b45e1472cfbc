// Summary statistics (min, median, mean, max) over repeated measurements.
#pragma once

#include <vector>

namespace bb {

struct Summary {
  double min = 0;
  double median = 0;
  double mean = 0;
  double max = 0;
  std::size_t count = 0;
};

// An empty sample gives an all-zero summary with count 0.
Summary summarize(std::vector<double> sample);

}  // namespace bb
