#!/usr/bin/env bash
# Tests the reference clients (scripts/ref_wrk.py, ref_h2load.py): their parsers on captured output, the report and
# plots on their rows, their refusals, and live runs against a target of their own, a server that is down included.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/scripts/ref_clients_test.sh BUILD_DIR PORT H2_PORT  (starts scripts/target.sh on 127.0.0.1:PORT, h2c on H2_PORT)" 3 "$@"
build="$(cd "$1" && pwd)"
port="$2"
h2_port="$3"
fixtures="$root/tests/scripts/fixtures/ref"
scripts="$root/scripts"
target="$scripts/target.sh"
stop_target() { bash "$target" stop --port "$port" >/dev/null 2>&1; }
bb_on_exit stop_target
# Debian's interpreter has matplotlib (for the plots); the scripts themselves start with #!/usr/bin/python3.
python=/usr/bin/python3
has() { grep -qF -- "$1" "$2" || fail "$3: '$1' not in $(basename "$2")"; }
lacks() { ! grep -qF -- "$1" "$2" || fail "$3: '$1' should not be in $(basename "$2")"; }

echo "--- the parsers read captured wrk and h2load output into exact counts, classes, times and percentiles"
"$python" - "$scripts" "$fixtures" <<'PYTHON' || fail "a parser read a fixture wrongly (above)"
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from ref_parse import parse_h2load, parse_wrk
fixtures = Path(sys.argv[2])
def text(name):
    path = fixtures / name
    return path.read_text() if path.exists() else ""
# name: (requests, ok, {class: count}, wall_s, body bytes, (p50, p90, p99, max) ms)
wrk = {
    "fast": (82747, 82747, {}, 1.000727, None, (0.133, 0.465, 3.141, 5.751)),
    "503": (89114, 0, {"other": 89114}, 1.099782, None, (0.043, 0.061, 0.11, 2.867)),
    "close": (32379, 0, {"closed": 32379}, 1.099839, None, None),
    "down": (1, 0, {"refused": 1}, None, None, None),
    "timeout": (2, 0, {"timeout": 2}, 3.006597, None, None),
    "killed": (40869, 480, {"closed": 40389}, 2.012015, None, (10.271, 10.838, 13.749, 14.077)),
    "silent": (2, 0, {"timeout": 2}, 1.002993, None, None),
}
h2load = {
    "fast": (2000, 2000, {}, 0.05935, 6000, (0.184, 0.266, 4.845, 8.059)),
    "404": (40, 0, {"http_4xx": 40}, 0.00573, 440, (0.057, 0.119, 4.17, 4.17)),
    "503": (40, 0, {"http_5xx": 40}, 0.00672, 440, (0.047, 0.14, 3.447, 3.447)),
    "close": (10, 0, {"closed": 10}, 0.00122, 0, (0.028, 0.075, 0.109, 0.109)),
    "down": (10, 0, {"refused": 10}, 0.00101, 0, None),
    "timeout": (4, 0, {"timeout": 2, "closed": 2}, 1.01, 0, None),
    "killed": (2000, 644, {"closed": 1356}, 1.75, 7084, (10.467, 11.754, 15.161, 31.791)),
}
bad = []
for tool, cases, parse in (("wrk", wrk, lambda n: parse_wrk(text(f"wrk_{n}.out"), text(f"wrk_{n}.err"))),
                           ("h2load", h2load, lambda n: parse_h2load(text(f"h2load_{n}.out"), text(f"h2load_{n}.log")))):
    for name, (requests, ok, classes, wall_s, body, latency) in cases.items():
        got = parse(name)
        want_classes = {c: classes.get(c, 0) for c in ("http_4xx", "http_5xx", "timeout", "refused", "closed", "other")}
        if (got.requests, got.ok, got.failed, got.classes, got.wall_s, got.body_bytes, got.latency_ms) != \
                (requests, ok, requests - ok, want_classes, wall_s, body, latency):
            bad.append(f"{tool}_{name}: {got}")
for line in bad:
    print("FAIL:", line, file=sys.stderr)
sys.exit(1 if bad else 0)
PYTHON
# Output the parsers do not know is refused with a reason, never read as a run without failures.
"$python" - "$scripts" <<'PYTHON' || fail "unreadable output was not refused"
import sys
sys.path.insert(0, sys.argv[1])
from ref_parse import ParseError, parse_h2load, parse_wrk
for parse, args in ((parse_wrk, ("Running 1s test\n", "")), (parse_h2load, ("finished in 1.00s, 0 req/s\n", ""))):
    try:
        parse(*args)
    except ParseError as error:
        assert str(error), "no reason given"
    else:
        sys.exit(f"{parse.__name__} accepted output without a summary")
PYTHON

