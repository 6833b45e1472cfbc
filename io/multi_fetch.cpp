// The event loops of io_multi and io_mpi: curl_multi_socket_action on epoll over several multi handles per loop.
//
// The mechanics follow libcurl's docs/examples/ephiperfifo.c with five cuts in the CPU cost per
// transfer on loopback: the first two save system calls, which dominate it, the last three spare
// libcurl scans of its connection cache:
//  - libcurl's timer is not a timerfd: the callback stores a deadline and the loop passes
//    the time left to epoll_wait, so a timer update costs no system call;
//  - a socket libcurl stops watching (CURL_POLL_REMOVE) stays in the epoll set until it
//    fires or is closed, so a keep-alive connection reused for the next request needs no
//    epoll_ctl at all; the sockets are opened through our callback, which tells us when a
//    descriptor number is new;
//  - the first wave of transfers skips libcurl's search of its connection cache (there is
//    nothing to reuse yet and the search scans every connection to the host);
//  - a transfer that surely ends its handle's work closes its connection when done: a handle
//    that leaves a connection in the cache makes curl_multi_remove_handle scan the cache for
//    it (libcurl 7.88), which is quadratic when thousands of transfers end together;
//  - a loop spreads its transfers over several multi handles ("shards", one per 100 transfers
//    in flight by default) that share its one epoll set: libcurl 7.88 scans a multi handle's
//    whole connection cache for every request it starts, so at 1,000 in flight on one handle
//    (~440 connections cached at a time) a request cost ~106k instructions against ~66k at
//    100; ten shards of ~100 connections each ran 1.86x faster at 1,000 in flight on one core,
//    and 10,000 requests to /delay?s=0.1 all in flight took ~0.67 s instead of ~0.86-1.0 s.
//    The default stops at 16 shards: a multi handle's own ~46 KiB made 100 shards at 10,000 in
//    flight cost 13.33 KiB per transfer against 12.99 KiB with 16, while 10,000 x /delay?s=0.1
//    took the same time within the noise (0.97-1.12 s against 0.95-1.10 s, two runs each).
// A handle stays in its shard for the whole run: its keep-alive connection lives in that shard's
// cache. A new transfer goes to the least-loaded shard: the first wave deals the handles out in
// turn, so loads differ by at most one, and later a handle whose transfer ended starts the next
// one in its own shard, which that end has just made the least loaded.
#include "multi_fetch.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "fetch_loop.hpp"
#include "h2c_targets.hpp"
#include "http2_settings.hpp"
#include "nghttp2_loop.hpp"
#include "owned_fd.hpp"

namespace bb::io {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxEventsPerWait = 1024;
// With thousands in flight memory is the limit: libcurl's smallest receive buffer (1 KiB,
// held while a transfer runs) costs about 3 KiB less RSS per transfer than its 16 KiB
// default, for more recv calls on big bodies.
constexpr std::size_t kHandlesForSmallBuffers = 1000;
constexpr long kSmallReceiveBuffer = 1024;

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK) throw std::runtime_error(std::string(what) + ": " + curl_multi_strerror(code));
}

void check(CURLcode code, const char* what) {
  if (code != CURLE_OK) throw std::runtime_error(std::string(what) + ": " + curl_easy_strerror(code));
}

class EventLoop;

// One multi handle of a loop and the timer libcurl asked for on it.
class Shard {
 public:
  Shard(EventLoop& loop, std::uint32_t index, const TransferSettings& settings, std::size_t handles);
  ~Shard() {
    // Closes the cached connections through close_socket, so the loop's watches must still exist.
    curl_multi_cleanup(multi_);
  }
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  EventLoop& loop() const { return loop_; }
  CURLM* multi() const { return multi_; }
  std::uint32_t index() const { return index_; }

  std::optional<Clock::time_point> deadline;
  bool touched = false;  // a socket action ran on it: finished transfers may wait in its queue

 private:
  EventLoop& loop_;
  std::uint32_t index_;  // in the loop's shards
  CURLM* multi_;
};

// What the epoll set holds for one descriptor and what libcurl currently wants from it (16 bytes: with
// 10,000 in flight the table is indexed by descriptors up to ~10,000).
struct SocketWatch {
  std::uint32_t registered = 0;  // events in the epoll set; 0 = not in it
  std::uint32_t wanted = 0;      // events libcurl asked for; 0 = libcurl is not watching it
  std::uint32_t shard = 0;       // index of the multi handle whose socket it is
  bool opened_here = false;      // opened by open_socket, so close_socket sees it closed
};

