#!/usr/bin/env bash
# Tests scripts/plot.py and scripts/report.py on small fixture CSVs (rows from a real quick study).
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/plot_test.sh   (draws the fixtures in tests/scripts/fixtures into a temp folder)" 0 "$@"
fixtures="$root/tests/scripts/fixtures"

echo "--- plot.py draws every expected PNG"
python3 "$root/scripts/plot.py" "$fixtures/cpu.csv" "$fixtures/io.csv" --out "$work" > "$work/listed.txt"
for name in cpu_speedup io_throughput io_latency io_costs io_decision_map; do
  png="$work/$name.png"
  [[ -s "$png" ]] || fail "$name.png was not written"
  [[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || fail "$name.png is not a PNG"
  [[ "$(stat -c %s "$png")" -gt 10000 ]] || fail "$name.png is suspiciously small"
  grep -q "$name.png" "$work/listed.txt" || fail "$name.png not listed on stdout"
done

# scaling.csv: cpu_mpi rows from sweep.sh at 1 and 2 ranks on one machine, tagged as 1 and 2 nodes.
echo "--- plot.py draws strong and weak scaling from a merged Slurm study"
python3 "$root/scripts/plot.py" "$fixtures/scaling.csv" --out "$work/scaling" > "$work/listed.txt"
[[ "$(cat "$work/listed.txt")" == "$work/scaling/scaling.png" ]] || fail "scaling: listed $(cat "$work/listed.txt")"
[[ "$(stat -c %s "$work/scaling/scaling.png")" -gt 10000 ]] || fail "scaling.png is suspiciously small"

echo "--- merge_csv.sh joins one layout and refuses another"
bash "$root/scripts/merge_csv.sh" --out "$work/merged.csv" "$fixtures/cpu.csv" "$fixtures/cpu.csv" 2>/dev/null
[[ "$(wc -l < "$work/merged.csv")" -eq $((2 * $(wc -l < "$fixtures/cpu.csv") - 1)) ]] || fail "merged row count"
[[ "$(grep -c '^suite,' "$work/merged.csv")" -eq 1 ]] || fail "merged CSV has more than one header"
status=0
bash "$root/scripts/merge_csv.sh" --out "$work/mixed.csv" "$fixtures/cpu.csv" "$fixtures/io.csv" 2> "$work/error.txt" \
  || status=$?
[[ "$status" -eq 2 && ! -e "$work/mixed.csv" ]] || fail "merging two layouts: exit $status, expected 2 and no file"
grep -q "another header" "$work/error.txt" || fail "merging two layouts: $(cat "$work/error.txt")"

headings=("## CPU-bound kernel" "Amdahl serial fraction" "## I/O-bound kernel" "### Decision table"
          "## The rule, as this machine measured it")
echo "--- report.py writes the tables and the rule"
python3 "$root/scripts/report.py" "$fixtures/cpu.csv" "$fixtures/io.csv" --cores 2 --out "$work/report.md" >/dev/null
for heading in "${headings[@]}"; do
  grep -qF "$heading" "$work/report.md" || fail "report.md lacks '$heading'"
done
# These fixtures are too thin for findings: cpu_seq's two repeats differ by 27% and every I/O
# configuration ran once. The rule must say so rather than name winners.
grep -qF "cpu_omp static (30x40) at 2 workers: baseline noisy (CV 27%)" "$work/report.md" \
  || fail "the rule does not refuse cpu_omp over a noisy baseline"
grep -qF "(0 ms, 1 in flight): 1 repeat: no spread, not a finding" "$work/report.md" \
  || fail "the rule's fast I/O verdict does not say one repeat is no finding"

echo "--- the Python references describe their models"
for reference in "py_cpu_reference.py --model seq" "py_cpu_reference.py --model processes" \
                 "py_io_reference.py --approach threads" "py_io_reference.py --approach aiohttp"; do
  # shellcheck disable=SC2086  # the option and its value split on purpose
  line="$(python3 "$root/scripts/"$reference --describe)" || fail "$reference --describe failed"
  [[ "$line" == '{"name":"py_'*'"language":"Python"'*'"launch":"none"'* ]] || fail "$reference --describe: $line"
done
[[ "$(python3 "$root/scripts/py_io_reference.py" --approach aiohttp --describe)" == *'"kind":"event-loop"'* ]] \
  || fail "py_aiohttp is not of kind event-loop"

# Python rows without a models.jsonl beside them: the references themselves describe py_*.
echo "--- report.py asks the Python references when no models.jsonl describes their rows"
mkdir "$work/python"
cp "$fixtures/python_cpu.csv" "$work/python/"
python3 "$root/scripts/report.py" "$work/python/python_cpu.csv" --cores 2 --out "$work/python/report.md" >/dev/null
grep -qF "Python's thread pool 0.81x" "$work/python/report.md" || fail "py_threads missing from the rule"
grep -qF "py_processes dynamic (30x20) at 2 workers: noisy (CV 15%)" "$work/python/report.md" \
  || fail "py_processes (CV 15%) is not set aside as noisy"

echo "--- an impl that nothing describes fails with one line naming it"
mkdir "$work/ghost"
sed 's/,cpu_mpi,/,cpu_ghost,/' "$fixtures/cpu.csv" > "$work/ghost/cpu.csv"
cp "$fixtures/models.jsonl" "$work/ghost/"
for script in plot.py report.py; do
  status=0
  python3 "$root/scripts/$script" "$work/ghost/cpu.csv" --out "$work/ghost/out" 2> "$work/error.txt" >/dev/null \
    || status=$?
  [[ "$status" -eq 2 ]] || fail "$script with an undescribed impl exited $status, expected 2"
  [[ "$(wc -l < "$work/error.txt")" -eq 1 ]] || fail "$script: expected one error line, got: $(cat "$work/error.txt")"
  grep -q "^$script: error: no description of cpu_ghost (suite cpu) in .*--models FILE" "$work/error.txt" \
    || fail "$script does not name cpu_ghost alone: $(cat "$work/error.txt")"
done

# cpu_extra: the cpu_omp rows renamed and 10% faster, described only by --models: no script knows its name.
# From rules/, whose baseline is steady enough for the rule to pick a threads model.
echo "--- a new model with a description is drawn and reported with no script edit"
mkdir "$work/extra"
rules="$fixtures/rules"
{ head -n 1 "$rules/cpu.csv"
  grep '^cpu,cpu_omp,' "$rules/cpu.csv" | awk -F, -v OFS=, '{ $2 = "cpu_extra"; $7 = $7 * 0.9; print }'; } \
  > "$work/extra/cpu.csv"
grep '"name":"cpu_omp"' "$rules/models.jsonl" | sed 's/"cpu_omp/"cpu_extra/g' > "$work/extra.jsonl"
[[ -s "$work/extra.jsonl" ]] || fail "fixtures/models.jsonl has no cpu_omp line to copy"
for python in python3 /usr/bin/python3; do
  if "$python" -c "import matplotlib" 2>/dev/null; then break; fi
done
# plot_style.save wrapped to print each figure's legend: what was drawn, not just that a PNG exists.
"$python" - "$root/scripts" "$rules/cpu.csv" "$work/extra/cpu.csv" --models "$work/extra.jsonl" \
  --out "$work/extra" > "$work/legend.txt" <<'PYTHON'
import sys
sys.path.insert(0, sys.argv[1])
import plot
import plot_style
draw = plot_style.save
def save(figure, path, plt):
    for legend in figure.legends:
        for text in legend.get_texts():
            print(f"legend: {path.name}: {text.get_text()}")
    return draw(figure, path, plt)
plot_style.save = save
sys.argv = ["plot.py", *sys.argv[2:]]
sys.exit(plot.main())
PYTHON
grep -q "^legend: cpu_speedup.png: cpu_extra static (30x80)" "$work/legend.txt" \
  || fail "cpu_extra was not drawn: $(grep legend "$work/legend.txt")"
grep -q "^legend: cpu_speedup.png: cpu_omp static (30x80)" "$work/legend.txt" || fail "cpu_omp was no longer drawn"
python3 "$root/scripts/report.py" "$rules/cpu.csv" "$work/extra/cpu.csv" "$fixtures/io.csv" \
  --models "$work/extra.jsonl" --cores 2 --out "$work/extra/report.md" >/dev/null
for heading in "${headings[@]}"; do
  grep -qF "$heading" "$work/extra/report.md" || fail "report.md with cpu_extra lacks '$heading'"
done
grep -q "^| cpu_extra | 30x80 |" "$work/extra/report.md" || fail "report.md does not list cpu_extra"
grep -qF "C++ threads (\`cpu_extra\` static, tasks 30x80) reached 6.67x" "$work/extra/report.md" \
  || fail "the rule does not pick the faster cpu_extra"

echo "--- a malformed CSV fails with one line naming the file and line"
{ head -n 3 "$fixtures/cpu.csv"; head -n 4 "$fixtures/cpu.csv" | tail -n 1 | cut -d, -f1-10; } > "$work/broken.csv"
status=0
python3 "$root/scripts/plot.py" "$work/broken.csv" --out "$work/broken" 2> "$work/error.txt" || status=$?
[[ "$status" -eq 2 ]] || fail "malformed CSV exited $status, expected 2"
[[ "$(wc -l < "$work/error.txt")" -eq 1 ]] || fail "expected one error line, got: $(cat "$work/error.txt")"
grep -q "broken.csv: line 4:" "$work/error.txt" || fail "the error does not name line 4: $(cat "$work/error.txt")"
sed -i '3s/,[0-9.]*,30x40,/,fast,30x40,/' "$work/broken.csv"
head -n 3 "$work/broken.csv" > "$work/not_a_number.csv"
status=0
python3 "$root/scripts/plot.py" "$work/not_a_number.csv" --out "$work/broken" 2> "$work/error.txt" || status=$?
[[ "$status" -eq 2 ]] || fail "a non-number wall_s exited $status, expected 2"
grep -q "line 3: column wall_s is 'fast'" "$work/error.txt" || fail "a non-number wall_s was not named: $(cat "$work/error.txt")"

echo "plot tests: all passed"
