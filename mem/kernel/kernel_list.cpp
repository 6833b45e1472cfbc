// Names of the kernels, the --kernel list parser, and STREAM's byte counts.
#include "kernel_list.hpp"

#include <algorithm>

#include "usage_error.hpp"

namespace bb::mem {

std::string kernel_name(Kernel kernel) {
  switch (kernel) {
    case Kernel::copy: return "copy";
    case Kernel::scale: return "scale";
    case Kernel::add: return "add";
    case Kernel::triad: return "triad";
    case Kernel::gather: break;
  }
  return "gather";
}

std::vector<Kernel> parse_kernel_list(const std::string& text) {
  const std::string accepted = "a comma-separated subset of copy,scale,add,triad,gather";
  std::vector<bool> chosen(kAllKernels.size(), false);
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto found = std::find_if(kAllKernels.begin(), kAllKernels.end(),
                                    [&](Kernel kernel) { return kernel_name(kernel) == item; });
    if (found == kAllKernels.end()) {
      throw UsageError("--kernel", "'" + item + "' in '" + text + "' is not a kernel; give " + accepted);
    }
    const auto position = static_cast<std::size_t>(found - kAllKernels.begin());
    if (chosen[position]) throw UsageError("--kernel", "'" + item + "' is named twice in '" + text + "'");
    chosen[position] = true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<Kernel> kernels;
  for (std::size_t i = 0; i < kAllKernels.size(); ++i) {
    if (chosen[i]) kernels.push_back(kAllKernels[i]);
  }
  return kernels;
}

unsigned counted_bytes_per_element(Kernel kernel, unsigned index_bytes) {
  switch (kernel) {
    case Kernel::copy:
    case Kernel::scale: return 2 * sizeof(double);
    case Kernel::add:
    case Kernel::triad: return 3 * sizeof(double);
    case Kernel::gather: break;
  }
  return 2 * sizeof(double) + index_bytes;
}

}  // namespace bb::mem
