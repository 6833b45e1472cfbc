// Closed form of the kernel, ((num-1)!)^(3*(num-1)^2), and the bit length of a result (for sizing).
#pragma once

#include <gmpxx.h>

namespace bb::cpu {

mpz_class closed_form_product(unsigned num);

// Bit length of the kernel's result, from log2((num-1)!) (within a few bits).
double estimated_result_bits(unsigned num);

}  // namespace bb::cpu
