// The run digest: d = (d*1000003 + r mod (2^61-1)) mod (2^61-1) over results in task order.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bb::cpu {

constexpr std::uint64_t kDigestModulus = (std::uint64_t{1} << 61) - 1;
constexpr std::uint64_t kDigestMultiplier = 1000003;

std::uint64_t results_digest(const std::vector<mpz_class>& results);

// Lowercase hex with 0x prefix, as Python's hex() prints it.
std::string format_digest(std::uint64_t digest);

}  // namespace bb::cpu
