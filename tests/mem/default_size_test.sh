#!/usr/bin/env bash
# Tests mem's default --size: 4x the last-level cache when it fits, else half the memory available, said in one line.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/mem/default_size_test.sh MEM_SEQ   (runs MEM_SEQ without --size, then under ulimit -v)" 1 "$@"
mem_seq="$1"

# The value of column $2 in the first row of CSV file $1 (the columns read here come before any quoted field).
column() {
  awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) at = i } NR == 2 { print $at }' "$1"
}

"$mem_seq" --size 64K --kernel copy --repeats 1 --warmup 0 --csv > "$work/probe.csv" 2> "$work/probe.err" \
  || fail "probe run: $(cat "$work/probe.err")"
llc="$(column "$work/probe.csv" llc_bytes)"
if [[ "$llc" == 0 ]]; then
  echo "SKIPPED: mem_seq cannot read this machine's last-level cache size, so there is no default to check" >&2
  exit 0
fi
available_kib="$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)"

# 1. No --size: 4x the cache, rounded down to whole 28-byte elements, and no line about it.
if ((8 * llc < available_kib * 1024)); then
  "$mem_seq" --kernel copy --repeats 1 --warmup 0 --csv > "$work/default.csv" 2> "$work/default.err" \
    || fail "default run: $(cat "$work/default.err")"
  size="$(column "$work/default.csv" size_bytes)"
  [[ "$size" == "$((4 * llc / 28 * 28))" ]] || fail "default size_bytes $size, expected 4 x $llc rounded to elements"
  if grep -q -- "--size" "$work/default.err"; then fail "a line about --size: $(cat "$work/default.err")"; fi
else
  echo "4x the cache ($llc bytes) is more than half the memory available here: part 1 left out" >&2
fi

# 2. An address-space limit that leaves less than 8x the cache: the default is capped at half of what is left.
# The program itself takes under 30 MiB of address space before its arrays.
limit_kib=$((4 * llc / 1024 + 40000))
if ((limit_kib * 1024 >= 8 * llc)); then
  echo "SKIPPED part 2: the cache ($llc bytes) is too small for a limit that leaves the program room to start" >&2
  exit 0
fi
bash -c 'ulimit -v "$1" && exec "$2" --kernel copy --repeats 1 --warmup 0 --csv' _ "$limit_kib" "$mem_seq" \
  > "$work/capped.csv" 2> "$work/capped.err" || fail "capped run: $(cat "$work/capped.err")"
[[ "$(grep -c -- "--size not given: the default, 4x the last-level cache" "$work/capped.err")" == 1 ]] \
  || fail "no single line about the capped default: $(cat "$work/capped.err")"
size="$(column "$work/capped.csv" size_bytes)"
((size < 4 * llc && size <= limit_kib * 1024 / 2)) || fail "capped size_bytes $size with a limit of $limit_kib KiB"
echo "default size: all passed"
