// io_multi's shards and loops, and io_mpi's ranks, against the real nginx target: every request counted once, in its class.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "io_test_support.hpp"

namespace bb::io::testing {
namespace {

const std::vector<std::string> kOneRun = {"--csv", "--repeats", "1", "--warmup", "0"};
const std::vector<std::string> kClasses = {"ok", "http_4xx", "http_5xx", "timeout", "refused", "closed", "other"};

// A URL file and the class each of its lines ends in; request i fetches line i mod lines.
struct UrlMix {
  std::vector<std::pair<std::string, std::string>> lines;  // URL, class

  std::string file() const {
    std::string text = "# ok and failing URLs, one of each class the target can give at once\n";
    for (const auto& [url, outcome] : lines) text += url + "\n";
    return text;
  }
  // Requests per class when `requests` requests cycle through the lines.
  std::map<std::string, long long> expected(long long requests) const {
    std::map<std::string, long long> counts;
    for (const auto& name : kClasses) counts[name] = 0;
    const auto size = static_cast<long long>(lines.size());
    for (long long line = 0; line < size; ++line) {
      counts[lines[static_cast<std::size_t>(line)].second] += requests / size + (line < requests % size ? 1 : 0);
    }
    return counts;
  }
};

UrlMix mixed_urls() {
  const std::string refused = "http://127.0.0.1:" + std::to_string(closed_port()) + "/fast";
  return {{{target_url("/fast"), "ok"},
           {target_url("/status?code=404"), "http_4xx"},
           {target_url("/bytes?n=100"), "ok"},
           {refused, "refused"},
           {target_url("/status?code=503"), "http_5xx"},
           {target_url("/close"), "closed"},
           {target_url("/redirect-loop"), "other"}}};
}

// The row holds `requests` requests, each in exactly one class, in the numbers the mix gives.
void expect_accounted(const std::map<std::string, std::string>& row, const UrlMix& mix, long long requests) {
  EXPECT_EQ(number(row, "requests"), requests);
  long long classified = 0;
  for (const auto& [name, count] : mix.expected(requests)) {
    EXPECT_EQ(number(row, name), count) << name;
    classified += number(row, name);
  }
  EXPECT_EQ(classified, requests) << "every request in exactly one class";
  EXPECT_EQ(number(row, "ok") + number(row, "failed"), requests);
}

class TargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!target_answers()) {
      if (std::getenv("BB_IO_REQUIRE_TARGET")) FAIL() << "no target answers on port " << target_port();
      GTEST_SKIP() << "no target on port " << target_port() << ": run through ctest (its fixture starts nginx) or "
                   << "start it with scripts/target.sh start --port " << target_port();
    }
  }
};

// --- shards: one multi handle per 100 transfers in flight by default ------------------------------------------

class ShardAccounting : public TargetTest, public ::testing::WithParamInterface<int> {};

TEST_P(ShardAccounting, EveryRequestEndsInOneClassAtAnyNumberInFlight) {
  const int workers = GetParam();
  const long long requests = 2LL * workers + 3;  // handles reused, and the list cycled unevenly
  const UrlMix mix = mixed_urls();
  const TempFile urls(mix.file());
  const auto run = run_io("io_multi", with(kOneRun, {"--urls", urls.path(), "--requests", std::to_string(requests),
                                                     "--workers", std::to_string(workers), "--timeout", "10"}),
                          120);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  expect_accounted(rows[0], mix, requests);
  EXPECT_EQ(number(rows[0], "shards"), (workers + 99) / 100);
  EXPECT_EQ(number(rows[0], "loops"), 1);
  EXPECT_EQ(number(rows[0], "threads"), 1);
  EXPECT_EQ(number(rows[0], "nodes"), 1);
}

INSTANTIATE_TEST_SUITE_P(InFlight, ShardAccounting, ::testing::Values(1, 2, 17, 1000),
                         [](const auto& info) { return std::to_string(info.param); });

