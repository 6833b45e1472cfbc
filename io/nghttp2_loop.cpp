// The event loop of --client nghttp2: HTTP/2 with prior knowledge through nghttp2 sessions on epoll, no libcurl.
//
// Why it exists: libcurl 7.88 keeps ~7.6 KiB per transfer in flight whatever the protocol (its easy
// handle 5.36 KiB, a receive buffer of at least 1 KiB, 0.75 KiB of HTTP state, dynbufs; massif), so
// multiplexing 10,000 transfers over HTTP/2 cut the memory per transfer only from 12.1 to 8.8 KiB. Here a
// stream in flight is a 48-byte slot, an entry in its connection's stream table and nghttp2's own stream;
// the receive buffer is the loop's, one for all its connections (h2load, also on nghttp2: ~0.64 KiB).
//
// The mechanics:
//  - stream slot i (one per transfer in flight) sends its requests on connection i % C of the request's
//    origin, C connections per origin (--shards), so 10,000 in flight over 16 connections is 625 streams
//    each; nghttp2 holds back the requests beyond what the server's SETTINGS allow until streams free up;
//  - nghttp2's callbacks only note what ended; the loop acts on it after nghttp2 returns ("settle"), so
//    starting the next request never re-enters a session;
//  - the frames nghttp2 serializes one at a time are gathered into one send per connection per pass,
//    so 625 requests cost one system call, not 625;
//  - a request the server refused before processing it (REFUSED_STREAM, or beyond a GOAWAY's last
//    stream) is sent again, on a new connection when the old one takes no more, at most 5 times;
//  - every request has the same --timeout, so its deadline queue is in start order: the earliest
//    deadline is always at the front (entries of requests that already ended are skipped, and
//    dropped in bulk when they pile up).
// Connections end with a reset, as libcurl's do here (see easy_transfer.cpp): no TIME_WAIT left behind.
#include "nghttp2_loop.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "owned_fd.hpp"

namespace bb::io {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxEventsPerWait = 1024;
constexpr std::size_t kReadChunk = 64 * 1024;
// Frames gathered before one send: a wave of 625 HEADERS frames of ~30 bytes fits in one.
constexpr std::size_t kWriteBatch = 64 * 1024;
constexpr std::uint8_t kMostRetries = 5;

class Nghttp2Loop;

// One TCP connection and its HTTP/2 session.
struct Connection {
  Connection(Nghttp2Loop& owner, std::uint64_t number, std::size_t origin_index)
      : loop(owner), serial(number), origin(origin_index) {}
  ~Connection() {
    if (session) nghttp2_session_del(session);
    if (fd >= 0) close(fd);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Nghttp2Loop& loop;
  const std::uint64_t serial;  // names it in epoll events: a descriptor number can be reused at once
  const std::size_t origin;
  nghttp2_session* session = nullptr;
  int fd = -1;
  std::size_t next_address = 0;  // the origin's address to try if this one fails to connect
  std::uint32_t registered = 0;  // events in the epoll set; 0 = not in it
  bool connected = false;
  bool retired = false;          // takes no new stream (its stream ids ran out)
  bool dead = false;             // failed or over: its streams have ended, it is closed at the next settle
  bool dirty = false;            // nghttp2 may have frames to send
  CURLcode failure = CURLE_OK;   // why it died: what a request given to it then ends with
  std::string unsent;            // what the kernel did not take yet
  std::unordered_map<std::int32_t, std::uint32_t> streams;  // open stream id -> slot

  bool accepting() const { return !dead && !retired && nghttp2_session_check_request_allowed(session) != 0; }
};

// A transfer in flight: the request it fetches and what came back so far.
struct Slot {
  Clock::time_point started;
  std::size_t request = 0;
  long long bytes = 0;
  std::uint64_t connection = 0;  // serial of the connection its stream is on
  std::int32_t stream = 0;
  std::uint32_t generation = 0;  // one more per request: notes about an earlier request are stale
  std::int16_t status = 0;
  std::uint8_t retries = 0;
  bool busy = false;
};

// What a callback saw end: a request, or a stream to send again.
struct Ended {
  std::uint32_t slot;
  std::uint32_t generation;
  CURLcode code;
  bool again;
};

struct Addresses {
  bool looked_up = false;
  bool failed = false;
  std::vector<std::pair<sockaddr_storage, socklen_t>> list;
};

nghttp2_nv header(const char* name, std::size_t name_size, const std::string& value) {
  return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name)),
          reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name_size, value.size(),
          NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE};
}

