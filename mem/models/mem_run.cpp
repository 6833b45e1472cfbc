// One run: starting values, then per kernel a timed pass, the test hook and the untimed check; rows and lines on the root.
#include "mem_run.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "available_memory.hpp"
#include "exit_codes.hpp"
#include "mem_report.hpp"
#include "openmp_info.hpp"
#include "progress_line.hpp"
#include "stats.hpp"
#include "stream_kernels.hpp"

namespace bb::mem {

namespace {

// Fixed, so a rerun gathers in the same order; each rank adds its number for a permutation of its own.
constexpr std::uint64_t kPermutationSeed = 20261130;

struct Failure {
  Kernel kernel;
  std::string run;  // "repeat 3", "warm-up 1"
  Mismatch mismatch;
};

class PassRunner {
 public:
  PassRunner(const MemProgram& program, const MemOptions& options, RankGroup& group, StreamArrays& arrays,
              std::string label)
      : program_(program), options_(options), group_(group), arrays_(arrays), label_(std::move(label)) {}

  // Every kernel once, from the starting values.
  std::vector<PassResult> run(const std::string& name) {
    arrays_.initialise();
    // Reading the starting values back checks them, and leaves the cache holding clean lines, as a plain STREAM
    // loop finds it: without it the first pass would also pay for writing back what initialise() left dirty.
    char array = 'a';
    if (const auto wrong = verify_start(arrays_, array)) {
      throw std::runtime_error("the arrays did not take their starting values: " + std::string(1, array) + "[" +
                               std::to_string(wrong->element) + "] is " + std::to_string(wrong->value) +
                               ", expected " + std::to_string(wrong->expected));
    }
    std::optional<ProgressLine> progress;
    if (group_.is_root()) progress.emplace(label_, options_.kernels.size(), "kernel passes");
    Gold gold;
    std::vector<PassResult> passes;
    for (const Kernel kernel : options_.kernels) {
      const double wall_s = group_.time_pass([&] { run_pass(kernel, arrays_); });
      gold.apply(kernel);
      if (program_.tamper != nullptr) program_.tamper(kernel, arrays_);
      const std::optional<Mismatch> mismatch = group_.first_mismatch(verify_pass(kernel, arrays_, gold));
      ++passes_run_;
      if (mismatch) {
        ++passes_failed_;
        if (!first_failure_) first_failure_ = Failure{kernel, name, *mismatch};
      }
      passes.push_back({kernel, wall_s, !mismatch});
      if (progress) {
        progress->count(mismatch.has_value());
        progress->draw_if_due();
      }
    }
    return passes;
  }

  bool passed() const { return passes_failed_ == 0; }

  // The closing line: every pass verified, with the sizes, or the first mismatch.
  void print_verdict(const MemSetup& setup) const {
    const char* program = program_.name.c_str();
    if (first_failure_) {
      const Failure& failure = *first_failure_;
      std::fprintf(stderr,
                   "%s: verification FAILED: %s, %s: %s[%llu] is %.17g, expected %.17g (relative tolerance %g); "
                   "%d of %d kernel passes failed\n",
                   program, kernel_name(failure.kernel).c_str(), failure.run.c_str(), output_name(failure.kernel),
                   static_cast<unsigned long long>(failure.mismatch.element), failure.mismatch.value,
                   failure.mismatch.expected, kTolerance, passes_failed_, passes_run_);
      return;
    }
    const Footprint& footprint = setup.footprint;
    std::fprintf(stderr,
                 "%s: all %d kernel passes verified against the closed form; %llu elements: 3 arrays of %s and a "
                 "%u-byte index, %s in all; last-level cache %s\n",
                 program, passes_run_, static_cast<unsigned long long>(footprint.elements),
                 human_bytes(static_cast<double>(footprint.array_bytes())).c_str(), footprint.index_bytes,
                 human_bytes(static_cast<double>(footprint.size_bytes())).c_str(),
                 setup.llc_bytes > 0 ? human_bytes(static_cast<double>(setup.llc_bytes)).c_str() : "unknown");
  }

