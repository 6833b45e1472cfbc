// Declares ProgressLine: how far a long run is (done/total, failures, rate, ETA), live on a terminal, every few seconds in a log.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace bb {

class ProgressLine {
 public:
  // `unit` names what is counted, e.g. "requests" or "tasks".
  ProgressLine(std::string label, std::size_t total, std::string unit);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Any thread: one more item ended.
  void count(bool failed) {
    done_.fetch_add(1, std::memory_order_relaxed);
    if (failed) failed_.fetch_add(1, std::memory_order_relaxed);
  }

  // Any thread: reports when the last report is old enough. Cheap when not due, and a thread that
  // finds another one reporting goes on without waiting.
  void draw_if_due();

 private:
  void draw();

  std::string label_;
  std::size_t total_;
  std::string unit_;
  bool terminal_;  // redrawn in place; otherwise (a sweep's log) one full line per interval
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point started_;
  std::mutex drawing_;
  std::atomic<std::chrono::steady_clock::rep> next_draw_;  // ticks of steady_clock
  bool drawn_ = false;  // under drawing_
  std::atomic<std::size_t> done_{0};
  std::atomic<std::size_t> failed_{0};
};

}  // namespace bb
