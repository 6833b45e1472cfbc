// Compares each result with the closed form of its num, computing each distinct closed form once.
#include "verify.hpp"

#include <cstdlib>
#include <string>

#include "closed_form.hpp"

namespace bb::cpu {

Verdict ResultVerifier::check(const std::vector<unsigned>& tasks, const std::vector<mpz_class>& results) {
  if (results.size() != tasks.size()) {
    return {false, std::to_string(results.size()) + " results for " + std::to_string(tasks.size()) + " tasks"};
  }
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    auto found = expected_by_num_.find(tasks[i]);
    if (found == expected_by_num_.end()) {
      found = expected_by_num_.emplace(tasks[i], closed_form_product(tasks[i])).first;
    }
    if (results[i] != found->second) {
      return {false, "task " + std::to_string(i) + " (num=" + std::to_string(tasks[i]) + ")"};
    }
  }
  return {};
}

void apply_test_corruption(std::vector<mpz_class>& results) {
  const char* index_text = std::getenv("BB_TEST_CORRUPT_TASK");
  if (index_text == nullptr) return;
  const unsigned long index = std::strtoul(index_text, nullptr, 10);
  if (index < results.size()) results[index] += 1;
}

}  // namespace bb::cpu
