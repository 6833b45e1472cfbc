#!/usr/bin/env bash
# Tests that io_multi --http2 multiplexes: 2,000 transfers in flight use at most 20 connections (one per multi
# handle of 100; with --client nghttp2 one per 100 streams), where HTTP/1.1 opens one per transfer; connections are
# counted while the runs are in flight.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/io/http2_multiplex_test.sh IO_MULTI HTTP1_PORT H2C_PORT   (a target started with --h2-port)" \
  3 "$@"
readonly io_multi="$1" h1_port="$2" h2_port="$3"
readonly transfers=2000 cap=20

# Client sockets toward port $1 that are ESTABLISHED (state 01), read from /proc (no ss on a bare system).
established_to() {
  awk -v port="$(printf '%04X' "$1")" '$4 == "01" && substr($3, length($3) - 3) == port { n++ } END { print n + 0 }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Runs io_multi with options $2.. against port $1 and prints the most connections seen in flight; its CSV goes
# to $work/rows.csv.
most_connections() {
  local port="$1" most=0 now pid
  shift
  "$io_multi" --url "http://127.0.0.1:$port/delay?s=0.5" --requests "$transfers" --workers "$transfers" \
    --repeats 1 --warmup 0 --csv "$@" > "$work/rows.csv" 2> "$work/log" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now="$(established_to "$port")"
    if ((now > most)); then most="$now"; fi
    sleep 0.02
  done
  wait "$pid" || fail "io_multi $* on port $port failed: $(tail -n 5 "$work/log")"
  echo "$most"
}

column() {
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) at = i } NR == 2 { print $at }' \
    "$work/rows.csv"
}

h2="$(most_connections "$h2_port" --http2)"
[[ "$(column ok)" == "$transfers" ]] || fail "HTTP/2: $(column ok) of $transfers requests ok"
[[ "$(column http_version)" == 2 ]] || fail "HTTP/2 run's http_version is '$(column http_version)'"
((h2 >= 1)) || fail "no HTTP/2 connection was seen in flight: the count cannot be trusted"
((h2 <= cap)) || fail "HTTP/2: $h2 connections for $transfers transfers in flight, expected at most $cap"

# nghttp2 driven directly: one connection per 100 streams in flight too.
lean="$(most_connections "$h2_port" --http2 --client nghttp2)"
[[ "$(column ok)" == "$transfers" ]] || fail "HTTP/2 with nghttp2: $(column ok) of $transfers requests ok"
[[ "$(column client)" == nghttp2 ]] || fail "the nghttp2 run's client is '$(column client)'"
((lean >= 1)) || fail "no nghttp2 connection was seen in flight: the count cannot be trusted"
((lean <= cap)) || fail "HTTP/2 with nghttp2: $lean connections for $transfers transfers in flight, expected at most $cap"

# The same count for HTTP/1.1 shows the probe sees what multiplexing saves.
h1="$(most_connections "$h1_port")"
[[ "$(column http_version)" == 1.1 ]] || fail "HTTP/1.1 run's http_version is '$(column http_version)'"
((h1 > cap)) || fail "HTTP/1.1: only $h1 connections seen for $transfers transfers in flight; the probe misses them"
echo "http2_multiplex: $transfers transfers in flight: at most $h2 connections over HTTP/2 ($lean with nghttp2)," \
  "$h1 over HTTP/1.1"
