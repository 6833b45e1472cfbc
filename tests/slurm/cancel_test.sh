#!/usr/bin/env bash
# CTest: a cpu.sbatch sweep stopped by the time-limit signal, then by scancel, keeps its finished rows and resumes.
set -euo pipefail
build="$1"
cluster="$2"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")

tasks=30x40
digest="$(reference_digest "$tasks")"
# Eleven configurations of about a second each: long enough to stop in the middle.
settings=(BB_BUILD="$build" BB_OUT="$work/sweep" BB_TASKS="$tasks" BB_REPEATS=2 BB_WARMUP=1)
csv="$work/sweep/cpu.csv"
submit_running() {
  env "${settings[@]}" sbatch --parsable --output="$work/%j.out" --ntasks=2 --cpus-per-task=1 \
    "$repo/slurm/cpu.sbatch" > "$work/submitted"
  job_id="$(cut -d';' -f1 < "$work/submitted")"
  submitted+=("$job_id")
}

# What --signal=B:TERM@120 does before the time limit: TERM to the batch shell only.
submit_running
wait_for_rows "$csv" 2 "$job_id"
cp "$csv" "$work/before-signal.csv"
scancel --batch --signal=TERM "$job_id"
wait_until_gone "$job_id"
grep -q "stopped by a signal" "$work/$job_id.out" || fail "job $job_id: no 'stopped by a signal' line after TERM"
"${check[@]}" "$csv" --prefix "$work/before-signal.csv" --all "digest=$digest,exit_code=0" --per-config 2 \
  || fail "rows after the time-limit signal"
[[ -z "$(find "$work/sweep" -name '*.partial')" ]] || fail "a half-written .partial file was left"

# A plain scancel (TERM to every process of the job, then KILL), resuming into the same BB_OUT.
submit_running
wait_for_rows "$csv" "$(($(wc -l < "$csv") + 2))" "$job_id"
cp "$csv" "$work/before-cancel.csv"
scancel "$job_id"
wait_until_gone "$job_id"
"${check[@]}" "$csv" --prefix "$work/before-cancel.csv" --all "digest=$digest,exit_code=0" --per-config 2 \
  || fail "rows after scancel"

# The third submission finishes the rest: all 11 configurations, none twice.
BB_BUILD="$build" BB_OUT="$work/sweep" BB_TASKS="$tasks" BB_REPEATS=2 BB_WARMUP=1 \
  submit_and_wait 300 --ntasks=2 --cpus-per-task=1 "$repo/slurm/cpu.sbatch"
((job_code == 0)) || fail "the resumed job exited with $job_code"
"${check[@]}" "$csv" --prefix "$work/before-cancel.csv" --all "digest=$digest,verified=true,exit_code=0" \
  --per-config 2 --min-rows 22 || fail "rows after resuming"
configs="$(tail -n +2 "$csv" | grep -o 'cfg-[0-9a-f]*' | sort -u | wc -l)"
((configs == 11)) || fail "$configs configurations after resuming, expected 11"
grep -q "already in" "$work/$job_id.out" || fail "the resumed job did not skip finished configurations"
echo "cancel_test: passed"
