// The CPU model descriptor (CpuProgram) and run_cpu_program(), the whole program around a descriptor.
#pragma once

#include <string>

#include "kernel.hpp"
#include "launch.hpp"

namespace bb::cpu {

// Everything that makes one CPU model what it is; each executable's main is one of these.
struct CpuProgram {
  std::string name;         // the program and the CSV's impl value, e.g. cpu_omp
  std::string description;  // first line of --help
  Launch launch = Launch::none;
  std::string workers;      // what --workers means for it, in --help and --describe
  int default_workers = 1;
  TaskKernel kernel = cpu_bound_product;
};

// The whole program: --describe, options and their checks (exit 2 on bad input, nothing run),
// MPI start-up for the MPI launches, warm-up and repeats, rows on rank 0 only, the verdict.
// Any error thrown on the way ends the program with one line and exit 1 (every rank, under MPI).
int run_cpu_program(int argc, char** argv, const CpuProgram& program);

}  // namespace bb::cpu
