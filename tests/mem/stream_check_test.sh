#!/usr/bin/env bash
# Tests scripts/stream_check.sh: --help, refusals, and one small round printing every run with its ratio.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/mem/stream_check_test.sh BUILD   (runs scripts/stream_check.sh on BUILD's executables)" 1 "$@"
build="$1"
check="$root/scripts/stream_check.sh"

bash "$check" --help | grep -q "^Usage: scripts/stream_check.sh" || fail "--help"
for arguments in "--size 1.5G" "--rounds 0" "--bogus" "--build"; do
  # shellcheck disable=SC2086 # each case is several words on purpose
  if bash "$check" --build "$build" $arguments > "$work/out" 2> "$work/err"; then
    fail "accepted $arguments"
  else
    code=$?
  fi
  [[ "$code" == 2 && ! -s "$work/out" && "$(wc -l < "$work/err")" == 1 ]] \
    || fail "$arguments: exit $code, stdout '$(cat "$work/out")', stderr '$(cat "$work/err")'"
done
[[ "$(bash "$check" --build "$work" 2>&1 >/dev/null || true)" == *"is not built"* ]] || fail "an empty build folder"

bash "$check" --build "$build" --size 8M --rounds 1 > "$work/table" 2> "$work/err" || fail "run: $(cat "$work/err")"
for run in "reference 1 thread" "mem_omp 1 thread" "reference 2 thread" "mem_omp 2 thread" "mem_mpi 2 ranks"; do
  grep -q "^$run" "$work/table" || fail "no line for $run: $(cat "$work/table")"
done
[[ "$(grep -cE '[0-9]\.[0-9]{3}x  >= 0\.9x of reference [12]: (met|MISSED)$' "$work/table")" == 3 ]] \
  || fail "three ratios with their targets expected: $(cat "$work/table")"
grep -q "1 round(s), best of 10 triads per run" "$work/err" || fail "closing line: $(cat "$work/err")"
echo "stream_check.sh: all passed"
