// Iterates the scalar gold values like the kernels and compares every element with its closed form, in parallel.
#include "gold.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace bb::mem {

namespace {

// A NaN is never close to anything.
bool close(double value, double expected) { return std::fabs(value - expected) <= kTolerance * std::fabs(expected); }

// The first i whose value is not close to expected(i), split as the kernels are.
template <typename Expected>
std::optional<Mismatch> first_wrong(const double* values, const StreamArrays& arrays, Expected expected) {
  const std::uint64_t n = arrays.size();
  std::uint64_t first = n;
#pragma omp parallel for schedule(static) num_threads(arrays.threads()) reduction(min : first)
  for (std::uint64_t i = 0; i < n; ++i) {
    if (!close(values[i], expected(i))) first = std::min(first, i);
  }
  if (first == n) return std::nullopt;
  return Mismatch{arrays.first() + first, values[first], expected(first)};
}

std::optional<Mismatch> check_multiple(const double* values, const StreamArrays& arrays, double multiple) {
  const double inverse_total = 1.0 / static_cast<double>(arrays.total());
  const std::uint64_t first = arrays.first();
  return first_wrong(values, arrays,
                     [&](std::uint64_t i) { return multiple * weight(first + i, inverse_total); });
}

template <typename Index>
std::optional<Mismatch> check_gathered(const StreamArrays& arrays, const Index* index, double multiple) {
  const double inverse_total = 1.0 / static_cast<double>(arrays.total());
  const std::uint64_t first = arrays.first();
  return first_wrong(arrays.a(), arrays,
                     [&](std::uint64_t i) { return multiple * weight(first + index[i], inverse_total); });
}

}  // namespace

void Gold::apply(Kernel kernel) {
  switch (kernel) {
    case Kernel::copy: c = a; return;
    case Kernel::scale: b = kScalar * c; return;
    case Kernel::add: c = a + b; return;
    case Kernel::triad: a = b + kScalar * c; return;
    case Kernel::gather: a = b; return;  // a permutation of b: verify_pass weighs each element by its index
  }
}

std::optional<Mismatch> verify_pass(Kernel kernel, const StreamArrays& arrays, const Gold& gold) {
  switch (kernel) {
    case Kernel::copy:
    case Kernel::add: return check_multiple(arrays.c(), arrays, gold.c);
    case Kernel::scale: return check_multiple(arrays.b(), arrays, gold.b);
    case Kernel::triad: return check_multiple(arrays.a(), arrays, gold.a);
    case Kernel::gather: break;
  }
  if (arrays.index32() != nullptr) return check_gathered(arrays, arrays.index32(), gold.a);
  return check_gathered(arrays, arrays.index64(), gold.a);
}

std::optional<Mismatch> verify_start(const StreamArrays& arrays, char& array) {
  const Gold start;
  for (const auto& [name, values, multiple] : {std::tuple{'a', arrays.a(), start.a},
                                                std::tuple{'b', arrays.b(), start.b},
                                                std::tuple{'c', arrays.c(), start.c}}) {
    if (auto mismatch = check_multiple(values, arrays, multiple)) {
      array = name;
      return mismatch;
    }
  }
  return std::nullopt;
}

}  // namespace bb::mem