echo "--- the report sets each model against its protocol's reference client; the plots draw them apart"
report="$work/report.md"
python3 "$scripts/report.py" "$fixtures/report/io.csv" --out "$report" >/dev/null
has "| 0 ms | 164000 | ref_wrk | 16 | 2 | 82000 (80000-84000) | 2.4% |" "$report" "wrk's repeats pooled despite their counts"
has "| reference client |" "$report" "reference rows flagged"
# The comparison table's line of the model measured at MEDIAN req/s (the series name may carry the HTTP version).
sed -n '/^### Against the reference clients/,/^### /p' "$report" > "$work/against.md"
against() { grep -F -- "| $1 |" "$work/against.md" || fail "no comparison line for the model at $1 req/s"; }
[[ "$(against "21000 (20000-22000)")" == *"| ref_wrk | 82000 (80000-84000) | 0.26 [0.24-0.28] | 25.0 / 9.00 | 0.525 / 0.738 |" ]] \
  || fail "HTTP/1.1 io_multi at 16 against wrk: $(against "21000 (20000-22000)")"
[[ "$(against "15500 (15000-16000)")" == *"| ref_h2load"*"| 41000 (40000-42000) | 0.38 [0.36-0.40] | 30.0 / 12.0 |"* ]] \
  || fail "HTTP/2 io_multi at 64 against h2load: $(against "15500 (15000-16000)")"
[[ "$(against "9100 (9000-9200)")" == *"| ref_wrk | 91000 (90000-92000) | 0.10 [0.10-0.10] |"* ]] \
  || fail "io_threads at 64 against wrk: $(against "9100 (9000-9200)")"
[[ "$(grep -c '^| 0 ms |' "$work/against.md")" -eq 4 ]] || fail "not one comparison per model: $(cat "$work/against.md")"
# Faster than either model, the reference clients would win every cell if they were in the decision table.
has "| 0 ms | **io_multi**: 2.06x req/s over io_threads [1.92-2.20] |" "$report" "the decision table at 16"
has "1.70x req/s over io_threads [1.63-1.78] |" "$report" "the decision table at 64"
[[ "$(grep -c 'ref_' <(sed -n '/### Decision table/,$p' "$report"))" -eq 0 ]] \
  || fail "a reference client in the decision table or the rule: $(sed -n '/### Decision table/,$p' "$report" | grep ref_)"
has "- ref_wrk at 256 workers, 0 ms" "$report" "the failed reference run listed"
"$python" "$root/tests/scripts/figure_texts.py" "$scripts" "$fixtures/report/io.csv" --out "$work/png" > "$work/figures.txt"
has "io_throughput.png: legend: ref_wrk" "$work/figures.txt" "ref_wrk drawn"
has "io_throughput.png: legend: dotted, star: reference client (wrk, h2load)" "$work/figures.txt" "reference style explained"
has "io_throughput.png: footnote: Not drawn, failed: ref_wrk at 256 (0 ms)." "$work/figures.txt" "failed reference run"
lacks "io_decision_map.png: text: 'ref_" "$work/figures.txt" "a reference client on the decision map"
# io_threads also at 128 requests at 16 in flight: the target's panels split by request count (64, 128 and 256
# requests), and wrk, whose count is its own, joins the panel of the fewest requests at its worker count.
mkdir "$work/split"
cp "$fixtures/report/models.jsonl" "$work/split/"
{ cat "$fixtures/report/io.csv"
  awk -F, -v OFS=, '$2 == "io_threads" && $3 == 16 { $8 = 128; $9 = 128; $(NF - 4) = "cfg-0000000000b1"; print }' \
    "$fixtures/report/io.csv"; } > "$work/split/io.csv"
"$python" "$root/tests/scripts/figure_texts.py" "$scripts" "$work/split/io.csv" --out "$work/split" > "$work/split.txt"
[[ "$(grep -c '^io_throughput.png: xticks' "$work/split.txt")" -eq 3 ]] \
  || fail "not one panel per request count of the models: $(grep '^io_throughput.png: xticks' "$work/split.txt")"

echo "--- bad input: one line naming the option, exit 2, nothing on stdout; --describe runs nothing"
for case in "ref_wrk.py --workers 0" "ref_wrk.py --duration 0" "ref_h2load.py --requests 0" \
            "ref_wrk.py --url https://127.0.0.1/ --csv" "ref_h2load.py --param workers=3" "ref_wrk.py --csv"; do
  status=0
  # shellcheck disable=SC2086  # the case splits into the script and its options on purpose
  "$scripts"/$case > "$work/out.txt" 2> "$work/err.txt" || status=$?
  [[ "$status" -eq 2 && ! -s "$work/out.txt" && "$(wc -l < "$work/err.txt")" -eq 1 ]] \
    || fail "$case: exit $status, stdout '$(cat "$work/out.txt")', stderr: $(cat "$work/err.txt")"
  grep -q -- "--[a-z]" "$work/err.txt" || fail "$case: the message names no option: $(cat "$work/err.txt")"
