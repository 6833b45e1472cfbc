// Picks the rank group for a launch; the MPI one exists only in builds with MPI.
#include "rank_group.hpp"

#include <stdexcept>

#include "single_rank.hpp"
#ifdef BB_WITH_MPI
#include "mpi_rank_group.hpp"
#endif

namespace bb::mem {

std::unique_ptr<RankGroup> join_rank_group(Launch launch, int& argc, char**& argv) {
  if (!runs_mpi(launch)) return std::make_unique<SingleRank>();
#ifdef BB_WITH_MPI
  // Only the main thread of a hybrid rank calls MPI, between the OpenMP regions: FUNNELED suffices.
  return std::make_unique<MpiRankGroup>(argc, argv, launch == Launch::mpi ? MPI_THREAD_SINGLE : MPI_THREAD_FUNNELED);
#else
  (void)argc;
  (void)argv;
  throw std::logic_error("this build has no MPI; configure with MPI found to run " + launch_name(launch) + " models");
#endif
}

}  // namespace bb::mem
