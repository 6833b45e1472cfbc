// getrusage deltas over one run: user + system CPU of every thread, voluntary and involuntary switches.
#include "run_usage.hpp"

namespace bb::io {

namespace {

double seconds_of(const timeval& time) { return static_cast<double>(time.tv_sec) + time.tv_usec / 1e6; }

}  // namespace

rusage own_usage() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage;
}

RunUsage usage_since(const rusage& before) {
  const rusage after = own_usage();
  return {.cpu_s = seconds_of(after.ru_utime) + seconds_of(after.ru_stime) - seconds_of(before.ru_utime) -
                   seconds_of(before.ru_stime),
          .voluntary = after.ru_nvcsw - before.ru_nvcsw,
          .involuntary = after.ru_nivcsw - before.ru_nivcsw};
}

}  // namespace bb::io
