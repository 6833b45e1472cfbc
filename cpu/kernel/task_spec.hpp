// Parser for --tasks: "30x100", "50,63,32", "30x10,50x2" -> the list of nums in task order.
#pragma once

#include <string>
#include <vector>

namespace bb::cpu {

constexpr unsigned kMaxNum = 1000000;           // keeps (num-1)^3 far inside 64 bits
constexpr unsigned long long kMaxTaskCount = 10000000;

// Throws UsageError("--tasks", ...) naming the bad item and the accepted forms.
std::vector<unsigned> parse_task_spec(const std::string& spec);

}  // namespace bb::cpu
