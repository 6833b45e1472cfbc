// io_multi's loop: curl_multi_socket_action on epoll, libcurl's timer as the epoll_wait timeout.
//
// The mechanics follow libcurl's docs/examples/ephiperfifo.c with four cuts in the CPU cost per
// transfer on loopback: the first two save system calls, which dominate it, the last two spare
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
//    it (libcurl 7.88), which is quadratic when thousands of transfers end together.
#include "multi_fetch.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

namespace bb::io {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxEventsPerWait = 1024;
// With thousands in flight memory is the limit: libcurl's smallest receive buffer (1 KiB,
// held while a transfer runs) costs about 3 KiB less RSS per transfer than its 16 KiB
// default, for more recv calls on big bodies.
constexpr int kWorkersForSmallBuffers = 1000;
constexpr long kSmallReceiveBuffer = 1024;

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK) throw std::runtime_error(std::string(what) + ": " + curl_multi_strerror(code));
}

// What the epoll set holds for one descriptor and what libcurl currently wants from it.
struct SocketWatch {
  std::uint32_t registered = 0;  // events in the epoll set; 0 = not in it
  std::uint32_t wanted = 0;      // events libcurl asked for; 0 = libcurl is not watching it
  bool opened_here = false;      // opened by open_socket, so close_socket sees it closed
};

class MultiLoop {
 public:
  MultiLoop(const RequestList& requests, const TransferSettings& settings, int workers, ProgressLine& progress);
  ~MultiLoop();
  MultiLoop(const MultiLoop&) = delete;
  MultiLoop& operator=(const MultiLoop&) = delete;

  std::vector<FetchRecord> run();

 private:
  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int close_socket(void* self, curl_socket_t fd);

  SocketWatch& watch(curl_socket_t fd);
  void want(curl_socket_t fd, int what);
  void set_registration(curl_socket_t fd, SocketWatch& watch, std::uint32_t events);
  void start(EasyTransfer& transfer, bool last_for_handle);
  void collect_finished();
  void dispatch(const epoll_event& event);
  void act(curl_socket_t fd, int flags);
  int wait_ms() const;
  bool timer_due() const { return deadline_ && Clock::now() >= *deadline_; }

  const RequestList& requests_;
  ProgressLine& progress_;
  const bool fresh_connections_;
  std::vector<FetchRecord> records_;
  std::vector<SocketWatch> watches_;  // indexed by descriptor
  std::optional<Clock::time_point> deadline_;
  std::string callback_error_;        // callbacks cannot throw through libcurl; act() does
  std::size_t next_request_ = 0;
  std::size_t in_flight_ = 0;
  int epoll_fd_ = -1;
  CURLM* multi_ = nullptr;
  std::vector<std::unique_ptr<EasyTransfer>> transfers_;
};

MultiLoop::MultiLoop(const RequestList& requests, const TransferSettings& settings, int workers,
                     ProgressLine& progress)
    : requests_(requests), progress_(progress), fresh_connections_(settings.fresh_connections),
      records_(requests.count) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  multi_ = curl_multi_init();
  if (!multi_) {
    close(epoll_fd_);
    throw std::runtime_error("curl_multi_init failed (out of memory?)");
  }
  try {
    check(curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &MultiLoop::on_socket), "CURLMOPT_SOCKETFUNCTION");
    check(curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this), "CURLMOPT_SOCKETDATA");
    check(curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &MultiLoop::on_timer), "CURLMOPT_TIMERFUNCTION");
    check(curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this), "CURLMOPT_TIMERDATA");
    // One connection per transfer in flight, and every one kept for keep-alive reuse.
    const long connections = workers;
    check(curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, connections), "CURLMOPT_MAX_TOTAL_CONNECTIONS");
    check(curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, connections), "CURLMOPT_MAX_HOST_CONNECTIONS");
    check(curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, connections), "CURLMOPT_MAXCONNECTS");

    const std::size_t handles = std::min(static_cast<std::size_t>(workers), requests.count);
    transfers_.reserve(handles);
    for (std::size_t i = 0; i < handles; ++i) {
      CURL* easy = transfers_.emplace_back(std::make_unique<EasyTransfer>(settings))->handle();
      curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &MultiLoop::open_socket);
      curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
      curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &MultiLoop::close_socket);
      curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
      // Nothing is cached before the first wave, and the search would scan every connection.
      curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
      if (workers > kWorkersForSmallBuffers) curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, kSmallReceiveBuffer);
    }
  } catch (...) {
    transfers_.clear();
    curl_multi_cleanup(multi_);
    close(epoll_fd_);
    throw;
  }
}

MultiLoop::~MultiLoop() {
  // Only an aborted run leaves handles added; removing one that is not added is harmless.
  for (auto& transfer : transfers_) curl_multi_remove_handle(multi_, transfer->handle());
  // Closes the cached connections through close_socket, so the watches must still exist.
  curl_multi_cleanup(multi_);
  transfers_.clear();
  close(epoll_fd_);
}

