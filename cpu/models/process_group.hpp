// Where a CPU program's workers live: this one process, or every rank of an MPI job.
#pragma once

#include <gmpxx.h>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cpu_report.hpp"
#include "interpreter_lock.hpp"
#include "kernel.hpp"
#include "launch.hpp"
#include "progress_line.hpp"
#include "schedule.hpp"

namespace bb::cpu {

// One timed run: which tasks, how each is computed, how they are handed out, workers per process.
struct RunRequest {
  const std::vector<unsigned>& tasks;
  TaskKernel kernel;
  Schedule schedule;
  int threads;            // workers in each process
  InterpreterLock* gil;   // null: no interpreter-lock emulation
  ProgressLine* progress; // null: nothing reported while the run goes on
};

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int size() const = 0;  // processes (MPI ranks)
  virtual bool is_root() const = 0;

  // Parses the command line in every process; the root alone prints, and its verdict holds for all
  // (nothing: go on; else the exit code), so no process is left waiting for another.
  virtual std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) = 0;

  // Whether the processes can share a task counter (the dynamic schedule); the root says why not.
  virtual bool can_share_a_counter(const std::string& program) = 0;

  // Hands out the tasks, runs the task loop in every process and brings every result to the root.
  // Timings and results are meaningful on the root only.
  virtual CpuTiming run(const RunRequest& request, std::vector<mpz_class>& results) = 0;

  virtual std::string mpi_version() const = 0;  // "none" outside MPI

  // After an error in one process: ends the others too (an MPI job must not hang on the missing rank).
  virtual void abort_all() = 0;
};

// The group a launch calls for; MPI launches start MPI here (argc/argv may be rewritten).
std::unique_ptr<ProcessGroup> join_process_group(Launch launch, int& argc, char**& argv);

}  // namespace bb::cpu
