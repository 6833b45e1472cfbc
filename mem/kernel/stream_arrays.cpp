// First touch and starting values in the kernels' static split, with a check that the team is whole; Sattolo's shuffle.
#include "stream_arrays.hpp"

#include <omp.h>

#include <random>
#include <stdexcept>
#include <utility>

#include "openmp_info.hpp"

namespace bb::mem {

namespace {

// A team that came out short would place the pages (and later split the kernels) otherwise than asked.
void check_team(int asked, int started) {
  if (started != asked) throw std::runtime_error(short_team_message(asked, started));
}

template <typename Index>
void fill_identity(Index* __restrict index, std::uint64_t n, int threads) {
  int team = threads;
#pragma omp parallel num_threads(threads)
  {
    if (omp_get_thread_num() == 0) team = omp_get_num_threads();
    // Every thread of the team sees the same size, so all of them take the loop or none does.
    if (omp_get_num_threads() == threads) {
#pragma omp for simd schedule(static)
      for (std::uint64_t i = 0; i < n; ++i) index[i] = static_cast<Index>(i);
    }
  }
  check_team(threads, team);
}

// j uniform in [0, bound): the high word of a 64x64-bit product (Lemire), the same on every platform,
// unlike std::uniform_int_distribution.
std::uint64_t below(std::mt19937_64& random, std::uint64_t bound) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(random()) * bound) >> 64);
}

template <typename Index>
void sattolo(Index* index, std::uint64_t n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  for (std::uint64_t i = n; i-- > 1;) std::swap(index[i], index[below(random, i)]);
}

}  // namespace

StreamArrays::StreamArrays(RankShare share, std::uint64_t total, unsigned index_bytes, int threads)
    : first_(share.first), count_(share.count), total_(total), threads_(threads), a_(share.count), b_(share.count),
      c_(share.count) {
  if (index_bytes == 4) {
    index32_ = AlignedArray<std::uint32_t>(count_);
    fill_identity(index32_.data(), count_, threads_);
  } else {
    index64_ = AlignedArray<std::uint64_t>(count_);
    fill_identity(index64_.data(), count_, threads_);
  }
  initialise();
}

void StreamArrays::initialise() {
  double* __restrict a = a_.data();
  double* __restrict b = b_.data();
  double* __restrict c = c_.data();
  const std::uint64_t n = count_;
  const std::uint64_t first = first_;
  const double inverse_total = 1.0 / static_cast<double>(total_);
  int team = threads_;
#pragma omp parallel num_threads(threads_)
  {
    if (omp_get_thread_num() == 0) team = omp_get_num_threads();
    if (omp_get_num_threads() == threads_) {
#pragma omp for simd schedule(static)
      for (std::uint64_t i = 0; i < n; ++i) {
        const double w = weight(first + i, inverse_total);
        a[i] = kStartA * w;
        b[i] = kStartB * w;
        c[i] = kStartC * w;
      }
    }
  }
  check_team(threads_, team);
}

void StreamArrays::shuffle_index(std::uint64_t seed) {
  if (index32_.size() > 0) {
    sattolo(index32_.data(), count_, seed);
  } else {
    sattolo(index64_.data(), count_, seed);
  }
}

}  // namespace bb::mem
