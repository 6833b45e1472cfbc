#!/usr/bin/env bash
# CTest: on two emulated nodes, submit.sh's chain spans nodes (mpirun launcher); dynamic across nodes fails cleanly.
set -euo pipefail
build="$1"
cluster="$2"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")
# Both emulated nodes are this host: srun's PMIx plugin cannot serve two nodes on one host, mpirun can.
export BB_LAUNCHER=mpirun

study="$work/study"
code=0
timeout 300 bash "$repo/slurm/submit.sh" --nodes 1,2 --tasks-per-node 1 --strong-tasks 8 --weak-tasks-per-rank 4 \
  --repeats 2 --build "$build" --out "$study" --wait 2> "$work/submit.out" || code=$?
cat "$work/submit.out"
mapfile -t submitted < <(grep -o 'job [0-9]*' "$work/submit.out" | cut -d' ' -f2)
((code == 0)) || fail "submit.sh --nodes 1,2 --wait exited with $code"
strong="$(reference_digest 30x8)"
weak_one="$(reference_digest 30x4)"
"${check[@]}" "$study/scaling.csv" --all "verified=true,exit_code=0" --per-config 2 --min-rows 8 \
  --expect "scaling=strong,nodes=1,ranks=1,digest=$strong" --expect "scaling=strong,nodes=2,ranks=2,digest=$strong" \
  --expect "scaling=weak,nodes=1,ranks=1,tasks=30x4,digest=$weak_one" \
  --expect "scaling=weak,nodes=2,ranks=2,tasks=30x8,digest=$strong" || fail "merged rows of the 2-node study"
grep -q "ranks on 2 node(s)" "$work/submit.out" || fail "no 2-node job was submitted"

# The dynamic schedule across nodes: Open MPI over TCP has no window spanning them by default.
export BB_BUILD="$build" BB_TASKS=30x8 BB_REPEATS=1 BB_WARMUP=0 BB_MODELS=mpi BB_SCHEDULES=dynamic BB_RANKS=2
BB_OUT="$work/dynamic" submit_and_wait 120 --nodes=2 --ntasks=2 "$repo/slurm/cpu.sbatch"
((job_code == 1)) || fail "dynamic across nodes: job exit $job_code, expected 1 (a failed run)"
"${check[@]}" "$work/dynamic/cpu.csv" --all "impl=cpu_mpi,ranks=2,exit_code=1" || fail "dynamic across nodes: rows"
grep -q "cpu_mpi: error: --schedule dynamic needs an MPI one-sided window" "$work/dynamic/cpu.log" \
  || fail "dynamic across nodes: cpu_mpi did not say why"
# With a one-sided component that spans nodes, as the message advises, it runs.
BB_OUT="$work/pt2pt" OMPI_MCA_osc=pt2pt submit_and_wait 120 --nodes=2 --ntasks=2 "$repo/slurm/cpu.sbatch"
((job_code == 0)) || fail "dynamic across nodes with OMPI_MCA_osc=pt2pt: job exit $job_code"
"${check[@]}" "$work/pt2pt/cpu.csv" --all "impl=cpu_mpi,ranks=2,schedule=dynamic,exit_code=0,digest=$strong" \
  || fail "dynamic across nodes with pt2pt: rows"

# submit.sh --suite mem: mem_mpi's weak scaling across the nodes, the size per node fixed, so 2 nodes hold twice it.
code=0
timeout 300 bash "$repo/slurm/submit.sh" --suite mem --nodes 1,2 --tasks-per-node 1 --size-per-node 16M --repeats 2 \
  --build "$build" --out "$work/mem" --wait 2> "$work/mem.out" || code=$?
mapfile -t -O "${#submitted[@]}" submitted < <(grep -o 'job [0-9]*' "$work/mem.out" | cut -d' ' -f2)
((code == 0)) || fail "submit.sh --suite mem --nodes 1,2 --wait exited with $code: $(tail -n 3 "$work/mem.out")"
"${check[@]}" "$work/mem/mem_scaling.csv" --all "scaling=weak,impl=mem_mpi,verified=yes,exit_code=0" --per-config 10 \
  --expect nodes=1,ranks=1 --expect nodes=2,ranks=2 || fail "merged rows of the 2-node mem study"
python3 - "$work/mem/mem_scaling.csv" <<'PYTHON' || fail "the 2-node mem run does not hold twice the size"
import csv, sys
sizes = {row["nodes"]: int(row["size_bytes"]) for row in csv.DictReader(open(sys.argv[1]))}
assert 15 << 20 < sizes["1"] <= 16 << 20 and 31 << 20 < sizes["2"] <= 32 << 20, sizes
PYTHON
echo "two_node_test: passed"
