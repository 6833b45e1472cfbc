// Unit tests of the interpreter-lock emulation: mutual exclusion, and hand-over every interval.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "interpreter_lock.hpp"

using namespace std::chrono_literals;

namespace {

// Busy "kernel steps" for a fixed time, checking that nobody else holds the lock meanwhile.
void run_steps(bb::cpu::InterpreterLock& lock, std::atomic<int>& holders, std::atomic<int>& overlaps,
               std::atomic<long>& steps, std::chrono::milliseconds duration) {
  lock.acquire();
  const auto end = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < end) {
    if (holders.fetch_add(1) != 0) overlaps.fetch_add(1);
    steps.fetch_add(1);
    holders.fetch_sub(1);
    lock.between_steps();
  }
  lock.release();
}

}  // namespace

TEST(InterpreterLock, OneHolderAtATimeAndThreadsTakeTurns) {
  bb::cpu::InterpreterLock lock(1ms);
  std::atomic<int> holders{0};
  std::atomic<int> overlaps{0};
  std::vector<std::atomic<long>> steps(3);
  std::vector<std::thread> threads;
  for (auto& count : steps) {
    threads.emplace_back([&] { run_steps(lock, holders, overlaps, count, 60ms); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(overlaps.load(), 0);
  // With a 1 ms interval over 60 ms of work per thread, the lock must change hands many times.
  EXPECT_GE(lock.switches(), 10u);
  for (const auto& count : steps) EXPECT_GT(count.load(), 0);
}

TEST(InterpreterLock, ALoneThreadIsNeverAskedToSwitch) {
  bb::cpu::InterpreterLock lock(1ms);
  std::atomic<int> holders{0};
  std::atomic<int> overlaps{0};
  std::atomic<long> steps{0};
  run_steps(lock, holders, overlaps, steps, 20ms);
  EXPECT_EQ(lock.switches(), 0u);
  EXPECT_GT(steps.load(), 0);
}
