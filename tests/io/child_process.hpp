// Runs a program to completion with a deadline and captures its exit code, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace bb::io::testing {

struct Completed {
  int exit_code = -1;       // -1 when killed by a signal or the deadline
  bool timed_out = false;
  double wall_s = 0;
  std::string out;
  std::string err;
};

// Never hangs: past `deadline_s` the child is killed and timed_out is set.
Completed run_program(const std::vector<std::string>& argv, double deadline_s);

}  // namespace bb::io::testing
