// cpu_seq: the baseline, every task in order on one thread (the seed's plain loop).
#include <iostream>

#include "cli.hpp"
#include "clock.hpp"
#include "cpu_options.hpp"
#include "cpu_report.hpp"
#include "kernel.hpp"

int main(int argc, char** argv) {
  CLI::App app{"cpu_seq: run the CPU-bound kernel sequentially (the baseline every model is compared to)",
               "cpu_seq"};
  bb::CommonOptions common;
  bb::cpu::CpuOptions cpu;
  bb::add_common_options(app, common);
  bb::cpu::add_tasks_option(app, cpu);
  if (auto code = bb::parse_command_line(app, argc, argv, true, [&] {
        bb::cpu::finish_cpu_options(cpu, 1);
        bb::validate_params(common.params, bb::cpu::cpu_columns());
      })) {
    return *code;
  }

  bb::cpu::CpuReporter reporter({.impl = "cpu_seq", .tasks_spec = cpu.tasks_spec}, cpu.tasks);
  const int code = bb::run_repeats(common, {reporter.label(), &bb::cpu::cpu_columns(), true}, [&](int repeat, bool) {
    std::vector<mpz_class> results(cpu.tasks.size());
    bb::Stopwatch wall;
    for (std::size_t i = 0; i < cpu.tasks.size(); ++i) results[i] = bb::cpu::cpu_bound_product(cpu.tasks[i]);
    const double wall_s = wall.seconds();
    return reporter.measure(repeat, {.wall_s = wall_s, .compute_s = wall_s}, results);
  });
  reporter.print_verdict();
  return code;
}
