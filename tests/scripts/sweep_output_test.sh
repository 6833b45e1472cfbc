#!/usr/bin/env bash
# Tests that scripts/sweep.sh keeps its output whole: appends in place (links stay links), refuses what is not a
# CSV of its layout up front, lands the rows of concurrent sweeps, writes valid CSV, repairs a half row (and
# merge_csv.sh alike), and that a SIGKILLed sweep leaves no run behind and the resume removes its scratch files.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/sweep_output_test.sh BUILD_DIR  (runs scripts/sweep.sh against the executables in BUILD_DIR)" 1 "$@"
build="$(cd "$1" && pwd)"
sweep="$root/scripts/sweep.sh"
mounted=""
unmount_scratch() { if [[ -n "$mounted" ]]; then umount "$mounted" 2>/dev/null; fi; }
bb_on_exit unmount_scratch
# Every row of CSV $1 parses (RFC 4180) into as many fields as the header.
check_csv() {
  python3 - "$1" <<'PY' || fail "$1 is not valid CSV of whole rows"
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
bad = [n + 1 for n, row in enumerate(rows) if len(row) != len(rows[0])]
if bad:
    sys.exit(f"rows {bad} have another field count than the header ({len(rows[0])})")
PY
}
# expect_refused NAME OUT [SWEEP OPTIONS...]: the sweep exits 2 with one line on stderr.
expect_refused() {
  local what="$1" target="$2" status=0
  shift 2
  timeout 60 bash "$sweep" --build "$build" --exe cpu_omp --repeats 1 --warmup 0 --out "$target" "$@" \
    -- --tasks 5x2 2> "$work/refused.err" || status=$?
  [[ "$status" -eq 2 && "$(wc -l < "$work/refused.err")" -eq 1 ]] \
    || fail "$what: exit $status (expected 2), stderr: $(cat "$work/refused.err")"
}

echo "--- a link named by --out stays a link; the rows land in the file it names"
bash "$sweep" --build "$build" --exe cpu_omp --workers 1 --repeats 1 --warmup 0 --out "$work/real.csv" \
  -- --tasks 5x2 2>/dev/null
ln -s real.csv "$work/link.csv"
bash "$sweep" --build "$build" --exe cpu_omp --workers 2 --repeats 1 --warmup 0 --out "$work/link.csv" \
  -- --tasks 5x2 2>/dev/null
[[ -L "$work/link.csv" ]] || fail "the link --out named was replaced by a file"
[[ "$(data_rows "$work/real.csv")" -eq 2 ]] || fail "the rows did not land in the linked file"

echo "--- refused up front, exit 2 in one line, left as it was: a pipe, a device, a directory, another CSV"
mkfifo "$work/pipe"
expect_refused "a FIFO" "$work/pipe"
[[ -p "$work/pipe" ]] || fail "the FIFO is no longer a FIFO"
if mknod "$work/null" c 1 3 2>/dev/null; then
  expect_refused "a character device" "$work/null"
  [[ -c "$work/null" ]] || fail "the device is no longer a device"
else
  echo "    (no device case: mknod is not allowed here)"
fi
mkdir "$work/folder"
expect_refused "a directory" "$work/folder"
grep -q "directory" "$work/refused.err" || fail "the refusal does not say it is a directory: $(cat "$work/refused.err")"
printf 'name,value\nx,1\n' > "$work/other.csv"
cp "$work/other.csv" "$work/other.before"
expect_refused "a CSV of another layout" "$work/other.csv"
cmp -s "$work/other.csv" "$work/other.before" || fail "the CSV of another layout was changed"

echo "--- --param names that are sweep columns are refused before any run"
for column in config attempt process_s oversubscribed exit_code; do
  expect_refused "--param $column" "$work/param.csv" --param "$column=1"
  [[ ! -e "$work/param.csv" ]] || fail "--param $column wrote $work/param.csv"
done

