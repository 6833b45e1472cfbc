#!/usr/bin/env bash
# Holds mem's triad to a plain STREAM triad: reference, mem_omp and mem_mpi interleaved, best of 10 each, and the ratios.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/stream_check.sh [--build DIR] [--size BYTES] [--rounds N] [--strict] [--help]

Checks that the memory suite's triad runs as fast as a plain STREAM triad.
In each of N rounds it runs, one after the other: the reference
(stream_triad_reference, built with the tests) and mem_omp --kernel triad at
1 thread, the same two at 2 threads, and mem_mpi --kernel triad on 2 ranks.
Each run takes the best of 10 triads over the same arrays: the element count
mem_omp uses for --size. Threads run under OMP_PROC_BIND=close
OMP_PLACES=cores and ranks under mpirun --bind-to core, as sweep.sh runs them
while they fit the cores.

It prints, per run, the median over the rounds of its best GB/s with the
range, and the ratio of medians to the reference with as many workers.
Targets: mem_omp at least 0.9x the reference at 1 and at 2 threads, mem_mpi
on 2 ranks at least 0.9x the 2-thread reference. A busy machine moves these
figures: read the range, and run it again before concluding anything.

  --build DIR    build folder holding mem/mem_omp, mem/mem_mpi and
                 tests/mem/stream_triad_reference (default: build/ here)
  --size BYTES   footprint as mem's --size, e.g. 2G (default: mem's own,
                 4x the last-level cache)
  --rounds N     interleaved rounds (default 3)
  --strict       exit 1 when a ratio misses its target
  --help         show this help
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
build="$root/build"
size_args=()
rounds=3
strict=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) [[ $# -ge 2 ]] || die_usage "--build needs a directory"; build="$2"; shift 2 ;;
    --size)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+[KkMmGg]?$ ]] || die_usage "--size needs bytes with an optional K, M or G, e.g. 2G"
      size_args=(--size "$2"); shift 2 ;;
    --rounds)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,2}$ ]] || die_usage "--rounds needs a whole number from 1 to 999"
      rounds="$2"; shift 2 ;;
    --strict) strict=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done

reference="$build/tests/mem/stream_triad_reference"
mem_omp="$build/mem/mem_omp"
mem_mpi="$build/mem/mem_mpi"
for binary in "$reference" "$mem_omp"; do
  [[ -x "$binary" ]] \
    || die_usage "--build: $binary is not built; build mem_omp, mem_mpi and stream_triad_reference there"
done
mpirun_base=()
if [[ -x "$mem_mpi" ]] && command -v mpirun >/dev/null; then
  mpirun_base=(mpirun)
  if [[ "$(id -u)" -eq 0 ]]; then mpirun_base+=(--allow-run-as-root); fi
else
  echo "stream_check.sh: mem_mpi or mpirun missing: the MPI run is left out" >&2
fi
if (($(nproc) < 2)); then echo "stream_check.sh: one CPU here: the 2-worker runs share it" >&2; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The largest gb_per_s of the rows in CSV file $1 (found by its header name).
best_of_rows() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "gb_per_s") at = i; next }
           $at > best { best = $at } END { print best + 0 }' "$1"
}

# Runs one configuration ($1 names it), records its best GB/s under that name; stops the check when it fails.
declare -A results=()
measure() {
  local name="$1"
  shift
  if ! "$@" > "$work/out" 2> "$work/err"; then
    echo "stream_check.sh: $name failed: $(tail -n 3 "$work/err")" >&2
    exit 1
  fi
  local best
  if [[ "$name" == reference* ]]; then best="$(cat "$work/out")"; else best="$(best_of_rows "$work/out")"; fi
  results[$name]+="$best "
}

bound=(env OMP_PROC_BIND=close OMP_PLACES=cores)
for ((round = 1; round <= rounds; round++)); do
  echo "stream_check.sh: round $round/$rounds" >&2
  for threads in 1 2; do
    measure "reference $threads" "${bound[@]}" "$reference" --workers "$threads" --repeats 10 "${size_args[@]}"
    measure "mem_omp $threads" "${bound[@]}" "$mem_omp" --workers "$threads" --kernel triad --repeats 10 --csv \
      "${size_args[@]}"
  done
  if ((${#mpirun_base[@]} > 0)); then
    measure "mem_mpi 2" "${mpirun_base[@]}" -np 2 --bind-to core "$mem_mpi" --kernel triad --repeats 10 --csv \
      "${size_args[@]}"
  fi
done

# Median, min and max of the numbers in $1.
spread() {
  tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.4g %.4g %.4g\n", m, v[1], v[NR] }'
}

missed=0
printf '%-20s %12s %20s %8s  %s\n' "run" "median GB/s" "range GB/s" "ratio" "target"
for name in "reference 1" "mem_omp 1" "reference 2" "mem_omp 2" "mem_mpi 2"; do
  [[ -n "${results[$name]:-}" ]] || continue
  read -r median low high <<< "$(spread "${results[$name]}")"
  ratio="" target=""
  if [[ "$name" != reference* ]]; then
    read -r base _ _ <<< "$(spread "${results["reference ${name##* }"]}")"
    ratio="$(awk -v m="$median" -v b="$base" 'BEGIN { printf "%.3f", m / b }')"
    if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.9) }'; then
      target=">= 0.9x of reference ${name##* }: met"
    else
      target=">= 0.9x of reference ${name##* }: MISSED"
      missed=$((missed + 1))
    fi
    ratio="${ratio}x"
  fi
  label="${name% *} ${name##* }"
  case "$name" in
    mem_mpi*) label="$label ranks" ;;
    *) label="$label thread(s)" ;;
  esac
  printf '%-20s %12s %20s %8s  %s\n' "$label" "$median" "$low-$high" "$ratio" "$target"
done
echo "stream_check.sh: $rounds round(s), best of 10 triads per run; $missed target(s) missed" >&2
if [[ "$strict" == true && "$missed" -gt 0 ]]; then exit 1; fi
exit 0
