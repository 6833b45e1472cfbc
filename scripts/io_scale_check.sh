#!/usr/bin/env bash
# A/B check of the sharded event loops: io_multi (and io_mpi) against a baseline io_multi, interleaved, medians and ratios.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/io_scale_check.sh --baseline EXE [options]

Measures the event-loop models of this build against a baseline io_multi (e.g.
one built from main before the shards) on the same local nginx target, runs of
A and B interleaved (their order swapped every round), each run one timed
repeat after one warm-up. Prints per check the medians of wall_s (and of
cpu_s), their ratio and the target the issue set; with --out, every run's
figures (check, side, wall_s, cpu_s, peak_rss_kib) go to a CSV too. The machine should be quiet: the figures are medians
over --runs rounds, but a busy machine moves them all the same.

Checks (--checks, comma-separated; default all, in this order):
  fast1000   /fast, 20,000 requests, 1,000 in flight: baseline / new wall >= 1.6
  fast100    /fast, 20,000 requests, 100 in flight: baseline / new wall >= 1 (no slower)
  delay      10,000 x /delay?s=0.1 all in flight, one loop: new median <= 0.75 s
  loops2     the same with --loops 2: new median <= 0.65 s
  memory     (peak RSS at 10,000 in flight - peak RSS of a 1-request run) / 10,000
             <= 13 KiB per transfer (new; the baseline's shown beside it)
  mpi        io_mpi, 2 ranks x 5,000 in flight vs io_multi --loops 2 --workers 10000
             on 10,000 x /delay?s=0.1: within 10% (ratio 0.9-1.1)
  http2      new io_multi, 10,000 x /delay?s=0.1 all in flight, HTTP/1.1 (10,000
             connections) against --http2 on the h2c port (one connection per
             shard, 16), through libcurl and with --client nghttp2: memory per
             transfer, measured as for memory, at least 2x less over HTTP/2
             (judged on nghttp2; libcurl's is shown: its per-transfer state
             alone is ~7.6 KiB), and each median wall at most 1.5x HTTP/1.1's

  --baseline EXE  the io_multi to compare with (required)
  --build DIR     this build (default: build/ in the repository): DIR/io/io_multi, io_mpi
  --port P        port of the nginx target (default 29500); started here when
                  nothing answers there, and stopped again at the end
  --h2-port Q     its h2c port for the http2 check (default P + 1); a target
                  started here serves HTTP/2 there
  --runs N        rounds per check (default 5)
  --checks LIST   the checks to run (default fast1000,fast100,delay,loops2,memory,mpi,http2)
  --out FILE      also write every run's figures to FILE (CSV)
  --pin           pin the target's nginx worker to CPU 0 and every client to the
                  other CPUs (taskset): on a small machine the two otherwise take
                  turns on one CPU, which moves the figures more than the change
                  measured; with 2 CPUs the two-loop and io_mpi checks then run
                  on one CPU, so pin for the single-loop checks only
  --help          show this help
Exit status: 0 every check met its target, 1 some did not (or a run failed),
2 bad usage.
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
baseline=""
build="$root/build"
port=29500
runs=5
checks="fast1000,fast100,delay,loops2,memory,mpi,http2"
h2_port=""
out=""
pin=false
check_names='(fast1000|fast100|delay|loops2|memory|mpi|http2)'
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) [[ $# -ge 2 ]] || die_usage "--baseline needs an io_multi executable"; baseline="$2"; shift 2 ;;
    --build) [[ $# -ge 2 ]] || die_usage "--build needs a folder"; build="$2"; shift 2 ;;
    --port) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,4}$ && "$2" -le 65535 ]] || die_usage "--port needs 1-65535"
      port="$2"; shift 2 ;;
    --h2-port) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,4}$ && "$2" -le 65535 ]] || die_usage "--h2-port needs 1-65535"
      h2_port="$2"; shift 2 ;;
    --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,2}$ ]] || die_usage "--runs needs a whole number 1-999"
      runs="$2"; shift 2 ;;
    --checks) [[ $# -ge 2 && "$2" =~ ^$check_names(,$check_names)*$ ]] \
      || die_usage "--checks needs a comma-separated list of fast1000, fast100, delay, loops2, memory, mpi, http2"
      checks="$2"; shift 2 ;;
    --out) [[ $# -ge 2 && -n "$2" ]] || die_usage "--out needs a file"; out="$2"; shift 2 ;;
    --pin) pin=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
h2_port="${h2_port:-$((port + 1))}"
((h2_port != port && h2_port <= 65535)) || die_usage "--h2-port needs a port of its own, 1-65535, not $h2_port"
[[ -n "$baseline" ]] || die_usage "--baseline is required: the io_multi to compare with"
[[ -x "$baseline" ]] || die_usage "--baseline $baseline is not an executable"
multi="$build/io/io_multi"
mpi="$build/io/io_mpi"
[[ -x "$multi" ]] || die_usage "--build $build has no io/io_multi; build it first"
if [[ ",$checks," == *,mpi,* && ! -x "$mpi" ]]; then die_usage "--build $build has no io/io_mpi (a build with MPI)"; fi
# Ranks unbound, like io_multi's loop threads, so the two share the CPUs alike.
mpirun_base=(mpirun --bind-to none)
if [[ "$(id -u)" -eq 0 ]]; then mpirun_base+=(--allow-run-as-root); fi
cpus="$(nproc)"
if [[ "$pin" == true ]] && ((cpus < 2)); then die_usage "--pin needs 2 or more CPUs; this machine has $cpus"; fi
client=()
if [[ "$pin" == true ]]; then client=(taskset -c "1-$((cpus - 1))"); fi

work="$(mktemp -d)"
started_target=false
clean_up() {
  if [[ "$started_target" == true ]]; then bash "$root/scripts/target.sh" stop --port "$port" >/dev/null || true; fi
  rm -rf "$work"
}
trap clean_up EXIT
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  bash "$root/scripts/target.sh" start --port "$port" --h2-port "$h2_port" >/dev/null
  started_target=true
fi
if [[ "$pin" == true ]]; then
  master="$(bash "$root/scripts/target.sh" status --port "$port" | sed -n 's/.*nginx pid \([0-9]*\).*/\1/p')"
  [[ -n "$master" ]] || die_usage "--pin: no nginx pid for port $port (scripts/target.sh status)"
  for worker in $(pgrep -P "$master"); do taskset -p -c 0 "$worker" >/dev/null; done
fi
fast="http://127.0.0.1:$port/fast"
delay="http://127.0.0.1:$port/delay?s=0.1"
h2_delay="http://127.0.0.1:$h2_port/delay?s=0.1"
if [[ ",$checks," == *,http2,* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$h2_port") 2>/dev/null; then
  die_usage "http2: nothing answers on --h2-port $h2_port (a target on --port $port that this script did not start" \
    "serves no h2c there; start it with scripts/target.sh start --port $port --h2-port $h2_port)"
fi
samples="$work/samples"  # check side wall_s cpu_s peak_rss_kib, one line per run
: > "$samples"
failed=false

# Runs one measured invocation (one warm-up, one repeat) as check $1, side $2; the command follows.
measure() {
  local check="$1" side="$2" code=0
  shift 2
  "${client[@]}" "$@" --csv --repeats 1 --warmup 1 > "$work/row.csv" 2> "$work/run.err" || code=$?
  if ((code != 0)) || [[ "$(wc -l < "$work/row.csv")" -ne 2 ]]; then
    echo "io_scale_check.sh: $check $side failed (exit $code): $(tail -n 1 "$work/run.err")" >&2
    failed=true
    return 0
  fi
  # The columns are found by name: a build with more columns than the baseline still reads right.
  awk -F, -v check="$check" -v side="$side" 'NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next }
    { print check, side, $at["wall_s"], $at["cpu_s"], $at["peak_rss_kib"] }' "$work/row.csv" >> "$samples"
}

# The A/B pairs of each check, A first on odd rounds and B first on even ones.
run_check() {
  local check="$1" round
  for ((round = 1; round <= runs; round++)); do
    local -a sides=(a b)
    if [[ "$check" == http2 ]]; then sides=(a b c); fi
    if ((round % 2 == 0)); then sides=("${sides[@]:1}" a); fi
    for side in "${sides[@]}"; do
      case "$check:$side" in
        fast1000:a) measure "$check" base "$baseline" --url "$fast" --requests 20000 --workers 1000 ;;
        fast1000:b) measure "$check" new "$multi" --url "$fast" --requests 20000 --workers 1000 ;;
        fast100:a) measure "$check" base "$baseline" --url "$fast" --requests 20000 --workers 100 ;;
        fast100:b) measure "$check" new "$multi" --url "$fast" --requests 20000 --workers 100 ;;
        delay:a|memory:a) measure "$check" base "$baseline" --url "$delay" --requests 10000 --workers 10000 ;;
        delay:b|memory:b) measure "$check" new "$multi" --url "$delay" --requests 10000 --workers 10000 ;;
        loops2:a) measure "$check" base "$baseline" --url "$delay" --requests 10000 --workers 10000 ;;
        loops2:b) measure "$check" new "$multi" --url "$delay" --requests 10000 --workers 10000 --loops 2 ;;
        mpi:a) measure "$check" loops2 "$multi" --url "$delay" --requests 10000 --workers 10000 --loops 2 ;;
        mpi:b) measure "$check" mpi "${mpirun_base[@]}" -np 2 "$mpi" --url "$delay" --requests 10000 --workers 5000 ;;
        http2:a) measure "$check" h1 "$multi" --url "$delay" --requests 10000 --workers 10000 ;;
        http2:b) measure "$check" h2 "$multi" --url "$h2_delay" --requests 10000 --workers 10000 --http2 ;;
        http2:c) measure "$check" h2n "$multi" --url "$h2_delay" --requests 10000 --workers 10000 --http2 \
                   --client nghttp2 ;;
      esac
    done
    if [[ "$check" == memory ]]; then
      measure "$check" base_one "$baseline" --url "$fast" --requests 1 --workers 1
      measure "$check" new_one "$multi" --url "$fast" --requests 1 --workers 1
    fi
    if [[ "$check" == http2 ]]; then
      measure "$check" h1_one "$multi" --url "$fast" --requests 1 --workers 1
      measure "$check" h2_one "$multi" --url "http://127.0.0.1:$h2_port/fast" --requests 1 --workers 1 --http2
      measure "$check" h2n_one "$multi" --url "http://127.0.0.1:$h2_port/fast" --requests 1 --workers 1 --http2 \
        --client nghttp2
    fi
  done
}

