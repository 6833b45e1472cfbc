#!/usr/bin/env bash
# Tests that scripts/sweep.sh reports failed runs (exit 1, last line) and measures them again on resume, keeping
# the old rows; that a configuration's identity holds the executable's revision and build type; --fresh; and
# that a run stopped by a signal (also mpirun's silent exit 1) is never recorded as a failure.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/sweep_resume_test.sh BUILD_DIR  (runs scripts/sweep.sh against the executables in BUILD_DIR)" 1 "$@"
build="$(cd "$1" && pwd)"
sweep="$root/scripts/sweep.sh"
# "workers:attempt-number:exit_code" per row of CSV $1, attempts numbered in order of appearance.
row_summary() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
           { a = $column["attempt"]; if (!(a in number)) number[a] = ++n
             print $column["workers"] ":" number[a] ":" $column["exit_code"] }' "$1" | paste -sd' '
}
# sweep_status LOG ARGS...: runs a cpu_omp sweep of 5x3 tasks, 2 repeats, its stderr in LOG; sets status.
sweep_status() {
  local log="$1"
  shift
  status=0
  bash "$sweep" --build "$build" --exe cpu_omp --repeats 2 --warmup 0 "$@" -- --tasks 5x3 2> "$log" || status=$?
}

echo "--- a failed run: exit 1, and the last line counts runs and failures and names the log"
sweep_status "$work/a.err" --workers 1 --out "$work/a.csv"
[[ "$status" -eq 0 ]] || fail "a good sweep exited $status"
[[ "$(tail -n 1 "$work/a.err")" == "sweep.sh: 1 run(s) added, 0 failed: see $work/a.log" ]] \
  || fail "last line of a good sweep: $(tail -n 1 "$work/a.err")"
BB_TEST_CORRUPT_TASK=0 sweep_status "$work/b.err" --workers 1,2,3 --out "$work/a.csv"
[[ "$status" -eq 1 ]] || fail "a sweep whose runs failed exited $status, expected 1"
[[ "$(tail -n 1 "$work/b.err")" == "sweep.sh: 2 run(s) added, 2 failed: see $work/a.log" ]] \
  || fail "last line of a failing sweep: $(tail -n 1 "$work/b.err")"
grep -q "verification FAILED" "$work/a.log" || fail "the failed runs' stderr is not in the log"

echo "--- every row carries its attempt: UTC time and process id of the sweep that wrote it"
attempts="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next } { print $column["attempt"] }' \
  "$work/a.csv")"
[[ "$(grep -Ecv '^[0-9]{8}T[0-9]{6}Z-[0-9]+$' <<< "$attempts")" -eq 0 ]] || fail "attempt column: $attempts"
[[ "$(row_summary "$work/a.csv")" == "1:1:0 1:1:0 2:2:1 2:2:1 3:2:1 3:2:1" ]] \
  || fail "rows after the failing sweep: $(row_summary "$work/a.csv")"

echo "--- the resume measures the failed configurations again and keeps their old rows"
sweep_status "$work/c.err" --workers 1,2,3 --out "$work/a.csv"
[[ "$status" -eq 0 ]] || fail "the resume exited $status: $(cat "$work/c.err")"
[[ "$(row_summary "$work/a.csv")" == "1:1:0 1:1:0 2:2:1 2:2:1 3:2:1 3:2:1 2:3:0 2:3:0 3:3:0 3:3:0" ]] \
  || fail "rows after the resume: $(row_summary "$work/a.csv")"
grep -q "workers=1: already in" "$work/c.err" || fail "the done configuration was not skipped: $(cat "$work/c.err")"
[[ "$(tail -n 1 "$work/c.err")" == "sweep.sh: 2 run(s) added, 0 failed: see $work/a.log" ]] \
  || fail "last line of the resume: $(tail -n 1 "$work/c.err")"
sweep_status "$work/d.err" --workers 1,2,3 --out "$work/a.csv"
[[ "$status" -eq 0 && "$(grep -c "already in" "$work/d.err")" -eq 3 ]] || fail "a second resume ran again: $(cat "$work/d.err")"

echo "--- done means one row per repeat with exit_code 0 from one attempt: a configuration short of a row runs again"
head -n 2 "$work/a.csv" > "$work/short.csv"
sweep_status "$work/e.err" --workers 1 --out "$work/short.csv"
[[ "$status" -eq 0 && "$(row_summary "$work/short.csv")" == "1:1:0 1:2:0 1:2:0" ]] \
  || fail "a configuration with 1 of 2 rows was taken as done: $(row_summary "$work/short.csv")"

echo "--- --fresh measures everything again as a new attempt"
sweep_status "$work/f.err" --workers 1 --out "$work/short.csv" --fresh
[[ "$status" -eq 0 && "$(row_summary "$work/short.csv")" == "1:1:0 1:2:0 1:2:0 1:3:0 1:3:0" ]] \
  || fail "--fresh: exit $status, rows $(row_summary "$work/short.csv")"

