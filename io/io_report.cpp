// Totals a run's records (nearest-rank percentiles, first error per class), fills the row, prints the summary.
#include "io_report.hpp"

#include <nghttp2/nghttp2.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "metadata.hpp"

namespace bb::io {

namespace {

// Process-lifetime peak, so a later repeat never reports less than an earlier one.
long long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // Linux reports KiB
}

const char* libcurl_version() { return curl_version_info(CURLVERSION_NOW)->version; }

// What made the transfers, as the summary names it: "libcurl 7.88.1" or "nghttp2 1.52.0".
std::string client_version(const std::string& client) {
  if (client == "nghttp2") return std::string("nghttp2 ") + nghttp2_version(0)->version_str;
  return std::string("libcurl ") + libcurl_version();
}

}  // namespace

const std::vector<std::string>& io_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names = {"suite",   "impl",     "workers", "ranks",  "threads",  "repeat",
                                      "wall_s",  "requests", "ok",      "failed", "http_4xx", "http_5xx",
                                      "timeout", "refused",  "closed",  "other",  "bytes",    "req_per_s",
                                      "p50_ms",  "p90_ms",   "p99_ms",  "max_ms", "peak_rss_kib",
                                      "cpu_s",   "ctx_voluntary", "ctx_involuntary", "target",
                                      "loops",   "shards",   "http_version", "nodes", "schedule",
                                      "client"};
    for (const auto& name : metadata_columns()) names.push_back(name);
    names.emplace_back("curl_version");
    return names;
  }();
  return columns;
}

double nearest_rank(const std::vector<double>& ascending, double p) {
  if (ascending.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(ascending.size())));
  return ascending[std::clamp<std::size_t>(rank, 1, ascending.size()) - 1];
}

RunTotals total_up(const std::vector<FetchRecord>& records) {
  RunTotals totals;
  totals.requests = records.size();
  std::vector<double> latencies_ms;
  latencies_ms.reserve(records.size());
  for (const auto& record : records) {
    const auto index = static_cast<std::size_t>(record.outcome);
    if (totals.by_outcome[index]++ == 0) {
      totals.first_code[index] = record.code;
      totals.first_status[index] = record.http_status;
    }
    totals.bytes += record.bytes;
    latencies_ms.push_back(record.latency_s * 1000.0);
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  totals.p50_ms = nearest_rank(latencies_ms, 50);
  totals.p90_ms = nearest_rank(latencies_ms, 90);
  totals.p99_ms = nearest_rank(latencies_ms, 99);
  totals.max_ms = nearest_rank(latencies_ms, 100);
  return totals;
}

Measurement IoReporter::measure(int repeat, double wall_s, const RunUsage& usage,
                                const std::vector<FetchRecord>& records) {
  last_ = total_up(records);
  last_wall_s_ = wall_s;
  last_peak_rss_kib_ = usage.peak_rss_kib > 0 ? usage.peak_rss_kib : peak_rss_kib();
  measured_ = true;
  const auto count = [&](Outcome outcome) { return static_cast<long long>(last_.count(outcome)); };

  Measurement measured{CsvRow(io_columns()), wall_s, last_.failed() == 0};
  measured.row.set("suite", "io")
      .set("impl", setup_.impl)
      .set("workers", setup_.workers)
      .set("ranks", setup_.ranks)
      .set("threads", setup_.threads)
      .set("repeat", repeat)
      .set("wall_s", wall_s)
      .set("requests", static_cast<long long>(last_.requests))
      .set("ok", count(Outcome::ok))
      .set("failed", static_cast<long long>(last_.failed()))
      .set("http_4xx", count(Outcome::http_4xx))
      .set("http_5xx", count(Outcome::http_5xx))
      .set("timeout", count(Outcome::timeout))
      .set("refused", count(Outcome::refused))
      .set("closed", count(Outcome::closed))
      .set("other", count(Outcome::other))
      .set("bytes", last_.bytes)
      .set("req_per_s", wall_s > 0 ? static_cast<double>(last_.requests) / wall_s : 0.0)
      .set("p50_ms", last_.p50_ms)
      .set("p90_ms", last_.p90_ms)
      .set("p99_ms", last_.p99_ms)
      .set("max_ms", last_.max_ms)
      .set("peak_rss_kib", last_peak_rss_kib_)
      .set("cpu_s", usage.cpu_s)
      .set("ctx_voluntary", usage.voluntary)
      .set("ctx_involuntary", usage.involuntary)
      .set("target", setup_.target)
      .set("loops", setup_.loops)
      .set("shards", setup_.shards)
      .set("http_version", setup_.http_version)
      .set("nodes", setup_.nodes)
      .set("schedule", setup_.schedule)
      .set("client", setup_.client);
  set_metadata(measured.row);
  measured.row.set("curl_version", libcurl_version());
  return measured;
}

std::string IoReporter::label() const {
  std::string text = setup_.impl;
  if (setup_.impl != "io_seq") text += " workers=" + std::to_string(setup_.workers);
  return text;
}

void IoReporter::print_summary() const {
  if (!measured_) return;
  const char* impl = setup_.impl.c_str();
  // A rate of requests that all failed would read as a throughput; it is not one.
  const bool any_ok = last_.count(Outcome::ok) > 0;
  char rate[64] = "no request succeeded";
  if (any_ok && last_wall_s_ > 0) {
    std::snprintf(rate, sizeof rate, "%.1f req/s", static_cast<double>(last_.requests) / last_wall_s_);
  }
  std::fprintf(stderr, "%s: last run: %zu requests, %zu ok, %zu failed, %lld body bytes, %s\n", impl,
               last_.requests, last_.count(Outcome::ok), last_.failed(), last_.bytes, rate);
  std::fprintf(stderr, "%s: latency ms p50 %.3f p90 %.3f p99 %.3f max %.3f; peak RSS %lld KiB (%s)\n", impl,
               last_.p50_ms, last_.p90_ms, last_.p99_ms, last_.max_ms, last_peak_rss_kib_,
               client_version(setup_.client).c_str());
  for (Outcome outcome : kAllOutcomes) {
    const auto index = static_cast<std::size_t>(outcome);
    if (outcome == Outcome::ok || last_.by_outcome[index] == 0) continue;
    const bool http = outcome == Outcome::http_4xx || outcome == Outcome::http_5xx;
    std::fprintf(stderr, "%s: %s: %zu (first: %s%s)\n", impl, outcome_name(outcome), last_.by_outcome[index],
                 http ? "HTTP " : curl_easy_strerror(last_.first_code[index]),
                 http ? std::to_string(last_.first_status[index]).c_str() : "");
  }
  if (last_.count(Outcome::refused) == last_.requests && !setup_.refused_hint.empty()) {
    std::fprintf(stderr, "%s: %s\n", impl, setup_.refused_hint.c_str());
  }
}

}  // namespace bb::io