done
for client in ref_wrk ref_h2load; do
  "$scripts/$client.py" --describe > "$work/describe.json"
  "$python" - "$work/describe.json" "$client" <<'PYTHON' || fail "$client --describe: $(cat "$work/describe.json")"
import json, sys
model = json.load(open(sys.argv[1]))
assert list(model)[:10] == ["name", "suite", "language", "kind", "launch", "sequential", "default_workers", "workers",
                            "description", "options"], list(model)
assert (model["name"], model["suite"], model["kind"], model["launch"]) == (sys.argv[2], "io", "event-loop", "none")
assert model["language"] == {"ref_wrk": "C", "ref_h2load": "C++"}[sys.argv[2]]
PYTHON
done

missing=()
for program in wrk h2load /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then missing+=("$program"); fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  # On a workstation the live half needs packages it may lack; a CI job installs them (scripts/deps.sh).
  if [[ "${CI:-}" == true ]]; then fail "CI lacks ${missing[*]} (scripts/deps.sh installs wrk, nghttp2-client, time)"; fi
  echo "skipped the live runs: ${missing[*]} not installed (scripts/deps.sh installs them; under CI=true this fails)"
  echo "reference client tests: all passed"
  exit 0
fi

echo "--- live: the rows have the io schema of results/README.md"
bash "$target" stop --port "$port" >/dev/null
bash "$target" start --port "$port" --h2-port "$h2_port" >/dev/null
url="http://127.0.0.1:$port/fast"
h2_url="http://127.0.0.1:$h2_port/fast"
python3 "$root/tests/check_csv_header.py" "$root/results/README.md" io -- "$scripts/ref_wrk.py" --url "$url" \
  --workers 2 --duration 1 --repeats 1 --warmup 0 >/dev/null || fail "ref_wrk's header differs from results/README.md"
python3 "$root/tests/check_csv_header.py" "$root/results/README.md" io -- "$scripts/ref_h2load.py" --url "$h2_url" \
  --workers 2 --requests 20 --repeats 1 --warmup 0 >/dev/null || fail "ref_h2load's header differs from results/README.md"

echo "--- live: good runs, their numbers consistent; rows land in the io models' CSV through sweep.sh"
csv="$work/results/io.csv"
# sweep_client SCRIPT CLIENT_ARGS...: one sweep of a reference client at 4 connections into $csv.
sweep_client() {
  local exe="$1"
  shift
  bash "$root/scripts/sweep.sh" --exe "$scripts/$exe" --workers 4 --repeats 2 --warmup 0 --param latency_ms=0 \
    --out "$csv" -- "$@" 2> "$work/sweep.err" || fail "sweep of $exe: $(tail -n 3 "$work/sweep.err")"
}
sweep_client ref_wrk.py --url "$url" --duration 1
sweep_client ref_h2load.py --url "$h2_url" --requests 400
"$python" - "$csv" "$(nproc)" <<'PYTHON' || fail "the swept rows: $(cat "$csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [row["impl"] for row in rows] == ["ref_wrk"] * 2 + ["ref_h2load"] * 2, [row["impl"] for row in rows]
for row in rows:
    wrk = row["impl"] == "ref_wrk"
    requests, ok, wall = int(row["requests"]), int(row["ok"]), float(row["wall_s"])
    assert ok == requests and row["failed"] == "0" and row["exit_code"] == "0", row
    assert (requests > 100) if wrk else (requests == 400), requests
    assert (0.9 < wall < 1.5) if wrk else (0 < wall < 5), wall
    assert abs(float(row["req_per_s"]) - requests / wall) < 1e-3 * requests / wall, row["req_per_s"]
    assert 0 < float(row["p50_ms"]) <= float(row["p90_ms"]) <= float(row["p99_ms"]) <= float(row["max_ms"]), row
    assert 500 < int(row["peak_rss_kib"]) < 100000, row["peak_rss_kib"]  # the tool's own, not this interpreter's
    assert float(row["cpu_s"]) > 0 and int(row["ctx_voluntary"]) >= 0, row["cpu_s"]
    assert row["http_version"] == ("1.1" if wrk else "2") and row["workers"] == "4" and row["ranks"] == "1"
    # h2load spreads 4 connections over up to the cores; wrk over the most threads that split them evenly.
    cores = int(sys.argv[2])
    threads = max(n for n in range(1, min(4, cores) + 1) if 4 % n == 0) if wrk else min(4, cores)
    assert (row["threads"], row["loops"], row["shards"], row["nodes"]) == (str(threads), str(threads), "0", "1"), row
    assert row["compiler"].startswith("wrk " if wrk else "h2load nghttp2/"), row["compiler"]
    assert row["curl_version"] == "none" and row["latency_ms"] == "0" and row["bytes"] == ("" if wrk else "1200")
