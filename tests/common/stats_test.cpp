// Unit tests of the summary statistics.
#include <gtest/gtest.h>

#include "stats.hpp"

TEST(Summarize, OddSampleTakesTheMiddleValue) {
  const bb::Summary s = bb::summarize({5.0, 1.0, 3.0});
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.median, 3.0);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.max, 5.0);
  EXPECT_EQ(s.count, 3u);
}

TEST(Summarize, EvenSampleAveragesTheTwoMiddleValues) {
  const bb::Summary s = bb::summarize({4.0, 1.0, 2.0, 10.0});
  EXPECT_DOUBLE_EQ(s.median, 3.0);
  EXPECT_DOUBLE_EQ(s.mean, 4.25);
}

TEST(Summarize, EmptySampleIsAllZero) {
  const bb::Summary s = bb::summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_DOUBLE_EQ(s.median, 0.0);
}
