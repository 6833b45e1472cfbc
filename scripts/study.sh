#!/usr/bin/env bash
# The main job: installs and builds what is missing, sweeps every model on this machine, then plots and reports.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/study.sh [--out DIR] [--quick] [--port P] [--help]

Builds boundbench (installing missing Debian packages first), starts the local
nginx target and measures which concurrency model fits which workload:
  CPU  cpu_seq; cpu_omp and cpu_mpi over 1..2 x cores workers, both schedules,
       also on the uneven list 50,63,32; cpu_omp --gil (the Python result);
       cpu_hybrid over the rank x thread splits of the cores
  I/O  latency 0, 10, 100 ms x workers 1, 4, 16, 64, 256, 1024 for io_seq
       (1 worker), io_threads and io_multi
  and the seed's own Python models on the same tasks and target (py_* rows).
Writes cpu.csv, io.csv, python_cpu.csv, python_io.csv, the plots and report.md
into DIR. Ctrl-C stops cleanly (target stopped, finished rows kept); run again
with the same --out to resume.

  --out DIR   where results go (default results/<host>-<UTC date>)
  --quick     fewer repeats, worker counts and requests (under 3 minutes on 2 cores)
  --port P    port of the local nginx target (default 8788)
  --help      show this help
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
out=""
quick=false
port=8788
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || { echo "study.sh: --out needs a directory" >&2; exit 2; }; out="$2"; shift 2 ;;
    --quick) quick=true; shift ;;
    --port)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ && "$2" -le 65535 ]] || { echo "study.sh: --port needs 1..65535" >&2; exit 2; }
      port="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "study.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
out="${out:-$root/results/$(uname -n)-$(date -u +%Y-%m-%d)}"
started=$(date +%s)

bash "$root/scripts/deps.sh"
echo "study.sh: building (release preset)" >&2
(cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j "$(nproc)" >/dev/null)
mkdir -p "$out"

cores="$(nproc)"
if [[ "$quick" == true ]]; then
  cpu_repeats=2; io_repeats=2; max_workers="$cores"; io_workers=(1 16 256); python_repeats=1
  cpu_tasks=30x40; uneven=40,50,30; python_tasks=30x6
else
  cpu_repeats=5; io_repeats=3; max_workers=$((2 * cores)); io_workers=(1 4 16 64 256 1024); python_repeats=3
  cpu_tasks=30x100; uneven=50,63,32; python_tasks=30x20
fi
seq_list() { local list="" n; for ((n = $1; n <= $2; n++)); do list+="${list:+,}$n"; done; echo "$list"; }
sweep() { bash "$root/scripts/sweep.sh" --build "$root/build" "$@"; }

target_started=false
stop_target() {
  if [[ "$target_started" == true ]]; then bash "$root/scripts/target.sh" stop --port "$port" >/dev/null || true; fi
  target_started=false
}
on_signal() {
  stop_target
  echo "study.sh: interrupted; finished rows are kept in $out, run the same command again to resume" >&2
  exit 130
}
trap on_signal INT TERM
trap stop_target EXIT

# Python rows go into their file whole once a run ends; each run is tagged with a key (a "run"
# column, the file's last) so a rerun of the study skips the runs already there.
python_rows() {
  local file="$1" key="$2" staged
  shift 2
  if [[ -s "$file" ]] && grep -q -- ",$key\$" "$file"; then return 0; fi
  staged="$(mktemp)"
  if "$@" --param "run=$key" > "$staged"; then
    if [[ -s "$file" ]]; then tail -n +2 "$staged" | cat "$file" - > "$staged.all"; else cp "$staged" "$staged.all"; fi
    mv "$staged.all" "$file"
  else
    echo "study.sh: failed, nothing recorded: $*" >&2
  fi
  rm -f "$staged"
}

