// The CPU suite's own options (--tasks, --workers, --schedule, --gil): which a model takes, and their checks.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cpu_program.hpp"
#include "schedule.hpp"

namespace bb::cpu {

struct CpuOptions {
  std::string tasks_spec = "30x100";
  std::vector<unsigned> tasks;           // filled by finish_cpu_options
  std::string schedule_text = "static";  // as typed; finish_cpu_options sets schedule
  Schedule schedule = Schedule::none;
  int workers = 1;
  int gil_ms = 0;                        // 0: no interpreter-lock emulation
};

// --tasks and --workers for every model, --schedule for models with more than one worker,
// --gil for threads sharing one process (where an interpreter lock would serialize them).
void add_cpu_options(CLI::App& app, CpuOptions& options, const CpuProgram& program);

// Parses --tasks and --schedule, refuses a --workers the model cannot run and task sizes out of
// reach for all the workers of `processes` processes; throws UsageError.
void finish_cpu_options(CpuOptions& options, const CpuProgram& program, int processes);

}  // namespace bb::cpu
