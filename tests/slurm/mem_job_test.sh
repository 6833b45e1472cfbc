#!/usr/bin/env bash
# CTest: slurm/mem.sbatch under sbatch --wait at a tiny size (every model, srun and mpirun, binding recorded), and
# submit.sh --suite mem's weak-scaling chain to its merged CSV and plot.
set -euo pipefail
build="$1"
cluster="$2"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")
# The jobs take their settings from the environment (sbatch --export=ALL).
export BB_BUILD="$build" BB_KERNELS=triad,gather BB_SIZE=16M BB_WARMUP=0

# srun --mpi=pmix launches the ranks, bound to cores; 2 tasks x 1 CPU: mpi and hybrid at 1 and 2 ranks. Each run
# prints one row per kernel and repeat: 2 kernels x 2 repeats.
BB_OUT="$work/srun" BB_REPEATS=2 submit_and_wait 180 --ntasks=2 --cpus-per-task=1 "$repo/slurm/mem.sbatch"
((job_code == 0)) || fail "mem.sbatch (srun) exited with $job_code"
"${check[@]}" "$work/srun/mem.csv" --all "suite=mem,verified=yes,exit_code=0" --per-config 4 \
  --expect impl=mem_seq,kernel=triad --expect impl=mem_seq,kernel=gather --expect impl=mem_omp,threads=1 \
  --expect impl=mem_mpi,ranks=1 --expect impl=mem_mpi,ranks=2,kernel=gather \
  --expect impl=mem_hybrid,ranks=2,threads=1 || fail "rows of the srun job"
# The binding in effect is in every row: the models without MPI say none; the MPI ones name a policy (under srun
# Open MPI reports its own, none, as Slurm does the binding: SLURM_CPU_BIND=cores, in the job's record).
python3 - "$work/srun/mem.csv" <<'PYTHON' || fail "binding columns of the srun job"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert all(row["mpi_bind"] not in ("", "unset") for row in rows if row["impl"] in ("mem_mpi", "mem_hybrid")), \
    {row["mpi_bind"] for row in rows}
assert all(row["mpi_bind"] == "none" for row in rows if row["impl"] in ("mem_seq", "mem_omp")), \
    {row["mpi_bind"] for row in rows}
assert all(row["omp_proc_bind"] == "close" and row["omp_places"] == "cores" for row in rows if row["impl"] == "mem_omp")
PYTHON
grep -qs "^cpu_bind=cores$" "$work/srun/job-$job_id.txt" || fail "no job-$job_id.txt with the job's settings and binding"
last="$(tail -n 1 "$work/$job_id.out")"
[[ "$last" == "mem.sbatch: 6 run(s) added, 0 failed: see $work/srun/mem.log" ]] || fail "the srun job's last line: $last"

# OpenMPI's mpirun inside the allocation (--bind-to core), and BB_THREADS given.
BB_OUT="$work/mpirun" BB_REPEATS=1 BB_LAUNCHER=mpirun BB_MODELS=omp,mpi BB_THREADS=1,2 \
  submit_and_wait 180 --ntasks=2 --cpus-per-task=1 "$repo/slurm/mem.sbatch"
((job_code == 0)) || fail "mem.sbatch (mpirun) exited with $job_code"
"${check[@]}" "$work/mpirun/mem.csv" --all "verified=yes,exit_code=0" --per-config 2 \
  --expect impl=mem_omp,threads=2 --expect impl=mem_mpi,ranks=1 --expect impl=mem_mpi,ranks=2,mpi_bind=core \
  || fail "rows of the mpirun job"

# A size the executables refuse, and a missing build, are refused before anything runs.
BB_OUT="$work/refused" BB_SIZE=3X submit_and_wait 60 "$repo/slurm/mem.sbatch"
((job_code == 2)) || fail "BB_SIZE=3X: exit $job_code, expected 2"
grep -q "BB_SIZE='3X' is not valid" "$work/$job_id.out" || fail "BB_SIZE=3X: not named"
BB_BUILD="$work/no-build" BB_OUT="$work/refused" submit_and_wait 60 "$repo/slurm/mem.sbatch"
((job_code == 2)) || fail "a missing build: exit $job_code, expected 2"
grep -q "is not built" "$work/$job_id.out" || fail "a missing build: no 'is not built' message"
[[ ! -e "$work/refused/mem.csv" ]] || fail "a refused job still wrote a CSV"

# The weak-scaling chain: mem_mpi at 2 ranks on the one node, the size per node fixed, merged and drawn; every
# kernel, as submit.sh sets them.
unset BB_KERNELS BB_SIZE
study="$work/study"
code=0
timeout 300 bash "$repo/slurm/submit.sh" --suite mem --nodes 1 --tasks-per-node 2 --size-per-node 16M --repeats 2 \
  --build "$build" --out "$study" --wait 2> "$work/submit.out" || code=$?
cat "$work/submit.out"
mapfile -t -O "${#submitted[@]}" submitted < <(grep -o 'job [0-9]*' "$work/submit.out" | cut -d' ' -f2)
((code == 0)) || fail "submit.sh --suite mem --wait exited with $code"
"${check[@]}" "$study/mem_scaling.csv" --all "scaling=weak,nodes=1,impl=mem_mpi,ranks=2,verified=yes,exit_code=0" \
  --per-config 10 --expect kernel=copy --expect kernel=gather || fail "merged rows of the mem chain"
python3 - "$study/mem_scaling.csv" <<'PYTHON' || fail "the chain's size is not 16M"
import csv, sys
sizes = {int(row["size_bytes"]) for row in csv.DictReader(open(sys.argv[1]))}
assert len(sizes) == 1 and 15 << 20 < sizes.pop() <= 16 << 20, sizes
PYTHON
[[ "$(head -c 8 "$study/mem_scaling.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] \
  || fail "$study/mem_scaling.png is not a PNG"
bash "$repo/slurm/submit.sh" --suite mem --dry-run --nodes 1,2 --size-per-node 3G --build "$build" > /dev/null \
  2> "$work/dry.txt"
grep -q "BB_SIZE=6G" "$work/dry.txt" || fail "the dry run at 2 nodes does not double the size: $(cat "$work/dry.txt")"
echo "mem_job_test: passed"