echo "--- the executable's revision and build type are part of the configuration"
# Stand-ins that are cpu_omp in all but what --describe says about the build.
for variant in revision build_type; do
  mkdir -p "$work/$variant/cpu"
  cat > "$work/$variant/cpu/cpu_omp" <<STANDIN
#!/usr/bin/env bash
if [[ "\${1:-}" == --describe ]]; then
  "$build/cpu/cpu_omp" --describe | sed 's/"$variant":"[^"]*"/"$variant":"other"/'
  exit 0
fi
exec "$build/cpu/cpu_omp" "\$@"
STANDIN
  chmod +x "$work/$variant/cpu/cpu_omp"
  status=0
  bash "$sweep" --build "$work/$variant" --exe cpu_omp --workers 1 --repeats 2 --warmup 0 --out "$work/a.csv" \
    -- --tasks 5x3 2> "$work/$variant.err" || status=$?
  [[ "$status" -eq 0 ]] || fail "a sweep of the $variant stand-in exited $status"
  if grep -q "already in" "$work/$variant.err"; then fail "another $variant was taken for the same configuration"; fi
done
[[ "$(awk -F, 'NR > 1 && $3 == 1 { print $(NF - 4) }' "$work/a.csv" | sort -u | wc -l)" -eq 3 ]] \
  || fail "expected 3 configurations at 1 worker (built, other revision, other build type)"

echo "--- TERM for the sweep: exit 143, the run in progress stopped and not recorded"
bash "$sweep" --build "$build" --exe cpu_omp --workers 1,2 --repeats 3 --warmup 0 --out "$work/term.csv" \
  -- --tasks 30x300 2> "$work/term.err" &
sweeper=$!
run_pid=""
for _ in $(seq 1 300); do
  run_pid="$(pgrep -P "$sweeper" -x cpu_omp || true)"
  [[ -n "$run_pid" ]] && break
  sleep 0.02
done
[[ -n "$run_pid" ]] || fail "no running cpu_omp under the sweep"
kill -TERM "$sweeper"
status=0
wait "$sweeper" || status=$?
[[ "$status" -eq 143 ]] || fail "a sweep stopped by TERM exited $status, expected 143"
[[ ! -s "$work/term.csv" ]] || fail "the stopped run was recorded: $(cat "$work/term.csv")"
[[ "$(tail -n 1 "$work/term.err")" == "sweep.sh: 0 run(s) added, 0 failed: see $work/term.log" ]] \
  || fail "last line of a stopped sweep: $(tail -n 1 "$work/term.err")"

if [[ -x "$build/cpu/cpu_mpi" ]]; then
  echo "--- TERM for mpirun alone (it exits 1 without a word) is a stop, not a failure: nothing recorded, exit 143"
  bash "$sweep" --build "$build" --exe cpu_mpi --workers 1,2 --repeats 20 --warmup 0 --out "$work/mpi.csv" \
    -- --tasks 30x300 2> "$work/mpi.err" &
  sweeper=$!
  launcher=""
  for _ in $(seq 1 300); do
    launcher="$(pgrep -P "$sweeper" -x mpirun || true)"
    [[ -n "$launcher" ]] && break
    sleep 0.02
  done
  [[ -n "$launcher" ]] || fail "no running mpirun under the sweep"
  # Past MPI start-up, so mpirun is running the job when the signal comes.
  for _ in $(seq 1 300); do
    [[ -n "$(pgrep -P "$launcher" -x cpu_mpi || true)" ]] && break
    sleep 0.02
  done
  sleep 1
  kill -TERM "$launcher"
  status=0
  wait "$sweeper" || status=$?
  [[ "$status" -eq 143 ]] || fail "a sweep whose mpirun got TERM exited $status, expected 143: $(cat "$work/mpi.err")"
  [[ ! -s "$work/mpi.csv" ]] || fail "mpirun's exit after TERM was recorded as a failed run: $(cut -d, -f1-6,26- "$work/mpi.csv")"

  echo "--- a rank that fails on its own under mpirun is a failure: recorded, exit 1"
  status=0
  BB_TEST_CORRUPT_TASK=0 bash "$sweep" --build "$build" --exe cpu_mpi --workers 2 --repeats 1 --warmup 0 \
    --out "$work/mpi.csv" -- --tasks 5x2 2> "$work/mpi-fail.err" || status=$?
  [[ "$status" -eq 1 && "$(awk -F, 'NR > 1 { print $NF }' "$work/mpi.csv")" == 1 ]] \
    || fail "a failing rank: exit $status, rows $(cat "$work/mpi.csv")"
else
  echo "--- skipped: the mpirun cases need cpu_mpi, which this build lacks"
fi

echo "sweep resume tests: all passed"
