// cpu_dummy: a model no script knows by name, built for the tests that prove scripts need no edit for a new model.
#include "cpu_program.hpp"

int main(int argc, char** argv) {
  return bb::cpu::run_cpu_program(
      argc, argv,
      {.name = "cpu_dummy",
       .description = "cpu_dummy: a test-only model, the kernel's tasks on OpenMP threads under another name",
       .launch = bb::Launch::openmp,
       .workers = "OpenMP threads",
       .default_workers = 2});
}
