// The five memory kernels (BabelStream's copy, scale, add, triad, and a gather), their names and the bytes each counts.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace bb::mem {

enum class Kernel { copy, scale, add, triad, gather };

// Every kernel, in the order a run takes them (BabelStream's order, the gather last).
inline constexpr std::array<Kernel, 5> kAllKernels = {Kernel::copy, Kernel::scale, Kernel::add, Kernel::triad,
                                                      Kernel::gather};

std::string kernel_name(Kernel kernel);

// --kernel: a comma-separated subset of the names, each at most once, in any order; returns them in run order.
// Throws UsageError naming --kernel for anything else.
std::vector<Kernel> parse_kernel_list(const std::string& text);

// Bytes STREAM counts per element of one pass: 8 per double array read or written (copy and scale 2 arrays, add
// and triad 3), and for the gather an 8-byte write, an 8-byte read and the index read (`index_bytes`).
unsigned counted_bytes_per_element(Kernel kernel, unsigned index_bytes);

}  // namespace bb::mem
