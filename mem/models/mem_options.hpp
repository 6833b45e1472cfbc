// The memory suite's own options (--workers, --kernel, --size) and their checks, sizing included.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "kernel_list.hpp"
#include "mem_program.hpp"
#include "sizing.hpp"

namespace bb::mem {

struct MemOptions {
  int workers = 1;
  std::string kernel_text = "copy,scale,add,triad,gather";
  std::vector<Kernel> kernels;  // filled by finish_mem_options, in run order
  std::string size_text;        // as typed; read only when --size was given
  CLI::Option* size_option = nullptr;
  Footprint footprint;          // filled by finish_mem_options
  std::uint64_t llc_bytes = 0;  // 0: unknown
  std::string size_note;        // one line for stderr when the default size was not 4x the cache
};

void add_mem_options(CLI::App& app, MemOptions& options, const MemProgram& program);

// Parses --kernel and --size, refuses a --workers the model cannot run, and sizes the run for `ranks` ranks,
// `ranks_here` of them on this node; throws UsageError.
void finish_mem_options(MemOptions& options, const MemProgram& program, int ranks, int ranks_here);

}  // namespace bb::mem
