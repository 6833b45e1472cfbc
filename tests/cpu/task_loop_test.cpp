// Unit tests of the one task loop and its feeds: every task computed exactly once, busy time per worker.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <set>
#include <thread>

#include "interpreter_lock.hpp"
#include "kernel.hpp"
#include "task_feed.hpp"
#include "task_loop.hpp"

namespace bb::cpu {
namespace {

std::vector<std::size_t> drain(TaskFeed& feed, int worker) {
  std::vector<std::size_t> taken;
  while (const auto index = feed.next(worker)) taken.push_back(*index);
  return taken;
}

TEST(BlockOf, PartsCoverEveryIndexOnceWithSizesWithinOne) {
  for (std::size_t count : {0u, 1u, 5u, 7u, 100u}) {
    for (int parts : {1, 2, 3, 8}) {
      std::vector<std::size_t> seen;
      std::size_t smallest = count, largest = 0;
      for (int part = 0; part < parts; ++part) {
        const auto block = block_of(count, part, parts);
        smallest = std::min(smallest, block.size());
        largest = std::max(largest, block.size());
        seen.insert(seen.end(), block.begin(), block.end());
      }
      std::vector<std::size_t> expected(count);
      std::iota(expected.begin(), expected.end(), std::size_t{0});
      EXPECT_EQ(seen, expected) << count << " over " << parts;
      EXPECT_LE(largest - smallest, 1u) << count << " over " << parts;
    }
  }
}

TEST(BlockFeed, EachWorkerTakesItsOwnContiguousShareOfTheIndicesGiven) {
  BlockFeed feed({10, 11, 12, 13, 14}, 2);
  EXPECT_EQ(drain(feed, 0), (std::vector<std::size_t>{10, 11}));
  EXPECT_EQ(drain(feed, 1), (std::vector<std::size_t>{12, 13, 14}));
  EXPECT_FALSE(feed.next(0).has_value());
}

TEST(CounterFeed, ThreadsTakeEveryIndexExactlyOnce) {
  CounterFeed feed(10000);
  std::vector<std::vector<std::size_t>> taken(4);
  std::vector<std::thread> threads;
  for (int worker = 0; worker < 4; ++worker) {
    threads.emplace_back([&, worker] { taken[static_cast<std::size_t>(worker)] = drain(feed, worker); });
  }
  for (auto& thread : threads) thread.join();
  std::multiset<std::size_t> all;
  for (const auto& part : taken) all.insert(part.begin(), part.end());
  ASSERT_EQ(all.size(), 10000u);
  EXPECT_EQ(std::set<std::size_t>(all.begin(), all.end()).size(), 10000u);
}

TEST(SharedCounterFeed, StopsAtTheTaskCountWhateverTheCounterSays) {
  std::size_t counter = 0;
  SharedCounterFeed feed([&] { return counter++; }, 3);
  EXPECT_EQ(drain(feed, 0), (std::vector<std::size_t>{0, 1, 2}));
}

class TaskLoop : public ::testing::TestWithParam<int> {};

TEST_P(TaskLoop, ComputesEveryResultOnceAndAccountsEachWorkersBusyTime) {
  const int workers = GetParam();
  const std::vector<unsigned> tasks = {9, 12, 5, 30, 2, 17, 9};
  for (bool dynamic : {false, true}) {
    std::vector<std::size_t> all(tasks.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    BlockFeed blocks(all, workers);
    CounterFeed counter(tasks.size());
    TaskFeed& feed = dynamic ? static_cast<TaskFeed&>(counter) : blocks;
    std::vector<mpz_class> results(tasks.size());
    const WorkerTally tally = run_task_loop(tasks, cpu_bound_product, feed, workers, nullptr, results);
    for (std::size_t i = 0; i < tasks.size(); ++i) EXPECT_EQ(results[i], cpu_bound_product(tasks[i])) << i;
    std::vector<std::size_t> done = tally.done;
    std::sort(done.begin(), done.end());
    EXPECT_EQ(done, all);
    ASSERT_EQ(tally.busy_s.size(), static_cast<std::size_t>(workers));
    EXPECT_GT(std::accumulate(tally.busy_s.begin(), tally.busy_s.end(), 0.0), 0.0);
  }
}

TEST_P(TaskLoop, UnderTheInterpreterLockResultsStayExact) {
  const int workers = GetParam();
  const std::vector<unsigned> tasks(6, 30);
  CounterFeed feed(tasks.size());
  InterpreterLock gil(std::chrono::milliseconds(1));
  std::vector<mpz_class> results(tasks.size());
  run_task_loop(tasks, cpu_bound_product, feed, workers, &gil, results);
  for (const auto& result : results) EXPECT_EQ(result, cpu_bound_product(30));
}

mpz_class seven(unsigned, StepHook*) { return 7; }

TEST(TaskLoopKernel, RunsTheKernelItIsGiven) {
  const std::vector<unsigned> tasks = {3, 4};
  CounterFeed feed(tasks.size());
  std::vector<mpz_class> results(tasks.size());
  run_task_loop(tasks, seven, feed, 2, nullptr, results);
  EXPECT_EQ(results, (std::vector<mpz_class>{7, 7}));
}

INSTANTIATE_TEST_SUITE_P(Workers, TaskLoop, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace bb::cpu
