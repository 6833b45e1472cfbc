#!/usr/bin/env bash
# Tests that a run longer than the report interval leaves progress lines (done, rate, ETA) in its log.
set -euo pipefail

if [[ $# -ne 2 || "$1" == "-h" || "$1" == "--help" ]]; then
  echo "Usage: tests/io/progress_test.sh IO_MULTI PORT   (fetches /delay?s=0.1 from the target on PORT for ~6 s)"
  [[ $# -eq 2 ]] && exit 0
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$1" --url "http://127.0.0.1:$2/delay?s=0.1" --requests 120 --workers 2 --repeats 1 --warmup 0 --csv \
  > "$work/rows.csv" 2> "$work/log"
pattern='^io_multi workers=2: [0-9]+/120 requests done, 0 failed, [0-9]+ requests/s, ETA [0-9]+ s$'
if ! grep -Eq "$pattern" "$work/log"; then
  echo "FAIL: no progress line in the log:" >&2
  cat "$work/log" >&2
  exit 1
fi
[[ "$(wc -l < "$work/rows.csv")" -eq 2 ]] || { echo "FAIL: expected a header and one row" >&2; exit 1; }
echo "progress: $(grep -Ec "$pattern" "$work/log") line(s) in a 6 s run"
