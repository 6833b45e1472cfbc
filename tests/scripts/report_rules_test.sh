#!/usr/bin/env bash
# Tests that report.py and plot.py claim only what the numbers support, on the hand-made fixtures in fixtures/rules.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/report_rules_test.sh   (reports and draws tests/scripts/fixtures/rules in a temp folder)" 0 "$@"
rules="$root/tests/scripts/fixtures/rules"
# has TEXT FILE WHAT: the report or listing holds TEXT verbatim.
has() { grep -qF -- "$1" "$2" || fail "$3: '$1' not in $(basename "$2")"; }
lacks() { ! grep -qF -- "$1" "$2" || fail "$3: '$1' should not be in $(basename "$2")"; }
for python in python3 /usr/bin/python3; do
  if "$python" -c "import matplotlib" 2>/dev/null; then break; fi
done

report="$work/report.md"
python3 "$root/scripts/report.py" "$rules/cpu.csv" "$rules/io.csv" --out "$report" >/dev/null

echo "--- spread: median (min-max) and CV per configuration; noisy ones flagged, never a finding"
has "| 100 ms | 64 | io_threads | 64 | 64 | 500 (420-610) | 18.7% noisy |" "$report" "noisy I/O row"
has "| cpu_omp | 30x40 | static | 5 | 1 x 2 | 2 | 1.0200 (0.8500-1.4000) | 25.8% noisy |" "$report" "noisy CPU row"
has "cpu_omp static gil=5ms (30x40) at 2 workers: noisy (CV 26%)" "$report" "noisy point set aside by the rule"
has "**io_multi**: 1.23x req/s over io_threads [1.003-1.48] (noisy)" "$report" "a cell resting on a noisy model"

echo "--- ties: models within the noise are named, no winner"
has "| 0 ms | **io_threads**: 1.33x req/s over io_seq [1.32-1.36] | tie: io_multi, io_threads (tie on req/s" \
  "$report" "0 ms row: a clear winner at 1, a tie at 16"
has "| 100 ms | tie: io_threads, io_multi (tie on req/s and CPU/request and memory) |" "$report" "100 ms, 1 in flight"
has "with threads or processes*" "$report" "rule 1"
has "not compared, 1 repeat: py_threads" "$report" "a one-repeat model is not compared"

echo "--- decision map: a tie on req/s goes to the cheaper model, saying why"
has "**io_multi**: tie on req/s and CPU/request, 4.20x less memory" "$report" "memory tie-break"
has "**io_multi**: tie on req/s, 1.25x less CPU/request" "$report" "CPU tie-break"

echo "--- suspect speedups are flagged and never reported as a result"
has "| cpu_omp | 30x40 | dynamic | 0 | 1 x 2 | 2 | 0.3000 (0.2980-0.3020) | 0.7% | suspect | - | suspect: 3.33x" \
  "$report" "suspect CPU row"
has "cpu_omp dynamic (30x40) at 2 workers: suspect: speedup 3.33 above 2 workers" "$report" "suspect set aside"
lacks "reached 3.33x" "$report" "a suspect speedup as a result"

echo "--- Amdahl: two worker counts above 1 or 'not enough points', never 'unbounded'"
has "| cpu_omp static (30x40) | not enough points (1 usable worker count above 1, 2 needed) |" "$report" "one count"
has "| cpu_omp static (30x80) | 0.048 | 20.7 | 2, 4, 8 |" "$report" "a fit over 2, 4 and 8 workers"
lacks "unbounded" "$report" "Amdahl"

echo "--- costs: CPU per request and KiB per transfer in flight"
has "| p99 ms | CPU µs/request | KiB/transfer | flags |" "$report" "cost columns"
has "| 10 ms | 64 | io_multi | 16 | 1 | 1455 (1450-1465) | 0.5% | 10.7 (10.7-10.7) | 12.8 (12.8-12.8) | 80.0 (79.0-81.0) | 200 (200-200) |" \
  "$report" "io_multi's costs at 10 ms"
