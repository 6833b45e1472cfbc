// io_multi with --client nghttp2 against the target's h2c port: accounting, faults, loops (failure
// classes and ranks: http2_test.cpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "io_test_support.hpp"

namespace bb::io::testing {
namespace {

std::string h2_url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(BB_H2_PORT) + path; }

const std::vector<std::string> kLean = {"--http2", "--client", "nghttp2", "--csv", "--repeats", "1", "--warmup", "0"};

void require_target() {
  if (target_answers()) return;
  if (std::getenv("BB_IO_REQUIRE_TARGET")) FAIL() << "no target answers on port " << target_port();
  GTEST_SKIP() << "no target on port " << target_port() << ": run through ctest (its fixture starts nginx) or start "
               << "it with scripts/target.sh start --port " << target_port() << " --h2-port " << BB_H2_PORT;
}

// Every request ends exactly once in its class, whatever the number of streams in flight.
class Nghttp2InFlight : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override { require_target(); }
};

TEST_P(Nghttp2InFlight, EveryRequestIsAccountedOnce) {
  const int workers = GetParam();
  const int requests = std::max(3 * workers + 1, 50);
  const auto run = run_io("io_multi", with({"--url", h2_url("/bytes?n=777"), "--requests", std::to_string(requests),
                                            "--workers", std::to_string(workers)},
                                           kLean),
                          120);
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  const auto& row = rows[0];
  EXPECT_EQ(number(row, "requests"), requests);
  EXPECT_EQ(number(row, "ok"), requests);
  EXPECT_EQ(number(row, "bytes"), 777LL * requests);
  EXPECT_EQ(row.at("client"), "nghttp2");
  EXPECT_EQ(row.at("http_version"), "2");
  // One connection per 100 streams in flight, at most 16: the shards' rule.
  EXPECT_EQ(number(row, "shards"), std::min((workers + 99) / 100, 16));
  EXPECT_NE(run.err.find("(nghttp2 "), std::string::npos) << "the summary names the client\n" << report(run);
}

INSTANTIATE_TEST_SUITE_P(InFlight, Nghttp2InFlight, ::testing::Values(1, 2, 17, 1000),
                         [](const auto& info) { return std::to_string(info.param); });

class Nghttp2Client : public ::testing::Test {
 protected:
  void SetUp() override { require_target(); }
};

TEST_F(Nghttp2Client, NothingListeningCountsEveryRequestRefused) {
  const auto run = run_io("io_multi", with({"--url", "http://127.0.0.1:1/fast", "--requests", "40", "--workers", "7"},
                                           kLean),
                          30);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "refused"), 40) << report(run);
}

// HTTP/2 with prior knowledge to a port that speaks only HTTP/1.1: every request fails at once, none waits.
TEST_F(Nghttp2Client, AnHttp11OnlyPortFailsEveryRequestPromptly) {
  const auto run = run_io("io_multi", with({"--url", target_url("/fast"), "--requests", "20", "--workers", "7",
                                            "--timeout", "20"},
                                           kLean),
                          30);
  ASSERT_FALSE(run.timed_out) << report(run);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "failed"), 20);
  EXPECT_EQ(number(rows[0], "timeout"), 0) << "the requests must fail, not wait for --timeout";
  EXPECT_LT(std::stod(rows[0].at("wall_s")), 10.0);
}

// Three loops over 7 streams in flight (3, 2, 2) and a request count no loop divides.
TEST_F(Nghttp2Client, LoopsSplitOddly) {
  const auto run = run_io("io_multi", with({"--url", h2_url("/bytes?n=5"), "--requests", "1001", "--workers", "7",
                                            "--loops", "3"},
                                           kLean),
                          60);
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 1001);
  EXPECT_EQ(number(rows[0], "bytes"), 5005);
  EXPECT_EQ(number(rows[0], "loops"), 3);
  EXPECT_EQ(number(rows[0], "shards"), 3) << "one connection per loop";
}

}  // namespace
}  // namespace bb::io::testing
