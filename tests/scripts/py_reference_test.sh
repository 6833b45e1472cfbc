#!/usr/bin/env bash
# Tests the Python references for real: their CSV headers against results/README.md, and py_aiohttp's latency
# timed from the moment a request gets its connection, as the C++ models and the thread pool time it.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/py_reference_test.sh PORT   (starts scripts/target.sh on 127.0.0.1:PORT, stops it after)" 1 "$@"
port="$1"
target="$root/scripts/target.sh"
stop_target() { bash "$target" stop --port "$port" >/dev/null; }
bb_on_exit stop_target
# The system interpreter: aiohttp and requests come from Debian's packages (scripts/deps.sh), as in study.sh.
python=/usr/bin/python3
bash "$target" stop --port "$port" >/dev/null
bash "$target" start --port "$port" >/dev/null
url="http://127.0.0.1:$port"

echo "--- the references print the schemas of results/README.md"
python3 "$root/tests/check_csv_header.py" "$root/results/README.md" cpu -- \
  python3 "$root/scripts/py_cpu_reference.py" --model seq --tasks 10x2 --repeats 1 >/dev/null \
  || fail "py_cpu_reference.py's header differs from results/README.md"
python3 "$root/tests/check_csv_header.py" "$root/results/README.md" io -- \
  "$python" "$root/scripts/py_io_reference.py" --approach requests --url "$url/fast" --requests 2 --repeats 1 \
  >/dev/null || fail "py_io_reference.py's header differs from results/README.md"

echo "--- the new columns hold the run's cost and target"
"$python" "$root/scripts/py_io_reference.py" --approach threads --url "$url/fast" --workers 2 --requests 8 \
  --repeats 1 --csv 2>/dev/null > "$work/threads.csv"
"$python" - "$work/threads.csv" "$url/fast" <<'PYTHON' || fail "py_threads row: $(cat "$work/threads.csv")"
import csv, os, sys
row = next(csv.DictReader(open(sys.argv[1])))
assert row["target"] == sys.argv[2], row["target"]
assert float(row["cpu_s"]) > 0 and int(row["ctx_voluntary"]) >= 0 and int(row["ctx_involuntary"]) >= 0
assert int(row["cores"]) == os.sysconf("SC_NPROCESSORS_ONLN") and float(row["load_1m"]) >= 0
PYTHON

echo "--- py_aiohttp: 16 in flight on /delay?s=0.1 take ~100 ms each, not the wait for a connection too"
# 64 requests over 16 connections make four waves: timed from gather's start, the median would read 200-300 ms.
"$python" "$root/scripts/py_io_reference.py" --approach aiohttp --url "$url/delay?s=0.1" --workers 16 \
  --requests 64 --repeats 2 --csv 2>/dev/null > "$work/aiohttp.csv"
"$python" - "$work/aiohttp.csv" <<'PYTHON' || fail "py_aiohttp latency: $(cut -d, -f2,3,8,19-22 "$work/aiohttp.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2 and all(row["ok"] == "64" for row in rows)
assert all(95 <= float(row["p50_ms"]) < 150 for row in rows), [row["p50_ms"] for row in rows]
PYTHON

echo "python reference tests: all passed"
