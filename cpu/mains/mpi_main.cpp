// cpu_mpi: the kernel's tasks shared among MPI ranks (processes), exact results gathered to rank 0.
#include "cpu_program.hpp"

int main(int argc, char** argv) {
  return bb::cpu::run_cpu_program(
      argc, argv,
      {.name = "cpu_mpi",
       .description = "cpu_mpi: run the CPU-bound kernel's tasks on MPI ranks (separate processes); "
                      "launch with mpirun -np RANKS",
       .launch = bb::Launch::mpi,
       .workers = "Workers per rank (always 1; the CSV's workers column is the rank count)",
       .default_workers = 1});
}