class Nghttp2Loop final : public FetchLoop {
 public:
  Nghttp2Loop(const H2cTargets& targets, const TransferSettings& settings, std::size_t handles,
              std::size_t connections, RequestFeed& feed, std::size_t records, ProgressLine* progress);
  Nghttp2Loop(const Nghttp2Loop&) = delete;
  Nghttp2Loop& operator=(const Nghttp2Loop&) = delete;
  ~Nghttp2Loop() override = default;

  std::vector<FetchRecord> run() override;

 private:
  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t name_size,
                       const std::uint8_t* value, std::size_t value_size, std::uint8_t, void* connection);
  static int on_data(nghttp2_session*, std::uint8_t, std::int32_t stream, const std::uint8_t*, std::size_t size,
                     void* connection);
  static int on_stream_close(nghttp2_session*, std::int32_t stream, std::uint32_t error_code, void* connection);
  static int on_frame_not_sent(nghttp2_session*, const nghttp2_frame* frame, int, void* connection);

  Slot* slot_of(Connection& connection, std::int32_t stream);
  void stream_closed(Connection& connection, std::int32_t stream, std::uint32_t error_code);
  void start(std::uint32_t slot, std::size_t request);
  void submit(std::uint32_t slot);
  void finish(std::uint32_t slot, CURLcode code);
  Connection& connection_for(std::size_t origin, std::size_t position);
  Connection& open_connection(std::size_t origin);
  const Addresses& addresses_of(std::size_t origin);
  void try_connect(Connection& connection);
  void fail(Connection& connection, CURLcode code);
  void on_ready(Connection& connection, std::uint32_t events);
  void read_from(Connection& connection);
  void flush(Connection& connection);
  void mark_dirty(Connection& connection);
  void watch(Connection& connection, std::uint32_t events);
  void settle();
  void expire_due();
  void drop_stale_deadlines();
  int wait_ms() const;

  const H2cTargets& targets_;
  RequestFeed& feed_;
  ProgressLine* progress_;
  const Clock::duration timeout_;
  const Clock::duration connect_timeout_;
  const std::size_t connections_per_origin_;
  OwnedFd epoll_;
  std::unique_ptr<nghttp2_session_callbacks, decltype(&nghttp2_session_callbacks_del)> callbacks_;
  std::unique_ptr<nghttp2_option, decltype(&nghttp2_option_del)> options_;
  std::vector<Slot> slots_;
  std::vector<Addresses> addresses_;                  // per origin, looked up at its first connection
  std::vector<std::vector<std::uint64_t>> current_;   // per origin and position: serial of its connection
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::uint64_t last_serial_ = 0;
  std::deque<std::tuple<Clock::time_point, std::uint32_t, std::uint32_t>> deadlines_;  // slot, generation
  std::deque<std::pair<Clock::time_point, std::uint64_t>> connect_deadlines_;
  std::vector<Ended> ended_;
  std::vector<std::uint64_t> dirty_;
  std::vector<FetchRecord> records_;
  std::size_t in_flight_ = 0;
  std::string batch_;
  std::vector<std::uint8_t> read_buffer_;
};

template <typename Seconds>
Clock::duration duration_of(Seconds seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

Nghttp2Loop::Nghttp2Loop(const H2cTargets& targets, const TransferSettings& settings, std::size_t handles,
                         std::size_t connections, RequestFeed& feed, std::size_t records, ProgressLine* progress)
    : targets_(targets), feed_(feed), progress_(progress), timeout_(duration_of(settings.timeout_s)),
      connect_timeout_(duration_of(settings.connect_timeout_s)), connections_per_origin_(std::max<std::size_t>(connections, 1)),
      epoll_(epoll_create1(EPOLL_CLOEXEC)), callbacks_(nullptr, &nghttp2_session_callbacks_del),
      options_(nullptr, &nghttp2_option_del), slots_(handles), addresses_(targets.origins().size()),
      current_(targets.origins().size(), std::vector<std::uint64_t>(connections_per_origin_, 0)),
      read_buffer_(kReadChunk) {
  if (epoll_.get() < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_option* options = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0 || nghttp2_option_new(&options) != 0) {
    nghttp2_session_callbacks_del(callbacks);
    throw std::runtime_error("nghttp2: out of memory");
  }
  callbacks_.reset(callbacks);
  options_.reset(options);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &on_stream_close);
  nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, &on_frame_not_sent);
  // A client that never reprioritises needs none of the closed streams nghttp2 keeps for the RFC 7540
  // priority tree.
  nghttp2_option_set_no_closed_streams(options, 1);
  records_.reserve(records);
  batch_.reserve(kWriteBatch);
}

