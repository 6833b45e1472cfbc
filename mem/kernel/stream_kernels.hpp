// One pass of a kernel over this rank's arrays, and which array each kernel writes.
#pragma once

#include "kernel_list.hpp"
#include "stream_arrays.hpp"

namespace bb::mem {

// copy c = a; scale b = s*c; add c = a + b; triad a = b + s*c; gather a[i] = b[index[i]]. Each is one
// `parallel for simd schedule(static)` loop over restrict pointers, as tight as a plain STREAM loop, in a team of
// arrays.threads() with the split that placed the pages. Blind to ranks and clocks.
void run_pass(Kernel kernel, StreamArrays& arrays);

// The array `kernel` writes: c for copy and add, b for scale, a for triad and gather.
double* output_of(Kernel kernel, StreamArrays& arrays);
const double* output_of(Kernel kernel, const StreamArrays& arrays);

// "a", "b" or "c", for messages.
const char* output_name(Kernel kernel);

}  // namespace bb::mem