TEST_F(TargetTest, ExplicitShardsSplitTheTransfersAndFetchEveryByte) {
  const auto run = run_io("io_multi", with(kOneRun, {"--url", target_url("/bytes?n=1000"), "--requests", "101",
                                                     "--workers", "17", "--shards", "5"}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 101);
  EXPECT_EQ(number(rows[0], "bytes"), 101 * 1000);
  EXPECT_EQ(number(rows[0], "shards"), 5);
}

TEST_F(TargetTest, BlockingModelsHaveOneLoopAndNoShard) {
  for (const std::string program : {"io_seq", "io_threads"}) {
    const auto run = run_io(program, with(kOneRun, {"--url", target_url("/fast"), "--requests", "3"}));
    ASSERT_EQ(run.exit_code, 0) << report(run);
    const auto rows = csv_rows(run.out);
    ASSERT_EQ(rows.size(), 1u) << report(run);
    EXPECT_EQ(number(rows[0], "loops"), 1) << program;
    EXPECT_EQ(number(rows[0], "shards"), 0) << program;
    EXPECT_EQ(number(rows[0], "nodes"), 1) << program;
    EXPECT_EQ(number(rows[0], "ranks"), 1) << program;
    // io_seq's one worker has no choice; io_threads' free thread takes the next request.
    EXPECT_EQ(rows[0].at("schedule"), program == "io_seq" ? "none" : "dynamic") << program;
  }
}

// --- loops: threads with their own epoll sets, taking requests from one counter -------------------------------

struct LoopSplit {
  int loops;
  int workers;
  long long requests;
};

void PrintTo(const LoopSplit& split, std::ostream* out) {
  *out << split.loops << " loops, " << split.workers << " workers, " << split.requests << " requests";
}

// Multi handles the loops hold: each loop's share of the workers, no more than the requests, one per 100.
long long expected_shards(const LoopSplit& split) {
  long long total = 0;
  for (int loop = 0; loop < split.loops; ++loop) {
    const long long share = split.workers / split.loops + (loop < split.workers % split.loops ? 1 : 0);
    total += (std::min(share, split.requests) + 99) / 100;
  }
  return total;
}

class LoopSplits : public TargetTest, public ::testing::WithParamInterface<LoopSplit> {};

TEST_P(LoopSplits, EveryRequestIsTakenOnceWhateverTheSplit) {
  const LoopSplit split = GetParam();
  const UrlMix mix = mixed_urls();
  const TempFile urls(mix.file());
  const auto run = run_io("io_multi", with(kOneRun, {"--urls", urls.path(), "--requests",
                                                     std::to_string(split.requests), "--workers",
                                                     std::to_string(split.workers), "--loops",
                                                     std::to_string(split.loops), "--timeout", "10"}),
                          120);
  EXPECT_EQ(run.err.find("ThreadSanitizer"), std::string::npos) << report(run);
  ASSERT_EQ(run.exit_code, mix.expected(split.requests)["ok"] == split.requests ? 0 : 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  expect_accounted(rows[0], mix, split.requests);
  EXPECT_EQ(number(rows[0], "loops"), split.loops);
  EXPECT_EQ(number(rows[0], "threads"), split.loops);
  EXPECT_EQ(number(rows[0], "workers"), split.workers);
  EXPECT_EQ(number(rows[0], "shards"), expected_shards(split));
}

INSTANTIATE_TEST_SUITE_P(Splits, LoopSplits,
                         ::testing::Values(LoopSplit{3, 3, 7}, LoopSplit{2, 2, 1}, LoopSplit{3, 6, 2},
                                           LoopSplit{4, 40, 301}, LoopSplit{2, 1000, 2003}),
                         [](const auto& info) {
                           return std::to_string(info.param.loops) + "x" + std::to_string(info.param.workers) + "_" +
                                  std::to_string(info.param.requests);
                         });

// Whether this build has io_mpi and found a launcher for it.
bool mpi_model_built() { return access(program_path("io_mpi").c_str(), X_OK) == 0 && *BB_MPIEXEC; }

// --- bad input: one line, exit 2, nothing sent ------------------------------------------------------------------

struct BadLoops {
  std::string label;
  std::string program;
  std::vector<std::string> arguments;
  std::string expected;
};

void PrintTo(const BadLoops& bad, std::ostream* out) { *out << bad.label; }

class LoopBadInput : public ::testing::TestWithParam<BadLoops> {};

TEST_P(LoopBadInput, RefusedBeforeAnyRequest) {
  const BadLoops& bad = GetParam();
  if (bad.program == "io_mpi" && !mpi_model_built()) GTEST_SKIP() << "io_mpi is not built (this build has no MPI)";
  const ConnectionWitness witness;
  const auto run = run_io(bad.program, with(with({"--url", witness.url()}, bad.arguments), kOneRun), 30);
  EXPECT_EQ(run.exit_code, 2) << report(run);
  EXPECT_TRUE(run.out.empty()) << report(run);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << report(run);
  EXPECT_NE(run.err.find(bad.program + ": error: " + bad.expected), std::string::npos) << report(run);
  EXPECT_FALSE(witness.contacted()) << "a request went out despite the bad input";
}

INSTANTIATE_TEST_SUITE_P(
    Options, LoopBadInput,
    ::testing::Values(
        BadLoops{"loops_beyond_workers", "io_multi", {"--workers", "2", "--loops", "3"},
                 "--loops: 3 loops need at least as many transfers in flight; --workers is 2"},
        BadLoops{"zero_loops", "io_multi", {"--loops", "0"}, "--loops"},
        BadLoops{"zero_shards", "io_multi", {"--shards", "0"}, "--shards"},
        BadLoops{"shards_beyond_a_loop", "io_multi", {"--workers", "20", "--loops", "2", "--shards", "11"},
                 "--shards: 11 multi handles per loop need at least as many transfers in flight in each loop"},
        BadLoops{"loops_on_io_threads", "io_threads", {"--loops", "2"}, "--loops is not an option"},
        BadLoops{"unknown_schedule", "io_mpi", {"--schedule", "guided"}, "--schedule: guided not in"},
        BadLoops{"schedule_on_io_multi", "io_multi", {"--schedule", "static"}, "--schedule is not an option"},
        BadLoops{"unknown_client", "io_multi", {"--client", "curl"}, "--client: curl not in {libcurl,nghttp2}"},
        BadLoops{"nghttp2_without_http2", "io_multi", {"--client", "nghttp2"},
                 "--client: nghttp2 speaks HTTP/2 only; add --http2"},
        BadLoops{"nghttp2_with_fresh_connections", "io_mpi",
                 {"--client", "nghttp2", "--http2", "--fresh-connections"},
                 "--client: nghttp2 keeps its connections; --fresh-connections needs --client libcurl"},
        BadLoops{"client_on_io_threads", "io_threads", {"--client", "libcurl"}, "--client is not an option"}),
    [](const auto& info) { return info.param.label; });

// --- io_mpi: ranks each running the sharded loop, one row for the whole job on rank 0 --------------------------

// mpirun for `ranks` ranks on this machine, whatever its cores (the ranks mostly wait on sockets).
std::vector<std::string> mpirun(int ranks) {
  std::vector<std::string> command = {BB_MPIEXEC};
  if (getuid() == 0) command.emplace_back("--allow-run-as-root");
  command.insert(command.end(), {"--oversubscribe", "-np", std::to_string(ranks)});
  return command;
}

class MpiTest : public TargetTest {
 protected:
  void SetUp() override {
    if (!mpi_model_built()) GTEST_SKIP() << "io_mpi is not built, or no mpiexec was found (this build has no MPI)";
    TargetTest::SetUp();
  }
  // `program`: a path, or the name of an executable beside io_seq.
  static Completed run_mpi(int ranks, const std::string& program, const std::vector<std::string>& arguments) {
    std::vector<std::string> argv = mpirun(ranks);
    argv.push_back(program.find('/') == std::string::npos ? program_path(program) : program);
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return run_program(argv, 120);
  }
};

struct RankRun {
  int ranks;
  std::string schedule;
};

void PrintTo(const RankRun& run, std::ostream* out) { *out << run.ranks << " ranks, " << run.schedule; }

class MpiRanks : public MpiTest, public ::testing::WithParamInterface<RankRun> {};

TEST_P(MpiRanks, RankZeroWritesOneRowThatAddsUpOverAllRanks) {
  const auto [ranks, schedule] = GetParam();
  const long long requests = 31;
  const UrlMix mix = mixed_urls();
  const TempFile urls(mix.file());
  const auto run = run_mpi(ranks, "io_mpi",
                           with(kOneRun, {"--urls", urls.path(), "--requests", std::to_string(requests), "--workers",
                                          "4", "--schedule", schedule, "--timeout", "10"}));
  ASSERT_FALSE(run.timed_out) << report(run);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << "one row, from rank 0 alone\n" << report(run);
  expect_accounted(rows[0], mix, requests);
  EXPECT_EQ(rows[0].at("impl"), "io_mpi");
  EXPECT_EQ(number(rows[0], "ranks"), ranks);
  EXPECT_EQ(number(rows[0], "workers"), 4LL * ranks);
  EXPECT_EQ(number(rows[0], "shards"), ranks);
  EXPECT_EQ(number(rows[0], "nodes"), 1);
  EXPECT_EQ(rows[0].at("schedule"), schedule) << "static and dynamic rows must never pool";
  EXPECT_LE(std::stod(rows[0].at("p50_ms")), std::stod(rows[0].at("max_ms")));
}

INSTANTIATE_TEST_SUITE_P(Ranks, MpiRanks,
                         ::testing::Values(RankRun{1, "static"}, RankRun{2, "static"}, RankRun{3, "static"},
                                           RankRun{1, "dynamic"}, RankRun{2, "dynamic"}, RankRun{3, "dynamic"}),
                         [](const auto& info) { return std::to_string(info.param.ranks) + "_" + info.param.schedule; });

TEST_F(MpiTest, ARankWhoseRequestsAllFailStillAddsUp) {
  // Six requests over three ranks, two each: rank 1 gets only the refused URL.
  const std::string refused = "http://127.0.0.1:" + std::to_string(closed_port()) + "/fast";
  const TempFile urls(target_url("/fast") + "\n" + target_url("/fast") + "\n" + refused + "\n" + refused + "\n" +
                      target_url("/fast") + "\n" + target_url("/bytes?n=5") + "\n");
  const auto run = run_mpi(3, "io_mpi", with(kOneRun, {"--urls", urls.path(), "--workers", "2"}));
  ASSERT_FALSE(run.timed_out) << report(run);
  ASSERT_EQ(run.exit_code, 1) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "requests"), 6);
  EXPECT_EQ(number(rows[0], "ok"), 4);
  EXPECT_EQ(number(rows[0], "refused"), 2);
  EXPECT_EQ(number(rows[0], "failed"), 2);
  EXPECT_EQ(number(rows[0], "bytes"), 3 * 3 + 5);
  EXPECT_NE(run.err.find("io_mpi: refused: 2"), std::string::npos) << report(run);
}

