// Reads the host name, UTC clock, online CPUs and load average at row time; revision and compiler are built in.
#include "metadata.hpp"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <ctime>

#include "csv.hpp"

namespace bb {

const std::vector<std::string>& metadata_columns() {
  static const std::vector<std::string> columns = {"host", "utc_time", "git_rev", "compiler", "cores", "load_1m"};
  return columns;
}

std::string utc_timestamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

static std::string host_name() {
  char buffer[HOST_NAME_MAX + 1] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

static std::string compiler_name() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("g++ ") + __VERSION__;
#else
  return "unknown";
#endif
}

// The machine's load, which counts runnable threads of every process (this run's own included), so a
// reader can tell a quiet machine from a busy one; -1 when the kernel does not say.
static double load_one_minute() {
  double load[1] = {-1};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

void set_metadata(CsvRow& row) {
  row.set("host", host_name())
      .set("utc_time", utc_timestamp_now())
      .set("git_rev", BB_GIT_REV)
      .set("compiler", compiler_name())
      .set("cores", static_cast<long long>(sysconf(_SC_NPROCESSORS_ONLN)))
      .set("load_1m", load_one_minute());
}

}  // namespace bb
