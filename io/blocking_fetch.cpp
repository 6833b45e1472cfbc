// Each worker drains a shared atomic request counter with its own easy handle; io_threads joins its threads.
#include "blocking_fetch.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

namespace bb::io {

namespace {

// The shared queue is the request list itself: taking a request is one atomic increment.
class RequestQueue {
 public:
  explicit RequestQueue(std::size_t count) : count_(count) {}
  bool take(std::size_t& request) {
    request = next_.fetch_add(1, std::memory_order_relaxed);
    return request < count_;
  }

 private:
  std::size_t count_;
  std::atomic<std::size_t> next_{0};
};

// Each request's record goes to its own slot, so workers never write the same memory.
void drain(RequestQueue& queue, const RequestList& requests, const TransferSettings& settings,
           std::vector<FetchRecord>& records, ProgressLine& progress) {
  EasyTransfer transfer(settings);
  std::size_t request = 0;
  while (queue.take(request)) {
    transfer.prepare(request, requests.url_for(request));
    records[request] = transfer.perform();
    progress.count(records[request].outcome != Outcome::ok);
    progress.draw_if_due();
  }
}

enum class Gate { closed, open, abandoned };

}  // namespace

std::vector<FetchRecord> fetch_sequentially(const RequestList& requests, const TransferSettings& settings,
                                            ProgressLine& progress) {
  std::vector<FetchRecord> records(requests.count);
  RequestQueue queue(requests.count);
  drain(queue, requests, settings, records, progress);
  return records;
}

std::vector<FetchRecord> fetch_with_threads(const RequestList& requests, const TransferSettings& settings,
                                            int workers, ProgressLine& progress) {
  std::vector<FetchRecord> records(requests.count);
  RequestQueue queue(requests.count);
  const std::size_t thread_count = std::min<std::size_t>(static_cast<std::size_t>(workers), requests.count);
  std::exception_ptr first_error;
  std::mutex error_lock;
  // Every thread waits at the gate until all exist: when one cannot be created, the others leave
  // without sending a request, and the run fails before doing any of its work.
  std::atomic<Gate> gate{Gate::closed};
  {
    std::vector<std::jthread> threads;
    threads.reserve(thread_count);
    try {
      for (std::size_t i = 0; i < thread_count; ++i) {
        threads.emplace_back([&] {
          gate.wait(Gate::closed);
          try {
            if (gate.load() == Gate::open) drain(queue, requests, settings, records, progress);
          } catch (...) {
            // A worker that cannot make its handle must not take the process down unreported.
            std::lock_guard guard(error_lock);
            if (!first_error) first_error = std::current_exception();
          }
        });
      }
    } catch (const std::system_error& error) {
      gate.store(Gate::abandoned);
      gate.notify_all();
      throw std::runtime_error("could not start thread " + std::to_string(threads.size() + 1) + " of " +
                               std::to_string(thread_count) + " (" + error.what() +
                               "); nothing was sent: ask for fewer --workers, or raise the thread or memory limits");
    }
    gate.store(Gate::open);
    gate.notify_all();
  }  // every thread has joined here, before `records` is read or moved
  if (first_error) std::rethrow_exception(first_error);
  return records;
}

}  // namespace bb::io
