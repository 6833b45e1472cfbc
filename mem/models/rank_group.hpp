// Where a memory program's arrays live: this one process, or every rank of an MPI job, and what the ranks agree on.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "gold.hpp"
#include "launch.hpp"

namespace bb::mem {

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  virtual int size() const = 0;  // processes (MPI ranks)
  virtual int rank() const = 0;
  bool is_root() const { return rank() == 0; }
  virtual int ranks_on_this_node() const = 0;  // the ranks that share this node's memory, this one included

  // Parses the command line in every process; the root alone prints, and its verdict holds for all
  // (nothing: go on; else the exit code), so no process is left waiting for another.
  virtual std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) = 0;

  // Gives every rank the root's `count` values (what the root's checks chose, e.g. the footprint).
  virtual void share_root_values(std::uint64_t* values, int count) = 0;

  // Runs `pass` on every rank between two barriers; returns the slowest rank's seconds, on every rank.
  virtual double time_pass(const std::function<void()>& pass) = 0;

  // The mismatch with the lowest element number over all ranks (`mine` is this rank's), on every rank.
  virtual std::optional<Mismatch> first_mismatch(const std::optional<Mismatch>& mine) = 0;

  virtual std::string mpi_version() const = 0;  // "none" outside MPI
  virtual std::string mpi_binding() const = 0;  // the launcher's binding policy; "none" outside MPI

  // After an error in one process: ends the others too (an MPI job must not hang on the missing rank).
  virtual void abort_all() = 0;
};

// The group a launch calls for; MPI launches start MPI here (argc/argv may be rewritten).
std::unique_ptr<RankGroup> join_rank_group(Launch launch, int& argc, char**& argv);

}  // namespace bb::mem
