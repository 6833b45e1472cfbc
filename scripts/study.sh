#!/usr/bin/env bash
# The main job: installs and builds what is missing, sweeps every model on this machine, then plots and reports.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/study.sh [--out DIR] [--quick] [--port P] [--help]

Builds boundbench (installing missing Debian packages first), starts the local
nginx target and measures which concurrency model fits which workload. The
models are those of build/models.list; each one's --describe says how it runs:
  CPU  sequential (cpu_seq): once per task list; threads and processes (cpu_omp,
       cpu_mpi): 1..2 x cores workers, with each schedule when the model has
       --schedule, also on the uneven list 50,63,32; with --gil when it has
       --gil (cpu_omp: the Python result); processes+threads (cpu_hybrid): the
       rank x thread splits of the cores
  I/O  latency 0, 10, 100 ms x workers 1, 4, 16, 64, 256, 1024 for every io
       model (a sequential one, io_seq, at 1 worker only)
  and the seed's own Python models on the same tasks and target (py_* rows).
Writes cpu.csv, io.csv, python_cpu.csv, python_io.csv, models.jsonl (what each
model is), the plots and report.md into DIR. Ctrl-C stops cleanly (target
stopped, finished rows kept); run again with the same --out to resume.

  --out DIR   where results go (default results/<host>-<UTC date>)
  --quick     fewer repeats, worker counts and requests (under 3 minutes on 2 cores)
  --port P    port of the local nginx target (default 8788)
  --help      show this help
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
out=""
quick=false
port=8788
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || die_usage "--out needs a directory"; out="$2"; shift 2 ;;
    --quick) quick=true; shift ;;
    --port)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ && "$2" -le 65535 ]] || die_usage "--port needs 1..65535"
      port="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
out="${out:-$root/results/$(uname -n)-$(date -u +%Y-%m-%d)}"
started=$(date +%s)

bash "$root/scripts/deps.sh"
echo "study.sh: building (release preset)" >&2
(cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j "$(nproc)" >/dev/null)
read_registry "$root/build" "the release build did not make its models (cmake --build --preset release)" || exit 1
mkdir -p "$out"

cores="$(nproc)"
if [[ "$quick" == true ]]; then
  cpu_repeats=2; io_repeats=2; max_workers="$cores"; io_workers=(1 16 256); python_repeats=1
  cpu_tasks=30x40; uneven=40,50,30; python_tasks=30x6
  # Fewer requests than the full study's (requests_for's default 4 per worker, at least 64): still several per worker.
  io_requests=(2 32)
else
  cpu_repeats=5; io_repeats=3; max_workers=$((2 * cores)); io_workers=(1 4 16 64 256 1024); python_repeats=3
  cpu_tasks=30x100; uneven=50,63,32; python_tasks=30x20
  io_requests=()
fi
# The values of --schedule (a --describe names a model's options, not their values).
schedules=(static dynamic)
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

# Sets suite_models to the models of suite $1, in the build's order.
models_of() {
  local name
  suite_models=()
  for name in "${registry[@]}"; do if [[ "${registry_suite[$name]}" == "$1" ]]; then suite_models+=("$name"); fi; done
}

echo "study.sh: CPU suite -> $out/cpu.csv" >&2
cpu=(--out "$out/cpu.csv" --repeats "$cpu_repeats")
longest="$(tr ',' '\n' <<< "$uneven" | sort -n | tail -n 1)"
splits=""
for ((ranks = 1; ranks <= cores; ranks++)); do
  if ((cores % ranks == 0)); then splits+="${splits:+,}${ranks}x$((cores / ranks))"; fi
