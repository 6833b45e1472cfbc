// run_within_error_boundary(): the one error boundary around a whole program, for every suite.
#pragma once

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "exit_codes.hpp"
#include "output_check.hpp"

namespace bb {

// Runs `run(group)`, which may create the process group (one process or MPI ranks) on the way.
// Any exception ends the program with one line and exit 1; under MPI the other ranks are
// aborted, never left waiting in a collective. Lost output turns any code into exit 1.
template <typename Group, typename Run>
int run_within_error_boundary(const std::string& program, Run&& run) {
  if (!stdout_is_open(program)) return kExitFailed;
  std::unique_ptr<Group> group;
  int code = kExitFailed;
  try {
    code = run(group);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: error: %s\n", program.c_str(), error.what());
    if (group && group->size() > 1) group->abort_all();
  }
  return finish_output(program, code);
}

}  // namespace bb
