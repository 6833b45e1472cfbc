// The three I/O executables against the real nginx target: counts, failure classes, overlap, bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "io_test_support.hpp"

namespace bb::io::testing {
namespace {

// A common prefix for a single measured run with CSV output.
const std::vector<std::string> kOneRun = {"--csv", "--repeats", "1", "--warmup", "0"};

class IoModel : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!target_answers()) {
      if (std::getenv("BB_IO_REQUIRE_TARGET")) FAIL() << "no target answers on port " << target_port();
      GTEST_SKIP() << "no target on port " << target_port() << ": run through ctest (its fixture starts nginx) or "
                   << "start it with scripts/target.sh start --port " << target_port();
    }
  }
  const std::string& program() const { return GetParam(); }
  // Several transfers at a time where the model allows it.
  std::string some_workers() const { return program() == "io_seq" ? "1" : "7"; }
};

TEST_P(IoModel, FastRequestsAllSucceedWithEveryBodyByteCounted) {
  const long long fast_body = body_length_by_socket("/fast");
  ASSERT_GT(fast_body, 0);
  const auto run = run_io(program(), {"--url", target_url("/fast"), "--requests", "250", "--workers", some_workers(),
                                      "--csv", "--repeats", "2", "--warmup", "1"});
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 2u) << "warm-up rows must not be printed\n" << report(run);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("suite"), "io");
    EXPECT_EQ(row.at("impl"), program());
    EXPECT_EQ(number(row, "workers"), std::stoll(some_workers()));
    EXPECT_EQ(number(row, "threads"), program() == "io_threads" ? std::stoll(some_workers()) : 1);
    EXPECT_EQ(number(row, "requests"), 250);
    EXPECT_EQ(number(row, "ok"), 250);
    EXPECT_EQ(number(row, "failed"), 0);
    EXPECT_EQ(number(row, "bytes"), 250 * fast_body);
    EXPECT_GT(std::stod(row.at("req_per_s")), 0);
    EXPECT_LE(std::stod(row.at("p50_ms")), std::stod(row.at("p99_ms")));
    EXPECT_LE(std::stod(row.at("p99_ms")), std::stod(row.at("max_ms")));
    EXPECT_GT(number(row, "peak_rss_kib"), 0);
  }
}

