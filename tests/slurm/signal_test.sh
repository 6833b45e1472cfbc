#!/usr/bin/env bash
# CTest: a job that gets the time-limit signal while no sweep runs (set-up, between sweeps, while its target
# starts) exits 143, not 0, and names the sweeps that did not run.
set -euo pipefail
build="$1"
cluster="$2"
port="$3"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")
waiter=""

# Submits in the background under sbatch --wait, whose exit status becomes the job's; sets job_id and waiter.
submit_in_background() {
  rm -f "$work/submitted"
  timeout 180 sbatch --wait --parsable --output="$work/%j.out" "$@" > "$work/submitted" &
  waiter=$!
  until [[ -s "$work/submitted" ]]; do
    kill -0 "$waiter" 2>/dev/null || fail "sbatch $* did not submit"
    sleep 0.1
  done
  job_id="$(cut -d';' -f1 < "$work/submitted")"
  submitted+=("$job_id")
}

# Waits up to 60 s until the file $1 exists (or, with a second argument, holds that text), while the job runs.
wait_for() {
  local tries what="$1"
  if [[ $# -ge 2 ]]; then what+=" saying \"$2\""; fi
  for ((tries = 0; tries < 600; tries++)); do
    if [[ -e "$1" ]] && { [[ $# -lt 2 ]] || grep -qF -- "$2" "$1"; }; then return 0; fi
    kill -0 "$waiter" 2>/dev/null || fail "job $job_id ended before $what"
    sleep 0.1
  done
  fail "no $what within 60 s"
}

# What --signal=B:TERM@N does before the time limit: TERM to the batch shell only. Sets job_code.
signal_and_wait() {
  scancel --batch --signal=TERM "$job_id"
  job_code=0
  wait "$waiter" || job_code=$?
  ((job_code != 124)) || fail "job $job_id did not end within 180 s"
}

expect_output() {
  grep -qF -- "$1" "$work/$job_id.out" || fail "job $job_id: no '$1' in its output"
}

# Set-up: a build whose one model takes 5 s to describe itself keeps the job in set-up while it is signalled.
mkdir -p "$work/slow-build"
real_seq="$(awk -F'\t' '$1 == "cpu_seq" { print $2 }' "$build/models.list")"
cat > "$work/slow-build/cpu_seq" <<WRAPPER
#!/usr/bin/env bash
if [[ "\${1:-}" == --describe ]]; then touch "$work/describing"; sleep 5; fi
exec "$real_seq" "\$@"
WRAPPER
chmod +x "$work/slow-build/cpu_seq"
printf 'cpu_seq\t%s\n' "$work/slow-build/cpu_seq" > "$work/slow-build/models.list"
BB_BUILD="$work/slow-build" BB_OUT="$work/setup" BB_TASKS=5x4 BB_REPEATS=1 BB_WARMUP=0 \
  submit_in_background --ntasks=1 "$repo/slurm/cpu.sbatch"
wait_for "$work/describing"
signal_and_wait
((job_code == 143)) || fail "TERM during set-up: job exit $job_code, expected 143"
expect_output "stopped by a signal (TERM: time limit or scancel) during set-up, before any sweep ran"
[[ ! -e "$work/setup/cpu.csv" ]] || fail "a job stopped during set-up still ran a sweep"

# Between sweeps: the test hook BB_TEST_PAUSE_BETWEEN holds the job after its first sweep.
BB_BUILD="$build" BB_OUT="$work/between" BB_MODELS=seq,omp BB_THREADS=1 BB_TASKS=5x4 BB_REPEATS=1 BB_WARMUP=0 \
  BB_TEST_PAUSE_BETWEEN=60 submit_in_background --ntasks=1 "$repo/slurm/cpu.sbatch"
wait_for "$work/$job_id.out" "pausing 60 s between sweeps"
signal_and_wait
((job_code == 143)) || fail "TERM between sweeps: job exit $job_code, expected 143"
expect_output "stopped by a signal (TERM: time limit or scancel) between sweeps"
expect_output "not run or not finished (2 of 3 sweeps): cpu_omp --schedule static --workers 1; cpu_omp --schedule dynamic --workers 1"
[[ "$(tail -n 1 "$work/$job_id.out")" == "cpu.sbatch: 1 run(s) added, 0 failed: see $work/between/cpu.log" ]] \
  || fail "the last line after TERM between sweeps: $(tail -n 1 "$work/$job_id.out")"
"${check[@]}" "$work/between/cpu.csv" --all "impl=cpu_seq,exit_code=0" || fail "rows of the job stopped between sweeps"

# While the target starts: an nginx that takes 5 s to start holds io.sbatch there; the job stops it again.
cat > "$work/slow-nginx" <<WRAPPER
#!/usr/bin/env bash
touch "$work/nginx-starting"
sleep 5
exec nginx "\$@"
WRAPPER
chmod +x "$work/slow-nginx"
NGINX_BIN="$work/slow-nginx" BB_BUILD="$build" BB_OUT="$work/target" BB_PORT="$port" BB_DELAYS=0 BB_WORKERS=1 \
  BB_REQUESTS=8 BB_REPEATS=1 BB_WARMUP=0 submit_in_background "$repo/slurm/io.sbatch"
wait_for "$work/nginx-starting"
signal_and_wait
((job_code == 143)) || fail "TERM while the target started: job exit $job_code, expected 143"
expect_output "stopped by a signal (TERM: time limit or scancel) while the target started"
expect_output "not run or not finished (5 of 5 sweeps): io_seq --workers 1 (latency_ms=0)"
[[ ! -e "$work/target/io.csv" ]] || fail "a job stopped while its target started still ran a sweep"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still answers after the job"; fi
echo "signal_test: passed"
