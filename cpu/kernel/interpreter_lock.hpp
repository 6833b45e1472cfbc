// Emulation of CPython's global interpreter lock (the "new GIL" of 3.2+) for cpu_omp --gil.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "kernel.hpp"

namespace bb::cpu {

// A thread must hold the lock to run kernel steps. A waiting thread that sees no switch
// within the interval asks the holder to drop it; the holder drops at its next step and
// waits until another thread has taken it (CPython's forced switching), so threads
// interleave every interval instead of running in parallel.
class InterpreterLock : public StepHook {
 public:
  explicit InterpreterLock(std::chrono::microseconds switch_interval) : interval_(switch_interval) {}

  void acquire();
  void release();
  void between_steps() override;  // the holder's check, CPython's eval-breaker

  std::uint64_t switches() const { return switch_count_.load(); }

 private:
  void release_locked(std::unique_lock<std::mutex>& guard);
  void acquire_locked(std::unique_lock<std::mutex>& guard);

  const std::chrono::microseconds interval_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  std::uint64_t switch_number_ = 0;            // bumped on each acquisition
  std::atomic<bool> drop_request_{false};      // read lock-free on every kernel step
  std::atomic<std::uint64_t> switch_count_{0};
};

}  // namespace bb::cpu
