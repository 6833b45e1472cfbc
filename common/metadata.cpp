// Reads the host name and UTC clock at row time; the revision and compiler are fixed at build time.
#include "metadata.hpp"

#include <unistd.h>

#include <climits>
#include <ctime>

#include "csv.hpp"

namespace bb {

const std::vector<std::string>& metadata_columns() {
  static const std::vector<std::string> columns = {"host", "utc_time", "git_rev", "compiler"};
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

void set_metadata(CsvRow& row) {
  row.set("host", host_name())
      .set("utc_time", utc_timestamp_now())
      .set("git_rev", BB_GIT_REV)
      .set("compiler", compiler_name());
}

}  // namespace bb
