// Picks the process group for a launch; the MPI one exists only in builds with MPI.
#include "process_group.hpp"

#include <stdexcept>

#include "single_process.hpp"
#ifdef BB_WITH_MPI
#include "mpi_ranks.hpp"
#endif

namespace bb::cpu {

std::unique_ptr<ProcessGroup> join_process_group(Launch launch, int& argc, char**& argv) {
  if (!runs_mpi(launch)) return std::make_unique<SingleProcess>();
#ifdef BB_WITH_MPI
  // Threads of a hybrid rank take tasks from the shared counter one at a time: SERIALIZED suffices.
  return std::make_unique<MpiRanks>(argc, argv, launch == Launch::mpi ? MPI_THREAD_SINGLE : MPI_THREAD_SERIALIZED);
#else
  (void)argc;
  (void)argv;
  throw std::logic_error("this build has no MPI; configure with MPI found to run " + launch_name(launch) + " models");
#endif
}

}  // namespace bb::cpu
