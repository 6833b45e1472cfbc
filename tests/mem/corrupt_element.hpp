// The test models' hook: the middle element of the whole job (held by one rank) made wrong in the kernel's result.
#pragma once

#include "stream_kernels.hpp"

namespace bb::mem {

inline void corrupt_middle_element(Kernel kernel, StreamArrays& arrays) {
  const std::uint64_t middle = arrays.total() / 2;
  if (middle >= arrays.first() && middle - arrays.first() < arrays.size()) {
    output_of(kernel, arrays)[middle - arrays.first()] += 1.0;
  }
}

}  // namespace bb::mem
