// The GIL emulation on a mutex and condition variable: waiters time out per interval and ask for a drop.
#include "interpreter_lock.hpp"

namespace bb::cpu {

void InterpreterLock::acquire_locked(std::unique_lock<std::mutex>& guard) {
  while (held_) {
    const std::uint64_t seen = switch_number_;
    const bool timed_out = !changed_.wait_for(guard, interval_, [&] { return !held_; });
    // A whole interval passed with the same holder: ask it to let go.
    if (timed_out && held_ && switch_number_ == seen) drop_request_.store(true);
  }
  held_ = true;
  ++switch_number_;
  drop_request_.store(false);
  changed_.notify_all();  // a holder that was asked to drop waits for this switch
}

void InterpreterLock::release_locked(std::unique_lock<std::mutex>&) {
  held_ = false;
  changed_.notify_all();
}

void InterpreterLock::acquire() {
  std::unique_lock guard(mutex_);
  acquire_locked(guard);
}

void InterpreterLock::release() {
  std::unique_lock guard(mutex_);
  release_locked(guard);
}

void InterpreterLock::between_steps() {
  if (!drop_request_.load(std::memory_order_relaxed)) return;
  std::unique_lock guard(mutex_);
  const std::uint64_t mine = switch_number_;
  release_locked(guard);
  // Forced switching: do not grab the lock straight back before the waiter got it.
  changed_.wait(guard, [&] { return switch_number_ != mine; });
  switch_count_.fetch_add(1);
  acquire_locked(guard);
}

}  // namespace bb::cpu