PYTHON
for client in ref_wrk ref_h2load; do
  grep -q "\"name\":\"$client\"" "$work/results/models.jsonl" || fail "the sweep did not record $client in models.jsonl"
done
if [[ -x "$build/io/io_threads" ]]; then
  [[ "$("$scripts/ref_wrk.py" --csv-header --param latency_ms=0)" == "$("$build/io/io_threads" --csv-header --param latency_ms=0)" ]] \
    || fail "ref_wrk's header is not io_threads': the rows could not share io.csv"
fi

echo "--- live: the server down counts as failed (exit 1, refused), at once"
bash "$target" stop --port "$port" >/dev/null
for client in "ref_wrk.py --duration 1" "ref_h2load.py --requests 8"; do
  status=0
  started=$SECONDS
  # shellcheck disable=SC2086  # the client splits into the script and its options on purpose
  timeout 60 "$scripts"/$client --url "$url" --workers 2 --repeats 1 --warmup 0 --csv > "$work/down.csv" \
    2> "$work/down.err" || status=$?
  [[ "$status" -eq 1 ]] || fail "$client against no server exited $status: $(cat "$work/down.err")"
  ((SECONDS - started < 10)) || fail "$client against no server took $((SECONDS - started)) s"
  "$python" - "$work/down.csv" <<'PYTHON' || fail "$client against no server: $(cat "$work/down.csv")"
import csv, sys
row, = csv.DictReader(open(sys.argv[1]))
assert int(row["failed"]) == int(row["requests"]) == int(row["refused"]) > 0 and row["ok"] == "0", row
PYTHON
done

echo "--- live: a server that never answers: each run ends (duration, timeout, deadline) counted as failed"
bash "$target" start --port "$port" --h2-port "$h2_port" >/dev/null
# silent CLIENT_ARGS...: the client against /delay?s=5 must exit 1 with 2 requests, both timed out.
silent() {
  local status=0
  "$@" --workers 2 --repeats 1 --warmup 0 --csv > "$work/silent.csv" 2>/dev/null || status=$?
  if ! [[ "$status" -eq 1 ]] || ! grep -q ',2,0,2,0,0,2,0,0,0,' "$work/silent.csv"; then
    fail "$(basename "$1") without an answer: exit $status, $(cat "$work/silent.csv")"
  fi
}
silent "$scripts/ref_wrk.py" --url "http://127.0.0.1:$port/delay?s=5" --duration 1
silent "$scripts/ref_h2load.py" --url "http://127.0.0.1:$h2_port/delay?s=5" --requests 2 --timeout 1
# A tool that outlives its deadline is killed with everything it started, and the run says so.
"$python" - "$scripts" "$work" <<'PYTHON' || fail "a tool past its deadline was not stopped"
import sys, time
sys.path.insert(0, sys.argv[1])
from ref_clients import run_tool
started = time.monotonic()
_, _, _, stopped = run_tool(["sh", "-c", "sleep 30 & wait"], 0.5, sys.argv[2])
assert stopped and time.monotonic() - started < 5, (stopped, time.monotonic() - started)
PYTHON

echo "--- live: TERM for a client stops its tool too"
"$scripts/ref_wrk.py" --url "$url" --workers 2 --duration 30 --repeats 1 --warmup 0 > /dev/null 2> "$work/term.err" &
client=$!
# ref_wrk.py starts GNU time, which starts wrk: wait (up to 10 s, the start-up may be slow) for the grandchild.
tool=""
for ((tries = 0; tries < 200 && ${#tool} == 0; tries++)); do
  sleep 0.05
  for child in $(pgrep -P "$client" || true); do tool="$(pgrep -x -P "$child" wrk || true)"; done
done
[[ -n "$tool" ]] || fail "no wrk under ref_wrk.py after 10 s: $(cat "$work/term.err")"
kill -TERM "$client"
status=0
wait "$client" || status=$?
[[ "$status" -eq 143 ]] || fail "ref_wrk.py stopped by TERM exited $status, expected 143"
# Running: the process exists and is not a zombie waiting for whoever adopted it to reap it.
running() { [[ -r "/proc/$1/stat" && "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]]; }
for ((tries = 0; tries < 40; tries++)); do running "$tool" || break; sleep 0.05; done
! running "$tool" || fail "wrk (pid $tool) outlived ref_wrk.py stopped by TERM"

echo "reference client tests: all passed"