class EventLoop final : public FetchLoop {
 public:
  // `records`: how many requests the loop expects to end (room reserved up front).
  EventLoop(const RequestList& requests, const TransferSettings& settings, const LoopPlan& plan, RequestFeed& feed,
            std::size_t records, bool single_transfers, bool small_buffers, ProgressLine* progress);
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  std::vector<FetchRecord> run() override;

 private:
  friend class Shard;
  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* shard, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* shard);
  static curl_socket_t open_socket(void* shard, curlsocktype purpose, curl_sockaddr* address);
  static int close_socket(void* shard, curl_socket_t fd);

  Shard& shard_of(std::size_t handle) const { return *shards_[handle % shards_.size()]; }
  SocketWatch& watch(curl_socket_t fd);
  void want(Shard& shard, curl_socket_t fd, int what);
  void set_registration(curl_socket_t fd, SocketWatch& watch, std::uint32_t events);
  void start(Shard& shard, EasyTransfer& transfer, const TakenRequest& request);
  void collect_finished(Shard& shard);
  void collect_touched();
  void dispatch(const epoll_event& event);
  void act(Shard& shard, curl_socket_t fd, int flags);
  void act_on_due_timers();
  int wait_ms() const;

  const RequestList& requests_;
  RequestFeed& feed_;
  ProgressLine* progress_;
  // Each transfer on a connection of its own, which it closes (no keep-alive, no multiplexing).
  const bool fresh_connections_;
  // --http2's transfers share connections: the first wave must find them, and none is closed early.
  const bool multiplexes_;
  const bool single_transfers_;
  // Declared in the order they must outlive each other: the shards close their connections
  // through close_socket, which needs the watches, before the easy handles go.
  OwnedFd epoll_;
  std::vector<SocketWatch> watches_;  // indexed by descriptor
  std::vector<FetchRecord> records_;
  std::string callback_error_;        // callbacks cannot throw through libcurl; act() does
  std::size_t in_flight_ = 0;
  // One TLS session cache for the loop's handles instead of one each: libcurl 7.88 gives every easy
  // handle a 5-entry cache (~0.9 KiB) on its first transfer, even on http://, where it stays empty;
  // shared, 10,000 in flight take ~9 MiB less. Each loop's share is used by its own thread only, so
  // it needs no lock. On https:// a new connection may now resume a session another handle got, as
  // one browser does. Declared before the handles, which must go before it.
  std::unique_ptr<CURLSH, decltype(&curl_share_cleanup)> tls_sessions_;
  std::vector<std::unique_ptr<EasyTransfer>> transfers_;  // handle i works in shard i % shards
  std::vector<std::unique_ptr<Shard>> shards_;
};

Shard::Shard(EventLoop& loop, std::uint32_t index, const TransferSettings& settings, std::size_t handles)
    : loop_(loop), index_(index), multi_(curl_multi_init()) {
  if (!multi_) throw std::runtime_error("curl_multi_init failed (out of memory?)");
  try {
    check(curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &EventLoop::on_socket), "CURLMOPT_SOCKETFUNCTION");
    check(curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this), "CURLMOPT_SOCKETDATA");
    check(curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &EventLoop::on_timer), "CURLMOPT_TIMERFUNCTION");
    check(curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this), "CURLMOPT_TIMERDATA");
    // One connection per transfer in flight, and every one kept for keep-alive reuse.
    const long connections = static_cast<long>(handles);
    check(curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, connections), "CURLMOPT_MAX_TOTAL_CONNECTIONS");
    check(curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, connections), "CURLMOPT_MAX_HOST_CONNECTIONS");
    check(curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, connections), "CURLMOPT_MAXCONNECTS");
    // --http2: the shard's transfers share a few multiplexed connections instead.
    configure_multiplexing(multi_, settings, handles);
  } catch (...) {
    curl_multi_cleanup(multi_);
    throw;
  }
}

