// Unit tests of run_cpu_program: the error boundary, --describe, and --workers refused by one-worker models.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cpu_program.hpp"

namespace bb::cpu {
namespace {

mpz_class failing_kernel(unsigned, StepHook*) { throw std::runtime_error("the kernel broke"); }

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome run(const CpuProgram& program, std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), program.name);
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  const int code = run_cpu_program(static_cast<int>(arguments.size()), argv.data(), program);
  const std::string out = testing::internal::GetCapturedStdout();
  return {code, out, testing::internal::GetCapturedStderr()};
}

const CpuProgram kThreaded{.name = "cpu_test", .description = "cpu_test: a test model", .launch = Launch::openmp,
                           .workers = "threads", .default_workers = 2};

TEST(RunCpuProgram, AnErrorDuringTheRunEndsWithOneLineAndExitOne) {
  CpuProgram broken = kThreaded;
  broken.kernel = failing_kernel;
  const Outcome outcome = run(broken, {"--tasks", "5", "--repeats", "1", "--warmup", "0"});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_NE(outcome.err.find("cpu_test: error: the kernel broke\n"), std::string::npos) << outcome.err;
}

TEST(RunCpuProgram, AnErrorUnderTheInterpreterLockDoesNotLeaveTheOtherThreadsWaiting) {
  CpuProgram broken = kThreaded;
  broken.kernel = failing_kernel;
  const Outcome outcome = run(broken, {"--tasks", "5x8", "--workers", "3", "--gil=1", "--repeats", "1"});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_NE(outcome.err.find("cpu_test: error: the kernel broke\n"), std::string::npos) << outcome.err;
}

TEST(RunCpuProgram, DescribeNamesTheModelItsKindAndLaunchAndRunsNothing) {
  const Outcome outcome = run(kThreaded, {"--describe", "--tasks", "0"});
  EXPECT_EQ(outcome.code, 0);
  EXPECT_EQ(outcome.out.rfind("{\"name\":\"cpu_test\",\"suite\":\"cpu\"", 0), 0u) << outcome.out;
  for (const char* part : {"\"kind\":\"threads\"", "\"launch\":\"openmp\"", "\"default_workers\":2",
                           "\"--schedule\"", "\"--gil\"", "\"digest\""}) {
    EXPECT_NE(outcome.out.find(part), std::string::npos) << part << " in " << outcome.out;
  }
  EXPECT_EQ(outcome.err, "");
}

TEST(RunCpuProgram, AOneWorkerModelTakesWorkersOneAndRefusesMore) {
  const CpuProgram single{.name = "cpu_one", .description = "cpu_one", .launch = Launch::none, .workers = "1"};
  EXPECT_EQ(run(single, {"--workers", "1", "--tasks", "5", "--repeats", "1", "--warmup", "0"}).code, 0);
  const Outcome refused = run(single, {"--workers", "2", "--tasks", "5"});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("cpu_one: error: --workers: cpu_one runs one task at a time;"), std::string::npos)
      << refused.err;
  EXPECT_EQ(run(single, {"--schedule", "dynamic"}).code, 2) << "a one-worker model has no --schedule";
}

}  // namespace
}  // namespace bb::cpu
