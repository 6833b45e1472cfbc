#!/usr/bin/env bash
# CTest: io_scale_check.sh explains itself and refuses bad options before measuring: exit 2, one line naming the option.
set -euo pipefail
# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
script="$root/scripts/io_scale_check.sh"
failures=0
expect_refusal() {
  local text="$1"
  shift
  bb_expect_refusal "$text" bash "$script" "$@"
}

help="$(bash "$script" --help)"
for check in fast1000 fast100 delay loops2 memory mpi http2; do
  [[ "$help" == *"  $check "* ]] || { echo "FAIL: --help does not explain the $check check" >&2; failures=$((failures + 1)); }
done
expect_refusal "--baseline is required" --checks memory
expect_refusal "--baseline /nonexistent is not an executable" --baseline /nonexistent
expect_refusal "--checks needs a comma-separated list" --baseline /bin/true --checks memory,http3
expect_refusal "--checks needs a comma-separated list" --baseline /bin/true --checks ",memory"
expect_refusal "--h2-port needs 1-65535" --baseline /bin/true --h2-port 70000
expect_refusal "--h2-port needs a port of its own" --baseline /bin/true --port 29500 --h2-port 29500
expect_refusal "--h2-port needs a port of its own" --baseline /bin/true --port 65535
expect_refusal "--runs needs a whole number" --baseline /bin/true --runs 0
expect_refusal "--build $work has no io/io_multi" --baseline /bin/true --build "$work"
expect_refusal "unknown option '--fast'" --baseline /bin/true --fast

failures=$((failures + bb_refusal_failures))
if ((failures > 0)); then exit 1; fi
echo "io_scale_check_usage_test: passed"
