// mem_hybrid: MPI ranks x OpenMP threads, each rank's arrays split among its threads; workers = ranks x threads.
#include "mem_program.hpp"

int main(int argc, char** argv) {
  return bb::mem::run_mem_program(
      argc, argv,
      {.name = "mem_hybrid",
       .description = "mem_hybrid: run the memory-bound kernels on MPI ranks x OpenMP threads; launch with "
                      "mpirun -np RANKS, --workers sets threads per rank",
       .launch = bb::Launch::mpi_openmp,
       .workers = "OpenMP threads per rank (the CSV's workers column is ranks x threads)",
       .default_workers = 1});
}
