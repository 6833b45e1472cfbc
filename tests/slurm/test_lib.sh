# Shared by the Slurm tests (sourced): finds the cluster the fixture started, or skips saying why.
# shellcheck shell=bash
: "${cluster:?the test sets cluster, the folder given to start_slurm.sh}"
: "${build:?the test sets build, the build folder}"

# shellcheck disable=SC2034 # used by the tests that source this file
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# CTest counts exit 77 as skipped (SKIP_RETURN_CODE); the reason is the test's last line.
if [[ -f "$cluster/unavailable" ]]; then
  echo "SKIPPED: Slurm cannot run here: $(cat "$cluster/unavailable")"
  exit 77
fi
if [[ ! -f "$cluster/env.sh" ]]; then
  echo "FAIL: no one-node Slurm in $cluster (the slurm_start fixture did not start it)" >&2
  exit 1
fi
export PATH="$PATH:/usr/sbin"
# shellcheck source=/dev/null
source "$cluster/env.sh"
export SLURM_CONF

work="$(mktemp -d "$build/tests/slurm/work.XXXXXX")"
submitted=()
# Jobs a failed test leaves behind are cancelled, so the next test finds the node free.
keep_work=false
clean_up() {
  if [[ ${#submitted[@]} -gt 0 ]]; then scancel "${submitted[@]}" 2>/dev/null || true; fi
  if [[ "$keep_work" == false ]]; then rm -rf "$work"; fi
}
trap clean_up EXIT

# The test's files stay for a look: CSVs, the sweeps' .log files, the jobs' output.
fail() {
  keep_work=true
  echo "FAIL: $1 (files kept in $work)" >&2
  for output in "$work"/*.out; do
    [[ -f "$output" ]] && { echo "--- $output" >&2; tail -n 20 "$output" >&2; }
  done
  exit 1
}

# sbatch --wait under a time limit; sets job_id and job_code (the job's exit code).
submit_and_wait() {
  local limit="$1"
  shift
  job_code=0
  timeout "$limit" sbatch --wait --parsable --output="$work/%j.out" "$@" > "$work/submitted" || job_code=$?
  job_id="$(cut -d';' -f1 < "$work/submitted")"
  submitted+=("$job_id")
  if ((job_code == 124)); then fail "job $job_id did not finish within $limit s"; fi
}

# Waits until job $1 has left the queue.
wait_until_gone() {
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    [[ -z "$(squeue -h -j "$1" -o %T 2>/dev/null)" ]] && return 0
    sleep 0.2
  done
  fail "job $1 still listed 60 s after it was cancelled"
}

# Waits until CSV $1 holds at least $2 data rows (or job $3 is gone).
wait_for_rows() {
  local tries
  for ((tries = 0; tries < 600; tries++)); do
    if [[ -f "$1" ]] && (($(wc -l < "$1") > $2)); then return 0; fi
    [[ -n "$(squeue -h -j "$3" -o %T 2>/dev/null)" ]] || fail "job $3 ended before $1 had $2 rows"
    sleep 0.2
  done
  fail "$1 did not reach $2 rows within 120 s"
}

reference_digest() {
  "$build/cpu/cpu_seq" --tasks "$1" --repeats 1 --warmup 0 --csv 2>/dev/null | python3 -c '
import csv, sys
print(next(csv.DictReader(sys.stdin))["digest"])'
}
