// One rank's arrays: a, b, c and the gather index, placed by the threads that use them, and their starting values.
#pragma once

#include <cstdint>

#include "aligned_array.hpp"
#include "sizing.hpp"

namespace bb::mem {

// BabelStream's starting values and scalar. Element i holds its start value times weight(i) (see below).
inline constexpr double kStartA = 0.1;
inline constexpr double kStartB = 0.2;
inline constexpr double kStartC = 0.0;
inline constexpr double kScalar = 0.4;

// Element i's weight, 1 + i / total in the global numbering (all ranks): distinct for every element, so a value
// read from the wrong place (a gather with a wrong index) differs from the one expected.
inline double weight(std::uint64_t global_index, double inverse_total) {
  return 1.0 + static_cast<double>(global_index) * inverse_total;
}

class StreamArrays {
 public:
  // Allocates this rank's share of the arrays and writes them for the first time in a team of `threads` with the
  // kernels' static split, so each page lands on the memory of the thread that works on it: a, b and c get their
  // starting values, the index the identity. Throws when the runtime starts fewer threads than asked.
  StreamArrays(RankShare share, std::uint64_t total, unsigned index_bytes, int threads);

  // Sets a, b and c back to their starting values (same team and split as the kernels).
  void initialise();

  // Turns the index (the identity) into a random permutation with a single cycle (Sattolo's algorithm), the same
  // for the same seed: a gather through it visits every element once, in an order no prefetcher predicts.
  void shuffle_index(std::uint64_t seed);

  std::uint64_t size() const { return count_; }    // elements here
  std::uint64_t first() const { return first_; }  // global number of the first one
  std::uint64_t total() const { return total_; }  // elements of all ranks
  int threads() const { return threads_; }

  double* a() { return a_.data(); }
  double* b() { return b_.data(); }
  double* c() { return c_.data(); }
  const double* a() const { return a_.data(); }
  const double* b() const { return b_.data(); }
  const double* c() const { return c_.data(); }
  // Exactly one of the two holds the index: 32-bit while the share is below 2^32 elements.
  const std::uint32_t* index32() const { return index32_.size() > 0 ? index32_.data() : nullptr; }
  const std::uint64_t* index64() const { return index64_.size() > 0 ? index64_.data() : nullptr; }

 private:
  std::uint64_t first_;
  std::uint64_t count_;
  std::uint64_t total_;
  int threads_;
  AlignedArray<double> a_;
  AlignedArray<double> b_;
  AlignedArray<double> c_;
  AlignedArray<std::uint32_t> index32_;
  AlignedArray<std::uint64_t> index64_;
};

}  // namespace bb::mem
