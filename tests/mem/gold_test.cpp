// Unit tests of the kernels against their gold values: every kernel verifies, a corrupted element or a wrong index fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "gold.hpp"
#include "stream_kernels.hpp"

namespace bb::mem {
namespace {

constexpr std::uint64_t kTotal = 1003;

// This rank's arrays when `ranks` ranks share kTotal elements, with a shuffled index.
StreamArrays arrays_of(int rank, int ranks, int threads) {
  StreamArrays arrays(rank_share(kTotal, rank, ranks), kTotal, 4, threads);
  arrays.shuffle_index(7 + static_cast<std::uint64_t>(rank));
  return arrays;
}

TEST(Gold, IteratesBabelStreamsScalarValues) {
  Gold gold;
  for (const Kernel kernel : kAllKernels) gold.apply(kernel);
  // copy c=0.1; scale b=0.04; add c=0.14; triad a=0.04+0.4*0.14=0.096; gather a = b's multiple.
  EXPECT_DOUBLE_EQ(gold.c, 0.14);
  EXPECT_DOUBLE_EQ(gold.b, 0.04);
  EXPECT_DOUBLE_EQ(gold.a, 0.04);
  Gold triad_alone;
  triad_alone.apply(Kernel::triad);
  EXPECT_DOUBLE_EQ(triad_alone.a, 0.2);
}

TEST(VerifyPass, EveryKernelVerifiesAfterTheOnesBeforeIt) {
  for (const int threads : {1, 3}) {
    for (const int ranks : {1, 2}) {
      StreamArrays arrays = arrays_of(ranks - 1, ranks, threads);
      char array = '?';
      EXPECT_FALSE(verify_start(arrays, array).has_value());
      Gold gold;
      for (const Kernel kernel : kAllKernels) {
        run_pass(kernel, arrays);
        gold.apply(kernel);
        EXPECT_FALSE(verify_pass(kernel, arrays, gold).has_value()) << kernel_name(kernel) << " threads=" << threads;
      }
    }
  }
}

TEST(VerifyPass, EachKernelAloneVerifiesFromTheStartingValues) {
  for (const Kernel kernel : kAllKernels) {
    StreamArrays arrays = arrays_of(0, 1, 2);
    Gold gold;
    run_pass(kernel, arrays);
    gold.apply(kernel);
    EXPECT_FALSE(verify_pass(kernel, arrays, gold).has_value()) << kernel_name(kernel);
  }
}

TEST(VerifyPass, ACorruptedElementOfEachKernelsResultIsFound) {
  for (const Kernel kernel : kAllKernels) {
    StreamArrays arrays = arrays_of(1, 2, 2);  // the second rank: element numbers are global
    Gold gold;
    for (const Kernel earlier : kAllKernels) {
      run_pass(earlier, arrays);
      gold.apply(earlier);
      if (earlier == kernel) break;
    }
    output_of(kernel, arrays)[17] *= 1.0 + 1e-9;
    const auto mismatch = verify_pass(kernel, arrays, gold);
    ASSERT_TRUE(mismatch.has_value()) << kernel_name(kernel);
    EXPECT_EQ(mismatch->element, arrays.first() + 17) << kernel_name(kernel);
    EXPECT_NE(mismatch->value, mismatch->expected);
  }
}

TEST(VerifyPass, AGatherFromTheWrongElementIsFound) {
  StreamArrays arrays = arrays_of(0, 1, 1);
  Gold gold;
  run_pass(Kernel::gather, arrays);
  gold.apply(Kernel::gather);
  // Neighbouring elements differ by 1/total of their weight: far above the tolerance.
  std::swap(arrays.a()[500], arrays.a()[501]);
  const auto mismatch = verify_pass(Kernel::gather, arrays, gold);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->element, 500u);
}

TEST(VerifyPass, AKernelThatDidNotRunIsFound) {
  for (const Kernel kernel : kAllKernels) {
    StreamArrays arrays = arrays_of(0, 1, 1);
    Gold gold;
    gold.apply(kernel);
    EXPECT_TRUE(verify_pass(kernel, arrays, gold).has_value()) << kernel_name(kernel);
  }
}

TEST(VerifyStart, NamesTheArrayAtFault) {
  StreamArrays arrays = arrays_of(0, 1, 2);
  arrays.c()[3] = 1e-300;
  char array = '?';
  const auto mismatch = verify_start(arrays, array);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(array, 'c');
  EXPECT_EQ(mismatch->element, 3u);
  arrays.initialise();
  EXPECT_FALSE(verify_start(arrays, array).has_value());
}

TEST(ShuffleIndex, IsOneCycleThroughEveryElementAndTheSameForTheSameSeed) {
  StreamArrays arrays(rank_share(kTotal, 0, 1), kTotal, 4, 2);
  arrays.shuffle_index(42);
  std::vector<bool> seen(kTotal, false);
  std::uint64_t at = 0;
  for (std::uint64_t step = 0; step < kTotal; ++step) {
    ASSERT_LT(arrays.index32()[at], kTotal);
    ASSERT_FALSE(seen[at]) << "a cycle shorter than all elements closes at step " << step;
    seen[at] = true;
    at = arrays.index32()[at];
  }
  EXPECT_EQ(at, 0u) << "the walk through every element ends where it began";
  StreamArrays again(rank_share(kTotal, 0, 1), kTotal, 4, 1);
  again.shuffle_index(42);
  StreamArrays other(rank_share(kTotal, 0, 1), kTotal, 4, 1);
  other.shuffle_index(43);
  EXPECT_TRUE(std::equal(arrays.index32(), arrays.index32() + kTotal, again.index32()));
  EXPECT_FALSE(std::equal(arrays.index32(), arrays.index32() + kTotal, other.index32()));
}

TEST(StreamArrays, Use64BitIndicesWhenAskedAndGatherThroughThem) {
  StreamArrays arrays(rank_share(kTotal, 0, 1), kTotal, 8, 2);
  ASSERT_EQ(arrays.index32(), nullptr);
  ASSERT_NE(arrays.index64(), nullptr);
  arrays.shuffle_index(1);
  Gold gold;
  run_pass(Kernel::gather, arrays);
  gold.apply(Kernel::gather);
  EXPECT_FALSE(verify_pass(Kernel::gather, arrays, gold).has_value());
}

}  // namespace
}  // namespace bb::mem