EventLoop::EventLoop(const RequestList& requests, const TransferSettings& settings, const LoopPlan& plan,
                     RequestFeed& feed, std::size_t records, bool single_transfers, bool small_buffers,
                     ProgressLine* progress)
    : requests_(requests), feed_(feed), progress_(progress), fresh_connections_(settings.fresh_connections),
      multiplexes_(multiplexes(settings)), single_transfers_(single_transfers), epoll_(epoll_create1(EPOLL_CLOEXEC)),
      tls_sessions_(curl_share_init(), &curl_share_cleanup) {
  if (epoll_.get() < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  if (!tls_sessions_) throw std::runtime_error("curl_share_init failed (out of memory?)");
  if (curl_share_setopt(tls_sessions_.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
    throw std::runtime_error("libcurl refused to share TLS sessions (CURLSHOPT_SHARE)");
  }
  records_.reserve(records);
  const std::size_t shards = std::min(plan.shards, plan.handles);
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i) {
    // Handles are dealt out in turn, so shard i holds every shards-th one.
    const std::size_t handles = plan.handles / shards + (i < plan.handles % shards ? 1 : 0);
    shards_.push_back(std::make_unique<Shard>(*this, static_cast<std::uint32_t>(i), settings, handles));
  }
  transfers_.reserve(plan.handles);
  for (std::size_t i = 0; i < plan.handles; ++i) {
    CURL* easy = transfers_.emplace_back(std::make_unique<EasyTransfer>(settings))->handle();
    Shard* shard = &shard_of(i);
    // A shard's handles share its connections: handle i % shards is its first one.
    if (i >= shards) transfers_.back()->share_connections(*transfers_[i % shards]);
    check(curl_easy_setopt(easy, CURLOPT_SHARE, tls_sessions_.get()), "CURLOPT_SHARE");
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &EventLoop::open_socket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, shard);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &EventLoop::close_socket);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, shard);
    // Nothing is cached before the first wave, and the search would scan every connection.
    if (!multiplexes_) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    if (small_buffers) curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, kSmallReceiveBuffer);
  }
}

EventLoop::~EventLoop() {
  // Only an aborted run leaves handles added; removing one that is not added is harmless.
  for (std::size_t i = 0; i < transfers_.size(); ++i) curl_multi_remove_handle(shard_of(i).multi(), transfers_[i]->handle());
}

std::vector<FetchRecord> EventLoop::run() {
  for (std::size_t i = 0; i < transfers_.size(); ++i) {
    const auto request = feed_.take();
    if (!request) break;
    start(shard_of(i), *transfers_[i], *request);
  }
  epoll_event events[kMaxEventsPerWait];
  while (in_flight_ > 0) {
    const int ready = epoll_wait(epoll_.get(), events, kMaxEventsPerWait, wait_ms());
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    for (int i = 0; i < ready; ++i) dispatch(events[i]);
    collect_touched();
    // Also starts the transfers just added: libcurl schedules a new handle as a 0 ms timeout.
    act_on_due_timers();
    collect_touched();
    if (progress_) progress_->draw_if_due();
  }
  return std::move(records_);
}

void EventLoop::start(Shard& shard, EasyTransfer& transfer, const TakenRequest& request) {
  transfer.prepare(request.index, requests_.url_for(request.index));
  if ((single_transfers_ || request.last) && !fresh_connections_ && !multiplexes_) {
    curl_easy_setopt(transfer.handle(), CURLOPT_FORBID_REUSE, 1L);
  }
  check(curl_multi_add_handle(shard.multi(), transfer.handle()), "curl_multi_add_handle");
  // --http2 on http://: the transfer that opens the connection is set going now, so the ones
  // started after it find the connection being set up and wait for it (see H2cOrigins).
  if (transfer.opens_connection()) act(shard, CURL_SOCKET_TIMEOUT, 0);
  ++in_flight_;
}

void EventLoop::collect_finished(Shard& shard) {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(shard.multi(), &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    char* owner = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    auto& transfer = *reinterpret_cast<EasyTransfer*>(owner);
    const FetchRecord& record = records_.emplace_back(transfer.finish(code));
    if (progress_) progress_->count(record.outcome != Outcome::ok);
    curl_multi_remove_handle(shard.multi(), easy);
    --in_flight_;
    if (const auto next = feed_.take()) {
      // From the second request on, a handle looks for the keep-alive connection it just left.
      if (!fresh_connections_) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 0L);
      start(shard, transfer, *next);
    }
  }
}

void EventLoop::collect_touched() {
  for (auto& shard : shards_) {
    if (!shard->touched) continue;
    shard->touched = false;
    collect_finished(*shard);
  }
}

