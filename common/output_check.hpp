// Output that could not be written is an error: stdout checked before a program starts and when it ends.
#pragma once

#include <string>

namespace bb {

// One line on stderr and false when stdout is closed (its descriptor would be reused by the
// next file or socket the program opens, and rows would land there).
bool stdout_is_open(const std::string& program);

// Flushes stdout; when anything written to it was lost (a full disk, a closed pipe), says so in
// one line and returns kExitFailed, else returns `code` unchanged.
int finish_output(const std::string& program, int code);

}  // namespace bb
