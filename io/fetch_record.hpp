// Declares FetchRecord (one request's status, bytes, latency) and the Outcome classes a request can end in.
#pragma once

#include <curl/curl.h>

#include <array>
#include <cstdint>

namespace bb::io {

// Every request ends in exactly one of these, so ok + failed = requests always.
enum class Outcome : std::uint8_t { ok, http_4xx, http_5xx, timeout, refused, closed, other };
inline constexpr std::size_t kOutcomeCount = 7;
inline constexpr std::array<Outcome, kOutcomeCount> kAllOutcomes = {
    Outcome::ok, Outcome::http_4xx, Outcome::http_5xx, Outcome::timeout,
    Outcome::refused, Outcome::closed, Outcome::other};

// The CSV column name of a class ("ok", "http_4xx", ..., "closed", "other").
const char* outcome_name(Outcome outcome);

// An HTTP answer of 400 and up is a failure even though the transfer itself succeeded.
Outcome classify(CURLcode code, long http_status);

struct FetchRecord {
  double latency_s = 0;      // from handing the request to libcurl to its completion
  long long bytes = 0;       // body bytes received, error bodies included
  int http_status = 0;       // 0 when no response arrived
  CURLcode code = CURLE_OK;  // kept so the summary can name the first error of each class
  Outcome outcome = Outcome::other;
};

}  // namespace bb::io
