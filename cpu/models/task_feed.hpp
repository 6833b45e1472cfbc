// Where a worker's next task comes from: its own static block, or a counter all workers share.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace bb::cpu {

// Part `part` of `parts` of the indices 0..count-1, contiguous; sizes differ by at most one.
std::vector<std::size_t> block_of(std::size_t count, int part, int parts);

class TaskFeed {
 public:
  virtual ~TaskFeed() = default;
  // The next task index for worker `worker`, or nothing when it has no more; safe to call from every worker.
  virtual std::optional<std::size_t> next(int worker) = 0;
};

// Static schedule: worker w takes block w of `indices`, in order (OpenMP's schedule(static)).
class BlockFeed final : public TaskFeed {
 public:
  BlockFeed(std::vector<std::size_t> indices, int workers);
  std::optional<std::size_t> next(int worker) override;

 private:
  std::vector<std::size_t> indices_;
  std::vector<std::size_t> cursor_;  // each worker reads and writes only its own entry
  std::vector<std::size_t> end_;
};

// Dynamic schedule inside one process: the next free thread takes the next task (OpenMP's dynamic,1).
class CounterFeed final : public TaskFeed {
 public:
  explicit CounterFeed(std::size_t count) : count_(count) {}
  std::optional<std::size_t> next(int worker) override;

 private:
  const std::size_t count_;
  std::atomic<std::size_t> taken_{0};
};

// Dynamic schedule across processes: `take` asks a counter outside this process (MPI's one-sided
// counter), one thread at a time since the MPI library is initialised for serialized calls.
class SharedCounterFeed final : public TaskFeed {
 public:
  SharedCounterFeed(std::function<std::size_t()> take, std::size_t count) : take_(std::move(take)), count_(count) {}
  std::optional<std::size_t> next(int worker) override;

 private:
  std::function<std::size_t()> take_;
  const std::size_t count_;
  std::mutex one_caller_;
};

}  // namespace bb::cpu
