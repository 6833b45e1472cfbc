#!/usr/bin/env bash
# Tests that the report and plots keep HTTP/2 rows apart from HTTP/1.1 ones and compare the two, on fixtures/http2.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/http2_report_test.sh   (reports and draws tests/scripts/fixtures/http2 in a temp folder)" 0 "$@"
fixtures="$root/tests/scripts/fixtures/http2"
has() { grep -qF -- "$1" "$2" || fail "$3: '$1' not in $(basename "$2")"; }
lacks() { ! grep -qF -- "$1" "$2" || fail "$3: '$1' should not be in $(basename "$2")"; }

report="$work/report.md"
python3 "$root/scripts/report.py" "$fixtures/io.csv" --out "$report" >/dev/null
has "| 100 ms | 10000 | io_multi | 10000 | 1 | 5000 (4900-5100) |" "$report" "HTTP/1.1 configuration"
has "| 100 ms | 10000 | io_multi http_version=2 | 10000 | 1 | 5500 (5400-5600) |" "$report" \
  "HTTP/2 configuration, never pooled with HTTP/1.1"
has "### HTTP/2 against HTTP/1.1" "$report" "the comparison section"
has "| 100 ms | io_multi | libcurl | 10000 | 10000 | 5000 (4900-5100) | 5500 (5400-5600) | 1.10x [1.06-1.14] \
| 70.0 (70.0-70.0) | 50.0 (50.0-50.0) | 0.71x [0.71-0.71] | 14.6 (14.6-14.6) | 11.6 (11.6-11.6) | 0.79x [0.79-0.79] |" \
  "$report" "throughput, CPU per request and memory per transfer of both versions"
lacks "| 100 ms | io_seq |" "$report" "an HTTP/2 configuration without an HTTP/1.1 twin is not compared"

# The same HTTP/2 runs made by --client nghttp2 (a client column, a fifth of the memory): a configuration of its
# own, set against the same HTTP/1.1 twin beside libcurl's HTTP/2.
mkdir "$work/lean"
cp "$fixtures/models.jsonl" "$work/lean/models.jsonl"
awk -F, -v OFS=, 'NR == 1 { print $0, "client"; next }
                  $2 == "io_multi" && $30 == "2" { $23 = int($23 / 5); print $0, "nghttp2" }' "$fixtures/io.csv" \
  > "$work/lean/io.csv"
python3 "$root/scripts/report.py" "$fixtures/io.csv" "$work/lean/io.csv" --out "$work/both.md" >/dev/null
has "| 100 ms | 10000 | io_multi http_version=2 client=nghttp2 | 10000 | 1 | 5500 (5400-5600) |" "$work/both.md" \
  "the nghttp2 configuration, never pooled with libcurl's"
has "| 100 ms | io_multi | nghttp2 | 10000 | 10000 | 5000 (4900-5100) | 5500 (5400-5600) | 1.10x [1.06-1.14] \
| 70.0 (70.0-70.0) | 50.0 (50.0-50.0) | 0.71x [0.71-0.71] | 14.6 (14.6-14.6) | 2.32 (2.32-2.32) | 0.16x [0.16-0.16] |" \
  "$work/both.md" "nghttp2's HTTP/2 against libcurl's HTTP/1.1"
has "| 100 ms | io_multi | libcurl | 10000 | 10000 |" "$work/both.md" "libcurl's HTTP/2 still compared"

# Without any HTTP/2 row there is nothing to compare.
grep -v ',2,1,fixture,' "$fixtures/io.csv" > "$work/http11.csv"
cp "$fixtures/models.jsonl" "$work/models.jsonl"
python3 "$root/scripts/report.py" "$work/http11.csv" --out "$work/http11.md" >/dev/null
lacks "HTTP/2 against HTTP/1.1" "$work/http11.md" "a study without --http2 runs"
lacks "http_version=2" "$work/http11.md" "HTTP/1.1 rows named as HTTP/2"

# The plots draw the two versions as two series.
for python in python3 /usr/bin/python3; do
  if "$python" -c "import matplotlib" 2>/dev/null; then break; fi
done
"$python" "$root/tests/scripts/figure_texts.py" "$root/scripts" "$fixtures/io.csv" --out "$work/plots" \
  > "$work/figures.txt"
has "io_throughput.png: legend: io_multi" "$work/figures.txt" "HTTP/1.1 series"
has "io_throughput.png: legend: io_multi http_version=2" "$work/figures.txt" "HTTP/2 series"
echo "http2_report: HTTP/2 rows kept apart, compared with their HTTP/1.1 twins, drawn as their own series"
