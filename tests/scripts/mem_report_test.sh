#!/usr/bin/env bash
# Tests the memory suite's report and plots on hand-made fixtures (a known knee, a latency-bound gather, noise), and
# the Python memory reference for real: its schema, its verification and its refusals.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/mem_report_test.sh   (reports and draws tests/scripts/fixtures/mem_*.csv in a temp folder)" 0 "$@"
fixtures="$root/tests/scripts/fixtures"
models=(--models "$fixtures/mem_models.jsonl")
# has TEXT FILE WHAT: the report or listing holds TEXT verbatim.
has() { grep -qF -- "$1" "$2" || fail "$3: '$1' not in $(basename "$2")"; }
lacks() { ! grep -qF -- "$1" "$2" || fail "$3: '$1' should not be in $(basename "$2")"; }
for python in python3 /usr/bin/python3; do
  if "$python" -c "import matplotlib" 2>/dev/null; then break; fi
done

report="$work/knee.md"
python3 "$root/scripts/report.py" "$fixtures/mem_knee.csv" "$fixtures/mem_python.csv" "${models[@]}" --out "$report" \
  >/dev/null

echo "--- medians with (min-max) and CV per model, kernel and workers; a CV of 5% or more is flagged"
has "| mem_omp | triad | 1 GiB | 1 x 2 | 2 | 19.0 (18.9-19.1) | 0.4% | - | 1.90 [1.89-1.91] | 0.95 [0.94-0.96] |  |" \
  "$report" "mem_omp triad at 2 workers"
has "| mem_omp | add | 1 GiB | 1 x 4 | 4 | 21.5 (19.8-23.2) | 6.0% | - | 2.15 [1.98-2.32] | 0.54 [0.49-0.58] | spread above 5% |" \
  "$report" "a 6% spread is flagged, not noisy"
has "| mem_omp | gather | 1 GiB | 1 x 3 | 3 | 2.50 (2.49-2.51) | 0.4% | 8.00 (7.96-8.04) |" "$report" "gather's ns per access"
has "| mem_hybrid 2 thr/rank | triad | 1 GiB | 2 x 2 | 4 | 21.0 (20.9-21.1) | 0.4% | - | 2.08 [2.06-2.09] over mem_seq |" \
  "$report" "a line without a 1-worker point gains over the sequential model"

echo "--- the roof: 10, 19, 21, 21.5 GB/s at 1-4 workers saturate at 2"
has "| mem_omp | triad | 1 GiB | 1: 1.00, 2: 0.95, 3: 0.70, 4: 0.54 | 2 | 19.0 (18.9-19.1) |" "$report" "triad's knee"
has "- \`mem_omp\`, triad, 1 GiB: memory-bandwidth-bound: 2 workers saturate this machine at 19 GB/s (18.9-19.1); more add at most 1.13x [1.12-1.14] (4 workers, efficiency 0.54)." \
  "$report" "triad's statement: more add 13% beyond the noise, said with the number"
has "- \`mem_omp\`, copy, 1 GiB: memory-bandwidth-bound: 2 workers saturate this machine at 19 GB/s (18.9-19.1); more add nothing (4 workers: 1.02x [1.01-1.03], within the noise)." \
  "$report" "copy's statement"
has "- \`mem_omp\`, add, 1 GiB: memory-bandwidth-bound: 2 workers saturate" "$report" "a spread above 5% still makes a statement"
has "- \`mem_mpi\`, triad, 1 GiB: scales: efficiency still 1.00 at 4 workers, the most measured; the bandwidth roof is not reached in 1-4." \
  "$report" "a line that never drops below 0.8 has no saturation point"
has "| mem_hybrid 2 thr/rank | triad | 1 GiB | 4: 0.52 | - | - | no statement: 1 worker count measured, 2 needed |" \
  "$report" "one worker count"

echo "--- gather is latency-bound: workers help up to the last count ahead of the one before beyond the noise"
has "- \`mem_omp\`, gather, 1 GiB: latency-bound: workers help up to 3 (1.39x [1.38-1.40] over 2, 8 ns per access; measured 1-4)." \
  "$report" "gather's statement"
lacks "gather, 1 GiB: memory-bandwidth-bound" "$report" "gather is not given a bandwidth roof statement"

echo "--- Python: the interpreter lock, and whether threads help numpy"
has "- \`py_numpy_threads\` (numpy's triad split in chunks among a ThreadPoolExecutor), triad, 1 GiB, 2 workers: 1.50x [1.49-1.51] the GB/s of 1 worker: threads help here." \
  "$report" "numpy's threads"
