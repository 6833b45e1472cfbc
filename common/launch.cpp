// Names and properties of the launch kinds, in one switch each.
#include "launch.hpp"

namespace bb {

std::string launch_name(Launch launch) {
  switch (launch) {
    case Launch::openmp: return "openmp";
    case Launch::mpi: return "mpi";
    case Launch::mpi_openmp: return "mpi+openmp";
    case Launch::none: break;
  }
  return "none";
}

std::string kind_of(Launch launch) {
  switch (launch) {
    case Launch::openmp: return "threads";
    case Launch::mpi: return "processes";
    case Launch::mpi_openmp: return "processes+threads";
    case Launch::none: break;
  }
  return "sequential";
}

bool runs_mpi(Launch launch) { return launch == Launch::mpi || launch == Launch::mpi_openmp; }

bool runs_openmp(Launch launch) { return launch == Launch::openmp || launch == Launch::mpi_openmp; }

}  // namespace bb
