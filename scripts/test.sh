#!/usr/bin/env bash
# The test command: installs what is missing, builds the release preset and runs every test with CTest.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/test.sh [--help] [CTEST_ARGS...]

Installs missing Debian packages (scripts/deps.sh), configures and builds the
release preset into build/, then runs all tests: GoogleTest unit tests and the
integration tests that start real components (mpirun, nginx). Extra arguments
go to ctest, e.g. `scripts/test.sh -L cpu` or `scripts/test.sh -R digest`.
USAGE
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  exit 0
fi

cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs="$(nproc)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs" "$@"
