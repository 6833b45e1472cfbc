// The process group of the models without MPI: every worker is a thread of this process.
#pragma once

#include "process_group.hpp"

namespace bb::cpu {

class SingleProcess final : public ProcessGroup {
 public:
  int size() const override { return 1; }
  bool is_root() const override { return true; }
  std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) override;
  bool can_share_a_counter(const std::string&) override { return true; }
  CpuTiming run(const RunRequest& request, std::vector<mpz_class>& results) override;
  std::string mpi_version() const override { return "none"; }
  void abort_all() override {}
};

}  // namespace bb::cpu
