// Counts with relaxed atomics from any thread, redraws in place at most every 200 ms, and erases the line when done.
#include "progress_line.hpp"

#include <unistd.h>

#include <cstdio>
#include <thread>

namespace bb::io {

namespace {
constexpr auto kInterval = std::chrono::milliseconds(200);
}

ProgressLine::ProgressLine(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) == 1),
      next_draw_(std::chrono::steady_clock::now() + kInterval) {}

ProgressLine::~ProgressLine() {
  // Erase the line so the summary lines that follow start clean.
  if (enabled_) std::fputs("\r\033[K", stderr);
}

void ProgressLine::draw_if_due() {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_draw_) return;
  next_draw_ = now + kInterval;
  draw();
}

void ProgressLine::follow_while_active(const std::atomic<std::size_t>& active_workers) {
  if (!enabled_) return;
  while (active_workers.load(std::memory_order_relaxed) > 0) {
    draw();
    std::this_thread::sleep_for(kInterval);
  }
}

void ProgressLine::draw() {
  std::fprintf(stderr, "\r\033[K%s: %zu/%zu requests done, %zu failed", label_.c_str(),
               done_.load(std::memory_order_relaxed), total_, failed_.load(std::memory_order_relaxed));
  std::fflush(stderr);
}

}  // namespace bb::io
