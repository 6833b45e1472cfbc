// io_mpi_failing_rank (test only): io_mpi whose last rank throws as a run starts, to prove the job then ends at once.
#include <mpi.h>

#include <stdexcept>
#include <string>

#include "io_program.hpp"
#include "mpi_group.hpp"

namespace {

// io_mpi's own group, except that its last rank fails before the run's first barrier.
class LastRankFails final : public bb::io::FetchGroup {
 public:
  explicit LastRankFails(std::unique_ptr<bb::io::FetchGroup> group) : group_(std::move(group)) {}
  int ranks() const override { return group_->ranks(); }
  int nodes() const override { return group_->nodes(); }
  bool is_root() const override { return group_->is_root(); }
  std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) override {
    return group_->parse(app, argc, argv, validate);
  }
  bool ready(const bb::io::IoOptions& options, const std::string& program) override {
    return group_->ready(options, program);
  }
  std::size_t shards(const bb::io::IoOptions& options) const override { return group_->shards(options); }
  bb::io::TimedFetch run(const bb::io::IoOptions& options, bb::ProgressLine* progress) override {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == group_->ranks() - 1) throw std::runtime_error("rank " + std::to_string(rank) + " failed on purpose");
    return group_->run(options, progress);
  }
  void abort_all() override { group_->abort_all(); }

 private:
  std::unique_ptr<bb::io::FetchGroup> group_;
};

}  // namespace

int main(int argc, char** argv) {
  return bb::io::run_io_program(
      argc, argv,
      {.name = "io_mpi_failing_rank",
       .description = "io_mpi_failing_rank: io_mpi whose last rank fails as a run starts (tests only)",
       .model = bb::io::Model::mpi,
       .default_workers = 100,
       .fetch_all = nullptr,
       .join = [](int& count, char**& values) -> std::unique_ptr<bb::io::FetchGroup> {
         return std::make_unique<LastRankFails>(bb::io::join_mpi_ranks(count, values));
       }});
}
