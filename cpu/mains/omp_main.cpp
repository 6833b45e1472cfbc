// cpu_omp: the kernel's tasks shared among OpenMP threads, optionally under an emulated GIL.
#include "cpu_program.hpp"

int main(int argc, char** argv) {
  return bb::cpu::run_cpu_program(
      argc, argv,
      {.name = "cpu_omp",
       .description = "cpu_omp: run the CPU-bound kernel's tasks on OpenMP threads (one shared address space)",
       .launch = bb::Launch::openmp,
       .workers = "OpenMP threads",
       .default_workers = 1});
}
