// Static blocks and shared counters that hand task indices to workers.
#include "task_feed.hpp"

namespace bb::cpu {

std::vector<std::size_t> block_of(std::size_t count, int part, int parts) {
  const std::size_t begin = count * static_cast<std::size_t>(part) / static_cast<std::size_t>(parts);
  const std::size_t end = count * static_cast<std::size_t>(part + 1) / static_cast<std::size_t>(parts);
  std::vector<std::size_t> block;
  for (std::size_t i = begin; i < end; ++i) block.push_back(i);
  return block;
}

BlockFeed::BlockFeed(std::vector<std::size_t> indices, int workers) : indices_(std::move(indices)) {
  for (int worker = 0; worker < workers; ++worker) {
    const std::vector<std::size_t> positions = block_of(indices_.size(), worker, workers);
    cursor_.push_back(positions.empty() ? 0 : positions.front());
    end_.push_back(positions.empty() ? 0 : positions.back() + 1);
  }
}

std::optional<std::size_t> BlockFeed::next(int worker) {
  const auto slot = static_cast<std::size_t>(worker);
  if (cursor_[slot] >= end_[slot]) return std::nullopt;
  return indices_[cursor_[slot]++];
}

std::optional<std::size_t> CounterFeed::next(int) {
  const std::size_t index = taken_.fetch_add(1, std::memory_order_relaxed);
  if (index >= count_) return std::nullopt;
  return index;
}

std::optional<std::size_t> SharedCounterFeed::next(int) {
  std::size_t index = 0;
  {
    const std::lock_guard<std::mutex> guard(one_caller_);
    index = take_();
  }
  if (index >= count_) return std::nullopt;
  return index;
}

}  // namespace bb::cpu
