// The process group of the MPI models: one process per rank, results gathered to rank 0.
#pragma once

#include "mpi_support.hpp"
#include "process_group.hpp"

namespace bb::cpu {

class MpiRanks final : public ProcessGroup {
 public:
  MpiRanks(int& argc, char**& argv, int required_thread_level) : session_(argc, argv, required_thread_level) {}
  int size() const override { return session_.size(); }
  bool is_root() const override { return session_.is_root(); }
  std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) override;
  bool can_share_a_counter(const std::string& program) override;
  CpuTiming run(const RunRequest& request, std::vector<mpz_class>& results) override;
  std::string mpi_version() const override { return mpi_library_version(); }
  void abort_all() override;

 private:
  MpiSession session_;
};

}  // namespace bb::cpu
