// The I/O executables with --http2 against the target's h2c port: counts, the http_version column, failures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "io_test_support.hpp"

namespace bb::io::testing {
namespace {

std::string h2_url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(BB_H2_PORT) + path; }

const std::vector<std::string> kOneRun = {"--csv", "--repeats", "1", "--warmup", "0"};

class Http2Model : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!target_answers()) {
      if (std::getenv("BB_IO_REQUIRE_TARGET")) FAIL() << "no target answers on port " << target_port();
      GTEST_SKIP() << "no target on port " << target_port() << ": run through ctest (its fixture starts nginx) or "
                   << "start it with scripts/target.sh start --port " << target_port() << " --h2-port "
                   << BB_H2_PORT;
    }
  }
  const std::string& program() const { return GetParam(); }
  std::string some_workers() const { return program() == "io_seq" ? "1" : "7"; }
};

TEST_P(Http2Model, EveryRequestSucceedsAndTheRowSaysHttp2) {
  // Two repeats: each starts from a fresh client, so each opens its connections again.
  const auto run = run_io(program(), {"--url", h2_url("/bytes?n=777"), "--requests", "60", "--workers",
                                      some_workers(), "--http2", "--csv", "--repeats", "2", "--warmup", "1"});
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 2u) << report(run);
  for (const auto& row : rows) {
    EXPECT_EQ(number(row, "ok"), 60);
    EXPECT_EQ(number(row, "bytes"), 60 * 777);
    EXPECT_EQ(row.at("http_version"), "2");
  }
}

