#!/usr/bin/env bash
# Tests what the study and its sweeps say while they run and when they end: the run's progress line inside a
# sweep, the study's plan (numbered configurations, thousands of transfers in flight, io_mpi's RxW items, two event
# loops, HTTP/2), a --out that is a file refused, and a small real study whose failures are counted (exit 1) apart
# from runs a machine limit refused.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/study_test.sh BUILD_DIR PORT H2_PORT  (runs scripts/study.sh on a stand-in build; its target on PORT, h2c on H2_PORT)" 3 "$@"
build="$(cd "$1" && pwd)"
port="$2"
# Its own h2c port: the study's default, PORT + 1, is another test's port.
h2_port="$3"
study="$root/scripts/study.sh"
stop_target() { bash "$root/scripts/target.sh" stop --port "$port" >/dev/null 2>&1; }
bb_on_exit stop_target
# A cmake that must not run: the cases below never build (they would build the source tree's build/).
mkdir -p "$work/bin"
printf '#!/bin/sh\necho "cmake must not run in this test" >&2\nexit 99\n' > "$work/bin/cmake"
chmod +x "$work/bin/cmake"
export PATH="$work/bin:$PATH"

echo "--- inside a sweep, the run's latest progress line is shown while it goes on"
mkdir -p "$work/slow/cpu"
# A stand-in cpu_seq that reports progress the way the executables do (a line every 5 s to a non-terminal)
# and takes 6 s before it runs.
cat > "$work/slow/cpu/cpu_seq" <<SLOW
#!/usr/bin/env bash
if [[ " \$* " == *" --csv "* ]]; then
  echo "cpu_seq: 1/4 tasks done, 0 failed, 1 tasks/s, ETA 3 s" >&2
  sleep 6
fi
exec "$build/cpu/cpu_seq" "\$@"
SLOW
chmod +x "$work/slow/cpu/cpu_seq"
bash "$root/scripts/sweep.sh" --build "$work/slow" --exe cpu_seq --repeats 1 --warmup 0 --out "$work/slow.csv" \
  -- --tasks 5x2 2> "$work/slow.err"
grep -q '^  \.\.\. cpu_seq: 1/4 tasks done, 0 failed, 1 tasks/s, ETA 3 s$' "$work/slow.err" \
  || fail "the run's progress line was not shown: $(cat "$work/slow.err")"

echo "--- a study --out that is a file is refused at once: exit 2, one line, the file untouched"
echo "keep" > "$work/afile"
status=0
bash "$study" --out "$work/afile" 2> "$work/afile.err" || status=$?
[[ "$status" -eq 2 && "$(wc -l < "$work/afile.err")" -eq 1 && "$(cat "$work/afile")" == keep ]] \
  || fail "--out FILE: exit $status, stderr: $(cat "$work/afile.err")"

echo "--- the plan: every configuration numbered i/N; 4096 and 10000 in flight at 100 ms (one request each)"
bash "$study" --build "$build" --dry-run --out "$work/plan" 2> "$work/plan.txt"
[[ ! -e "$work/plan" ]] || fail "the dry run wrote $work/plan"
planned="$(sed -n 's/^study\.sh: \([0-9]*\) configurations planned.*/\1/p' "$work/plan.txt")"
[[ -n "$planned" && "$(grep -c "^study\.sh: \[[0-9]*/$planned\] " "$work/plan.txt")" -eq "$planned" ]] \
  || fail "the plan does not number its $planned configurations: $(cat "$work/plan.txt")"
if [[ -x "$build/io/io_multi" ]]; then
  for in_flight in 4096 10000; do
    for model in io_multi io_threads; do
      grep -q "io 100 ms: $model --requests $in_flight workers=$in_flight$" "$work/plan.txt" \
        || fail "no $model at $in_flight in flight at 100 ms in the plan"
    done
    for variant in "--loops 2" --http2 "--http2 --client nghttp2"; do
      grep -q -- "io 100 ms: io_multi $variant --requests $in_flight workers=$in_flight$" "$work/plan.txt" \
        || fail "no io_multi $variant at $in_flight in flight at 100 ms in the plan"
    done
  done
  [[ "$(grep -c -- "io_multi --loops 2" "$work/plan.txt")" -eq 2 ]] \
    || fail "--loops 2 planned elsewhere than 4096 and 10000 at 100 ms: $(grep -- "--loops" "$work/plan.txt")"
fi
if [[ -x "$build/io/io_mpi" ]]; then
  echo "--- io_mpi on min(2, cores) ranks x an equal share: its total in flight is the other models'"
  ranks=$(($(nproc) < 2 ? $(nproc) : 2))
  for in_flight in 16 1024 10000; do
    grep -q "io 100 ms: io_mpi --requests [0-9]* workers=${ranks}x$((in_flight / ranks))$" "$work/plan.txt" \
      || fail "no io_mpi ${ranks}x$((in_flight / ranks)) at 100 ms in the plan: $(grep io_mpi "$work/plan.txt" | head -n 3)"
  done
  # Its loops and HTTP/2 too, at the same totals in flight.
  for variant in "--loops 2" --http2 "--http2 --client nghttp2"; do
    grep -q -- "io 100 ms: io_mpi $variant --requests 10000 workers=${ranks}x$((10000 / ranks))$" "$work/plan.txt" \
      || fail "no io_mpi $variant at 10000 in flight at 100 ms in the plan"
  done
  if grep -q "io_mpi .* workers=[0-9]*$" "$work/plan.txt"; then fail "io_mpi planned with a bare worker count"; fi
