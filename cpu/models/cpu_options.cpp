// Declares the CPU options per launch kind and checks them after parsing.
#include "cpu_options.hpp"

#include "cli.hpp"
#include "sizing.hpp"
#include "task_spec.hpp"
#include "usage_error.hpp"

namespace bb::cpu {

namespace {

std::string schedule_help(Launch launch) {
  switch (launch) {
    case Launch::mpi:
      return "How tasks go to ranks: static blocks, or dynamic (every rank, rank 0 included, takes the next task "
             "from a shared counter)";
    case Launch::mpi_openmp:
      return "static: each rank takes a block and splits it among its threads; dynamic: every thread of every "
             "rank takes the next task from a shared counter";
    default:
      return "How tasks go to threads: static blocks, or dynamic (next free thread takes the next task)";
  }
}

// Models with one worker per process take --workers 1 and refuse more, as io_seq does.
void check_workers(const CpuOptions& options, const CpuProgram& program) {
  if (runs_openmp(program.launch) || options.workers == 1) return;
  if (program.launch == Launch::mpi) {
    throw UsageError("--workers", program.name + " runs one task at a time on each rank; start more ranks with "
                                                 "mpirun -np N, or use a model with threads per rank");
  }
  throw UsageError("--workers", program.name + " runs one task at a time; use a threaded or MPI model for more "
                                               "workers");
}

}  // namespace

void add_cpu_options(CLI::App& app, CpuOptions& options, const CpuProgram& program) {
  app.add_option("--tasks", options.tasks_spec,
                 "Task list: NUM or NUMxCOUNT items, comma-separated (30x100 = the seed's [30]*100; "
                 "50,63,32 = its uneven list)")
      ->type_name("SPEC")
      ->capture_default_str();
  options.workers = program.default_workers;
  app.add_option("--workers", options.workers, program.workers)
      ->transform(decimal())
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  if (program.launch != Launch::none) {
    app.add_option("--schedule", options.schedule_text, schedule_help(program.launch))
        ->check(CLI::IsMember({"static", "dynamic"}))
        ->capture_default_str();
  }
  if (program.launch == Launch::openmp) {
    app.add_flag("--gil{5}", options.gil_ms,
                 "Emulate CPython's interpreter lock: threads take turns, switching every MS milliseconds "
                 "(--gil alone = 5 ms, CPython's default switch interval; write --gil=MS for another)")
        ->type_name("[=MS]")
        ->transform(decimal())
        ->check(CLI::Range(1, 10000))
        ->multi_option_policy(CLI::MultiOptionPolicy::Throw);
  }
}

void finish_cpu_options(CpuOptions& options, const CpuProgram& program, int processes) {
  options.tasks = parse_task_spec(options.tasks_spec);
  check_workers(options, program);
  options.schedule = program.launch == Launch::none ? Schedule::none : parse_schedule(options.schedule_text);
  check_task_sizes(options.tasks, processes * options.workers);
}

}  // namespace bb::cpu