 private:
  const MemProgram& program_;
  const MemOptions& options_;
  RankGroup& group_;
  StreamArrays& arrays_;
  std::string label_;
  int passes_run_ = 0;
  int passes_failed_ = 0;
  std::optional<Failure> first_failure_;
};

// Median bandwidth of each kernel over the repeats (and the gather's latency), one line.
void print_summary(const std::string& label, const MemSetup& setup, const std::vector<std::vector<PassResult>>& runs) {
  std::vector<PassResult> medians;
  for (std::size_t k = 0; k < runs.front().size(); ++k) {
    std::vector<double> walls;
    for (const auto& passes : runs) walls.push_back(passes[k].wall_s);
    medians.push_back({runs.front()[k].kernel, summarize(walls).median, true});
  }
  std::fprintf(stderr, "%s: median over %zu repeats: %s\n", label.c_str(), runs.size(),
               passes_text(setup.footprint, medians).c_str());
}

}  // namespace

int run_passes(const MemProgram& program, const CommonOptions& common, const MemOptions& options, RankGroup& group) {
  const bool openmp = runs_openmp(program.launch);
  const int threads = openmp ? options.workers : 1;
  const MemSetup setup{.impl = program.name,
                       .ranks = group.size(),
                       .threads = threads,
                       .footprint = options.footprint,
                       .llc_bytes = options.llc_bytes,
                       .omp_proc_bind = omp_proc_bind_name(),
                       .omp_places = omp_places_setting(),
                       .mpi_bind = group.mpi_binding(),
                       .openmp_version = openmp ? openmp_version() : "none",
                       .mpi_version = group.mpi_version()};
  if (common.header_only) {
    if (group.is_root()) print_csv_header(std::cout, mem_columns(), common.params);
    return kExitOk;
  }
  if (openmp && group.is_root()) warn_if_threads_exceed_affinity(program.name, threads);
  const std::string label = mem_label(setup);

  StreamArrays arrays(rank_share(options.footprint.elements, group.rank(), group.size()), options.footprint.elements,
                      options.footprint.index_bytes, threads);
  if (std::find(options.kernels.begin(), options.kernels.end(), Kernel::gather) != options.kernels.end()) {
    arrays.shuffle_index(kPermutationSeed + static_cast<std::uint64_t>(group.rank()));
  }
  PassRunner measurement(program, options, group, arrays, label);
  for (int i = 0; i < common.warmup; ++i) {
    const std::vector<PassResult> passes = measurement.run("warm-up " + std::to_string(i + 1));
    if (group.is_root()) {
      std::fprintf(stderr, "%s: warm-up %d/%d %s\n", label.c_str(), i + 1, common.warmup,
                   passes_text(setup.footprint, passes).c_str());
    }
  }
  std::vector<std::vector<PassResult>> runs;
  for (int repeat = 0; repeat < common.repeats; ++repeat) {
    const std::vector<PassResult> passes = measurement.run("repeat " + std::to_string(repeat));
    if (!group.is_root()) continue;
    runs.push_back(passes);
    // The header goes out with the first row, so a run that ends before any row leaves no bare header.
    if (common.csv && repeat == 0) print_csv_header(std::cout, mem_columns(), common.params);
    const bool verified =
        std::all_of(passes.begin(), passes.end(), [](const PassResult& pass) { return pass.verified; });
    if (common.csv) {
      for (const PassResult& pass : passes) print_csv_row(std::cout, mem_row(setup, repeat, pass), common.params);
    }
    std::fprintf(stderr, "%s: repeat %d/%d %s%s\n", label.c_str(), repeat + 1, common.repeats,
                 passes_text(setup.footprint, passes).c_str(), verified ? "" : "  FAILED");
  }
  if (group.is_root()) {
    print_summary(label, setup, runs);
    measurement.print_verdict(setup);
  }
  return measurement.passed() ? kExitOk : kExitFailed;
}

}  // namespace bb::mem
