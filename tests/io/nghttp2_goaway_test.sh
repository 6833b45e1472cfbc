#!/usr/bin/env bash
# Tests that io_multi --client nghttp2 loses no request when the server sends GOAWAY: nginx reloads twice mid-run.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/io/nghttp2_goaway_test.sh IO_MULTI PORT   (PORT and PORT + 1 free: a target of its own)" \
  2 "$@"
readonly io_multi="$1" port="$2" h2_port="$(($2 + 1))" target="$root/scripts/target.sh"
readonly requests=8000

"$target" stop --port "$port" > /dev/null
"$target" start --port "$port" --h2-port "$h2_port" > /dev/null || fail "could not start a target on $port/$h2_port"
stop_target() { "$target" stop --port "$port" > /dev/null; }
bb_on_exit stop_target
status="$("$target" status --port "$port")"
master="${status#*nginx pid }"
master="${master%%,*}"
[[ "$master" =~ ^[0-9]+$ ]] || fail "no nginx pid in: $status"

# ~2 s of transfers (8,000 x 50 ms over 200 streams); a reload at 0.5 s and 1 s: nginx's old worker sends
# GOAWAY on its connections, finishes the streams it took and closes them, and a new worker takes new ones.
"$io_multi" --url "http://127.0.0.1:$h2_port/delay?s=0.05" --requests "$requests" --workers 200 --http2 \
  --client nghttp2 --timeout 20 --csv --repeats 1 --warmup 0 > "$work/rows.csv" 2> "$work/log" &
pid=$!
sleep 0.5
kill -HUP "$master"
sleep 0.5
kill -HUP "$master"
wait "$pid" || fail "io_multi failed across the reloads: $(tail -n 5 "$work/log")"

column() {
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) at = i } NR == 2 { print $at }' \
    "$work/rows.csv"
}
[[ "$(column ok)" == "$requests" ]] || fail "$(column ok) of $requests requests ok across two reloads"
wall="$(column wall_s)"
# Reconnecting costs milliseconds; a run near --timeout would mean requests waited for their deadline.
awk -v wall="$wall" 'BEGIN { exit !(wall < 10) }' || fail "the run took $wall s"
echo "nghttp2_goaway: $requests of $requests requests ok across two nginx reloads in $wall s"
