// Checks descriptor 1 with fcntl at start, and both C++ and C stdout streams after a final flush.
#include "output_check.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "exit_codes.hpp"

namespace bb {

bool stdout_is_open(const std::string& program) {
  if (fcntl(STDOUT_FILENO, F_GETFD) != -1) return true;
  std::fprintf(stderr, "%s: error: stdout is closed; give the program somewhere to write (e.g. > file)\n",
               program.c_str());
  return false;
}

int finish_output(const std::string& program, int code) {
  errno = 0;
  std::cout.flush();
  const bool lost = !std::cout.good() || std::fflush(stdout) != 0 || std::ferror(stdout);
  if (!lost) return code;
  const int error = errno;
  std::fprintf(stderr, "%s: error: could not write to stdout%s%s; what was printed is incomplete\n", program.c_str(),
               error ? ": " : "", error ? std::strerror(error) : "");
  return kExitFailed;
}

}  // namespace bb
