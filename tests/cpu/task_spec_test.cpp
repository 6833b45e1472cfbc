// Unit tests of the --tasks parser and the up-front sizing checks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cpu_report.hpp"
#include "sizing.hpp"
#include "task_spec.hpp"
#include "usage_error.hpp"
#include "verify.hpp"
#include "kernel.hpp"

using bb::cpu::parse_task_spec;

TEST(TaskSpec, AcceptsTheSeedsForms) {
  EXPECT_EQ(parse_task_spec("30x100"), std::vector<unsigned>(100, 30));
  EXPECT_EQ(parse_task_spec("50,63,32"), (std::vector<unsigned>{50, 63, 32}));
  std::vector<unsigned> mixed(10, 30);
  mixed.push_back(50);
  mixed.push_back(50);
  EXPECT_EQ(parse_task_spec("30x10,50x2"), mixed);
  EXPECT_EQ(parse_task_spec("1"), (std::vector<unsigned>{1}));
  EXPECT_EQ(parse_task_spec("7x1,8"), (std::vector<unsigned>{7, 8}));
}

TEST(TaskSpec, RejectsMalformedSpecsNamingTheOption) {
  for (const std::string bad : {"", "x", "30x", "x5", "30x0", "0", "0x5", "-5", "30x-1", "3.5", "30 x2", " 30",
                                "30,", ",30", "30,,5", "30x2x3", "abc", "30y4", "+5", "99999999999999999999"}) {
    try {
      parse_task_spec(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const bb::UsageError& error) {
      EXPECT_EQ(std::string(error.what()).rfind("--tasks: ", 0), 0u) << error.what();
    }
  }
}

TEST(TaskSpec, RefusesNumsAndCountsBeyondTheLimits) {
  EXPECT_THROW(parse_task_spec(std::to_string(bb::cpu::kMaxNum + 1)), bb::UsageError);
  EXPECT_THROW(parse_task_spec("3x" + std::to_string(bb::cpu::kMaxTaskCount + 1)), bb::UsageError);
  EXPECT_THROW(parse_task_spec("3x" + std::to_string(bb::cpu::kMaxTaskCount) + ",4"), bb::UsageError);
}

TEST(Sizing, SeedSizesPass) {
  EXPECT_NO_THROW(bb::cpu::check_task_sizes(parse_task_spec("30x100"), 2));
  EXPECT_NO_THROW(bb::cpu::check_task_sizes(parse_task_spec("50,63,32"), 2));
}

TEST(Sizing, ResultLargerThanMemoryIsRefusedWithTheEstimate) {
  try {
    bb::cpu::check_task_sizes({100000}, 1);
    FAIL() << "a 100000 task was accepted";
  } catch (const bb::UsageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("memory"), std::string::npos) << message;
    EXPECT_NE(message.find("available"), std::string::npos) << message;
  }
}

TEST(Sizing, RunOfManyHoursIsRefusedWithTheEstimate) {
  // num=400: a 170 MiB result that fits in memory but takes well over a day.
  try {
    bb::cpu::check_task_sizes({400}, 1);
    FAIL() << "a 400 task was accepted";
  } catch (const bb::UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("would run an estimated"), std::string::npos) << error.what();
  }
}

TEST(Sizing, EstimateGrowsWithTasks) {
  const auto one = bb::cpu::estimate_task_cost({30}, 1);
  const auto ten = bb::cpu::estimate_task_cost(std::vector<unsigned>(10, 30), 1);
  EXPECT_NEAR(ten.result_bytes, 10 * one.result_bytes, 1e-6 * ten.result_bytes);
  EXPECT_NEAR(one.result_bytes, 259370.0 / 8, 64);
  EXPECT_GT(ten.sequential_seconds, one.sequential_seconds);
}

TEST(Verifier, FindsTheFirstWrongResult) {
  const std::vector<unsigned> tasks = {5, 6, 5};
  std::vector<mpz_class> results = {bb::cpu::cpu_bound_product(5), bb::cpu::cpu_bound_product(6),
                                    bb::cpu::cpu_bound_product(5)};
  bb::cpu::ResultVerifier verifier;
  EXPECT_TRUE(verifier.check(tasks, results).passed);
  results[2] += 1;
  const bb::cpu::Verdict verdict = verifier.check(tasks, results);
  EXPECT_FALSE(verdict.passed);
  EXPECT_EQ(verdict.first_mismatch, "task 2 (num=5)");
  results.pop_back();
  EXPECT_FALSE(verifier.check(tasks, results).passed);
}

TEST(Imbalance, IsMaxOverMean) {
  EXPECT_DOUBLE_EQ(bb::cpu::imbalance_of({1.0, 1.0}), 1.0);
  EXPECT_DOUBLE_EQ(bb::cpu::imbalance_of({3.0, 1.0}), 1.5);
  EXPECT_DOUBLE_EQ(bb::cpu::imbalance_of({}), 1.0);
  EXPECT_DOUBLE_EQ(bb::cpu::imbalance_of({0.0, 0.0}), 1.0);
}
