// How tasks are handed to workers: static blocks or a shared counter (dynamic), and their CSV names.
#pragma once

#include <string>

namespace bb::cpu {

enum class Schedule {
  none,          // one worker: nothing to hand out (cpu_seq)
  static_blocks, // each worker takes a contiguous block, fixed up front
  dynamic,       // the next free worker takes the next task from a shared counter
};

// The CSV's and --schedule's spelling: none, static, dynamic.
std::string schedule_name(Schedule schedule);

// Inverse of schedule_name for the two values --schedule accepts; throws UsageError otherwise.
Schedule parse_schedule(const std::string& text);

}  // namespace bb::cpu
