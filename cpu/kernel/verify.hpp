// Verification of every result against the closed form, outside the timed region.
#pragma once

#include <gmpxx.h>

#include <map>
#include <string>
#include <vector>

namespace bb::cpu {

struct Verdict {
  bool passed = true;
  std::string first_mismatch;  // "task 3 (num=30)" when a result is wrong
};

class ResultVerifier {
 public:
  Verdict check(const std::vector<unsigned>& tasks, const std::vector<mpz_class>& results);

 private:
  std::map<unsigned, mpz_class> expected_by_num_;  // closed forms are costly: one per distinct num
};

// Test-only hook: when BB_TEST_CORRUPT_TASK=<index> is set, that result is altered so the
// tests can prove a wrong result makes the executable exit 1.
void apply_test_corruption(std::vector<mpz_class>& results);

}  // namespace bb::cpu
