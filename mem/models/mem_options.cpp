// Declares the memory options per launch kind and checks them after parsing, sizing the arrays against the machine.
#include "mem_options.hpp"

#include <optional>

#include "available_memory.hpp"
#include "cli.hpp"
#include "usage_error.hpp"

namespace bb::mem {

namespace {

// Models with one thread per process take --workers 1 and refuse more, as cpu_seq and cpu_mpi do.
void check_workers(const MemOptions& options, const MemProgram& program) {
  if (runs_openmp(program.launch) || options.workers == 1) return;
  if (program.launch == Launch::mpi) {
    throw UsageError("--workers", program.name + " runs one thread on each rank; start more ranks with mpirun -np N, "
                                                 "or use a model with threads per rank");
  }
  throw UsageError("--workers", program.name + " runs on one thread; use a threaded or MPI model for more workers");
}

}  // namespace

void add_mem_options(CLI::App& app, MemOptions& options, const MemProgram& program) {
  options.workers = program.default_workers;
  app.add_option("--workers", options.workers, program.workers)
      ->transform(decimal())
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--kernel", options.kernel_text,
                 "Kernels to run, a comma-separated subset of copy,scale,add,triad,gather (they run in that order)")
      ->type_name("LIST")
      ->capture_default_str();
  options.size_option =
      app.add_option("--size", options.size_text,
                     "Bytes of all arrays of the run (a, b, c and the gather index; all ranks together), with an "
                     "optional binary suffix K, M or G, e.g. 512M, 2G (default: 4x the last-level cache, at most "
                     "half the memory available)")
          ->type_name("BYTES");
}

void finish_mem_options(MemOptions& options, const MemProgram& program, int ranks, int ranks_here) {
  check_workers(options, program);
  options.kernels = parse_kernel_list(options.kernel_text);
  std::optional<std::uint64_t> requested;
  if (options.size_option->count() > 0) requested = parse_size_bytes(options.size_text);
  options.llc_bytes = last_level_cache_bytes();
  const SizeChoice choice = choose_footprint(requested, {.llc_bytes = options.llc_bytes,
                                                         .available_bytes = available_memory_bytes(),
                                                         .ranks = ranks,
                                                         .ranks_here = ranks_here,
                                                         .workers_per_rank = options.workers});
  options.footprint = choice.footprint;
  options.size_note = choice.note;
}

}  // namespace bb::mem