echo "--- worker counts outside the executable's range are refused before any run"
expect_refused "--workers 5000 for cpu_omp (range 1-4096)" "$work/range.csv" --workers 2,5000
[[ ! -e "$work/range.csv" ]] || fail "an out-of-range worker count wrote $work/range.csv"
if [[ -x "$build/cpu/cpu_mpi" ]]; then
  status=0
  bash "$sweep" --build "$build" --exe cpu_mpi --workers 5000 --out "$work/range.csv" --dry-run 2> "$work/refused.err" \
    > /dev/null || status=$?
  [[ "$status" -eq 2 && "$(wc -l < "$work/refused.err")" -eq 1 ]] \
    || fail "5000 mpirun ranks: exit $status, stderr: $(cat "$work/refused.err")"
fi

echo "--- an output folder that takes no files (not writable, or full) is refused before any run"
if [[ "$(id -u)" -ne 0 ]]; then
  mkdir "$work/locked"
  chmod 555 "$work/locked"
  expect_refused "a folder without write permission" "$work/locked/cpu.csv"
  chmod 755 "$work/locked"
elif mkdir "$work/small" && mount -t tmpfs -o size=64k tmpfs "$work/small" 2>/dev/null; then
  mounted="$work/small"
  head -c 1M /dev/zero > "$work/small/filler" 2>/dev/null || true
  expect_refused "a full folder" "$work/small/cpu.csv"
  grep -q "No space left" "$work/refused.err" || fail "the refusal does not say the folder is full: $(cat "$work/refused.err")"
  rm -f "$work/small/filler"
  mount -o remount,ro "$work/small"
  expect_refused "a read-only folder" "$work/small/cpu.csv"
  umount "$work/small"
  mounted=""
else
  echo "    (skipped: root here, and no tmpfs can be mounted to make a full or read-only folder)"
fi

echo "--- two sweeps into one CSV at once: every row of both lands, whole, under one header"
configs=1,2,3,4,5,6,7,8
bash "$sweep" --build "$build" --exe cpu_omp --workers "$configs" --repeats 1 --warmup 0 --out "$work/shared.csv" \
  -- --tasks 5x2 2>/dev/null &
first=$!
bash "$sweep" --build "$build" --exe cpu_omp --workers "$configs" --repeats 1 --warmup 0 --out "$work/shared.csv" \
  -- --tasks 5x3 2>/dev/null &
second=$!
wait "$first" || fail "the first concurrent sweep failed"
wait "$second" || fail "the second concurrent sweep failed"
[[ "$(data_rows "$work/shared.csv")" -eq 16 ]] || fail "expected 16 rows from two sweeps, got $(data_rows "$work/shared.csv")"
[[ "$(grep -c '^suite,' "$work/shared.csv")" -eq 1 ]] || fail "the header was written more than once"
check_csv "$work/shared.csv"

echo "--- a failed run's row is valid CSV: a --param value with a comma or a quote is quoted"
mkdir -p "$work/silent/cpu"
# A stand-in that answers like cpu_seq but fails every run without printing a row.
cat > "$work/silent/cpu/cpu_seq" <<SILENT
#!/usr/bin/env bash
case "\$1" in --describe|--csv-header) exec "$build/cpu/cpu_seq" "\$@" ;; esac
echo "cpu_seq: error: the stand-in fails" >&2
exit 3
SILENT
chmod +x "$work/silent/cpu/cpu_seq"
status=0
bash "$sweep" --build "$work/silent" --exe cpu_seq --repeats 1 --warmup 0 --out "$work/quoted.csv" \
  --param 'note=a,b "c"' -- --tasks 5x2 2>/dev/null || status=$?
[[ "$status" -eq 1 ]] || fail "a sweep whose run failed exited $status"
check_csv "$work/quoted.csv"
python3 - "$work/quoted.csv" <<'PY' || fail "the failed row does not hold the --param value: $(cat "$work/quoted.csv")"
import csv, sys
with open(sys.argv[1], newline="") as f:
    row = list(csv.DictReader(f))[0]
assert row["note"] == 'a,b "c"' and row["exit_code"] == "3" and row["impl"] == "cpu_seq", row
PY

echo "--- a CSV ending in half a row is repaired (the half row removed, and said so), never glued to"
bash "$sweep" --build "$build" --exe cpu_omp --workers 1 --repeats 2 --warmup 0 --out "$work/half.csv" \
  -- --tasks 5x2 2>/dev/null
