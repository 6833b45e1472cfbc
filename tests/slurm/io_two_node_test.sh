#!/usr/bin/env bash
# CTest: on two emulated nodes, submit.sh --suite io runs io_mpi across both (mpirun), and every row adds up.
set -euo pipefail
build="$1"
cluster="$2"
port="$3"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")
# Both emulated nodes are this host: srun's PMIx plugin cannot serve two nodes on one host, mpirun can.
export BB_LAUNCHER=mpirun
# The service every node reaches: here a target on this host, which both emulated nodes share.
bash "$repo/scripts/target.sh" start --port "$port" >/dev/null
trap 'bash "$repo/scripts/target.sh" stop --port "$port" >/dev/null; clean_up' EXIT

study="$work/study"
code=0
timeout 300 bash "$repo/slurm/submit.sh" --suite io --nodes 1,2 --tasks-per-node 1 --in-flight 8 \
  --strong-requests 64 --weak-requests-per-rank 40 --repeats 2 --url "http://127.0.0.1:$port/fast" \
  --build "$build" --out "$study" --wait 2> "$work/submit.out" || code=$?
cat "$work/submit.out"
mapfile -t submitted < <(grep -o 'job [0-9]*' "$work/submit.out" | cut -d' ' -f2)
((code == 0)) || fail "submit.sh --suite io --nodes 1,2 --wait exited with $code"
"${check[@]}" "$study/io_scaling.csv" --all "impl=io_mpi,failed=0,exit_code=0" --per-config 2 --min-rows 8 \
  --expect "scaling=strong,ranks=1,nodes=1,workers=8,requests=64,ok=64" \
  --expect "scaling=strong,ranks=2,nodes=2,workers=16,requests=64,ok=64" \
  --expect "scaling=weak,ranks=1,nodes=1,requests=40,ok=40" \
  --expect "scaling=weak,ranks=2,nodes=2,requests=80,ok=80" || fail "merged rows of the 2-node I/O study"

# Across both nodes with failing URLs: rank 1's static block holds only refused ones, and the row still adds up.
urls="$work/urls.txt"
printf '%s\n' "http://127.0.0.1:$port/fast" "http://127.0.0.1:$port/status?code=404" \
  "http://127.0.0.1:$((port + 1))/fast" "http://127.0.0.1:$((port + 1))/fast" > "$urls"
BB_BUILD="$build" BB_OUT="$work/mixed" BB_URLS="$urls" BB_MODELS=mpi BB_RANKS=2 BB_WORKERS=2 BB_REPEATS=1 \
  BB_WARMUP=0 submit_and_wait 120 --nodes=2 --ntasks=2 "$repo/slurm/io.sbatch"
((job_code == 1)) || fail "failing URLs across nodes: job exit $job_code, expected 1 (a failed run)"
"${check[@]}" "$work/mixed/io.csv" \
  --all "impl=io_mpi,ranks=2,nodes=2,requests=4,ok=1,http_4xx=1,refused=2,failed=3,exit_code=1" \
  || fail "failing URLs across nodes: the row does not add up"
echo "io_two_node_test: passed"