std::vector<FetchRecord> Nghttp2Loop::run() {
  for (std::uint32_t slot = 0; slot < slots_.size(); ++slot) {
    const auto request = feed_.take();
    if (!request) break;
    start(slot, request->index);
  }
  settle();
  epoll_event events[kMaxEventsPerWait];
  while (in_flight_ > 0) {
    const int ready = epoll_wait(epoll_.get(), events, kMaxEventsPerWait, wait_ms());
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    for (int i = 0; i < ready; ++i) {
      const auto found = connections_.find(events[i].data.u64);
      if (found != connections_.end() && !found->second->dead) on_ready(*found->second, events[i].events);
    }
    settle();
    expire_due();
    settle();
    if (progress_) progress_->draw_if_due();
  }
  return std::move(records_);
}

void Nghttp2Loop::start(std::uint32_t slot, std::size_t request) {
  Slot& transfer = slots_[slot];
  transfer.request = request;
  transfer.started = Clock::now();
  transfer.bytes = 0;
  transfer.status = 0;
  transfer.retries = 0;
  ++transfer.generation;
  transfer.busy = true;
  ++in_flight_;
  drop_stale_deadlines();
  deadlines_.emplace_back(transfer.started + timeout_, slot, transfer.generation);
  submit(slot);
}

void Nghttp2Loop::submit(std::uint32_t slot) {
  Slot& transfer = slots_[slot];
  const auto& target = targets_.target_for(transfer.request);
  Connection& connection = connection_for(target.origin, slot % connections_per_origin_);
  if (connection.dead) {
    ended_.push_back({slot, transfer.generation, connection.failure, false});
    return;
  }
  static const std::string get = "GET", http = "http", anything = "*/*";
  const nghttp2_nv headers[] = {header(":method", 7, get), header(":scheme", 7, http),
                                header(":authority", 10, targets_.origins()[target.origin].authority),
                                header(":path", 5, target.path), header("accept", 6, anything)};
  const std::int32_t stream = nghttp2_submit_request(connection.session, nullptr, headers, 5, nullptr, nullptr);
  if (stream < 0) {
    // The connection has used up its stream ids: the next try goes to a new one.
    if (stream == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE) connection.retired = true;
    ended_.push_back({slot, transfer.generation, CURLE_HTTP2, transfer.retries < kMostRetries});
    return;
  }
  connection.streams.emplace(stream, slot);
  transfer.connection = connection.serial;
  transfer.stream = stream;
  mark_dirty(connection);
}

void Nghttp2Loop::finish(std::uint32_t slot, CURLcode code) {
  Slot& transfer = slots_[slot];
  FetchRecord& record = records_.emplace_back();
  record.latency_s = std::chrono::duration<double>(Clock::now() - transfer.started).count();
  record.bytes = transfer.bytes;
  record.http_status = transfer.status;
  record.code = code;
  record.outcome = classify(code, transfer.status);
  if (progress_) progress_->count(record.outcome != Outcome::ok);
  // A stream still open (its request timed out) is cancelled, so the server stops working on it.
  const auto found = connections_.find(transfer.connection);
  if (found != connections_.end() && !found->second->dead && found->second->streams.erase(transfer.stream) > 0) {
    nghttp2_submit_rst_stream(found->second->session, NGHTTP2_FLAG_NONE, transfer.stream, NGHTTP2_CANCEL);
    mark_dirty(*found->second);
  }
  transfer.busy = false;
  transfer.connection = 0;
  --in_flight_;
  if (const auto next = feed_.take()) start(slot, next->index);
}

Connection& Nghttp2Loop::connection_for(std::size_t origin, std::size_t position) {
  std::uint64_t& serial = current_[origin][position];
  const auto found = connections_.find(serial);
  if (found != connections_.end() && found->second->accepting()) return *found->second;
  // A connection that takes no more streams finishes the ones it has beside its successor.
  Connection& opened = open_connection(origin);
  serial = opened.serial;
  return opened;
}

