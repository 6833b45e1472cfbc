// mem_corrupt: a test-only model, mem_omp with one element of every pass's result made wrong after the timing.
#include "corrupt_element.hpp"
#include "mem_program.hpp"

int main(int argc, char** argv) {
  return bb::mem::run_mem_program(
      argc, argv,
      {.name = "mem_corrupt",
       .description = "mem_corrupt: a test-only model that spoils one element of each kernel's result to prove "
                      "verification fails",
       .launch = bb::Launch::openmp,
       .workers = "OpenMP threads",
       .default_workers = 1,
       .tamper = bb::mem::corrupt_middle_element});
}
