// Declares join_mpi_ranks: io_mpi's group, every MPI rank running its own sharded event loops.
#pragma once

#include <memory>

#include "fetch_group.hpp"

namespace bb::io {

// Starts MPI (MPI_Init_thread, serialized calls: a rank's loops take batches under a lock).
std::unique_ptr<FetchGroup> join_mpi_ranks(int& argc, char**& argv);

}  // namespace bb::io