python3 "$root/scripts/report.py" "$root/tests/scripts/fixtures/io.csv" --cores 2 --out "$work/old.md" >/dev/null
has "| 0 ms | 32 | io_multi | 1 | 1 | 18645 | 1 repeat | 0.0403 | 0.217 | unknown | 12804 | 1 repeat |" "$work/old.md" \
  "an old CSV without cpu_s"
has "Load unknown for 21 of 21 measured rows" "$work/old.md" "an old CSV without load_1m"

echo "--- load above the cores is named, from the rows' own cores and load"
has "**Warning: the load exceeded the cores during 3 configuration(s)**" "$report" "load warning"
has "- cpu_omp static (30x40) at 1x4: load 4.90 on 2 cores (oversubscribed by its own workers)" "$report" "load"
has "- io_threads at 64 in flight, 100 ms, 64 requests: load 3.60 on 2 cores" "$report" "load"

echo "--- oversubscribed: runnable workers over the cores; I/O threads waiting on sockets do not count"
has "| 100 ms | 1024 | io_threads | 256 | 256 | 1500 (1490-1510) | 0.7% | 101 (101-101) | 122 (122-122) | 85.0 (84.0-86.0) | 97.7 (97.7-97.7) |  |" \
  "$report" "io_threads at 256: 256 threads shown, not oversubscribed"
has "| 1.89 [1.83-1.92] | 0.47 [0.46-0.48] | oversubscribed (4 on 2 cores), load 4.9 |" "$report" "cpu_omp on 4 threads, 2 cores"

echo "--- failed rows are left out and named with their classes"
has "2 row(s) failed and are left out of every figure: cpu: 1 row(s) with exit code 1; io: 1 row(s) with exit code 1, failed requests: timeout 30." \
  "$report" "failures"

echo "--- sweep attempts: the latest that measured is used (also after a rebuild); a failure measured again is none"
python3 "$root/scripts/report.py" "$rules/attempts.csv" --out "$work/attempts.md" >/dev/null
has "| 10 ms | 64 | io_multi | 16 | 1 | 1475 (1470-1480) |" "$work/attempts.md" "the latest attempt of io_multi"
has "| 10 ms | 64 | io_multi | 4 | 1 | 391 (390-392) |" "$work/attempts.md" "the rebuilt io_multi (a new config)"
has "2 configuration(s) were measured by more than one sweep attempt: the latest is used, 6 older row(s) set aside." \
  "$work/attempts.md" "older attempts set aside"
has "1 configuration(s) also had a failed attempt" "$work/attempts.md" "failed attempt set aside"
lacks "failed and are left out" "$work/attempts.md" "a failure measured again"

echo "--- crossover: where the event loop overtakes threads, or none"
has "| C++: io_multi vs io_threads | 100 ms | from 256 in flight (1.33x req/s [1.32-1.36]), measured 1-256; no finding at 64" \
  "$report" "throughput crossover at 100 ms"
has "| C++: io_multi vs io_threads | 0 ms | none found in 1-16 in flight |" "$report" "no crossover at 0 ms"

echo "--- rule: the fast-I/O verdict names the winner; the slow one too"
has "2. **Fast I/O, few connections** (0 ms, 1 in flight): \`io_threads\` (1.33x req/s over io_seq [1.32-1.36]). Threads fit, as the rule says." \
  "$report" "rule 2"
has "3. **Slow I/O, many connections** (100 ms, 256 in flight): \`io_multi\` (1.33x req/s over io_threads" "$report" "rule 3"

echo "--- the same CSVs give the same report, byte for byte"
python3 "$root/scripts/report.py" "$rules/io.csv" "$rules/cpu.csv" --out "$work/again.md" >/dev/null
cmp -s "$report" "$work/again.md" || fail "two runs of report.py differ: $(diff "$report" "$work/again.md" | head -5)"

