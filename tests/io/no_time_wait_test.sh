#!/usr/bin/env bash
# CTest: every I/O model ends its connections with a reset, so no TIME_WAIT socket toward the target is left.
set -euo pipefail
bin_dir="$1"
port="$2"

# Client sockets toward the target in TIME_WAIT (state 06), read from /proc (no ss on a bare system).
time_wait_count() {
  python3 - "$port" <<'COUNT'
import sys
port = int(sys.argv[1])
count = 0
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        lines = open(table).read().splitlines()[1:]
    except FileNotFoundError:
        continue
    for line in lines:
        fields = line.split()
        if fields[3] == "06" and int(fields[2].rsplit(":", 1)[1], 16) == port:
            count += 1
print(count)
COUNT
}

before="$(time_wait_count)"
for model in io_seq io_threads io_multi; do
  workers=4
  if [[ "$model" == io_seq ]]; then workers=1; fi
  "$bin_dir/$model" --url "http://127.0.0.1:$port/fast" --requests 40 --workers "$workers" --fresh-connections \
    --repeats 1 --warmup 0 2>/dev/null
done
after="$(time_wait_count)"
# 120 connections were opened and closed; with orderly closes each would sit in TIME_WAIT for 60 s.
if ((after > before)); then
  echo "FAIL: TIME_WAIT sockets toward port $port went from $before to $after" >&2
  exit 1
fi
echo "no_time_wait_test: 120 fresh connections closed, TIME_WAIT toward port $port: $before -> $after"