fi
bash "$study" --build "$build" --dry-run --quick --out "$work/plan" 2> "$work/quick.txt"
if grep -q "workers=10000\|workers=[0-9]*x5000" "$work/quick.txt"; then fail "the quick plan holds 10000 in flight"; fi
if [[ -x "$build/io/io_multi" ]]; then
  [[ "$(grep -c -- "io_multi --loops 2 --requests [0-9]* workers=256$" "$work/quick.txt")" -eq 1 ]] \
    || fail "the quick plan does not run io_multi --loops 2 once, at 256: $(grep -- --loops "$work/quick.txt")"
fi
echo "--- the memory stage: every mem model at 1..cores workers, numpy at the same size, the quick one smaller"
if [[ -x "$build/mem/mem_omp" && -x "$build/mem/mem_hybrid" ]]; then
  for ((workers = 1; workers <= $(nproc); workers++)); do
    for line in "mem: mem_omp --kernel triad,gather --size 512M workers=$workers" \
                "mem: mem_mpi --kernel triad,gather --size 512M workers=$workers" \
                "python mem: py_numpy_threads --workers $workers --size 512M"; do
      grep -q "\] $line;\?$" "$work/plan.txt" || fail "no '$line' in the plan"
    done
  done
  grep -q "mem: mem_hybrid --kernel triad,gather --size 512M workers=1x$(nproc)$" "$work/plan.txt" \
    || fail "mem_hybrid is not planned at the splits of the cores"
  grep -q "mem: mem_omp --kernel triad,gather --size 128M workers=1$" "$work/quick.txt" \
    || fail "the quick plan does not run the memory suite at 128M"
fi

if [[ ! -x "$build/io/io_multi" || ! -x "$build/io/io_threads" ]]; then
  echo "--- skipped: the small study needs io_multi and io_threads, which this build lacks (libcurl missing)"
  echo "study tests: all passed"
  exit 0
fi

echo "--- a small real study: failed runs counted (exit 1), a machine limit's refusals recorded but not counted"
# A stand-in build: cpu_seq and io_multi as built; a cpu_omp whose uneven-list runs fail (a wrong result);
# an io_threads under a hard open-file limit of 100, too few for 256 threads (3 files each), so those runs
# are refused at start, exit 2, as 10,000 threads are on a machine allowing 20,000 files.
mkdir -p "$work/standin"
cat > "$work/standin/cpu_omp" <<OMP
#!/usr/bin/env bash
if [[ " \$* " == *" --tasks 40,50,30 "* && " \$* " == *" --csv "* ]]; then export BB_TEST_CORRUPT_TASK=0; fi
exec "$build/cpu/cpu_omp" "\$@"
OMP
cat > "$work/standin/io_threads" <<THREADS
#!/usr/bin/env bash
ulimit -n 100 || exit 1
exec "$build/io/io_threads" "\$@"
THREADS
chmod +x "$work/standin/cpu_omp" "$work/standin/io_threads"
printf '%s\t%s\n' cpu_seq "$build/cpu/cpu_seq" cpu_omp "$work/standin/cpu_omp" io_threads "$work/standin/io_threads" \
  io_multi "$build/io/io_multi" > "$work/standin/models.list"
bash "$study" --build "$work/standin" --quick --dry-run --port "$port" --h2-port "$h2_port" --out "$work/small" 2> "$work/small-plan.txt"
planned="$(sed -n 's/^study\.sh: \([0-9]*\) configurations planned.*/\1/p' "$work/small-plan.txt")"
cores="$(nproc)"
expected_failed=$((2 * cores))   # cpu_omp's uneven list: two schedules x 1..cores workers
status=0
bash "$study" --build "$work/standin" --quick --port "$port" --h2-port "$h2_port" --out "$work/small" 2> "$work/small.err" || status=$?
[[ "$status" -eq 1 ]] || fail "a study with failed runs exited $status, expected 1: $(tail -n 5 "$work/small.err")"
[[ "$(grep -c "^study\.sh: \[[0-9]*/$planned\] .*; ETA " "$work/small.err")" -eq "$planned" ]] \
  || fail "not one progress line per configuration: $(grep '^study.sh: \[' "$work/small.err" | head -n 3)"
[[ "$(tail -n 1 "$work/small.err")" == "study.sh: $planned run(s) added, $expected_failed failed: see $work/small/*.log" ]] \
  || fail "last line: $(tail -n 1 "$work/small.err"), expected $planned added, $expected_failed failed"
grep -q "^study\.sh: 3 run(s) refused to start by a limit of this machine" "$work/small.err" \
  || fail "the three refused io_threads runs (256 threads, 0/10/100 ms) were not reported apart"
[[ "$(awk -F, '$2 == "io_threads" && $3 == 256 && $NF == 2' "$work/small/io.csv" | wc -l)" -eq 3 ]] \
  || fail "io.csv does not hold the refused io_threads runs with exit_code 2"
grep -q "open-file limit" "$work/small/io.log" || fail "io.log does not give the refusal's reason"
[[ -s "$work/small/report.md" ]] || fail "no report.md"

echo "--- the study resumed: done configurations skipped, failed and refused ones measured again"
status=0
bash "$study" --build "$work/standin" --quick --port "$port" --h2-port "$h2_port" --out "$work/small" 2> "$work/again.err" || status=$?
[[ "$status" -eq 1 ]] || fail "the resumed study exited $status, expected 1"
[[ "$(tail -n 1 "$work/again.err")" == "study.sh: $((expected_failed + 3)) run(s) added, $expected_failed failed: see $work/small/*.log" ]] \
  || fail "last line of the resume: $(tail -n 1 "$work/again.err")"

echo "study tests: all passed"
