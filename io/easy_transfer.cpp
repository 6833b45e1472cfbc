// Sets the shared options (http/https, TLS checks, timeouts, HTTP/1.1 or 2, reset on close) and times each request.
#include "easy_transfer.hpp"

#include <strings.h>
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

bool uses_tls(const std::string& url) { return strncasecmp(url.c_str(), "https:", 6) == 0; }

}  // namespace

CURLcode http_version_check(long used, bool http2) {
  const bool used_http2 = used == CURL_HTTP_VERSION_2_0;
  // Without --http2 an HTTP/1.0 answer is as good as 1.1; only a switch to 2 (or 3) is another version.
  const bool agrees = http2 ? used_http2 : !used_http2 && used != CURL_HTTP_VERSION_3;
  return agrees ? CURLE_OK : CURLE_UNSUPPORTED_PROTOCOL;
}

EasyTransfer::EasyTransfer(const TransferSettings& settings)
    : owned_(curl_easy_init(), &curl_easy_cleanup), easy_(owned_.get()), http2_(settings.http2),
      h2c_(settings.http2 && !settings.fresh_connections ? std::make_shared<H2cOrigins>() : nullptr) {
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
  // HTTP/1.1 like the seed's clients (one connection per transfer in flight) unless --http2; the
  // version for HTTP/2 depends on each URL's scheme and is set in prepare.
  SET(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  // HTTP/2: a transfer waits for a connection that is still being set up to say whether it can
  // multiplex, rather than open one of its own; what the multi handle allows sets how many exist.
  if (http2_) SET(easy_, CURLOPT_PIPEWAIT, 1L);
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
    if (http2_) {
      // Over TLS, ALPN picks HTTP/2. Without TLS it takes prior knowledge (nginx's h2c listener
      // speaks nothing else, and an Upgrade would cost a round trip per connection): on a fresh
      // connection every time, else only for the transfer that opens the connection (below).
      SET(easy_, CURLOPT_HTTP_VERSION, uses_tls(url) ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
      origin_ = h2c_ && !uses_tls(url) ? connection_origin(url) : std::string();
    }
    url_ = &url;
  }
  if (!origin_.empty()) {
    // Joining transfers ask for plain HTTP/2, which libcurl takes on an HTTP/2 connection as it is.
    claim_ = h2c_->claim(origin_);
    SET(easy_, CURLOPT_HTTP_VERSION, claim_.opens ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE : CURL_HTTP_VERSION_2_0);
    SET(easy_, CURLOPT_FRESH_CONNECT, claim_.opens ? 1L : 0L);
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
  if (code == CURLE_OK) {
    long used = 0;
    curl_easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &used);
    code = http_version_check(used, http2_);
  }
  if (!origin_.empty()) h2c_->ended(origin_, claim_.generation, code);
  record.code = code;
  record.outcome = classify(code, status);
  return record;
}

std::size_t EasyTransfer::count_body(char*, std::size_t size, std::size_t count, void* self) {
  static_cast<EasyTransfer*>(self)->bytes_ += static_cast<long long>(size * count);
  return size * count;
}

}  // namespace bb::io
