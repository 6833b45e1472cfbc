#!/usr/bin/env bash
# CTest: slurm/submit.sh's chain (strong and weak jobs, then an afterok merge job) runs to the merged CSV and plot.
set -euo pipefail
build="$1"
cluster="$2"
# shellcheck source=tests/slurm/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
check=(python3 "$repo/tests/slurm/check_rows.py")
study="$work/study"

# One node is all this cluster has; 2 ranks on it, weak scaling at 3 tasks per rank.
code=0
timeout 300 bash "$repo/slurm/submit.sh" --nodes 1 --tasks-per-node 2 --task-size 30 --strong-tasks 8 \
  --weak-tasks-per-rank 3 --repeats 2 --build "$build" --out "$study" --wait 2> "$work/submit.out" || code=$?
cat "$work/submit.out"
mapfile -t submitted < <(grep -o 'job [0-9]*' "$work/submit.out" | cut -d' ' -f2)
((code == 0)) || fail "submit.sh --wait exited with $code"

for digest_case in "strong 30x8" "weak 30x6"; do
  read -r scaling tasks <<< "$digest_case"
  digest="$(reference_digest "$tasks")"
  "${check[@]}" "$study/scaling.csv" --expect "scaling=$scaling,nodes=1,impl=cpu_mpi,ranks=2,tasks=$tasks,digest=$digest" \
    || fail "no $scaling row with cpu_seq's digest $digest in the merged CSV"
done
"${check[@]}" "$study/scaling.csv" --all "verified=true,exit_code=0,schedule=static" --per-config 2 --min-rows 4 \
  || fail "merged rows"
[[ "$(head -c 8 "$study/scaling.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] \
  || fail "$study/scaling.png is not a PNG"
# The merge job gathers the jobs' model descriptions beside the merged CSV, once per model.
[[ "$(grep -c '"name":"cpu_mpi"' "$study/models.jsonl")" -eq 1 ]] || fail "models.jsonl of the study: $(cat "$study/models.jsonl")"
grep -q "afterok" <(bash "$repo/slurm/submit.sh" --dry-run --nodes 1 --build "$build" 2>&1) \
  || fail "the dry run does not show the afterok dependency"
echo "submit_test: passed"