printf 'cpu,cpu_omp,2,1,2,0,0.1' >> "$work/half.csv"
bash "$sweep" --build "$build" --exe cpu_omp --workers 1,2 --repeats 2 --warmup 0 --out "$work/half.csv" \
  -- --tasks 5x2 2> "$work/half.err"
grep -q "half a row" "$work/half.err" || fail "the repair was not reported: $(cat "$work/half.err")"
[[ "$(data_rows "$work/half.csv")" -eq 4 ]] || fail "expected 4 whole rows after the repair: $(cat "$work/half.csv")"
check_csv "$work/half.csv"

echo "--- merge_csv.sh --out: appended in place (a link stays a link), refused when it is no CSV of the layout"
merge="$root/scripts/merge_csv.sh"
mkdir -p "$work/merge"
cp "$work/real.csv" "$work/merge/one.csv"
cp "$work/half.csv" "$work/merge/two.csv"
bash "$merge" --out "$work/merge/all.csv" "$work/merge/one.csv" 2>/dev/null
ln -s all.csv "$work/merge/link.csv"
bash "$merge" --out "$work/merge/link.csv" "$work/merge/one.csv" "$work/merge/two.csv" 2>/dev/null
[[ -L "$work/merge/link.csv" ]] || fail "merge_csv.sh replaced the link --out named"
[[ "$(data_rows "$work/merge/all.csv")" -eq 6 ]] \
  || fail "merging again added the rows already there: $(data_rows "$work/merge/all.csv") rows, expected 2 + 4"
printf 'cpu,cpu_omp,2,1,2,0,0.1' >> "$work/merge/all.csv"
bash "$merge" --out "$work/merge/all.csv" "$work/merge/one.csv" 2> "$work/merge.err"
grep -q "half a row" "$work/merge.err" || fail "merge_csv.sh did not repair a half row: $(cat "$work/merge.err")"
check_csv "$work/merge/all.csv"
for target in "$work/pipe" "$work/folder" "$work/other.csv"; do
  status=0
  timeout 60 bash "$merge" --out "$target" "$work/merge/one.csv" 2> "$work/merge.err" || status=$?
  [[ "$status" -eq 2 && "$(wc -l < "$work/merge.err")" -eq 1 ]] \
    || fail "merge_csv.sh --out $target: exit $status, stderr: $(cat "$work/merge.err")"
done
[[ -p "$work/pipe" ]] || fail "merge_csv.sh replaced the FIFO"
cmp -s "$work/other.csv" "$work/other.before" || fail "merge_csv.sh changed the CSV of another layout"

echo "--- a SIGKILLed sweep: its run dies with it; the resume removes its scratch files and completes"
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR" "$work/killed"
# Twenty repeats of about a second: a run left behind would still be running when it is looked for.
bash "$sweep" --build "$build" --exe cpu_omp --workers 1,2 --repeats 20 --warmup 0 --out "$work/killed/cpu.csv" \
  -- --tasks 30x300 2>/dev/null &
sweeper=$!
run_pid=""
for _ in $(seq 1 300); do
  run_pid="$(pgrep -P "$sweeper" -x cpu_omp || true)"
  [[ -n "$run_pid" ]] && break
  sleep 0.02
done
[[ -n "$run_pid" ]] || fail "no running cpu_omp under the sweep"
kill -KILL "$sweeper"
wait "$sweeper" 2>/dev/null || true
# Gone, or a zombie its new parent has not reaped yet: either way it no longer runs.
for _ in $(seq 1 40); do
  state="$(ps -o stat= -p "$run_pid" || true)"
  [[ -z "$state" || "$state" == Z* ]] && break
  sleep 0.05
done
[[ -z "$state" || "$state" == Z* ]] || fail "the run $run_pid still runs after its sweep was killed (state $state)"
[[ -n "$(find "$work/killed" -name '.cpu.csv.sweep.*')" ]] || fail "no scratch files beside the CSV while a run went on"
bash "$sweep" --build "$build" --exe cpu_omp --workers 1 --repeats 1 --warmup 0 --out "$work/killed/cpu.csv" \
  -- --tasks 5x2 2>/dev/null
leftovers="$(find "$work/killed" -name '.*'; find "$TMPDIR" -mindepth 1)"
[[ -z "$leftovers" ]] || fail "scratch files left after the resume: $leftovers"

echo "sweep output tests: all passed"
