#!/usr/bin/env bash
# Tests sweep.sh's plan for io_mpi (launch mpi+workers): RANKSxWORKERS items, mpirun and srun lines, refusals.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/io/mpi_sweep_plan_test.sh BUILD   (dry runs of scripts/sweep.sh --exe io_mpi)" 1 "$@"
build="$1"
sweep="$root/scripts/sweep.sh"
target=(--url http://127.0.0.1:1/fast --requests 8)
root_option=""
if [[ "$(id -u)" -eq 0 ]]; then root_option=" --allow-run-as-root"; fi
tail_options="--csv --repeats 1 --warmup 0 ${target[*]}"

# A bare count is one rank with that many transfers in flight (how study.sh sweeps every I/O model).
plan="$(bash "$sweep" --build "$build" --exe io_mpi --workers 1x4,2x3,3x2,5 --repeats 1 --warmup 0 --cores 2 \
  --out "$work/plan.csv" --dry-run -- "${target[@]}")"
plan="${plan//"$build"\/io\//}"
expected="[1/4] (run)  mpirun$root_option -np 1 --bind-to core io_mpi --workers 4 $tail_options
[2/4] (run)  mpirun$root_option -np 2 --bind-to core io_mpi --workers 3 $tail_options
[3/4] (run)  mpirun$root_option -np 3 --oversubscribe --bind-to none io_mpi --workers 2 $tail_options
[4/4] (run)  mpirun$root_option -np 1 --bind-to core io_mpi --workers 5 $tail_options"
[[ "$plan" == "$expected" ]] || fail "mpirun plan: '$plan', expected '$expected'"

plan="$(bash "$sweep" --build "$build" --exe io_mpi --workers 2x500 --repeats 1 --warmup 0 --launcher srun \
  --out "$work/plan.csv" --dry-run -- "${target[@]}")"
plan="${plan//"$build"\/io\//}"
expected="[1/1] (run)  srun --mpi=pmix --kill-on-bad-exit=1 --ntasks=2 --cpus-per-task=1 io_mpi --workers 500 $tail_options"
[[ "$plan" == "$expected" ]] || fail "srun plan: '$plan', expected '$expected'"

# Zeros and other forms are refused with one line, nothing written.
for workers in 2x0 0x3 2x3x4; do
  status=0
  bash "$sweep" --build "$build" --exe io_mpi --workers "$workers" --out "$work/bad.csv" -- "${target[@]}" \
    2> "$work/bad.err" || status=$?
  [[ "$status" -eq 2 && "$(wc -l < "$work/bad.err")" -eq 1 && ! -e "$work/bad.csv" ]] \
    || fail "--workers $workers: exit $status, stderr: $(cat "$work/bad.err")"
done
grep -q "is not RANKSxWORKERS" "$work/bad.err" || fail "the refusal does not name the item's form: $(cat "$work/bad.err")"

# A run whose requests are all refused (nothing listens on port 1) is recorded, failed, with its ranks and
# all ranks' transfers in flight.
status=0
bash "$sweep" --build "$build" --exe io_mpi --workers 3x2 --repeats 1 --warmup 0 --out "$work/failed.csv" \
  -- "${target[@]}" --timeout 2 2> /dev/null || status=$?
[[ "$status" -eq 1 ]] || fail "a sweep whose run failed exited $status, expected 1"
row="$(tail -n 1 "$work/failed.csv")"
IFS=',' read -r -a fields <<< "$row"
[[ "${fields[1]}" == io_mpi && "${fields[2]}" == 6 && "${fields[3]}" == 3 ]] \
  || fail "the failed run's row does not say 3 ranks and 6 in flight: $row"
echo "io_mpi sweep plan: mpirun and srun lines as expected, bad items refused, a failed run recorded"
