// Declares TransferSettings and EasyTransfer: one reusable libcurl easy handle and the record of its current request.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "fetch_record.hpp"
#include "h2c_origins.hpp"

namespace bb::io {

// Which HTTP client the event-loop models drive: libcurl, or nghttp2 directly for h2c (--client).
enum class Client { libcurl, nghttp2 };

struct TransferSettings {
  double timeout_s = 30;          // whole request, connect included
  double connect_timeout_s = 10;
  bool fresh_connections = false; // a new connection per request, closed after it (no session)
  // HTTP/2 (--http2): prior knowledge on http:// (h2c, no Upgrade round trip), ALPN on https://.
  // A transfer that libcurl ends up making over another version counts as failed (see finish).
  bool http2 = false;
  // libcurl reads the proxy variables on every request; when none is set the answer is
  // known once, and CURLOPT_PROXY "" skips the look-ups.
  bool proxy_from_environment = true;
  Client client = Client::libcurl;
};

// What a transfer that libcurl completed over HTTP version `used` (CURLINFO_HTTP_VERSION) ends with
// when the run asked for HTTP/2 (`http2`) or HTTP/1.1: CURLE_OK when they agree, else
// CURLE_UNSUPPORTED_PROTOCOL, so the request counts as failed ("other") and the row's http_version
// never describes transfers made over another version (over https, ALPN can fall back to 1.1).
CURLcode http_version_check(long used, bool http2);

// The handle keeps its connection cache (blocking models) and its options between requests;
// only the URL and the counters change per request.
class EasyTransfer {
 public:
  explicit EasyTransfer(const TransferSettings& settings);
  EasyTransfer(const EasyTransfer&) = delete;
  EasyTransfer& operator=(const EasyTransfer&) = delete;

  CURL* handle() const { return easy_; }
  std::size_t request() const { return request_; }

  // Points the handle at request number `request` (URL `url`, which must outlive the
  // transfer) and starts its latency clock.
  void prepare(std::size_t request, const std::string& url);

  // Multi models: this handle works in the same multi handle, so the same connection cache, as
  // `other`, and shares its record of the h2c connections there (see H2cOrigins).
  void share_connections(const EasyTransfer& other) { h2c_ = other.h2c_; }

  // Whether the prepared request opens its origin's h2c connection. A multi model lets libcurl
  // start it at once, so that the connection is in the cache, marked as one that is being set up,
  // before any later transfer looks: with CURLOPT_PIPEWAIT they wait for it instead of opening
  // connections of their own.
  bool opens_connection() const { return claim_.opens; }

  // Blocking models: runs the prepared request to its end.
  FetchRecord perform();

  // The prepared request's record, once libcurl has ended it with `code`.
  FetchRecord finish(CURLcode code);

 private:
  static std::size_t count_body(char* data, std::size_t size, std::size_t count, void* self);

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> owned_;
  CURL* easy_;  // owned_.get(), named for brevity
  const bool http2_;
  std::shared_ptr<H2cOrigins> h2c_;  // --http2 on connections that are kept: who opens one
  std::string origin_;               // the h2c origin of the current URL; empty for https:// or without h2c_
  H2cOrigins::Claim claim_;          // the prepared request's part in its origin's connection
  const std::string* url_ = nullptr;
  std::size_t request_ = 0;
  long long bytes_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace bb::io