done
models_of cpu
for model in "${suite_models[@]}"; do
  describe="${registry_describe[$model]}"
  case "${registry_kind[$model]}" in
    sequential)
      # The longest task of the uneven list alone is what the uneven list cannot beat.
      for tasks in "$cpu_tasks" "$uneven" "$longest" "$python_tasks"; do
        sweep "${cpu[@]}" --exe "$model" -- --tasks "$tasks"
      done ;;
    processes+threads)
      # The rank x thread splits of the cores; the dynamic schedule (when it has one) balances inside each rank.
      options=()
      if describe_has_option --schedule "$describe"; then options=(--schedule dynamic); fi
      sweep "${cpu[@]}" --exe "$model" --workers "$splits" -- --tasks "$cpu_tasks" "${options[@]}" ;;
    *)
      # Once per schedule; once in all for a model without --schedule (the empty entry).
      model_schedules=("")
      if describe_has_option --schedule "$describe"; then model_schedules=("${schedules[@]}"); fi
      for schedule in "${model_schedules[@]}"; do
        options=()
        if [[ -n "$schedule" ]]; then options=(--schedule "$schedule"); fi
        sweep "${cpu[@]}" --exe "$model" --workers "$(seq_list 1 "$max_workers")" -- --tasks "$cpu_tasks" "${options[@]}"
        sweep "${cpu[@]}" --exe "$model" --workers "$(seq_list 1 "$cores")" -- --tasks "$uneven" "${options[@]}"
      done
      # The emulated interpreter lock: the Python threads result, reproduced in C++.
      if describe_has_option --gil "$describe"; then
        sweep "${cpu[@]}" --exe "$model" --workers "$(seq_list 1 "$cores")" -- --tasks "$cpu_tasks" --gil
      fi ;;
  esac
done

echo "study.sh: Python reference (the seed's CPU experiment) -> $out/python_cpu.csv" >&2
python_cpu=(python3 "$root/scripts/py_cpu_reference.py")
for model in seq threads processes; do
  describe="$("${python_cpu[@]}" --model "$model" --describe)"
  record_model "$out/models.jsonl" "$describe"
  python_rows "$out/python_cpu.csv" "py-$model" "${python_cpu[@]}" --model "$model" \
    --workers "$cores" --tasks "$python_tasks" --csv --repeats "$python_repeats"
done

echo "study.sh: I/O suite against nginx on 127.0.0.1:$port -> $out/io.csv" >&2
bash "$root/scripts/target.sh" start --port "$port" >/dev/null
target_started=true
models_of io
for latency_ms in 0 10 100; do
  url="$(latency_url "$port" "$latency_ms")"
  io=(--out "$out/io.csv" --repeats "$io_repeats" --param "latency_ms=$latency_ms")
  for workers in "${io_workers[@]}"; do
    requests="$(requests_for "$workers" "${io_requests[@]}")"
    for model in "${suite_models[@]}"; do
      if [[ "${registry_kind[$model]}" == sequential ]]; then
        if ((workers == 1)); then sweep "${io[@]}" --exe "$model" -- --url "$url" --requests "$requests"; fi
      else
        sweep "${io[@]}" --exe "$model" --workers "$workers" -- --url "$url" --requests "$requests"
      fi
    done
  done
done

echo "study.sh: Python reference (the seed's fetch experiment) -> $out/python_io.csv" >&2
python_workers=(16 256)
if [[ "$quick" == true ]]; then python_workers=(16); fi
# The system interpreter: aiohttp and requests come from Debian's packages (scripts/deps.sh).
python_io_reference=(/usr/bin/python3 "$root/scripts/py_io_reference.py")
for approach in requests threads aiohttp; do
  describe="$("${python_io_reference[@]}" --approach "$approach" --describe)"
  record_model "$out/models.jsonl" "$describe"
done
for latency_ms in 0 10 100; do
  url="$(latency_url "$port" "$latency_ms")"
  python_io=("${python_io_reference[@]}" --url "$url" --repeats "$python_repeats" --csv --param "latency_ms=$latency_ms")
  python_rows "$out/python_io.csv" "py-requests-$latency_ms" "${python_io[@]}" --approach requests --requests "$(requests_for 1)"
  for workers in "${python_workers[@]}"; do
    requests="$(requests_for "$workers")"
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
