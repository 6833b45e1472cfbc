// Unit tests of the open-file budget: the limit is raised, and too many workers are refused with numbers.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include "open_file_limit.hpp"
#include "usage_error.hpp"

namespace bb::io {
namespace {

TEST(RaiseOpenFileLimit, SoftLimitEndsAtTheHardLimit) {
  const long raised = raise_open_file_limit();
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(static_cast<rlim_t>(raised), limit.rlim_cur);
  if (limit.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(limit.rlim_cur, limit.rlim_max);
  }
}

TEST(CheckOpenFileBudget, AcceptsWhatFits) {
  EXPECT_NO_THROW(check_open_file_budget(968, {.per_worker = 1, .spare = 32}, 1000));
  EXPECT_NO_THROW(check_open_file_budget(1, {.per_worker = 3, .spare = 32}, 35));
}

TEST(CheckOpenFileBudget, RefusesWithTheNumbersAndWhatToDo) {
  try {
    check_open_file_budget(969, {.per_worker = 1, .spare = 32}, 1000);
    FAIL() << "969 workers + 32 spare do not fit in 1000";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("--workers: 969 workers need about 1001 open files (1 per worker + 32 spare) but the "
                            "open-file limit is 1000; use --workers 968 or fewer",
                            0),
              0u)
        << message;
  }
  EXPECT_THROW(check_open_file_budget(400, {.per_worker = 3, .spare = 32}, 1200), UsageError);
}

TEST(CheckOpenFileBudget, ALimitBelowTheSpareAsksOnlyToRaiseIt) {
  try {
    check_open_file_budget(1, {.per_worker = 1, .spare = 32}, 20);
    FAIL() << "1 worker + 32 spare do not fit in 20";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find("--workers 0"), std::string::npos) << message;
    EXPECT_NE(message.find("limit is 20; raise the hard limit"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace bb::io
