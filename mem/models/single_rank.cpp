// One process: parsing reports directly, a pass is timed with the steady clock (the team has joined when it returns).
#include "single_rank.hpp"

#include "cli.hpp"
#include "clock.hpp"

namespace bb::mem {

std::optional<int> SingleRank::parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) {
  return parse_command_line(app, argc, argv, true, validate);
}

double SingleRank::time_pass(const std::function<void()>& pass) {
  const Stopwatch wall;
  pass();
  return wall.seconds();
}

}  // namespace bb::mem
