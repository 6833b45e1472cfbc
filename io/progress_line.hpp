// Declares ProgressLine: a live "done/total, failed" line on stderr while requests run, drawn only on a terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

namespace bb::io {

class ProgressLine {
 public:
  ProgressLine(std::string label, std::size_t total);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Any thread: one more request ended.
  void count(bool failed) {
    done_.fetch_add(1, std::memory_order_relaxed);
    if (failed) failed_.fetch_add(1, std::memory_order_relaxed);
  }

  // The drawing thread only: redraws when the last draw is old enough. Cheap when not due.
  void draw_if_due();

  // The drawing thread only, while worker threads count: redraws until no worker is left.
  // Returns at once when nothing is drawn (stderr is not a terminal).
  void follow_while_active(const std::atomic<std::size_t>& active_workers);

 private:
  void draw();

  std::string label_;
  std::size_t total_;
  bool enabled_;
  std::atomic<std::size_t> done_{0};
  std::atomic<std::size_t> failed_{0};
  std::chrono::steady_clock::time_point next_draw_;
};

}  // namespace bb::io
