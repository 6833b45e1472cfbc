// BabelStream-style verification: closed-form gold values of every element, checked outside the timed region.
#pragma once

#include <cstdint>
#include <optional>

#include "kernel_list.hpp"
#include "stream_arrays.hpp"

namespace bb::mem {

// Largest relative difference an element may show from its gold value. The arrays start afresh every run, so an
// element has gone through at most four roundings (about 1e-15 relative); a value read from a neighbouring element
// differs by 1 / total or more, which this still sees for up to 10^11 elements.
inline constexpr double kTolerance = 1e-12;

// What each of a, b, c holds after the kernels so far, as a multiple of the element's weight: BabelStream's
// scalar gold values, iterated exactly as the kernels ran. After the gather, a holds b permuted:
// a[i] = b-multiple x weight(index[i]).
struct Gold {
  double a = kStartA;
  double b = kStartB;
  double c = kStartC;
  void apply(Kernel kernel);
};

// The first element (global number) whose value is off, what it holds and what it should.
struct Mismatch {
  std::uint64_t element = 0;
  double value = 0;
  double expected = 0;
};

// Checks the array `kernel` wrote against `gold`, the gold values after that kernel, in the arrays' team.
// Kernels run in the order of kAllKernels, so no kernel reads a after the gather wrote it.
std::optional<Mismatch> verify_pass(Kernel kernel, const StreamArrays& arrays, const Gold& gold);

// Checks a, b and c hold their starting values; the array at fault comes back in `array` ('a', 'b' or 'c').
std::optional<Mismatch> verify_start(const StreamArrays& arrays, char& array);

}  // namespace bb::mem
