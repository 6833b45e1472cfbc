// Run metadata every CSV row ends with: host, UTC time, git revision, compiler, online CPUs, load average.
#pragma once

#include <string>
#include <vector>

namespace bb {

class CsvRow;

// Column names of the metadata block, in order.
const std::vector<std::string>& metadata_columns();

// Fills the metadata block of a row (host name, UTC timestamp now, revision, compiler, cores, load).
void set_metadata(CsvRow& row);

std::string utc_timestamp_now();

}  // namespace bb
