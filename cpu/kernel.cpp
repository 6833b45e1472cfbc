// The CPU kernel: the seed's triple loop, total *= i*j*k for i, j, k in 1..num-1, exactly (GMP).
#include "kernel.hpp"

#include <cstdint>
#include <limits>

#include "closed_form.hpp"

namespace bb::cpu {

mpz_class cpu_bound_product(unsigned num, StepHook* hook) {
  mpz_class total = 1;
  if (num <= 1) return total;
  const std::uint64_t last = num - 1;
  // Sizing the number once avoids a reallocation (and copy) on almost every multiply.
  mpz_realloc2(total.get_mpz_t(), static_cast<mp_bitcnt_t>(estimated_result_bits(num)) + 128);
  total = 1;

  // While word <= limit, word * (any i*j*k) still fits in 64 bits.
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() / (last * last * last);
  std::uint64_t word = 1;
  for (std::uint64_t i = 1; i <= last; ++i) {
    for (std::uint64_t j = 1; j <= last; ++j) {
      const std::uint64_t ij = i * j;
      for (std::uint64_t k = 1; k <= last; ++k) {
        if (word > limit) {
          mpz_mul_ui(total.get_mpz_t(), total.get_mpz_t(), word);
          word = 1;
          if (hook != nullptr) hook->between_steps();
        }
        word *= ij * k;
      }
    }
  }
  mpz_mul_ui(total.get_mpz_t(), total.get_mpz_t(), word);
  return total;
}

}  // namespace bb::cpu
