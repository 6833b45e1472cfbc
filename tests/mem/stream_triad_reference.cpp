// stream_triad_reference: a plain OpenMP STREAM triad over mem_omp's arrays for a --size, the yardstick of stream_check.sh.
#include <omp.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

#include "aligned_array.hpp"
#include "available_memory.hpp"
#include "cli.hpp"
#include "clock.hpp"
#include "sizing.hpp"

namespace {

// The loop as STREAM and BabelStream write it, shaped like mem's triad so the compiler sees the same thing.
void triad(double* __restrict a, const double* __restrict b, const double* __restrict c, double scalar,
           std::uint64_t n, int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) a[i] = b[i] + scalar * c[i];
}

void fill(double* __restrict a, double* __restrict b, double* __restrict c, std::uint64_t n, int threads) {
#pragma omp parallel for simd schedule(static) num_threads(threads)
  for (std::uint64_t i = 0; i < n; ++i) {
    a[i] = 0.1;
    b[i] = 0.2;
    c[i] = 0.0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"stream_triad_reference: the best of --repeats plain OpenMP triads a = b + s*c over the arrays mem_omp "
               "uses for the same --size (same element count; no gather index), after one untimed triad; prints the "
               "best GB/s on stdout",
               "stream_triad_reference"};
  std::string size_text;
  int workers = 1;
  int repeats = 10;
  std::uint64_t elements = 0;
  CLI::Option* size = app.add_option("--size", size_text, "Bytes as mem_omp's --size (512M, 2G, ...; default: "
                                                          "mem_omp's, 4x the last-level cache)")->type_name("BYTES");
  app.add_option("--workers", workers, "OpenMP threads")->transform(bb::decimal())->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--repeats", repeats, "Timed triads; the best counts")->transform(bb::decimal())
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  if (auto code = bb::parse_command_line(app, argc, argv, true, [&] {
        std::optional<std::uint64_t> requested;
        if (size->count() > 0) requested = bb::mem::parse_size_bytes(size_text);
        const bb::mem::SizeChoice choice = bb::mem::choose_footprint(
            requested, {.llc_bytes = bb::mem::last_level_cache_bytes(), .available_bytes = bb::available_memory_bytes(),
                        .workers_per_rank = workers});
        elements = choice.footprint.elements;
        if (!choice.note.empty()) std::fprintf(stderr, "stream_triad_reference: %s\n", choice.note.c_str());
      })) {
    return *code;
  }
  bb::mem::AlignedArray<double> a(elements);
  bb::mem::AlignedArray<double> b(elements);
  bb::mem::AlignedArray<double> c(elements);
  fill(a.data(), b.data(), c.data(), elements, workers);
  triad(a.data(), b.data(), c.data(), 0.4, elements, workers);
  double best = std::numeric_limits<double>::max();
  for (int repeat = 0; repeat < repeats; ++repeat) {
    const bb::Stopwatch wall;
    triad(a.data(), b.data(), c.data(), 0.4, elements, workers);
    best = std::min(best, wall.seconds());
  }
  const double gb_per_s = 3.0 * sizeof(double) * static_cast<double>(elements) / best / 1e9;
  // Reading a result keeps the compiler from dropping the loops as stores nobody reads.
  std::fprintf(stderr, "stream_triad_reference: best of %d triads over 3 arrays of %llu elements (%s each), %d "
                       "thread(s): %.4g GB/s (a[0] = %g)\n",
               repeats, static_cast<unsigned long long>(elements),
               bb::human_bytes(static_cast<double>(elements) * sizeof(double)).c_str(), workers, gb_per_s, a[0]);
  std::printf("%.6g\n", gb_per_s);
  return 0;
}