has "- \`py_mem_threads\` (the plain-loop triad split in chunks among a ThreadPoolExecutor), triad, 3 MiB, 2 workers: 0.99x [0.99-1.000] the GB/s of \`py_mem_seq\`: no gain beyond the noise, threads do not help here." \
  "$report" "the plain loop's threads"
has "the GB/s of \`py_mem_seq\`: processes help here." "$report" "the plain loop's processes"
has "| py_numpy_threads | triad | 1 GiB | 1: 1.00, 2: 0.75 | - | - | no saturation point in 1-2: 2 workers still add 1.50x [1.49-1.51] over 1 (efficiency 0.75) |" \
  "$report" "a knee at 1 worker is no saturation point while 2 still add 50%"

echo "--- the decision map gains the memory rows"
has "| triad, 1 GiB | tie: mem_seq, mem_mpi, mem_omp (tie on GB/s) | **mem_mpi**: 1.05x GB/s over mem_omp [1.05-1.06] |" \
  "$report" "triad's row"
has "| triad, 3 MiB | py_mem_seq alone | **py_mem_processes**: 1.95x GB/s over py_mem_threads [1.93-1.96] | - | - |" \
  "$report" "the plain loop's row"
has "the *saturation point* is the largest worker count whose efficiency is still at least 0.8" "$report" "the rule stated"

echo "--- noisy data: no finding, and the report says why"
python3 "$root/scripts/report.py" "$fixtures/mem_noisy.csv" "${models[@]}" --out "$work/noisy.md" >/dev/null
has "- \`mem_omp\`, triad, 1 GiB: no statement: 2 workers: noisy (CV 15%)." "$work/noisy.md" "noisy triad"
has "- \`mem_omp\`, gather, 1 GiB: no statement: 3 workers: noisy (CV 15%)." "$work/noisy.md" "noisy gather"
has "| mem_mpi | triad | 1 GiB | 1: 1.00 | - | - | no statement: 1 worker count measured, 2 needed |" "$work/noisy.md" \
  "fewer than 2 worker counts"
lacks "memory-bandwidth-bound" "$work/noisy.md" "a statement from noisy data"
lacks "latency-bound: workers help" "$work/noisy.md" "a statement from noisy data"

echo "--- arrays that fit the last-level cache measure the cache: no statement, per kernel"
# A 512 MiB cache: a triad pass runs through 878 MiB, copy 585 MiB, but gather's randomly read array is 293 MiB.
sed 's/,33554432,/,536870912,/' "$fixtures/mem_knee.csv" > "$work/cached.csv"
python3 "$root/scripts/report.py" "$work/cached.csv" "${models[@]}" --out "$work/cached.md" >/dev/null
has "- \`mem_omp\`, gather, 1 GiB: no statement: the array it reads at random (293 MiB) fits the 512 MiB last-level cache, so it measures the cache, not memory." \
  "$work/cached.md" "gather in cache"
has "- \`mem_omp\`, copy, 1 GiB: memory-bandwidth-bound: 2 workers saturate" "$work/cached.md" "copy beyond the cache"
sed 's/,33554432,/,2147483648,/' "$fixtures/mem_knee.csv" > "$work/cached.csv"
python3 "$root/scripts/report.py" "$work/cached.csv" "${models[@]}" --out "$work/cached.md" >/dev/null
has "- \`mem_omp\`, triad, 1 GiB: no statement: the arrays of a pass (878 MiB) fit the 2 GiB last-level cache" \
  "$work/cached.md" "triad in cache"
lacks "memory-bandwidth-bound" "$work/cached.md" "a statement from arrays in the cache"

echo "--- rows that did not verify are failures, left out and named"
awk -F, -v OFS=, 'NR > 1 && $2 == "mem_omp" && $3 == 2 && $7 == "triad" { $13 = "no" } { print }' \
  "$fixtures/mem_knee.csv" > "$work/unverified.csv"
python3 "$root/scripts/report.py" "$work/unverified.csv" "${models[@]}" --out "$work/unverified.md" >/dev/null
has "5 row(s) failed and are left out of every figure: mem: 5 row(s) with verified=no." "$work/unverified.md" "failures"
has "- mem_omp at 2 workers, kernel triad" "$work/unverified.md" "the failed configuration named"
has "| mem_omp | triad | 1 GiB | 1: 1.00, 3: 0.70, 4: 0.54 |" "$work/unverified.md" "the failed point left out of the roof"

