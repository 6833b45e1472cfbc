// cpu_mpi: the kernel's tasks shared among MPI ranks (processes), exact results gathered to rank 0.
#include "clock.hpp"
#include "cli.hpp"
#include "exit_codes.hpp"
#include "cpu_options.hpp"
#include "cpu_report.hpp"
#include "distributed_run.hpp"
#include "kernel.hpp"

namespace {

bb::cpu::RankWork compute_serially(const std::function<std::size_t()>& next_index, const std::vector<unsigned>& tasks,
                                   std::vector<mpz_class>& results) {
  bb::cpu::RankWork work{{0.0}, {}};
  for (std::size_t index = next_index(); index < tasks.size(); index = next_index()) {
    bb::Stopwatch task_clock;
    results[index] = bb::cpu::cpu_bound_product(tasks[index]);
    work.busy_s[0] += task_clock.seconds();
    work.done.push_back(index);
  }
  return work;
}

}  // namespace

int main(int argc, char** argv) {
  bb::cpu::MpiSession session(argc, argv, MPI_THREAD_SINGLE);
  CLI::App app{"cpu_mpi: run the CPU-bound kernel's tasks on MPI ranks (separate processes); "
               "launch with mpirun -np RANKS",
               "cpu_mpi"};
  bb::CommonOptions common;
  bb::cpu::CpuOptions cpu;
  bb::add_common_options(app, common);
  bb::cpu::add_tasks_option(app, cpu);
  bb::cpu::add_schedule_option(app, cpu,
                               "How tasks go to ranks: static blocks, or dynamic (every rank, rank 0 included, "
                               "takes the next task from a shared counter)");
  if (auto code = bb::cpu::parse_on_all_ranks(app, argc, argv, session, [&] {
        bb::cpu::finish_cpu_options(cpu, session.size());
        bb::validate_params(common.params, bb::cpu::cpu_columns());
      })) {
    return *code;
  }
  if (cpu.schedule == "dynamic" && !bb::cpu::one_sided_windows_available(MPI_COMM_WORLD, "cpu_mpi")) {
    return bb::kExitFailed;
  }

  bb::cpu::CpuReporter reporter({.impl = "cpu_mpi",
                                 .ranks = session.size(),
                                 .schedule = cpu.schedule,
                                 .tasks_spec = cpu.tasks_spec,
                                 .mpi_version = bb::cpu::mpi_library_version()},
                                cpu.tasks);
  const bb::cpu::RankComputer computer{
      [&](const std::vector<std::size_t>& block, std::vector<mpz_class>& results) {
        std::size_t position = 0;
        return compute_serially([&] { return position < block.size() ? block[position++] : cpu.tasks.size(); },
                                cpu.tasks, results);
      },
      [&](const std::function<std::size_t()>& next_index, std::vector<mpz_class>& results) {
        return compute_serially(next_index, cpu.tasks, results);
      }};

  const int code = bb::run_repeats(
      common, {reporter.label(), &bb::cpu::cpu_columns(), session.is_root()}, [&](int repeat, bool) {
        std::vector<mpz_class> results(cpu.tasks.size());
        const bb::cpu::CpuTiming timing = bb::cpu::run_distributed(cpu.tasks, cpu.schedule, computer, results);
        if (!session.is_root()) return bb::Measurement{bb::CsvRow(bb::cpu::cpu_columns()), timing.wall_s, true};
        return reporter.measure(repeat, timing, results);
      });
  if (session.is_root()) reporter.print_verdict();
  return code;
}