TEST_F(MpiTest, AnErrorOnOneRankEndsTheJobWithOneLine) {
  // The test model's last rank throws as its run starts, while the others wait at the first barrier.
  const auto run = run_mpi(3, BB_IO_FAILING_RANK,
                           with(kOneRun, {"--url", target_url("/delay?s=5"), "--requests", "30"}));
  ASSERT_FALSE(run.timed_out) << "the other ranks were left waiting\n" << report(run);
  EXPECT_NE(run.exit_code, 0) << report(run);
  EXPECT_EQ(csv_rows(run.out).size(), 0u) << report(run);
  std::size_t lines = 0;
  for (std::size_t at = run.err.find("io_mpi_failing_rank: error: "); at != std::string::npos;
       at = run.err.find("io_mpi_failing_rank: error: ", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1u) << report(run);
  EXPECT_NE(run.err.find("error: rank 2 failed on purpose"), std::string::npos) << report(run);
  EXPECT_LT(run.wall_s, 30) << "the job waited for the other ranks' requests";
}

TEST_F(MpiTest, DynamicBatchesCoverEveryRequestWithSeveralLoopsPerRank) {
  const auto run = run_mpi(2, "io_mpi", with(kOneRun, {"--url", target_url("/bytes?n=10"), "--requests", "1001",
                                                       "--workers", "20", "--loops", "2", "--schedule", "dynamic"}));
  ASSERT_EQ(run.exit_code, 0) << report(run);
  const auto rows = csv_rows(run.out);
  ASSERT_EQ(rows.size(), 1u) << report(run);
  EXPECT_EQ(number(rows[0], "ok"), 1001);
  EXPECT_EQ(number(rows[0], "bytes"), 10010);
  EXPECT_EQ(number(rows[0], "loops"), 2);
  EXPECT_EQ(number(rows[0], "threads"), 2);
  EXPECT_EQ(number(rows[0], "workers"), 40);
}

}  // namespace
}  // namespace bb::io::testing
