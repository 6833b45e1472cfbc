// The kernel loop: factors folded into one 64-bit word per bignum multiply, powers of two applied as one shift.
#include "kernel.hpp"

#include <cstdint>

#include "closed_form.hpp"

namespace bb::cpu {

mpz_class cpu_bound_product(unsigned num, StepHook* hook) {
  mpz_class total = 1;
  if (num <= 1) return total;
  const std::uint64_t last = num - 1;
  // Sizing the number once avoids a reallocation (and copy) on almost every multiply.
  mpz_realloc2(total.get_mpz_t(), static_cast<mp_bitcnt_t>(estimated_result_bits(num)) + 128);
  total = 1;

  // Each factor joins the word while the product still fits in 64 bits, so every pass
  // over the big number carries as many loop factors as one machine word can hold.
  // A factor's powers of two are counted and applied as one shift at the end: the same
  // exact product, but the number being multiplied stays a quarter smaller throughout.
  std::uint64_t word = 1;
  mp_bitcnt_t twos = 0;
  for (std::uint64_t i = 1; i <= last; ++i) {
    for (std::uint64_t j = 1; j <= last; ++j) {
      const std::uint64_t ij = i * j;
      for (std::uint64_t k = 1; k <= last; ++k) {
        const std::uint64_t factor = ij * k;
        const int factor_twos = __builtin_ctzll(factor);
        twos += static_cast<mp_bitcnt_t>(factor_twos);
        const std::uint64_t odd_factor = factor >> factor_twos;
        std::uint64_t folded = 0;
        if (__builtin_mul_overflow(word, odd_factor, &folded)) {
          mpz_mul_ui(total.get_mpz_t(), total.get_mpz_t(), word);
          folded = odd_factor;
          if (hook != nullptr) hook->between_steps();
        }
        word = folded;
      }
    }
  }
  mpz_mul_ui(total.get_mpz_t(), total.get_mpz_t(), word);
  mpz_mul_2exp(total.get_mpz_t(), total.get_mpz_t(), twos);
  return total;
}

}  // namespace bb::cpu
