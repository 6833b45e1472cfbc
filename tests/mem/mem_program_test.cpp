// Unit tests of run_mem_program: --describe, --workers refused by one-thread models, rows, and a failed check exiting 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mem_program.hpp"
#include "stream_kernels.hpp"

namespace bb::mem {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome run(const MemProgram& program, std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), program.name);
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  const int code = run_mem_program(static_cast<int>(arguments.size()), argv.data(), program);
  const std::string out = testing::internal::GetCapturedStdout();
  return {code, out, testing::internal::GetCapturedStderr()};
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

const MemProgram kThreaded{.name = "mem_test", .description = "mem_test: a test model", .launch = Launch::openmp,
                           .workers = "threads", .default_workers = 2};

TEST(RunMemProgram, DescribeNamesTheSuiteKindLaunchAndColumnsAndRunsNothing) {
  const Outcome outcome = run(kThreaded, {"--describe", "--size", "12Q"});
  EXPECT_EQ(outcome.code, 0);
  EXPECT_EQ(outcome.out.rfind("{\"name\":\"mem_test\",\"suite\":\"mem\"", 0), 0u) << outcome.out;
  for (const char* part : {"\"kind\":\"threads\"", "\"launch\":\"openmp\"", "\"default_workers\":2", "\"--kernel\"",
                           "\"--size\"", "\"--workers\"", "\"ns_per_access\",\"verified\",\"omp_proc_bind\""}) {
    EXPECT_NE(outcome.out.find(part), std::string::npos) << part << " in " << outcome.out;
  }
  EXPECT_EQ(outcome.err, "");
}

TEST(RunMemProgram, PrintsOneRowPerKernelAndRepeat) {
  const Outcome outcome = run(kThreaded, {"--size", "1M", "--repeats", "3", "--warmup", "0", "--kernel",
                                          "gather,copy", "--csv"});
  EXPECT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_EQ(lines(outcome.out), 1u + 3 * 2) << outcome.out;
  EXPECT_NE(outcome.out.find(",0,copy,1048572,299592,"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find(",2,gather,1048572,299592,"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.err.find("mem_test: all 6 kernel passes verified"), std::string::npos) << outcome.err;
}

TEST(RunMemProgram, ADefaultOfTenRepeats) {
  const Outcome outcome = run(kThreaded, {"--size", "64K", "--kernel", "triad", "--warmup", "0", "--csv"});
  EXPECT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_EQ(lines(outcome.out), 11u) << outcome.out;
}

TEST(RunMemProgram, AOneThreadModelTakesWorkersOneAndRefusesMore) {
  const MemProgram single{.name = "mem_one", .description = "mem_one", .launch = Launch::none, .workers = "1"};
  EXPECT_EQ(run(single, {"--workers", "1", "--size", "64K", "--repeats", "1", "--warmup", "0"}).code, 0);
  const Outcome refused = run(single, {"--workers", "2", "--size", "64K"});
  EXPECT_EQ(refused.code, 2);
  EXPECT_EQ(refused.err, "mem_one: error: --workers: mem_one runs on one thread; use a threaded or MPI model for more "
                         "workers (see --help)\n");
  EXPECT_EQ(refused.out, "");
}

void spoil_scale(Kernel kernel, StreamArrays& arrays) {
  if (kernel == Kernel::scale) arrays.b()[5] += 1.0;
}

TEST(RunMemProgram, AResultThatDoesNotVerifyIsReportedOnceAndExitsOne) {
  MemProgram spoiled = kThreaded;
  spoiled.tamper = spoil_scale;
  const Outcome outcome = run(spoiled, {"--size", "64K", "--repeats", "2", "--warmup", "1", "--csv"});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_NE(outcome.err.find("mem_test: verification FAILED: scale, warm-up 1: b[5] is "), std::string::npos)
      << outcome.err;
  // The spoiled element of b also spoils what add, triad and gather compute from it: 4 of the 5 passes of each of
  // the 3 runs fail.
  EXPECT_NE(outcome.err.find("12 of 15 kernel passes failed"), std::string::npos) << outcome.err;
  // Rows are still printed, those of the failed passes marked.
  EXPECT_EQ(lines(outcome.out), 1u + 2 * 5) << outcome.out;
  std::size_t unverified = 0;
  for (std::size_t at = outcome.out.find(",no,"); at != std::string::npos; at = outcome.out.find(",no,", at + 1)) {
    ++unverified;
  }
  EXPECT_EQ(unverified, 8u) << outcome.out;
}

}  // namespace
}  // namespace bb::mem
