// One process: a static block per thread or an atomic counter, timed around the task loop.
#include "single_process.hpp"

#include <algorithm>
#include <numeric>

#include "cli.hpp"
#include "clock.hpp"
#include "task_loop.hpp"

namespace bb::cpu {

std::optional<int> SingleProcess::parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) {
  return parse_command_line(app, argc, argv, true, validate);
}

CpuTiming SingleProcess::run(const RunRequest& request, std::vector<mpz_class>& results) {
  std::vector<std::size_t> all(request.tasks.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  BlockFeed blocks(std::move(all), request.threads);
  CounterFeed counter(request.tasks.size());
  TaskFeed& feed = request.schedule == Schedule::dynamic ? static_cast<TaskFeed&>(counter) : blocks;

  const Stopwatch wall;
  const WorkerTally tally = run_task_loop(request.tasks, request.kernel, feed, request.threads, request.gil, results,
                                          request.progress);
  CpuTiming timing;
  timing.wall_s = wall.seconds();
  timing.compute_s = *std::max_element(tally.busy_s.begin(), tally.busy_s.end());
  timing.imbalance = imbalance_of(tally.busy_s);
  return timing;
}

}  // namespace bb::cpu
