// Runs kernel tasks on OpenMP threads (cpu_omp, and each rank of cpu_hybrid).
#include "omp_runner.hpp"

#include <omp.h>
#include <sched.h>

#include <cstdio>

#include "clock.hpp"
#include "kernel.hpp"

namespace bb::cpu {

namespace {

mpz_class run_task(unsigned num, InterpreterLock* gil) {
  if (gil == nullptr) return cpu_bound_product(num);
  gil->acquire();
  mpz_class result = cpu_bound_product(num, gil);
  gil->release();
  return result;
}

}  // namespace

std::vector<double> compute_with_openmp(const std::vector<unsigned>& tasks, const std::vector<std::size_t>& indices,
                                        int threads, const std::string& schedule, InterpreterLock* gil,
                                        std::vector<mpz_class>& results) {
  std::vector<double> busy(static_cast<std::size_t>(threads), 0.0);
  // chunk 0 = OpenMP's default static blocks; chunk 1 = one task at a time for dynamic.
  if (schedule == "dynamic") {
    omp_set_schedule(omp_sched_dynamic, 1);
  } else {
    omp_set_schedule(omp_sched_static, 0);
  }
  const auto count = static_cast<long>(indices.size());
#pragma omp parallel num_threads(threads)
  {
    double my_busy = 0;
#pragma omp for schedule(runtime) nowait
    for (long position = 0; position < count; ++position) {
      const std::size_t index = indices[static_cast<std::size_t>(position)];
      Stopwatch task_clock;
      results[index] = run_task(tasks[index], gil);
      my_busy += task_clock.seconds();
    }
    busy[static_cast<std::size_t>(omp_get_thread_num())] = my_busy;
  }
  return busy;
}

std::vector<double> compute_pulling(const std::vector<unsigned>& tasks, int threads,
                                    const std::function<std::size_t()>& next_index,
                                    std::vector<mpz_class>& results, std::vector<std::size_t>& done) {
  std::vector<double> busy(static_cast<std::size_t>(threads), 0.0);
#pragma omp parallel num_threads(threads)
  {
    double my_busy = 0;
    std::vector<std::size_t> mine;
    while (true) {
      std::size_t index = 0;
#pragma omp critical(bb_next_task)
      index = next_index();
      if (index >= tasks.size()) break;
      Stopwatch task_clock;
      results[index] = cpu_bound_product(tasks[index]);
      my_busy += task_clock.seconds();
      mine.push_back(index);
    }
    busy[static_cast<std::size_t>(omp_get_thread_num())] = my_busy;
#pragma omp critical(bb_done_list)
    done.insert(done.end(), mine.begin(), mine.end());
  }
  return busy;
}

void warn_if_threads_exceed_affinity(const std::string& program, int threads) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  const int cpus = CPU_COUNT(&allowed);
  if (cpus < threads) {
    std::fprintf(stderr,
                 "%s: warning: %d threads but this process may run on %d CPU(s); threads will share cores "
                 "(under mpirun, launch with --bind-to none or --map-by slot:PE=%d)\n",
                 program.c_str(), threads, cpus, threads);
  }
}

std::string openmp_version() {
  switch (_OPENMP) {
    case 201511: return "OpenMP 4.5";
    case 201811: return "OpenMP 5.0";
    case 202011: return "OpenMP 5.1";
    case 202111: return "OpenMP 5.2";
    default: return "OpenMP " + std::to_string(_OPENMP);
  }
}

}  // namespace bb::cpu
