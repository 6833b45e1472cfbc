// Declares the open-file budget: raise_open_file_limit, and check_open_file_budget that refuses worker counts too big.
#pragma once

#include <string>

namespace bb::io {

// Descriptors a run needs: `per_worker` for each worker plus a fixed `spare`
// (stdio, epoll, libcurl's wake-up pipes, CA files while TLS starts).
struct DescriptorNeed {
  long per_worker = 1;
  long spare = 32;
};

// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns the soft limit now in force.
long raise_open_file_limit();

// Throws UsageError("--workers", ...) with the numbers when `workers` cannot fit in `limit`.
void check_open_file_budget(long workers, DescriptorNeed need, long limit);

}  // namespace bb::io
