// How a model's workers come to exist (its launch), and the names --describe gives it; shared by the CPU and memory suites.
#pragma once

#include <string>

namespace bb {

enum class Launch {
  none,        // one process, one worker
  openmp,      // one process, --workers OpenMP threads
  mpi,         // one worker per MPI rank (mpirun -np N)
  mpi_openmp,  // MPI ranks x --workers OpenMP threads each
};

// --describe's launch: none, openmp, mpi, mpi+openmp.
std::string launch_name(Launch launch);

// --describe's kind: sequential, threads, processes, processes+threads.
std::string kind_of(Launch launch);

bool runs_mpi(Launch launch);
bool runs_openmp(Launch launch);

}  // namespace bb
