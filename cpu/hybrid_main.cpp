// cpu_hybrid: MPI ranks x OpenMP threads, the usual cluster layout; workers = ranks x threads.
#include "cli.hpp"
#include "exit_codes.hpp"
#include "cpu_options.hpp"
#include "cpu_report.hpp"
#include "distributed_run.hpp"
#include "omp_runner.hpp"

int main(int argc, char** argv) {
  // Threads of one rank take tasks from the shared counter one at a time: SERIALIZED suffices.
  bb::cpu::MpiSession session(argc, argv, MPI_THREAD_SERIALIZED);
  CLI::App app{"cpu_hybrid: run the CPU-bound kernel's tasks on MPI ranks x OpenMP threads; "
               "launch with mpirun -np RANKS, --workers sets threads per rank",
               "cpu_hybrid"};
  bb::CommonOptions common;
  bb::cpu::CpuOptions cpu;
  bb::add_common_options(app, common);
  bb::cpu::add_tasks_option(app, cpu);
  bb::cpu::add_workers_option(app, cpu, "OpenMP threads per rank (the CSV's workers column is ranks x threads)");
  bb::cpu::add_schedule_option(app, cpu,
                               "static: each rank takes a block and splits it among its threads; dynamic: every "
                               "thread of every rank takes the next task from a shared counter");
  if (auto code = bb::cpu::parse_on_all_ranks(app, argc, argv, session, [&] {
        bb::cpu::finish_cpu_options(cpu, session.size() * cpu.workers);
        bb::validate_params(common.params, bb::cpu::cpu_columns());
      })) {
    return *code;
  }
  if (cpu.schedule == "dynamic" && !bb::cpu::one_sided_windows_available(MPI_COMM_WORLD, "cpu_hybrid")) {
    return bb::kExitFailed;
  }

  if (session.is_root()) bb::cpu::warn_if_threads_exceed_affinity("cpu_hybrid", cpu.workers);
  bb::cpu::CpuReporter reporter({.impl = "cpu_hybrid",
                                 .ranks = session.size(),
                                 .threads = cpu.workers,
                                 .schedule = cpu.schedule,
                                 .tasks_spec = cpu.tasks_spec,
                                 .openmp_version = bb::cpu::openmp_version(),
                                 .mpi_version = bb::cpu::mpi_library_version()},
                                cpu.tasks);
  const bb::cpu::RankComputer computer{
      [&](const std::vector<std::size_t>& block, std::vector<mpz_class>& results) {
        return bb::cpu::RankWork{
            bb::cpu::compute_with_openmp(cpu.tasks, block, cpu.workers, "static", nullptr, results), block};
      },
      [&](const std::function<std::size_t()>& next_index, std::vector<mpz_class>& results) {
        bb::cpu::RankWork work;
        work.busy_s = bb::cpu::compute_pulling(cpu.tasks, cpu.workers, next_index, results, work.done);
        return work;
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