TEST_P(IoModel, BytesBodiesAreCountedExactlyWhileCyclingThroughAUrlFile) {
  const std::vector<long long> sizes = {0, 1, 1000, 65536, 1048577};
  std::string file = "# sizes chosen to cross buffer boundaries\n\n";
  for (long long size : sizes) file += "  " + target_url("/bytes?n=" + std::to_string(size)) + "  \n";
  const TempFile urls(file);
  // 12 requests over 5 URLs: the list is taken twice, then its first two again.
  long long expected = 0;
  for (int i = 0; i < 12; ++i) expected += sizes[static_cast<std::size_t>(i) % sizes.size()];
  const auto run = run_io(program(), with(kOneRun, {"--urls", urls.path(), "--requests", "12", "--workers",
                                                    some_workers()}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 12);
  EXPECT_EQ(number(rows[0], "bytes"), expected);
}

TEST_P(IoModel, FreshConnectionsFetchTheSameBytes) {
  const auto run = run_io(program(), with(kOneRun, {"--url", target_url("/bytes?n=777"), "--requests", "40",
                                                    "--workers", some_workers(), "--fresh-connections"}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 40);
  EXPECT_EQ(number(rows[0], "bytes"), 40 * 777);
}

TEST_P(IoModel, EveryFailureIsCountedInItsClassAndTheRunExitsOne) {
  const std::string file = "# three good, then one of each failure class\n" + target_url("/fast") + "\n" +
                           target_url("/bytes?n=10") + "\n" + target_url("/status?code=200") + "\n" +
                           target_url("/status?code=500") + "\n" + target_url("/status?code=503") + "\n" +
                           target_url("/status?code=404") + "\n" + "http://127.0.0.1:" +
                           std::to_string(closed_port()) + "/fast\n" + target_url("/delay?s=30") + "\n" +
                           target_url("/slow?s=5") + "\n" + target_url("/close") + "\n" +
                           target_url("/redirect-loop") + "\n";
  const TempFile urls(file);
  const auto run = run_io(program(), with(kOneRun, {"--urls", urls.path(), "--timeout", "1", "--workers",
                                                    some_workers()}),
                          30);
  ASSERT_FALSE(run.timed_out) << report(run);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  const auto& row = rows[0];
  EXPECT_EQ(number(row, "requests"), 11);
  EXPECT_EQ(number(row, "ok"), 3);
  EXPECT_EQ(number(row, "failed"), 8);
  EXPECT_EQ(number(row, "http_5xx"), 2);
  EXPECT_EQ(number(row, "http_4xx"), 1);
  EXPECT_EQ(number(row, "refused"), 1);
  EXPECT_EQ(number(row, "timeout"), 2) << "a delay beyond --timeout and a body cut by it";
  EXPECT_EQ(number(row, "closed"), 1);
  EXPECT_EQ(number(row, "other"), 1) << "too many redirects";
  EXPECT_EQ(number(row, "ok") + number(row, "failed"), number(row, "requests"));
  EXPECT_NE(run.err.find("FAILED"), std::string::npos) << report(run);
}

TEST_P(IoModel, NeverFasterThanTheDelaysAllow) {
  const int requests = 8;
  const int workers = program() == "io_seq" ? 1 : 3;
  // nginx's timers run on its cached millisecond clock, so a 200 ms sleep can end up to about a
  // millisecond early by the client's clock (seen: 199.946 ms); anything shorter is a real error.
  const double slack_ms = 1.0;
  const double least = std::ceil(static_cast<double>(requests) / workers) * (0.2 - slack_ms / 1000);
  const auto run = run_io(program(), {"--url", target_url("/delay?s=0.2"), "--requests", std::to_string(requests),
                                      "--workers", std::to_string(workers), "--csv", "--repeats", "2", "--warmup", "0"});
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 2u) << report(run);
  for (const auto& row : rows) {
    EXPECT_EQ(number(row, "ok"), requests);
    EXPECT_GE(std::stod(row.at("wall_s")), least) << workers << " workers cannot beat " << least << " s";
    EXPECT_GE(std::stod(row.at("p50_ms")), 200.0 - slack_ms);
  }
}

TEST_P(IoModel, MissingUrlIsBadUsage) {
  const auto run = run_io(program(), {"--csv"});
  EXPECT_EQ(run.exit_code, 2) << report(run);
  EXPECT_TRUE(run.out.empty()) << report(run);
}

INSTANTIATE_TEST_SUITE_P(Models, IoModel, ::testing::Values("io_seq", "io_threads", "io_multi"),
                         [](const auto& info) { return info.param; });

// Transfers overlap: forty 0.2 s requests with forty workers take far less than forty in a row.
class IoConcurrentModel : public IoModel {};

TEST_P(IoConcurrentModel, FortyWorkersOverlapFortyDelays) {
  const double serial_s = 40 * 0.2;  // the least io_seq can take (NeverFasterThanTheDelaysAllow)
  const auto run = run_io(program(), with(kOneRun, {"--url", target_url("/delay?s=0.2"), "--requests", "40",
                                                    "--workers", "40"}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 40);
  const double wall_s = std::stod(rows[0].at("wall_s"));
  EXPECT_GE(wall_s, 0.2);
  EXPECT_LT(wall_s, serial_s / 4) << "transfers did not overlap";
}

INSTANTIATE_TEST_SUITE_P(Models, IoConcurrentModel, ::testing::Values("io_threads", "io_multi"),
                         [](const auto& info) { return info.param; });

// Bad input: exit 2, one line naming the problem, nothing on stdout, no request sent.
struct BadInput {
  std::string label;
  std::vector<std::string> arguments;  // "@WITNESS@": a URL nobody may fetch; "@FILE@": the URL file
  std::string expected;                // text the one error line must contain ("@FILE@" as above)
  std::string url_file = {};           // content of the URL file, "@WITNESS@" replaced too
};

// gtest would otherwise print the parameter as raw bytes.
void PrintTo(const BadInput& bad, std::ostream* out) { *out << bad.label; }

std::string replaced(std::string text, const std::string& placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

class IoBadInput : public ::testing::TestWithParam<std::tuple<std::string, BadInput>> {};

TEST_P(IoBadInput, RefusedBeforeAnyRequest) {
  const auto& [program, bad] = GetParam();
  const ConnectionWitness witness;
  const TempFile url_file(replaced(bad.url_file, "@WITNESS@", witness.url()));
  std::vector<std::string> arguments;
  for (const auto& argument : bad.arguments) {
    arguments.push_back(replaced(replaced(argument, "@WITNESS@", witness.url()), "@FILE@", url_file.path()));
  }
  const std::string expected = replaced(bad.expected, "@FILE@", url_file.path());
  const auto run = run_io(program, with(arguments, {"--csv", "--repeats", "1", "--warmup", "0"}), 20);
  EXPECT_EQ(run.exit_code, 2) << report(run);
  EXPECT_TRUE(run.out.empty()) << report(run);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << report(run);
  EXPECT_EQ(run.err.rfind(program + ": error: ", 0), 0u) << report(run);
  EXPECT_NE(run.err.find(expected), std::string::npos) << "expected '" << expected << "'\n" << report(run);
  EXPECT_FALSE(witness.contacted()) << "a request went out despite the bad input";
}

std::vector<BadInput> bad_inputs() {
  return {
      {"file_scheme", {"--url", "file:///etc/passwd"}, "--url: 'file:///etc/passwd' uses file://"},
      {"ftp_scheme", {"--url", "ftp://127.0.0.1/x"}, "--url: 'ftp://127.0.0.1/x' uses ftp://"},
      {"malformed_url", {"--url", "http://[::1"}, "--url: 'http://[::1' is not a valid URL"},
      {"no_scheme", {"--url", "127.0.0.1/fast"}, "--url: '127.0.0.1/fast'"},
      {"empty_url_file", {"--urls", "@FILE@"}, "--urls: @FILE@ holds no URL", "# only a comment\n\n   \n"},
      {"missing_url_file", {"--urls", "/nonexistent/urls.txt"}, "--urls: cannot open /nonexistent/urls.txt"},
      // The file's first URL is the witness: a run that went on despite the bad line would fetch it.
      {"ftp_in_file", {"--urls", "@FILE@"}, "--urls: @FILE@:3: 'ftp://127.0.0.1/file' uses ftp://",
       "# a good line, then a bad one\n@WITNESS@\nftp://127.0.0.1/file\n"},
      {"malformed_in_file", {"--urls", "@FILE@"}, "--urls: @FILE@:4: 'http://[::1' is not a valid URL",
       "\n# comment\n  @WITNESS@\nhttp://[::1\n"},
      {"url_and_urls", {"--url", "@WITNESS@", "--urls", "@FILE@"}, "--url", "@WITNESS@\n"},
      {"zero_requests", {"--url", "@WITNESS@", "--requests", "0"}, "--requests"},
      {"negative_requests", {"--url", "@WITNESS@", "--requests", "-3"}, "--requests"},
      {"zero_workers", {"--url", "@WITNESS@", "--workers", "0"}, "--workers"},
      {"negative_workers", {"--url", "@WITNESS@", "--workers", "-1"}, "--workers"},
      {"zero_timeout", {"--url", "@WITNESS@", "--timeout", "0"}, "--timeout"},
      {"negative_timeout", {"--url", "@WITNESS@", "--timeout", "-1"}, "--timeout"},
      {"nan_timeout", {"--url", "@WITNESS@", "--timeout", "nan"}, "--timeout"},
      {"zero_connect_timeout", {"--url", "@WITNESS@", "--connect-timeout", "0"}, "--connect-timeout"},
  };
}

INSTANTIATE_TEST_SUITE_P(
    Models, IoBadInput,
    ::testing::Combine(::testing::Values("io_seq", "io_threads", "io_multi"), ::testing::ValuesIn(bad_inputs())),
    [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param).label; });

// Worker counts: io_seq has exactly one; the others are held to the open-file limit.
class IoWorkerLimit : public ::testing::TestWithParam<std::string> {};

TEST_P(IoWorkerLimit, WorkersBeyondTheOpenFileLimitAreRefusedWithTheNumbers) {
  const ConnectionWitness witness;
  const auto run = run_io(GetParam(), {"--url", witness.url(), "--workers", "9000000", "--csv"}, 20);
  EXPECT_EQ(run.exit_code, 2) << report(run);
  EXPECT_TRUE(run.out.empty()) << report(run);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << report(run);
  EXPECT_NE(run.err.find("--workers: 9000000 workers need about"), std::string::npos) << report(run);
  EXPECT_NE(run.err.find("open-file limit is"), std::string::npos) << report(run);
  EXPECT_FALSE(witness.contacted());
}

INSTANTIATE_TEST_SUITE_P(Models, IoWorkerLimit, ::testing::Values("io_threads", "io_multi"),
                         [](const auto& info) { return info.param; });

TEST(IoBadInputio_seq, MoreThanOneWorkerIsRefused) {
  const ConnectionWitness witness;
  const auto run = run_io("io_seq", {"--url", witness.url(), "--workers", "2", "--csv"}, 20);
  EXPECT_EQ(run.exit_code, 2) << report(run);
  EXPECT_TRUE(run.out.empty()) << report(run);
  EXPECT_NE(run.err.find("io_seq: error: --workers: io_seq runs one request at a time"), std::string::npos)
      << report(run);
  EXPECT_FALSE(witness.contacted());
}

}  // namespace
}  // namespace bb::io::testing
