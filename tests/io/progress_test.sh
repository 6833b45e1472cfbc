#!/usr/bin/env bash
# Tests that a run longer than the report interval leaves progress lines (done, rate, ETA) in its log.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/io/progress_test.sh IO_MULTI PORT   (fetches /delay?s=0.1 from the target on PORT for ~6 s)" 2 "$@"
"$1" --url "http://127.0.0.1:$2/delay?s=0.1" --requests 120 --workers 2 --repeats 1 --warmup 0 --csv \
  > "$work/rows.csv" 2> "$work/log"
pattern='^io_multi workers=2: [0-9]+/120 requests done, 0 failed, [0-9]+ requests/s, ETA [0-9]+ s$'
grep -Eq "$pattern" "$work/log" || fail "no progress line in the log: $(cat "$work/log")"
[[ "$(data_rows "$work/rows.csv")" -eq 1 ]] || fail "expected a header and one row"
echo "progress: $(grep -Ec "$pattern" "$work/log") line(s) in a 6 s run"
