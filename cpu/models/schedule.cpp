// Spelling of schedules on the command line and in the CSV.
#include "schedule.hpp"

#include "usage_error.hpp"

namespace bb::cpu {

std::string schedule_name(Schedule schedule) {
  switch (schedule) {
    case Schedule::static_blocks: return "static";
    case Schedule::dynamic: return "dynamic";
    case Schedule::none: break;
  }
  return "none";
}

Schedule parse_schedule(const std::string& text) {
  if (text == "static") return Schedule::static_blocks;
  if (text == "dynamic") return Schedule::dynamic;
  throw UsageError("--schedule", "'" + text + "' is not static or dynamic");
}

}  // namespace bb::cpu
