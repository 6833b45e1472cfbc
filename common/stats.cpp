// Summary statistics over repeated measurements.
#include "stats.hpp"

#include <algorithm>
#include <numeric>

namespace bb {

Summary summarize(std::vector<double> sample) {
  Summary summary;
  summary.count = sample.size();
  if (sample.empty()) return summary;
  std::sort(sample.begin(), sample.end());
  const std::size_t n = sample.size();
  summary.min = sample.front();
  summary.max = sample.back();
  summary.median = n % 2 == 1 ? sample[n / 2] : (sample[n / 2 - 1] + sample[n / 2]) / 2.0;
  summary.mean = std::accumulate(sample.begin(), sample.end(), 0.0) / static_cast<double>(n);
  return summary;
}

}  // namespace bb
