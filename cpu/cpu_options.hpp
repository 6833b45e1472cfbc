// The CPU suite's own options (--tasks, --schedule, --workers, --gil) and their validation.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace bb::cpu {

struct CpuOptions {
  std::string tasks_spec = "30x100";
  std::vector<unsigned> tasks;   // filled by finish_cpu_options
  std::string schedule = "static";
  int workers = 1;
  int gil_ms = 0;                // 0: no interpreter-lock emulation
};

void add_tasks_option(CLI::App& app, CpuOptions& options);
void add_schedule_option(CLI::App& app, CpuOptions& options, const std::string& description);
void add_workers_option(CLI::App& app, CpuOptions& options, const std::string& description);
void add_gil_option(CLI::App& app, CpuOptions& options);

// Parses --tasks and refuses sizes out of reach for `total_workers`; throws UsageError.
void finish_cpu_options(CpuOptions& options, int total_workers);

}  // namespace bb::cpu
