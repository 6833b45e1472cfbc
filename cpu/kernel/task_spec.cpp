// Hand parser of the --tasks grammar: digits only, bounds per item, one UsageError naming the bad item.
#include "task_spec.hpp"

#include <cctype>

#include "usage_error.hpp"

namespace bb::cpu {

namespace {

const char* const kAccepted = "expected NUM or NUMxCOUNT items separated by commas, e.g. 30x100, 50,63,32 or 30x10,50x2";

[[noreturn]] void reject(const std::string& item, const std::string& why) {
  throw UsageError("--tasks", "'" + item + "' " + why + "; " + kAccepted);
}

// Digits only (no sign, no spaces), value within [1, max].
unsigned long long parse_positive(const std::string& text, const std::string& item, unsigned long long max,
                                  const char* what) {
  if (text.empty()) reject(item, std::string("has an empty ") + what);
  unsigned long long value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) reject(item, std::string("has a ") + what + " that is not a whole number");
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > max) reject(item, std::string("has a ") + what + " above " + std::to_string(max));
  }
  if (value == 0) reject(item, std::string("has a ") + what + " of 0; it must be at least 1");
  return value;
}

}  // namespace

std::vector<unsigned> parse_task_spec(const std::string& spec) {
  if (spec.empty()) throw UsageError("--tasks", std::string("is empty; ") + kAccepted);
  std::vector<std::pair<unsigned, unsigned long long>> items;
  unsigned long long total = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    const std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) reject(spec, "has an empty item");
    const std::size_t times = item.find('x');
    const auto num = static_cast<unsigned>(parse_positive(item.substr(0, times), item, kMaxNum, "num"));
    const unsigned long long count =
        times == std::string::npos ? 1 : parse_positive(item.substr(times + 1), item, kMaxTaskCount, "count");
    total += count;
    if (total > kMaxTaskCount) reject(spec, "asks for more than " + std::to_string(kMaxTaskCount) + " tasks");
    items.emplace_back(num, count);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<unsigned> tasks;
  tasks.reserve(total);
  for (const auto& [num, count] : items) tasks.insert(tasks.end(), count, num);
  return tasks;
}

}  // namespace bb::cpu
