// MPI plumbing of the CPU MPI models: exact results gathered on rank 0 (session and task counter: common/).
#pragma once

#include <mpi.h>

#include <gmpxx.h>

#include <cstddef>
#include <vector>

#include "mpi_session.hpp"

namespace bb::cpu {

// Every rank sends the exact results it computed (indices in `done`) to rank 0 as bytes.
void gather_results_to_root(std::vector<mpz_class>& results, const std::vector<std::size_t>& done,
                            MPI_Comm comm);

}  // namespace bb::cpu