echo "--- labels: latency from the target when there is no latency_ms; other targets by name"
python3 "$root/scripts/report.py" "$rules/io_targets.csv" --out "$work/targets.md" >/dev/null
has "| 10 ms | 64 | io_multi | 4 | 1 | 391 (390-392) |" "$work/targets.md" "/delay?s=0.01 filed at 10 ms"
has "| 10 ms | 128 | io_multi | 4 | 1 | 394 (393-395) |" "$work/targets.md" "128 requests not pooled with 64"
has "| 0 ms | 64 | io_multi | 4 | 1 | 15100 (15000-15200) |" "$work/targets.md" "/fast filed at 0 ms"
has "| 127.0.0.1:8799/bytes?n=1000 | 64 | io_multi | 4 | 1 | 9050 (9000-9100) |" "$work/targets.md" "/bytes by name"
has "| urls:pages.txt#9c0f3e2a1b7d4c58 | 64 | io_multi |" "$work/targets.md" "a URL file by its label"
has "One I/O model only: there is nothing to choose between, so no decision table." "$work/targets.md" "one model"

echo "--- loops, shards given, ranks: each a series of its own, never pooled with the single loop (fixtures/rules/axes)"
axes="$rules/axes/io.csv"
python3 "$root/scripts/report.py" "$axes" --out "$work/axes.md" >/dev/null
has "| 100 ms | 1000 | io_multi | 100 | 1 | 900 (890-910) |" "$work/axes.md" "one loop, default shards"
has "| 100 ms | 1000 | io_multi loops=2 | 100 | 2 | 950 (940-960) |" "$work/axes.md" "two loops (default shards)"
has "| 100 ms | 1000 | io_multi shards=4 | 100 | 1 | 920 (915-925) |" "$work/axes.md" "--shards 4 given"
has "| 100 ms | 1000 | io_mpi 2 ranks | 100 | 1 | 1000 (990-1010) |" "$work/axes.md" "io_mpi 2x50 at its total"
has "| 100 ms | **io_mpi 2 ranks**: 1.05x req/s over io_multi loops=2 [1.03-1.07] |" "$work/axes.md" \
  "the ranks and the loops compete in the decision table as models of their own"
lacks "shards=2" "$work/axes.md" "default shards (one per 100 in flight per loop or rank) named as given"
has "| 100 ms | 1000 | io_mpi 2 ranks schedule=dynamic | 100 | 1 | 930 (920-940) |" "$work/axes.md" \
  "io_mpi's dynamic schedule, a series of its own beside the static one"
lacks "schedule=static" "$work/axes.md" "io_mpi's default schedule named"
# Sweep attempts: later attempts of two loops and of --shards 4 leave the rows of one loop, default shards, alone.
awk -F, -v OFS=, 'NR == 1 { print $0, "attempt"; next }
  { print $0, ($2 == "io_multi" && ($28 == 2 || $29 == 4) ? "20261130T120500Z-2" : "20261130T120000Z-1") }' "$axes" \
  > "$work/axes_attempts.csv"
cp "$rules/axes/models.jsonl" "$work/models.jsonl"
python3 "$root/scripts/report.py" "$work/axes_attempts.csv" --out "$work/axes_attempts.md" >/dev/null
has "| 100 ms | 1000 | io_multi | 100 | 1 | 900 (890-910) |" "$work/axes_attempts.md" "one loop kept beside two"
lacks "set aside" "$work/axes_attempts.md" "a loops=2 or shards=4 attempt taken as a newer attempt of the default"
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$axes" --out "$work/axes" > "$work/axes.txt"
for series in "io_multi" "io_multi loops=2" "io_multi shards=4" "io_mpi 2 ranks" "io_mpi 2 ranks schedule=dynamic"; do
  grep -qFx "io_throughput.png: legend: $series" "$work/axes.txt" \
    || fail "io_throughput.png has no series '$series': $(grep legend "$work/axes.txt" | head -n 8)"
done

echo "--- every run failed: plot.py exits 2 with one line, report.py says so"
for csv in failed_io failed_cpu; do
  status=0
  python3 "$root/scripts/plot.py" "$rules/$csv.csv" --out "$work/$csv" 2> "$work/error.txt" >/dev/null || status=$?
  [[ "$status" -eq 2 ]] || fail "plot.py on $csv.csv exited $status, expected 2"
  [[ "$(wc -l < "$work/error.txt")" -eq 1 ]] || fail "plot.py on $csv.csv: not one line: $(cat "$work/error.txt")"
  has "plot.py: error: every run failed, nothing to draw" "$work/error.txt" "$csv"
