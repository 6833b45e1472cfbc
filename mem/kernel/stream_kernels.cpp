// The five timed loops: each a `parallel for simd schedule(static)` over restrict pointers, nothing else inside.
#include "stream_kernels.hpp"

#include <cstdint>

namespace bb::mem {

namespace {

void copy(const double* __restrict a, double* __restrict c, std::uint64_t n, int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) c[i] = a[i];
}

void scale(double* __restrict b, const double* __restrict c, double scalar, std::uint64_t n, int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) b[i] = scalar * c[i];
}

void add(const double* __restrict a, const double* __restrict b, double* __restrict c, std::uint64_t n,
         int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) c[i] = a[i] + b[i];
}

void triad(double* __restrict a, const double* __restrict b, const double* __restrict c, double scalar,
           std::uint64_t n, int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) a[i] = b[i] + scalar * c[i];
}

template <typename Index>
void gather(double* __restrict a, const double* __restrict b, const Index* __restrict index, std::uint64_t n,
            int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) a[i] = b[index[i]];
}

}  // namespace

void run_pass(Kernel kernel, StreamArrays& arrays) {
  const std::uint64_t n = arrays.size();
  const int threads = arrays.threads();
  switch (kernel) {
    case Kernel::copy: copy(arrays.a(), arrays.c(), n, threads); return;
    case Kernel::scale: scale(arrays.b(), arrays.c(), kScalar, n, threads); return;
    case Kernel::add: add(arrays.a(), arrays.b(), arrays.c(), n, threads); return;
    case Kernel::triad: triad(arrays.a(), arrays.b(), arrays.c(), kScalar, n, threads); return;
    case Kernel::gather: break;
  }
  if (arrays.index32() != nullptr) {
    gather(arrays.a(), arrays.b(), arrays.index32(), n, threads);
  } else {
    gather(arrays.a(), arrays.b(), arrays.index64(), n, threads);
  }
}

const double* output_of(Kernel kernel, const StreamArrays& arrays) {
  switch (kernel) {
    case Kernel::copy:
    case Kernel::add: return arrays.c();
    case Kernel::scale: return arrays.b();
    case Kernel::triad:
    case Kernel::gather: break;
  }
  return arrays.a();
}

double* output_of(Kernel kernel, StreamArrays& arrays) {
  return const_cast<double*>(output_of(kernel, static_cast<const StreamArrays&>(arrays)));
}

const char* output_name(Kernel kernel) {
  switch (kernel) {
    case Kernel::copy:
    case Kernel::add: return "c";
    case Kernel::scale: return "b";
    case Kernel::triad:
    case Kernel::gather: break;
  }
  return "a";
}

}  // namespace bb::mem
