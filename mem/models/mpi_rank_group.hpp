// The rank group of the MPI memory models: each rank holds its share of the arrays; passes are timed between barriers.
#pragma once

#include <mpi.h>

#include "mpi_session.hpp"
#include "rank_group.hpp"

namespace bb::mem {

class MpiRankGroup final : public RankGroup {
 public:
  MpiRankGroup(int& argc, char**& argv, int required_thread_level);
  ~MpiRankGroup() override;
  MpiRankGroup(const MpiRankGroup&) = delete;
  MpiRankGroup& operator=(const MpiRankGroup&) = delete;

  int size() const override { return session_.size(); }
  int rank() const override { return session_.rank(); }
  int ranks_on_this_node() const override { return ranks_here_; }
  std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) override;
  void share_root_values(std::uint64_t* values, int count) override;
  double time_pass(const std::function<void()>& pass) override;
  std::optional<Mismatch> first_mismatch(const std::optional<Mismatch>& mine) override;
  std::string mpi_version() const override { return mpi_library_version(); }
  std::string mpi_binding() const override;
  void abort_all() override;

 private:
  MpiSession session_;
  MPI_Comm node_ = MPI_COMM_NULL;  // the ranks of this node (shared memory)
  int ranks_here_ = 1;
};

}  // namespace bb::mem