echo "study.sh: CPU suite -> $out/cpu.csv" >&2
cpu=(--out "$out/cpu.csv" --repeats "$cpu_repeats")
sweep "${cpu[@]}" --exe cpu_seq -- --tasks "$cpu_tasks"
sweep "${cpu[@]}" --exe cpu_seq -- --tasks "$uneven"
longest="$(tr ',' '\n' <<< "$uneven" | sort -n | tail -n 1)"
sweep "${cpu[@]}" --exe cpu_seq -- --tasks "$longest"   # what the uneven list cannot beat
sweep "${cpu[@]}" --exe cpu_seq -- --tasks "$python_tasks"
for schedule in static dynamic; do
  sweep "${cpu[@]}" --exe cpu_omp --workers "$(seq_list 1 "$max_workers")" -- --tasks "$cpu_tasks" --schedule "$schedule"
  sweep "${cpu[@]}" --exe cpu_mpi --workers "$(seq_list 1 "$max_workers")" -- --tasks "$cpu_tasks" --schedule "$schedule"
  sweep "${cpu[@]}" --exe cpu_omp --workers "$(seq_list 1 "$cores")" -- --tasks "$uneven" --schedule "$schedule"
  sweep "${cpu[@]}" --exe cpu_mpi --workers "$(seq_list 1 "$cores")" -- --tasks "$uneven" --schedule "$schedule"
done
sweep "${cpu[@]}" --exe cpu_omp --workers "$(seq_list 1 "$cores")" -- --tasks "$cpu_tasks" --gil
splits=""
for ((ranks = 1; ranks <= cores; ranks++)); do
  if ((cores % ranks == 0)); then splits+="${splits:+,}${ranks}x$((cores / ranks))"; fi
done
sweep "${cpu[@]}" --exe cpu_hybrid --workers "$splits" -- --tasks "$cpu_tasks" --schedule dynamic

echo "study.sh: Python reference (the seed's CPU experiment) -> $out/python_cpu.csv" >&2
for model in seq threads processes; do
  python_rows "$out/python_cpu.csv" "py-$model" python3 "$root/scripts/py_cpu_reference.py" --model "$model" \
    --workers "$cores" --tasks "$python_tasks" --csv --repeats "$python_repeats"
done

echo "study.sh: I/O suite against nginx on 127.0.0.1:$port -> $out/io.csv" >&2
bash "$root/scripts/target.sh" start --port "$port" >/dev/null
target_started=true
latency_url() {
  if [[ "$1" -eq 0 ]]; then
    echo "http://127.0.0.1:$port/fast"
  else
    echo "http://127.0.0.1:$port/delay?s=$(awk -v ms="$1" 'BEGIN { printf "%g", ms / 1000 }')"
  fi
}
for latency_ms in 0 10 100; do
  url="$(latency_url "$latency_ms")"
  io=(--out "$out/io.csv" --repeats "$io_repeats" --param "latency_ms=$latency_ms")
  for workers in "${io_workers[@]}"; do
    # Enough requests that every worker sees several, few enough that 100 ms at 1 worker stays short.
    requests=$((workers * 4 > 64 ? workers * 4 : 64))
    if [[ "$quick" == true ]]; then requests=$((workers * 2 > 32 ? workers * 2 : 32)); fi
    if [[ "$workers" -eq 1 ]]; then
      sweep "${io[@]}" --exe io_seq -- --url "$url" --requests "$requests"
    fi
    sweep "${io[@]}" --exe io_threads --workers "$workers" -- --url "$url" --requests "$requests"
    sweep "${io[@]}" --exe io_multi --workers "$workers" -- --url "$url" --requests "$requests"
  done
done

echo "study.sh: Python reference (the seed's fetch experiment) -> $out/python_io.csv" >&2
python_workers=(16 256)
if [[ "$quick" == true ]]; then python_workers=(16); fi
for latency_ms in 0 10 100; do
  url="$(latency_url "$latency_ms")"
  python_io=(/usr/bin/python3 "$root/scripts/py_io_reference.py" --url "$url" --repeats "$python_repeats"
             --csv --param "latency_ms=$latency_ms")
  python_rows "$out/python_io.csv" "py-requests-$latency_ms" "${python_io[@]}" --approach requests --requests 64
  for workers in "${python_workers[@]}"; do
    requests=$((workers * 4 > 64 ? workers * 4 : 64))
    for approach in threads aiohttp; do
      python_rows "$out/python_io.csv" "py-$approach-$latency_ms-$workers" "${python_io[@]}" \
        --approach "$approach" --workers "$workers" --requests "$requests"
    done
  done
done
stop_target

echo "study.sh: plots and report" >&2
mapfile -t plots < <(python3 "$root/scripts/plot.py" "$out"/*.csv --out "$out")
python3 "$root/scripts/report.py" "$out"/*.csv --out "$out/report.md" --cores "$cores" --plots "${plots[@]}" >/dev/null
echo "study.sh: done in $(($(date +%s) - started)) s; report: $out/report.md" >&2