done
python3 "$root/scripts/plot.py" "$rules/failed_io.csv" --out "$work/x" 2> "$work/error.txt" >/dev/null || true
has "io: 2 row(s) with exit code 1, failed requests: refused 128" "$work/error.txt" "the I/O failure classes"
python3 "$root/scripts/plot.py" "$rules/failed_cpu.csv" --out "$work/x" 2> "$work/error.txt" >/dev/null || true
has "cpu: 1 row(s) with exit code 1, 1 row(s) with exit code 137" "$work/error.txt" "the CPU exit codes"
python3 "$root/scripts/report.py" "$rules/failed_io.csv" "$rules/failed_cpu.csv" --out "$work/failed.md" \
  2>/dev/null >/dev/null || fail "report.py on failed rows did not exit 0"
has "**Every run failed: nothing was measured**" "$work/failed.md" "all failed"
has "refused 128" "$work/failed.md" "all failed: the classes"

echo "--- every plot renders noisy, tied and failed rows, and shows what they are"
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$rules/cpu.csv" "$rules/io.csv" --out "$work/png" \
  > "$work/figures.txt"
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$rules/scaling.csv" --out "$work/scaling" \
  >> "$work/figures.txt"
for png in png/cpu_speedup png/io_throughput png/io_latency png/io_costs png/io_decision_map scaling/scaling; do
  file="$work/$png.png"
  [[ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || fail "$png.png is not a PNG"
  size="$(stat -c %s "$file")"
  ((size > 20000 && size < 2000000)) || fail "$png.png is $size bytes"
  name="$(basename "$png").png"
  read -r width height < <(grep "^$name: size:" "$work/figures.txt" | sed 's/.*size: \([0-9]*\)x\([0-9]*\) .*/\1 \2/')
  ((width > 800 && width < 3000 && height > 300 && height < 2000)) || fail "$name is ${width}x$height pixels"
done
figures="$work/figures.txt"
has "cpu_speedup.png: legend: hollow: noisy (CV > 10%)" "$figures" "noisy explained"
has "cpu_speedup.png: legend: x: suspect (speedup > workers)" "$figures" "suspect explained"
has "cpu_speedup.png: text: 'cpu_omp dynamic (30x40)'" "$figures" "the suspect cross is named"
has "cpu_speedup.png: footnote: Not drawn, failed: cpu_mpi at 3 workers." "$figures" "failed CPU run"
has "cpu_speedup.png: xticks 1: 1,2,4,8" "$figures" "integer worker ticks"
has "cpu_speedup.png: ylim 1: 1.833 highest point 1.667" "$figures" "efficiency above 1.2 not clipped"
has "io_throughput.png: legend: half-filled: 1 repeat, no spread" "$figures" "one repeat explained"
has "io_throughput.png: legend: solid: C++, dashed: Python" "$figures" "Python dashed"
has "io_throughput.png: footnote: Not drawn, failed: io_threads at 1024 (100 ms)." "$figures" "failed I/O run"
has "io_throughput.png: xticks 2: 1,16,64,256" "$figures" "integer worker ticks"
has "io_decision_map.png: text: 'tie: io_multi,\\nio_threads\\non req/s and\\nCPU/request and memory'" \
  "$figures" "a tie on the map names both"
has "io_decision_map.png: text: 'io_multi\\ntie on req/s and\\nCPU/request, 4.20x\\nless memory'" "$figures" \
  "the map says why the cheaper model wins"
has "io_decision_map.png: text: 'io_multi *\\n1.23x req/s over\\nio_threads'" "$figures" "a noisy cell is starred"
has "io_decision_map.png: legend: tie within the noise" "$figures" "colour legend"
has "scaling.png: footnote: Not drawn, failed: cpu_mpi at 8 workers." "$figures" "failed scaling run"
has "scaling.png: legend: hollow: noisy (CV > 10%)" "$figures" "noisy scaling point"
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$rules/io_targets.csv" --out "$work/one" \
  > "$work/one.txt"
lacks "io_decision_map.png" "$work/one.txt" "a decision map for one I/O model"
has "io_throughput.png: legend: io_multi" "$work/one.txt" "one I/O model drawn"

echo "report rules tests: all passed"
