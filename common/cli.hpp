// Command-line harness: the common options every executable takes and the bad-input policy.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

#include "csv.hpp"

namespace bb {

struct CommonOptions {
  int repeats = 5;
  int warmup = 1;
  bool csv = false;
  bool header_only = false;  // --csv-header: print the header and run nothing (for sweep tools)
  Params params;  // --param NAME=VALUE, in the order given
};

// Adds --repeats, --warmup, --csv, --csv-header, --describe, --param and --version to an app.
void add_common_options(CLI::App& app, CommonOptions& options);

// Parses argv, then runs `validate` (which throws UsageError for bad values).
// Returns nothing when the program should go on, or the exit code to leave with:
// 0 after --help/--version, 2 after bad input. Messages are printed only when
// `report` is true, so under MPI a single rank speaks for all.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, bool report,
                                      const std::function<void()>& validate = {});

// For whole-number options: CLI11 would read 010 as octal and 0x10 as hex; boundbench's counts are
// decimal digits only (leading zeros ignored). Put it before the option's Range check.
const CLI::Validator& decimal();

// Checks --param names against the suite's own columns (a clash would make an ambiguous CSV).
void validate_params(const Params& params, const std::vector<std::string>& columns);

}  // namespace bb
