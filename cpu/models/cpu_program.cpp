// run_cpu_program: the one error boundary around options, the process group, the repeats and the verdict.
#include "cpu_program.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>

#include "cli.hpp"
#include "error_boundary.hpp"
#include "cpu_options.hpp"
#include "cpu_report.hpp"
#include "exit_codes.hpp"
#include "model_description.hpp"
#include "openmp_info.hpp"
#include "output_check.hpp"
#include "process_group.hpp"

namespace bb::cpu {

namespace {

ModelDescription description_of(const CpuProgram& program) {
  return {.name = program.name,
          .suite = "cpu",
          .kind = kind_of(program.launch),
          .launch = launch_name(program.launch),
          .sequential = program.launch == Launch::none,
          .default_workers = program.default_workers,
          .workers = program.workers,
          .description = program.description};
}

// Warm-up and repeats over the parsed options; rows and the verdict come from the root alone.
int measure(const CpuProgram& program, const CommonOptions& common, const CpuOptions& cpu, ProcessGroup& group) {
  const int threads = runs_openmp(program.launch) ? cpu.workers : 1;
  if (runs_openmp(program.launch) && group.is_root()) warn_if_threads_exceed_affinity(program.name, threads);
  CpuReporter reporter({.impl = program.name,
                        .ranks = group.size(),
                        .threads = threads,
                        .schedule = cpu.schedule,
                        .gil_ms = cpu.gil_ms,
                        .tasks_spec = cpu.tasks_spec,
                        .openmp_version = runs_openmp(program.launch) ? openmp_version() : "none",
                        .mpi_version = group.mpi_version()},
                       cpu.tasks);
  const int code = run_repeats(common, {reporter.label(), &cpu_columns(), group.is_root()}, [&](int repeat, bool) {
    std::vector<mpz_class> results(cpu.tasks.size());
    std::optional<InterpreterLock> gil;
    if (cpu.gil_ms > 0) gil.emplace(std::chrono::milliseconds(cpu.gil_ms));
    // Only a single process sees every task end; under MPI each rank would report a share.
    std::optional<ProgressLine> progress;
    if (group.size() == 1) progress.emplace(reporter.label(), cpu.tasks.size(), "tasks");
    const CpuTiming timing = group.run(
        {cpu.tasks, program.kernel, cpu.schedule, threads, gil ? &*gil : nullptr, progress ? &*progress : nullptr},
        results);
    if (!group.is_root()) return Measurement{CsvRow(cpu_columns()), timing.wall_s, true};
    return reporter.measure(repeat, timing, results);
  });
  if (group.is_root()) reporter.print_verdict();
  return code;
}

int run(int argc, char** argv, const CpuProgram& program, std::unique_ptr<ProcessGroup>& group) {
  CLI::App app{program.description, program.name};
  CommonOptions common;
  CpuOptions cpu;
  add_common_options(app, common);
  add_cpu_options(app, cpu, program);
  if (describe_requested(argc, argv)) {
    std::cout << describe_json(description_of(program), app, cpu_columns()) << '\n';
    return kExitOk;
  }
  group = join_process_group(program.launch, argc, argv);
  if (auto code = group->parse(app, argc, argv, [&] {
        finish_cpu_options(cpu, program, group->size());
        validate_params(common.params, cpu_columns());
      })) {
    return *code;
  }
  if (cpu.schedule == Schedule::dynamic && !group->can_share_a_counter(program.name)) return kExitFailed;
  return measure(program, common, cpu, *group);
}

}  // namespace

int run_cpu_program(int argc, char** argv, const CpuProgram& program) {
  return run_within_error_boundary<ProcessGroup>(
      program.name, [&](std::unique_ptr<ProcessGroup>& group) { return run(argc, argv, program, group); });
}

}  // namespace bb::cpu
