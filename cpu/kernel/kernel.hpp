// The CPU kernel: the seed's triple loop, total *= i*j*k for i, j, k in 1..num-1, exactly (GMP).
#pragma once

#include <gmpxx.h>

namespace bb::cpu {

// Called between bignum multiplications, the kernel's "steps": lets a caller (the
// interpreter-lock emulation) interleave threads without the kernel knowing of them.
class StepHook {
 public:
  virtual ~StepHook() = default;
  virtual void between_steps() = 0;
};

// Runs the whole loop. Small factors are folded into one 64-bit word before each
// bignum multiply (same exact product, far fewer passes over the big number).
mpz_class cpu_bound_product(unsigned num, StepHook* hook = nullptr);

// What a model computes for one task (the product above unless a descriptor names another).
using TaskKernel = mpz_class (*)(unsigned num, StepHook* hook);

}  // namespace bb::cpu
