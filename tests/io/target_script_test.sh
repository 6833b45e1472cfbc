#!/usr/bin/env bash
# Tests scripts/target.sh for real: start, status, endpoints, busy-port refusal, stop of its own nginx only.
set -euo pipefail

usage() {
  echo "Usage: tests/io/target_script_test.sh FIRST_PORT   (uses FIRST_PORT .. FIRST_PORT+2)"
}
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  exit 0
fi
[[ $# -eq 1 && "$1" =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }

TARGET="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/target.sh"
readonly TARGET
readonly PORT_A="$1" PORT_B="$(( $1 + 1 ))" PORT_BUSY="$(( $1 + 2 ))"
LISTENER_PID=""

cleanup() {
  "${TARGET}" stop --port "${PORT_A}" >/dev/null 2>&1 || true
  "${TARGET}" stop --port "${PORT_B}" >/dev/null 2>&1 || true
  [[ -z "${LISTENER_PID}" ]] || kill "${LISTENER_PID}" 2>/dev/null || true
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

expect_contains() {
  local text="$1" wanted="$2"
  [[ "${text}" == *"${wanted}"* ]] || fail "expected '${wanted}' in: ${text}"
}

status_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:${PORT_A}$1" || true
}

"${TARGET}" --help | grep -q "start|stop|status" || fail "--help does not explain the actions"

# A port nobody is on yet, so a stale target from an aborted run does not skew the test.
"${TARGET}" stop --port "${PORT_A}" >/dev/null
"${TARGET}" stop --port "${PORT_B}" >/dev/null

out="$("${TARGET}" start --port "${PORT_A}")"
expect_contains "${out}" "serving http://127.0.0.1:${PORT_A}"
out="$("${TARGET}" status --port "${PORT_A}")"
expect_contains "${out}" "running, nginx pid"

[[ "$(status_code /fast)" == 200 ]] || fail "/fast did not answer 200"
[[ "$(status_code '/status?code=404')" == 404 ]] || fail "/status?code=404 did not answer 404"
[[ "$(status_code '/status?code=503')" == 503 ]] || fail "/status?code=503 did not answer 503"
[[ "$(curl -s --max-time 5 "http://127.0.0.1:${PORT_A}/bytes?n=12345" | wc -c)" -eq 12345 ]] || fail "/bytes?n=12345 size"
started=$(date +%s%N)
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:${PORT_A}/delay?s=0.3"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
(( elapsed_ms >= 300 )) || fail "/delay?s=0.3 answered after ${elapsed_ms} ms"
rc=0
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:${PORT_A}/close" || rc=$?
[[ "${rc}" -eq 52 ]] || fail "/close: curl exit ${rc}, expected 52 (empty reply)"

# A second start on the same port is refused while the first runs.
if out="$("${TARGET}" start --port "${PORT_A}" 2>&1)"; then fail "second start on a running port succeeded"; fi
expect_contains "${out}" "already running on port ${PORT_A}"

# A port some other program listens on is refused with a clear message.
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); time.sleep(60)' "${PORT_BUSY}" &
LISTENER_PID=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/${PORT_BUSY}") 2>/dev/null && break; sleep 0.1; done
if out="$("${TARGET}" start --port "${PORT_BUSY}" 2>&1)"; then fail "start on a busy port succeeded"; fi
expect_contains "${out}" "port ${PORT_BUSY} on 127.0.0.1 is busy"
kill "${LISTENER_PID}"
LISTENER_PID=""

# stop stops only the nginx recorded for its port.
"${TARGET}" start --port "${PORT_B}" >/dev/null
"${TARGET}" stop --port "${PORT_A}" | grep -q "stopped nginx pid" || fail "stop did not report the stopped pid"
if "${TARGET}" status --port "${PORT_A}" >/dev/null; then fail "status after stop says running"; fi
"${TARGET}" status --port "${PORT_B}" >/dev/null || fail "stopping port ${PORT_A} also stopped port ${PORT_B}"
"${TARGET}" stop --port "${PORT_B}" >/dev/null
"${TARGET}" stop --port "${PORT_B}" | grep -q "nothing to stop" || fail "a second stop is not a no-op"

if "${TARGET}" start --port 70000 2>/dev/null; then fail "port 70000 accepted"; fi
echo "target.sh: all checks passed"
