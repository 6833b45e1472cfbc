// cpu_hybrid: MPI ranks x OpenMP threads, the usual cluster layout; workers = ranks x threads.
#include "cpu_program.hpp"

int main(int argc, char** argv) {
  return bb::cpu::run_cpu_program(
      argc, argv,
      {.name = "cpu_hybrid",
       .description = "cpu_hybrid: run the CPU-bound kernel's tasks on MPI ranks x OpenMP threads; "
                      "launch with mpirun -np RANKS, --workers sets threads per rank",
       .launch = bb::Launch::mpi_openmp,
       .workers = "OpenMP threads per rank (the CSV's workers column is ranks x threads)",
       .default_workers = 1});
}