Connection& Nghttp2Loop::open_connection(std::size_t origin) {
  auto owned = std::make_unique<Connection>(*this, ++last_serial_, origin);
  Connection& connection = *owned;
  if (nghttp2_session_client_new2(&connection.session, callbacks_.get(), &connection, options_.get()) != 0) {
    throw std::runtime_error("nghttp2_session_client_new2: out of memory");
  }
  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                             {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1}};
  nghttp2_submit_settings(connection.session, NGHTTP2_FLAG_NONE, settings, 2);
  connections_.emplace(connection.serial, std::move(owned));
  drop_stale_deadlines();
  connect_deadlines_.emplace_back(Clock::now() + connect_timeout_, connection.serial);
  try_connect(connection);
  return connection;
}

const Addresses& Nghttp2Loop::addresses_of(std::size_t origin) {
  Addresses& found = addresses_[origin];
  if (found.looked_up) return found;
  found.looked_up = true;
  // A blocking look-up, once per origin and loop, before its first connection; a name that does not
  // resolve fails every request to it without asking again.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const auto& name = targets_.origins()[origin];
  if (getaddrinfo(name.host.c_str(), name.port.c_str(), &hints, &list) != 0) {
    found.failed = true;
    return found;
  }
  for (const addrinfo* entry = list; entry; entry = entry->ai_next) {
    sockaddr_storage address{};
    std::memcpy(&address, entry->ai_addr, entry->ai_addrlen);
    found.list.emplace_back(address, entry->ai_addrlen);
  }
  freeaddrinfo(list);
  return found;
}

void Nghttp2Loop::try_connect(Connection& connection) {
  const Addresses& addresses = addresses_of(connection.origin);
  if (addresses.failed) {
    fail(connection, CURLE_COULDNT_RESOLVE_HOST);
    return;
  }
  // Each address in the resolver's order until one takes the connection ("localhost" may be ::1 first).
  while (connection.next_address < addresses.list.size()) {
    const auto& [address, length] = addresses.list[connection.next_address++];
    if (connection.fd >= 0) close(connection.fd);  // closing also drops it from the epoll set
    connection.registered = 0;
    connection.fd = socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (connection.fd < 0) break;
    const linger abortive{.l_onoff = 1, .l_linger = 0};
    setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    const int one = 1;
    setsockopt(connection.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(connection.fd, reinterpret_cast<const sockaddr*>(&address), length) == 0 || errno == EINPROGRESS) {
      // Connected or not, the first writable event says which.
      watch(connection, EPOLLIN | EPOLLOUT);
      return;
    }
  }
  fail(connection, CURLE_COULDNT_CONNECT);
}

void Nghttp2Loop::fail(Connection& connection, CURLcode code) {
  if (!connection.dead) connection.failure = code;
  connection.dead = true;
  for (const auto& [stream, slot] : connection.streams) ended_.push_back({slot, slots_[slot].generation, code, false});
  connection.streams.clear();
}

void Nghttp2Loop::on_ready(Connection& connection, std::uint32_t events) {
  if (!connection.connected) {
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
      try_connect(connection);
      return;
    }
    if (!(events & EPOLLOUT)) return;
    connection.connected = true;
    mark_dirty(connection);
  }
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) read_from(connection);
  if (!connection.dead && (events & EPOLLOUT)) mark_dirty(connection);
}

