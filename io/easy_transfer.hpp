// Declares TransferSettings and EasyTransfer: one reusable libcurl easy handle and the record of its current request.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "fetch_record.hpp"

namespace bb::io {

struct TransferSettings {
  double timeout_s = 30;          // whole request, connect included
  double connect_timeout_s = 10;
  bool fresh_connections = false; // a new connection per request, closed after it (no session)
  // libcurl reads the proxy variables on every request; when none is set the answer is
  // known once, and CURLOPT_PROXY "" skips the look-ups.
  bool proxy_from_environment = true;
};

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

  // Blocking models: runs the prepared request to its end.
  FetchRecord perform();

  // The prepared request's record, once libcurl has ended it with `code`.
  FetchRecord finish(CURLcode code);

 private:
  static std::size_t count_body(char* data, std::size_t size, std::size_t count, void* self);

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> owned_;
  CURL* easy_;  // owned_.get(), named for brevity
  const std::string* url_ = nullptr;
  std::size_t request_ = 0;
  long long bytes_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace bb::io
