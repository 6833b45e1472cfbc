// mem_seq: the baseline, every kernel on one thread of one process.
#include "mem_program.hpp"

int main(int argc, char** argv) {
  return bb::mem::run_mem_program(
      argc, argv,
      {.name = "mem_seq",
       .description = "mem_seq: run the memory-bound kernels (copy, scale, add, triad, gather) on one thread",
       .launch = bb::Launch::none,
       .workers = "Workers (always 1: one thread)",
       .default_workers = 1});
}
