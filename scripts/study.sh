#!/usr/bin/env bash
# The main job: installs and builds what is missing, then measures the CPU-bound models on this machine.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/study.sh [--out DIR] [--quick] [--repeats N] [--help]

Builds boundbench (installing missing Debian packages first) and runs the CPU
study: cpu_seq, cpu_omp and cpu_mpi over 1..2 x cores workers (static and
dynamic schedules), cpu_omp under the emulated GIL, cpu_hybrid over the
rank x thread splits of the cores, the uneven task list 50,63,32, and the
seed's own Python models as the reference. Rows go to DIR/cpu.csv; a summary
of medians and speedups is printed and written to DIR/summary.txt.

  --out DIR     where results go (default results/<host>-<UTC date>)
  --quick       fewer repeats and worker counts (about a minute on 2 cores)
  --repeats N   timed repeats per configuration (default 5, --quick 3)
  --help        show this help
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
out=""
quick=false
repeats=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || { echo "study.sh: --out needs a directory" >&2; exit 2; }; out="$2"; shift 2 ;;
    --quick) quick=true; shift ;;
    --repeats)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "study.sh: --repeats needs a whole number >= 1" >&2; exit 2; }
      repeats="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "study.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$repeats" ]]; then
  if [[ "$quick" == true ]]; then repeats=3; else repeats=5; fi
fi
out="${out:-$root/results/$(hostname)-$(date -u +%Y-%m-%d)}"

bash "$root/scripts/deps.sh"
(cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j "$(nproc)" >/dev/null)

bin="$root/build/cpu"
cores="$(nproc)"
max_workers=$((2 * cores))
if [[ "$quick" == true ]]; then max_workers="$cores"; fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun=(mpirun --oversubscribe --bind-to none)
mkdir -p "$out"
csv="$out/cpu.csv"
common=(--csv --repeats "$repeats" --warmup 1)

# Runs one configuration; its rows are appended only once it has succeeded, header once per file.
run() {
  local rows
  rows="$(mktemp)"
  if "$@" > "$rows"; then
    if [[ -s "$csv" ]]; then tail -n +2 "$rows" >> "$csv"; else cat "$rows" > "$csv"; fi
  else
    echo "study.sh: failed (exit $?): $*" >&2
  fi
  rm -f "$rows"
}

run "$bin/cpu_seq" "${common[@]}"
run "$bin/cpu_seq" --tasks 30x20 "${common[@]}"
run "$bin/cpu_seq" --tasks 63 "${common[@]}"
run "$bin/cpu_seq" --tasks 50,63,32 "${common[@]}"
for ((workers = 1; workers <= max_workers; workers++)); do
  for schedule in static dynamic; do
    run "$bin/cpu_omp" --workers "$workers" --schedule "$schedule" "${common[@]}"
    run "${mpirun[@]}" -np "$workers" "$bin/cpu_mpi" --schedule "$schedule" "${common[@]}"
  done
done
for ((workers = 1; workers <= cores; workers++)); do
  run "$bin/cpu_omp" --workers "$workers" --gil "${common[@]}"
done
for schedule in static dynamic; do
  run "$bin/cpu_omp" --workers "$cores" --schedule "$schedule" --tasks 50,63,32 "${common[@]}"
  run "${mpirun[@]}" -np "$cores" "$bin/cpu_mpi" --schedule "$schedule" --tasks 50,63,32 "${common[@]}"
done
for ((ranks = 1; ranks <= cores; ranks++)); do
  if ((cores % ranks == 0)); then
    run "${mpirun[@]}" -np "$ranks" "$bin/cpu_hybrid" --workers $((cores / ranks)) --schedule dynamic "${common[@]}"
  fi
done
python_repeats=$((repeats < 3 ? repeats : 3))
for model in seq threads processes; do
  run python3 "$root/scripts/py_cpu_reference.py" --model "$model" --workers "$cores" --tasks 30x20 \
    --csv --repeats "$python_repeats"
done

python3 "$root/scripts/cpu_summary.py" "$csv" | tee "$out/summary.txt"
echo "study.sh: rows in $csv, summary in $out/summary.txt" >&2
