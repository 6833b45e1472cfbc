// Declares own_usage and usage_since: what this process spent (CPU, context switches) over one run.
#pragma once

#include <sys/resource.h>

#include "io_report.hpp"

namespace bb::io {

rusage own_usage();

// The whole process over one run: every thread's CPU time and context switches.
RunUsage usage_since(const rusage& before);

}  // namespace bb::io
