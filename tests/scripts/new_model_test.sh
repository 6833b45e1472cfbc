#!/usr/bin/env bash
# Tests that a model no script names (the test-only cpu_dummy) is swept, described, plotted and reported from its --describe alone.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/new_model_test.sh BUILD_DIR  (sweeps cpu_seq and the test-only cpu_dummy of BUILD_DIR)" 1 "$@"
build="$(cd "$1" && pwd)"
sweep="$root/scripts/sweep.sh"
# The value of column $2 in every data row of CSV $1, one per line.
column_values() {
  awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) column = i; next } { print $column }' "$1"
}

echo "--- the premise: cpu_dummy is built, unlisted, and no script or job names it"
dummy="$build/tests/cpu/cpu_dummy"
[[ -x "$dummy" ]] || fail "$dummy is not built"
[[ -f "$build/models.list" ]] || fail "$build/models.list is missing"
if grep -q "^cpu_dummy"$'\t' "$build/models.list"; then fail "cpu_dummy is listed in models.list (it is test-only)"; fi
named_by="$(grep -rl cpu_dummy "$root/scripts" "$root/slurm" || true)"
[[ -z "$named_by" ]] || fail "a script names cpu_dummy, so this test proves nothing: $named_by"
dummy_describe="$("$dummy" --describe)"
[[ "$dummy_describe" == *'"kind":"threads"'* && "$dummy_describe" == *'"launch":"openmp"'* ]] \
  || fail "cpu_dummy is not the threads/openmp model this test expects: $dummy_describe"

echo "--- the launch comes from --describe: OpenMP threads for cpu_dummy"
plan="$(bash "$sweep" --build "$build" --exe cpu_dummy --workers 1,2 --out "$work/results/cpu.csv" --dry-run)"
grep -q "^\[2/2\] (run) OMP_NUM_THREADS=2 .*cpu_dummy --workers 2 --csv" <<< "$plan" || fail "dry run: $plan"
[[ ! -e "$work/results" ]] || fail "the dry run wrote into $work/results"

echo "--- a cpu_seq baseline and cpu_dummy at 1 and 2 workers into one CSV"
csv="$work/results/cpu.csv"
bash "$sweep" --build "$build" --exe cpu_seq --repeats 2 --warmup 0 --out "$csv" -- --tasks 20x6 2>/dev/null
bash "$sweep" --build "$build" --exe cpu_dummy --workers 1,2 --repeats 2 --warmup 0 --out "$csv" -- --tasks 20x6 \
  2>/dev/null
expected_header="$("$dummy" --csv-header),config,attempt,process_s,oversubscribed,exit_code"
[[ "$(head -n 1 "$csv")" == "$expected_header" ]] || fail "header differs: $(head -n 1 "$csv")"
[[ "$("$build/cpu/cpu_seq" --csv-header)" == "$("$dummy" --csv-header)" ]] || fail "cpu_dummy's header is not the cpu suite's"
[[ "$(column_values "$csv" impl | sort | uniq -c | awk '{ print $2 "=" $1 }' | paste -sd' ')" \
    == "cpu_dummy=4 cpu_seq=2" ]] || fail "rows per model: $(column_values "$csv" impl | sort | uniq -c)"
[[ "$(column_values "$csv" exit_code | sort -u)" == 0 ]] || fail "a run failed: $(cat "$csv")"
# kind threads: workers are the threads of one process.
[[ "$(awk -F, 'NR > 1 && $2 == "cpu_dummy" { print $3 "/" $4 "/" $5 }' "$csv" | sort -u | paste -sd' ')" \
    == "1/1/1 2/1/2" ]] || fail "cpu_dummy's workers/ranks/threads: $(cut -d, -f2-5 "$csv")"

echo "--- models.jsonl beside the CSV holds each model's --describe line, once"
models="$work/results/models.jsonl"
[[ -f "$models" ]] || fail "no models.jsonl beside $csv"
expected_models="$("$build/cpu/cpu_seq" --describe)"$'\n'"$dummy_describe"
[[ "$(cat "$models")" == "$expected_models" ]] || fail "models.jsonl: $(cat "$models")"
bash "$sweep" --build "$build" --exe cpu_dummy --workers 1,2 --repeats 2 --warmup 0 --out "$csv" -- --tasks 20x6 \
  2>/dev/null
[[ "$(wc -l < "$models")" -eq 2 ]] || fail "a second sweep added a line to models.jsonl: $(cat "$models")"

echo "--- plot.py and report.py take the unknown model from models.jsonl"
python3 "$root/scripts/plot.py" "$csv" --out "$work/plots" > "$work/plots.txt" || fail "plot.py failed"
[[ -s "$work/plots.txt" ]] || fail "plot.py listed no PNG"
mapfile -t plots < "$work/plots.txt"
python3 "$root/scripts/report.py" "$csv" --cores 2 --out "$work/report.md" --plots "${plots[@]}" >/dev/null \
  || fail "report.py failed"
grep -q "cpu_dummy" "$work/report.md" || fail "report.md does not mention cpu_dummy"

echo "new model tests: all passed"
