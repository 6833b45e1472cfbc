// Raises RLIMIT_NOFILE's soft limit to the hard one (or nr_open) and turns an overrun into a --workers error.
#include "open_file_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <fstream>

#include "usage_error.hpp"

namespace bb::io {

namespace {

// An "unlimited" hard limit still stops at the kernel's per-process maximum.
rlim_t kernel_maximum() {
  std::ifstream file("/proc/sys/fs/nr_open");
  rlim_t value = 1048576;
  file >> value;
  return value;
}

}  // namespace

long raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  const rlim_t target = limit.rlim_max == RLIM_INFINITY ? kernel_maximum() : limit.rlim_max;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur < target) {
    rlimit raised{target, limit.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = target;
  }
  return static_cast<long>(std::min<rlim_t>(limit.rlim_cur, 1L << 30));
}

void check_open_file_budget(long workers, DescriptorNeed need, long limit) {
  const long needed = workers * need.per_worker + need.spare;
  if (needed <= limit) return;
  const long most = std::max(0L, (limit - need.spare) / need.per_worker);
  // A limit below the spare fits no worker at all: then raising it is the only way.
  const std::string fewer = most > 0 ? "use --workers " + std::to_string(most) + " or fewer, or " : "";
  throw UsageError("--workers", std::to_string(workers) + " workers need about " + std::to_string(needed) +
                                    " open files (" + std::to_string(need.per_worker) + " per worker + " +
                                    std::to_string(need.spare) + " spare) but the open-file limit is " +
                                    std::to_string(limit) + "; " + fewer +
                                    "raise the hard limit (ulimit -Hn as root, or nofile in "
                                    "/etc/security/limits.conf)");
}

}  // namespace bb::io
