#!/usr/bin/env bash
# Tests scripts/target.sh for real: start, status, endpoints, busy-port refusal, stop of its own nginx only, and
# what start checks before it launches (ports, state links, TMPDIR) and what stop finds after a master is killed.
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
# Workers of masters the test kills: the test stops them itself if target.sh does not.
ORPHANS=()
# TMPDIRs of the test's own: one for the cases that plant state links, one with a space and a '&' in its name.
WORK="$(mktemp -d)"
readonly WORK STATE_TMP="${WORK}/state" ODD_TMP="${WORK}/dir with space & amp"
mkdir -p "${STATE_TMP}" "${ODD_TMP}"

cleanup() {
  "${TARGET}" stop --port "${PORT_A}" >/dev/null 2>&1 || true
  "${TARGET}" stop --port "${PORT_B}" >/dev/null 2>&1 || true
  TMPDIR="${ODD_TMP}" "${TARGET}" stop --port "${PORT_A}" >/dev/null 2>&1 || true
  TMPDIR="${STATE_TMP}" "${TARGET}" stop --port "${PORT_A}" >/dev/null 2>&1 || true
  [[ -z "${LISTENER_PID}" ]] || kill "${LISTENER_PID}" 2>/dev/null || true
  ((${#ORPHANS[@]} == 0)) || kill -TERM "${ORPHANS[@]}" 2>/dev/null || true
  # An nginx that a failed check left without a record (the bugs these cases catch) runs from a prefix
  # under WORK; its master's command line names it.
  local pid
  for pid in $(pgrep -f "nginx: master process .*${WORK}" || true); do kill -TERM "${pid}" 2>/dev/null || true; done
  rm -rf "${WORK}"
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

port_listened() {
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
}

# Waits up to 5 s for nothing to listen on port $1.
wait_port_free() {
  local tries
  for ((tries = 0; tries < 50; tries++)); do
    port_listened "$1" || return 0
    sleep 0.1
  done
  return 1
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

# Usage errors exit 2 with one line, before anything starts. A port is decimal digits without a leading
# zero: bash arithmetic would read 010 as octal 8 and fail on 018406.
usage_error() {
  local wanted="$1" code=0
  shift
  out="$("$@" 2>&1 >/dev/null)" || code=$?
  [[ "${code}" -eq 2 && "${out}" != *$'\n'* && "${out}" == *"${wanted}"* ]] \
    || echo "$* -> exit ${code}, expected 2 and one line with '${wanted}': ${out}"
}
expect_usage_error() {
  local problem
  problem="$(usage_error "$@")"
  [[ -z "${problem}" ]] || fail "${problem}"
}
for port in 70000 65536 0 "0${PORT_A}" 010 018406 99999999999999999999 18446744073709551617 "" " ${PORT_A}" "+${PORT_A}"; do
  problem="$(usage_error "--port: '${port}'" "${TARGET}" start --port "${port}")"
  # Whatever number an unchecked value was read as, the nginx it started is stopped before the verdict.
  "${TARGET}" stop --port "${port}" >/dev/null 2>&1 || true
  [[ -z "${problem}" ]] || fail "${problem}"
done
if port_listened "${PORT_A}"; then fail "a refused port value still started nginx on ${PORT_A}"; fi
expect_usage_error "give an action" "${TARGET}"
expect_usage_error "unknown argument 'restart'" "${TARGET}" restart --port "${PORT_A}"
expect_usage_error "--port needs a value" "${TARGET}" start --port
expect_usage_error "TMPDIR='relative'" env TMPDIR=relative "${TARGET}" status --port "${PORT_A}"
expect_usage_error 'TMPDIR=' env TMPDIR='/tmp/back\slash' "${TARGET}" start --port "${PORT_A}"
expect_usage_error "ECHO_MODULE=" env ECHO_MODULE='/tmp/a"b.so' "${TARGET}" start --port "${PORT_A}"

# A TMPDIR holding a space and '&' renders a working config (awk's gsub read '&' as the matched text).
out="$(TMPDIR="${ODD_TMP}" "${TARGET}" start --port "${PORT_A}")" || fail "start with TMPDIR='${ODD_TMP}' failed"
expect_contains "${out}" "prefix ${ODD_TMP}/boundbench-nginx."
[[ "$(status_code /fast)" == 200 ]] || fail "/fast did not answer 200 with TMPDIR='${ODD_TMP}'"
TMPDIR="${ODD_TMP}" "${TARGET}" stop --port "${PORT_A}" | grep -q "stopped nginx pid" || fail "stop with an odd TMPDIR"

# Starts a target on PORT_A and kills its master with SIGKILL, which leaves its worker holding the port.
start_and_kill_master() {
  local master
  out="$("${TARGET}" start --port "${PORT_A}")"
  master="${out#*nginx pid }"
  master="${master%% *}"
  mapfile -t -O "${#ORPHANS[@]}" ORPHANS < <(pgrep -P "${master}")
  kill -KILL "${master}"
}

# After a master was killed, status says what is left and stop ends it.
start_and_kill_master
rc=0
out="$("${TARGET}" status --port "${PORT_A}")" || rc=$?
[[ "${rc}" -eq 3 ]] || fail "status after the master was killed: exit ${rc}, expected 3"
expect_contains "${out}" "still hold the port"
"${TARGET}" stop --port "${PORT_A}" >/dev/null
wait_port_free "${PORT_A}" || fail "stop after the master was killed left port ${PORT_A} busy"

# ... and so does start, instead of refusing the port the leftover worker holds.
start_and_kill_master
"${TARGET}" start --port "${PORT_A}" >/dev/null || fail "start after a killed master did not clear its leftovers"
"${TARGET}" stop --port "${PORT_A}" >/dev/null
wait_port_free "${PORT_A}" || fail "port ${PORT_A} busy after the restart's stop"

# A stale state link (its prefix gone, e.g. a cleaned /tmp) is replaced.
ln -s "${STATE_TMP}/boundbench-nginx.AbC123" "${STATE_TMP}/boundbench-target.${PORT_A}"
TMPDIR="${STATE_TMP}" "${TARGET}" start --port "${PORT_A}" >/dev/null || fail "start over a stale state link failed"
TMPDIR="${STATE_TMP}" "${TARGET}" stop --port "${PORT_A}" >/dev/null

# State that start did not make is refused before nginx launches, and nothing of it is removed: a plain
# file where the link goes, and a link to a folder that is not a prefix (stop once deleted what it named).
link="${STATE_TMP}/boundbench-target.${PORT_A}"
echo "not a link" > "${link}"
rc=0
out="$(TMPDIR="${STATE_TMP}" "${TARGET}" start --port "${PORT_A}" 2>&1)" || rc=$?
[[ "${rc}" -eq 1 ]] || fail "start over a plain file at ${link}: exit ${rc}, expected 1"
expect_contains "${out}" "is not a state link target.sh made"
if port_listened "${PORT_A}"; then fail "start over a foreign state file left an nginx listening on ${PORT_A}"; fi
[[ "$(cat "${link}")" == "not a link" ]] || fail "the foreign file at ${link} was changed"
rm -f "${link}"
mkdir -p "${WORK}/keep"
echo data > "${WORK}/keep/file"
ln -s "${WORK}/keep" "${link}"
for action in start stop; do
  rc=0
  out="$(TMPDIR="${STATE_TMP}" "${TARGET}" "${action}" --port "${PORT_A}" 2>&1)" || rc=$?
  [[ "${rc}" -eq 1 ]] || fail "${action} with a link to a foreign folder: exit ${rc}, expected 1"
  expect_contains "${out}" "not to a prefix target.sh made"
  [[ -f "${WORK}/keep/file" ]] || fail "${action} removed the folder a foreign link points to"
done
if port_listened "${PORT_A}"; then fail "start over a foreign state link left an nginx listening on ${PORT_A}"; fi
rm -f "${link}"
echo "target.sh: all checks passed"
