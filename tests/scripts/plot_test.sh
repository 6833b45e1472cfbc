#!/usr/bin/env bash
# Tests scripts/plot.py and scripts/report.py on small fixture CSVs (rows from a real quick study).
set -euo pipefail

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  echo "Usage: tests/scripts/plot_test.sh   (draws the fixtures in tests/scripts/fixtures into a temp folder)"
  exit 0
fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
fixtures="$root/tests/scripts/fixtures"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $1" >&2
  exit 1
}

echo "--- plot.py draws every expected PNG"
python3 "$root/scripts/plot.py" "$fixtures/cpu.csv" "$fixtures/io.csv" --out "$work" > "$work/listed.txt"
for name in cpu_speedup io_throughput io_latency io_decision_map; do
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

echo "--- report.py writes the tables and the rule"
python3 "$root/scripts/report.py" "$fixtures/cpu.csv" "$fixtures/io.csv" --cores 2 --out "$work/report.md" >/dev/null
for heading in "## CPU-bound kernel" "Amdahl serial fraction" "## I/O-bound kernel" "### Decision table" \
               "## The rule, as this machine measured it"; do
  grep -qF "$heading" "$work/report.md" || fail "report.md lacks '$heading'"
done

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
