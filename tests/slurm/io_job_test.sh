#!/usr/bin/env bash
# CTest: slurm/io.sbatch under sbatch --wait: its own nginx target, every request ok; a dead URL fails the job,
# counted; once the service answers, the same submission measures the failed configuration again and succeeds.
set -euo pipefail
build="$1"
cluster="$2"
port="$3"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")

BB_BUILD="$build" BB_OUT="$work/target" BB_PORT="$port" BB_DELAYS=0,0.01 BB_WORKERS=1,8 BB_REQUESTS=40 \
  BB_REPEATS=2 BB_WARMUP=0 submit_and_wait 180 "$repo/slurm/io.sbatch"
((job_code == 0)) || fail "io.sbatch exited with $job_code"
"${check[@]}" "$work/target/io.csv" --all "requests=40,ok=40,failed=0,exit_code=0" --per-config 2 \
  --expect impl=io_seq,latency_ms=0 --expect impl=io_threads,workers=8,latency_ms=0 \
  --expect impl=io_multi,workers=8,latency_ms=0 --expect impl=io_seq,latency_ms=10 \
  --expect impl=io_threads,workers=8,latency_ms=10 --expect impl=io_multi,workers=8,latency_ms=10 \
  || fail "rows of the target job"
# The job stopped the nginx it started.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still answers after the job"; fi

# Nothing listens on port+1: every request is refused, counted in its rows, and the job fails, saying so last.
submit_service() {
  BB_BUILD="$build" BB_OUT="$work/refused" BB_URL="http://127.0.0.1:$((port + 1))/fast" BB_MODELS=multi BB_WORKERS=4 \
    BB_REQUESTS=8 BB_REPEATS=1 BB_WARMUP=0 submit_and_wait 120 "$repo/slurm/io.sbatch"
}
submit_service
((job_code == 1)) || fail "a refused URL: job exit $job_code, expected 1"
"${check[@]}" "$work/refused/io.csv" --all "impl=io_multi,requests=8,ok=0,failed=8,refused=8,exit_code=1" \
  || fail "rows of the refused job"
last="$(tail -n 1 "$work/$job_id.out")"
[[ "$last" == "io.sbatch: 1 run(s) added, 1 failed: see $work/refused/io.log" ]] || fail "the refused job's last line: $last"

# The service is fixed (a target on that port now): submitted again, the job measures the failed configuration
# again and exits 0, so an afterok job would start; the failed rows stay, marked as such.
bash "$repo/scripts/target.sh" start --port "$((port + 1))" >/dev/null
trap 'bash "$repo/scripts/target.sh" stop --port "$((port + 1))" >/dev/null; clean_up' EXIT
submit_service
((job_code == 0)) || fail "the resubmission after the fix: job exit $job_code, expected 0"
last="$(tail -n 1 "$work/$job_id.out")"
[[ "$last" == "io.sbatch: 1 run(s) added, 0 failed: see $work/refused/io.log" ]] || fail "the resubmission's last line: $last"
"${check[@]}" "$work/refused/io.csv" --expect "impl=io_multi,requests=8,ok=8,exit_code=0" \
  --expect "impl=io_multi,refused=8,exit_code=1" || fail "rows after the resubmission"
echo "io_job_test: passed"
