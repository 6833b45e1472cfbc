// The digest by residues modulo 2^61-1 (mpz_fdiv_ui) and 128-bit products, printed in Python's hex() form.
#include "digest.hpp"

#include <cstdio>

namespace bb::cpu {

std::uint64_t results_digest(const std::vector<mpz_class>& results) {
  std::uint64_t digest = 0;
  for (const auto& result : results) {
    const std::uint64_t residue = mpz_fdiv_ui(result.get_mpz_t(), kDigestModulus);
    const unsigned __int128 next = static_cast<unsigned __int128>(digest) * kDigestMultiplier + residue;
    digest = static_cast<std::uint64_t>(next % kDigestModulus);
  }
  return digest;
}

std::string format_digest(std::uint64_t digest) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(digest));
  return buffer;
}

}  // namespace bb::cpu
