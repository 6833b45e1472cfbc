// The rank group of the memory models without MPI: one process, timed with the steady clock.
#pragma once

#include "rank_group.hpp"

namespace bb::mem {

class SingleRank final : public RankGroup {
 public:
  int size() const override { return 1; }
  int rank() const override { return 0; }
  int ranks_on_this_node() const override { return 1; }
  std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) override;
  void share_root_values(std::uint64_t*, int) override {}
  double time_pass(const std::function<void()>& pass) override;
  std::optional<Mismatch> first_mismatch(const std::optional<Mismatch>& mine) override { return mine; }
  std::string mpi_version() const override { return "none"; }
  std::string mpi_binding() const override { return "none"; }
  void abort_all() override {}
};

}  // namespace bb::mem
