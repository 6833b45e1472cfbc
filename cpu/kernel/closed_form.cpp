// The closed form by mpz_fac_ui and mpz_pow_ui (verification, untimed); its bit estimate also presizes the kernel.
#include "closed_form.hpp"

#include <cmath>

namespace bb::cpu {

mpz_class closed_form_product(unsigned num) {
  mpz_class result = 1;
  if (num <= 1) return result;
  const unsigned long last = num - 1;
  mpz_class factorial;
  mpz_fac_ui(factorial.get_mpz_t(), last);
  mpz_pow_ui(result.get_mpz_t(), factorial.get_mpz_t(), 3 * last * last);
  return result;
}

double estimated_result_bits(unsigned num) {
  if (num <= 2) return 1;
  const double last = num - 1;
  const double log2_factorial = std::lgamma(last + 1) / std::log(2.0);
  return 3 * last * last * log2_factorial + 1;
}

}  // namespace bb::cpu
