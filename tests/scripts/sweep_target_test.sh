#!/usr/bin/env bash
# End to end: an I/O sweep against a stopped target fails and says so; once the target runs, the resume measures
# only the failed configurations and succeeds; plot.py and report.py then use the good rows alone.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/sweep_target_test.sh BUILD_DIR PORT  (sweeps io_seq and io_multi of BUILD_DIR against a target on PORT)" 2 "$@"
build="$(cd "$1" && pwd)"
port="$2"
sweep="$root/scripts/sweep.sh"
target="$root/scripts/target.sh"
stop_target() { bash "$target" stop --port "$port" >/dev/null 2>&1; }
bb_on_exit stop_target
if [[ ! -x "$build/io/io_multi" ]]; then
  echo "skipped: this build has no io_multi (libcurl missing)"
  exit 0
fi
# "workers:attempt-number:exit_code" per io_multi row of CSV $1, attempts numbered in order of appearance.
row_summary() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
           $column["impl"] == "io_multi" { a = $column["attempt"]; if (!(a in number)) number[a] = ++n
             print $column["workers"] ":" number[a] ":" $column["exit_code"] }' "$1" | paste -sd' '
}
csv="$work/results/io.csv"
# io_multi SWEEP_OPTIONS...: an io_multi sweep of 32 requests at 10 ms, 2 repeats; sets status.
io_multi() {
  status=0
  bash "$sweep" --build "$build" --exe io_multi --repeats 2 --warmup 0 --param latency_ms=10 --out "$csv" "$@" \
    -- --url "http://127.0.0.1:$port/delay?s=0.01" --requests 32 --connect-timeout 2 2> "$work/sweep.err" || status=$?
}

echo "--- with the target up: io_seq and io_multi at 1 worker"
bash "$target" stop --port "$port" >/dev/null
bash "$target" start --port "$port" >/dev/null
bash "$sweep" --build "$build" --exe io_seq --repeats 2 --warmup 0 --param latency_ms=10 --out "$csv" \
  -- --url "http://127.0.0.1:$port/delay?s=0.01" --requests 32 2>/dev/null
io_multi --workers 1
[[ "$status" -eq 0 ]] || fail "io_multi against the running target exited $status: $(cat "$work/sweep.err")"

echo "--- the target stopped: the sweep fails (exit 1), its rows are marked, the last line counts the failures"
bash "$target" stop --port "$port" >/dev/null
io_multi --workers 1,2,4
[[ "$status" -eq 1 ]] || fail "a sweep against a stopped target exited $status, expected 1"
[[ "$(tail -n 1 "$work/sweep.err")" == "sweep.sh: 2 run(s) added, 2 failed: see $work/results/io.log" ]] \
  || fail "last line: $(tail -n 1 "$work/sweep.err")"
[[ "$(row_summary "$csv")" == "1:1:0 1:1:0 2:2:1 2:2:1 4:2:1 4:2:1" ]] || fail "rows: $(row_summary "$csv")"

echo "--- the target started: the resume measures only the failed configurations and exits 0"
bash "$target" start --port "$port" >/dev/null
io_multi --workers 1,2,4
[[ "$status" -eq 0 ]] || fail "the resume exited $status: $(cat "$work/sweep.err")"
[[ "$(tail -n 1 "$work/sweep.err")" == "sweep.sh: 2 run(s) added, 0 failed: see $work/results/io.log" ]] \
  || fail "last line of the resume: $(tail -n 1 "$work/sweep.err")"
[[ "$(row_summary "$csv")" == "1:1:0 1:1:0 2:2:1 2:2:1 4:2:1 4:2:1 2:3:0 2:3:0 4:3:0 4:3:0" ]] \
  || fail "rows after the resume: $(row_summary "$csv")"
bash "$target" stop --port "$port" >/dev/null

echo "--- plot.py and report.py run on the CSV and use its good rows only"
# The same CSV without the failed rows is the reference: every io_multi figure the report gives from it must
# be in the report of the whole CSV too (which may add a word about the rows it set aside).
mkdir -p "$work/good"
awk -F, 'NR == 1 || $NF == "0"' "$csv" > "$work/good/io.csv"
cp "$work/results/models.jsonl" "$work/good/"
for folder in results good; do
  python3 "$root/scripts/plot.py" "$work/$folder/io.csv" --out "$work/$folder" > "$work/$folder/plots.txt" \
    || fail "plot.py failed on $folder/io.csv"
  [[ -s "$work/$folder/plots.txt" ]] || fail "plot.py drew nothing from $folder/io.csv"
  mapfile -t plots < "$work/$folder/plots.txt"
  python3 "$root/scripts/report.py" "$work/$folder/io.csv" --cores "$(nproc)" --out "$work/$folder/report.md" \
    --plots "${plots[@]}" > /dev/null || fail "report.py failed on $folder/io.csv"
  grep -q "io_multi" "$work/$folder/report.md" || fail "$folder/report.md does not mention io_multi"
  grep '^|.*io_multi' "$work/$folder/report.md" | grep -o '[0-9][0-9.]*' | sort > "$work/$folder/figures" || true
done
[[ -s "$work/good/figures" ]] || fail "the report of the good rows has no io_multi table"
missing="$(comm -23 "$work/good/figures" "$work/results/figures" | paste -sd' ')"
[[ -z "$missing" ]] || fail "the report of the whole CSV differs from that of its good rows (failed rows used?): $missing"

echo "sweep against a target: all passed"
