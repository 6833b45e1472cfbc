// mem_omp: the memory-bound kernels split among OpenMP threads of one process (one shared address space).
#include "mem_program.hpp"

int main(int argc, char** argv) {
  return bb::mem::run_mem_program(
      argc, argv,
      {.name = "mem_omp",
       .description = "mem_omp: run the memory-bound kernels on OpenMP threads, each thread on its static share",
       .launch = bb::Launch::openmp,
       .workers = "OpenMP threads",
       .default_workers = 1});
}