echo "--- weak scaling across nodes: bandwidth per node"
python3 "$root/scripts/report.py" "$fixtures/mem_weak.csv" "${models[@]}" --out "$work/weak.md" >/dev/null
has "| weak | mem_mpi | triad | 4 | 16 | 4 GiB | 79.0 (78.6-79.4) | 19.8 | 0.99 [0.98-0.99], flat |  |" "$work/weak.md" \
  "4 nodes: flat per node, not oversubscribed"

echo "--- the same CSVs give the same report, byte for byte"
python3 "$root/scripts/report.py" "$fixtures/mem_python.csv" "$fixtures/mem_knee.csv" "${models[@]}" \
  --out "$work/again.md" >/dev/null
cmp -s "$report" "$work/again.md" || fail "two runs of report.py differ: $(diff "$report" "$work/again.md" | head -5)"

echo "--- the plots: bandwidth and efficiency with the saturation point, gather's latency, the map, node scaling"
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$fixtures/mem_knee.csv" "$fixtures/mem_python.csv" \
  "${models[@]}" --out "$work/png" > "$work/figures.txt"
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$fixtures/mem_weak.csv" "${models[@]}" \
  --out "$work/weak" >> "$work/figures.txt"
for png in png/mem_bandwidth png/mem_gather png/mem_decision_map weak/mem_scaling; do
  [[ "$(head -c 8 "$work/$png.png" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || fail "$png.png is not a PNG"
done
figures="$work/figures.txt"
has "mem_bandwidth.png: legend: saturation point: last count at efficiency >= 0.8" "$figures" "the star explained"
has "mem_bandwidth.png: legend: py_numpy_threads (1 GiB)" "$figures" "numpy drawn"
has "mem_bandwidth.png: xticks 0: 1,2,3,4" "$figures" "integer worker ticks"
has "mem_decision_map.png: text: 'py_mem_processes\\n1.95x GB/s over\\npy_mem_threads'" "$figures" "the map's cell"
has "mem_gather.png: legend: mem_omp (1 GiB)" "$figures" "gather drawn"
has "mem_scaling.png: legend: mem_mpi triad, weak" "$figures" "node scaling drawn"

echo "--- the Python reference: the mem schema of results/README.md, verified rows, refusals"
for model in seq threads processes numpy_threads; do
  line="$(python3 "$root/scripts/py_mem_reference.py" --model "$model" --describe)"
  [[ "$line" == '{"name":"py_'*'"suite":"mem","language":"Python"'* ]] || fail "--model $model --describe: $line"
done
python3 "$root/tests/check_csv_header.py" "$root/results/README.md" mem -- \
  python3 "$root/scripts/py_mem_reference.py" --model seq --size 48K --repeats 1 >/dev/null \
  || fail "py_mem_reference.py's header differs from results/README.md"
if /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  for model in threads processes numpy_threads; do
    /usr/bin/python3 "$root/scripts/py_mem_reference.py" --model "$model" --workers 2 --size 96K --repeats 2 \
      --param run=x --csv > "$work/$model.csv" 2>/dev/null || fail "--model $model exited non-zero"
    python3 - "$work/$model.csv" <<'PYTHON' || fail "--model $model rows: $(cat "$work/$model.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2 and all(row["verified"] == "yes" and row["kernel"] == "triad" for row in rows), rows
assert all(row["workers"] == "2" and row["size_bytes"] == str(96 * 1024) and row["run"] == "x" for row in rows), rows
assert all(float(row["gb_per_s"]) > 0 and row["ns_per_access"] == "" for row in rows), rows
PYTHON
  done
else
  echo "    (numpy missing for /usr/bin/python3: the thread and process runs are skipped; scripts/deps.sh installs it)"
fi
for bad in "--size 3X" "--size 16 --workers 2" "--workers 0" "--model seq --workers 2" "--size 1P"; do
  status=0
  # shellcheck disable=SC2086  # the options split on purpose
  python3 "$root/scripts/py_mem_reference.py" $bad --csv > "$work/out.txt" 2> "$work/error.txt" || status=$?
  [[ "$status" -eq 2 && ! -s "$work/out.txt" ]] || fail "'$bad': exit $status, expected 2 and nothing on stdout"
  grep -q "error: --" "$work/error.txt" || fail "'$bad' does not name the option: $(cat "$work/error.txt")"
done

echo "mem report tests: all passed"