void EventLoop::dispatch(const epoll_event& event) {
  const int fd = event.data.fd;
  SocketWatch& socket = watch(fd);
  if (socket.wanted == 0) {
    // A parked socket fired (an idle keep-alive connection the server closed): park no more.
    set_registration(fd, socket, 0);
    return;
  }
  int flags = 0;
  if (event.events & EPOLLIN) flags |= CURL_CSELECT_IN;
  if (event.events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
  if (event.events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
  act(*shards_[socket.shard], fd, flags);
}

void EventLoop::act(Shard& shard, curl_socket_t fd, int flags) {
  int running = 0;
  shard.touched = true;
  check(curl_multi_socket_action(shard.multi(), fd, flags, &running), "curl_multi_socket_action");
  if (!callback_error_.empty()) throw std::runtime_error(callback_error_);
}

void EventLoop::act_on_due_timers() {
  const auto now = Clock::now();
  for (auto& shard : shards_) {
    if (shard->deadline && now >= *shard->deadline) act(*shard, CURL_SOCKET_TIMEOUT, 0);
  }
}

int EventLoop::wait_ms() const {
  // Every transfer has a timeout, so libcurl always sets a timer on a shard while it is busy.
  std::optional<Clock::time_point> first;
  for (const auto& shard : shards_) {
    if (shard->deadline && (!first || *shard->deadline < *first)) first = shard->deadline;
  }
  if (!first) return -1;
  const auto left = *first - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  // Rounded up: waking before the deadline would only spin.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

SocketWatch& EventLoop::watch(curl_socket_t fd) {
  const auto index = static_cast<std::size_t>(fd);
  if (index >= watches_.size()) watches_.resize(std::max(index + 1, watches_.size() * 2));
  return watches_[index];
}

void EventLoop::set_registration(curl_socket_t fd, SocketWatch& socket, std::uint32_t events) {
  if (socket.registered == events) return;
  epoll_event change{};
  change.events = events;
  change.data.fd = fd;
  int op = events == 0 ? EPOLL_CTL_DEL : socket.registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  int result = epoll_ctl(epoll_.get(), op, fd, &change);
  // A descriptor we did not open can have been closed and reused behind our back.
  if (result != 0 && errno == ENOENT && op == EPOLL_CTL_MOD) result = epoll_ctl(epoll_.get(), op = EPOLL_CTL_ADD, fd, &change);
  if (result != 0 && errno == EEXIST && op == EPOLL_CTL_ADD) result = epoll_ctl(epoll_.get(), op = EPOLL_CTL_MOD, fd, &change);
  if (result != 0 && !(op == EPOLL_CTL_DEL && (errno == ENOENT || errno == EBADF)) && callback_error_.empty()) {
    callback_error_ = std::string("epoll_ctl on socket ") + std::to_string(fd) + ": " + std::strerror(errno);
  }
  socket.registered = events;
}

void EventLoop::want(Shard& shard, curl_socket_t fd, int what) {
  SocketWatch& socket = watch(fd);
  socket.shard = shard.index();
  if (what == CURL_POLL_REMOVE) {
    socket.wanted = 0;
    // Our own sockets stay parked in the set: reuse of a keep-alive connection then costs nothing.
    if (!socket.opened_here) set_registration(fd, socket, 0);
    return;
  }
  socket.wanted = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  if (socket.wanted != 0) set_registration(fd, socket, socket.wanted);
}

int EventLoop::on_socket(CURL*, curl_socket_t fd, int what, void* shard, void*) {
  auto& owner = *static_cast<Shard*>(shard);
  owner.loop().want(owner, fd, what);
  return 0;
}

int EventLoop::on_timer(CURLM*, long timeout_ms, void* shard) {
  auto& owner = *static_cast<Shard*>(shard);
  if (timeout_ms < 0) {
    owner.deadline.reset();
  } else {
    owner.deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

curl_socket_t EventLoop::open_socket(void* shard, curlsocktype, curl_sockaddr* address) {
  const int fd = socket(address->family, address->socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->protocol);
  if (fd < 0) return CURL_SOCKET_BAD;
  // A new descriptor number: whatever the set held under it went away with the old socket.
  auto& owner = *static_cast<Shard*>(shard);
  owner.loop().watch(fd) = SocketWatch{.shard = owner.index(), .opened_here = true};
  return fd;
}

int EventLoop::close_socket(void* shard, curl_socket_t fd) {
  // Closing drops the socket from the epoll set; no epoll_ctl needed.
  static_cast<Shard*>(shard)->loop().watch(fd) = SocketWatch{};
  return close(fd);
}

}  // namespace

std::vector<LoopPlan> plan_loops(std::size_t workers, std::size_t requests, int loops, int shards) {
  const auto count = static_cast<std::size_t>(std::max(loops, 1));
  std::vector<LoopPlan> plan(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t share = workers / count + (i < workers % count ? 1 : 0);
    plan[i].handles = std::min(share, requests);
    const std::size_t wanted =
        shards > 0 ? static_cast<std::size_t>(shards)
                   : std::min((plan[i].handles + kTransfersPerShard - 1) / kTransfersPerShard, kMostDefaultShards);
    plan[i].shards = std::min(wanted, plan[i].handles);
  }
  return plan;
}

std::size_t shard_count(const std::vector<LoopPlan>& plan) {
  std::size_t total = 0;
  for (const auto& loop : plan) total += loop.shards;
  return total;
}

std::vector<FetchRecord> fetch_with_loops(const RequestList& requests, const TransferSettings& settings,
                                          const std::vector<LoopPlan>& plan, RequestFeed& feed,
                                          std::size_t expected, ProgressLine* progress) {
  std::size_t handles = 0;
  for (const auto& loop : plan) handles += loop.handles;
  const bool single_transfers = expected <= handles;
  const bool small_buffers = handles > kHandlesForSmallBuffers;
  // --client nghttp2: the URLs taken apart once for all loops (finish_io_options has checked them).
  std::optional<H2cTargets> h2c_targets;
  if (settings.client == Client::nghttp2) h2c_targets.emplace(requests);
  const auto make_loop = [&](std::size_t index) -> std::unique_ptr<FetchLoop> {
    // A loop's share of the requests, and room for the ones it takes while the others are busy.
    const std::size_t records = std::min(expected, expected / plan.size() + plan[index].handles);
    if (h2c_targets) {
      return make_nghttp2_loop(*h2c_targets, settings, plan[index].handles, plan[index].shards, feed, records,
                               progress);
    }
    return std::make_unique<EventLoop>(requests, settings, plan[index], feed, records, single_transfers,
                                       small_buffers, progress);
  };
  if (plan.size() == 1) return make_loop(0)->run();

  // Each thread makes its own loop and tears it down: the handles of 10,000 transfers take a while to
  // set up and free, and each thread then allocates from its own malloc arena. Every loop (handles,
  // multi handles, epoll set) exists before any request is sent; when one cannot be made, or a thread
  // cannot be started, every loop is torn down without sending one, and the run fails.
  std::vector<std::vector<FetchRecord>> records(plan.size());
  std::exception_ptr first_error;
  std::mutex error_lock;
  std::atomic<bool> failed{false};
  const auto fail = [&](std::exception_ptr error) {
    const std::lock_guard guard(error_lock);
    if (!first_error) first_error = std::move(error);
    failed.store(true);
  };
  std::latch made(static_cast<std::ptrdiff_t>(plan.size()));
  const auto work = [&](std::size_t index) {
    std::unique_ptr<FetchLoop> loop;
    try {
      loop = make_loop(index);
    } catch (...) {
      fail(std::current_exception());
    }
    made.arrive_and_wait();
    if (failed.load()) return;
    try {
      records[index] = loop->run();
    } catch (...) {
      // The other loops take no more requests and end with the transfers they have in flight.
      feed.stop();
      fail(std::current_exception());
    }
  };
  {
    std::vector<std::jthread> threads;
    threads.reserve(plan.size() - 1);
    bool all_started = true;
    try {
      for (std::size_t i = 1; i < plan.size(); ++i) threads.emplace_back(work, i);
    } catch (const std::system_error& error) {
      fail(std::make_exception_ptr(std::runtime_error(
          "could not start loop thread " + std::to_string(threads.size() + 2) + " of " +
          std::to_string(plan.size()) + " (" + error.what() +
          "); nothing was sent: ask for fewer --loops, or raise the thread limit")));
      // The threads that exist pass the latch for the ones that do not, and for this one.
      made.count_down(static_cast<std::ptrdiff_t>(plan.size() - threads.size()));
      all_started = false;
    }
    // Also when another loop could not be made: this one must reach the latch for the others to leave it.
    if (all_started) work(0);
  }  // every thread has joined here, before the records are read
  if (first_error) std::rethrow_exception(first_error);
  std::size_t total = 0;
  for (const auto& part : records) total += part.size();
  std::vector<FetchRecord> all;
  all.reserve(total);
  for (auto& part : records) all.insert(all.end(), part.begin(), part.end());
  return all;
}

}  // namespace bb::io
