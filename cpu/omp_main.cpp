// cpu_omp: the kernel's tasks shared among OpenMP threads, optionally under an emulated GIL.
#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>

#include "cli.hpp"
#include "clock.hpp"
#include "cpu_options.hpp"
#include "cpu_report.hpp"
#include "omp_runner.hpp"

int main(int argc, char** argv) {
  CLI::App app{"cpu_omp: run the CPU-bound kernel's tasks on OpenMP threads (one shared address space)",
               "cpu_omp"};
  bb::CommonOptions common;
  bb::cpu::CpuOptions cpu;
  bb::add_common_options(app, common);
  bb::cpu::add_tasks_option(app, cpu);
  bb::cpu::add_workers_option(app, cpu, "OpenMP threads");
  bb::cpu::add_schedule_option(app, cpu, "How tasks go to threads: static blocks, or dynamic (next free thread takes the next task)");
  bb::cpu::add_gil_option(app, cpu);
  if (auto code = bb::parse_command_line(app, argc, argv, true, [&] {
        bb::cpu::finish_cpu_options(cpu, cpu.workers);
        bb::validate_params(common.params, bb::cpu::cpu_columns());
      })) {
    return *code;
  }

  bb::cpu::warn_if_threads_exceed_affinity("cpu_omp", cpu.workers);
  bb::cpu::CpuReporter reporter({.impl = "cpu_omp",
                                 .threads = cpu.workers,
                                 .schedule = cpu.schedule,
                                 .gil_ms = cpu.gil_ms,
                                 .tasks_spec = cpu.tasks_spec,
                                 .openmp_version = bb::cpu::openmp_version()},
                                cpu.tasks);
  std::vector<std::size_t> all_tasks(cpu.tasks.size());
  std::iota(all_tasks.begin(), all_tasks.end(), std::size_t{0});

  const int code = bb::run_repeats(common, {reporter.label(), &bb::cpu::cpu_columns(), true}, [&](int repeat, bool) {
    std::vector<mpz_class> results(cpu.tasks.size());
    std::optional<bb::cpu::InterpreterLock> gil;
    if (cpu.gil_ms > 0) gil.emplace(std::chrono::milliseconds(cpu.gil_ms));
    bb::Stopwatch wall;
    const std::vector<double> busy = bb::cpu::compute_with_openmp(cpu.tasks, all_tasks, cpu.workers, cpu.schedule,
                                                                  gil ? &*gil : nullptr, results);
    const double wall_s = wall.seconds();
    return reporter.measure(repeat,
                            {.wall_s = wall_s,
                             .compute_s = *std::max_element(busy.begin(), busy.end()),
                             .imbalance = bb::cpu::imbalance_of(busy)},
                            results);
  });
  reporter.print_verdict();
  return code;
}
