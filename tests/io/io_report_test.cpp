// Unit tests of the I/O rows: schema order, totals, percentiles, and the pass/fail verdict.
#include <gtest/gtest.h>

#include "io_report.hpp"
#include "metadata.hpp"

namespace bb::io {
namespace {

FetchRecord record(Outcome outcome, double latency_ms, long long bytes, CURLcode code = CURLE_OK, int status = 200) {
  FetchRecord made;
  made.outcome = outcome;
  made.latency_s = latency_ms / 1000.0;
  made.bytes = bytes;
  made.code = code;
  made.http_status = status;
  return made;
}

TEST(IoColumns, StartWithTheCommonColumnsAndEndWithMetadataThenCurl) {
  const auto& columns = io_columns();
  const std::vector<std::string> head = {"suite", "impl",     "workers", "ranks",  "threads",
                                         "repeat", "wall_s",  "requests", "ok",    "failed"};
  ASSERT_GE(columns.size(), head.size());
  EXPECT_EQ(std::vector<std::string>(columns.begin(), columns.begin() + static_cast<long>(head.size())), head);
  EXPECT_NE(std::find(columns.begin(), columns.end(), "req_per_s"), columns.end());
  const auto& metadata = metadata_columns();
  EXPECT_EQ(std::vector<std::string>(columns.end() - 1 - static_cast<long>(metadata.size()), columns.end() - 1),
            metadata);
  EXPECT_EQ(columns.back(), "curl_version");
}

TEST(NearestRank, PicksTheSmallestValueCoveringTheShare) {
  const std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(nearest_rank(values, 50), 5);
  EXPECT_EQ(nearest_rank(values, 90), 9);
  EXPECT_EQ(nearest_rank(values, 99), 10);
  EXPECT_EQ(nearest_rank(values, 100), 10);
  EXPECT_EQ(nearest_rank({7}, 50), 7);
  EXPECT_EQ(nearest_rank({}, 50), 0);
}

TEST(TotalUp, CountsEveryRecordInOneClassAndKeepsTheFirstError) {
  const std::vector<FetchRecord> records = {
      record(Outcome::ok, 3, 100),
      record(Outcome::http_5xx, 1, 20, CURLE_OK, 503),
      record(Outcome::timeout, 9, 5, CURLE_OPERATION_TIMEDOUT, 0),
      record(Outcome::http_5xx, 2, 20, CURLE_OK, 500),
      record(Outcome::ok, 4, 100),
  };
  const RunTotals totals = total_up(records);
  EXPECT_EQ(totals.requests, 5u);
  EXPECT_EQ(totals.count(Outcome::ok), 2u);
  EXPECT_EQ(totals.count(Outcome::http_5xx), 2u);
  EXPECT_EQ(totals.count(Outcome::timeout), 1u);
  EXPECT_EQ(totals.failed(), 3u);
  EXPECT_EQ(totals.bytes, 245);
  EXPECT_EQ(totals.first_status[static_cast<std::size_t>(Outcome::http_5xx)], 503);
  EXPECT_EQ(totals.first_code[static_cast<std::size_t>(Outcome::timeout)], CURLE_OPERATION_TIMEDOUT);
  EXPECT_DOUBLE_EQ(totals.p50_ms, 3);
  EXPECT_DOUBLE_EQ(totals.max_ms, 9);
}

TEST(IoReporter, FillsEveryColumnAndFailsARunWithAFailedRequest) {
  IoReporter reporter({.impl = "io_threads", .workers = 4, .threads = 4, .target = "http://h/x", .refused_hint = ""});
  const RunUsage usage{.cpu_s = 0.25, .voluntary = 7, .involuntary = 3};
  const Measurement good = reporter.measure(0, 0.5, usage, {record(Outcome::ok, 1, 10), record(Outcome::ok, 2, 10)});
  EXPECT_TRUE(good.passed);
  EXPECT_TRUE(good.row.complete());
  const auto& values = good.row.values();
  const auto at = [&](const std::string& column) {
    const auto& columns = io_columns();
    return values[static_cast<std::size_t>(std::find(columns.begin(), columns.end(), column) - columns.begin())];
  };
  EXPECT_EQ(at("suite"), "io");
  EXPECT_EQ(at("threads"), "4");
  EXPECT_EQ(at("ranks"), "1");
  EXPECT_EQ(at("req_per_s"), "4");
  EXPECT_EQ(at("bytes"), "20");
  EXPECT_EQ(at("cpu_s"), "0.25");
  EXPECT_EQ(at("ctx_voluntary"), "7");
  EXPECT_EQ(at("ctx_involuntary"), "3");
  EXPECT_EQ(at("target"), "http://h/x");

  const Measurement bad = reporter.measure(1, 0.5, usage, {record(Outcome::ok, 1, 10), record(Outcome::closed, 2, 0)});
  EXPECT_FALSE(bad.passed);
}

}  // namespace
}  // namespace bb::io
