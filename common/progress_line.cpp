// Counts with relaxed atomics from any thread; one thread at a time redraws (200 ms, terminal) or logs a line (5 s).
#include "progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace bb {

namespace {

constexpr auto kTerminalInterval = std::chrono::milliseconds(200);
// A sweep sends stderr to a log and shows its last line: often enough to follow, rare enough to read.
constexpr auto kLogInterval = std::chrono::seconds(5);

std::string eta_text(double seconds) {
  if (seconds < 0) return "?";
  const auto whole = static_cast<long long>(seconds + 0.5);
  if (whole < 60) return std::to_string(whole) + " s";
  return std::to_string(whole / 60) + "m" + std::to_string(whole % 60) + "s";
}

}  // namespace

ProgressLine::ProgressLine(std::string label, std::size_t total, std::string unit)
    : label_(std::move(label)), total_(total), unit_(std::move(unit)), terminal_(isatty(STDERR_FILENO) == 1),
      interval_(terminal_ ? std::chrono::steady_clock::duration(kTerminalInterval)
                          : std::chrono::steady_clock::duration(kLogInterval)),
      started_(std::chrono::steady_clock::now()), next_draw_((started_ + interval_).time_since_epoch().count()) {}

ProgressLine::~ProgressLine() {
  // Erase the line so the summary lines that follow start clean.
  if (terminal_ && drawn_) std::fputs("\r\033[K", stderr);
}

void ProgressLine::draw_if_due() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  if (now < next_draw_.load(std::memory_order_relaxed)) return;
  const std::unique_lock<std::mutex> drawing(drawing_, std::try_to_lock);
  if (!drawing.owns_lock() || now < next_draw_.load(std::memory_order_relaxed)) return;
  next_draw_.store(now + interval_.count(), std::memory_order_relaxed);
  draw();
}

void ProgressLine::draw() {
  const std::size_t done = done_.load(std::memory_order_relaxed);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : -1;
  std::fprintf(stderr, "%s%s: %zu/%zu %s done, %zu failed, %.0f %s/s, ETA %s%s", terminal_ ? "\r\033[K" : "",
               label_.c_str(), done, total_, unit_.c_str(), failed_.load(std::memory_order_relaxed), rate,
               unit_.c_str(), eta_text(eta).c_str(), terminal_ ? "" : "\n");
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace bb
