// UsageError: bad input found after option parsing, reported as one line and exit 2.
#pragma once

#include <stdexcept>
#include <string>

namespace bb {

// Carries the option at fault so every message starts with the name the user typed.
class UsageError : public std::runtime_error {
 public:
  UsageError(const std::string& option, const std::string& problem)
      : std::runtime_error(option + ": " + problem) {}
};

}  // namespace bb
