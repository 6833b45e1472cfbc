// mem_corrupt_mpi: a test-only model, mem_mpi with the middle element of the job (on one rank) made wrong after timing.
#include "corrupt_element.hpp"
#include "mem_program.hpp"

int main(int argc, char** argv) {
  return bb::mem::run_mem_program(
      argc, argv,
      {.name = "mem_corrupt_mpi",
       .description = "mem_corrupt_mpi: a test-only MPI model that spoils one element on one rank to prove every "
                      "rank fails",
       .launch = bb::Launch::mpi,
       .workers = "Workers per rank (always 1)",
       .default_workers = 1,
       .tamper = bb::mem::corrupt_middle_element});
}
