#!/usr/bin/env bash
# CTest: slurm/cpu.sbatch under sbatch --wait at tiny sizes; every row's digest equals cpu_seq's, mpi at 1 and 2 ranks.
set -euo pipefail
build="$1"
cluster="$2"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"

tasks=30x6
digest="$(reference_digest "$tasks")"
check=(python3 "$repo/tests/slurm/check_rows.py")

# srun --mpi=pmix launches the ranks; 2 tasks x 1 CPU: mpi and hybrid at 1 and 2 ranks.
BB_BUILD="$build" BB_OUT="$work/srun" BB_TASKS="$tasks" BB_REPEATS=2 BB_WARMUP=0 \
  submit_and_wait 180 --ntasks=2 --cpus-per-task=1 "$repo/slurm/cpu.sbatch"
((job_code == 0)) || fail "cpu.sbatch (srun) exited with $job_code"
"${check[@]}" "$work/srun/cpu.csv" --all "digest=$digest,verified=true,exit_code=0" --per-config 2 \
  --expect impl=cpu_seq --expect impl=cpu_omp,threads=1 \
  --expect impl=cpu_mpi,ranks=1,schedule=static --expect impl=cpu_mpi,ranks=2,schedule=static \
  --expect impl=cpu_mpi,ranks=1,schedule=dynamic --expect impl=cpu_mpi,ranks=2,schedule=dynamic \
  --expect impl=cpu_hybrid,ranks=2,threads=1 || fail "rows of the srun job"
[[ -s "$work/srun/job-$job_id.txt" ]] || fail "no job-$job_id.txt with the job's settings"
last="$(tail -n 1 "$work/$job_id.out")"
[[ "$last" == "cpu.sbatch: 11 run(s) added, 0 failed: see $work/srun/cpu.log" ]] || fail "the srun job's last line: $last"

# OpenMPI's mpirun inside the allocation (one slot per Slurm task), and BB_THREADS given.
BB_BUILD="$build" BB_OUT="$work/mpirun" BB_TASKS="$tasks" BB_REPEATS=1 BB_WARMUP=0 BB_LAUNCHER=mpirun \
  BB_MODELS=omp,mpi BB_SCHEDULES=dynamic BB_THREADS=1,2 \
  submit_and_wait 180 --ntasks=2 --cpus-per-task=1 "$repo/slurm/cpu.sbatch"
((job_code == 0)) || fail "cpu.sbatch (mpirun) exited with $job_code"
"${check[@]}" "$work/mpirun/cpu.csv" --all "digest=$digest,verified=true,exit_code=0" \
  --expect impl=cpu_omp,threads=2 --expect impl=cpu_mpi,ranks=1 --expect impl=cpu_mpi,ranks=2 \
  || fail "rows of the mpirun job"

# A missing build is refused before anything runs, with a message saying what to do.
BB_BUILD="$work/no-build" BB_OUT="$work/refused" submit_and_wait 60 "$repo/slurm/cpu.sbatch"
((job_code == 2)) || fail "a missing build: exit $job_code, expected 2"
grep -q "is not built" "$work/$job_id.out" || fail "a missing build: no 'is not built' message"
[[ ! -e "$work/refused/cpu.csv" ]] || fail "a missing build still wrote a CSV"
echo "cpu_job_test: passed (digest $digest)"
