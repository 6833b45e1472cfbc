// Hands out request indices: an atomic cursor over a range, or one-at-a-time from batches of a shared counter.
#include "request_feed.hpp"

#include <algorithm>

namespace bb::io {

std::optional<TakenRequest> RangeFeed::take() {
  if (stopped_.load(std::memory_order_relaxed)) return std::nullopt;
  const std::size_t index = next_.fetch_add(1, std::memory_order_relaxed);
  if (index >= end_) return std::nullopt;
  return TakenRequest{.index = index, .last = index + 1 == end_};
}

std::optional<TakenRequest> BatchFeed::take() {
  const std::lock_guard lock(taking_);
  if (next_ == end_ && !drained_) {
    const std::size_t first = next_batch_() * batch_;
    if (first >= count_) {
      drained_ = true;
    } else {
      next_ = first;
      end_ = std::min(count_, first + batch_);
    }
  }
  if (next_ == end_) return std::nullopt;
  const std::size_t index = next_++;
  return TakenRequest{.index = index, .last = index + 1 == count_};
}

void BatchFeed::stop() {
  const std::lock_guard lock(taking_);
  next_ = end_;
  drained_ = true;
}

}  // namespace bb::io
