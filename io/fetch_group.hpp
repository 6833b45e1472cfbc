// Declares FetchGroup: the processes an event-loop model's run spans (this one, or every MPI rank) and one timed run.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fetch_record.hpp"
#include "io_options.hpp"
#include "io_report.hpp"
#include "progress_line.hpp"

namespace bb::io {

// One timed run: its wall time, what it cost, and the records of every request (every rank's on the root).
struct TimedFetch {
  double wall_s = 0;
  RunUsage usage;
  std::vector<FetchRecord> records;
};

class FetchGroup {
 public:
  virtual ~FetchGroup() = default;
  virtual int ranks() const { return 1; }
  virtual int nodes() const { return 1; }
  virtual bool is_root() const { return true; }

  // Parses the command line in every process; the root alone prints, and no process goes on alone
  // (nothing: go on; else the exit code).
  virtual std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate);

  // Checks that need the parsed options in every process (io_mpi's one-sided window); false: the root
  // said why, and every process leaves with exit 1.
  virtual bool ready(const IoOptions&, const std::string&) { return true; }

  // Multi handles over all loops (and ranks): the CSV's shards column.
  virtual std::size_t shards(const IoOptions& options) const = 0;

  // One run from a fresh client; `progress` is null where no process sees every request end.
  virtual TimedFetch run(const IoOptions& options, ProgressLine* progress) = 0;

  // After an error in one process: ends the others too (an MPI job must not hang on a missing rank).
  virtual void abort_all() {}
};

// How an executable joins its group; MPI starts here (argc and argv may be rewritten).
using JoinFetchGroup = std::function<std::unique_ptr<FetchGroup>(int& argc, char**& argv)>;

}  // namespace bb::io