void Nghttp2Loop::read_from(Connection& connection) {
  for (;;) {
    const ssize_t got = recv(connection.fd, read_buffer_.data(), read_buffer_.size(), 0);
    if (got > 0) {
      if (nghttp2_session_mem_recv(connection.session, read_buffer_.data(), static_cast<std::size_t>(got)) < 0) {
        fail(connection, CURLE_HTTP2);
        return;
      }
      // Less than a full buffer: nothing more waits now, and the level-triggered set says when more comes.
      if (static_cast<std::size_t>(got) < read_buffer_.size()) break;
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    // The server closed or reset the connection: the streams on it end without their answers.
    fail(connection, CURLE_RECV_ERROR);
    return;
  }
  mark_dirty(connection);  // acknowledgements and window updates to send
}

void Nghttp2Loop::flush(Connection& connection) {
  if (connection.dead || !connection.connected) return;
  for (;;) {
    if (connection.unsent.empty()) {
      batch_.clear();
      while (batch_.size() < kWriteBatch) {
        const std::uint8_t* data = nullptr;
        const ssize_t size = nghttp2_session_mem_send(connection.session, &data);
        if (size < 0) {
          fail(connection, CURLE_HTTP2);
          return;
        }
        if (size == 0) break;
        batch_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
      }
      if (batch_.empty()) break;
      connection.unsent.swap(batch_);
    }
    const ssize_t sent = send(connection.fd, connection.unsent.data(), connection.unsent.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (sent < 0) {
      fail(connection, CURLE_SEND_ERROR);
      return;
    }
    connection.unsent.erase(0, static_cast<std::size_t>(sent));
    if (!connection.unsent.empty()) break;  // the kernel's buffer is full: wait to be writable
  }
  // Over when neither side has anything more to say (a GOAWAY, or a protocol error nghttp2 answered).
  if (connection.unsent.empty() && !nghttp2_session_want_read(connection.session) &&
      !nghttp2_session_want_write(connection.session)) {
    fail(connection, CURLE_HTTP2);
    return;
  }
  watch(connection, EPOLLIN | (connection.unsent.empty() ? 0u : EPOLLOUT));
}

void Nghttp2Loop::mark_dirty(Connection& connection) {
  if (connection.dirty) return;
  connection.dirty = true;
  dirty_.push_back(connection.serial);
}

void Nghttp2Loop::watch(Connection& connection, std::uint32_t events) {
  if (connection.registered == events) return;
  epoll_event change{};
  change.events = events;
  change.data.u64 = connection.serial;
  const int operation = connection.registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(epoll_.get(), operation, connection.fd, &change) != 0) {
    throw std::system_error(errno, std::generic_category(), "epoll_ctl");
  }
  connection.registered = events;
}

void Nghttp2Loop::settle() {
  std::vector<Ended> ended;
  std::vector<std::uint64_t> dirty;
  while (!ended_.empty() || !dirty_.empty()) {
    ended.swap(ended_);
    for (const Ended& end : ended) {
      Slot& transfer = slots_[end.slot];
      if (!transfer.busy || transfer.generation != end.generation) continue;
      if (end.again) {
        ++transfer.retries;
        transfer.status = 0;
        transfer.bytes = 0;
        submit(end.slot);
      } else {
        finish(end.slot, end.code);
      }
    }
    ended.clear();
    dirty.swap(dirty_);
    for (const std::uint64_t serial : dirty) {
      const auto found = connections_.find(serial);
      if (found == connections_.end()) continue;
      found->second->dirty = false;
      flush(*found->second);
    }
    dirty.clear();
  }
  // Closed: the connections that failed or ended, and those no longer taking streams once theirs are done.
  std::erase_if(connections_, [](const auto& entry) {
    const Connection& connection = *entry.second;
    return connection.dead || (connection.streams.empty() && !connection.accepting());
  });
}

void Nghttp2Loop::expire_due() {
  const auto now = Clock::now();
  while (!deadlines_.empty() && std::get<0>(deadlines_.front()) <= now) {
    const auto [deadline, slot, generation] = deadlines_.front();
    deadlines_.pop_front();
    if (slots_[slot].busy && slots_[slot].generation == generation) finish(slot, CURLE_OPERATION_TIMEDOUT);
  }
  while (!connect_deadlines_.empty() && connect_deadlines_.front().first <= now) {
    const auto found = connections_.find(connect_deadlines_.front().second);
    connect_deadlines_.pop_front();
    if (found != connections_.end() && !found->second->connected && !found->second->dead) {
      fail(*found->second, CURLE_OPERATION_TIMEDOUT);
    }
  }
}

// An entry stays queued until its deadline even when its request ended long before: at 75k requests a
// second and the default 30 s timeout that would be 2 million entries. Once the queues hold more than
// twice what can be live (a deadline per slot, one per connection), the ended entries go; order is kept.
void Nghttp2Loop::drop_stale_deadlines() {
  if (deadlines_.size() > 2 * slots_.size() + 64) {
    std::erase_if(deadlines_, [this](const auto& entry) {
      const Slot& transfer = slots_[std::get<1>(entry)];
      return !transfer.busy || transfer.generation != std::get<2>(entry);
    });
  }
  if (connect_deadlines_.size() > 2 * connections_.size() + 64) {
    std::erase_if(connect_deadlines_, [this](const auto& entry) {
      const auto found = connections_.find(entry.second);
      return found == connections_.end() || found->second->connected || found->second->dead;
    });
  }
}

int Nghttp2Loop::wait_ms() const {
  std::optional<Clock::time_point> first;
  if (!deadlines_.empty()) first = std::get<0>(deadlines_.front());
  if (!connect_deadlines_.empty() && (!first || connect_deadlines_.front().first < *first)) {
    first = connect_deadlines_.front().first;
  }
  if (!first) return -1;
  const auto left = *first - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  // Rounded up: waking before the deadline would only spin.
  return static_cast<int>(std::min<long long>(std::chrono::ceil<std::chrono::milliseconds>(left).count(), 60'000));
}

Slot* Nghttp2Loop::slot_of(Connection& connection, std::int32_t stream) {
  const auto found = connection.streams.find(stream);
  return found == connection.streams.end() ? nullptr : &slots_[found->second];
}

void Nghttp2Loop::stream_closed(Connection& connection, std::int32_t stream, std::uint32_t error_code) {
  const auto found = connection.streams.find(stream);
  if (found == connection.streams.end()) return;  // ended already (timed out), or not ours
  const std::uint32_t slot = found->second;
  connection.streams.erase(found);
  const Slot& transfer = slots_[slot];
  // Refused before the server processed it: safe to send again.
  const bool again = error_code == NGHTTP2_REFUSED_STREAM && transfer.status == 0 && transfer.retries < kMostRetries;
  CURLcode code = CURLE_HTTP2_STREAM;  // reset by the server (nginx's 444), or refused too often
  if (error_code == NGHTTP2_NO_ERROR) code = transfer.status != 0 ? CURLE_OK : CURLE_GOT_NOTHING;
  ended_.push_back({slot, transfer.generation, code, again});
}

int Nghttp2Loop::on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                           std::size_t name_size, const std::uint8_t* value, std::size_t value_size, std::uint8_t,
                           void* connection) {
  if (frame->hd.type != NGHTTP2_HEADERS || name_size != 7 || std::memcmp(name, ":status", 7) != 0) return 0;
  auto& owner = *static_cast<Connection*>(connection);
  Slot* transfer = owner.loop.slot_of(owner, frame->hd.stream_id);
  if (!transfer) return 0;
  // nghttp2 has checked it is three digits; an interim 1xx is replaced by the final status.
  int status = 0;
  for (std::size_t i = 0; i < value_size; ++i) status = status * 10 + (value[i] - '0');
  transfer->status = static_cast<std::int16_t>(status);
  return 0;
}

int Nghttp2Loop::on_data(nghttp2_session*, std::uint8_t, std::int32_t stream, const std::uint8_t*, std::size_t size,
                         void* connection) {
  auto& owner = *static_cast<Connection*>(connection);
  if (Slot* transfer = owner.loop.slot_of(owner, stream)) transfer->bytes += static_cast<long long>(size);
  return 0;
}

int Nghttp2Loop::on_stream_close(nghttp2_session*, std::int32_t stream, std::uint32_t error_code, void* connection) {
  auto& owner = *static_cast<Connection*>(connection);
  try {
    owner.loop.stream_closed(owner, stream, error_code);
  } catch (...) {
    return NGHTTP2_ERR_CALLBACK_FAILURE;  // out of memory: the connection fails with its streams
  }
  return 0;
}

int Nghttp2Loop::on_frame_not_sent(nghttp2_session*, const nghttp2_frame* frame, int, void* connection) {
  // A request that never left (the server's GOAWAY came first): it goes out again.
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto& owner = *static_cast<Connection*>(connection);
  try {
    owner.loop.stream_closed(owner, frame->hd.stream_id, NGHTTP2_REFUSED_STREAM);
  } catch (...) {
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  return 0;
}

}  // namespace

std::unique_ptr<FetchLoop> make_nghttp2_loop(const H2cTargets& targets, const TransferSettings& settings,
                                             std::size_t handles, std::size_t connections, RequestFeed& feed,
                                             std::size_t records, ProgressLine* progress) {
  return std::make_unique<Nghttp2Loop>(targets, settings, handles, connections, feed, records, progress);
}

}  // namespace bb::io
