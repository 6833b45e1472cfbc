// The memory model descriptor (MemProgram) and run_mem_program(), the whole program around a descriptor.
#pragma once

#include <string>

#include "kernel_list.hpp"
#include "launch.hpp"
#include "stream_arrays.hpp"

namespace bb::mem {

// Everything that makes one memory model what it is; each executable's main is one of these.
struct MemProgram {
  std::string name;         // the program and the CSV's impl value, e.g. mem_omp
  std::string description;  // first line of --help
  Launch launch = Launch::none;
  std::string workers;      // what --workers means for it, in --help and --describe
  int default_workers = 1;
  // Test models only: alters the array a pass wrote, after the pass was timed and before it is verified.
  void (*tamper)(Kernel kernel, StreamArrays& arrays) = nullptr;
};

// The whole program: --describe, options and their checks (exit 2 on bad input, nothing run), MPI start-up for
// the MPI launches, sizing, warm-up and repeats of every chosen kernel, rows on rank 0 only, the verdict.
// Any error thrown on the way ends the program with one line and exit 1 (every rank, under MPI).
int run_mem_program(int argc, char** argv, const MemProgram& program);

}  // namespace bb::mem