TEST_P(Http2Model, WithoutTheFlagTheRowSaysHttp11) {
  const auto run = run_io(program(), with(kOneRun, {"--url", target_url("/fast"), "--requests", "5"}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(rows[0].at("http_version"), "1.1");
}

// A failed stream ends only itself: the requests beside it on the same connection still succeed.
TEST_P(Http2Model, FailuresAreCountedInTheirClassesAndSpareTheOtherStreams) {
  // Any of them may be the one that opens a connection (io_threads: each thread's first).
  const std::string file = h2_url("/fast") + "\n" + h2_url("/status?code=500") + "\n" +
                           h2_url("/status?code=404") + "\n" + h2_url("/delay?s=30") + "\n" + h2_url("/close") +
                           "\n" + h2_url("/bytes?n=10") + "\n" + h2_url("/delay?s=0.2") + "\n" + h2_url("/fast") +
                           "\n";
  const TempFile urls(file);
  // io_multi also with its lean client, one stream at a time and several.
  std::vector<std::vector<std::string>> variants = {{"--workers", some_workers()}};
  if (program() == "io_multi") {
    variants.push_back({"--workers", "1", "--client", "nghttp2"});
    variants.push_back({"--workers", "7", "--client", "nghttp2"});
  }
  for (const auto& variant : variants) {
    const auto run = run_io(program(), with(with(kOneRun, {"--urls", urls.path(), "--requests", "16", "--timeout", "2",
                                                           "--http2"}),
                                            variant),
                            40);
    ASSERT_FALSE(run.timed_out) << report(run);
    ASSERT_EQ(run.exit_code, 1) << report(run);
    const auto rows = csv_rows(run.out);
    ASSERT_EQ(rows.size(), 1u) << report(run);
    const auto& row = rows[0];
    EXPECT_EQ(number(row, "requests"), 16);
    EXPECT_EQ(number(row, "ok"), 8) << "the list twice: /fast, /bytes, /delay?s=0.2 and /fast again\n" << report(run);
    EXPECT_EQ(number(row, "http_5xx"), 2);
    EXPECT_EQ(number(row, "http_4xx"), 2);
    EXPECT_EQ(number(row, "timeout"), 2);
    // nginx answers /close (444) on HTTP/2 by resetting the stream (CURLE_HTTP2_STREAM): the peer
    // ended it without an answer, as a closed connection does over HTTP/1.1.
    EXPECT_EQ(number(row, "closed"), 2);
    EXPECT_EQ(number(row, "other"), 0);
    EXPECT_EQ(number(row, "ok") + number(row, "failed"), number(row, "requests"));
    EXPECT_EQ(row.at("http_version"), "2");
    EXPECT_EQ(row.at("client"), variant.size() > 2 ? "nghttp2" : "libcurl");
  }
}

// Redirects followed by a request that joined the connection work (libcurl 7.88 breaks them on the
// request that opened it: see H2cOrigins), and the connection stays usable after a redirect loop.
TEST_P(Http2Model, RedirectsOnAJoinedConnection) {
  if (program() == "io_threads") GTEST_SKIP() << "each thread's first request opens its connection";
  const std::string file = h2_url("/fast") + "\n" + h2_url("/redirect-loop") + "\n" + h2_url("/fast") + "\n";
  const TempFile urls(file);
  const auto run = run_io(program(), with(kOneRun, {"--urls", urls.path(), "--requests", "9", "--workers",
                                                    some_workers(), "--http2"}));
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 6);
  EXPECT_EQ(number(rows[0], "other"), 3) << "too many redirects";
  EXPECT_NE(run.err.find("Number of redirects hit maximum amount"), std::string::npos) << report(run);
}

TEST_P(Http2Model, FreshConnectionsOverHttp2) {
  const auto run = run_io(program(), with(kOneRun, {"--url", h2_url("/bytes?n=321"), "--requests", "30",
                                                    "--workers", some_workers(), "--http2", "--fresh-connections"}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 30);
  EXPECT_EQ(number(rows[0], "bytes"), 30 * 321);
}

// HTTP/2 with prior knowledge to a server that speaks only HTTP/1.1: every request fails at once,
// counted, and none is made over HTTP/1.1 instead.
TEST_P(Http2Model, AnHttp11OnlyPortFailsEveryRequestPromptly) {
  const auto run = run_io(program(), with(kOneRun, {"--url", target_url("/fast"), "--requests", "20", "--workers",
                                                    some_workers(), "--timeout", "20", "--http2"}),
                          30);
  ASSERT_FALSE(run.timed_out) << report(run);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 0);
  EXPECT_EQ(number(rows[0], "failed"), 20);
  EXPECT_EQ(number(rows[0], "timeout"), 0) << "the requests must fail, not wait for --timeout";
  EXPECT_LT(std::stod(rows[0].at("wall_s")), 10.0);
}

INSTANTIATE_TEST_SUITE_P(Models, Http2Model, ::testing::Values("io_seq", "io_threads", "io_multi"),
                         [](const auto& info) { return info.param; });

// io_mpi: every rank's loops speak HTTP/2 (its ranks, like io_multi's shards, each hold their own connections),
// through libcurl or nghttp2, with either schedule.
TEST(Http2Mpi, TwoRanksFetchEverythingOverHttp2) {
  if (access(program_path("io_mpi").c_str(), X_OK) != 0) GTEST_SKIP() << "io_mpi is not built (this build has no MPI)";
  if (!target_answers()) GTEST_SKIP() << "no target on port " << target_port();
  for (const std::string client : {"libcurl", "nghttp2"}) {
    // run_program does not search PATH; env does.
    std::vector<std::string> argv = {"/usr/bin/env", "mpirun"};
    if (getuid() == 0) argv.emplace_back("--allow-run-as-root");
    argv.insert(argv.end(), {"--oversubscribe", "-np", "2", program_path("io_mpi"), "--url", h2_url("/bytes?n=99"),
                             "--requests", "61", "--workers", "5", "--http2", "--client", client, "--schedule",
                             client == "libcurl" ? "static" : "dynamic"});
    argv.insert(argv.end(), kOneRun.begin(), kOneRun.end());
    const auto run = run_program(argv, 120);
    ASSERT_EQ(run.exit_code, 0) << report(run);
    const auto rows = csv_rows(run.out);
    ASSERT_EQ(rows.size(), 1u) << report(run);
    EXPECT_EQ(number(rows[0], "ok"), 61) << client;
    EXPECT_EQ(number(rows[0], "bytes"), 61 * 99) << client;
    EXPECT_EQ(number(rows[0], "ranks"), 2) << client;
    EXPECT_EQ(rows[0].at("http_version"), "2");
    EXPECT_EQ(rows[0].at("client"), client);
  }
}

// Without --http2 a server that answers HTTP/1.1 on the h2c port is not understood: no request passes as ok.
TEST(Http2Target, Http11ToTheH2cPortFails) {
  if (!target_answers()) GTEST_SKIP() << "no target on port " << target_port();
  const auto run = run_io("io_multi", with(kOneRun, {"--url", h2_url("/fast"), "--requests", "4", "--workers", "2"}));
  EXPECT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 0);
}

}  // namespace
}  // namespace bb::io::testing