# Median of field $3 over the samples of check $1, side $2 (empty when there are none).
median() {
  awk -v check="$1" -v side="$2" -v field="$3" '$1 == check && $2 == side { print $field }' "$samples" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR) printf "%.6g", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Prints one verdict line; $5 is an awk condition on x (the figure) that passes.
verdict() {
  local check="$1" text="$2" figure="$3" target="$4" condition="$5" ok
  if [[ -z "$figure" ]]; then
    printf '%-9s %s: no figure (runs failed)\n' "$check" "$text"
    failed=true
    return
  fi
  ok="$(awk -v x="$figure" "BEGIN { print (($condition) ? \"met\" : \"NOT met\") }")"
  [[ "$ok" == met ]] || failed=true
  printf '%-9s %s = %s (target %s): %s\n' "$check" "$text" "$figure" "$target" "$ok"
}

# KiB per transfer of check $1's side $2: (median peak RSS - median of its 1-request runs) / 10,000.
per_transfer() {
  awk -v peak="$(median "$1" "$2" 5)" -v one="$(median "$1" "${2}_one" 5)" \
    'BEGIN { if (peak != "" && one != "") printf "%.2f", (peak - one) / 10000 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.3f", a / b }'; }

echo "io_scale_check.sh: $runs rounds per check, target on port $port${client:+, clients under ${client[*]}}," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
IFS=',' read -r -a check_list <<< "$checks"
for check in "${check_list[@]}"; do
  echo "io_scale_check.sh: $check ..." >&2
  run_check "$check"
done
echo "io_scale_check.sh: done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "check     medians (wall_s; cpu_s) and the figure each check is judged on"
for check in "${check_list[@]}"; do
  case "$check" in
    fast1000|fast100|delay|loops2)
      base="$(median "$check" base 3)"
      new="$(median "$check" new 3)"
      echo "$check: baseline wall $base s cpu $(median "$check" base 4) s; new wall $new s cpu $(median "$check" new 4) s"
      case "$check" in
        fast1000) verdict "$check" "baseline/new wall" "$(ratio "$base" "$new")" ">= 1.6" "x >= 1.6" ;;
        fast100) verdict "$check" "baseline/new wall" "$(ratio "$base" "$new")" ">= 1.0" "x >= 1.0" ;;
        delay) verdict "$check" "new median wall" "$new" "<= 0.75 s" "x <= 0.75" ;;
        loops2) verdict "$check" "new --loops 2 median wall" "$new" "<= 0.65 s" "x <= 0.65" ;;
      esac ;;
    memory)
      for side in base new; do
        per="$(per_transfer memory "$side")"
        if [[ "$side" == base ]]; then
          echo "memory: baseline (peak - 1-request RSS) / 10000 = ${per:-?} KiB per transfer"
        else
          verdict memory "new (peak - 1-request RSS) / 10000 KiB" "$per" "<= 13" "x <= 13"
        fi
      done ;;
    mpi)
      loops="$(median mpi loops2 3)"
      ranks="$(median mpi mpi 3)"
      echo "mpi: io_multi --loops 2 wall $loops s cpu $(median mpi loops2 4) s; io_mpi 2 ranks wall $ranks s cpu $(median mpi mpi 4) s"
      verdict mpi "io_mpi / io_multi --loops 2 wall" "$(ratio "$ranks" "$loops")" "0.9-1.1" "x >= 0.9 && x <= 1.1" ;;
    http2)
      h1="$(per_transfer http2 h1)"
      h2="$(per_transfer http2 h2)"
      h2n="$(per_transfer http2 h2n)"
      echo "http2: HTTP/1.1 wall $(median http2 h1 3) s, ${h1:-?} KiB per transfer;" \
        "HTTP/2 (libcurl) wall $(median http2 h2 3) s, ${h2:-?} KiB per transfer;" \
        "HTTP/2 (nghttp2) wall $(median http2 h2n 3) s, ${h2n:-?} KiB per transfer"
      echo "http2: libcurl's HTTP/1.1 / HTTP/2 KiB per transfer = $(ratio "$h1" "$h2") (shown, not judged)"
      verdict http2 "HTTP/1.1 / HTTP/2 (nghttp2) KiB per transfer" "$(ratio "$h1" "$h2n")" ">= 2" "x >= 2"
      verdict http2 "HTTP/2 (nghttp2) / HTTP/1.1 wall" "$(ratio "$(median http2 h2n 3)" "$(median http2 h1 3)")" \
        "<= 1.5" "x <= 1.5"
      verdict http2 "HTTP/2 (libcurl) / HTTP/1.1 wall" "$(ratio "$(median http2 h2 3)" "$(median http2 h1 3)")" \
        "<= 1.5" "x <= 1.5" ;;
  esac
done
if [[ -n "$out" ]]; then
  { echo "check,side,wall_s,cpu_s,peak_rss_kib"; tr ' ' ',' < "$samples"; } > "$out"
fi
if [[ "$failed" == true ]]; then exit 1; fi
