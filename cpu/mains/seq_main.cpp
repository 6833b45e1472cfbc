// cpu_seq: the baseline, every task in order on one thread (the seed's plain loop).
#include "cpu_program.hpp"

int main(int argc, char** argv) {
  return bb::cpu::run_cpu_program(
      argc, argv,
      {.name = "cpu_seq",
       .description = "cpu_seq: run the CPU-bound kernel sequentially (the baseline every model is compared to)",
       .launch = bb::Launch::none,
       .workers = "Workers (always 1: one task at a time)",
       .default_workers = 1});
}
