// mem_mpi: the memory-bound kernels on MPI ranks, each rank with its own share of the arrays.
#include "mem_program.hpp"

int main(int argc, char** argv) {
  return bb::mem::run_mem_program(
      argc, argv,
      {.name = "mem_mpi",
       .description = "mem_mpi: run the memory-bound kernels on MPI ranks (separate processes, each with its own "
                      "arrays); launch with mpirun -np RANKS",
       .launch = bb::Launch::mpi,
       .workers = "Workers per rank (always 1; the CSV's workers column is the rank count)",
       .default_workers = 1});
}
