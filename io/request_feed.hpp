// Declares RequestFeed, where the event loops take their next request: a range of the list, or batches of a counter.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>

namespace bb::io {

// One request taken from a feed; `last` when the feed holds none after it, so its handle surely
// makes no other transfer.
struct TakenRequest {
  std::size_t index = 0;
  bool last = false;
};

class RequestFeed {
 public:
  virtual ~RequestFeed() = default;
  // The next request, or nothing when none is left; called by every loop's thread.
  virtual std::optional<TakenRequest> take() = 0;
  // After an error: take() hands out nothing more, so the other loops end with the transfers in flight.
  virtual void stop() = 0;
};

// Requests begin..end-1 of the list, one atomic increment each (io_multi's loops; an io_mpi rank's static block).
class RangeFeed final : public RequestFeed {
 public:
  RangeFeed(std::size_t begin, std::size_t end) : next_(begin), end_(end) {}
  std::optional<TakenRequest> take() override;
  void stop() override { stopped_.store(true, std::memory_order_relaxed); }

 private:
  std::atomic<std::size_t> next_;
  const std::size_t end_;
  std::atomic<bool> stopped_{false};
};

// Batches of `batch` requests numbered by a counter outside this process (io_mpi's --schedule dynamic:
// batch k holds requests k*batch..), handed out one at a time. `next_batch` is called by one thread at a
// time, since the MPI library is initialised for serialized calls.
class BatchFeed final : public RequestFeed {
 public:
  BatchFeed(std::function<std::size_t()> next_batch, std::size_t batch, std::size_t count)
      : next_batch_(std::move(next_batch)), batch_(batch), count_(count) {}
  std::optional<TakenRequest> take() override;
  void stop() override;

 private:
  std::function<std::size_t()> next_batch_;
  const std::size_t batch_;
  const std::size_t count_;
  std::mutex taking_;
  std::size_t next_ = 0;  // under taking_: the current batch, next_..end_-1
  std::size_t end_ = 0;
  bool drained_ = false;  // under taking_: the counter ran past the list, or stop()
};

}  // namespace bb::io