std::vector<FetchRecord> MultiLoop::run() {
  // With no more requests than handles, each handle makes exactly one transfer.
  const bool single_transfers = requests_.count <= transfers_.size();
  for (auto& transfer : transfers_) start(*transfer, single_transfers);
  epoll_event events[kMaxEventsPerWait];
  while (in_flight_ > 0) {
    const int ready = epoll_wait(epoll_fd_, events, kMaxEventsPerWait, wait_ms());
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    for (int i = 0; i < ready; ++i) dispatch(events[i]);
    collect_finished();
    // Also starts the transfers just added: libcurl schedules a new handle as a 0 ms timeout.
    if (timer_due()) {
      act(CURL_SOCKET_TIMEOUT, 0);
      collect_finished();
    }
    progress_.draw_if_due();
  }
  return std::move(records_);
}

void MultiLoop::start(EasyTransfer& transfer, bool last_for_handle) {
  const std::size_t request = next_request_++;
  transfer.prepare(request, requests_.url_for(request));
  if (last_for_handle && !fresh_connections_) curl_easy_setopt(transfer.handle(), CURLOPT_FORBID_REUSE, 1L);
  check(curl_multi_add_handle(multi_, transfer.handle()), "curl_multi_add_handle");
  ++in_flight_;
}

void MultiLoop::collect_finished() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    char* owner = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    auto& transfer = *reinterpret_cast<EasyTransfer*>(owner);
    const FetchRecord& record = records_[transfer.request()] = transfer.finish(code);
    progress_.count(record.outcome != Outcome::ok);
    curl_multi_remove_handle(multi_, easy);
    --in_flight_;
    if (next_request_ < requests_.count) {
      // From the second request on, a handle looks for the keep-alive connection it just left.
      if (!fresh_connections_) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 0L);
      start(transfer, next_request_ + 1 == requests_.count);
    }
  }
}

void MultiLoop::dispatch(const epoll_event& event) {
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
  act(fd, flags);
}

void MultiLoop::act(curl_socket_t fd, int flags) {
  int running = 0;
  check(curl_multi_socket_action(multi_, fd, flags, &running), "curl_multi_socket_action");
  if (!callback_error_.empty()) throw std::runtime_error(callback_error_);
}

int MultiLoop::wait_ms() const {
  if (!deadline_) return -1;  // every transfer has a timeout, so libcurl always sets a timer while busy
  const auto left = *deadline_ - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  // Rounded up: waking before the deadline would only spin.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

SocketWatch& MultiLoop::watch(curl_socket_t fd) {
  const auto index = static_cast<std::size_t>(fd);
  if (index >= watches_.size()) watches_.resize(std::max(index + 1, watches_.size() * 2));
  return watches_[index];
}

void MultiLoop::set_registration(curl_socket_t fd, SocketWatch& socket, std::uint32_t events) {
  if (socket.registered == events) return;
  epoll_event change{};
  change.events = events;
  change.data.fd = fd;
  int op = events == 0 ? EPOLL_CTL_DEL : socket.registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  int result = epoll_ctl(epoll_fd_, op, fd, &change);
  // A descriptor we did not open can have been closed and reused behind our back.
  if (result != 0 && errno == ENOENT && op == EPOLL_CTL_MOD) result = epoll_ctl(epoll_fd_, op = EPOLL_CTL_ADD, fd, &change);
  if (result != 0 && errno == EEXIST && op == EPOLL_CTL_ADD) result = epoll_ctl(epoll_fd_, op = EPOLL_CTL_MOD, fd, &change);
  if (result != 0 && !(op == EPOLL_CTL_DEL && (errno == ENOENT || errno == EBADF)) && callback_error_.empty()) {
    callback_error_ = std::string("epoll_ctl on socket ") + std::to_string(fd) + ": " + std::strerror(errno);
  }
  socket.registered = events;
}

void MultiLoop::want(curl_socket_t fd, int what) {
  SocketWatch& socket = watch(fd);
  if (what == CURL_POLL_REMOVE) {
    socket.wanted = 0;
    // Our own sockets stay parked in the set: reuse of a keep-alive connection then costs nothing.
    if (!socket.opened_here) set_registration(fd, socket, 0);
    return;
  }
  socket.wanted = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  if (socket.wanted != 0) set_registration(fd, socket, socket.wanted);
}

int MultiLoop::on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
  static_cast<MultiLoop*>(self)->want(fd, what);
  return 0;
}

int MultiLoop::on_timer(CURLM*, long timeout_ms, void* self) {
  auto& loop = *static_cast<MultiLoop*>(self);
  if (timeout_ms < 0) {
    loop.deadline_.reset();
  } else {
    loop.deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

curl_socket_t MultiLoop::open_socket(void* self, curlsocktype, curl_sockaddr* address) {
  const int fd = socket(address->family, address->socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->protocol);
  if (fd < 0) return CURL_SOCKET_BAD;
  // A new descriptor number: whatever the set held under it went away with the old socket.
  static_cast<MultiLoop*>(self)->watch(fd) = SocketWatch{.opened_here = true};
  return fd;
}

int MultiLoop::close_socket(void* self, curl_socket_t fd) {
  // Closing drops the socket from the epoll set; no epoll_ctl needed.
  static_cast<MultiLoop*>(self)->watch(fd) = SocketWatch{};
  return close(fd);
}

}  // namespace

std::vector<FetchRecord> fetch_with_multi(const RequestList& requests, const TransferSettings& settings,
                                          int workers, ProgressLine& progress) {
  return MultiLoop(requests, settings, workers, progress).run();
}

}  // namespace bb::io
