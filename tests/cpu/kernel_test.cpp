// Unit tests of the CPU kernel, its closed form and the digest (values from the seed's Python code).
#include <gtest/gtest.h>

#include <vector>

#include "closed_form.hpp"
#include "digest.hpp"
#include "kernel.hpp"

using bb::cpu::closed_form_product;
using bb::cpu::cpu_bound_product;

namespace {

// The seed's loop written the plain way, one factor per multiply, as the reference
// for the word-folding kernel.
mpz_class plain_triple_loop(unsigned num) {
  mpz_class total = 1;
  for (unsigned i = 1; i < num; ++i)
    for (unsigned j = 1; j < num; ++j)
      for (unsigned k = 1; k < num; ++k) total *= static_cast<unsigned long>(i) * j * k;
  return total;
}

}  // namespace

TEST(Kernel, EqualsClosedFormAndPlainLoopForSmallNums) {
  for (unsigned num = 1; num <= 12; ++num) {
    const mpz_class result = cpu_bound_product(num);
    EXPECT_EQ(result, closed_form_product(num)) << "num=" << num;
    EXPECT_EQ(result, plain_triple_loop(num)) << "num=" << num;
  }
}

TEST(Kernel, NumOneAndTwoGiveOne) {
  EXPECT_EQ(cpu_bound_product(1), 1);
  EXPECT_EQ(cpu_bound_product(2), 1);
}

TEST(Kernel, Num30HasTheSeedsBitLength) {
  EXPECT_EQ(mpz_sizeinbase(cpu_bound_product(30).get_mpz_t(), 2), 259370u);
}

TEST(Kernel, WideFactorsStillFoldExactly) {
  // num=64: i*j*k reaches 63^3 (18 bits), so fewer factors fit a word than for num=30.
  EXPECT_EQ(cpu_bound_product(64), closed_form_product(64));
}

TEST(Kernel, HookRunsBetweenSteps) {
  struct Counter : bb::cpu::StepHook {
    int calls = 0;
    void between_steps() override { ++calls; }
  } counter;
  const mpz_class hooked = cpu_bound_product(30, &counter);
  EXPECT_GT(counter.calls, 1000);  // 24,389 factors folded about four to a word
  EXPECT_EQ(hooked, closed_form_product(30));
}

TEST(ClosedForm, EstimatedBitsAreClose) {
  for (unsigned num : {3u, 30u, 63u, 300u}) {
    const double exact = static_cast<double>(mpz_sizeinbase(closed_form_product(num).get_mpz_t(), 2));
    EXPECT_NEAR(bb::cpu::estimated_result_bits(num), exact, exact * 1e-6 + 2) << "num=" << num;
  }
}

TEST(Digest, SeedTasks30x100MatchPython) {
  const mpz_class one = cpu_bound_product(30);
  const std::vector<mpz_class> results(100, one);
  EXPECT_EQ(bb::cpu::format_digest(bb::cpu::results_digest(results)), "0x13a6ebff570929e9");
}

TEST(Digest, FollowsTheRecurrence) {
  // d = ((0*1000003 + 1) * 1000003 + 2) mod M, small enough to check by hand.
  EXPECT_EQ(bb::cpu::results_digest({mpz_class(1), mpz_class(2)}), 1000005u);
  // A result equal to M reduces to 0; M+5 to 5.
  const mpz_class modulus(std::to_string(bb::cpu::kDigestModulus));
  EXPECT_EQ(bb::cpu::results_digest({modulus}), 0u);
  EXPECT_EQ(bb::cpu::results_digest({modulus + 5}), 5u);
  EXPECT_EQ(bb::cpu::format_digest(255), "0xff");
}

TEST(Digest, DependsOnTaskOrder) {
  const std::vector<mpz_class> forward = {cpu_bound_product(5), cpu_bound_product(7)};
  const std::vector<mpz_class> backward = {cpu_bound_product(7), cpu_bound_product(5)};
  EXPECT_NE(bb::cpu::results_digest(forward), bb::cpu::results_digest(backward));
}
