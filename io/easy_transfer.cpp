// Sets the shared options (http/https, TLS checks, timeouts, HTTP/1.1, reset on close) and times each request.
#include "easy_transfer.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace bb::io {

namespace {

long milliseconds(double seconds) { return std::max(1L, std::lround(seconds * 1000.0)); }

// A failed setopt (out of memory, an option this libcurl lacks) stops the run, so no request
// silently goes out with other settings than the ones reported.
void check(CURLcode code, const char* what) {
  if (code != CURLE_OK) throw std::runtime_error(std::string("libcurl refused ") + what + ": " + curl_easy_strerror(code));
}
#define SET(easy, option, value) check(curl_easy_setopt(easy, option, value), #option)

// Connections end with a reset instead of FIN, which leaves no TIME_WAIT socket behind. libcurl
// closes a connection only when it is done with it (the response read, or the transfer failed),
// so nothing is lost; without it every repeat inherits the previous one's TIME_WAIT sockets and
// new connects slow down (10,000 connections: about 0.4 s more kernel time per run), so repeats
// would not start from the same state.
int close_with_reset(void*, curl_socket_t socket_fd, curlsocktype) {
  const linger abortive{.l_onoff = 1, .l_linger = 0};
  setsockopt(socket_fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  return CURL_SOCKOPT_OK;
}

}  // namespace

EasyTransfer::EasyTransfer(const TransferSettings& settings) : owned_(curl_easy_init(), &curl_easy_cleanup), easy_(owned_.get()) {
  if (!easy_) throw std::runtime_error("curl_easy_init failed (out of memory?)");
  SET(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  SET(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  SET(easy_, CURLOPT_FOLLOWLOCATION, 1L);
  SET(easy_, CURLOPT_MAXREDIRS, 5L);
  SET(easy_, CURLOPT_SSL_VERIFYPEER, 1L);
  SET(easy_, CURLOPT_SSL_VERIFYHOST, 2L);
  // Threads must never get SIGALRM from libcurl's timeouts.
  SET(easy_, CURLOPT_NOSIGNAL, 1L);
  SET(easy_, CURLOPT_TIMEOUT_MS, milliseconds(settings.timeout_s));
  SET(easy_, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(settings.connect_timeout_s));
  // HTTP/1.1 like the seed's clients: one connection per transfer in flight, no h2 multiplexing.
  SET(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  SET(easy_, CURLOPT_WRITEFUNCTION, &EasyTransfer::count_body);
  SET(easy_, CURLOPT_WRITEDATA, this);
  SET(easy_, CURLOPT_PRIVATE, this);
  SET(easy_, CURLOPT_SOCKOPTFUNCTION, &close_with_reset);
  if (!settings.proxy_from_environment) SET(easy_, CURLOPT_PROXY, "");
  if (settings.fresh_connections) {
    SET(easy_, CURLOPT_FRESH_CONNECT, 1L);
    SET(easy_, CURLOPT_FORBID_REUSE, 1L);
  }
}

void EasyTransfer::prepare(std::size_t request, const std::string& url) {
  // libcurl copies the URL; skipping the copy when it is unchanged saves an allocation per request.
  if (url_ != &url) {
    SET(easy_, CURLOPT_URL, url.c_str());
    url_ = &url;
  }
  request_ = request;
  bytes_ = 0;
  started_ = std::chrono::steady_clock::now();
}

FetchRecord EasyTransfer::perform() { return finish(curl_easy_perform(easy_)); }

FetchRecord EasyTransfer::finish(CURLcode code) {
  FetchRecord record;
  record.latency_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  record.http_status = static_cast<int>(status);
  record.bytes = bytes_;
  record.code = code;
  record.outcome = classify(code, status);
  return record;
}

std::size_t EasyTransfer::count_body(char*, std::size_t size, std::size_t count, void* self) {
  static_cast<EasyTransfer*>(self)->bytes_ += static_cast<long long>(size * count);
  return size * count;
}

}  // namespace bb::io
