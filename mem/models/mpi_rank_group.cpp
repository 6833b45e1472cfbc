// MPI timing (barrier, pass, barrier, slowest rank), the lowest mismatch over ranks, and the launcher's binding.
#include "mpi_rank_group.hpp"

#include <cstdlib>
#include <limits>

namespace bb::mem {

MpiRankGroup::MpiRankGroup(int& argc, char**& argv, int required_thread_level)
    : session_(argc, argv, required_thread_level) {
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, session_.rank(), MPI_INFO_NULL, &node_);
  MPI_Comm_size(node_, &ranks_here_);
}

MpiRankGroup::~MpiRankGroup() { MPI_Comm_free(&node_); }

std::optional<int> MpiRankGroup::parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) {
  return parse_on_all_ranks(app, argc, argv, session_, validate);
}

void MpiRankGroup::share_root_values(std::uint64_t* values, int count) {
  MPI_Bcast(values, count, MPI_UINT64_T, 0, MPI_COMM_WORLD);
}

double MpiRankGroup::time_pass(const std::function<void()>& pass) {
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  pass();
  MPI_Barrier(MPI_COMM_WORLD);
  double seconds = MPI_Wtime() - start;
  MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return seconds;
}

std::optional<Mismatch> MpiRankGroup::first_mismatch(const std::optional<Mismatch>& mine) {
  constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t lowest = mine ? mine->element : kNone;
  MPI_Allreduce(MPI_IN_PLACE, &lowest, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
  if (lowest == kNone) return std::nullopt;
  // The rank holding that element tells the others what it found.
  int owner = mine && mine->element == lowest ? rank() : size();
  MPI_Allreduce(MPI_IN_PLACE, &owner, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  double values[2] = {mine ? mine->value : 0, mine ? mine->expected : 0};
  MPI_Bcast(values, 2, MPI_DOUBLE, owner, MPI_COMM_WORLD);
  return Mismatch{lowest, values[0], values[1]};
}

std::string MpiRankGroup::mpi_binding() const {
  for (const char* variable : {"OMPI_MCA_hwloc_base_binding_policy", "SLURM_CPU_BIND"}) {
    if (const char* value = std::getenv(variable)) return value;
  }
  return "unset";
}

void MpiRankGroup::abort_all() { MPI_Abort(MPI_COMM_WORLD, 1); }

}  // namespace bb::mem
