// Process exit codes shared by every boundbench executable (docs/design.md, "Exit codes").
#pragma once

namespace bb {

enum ExitCode : int {
  kExitOk = 0,        // every run verified / every request succeeded
  kExitFailed = 1,    // verification failed or requests failed
  kExitUsage = 2,     // bad command line: nothing was run
};

}  // namespace bb
