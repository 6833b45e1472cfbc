#!/usr/bin/env bash
# Tests scripts/target.sh --h2-port: every endpoint over h2c on the second port, HTTP/1.1 kept apart, bad values.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/io/target_h2_test.sh PORT H2_PORT SPARE_PORT   (a target started with --port PORT --h2-port H2_PORT; SPARE_PORT free)" \
  3 "$@"
readonly port="$1" h2_port="$2" spare="$3" target="$root/scripts/target.sh"

# Prints "CODE VERSION BYTES" for GET $2 on port $1 with prior knowledge; curl's exit status is its own.
h2_get() {
  curl -s --http2-prior-knowledge -o /dev/null -w '%{http_code} %{http_version} %{size_download}' --max-time 5 \
    "http://127.0.0.1:$1$2"
}

out="$("$target" status --port "$port")" || fail "status: the fixture's target is not running"
[[ "$out" == *"http://127.0.0.1:$port, HTTP/2 (h2c, prior knowledge) on http://127.0.0.1:$h2_port"* ]] \
  || fail "status does not name both URLs: $out"

[[ "$(h2_get "$h2_port" /fast)" == "200 2 3" ]] || fail "/fast over h2c: $(h2_get "$h2_port" /fast || true)"
[[ "$(h2_get "$h2_port" '/bytes?n=12345')" == "200 2 12345" ]] || fail "/bytes?n=12345 over h2c"
[[ "$(h2_get "$h2_port" '/status?code=503')" == "503 2 "* ]] || fail "/status?code=503 over h2c"
[[ "$(h2_get "$h2_port" '/slow?s=0.01')" == "200 2 "* ]] || fail "/slow over h2c"
[[ "$(h2_get "$h2_port" /redirect-loop)" == "302 2 "* ]] || fail "/redirect-loop over h2c"
started=$(date +%s%N)
[[ "$(h2_get "$h2_port" '/delay?s=0.3')" == "200 2 "* ]] || fail "/delay?s=0.3 over h2c"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
# nginx's timers run on its cached millisecond clock (see the integration tests' slack).
(( elapsed_ms >= 299 )) || fail "/delay?s=0.3 over h2c answered after ${elapsed_ms} ms"
# 444 on HTTP/2: nginx resets the stream (curl: 92, stream error), and no response arrives.
rc=0
h2_get "$h2_port" /close > /dev/null || rc=$?
[[ "$rc" -ne 0 ]] || fail "/close over h2c answered"

# Each port speaks one protocol: nginx 1.22 cannot tell HTTP/1.1 from prior-knowledge HTTP/2 on one port.
if h2_get "$port" /fast > /dev/null; then fail "port $port answered HTTP/2 with prior knowledge"; fi
if curl -s --http1.1 -o /dev/null --max-time 5 "http://127.0.0.1:$h2_port/fast"; then
  fail "the h2c port $h2_port answered HTTP/1.1"
fi

# Usage errors: exit 2, one line naming --h2-port, nothing started.
expect_usage_error() {
  local wanted="$1" code=0 said
  shift
  said="$("$target" "$@" 2>&1 >/dev/null)" || code=$?
  [[ "$code" -eq 2 && "$said" != *$'\n'* && "$said" == *"$wanted"* ]] \
    || fail "target.sh $* -> exit $code, expected 2 and one line with '$wanted': $said"
}
for value in 0 70000 "0$spare" "" x; do
  expect_usage_error "--h2-port: '$value' is not a port number" start --port "$spare" --h2-port "$value"
done
expect_usage_error "--h2-port: $spare is --port too" start --port "$spare" --h2-port "$spare"
expect_usage_error "--h2-port: only start takes it" status --port "$port" --h2-port "$h2_port"
expect_usage_error "--h2-port needs a value" start --port "$spare" --h2-port
if [[ -n "$(ss -Hltn "sport = :$spare" 2>/dev/null)" ]]; then fail "a refused --h2-port still started nginx"; fi

# A busy h2c port is refused before nginx starts: the fixture's own HTTP/1.1 port.
code=0
said="$("$target" start --port "$spare" --h2-port "$port" 2>&1)" || code=$?
[[ "$code" -eq 1 && "$said" == *"port $port on 127.0.0.1 is busy"*"--h2-port"* ]] \
  || fail "start with a busy --h2-port: exit $code: $said"
"$target" status --port "$spare" > /dev/null && fail "a start refused for a busy --h2-port left a target on $spare"
echo "target_h2: every endpoint answers over h2c on $h2_port; HTTP/1.1 stays on $port; bad --h2-port values refused"
