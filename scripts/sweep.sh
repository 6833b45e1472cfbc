#!/usr/bin/env bash
# Runs one boundbench executable over a list of worker counts with repeats, appending whole rows to one CSV.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/sweep.sh --exe NAME --out FILE [options] [-- EXECUTABLE_ARGS...]

Runs NAME once per worker count, each run with --csv, and appends its rows to
FILE (created with the header). Rows are appended whole, only after a run has
finished; a run that fails leaves a row marked with its exit code and the sweep
goes on; a run stopped by INT or TERM (Ctrl-C, scancel, a time limit) is not
recorded and ends the sweep. Run the same command again and configurations
already in FILE are skipped, so an interrupted sweep resumes where it stopped.
The executable's --describe line (what the model is, how it is launched) is
added to models.jsonl beside FILE, once per model.

  --exe NAME          a model of the build: its line in BUILD/models.list (e.g. cpu_omp),
                      else the first executable named NAME under BUILD (3 levels deep,
                      e.g. a test-only model); a NAME holding '/' is the executable's path
  --workers LIST      comma-separated worker counts (default 1); a sequential model
                      takes only 1; for a model of kind processes+threads (cpu_hybrid)
                      each item is RANKSxTHREADS, e.g. 1x2,2x1
  --repeats N         timed repeats per run (default 3)
  --warmup N          untimed runs first (default 1)
  --param NAME=VALUE  constant column recorded in every row (repeatable)
  --build DIR         build directory (default: build/ in the repository)
  --launcher L        how MPI ranks start: mpirun (default; also inside a Slurm
                      allocation) or srun (srun --mpi=pmix, inside an allocation)
  --cores N           cores the runs may use, for the binding and oversubscription
                      policy below (default: nproc)
  --out FILE          the CSV to append to
  --dry-run           print the plan and run nothing
  --help              show this help
Arguments after -- go to the executable unchanged (e.g. -- --tasks 50,63,32).

Launch and binding policy, by the "launch" of the model's --describe:
  none                --workers N (none for a sequential model; no binding)
  openmp (cpu_omp)    OMP_NUM_THREADS=N; OMP_PROC_BIND=close OMP_PLACES=cores while
                      N <= cores, no binding beyond that
  mpi (cpu_mpi)       mpirun -np N --bind-to core while N <= cores, else
                      --oversubscribe --bind-to none
  mpi+openmp RxT      mpirun -np R --map-by slot:PE=T --bind-to core while R*T <= cores,
  (cpu_hybrid)        else --oversubscribe --bind-to none; OMP_NUM_THREADS=T
  with --launcher srun: mpi N is srun --mpi=pmix --ntasks=N --cpus-per-task=1,
  mpi+openmp RxT is srun --mpi=pmix --ntasks=R --cpus-per-task=T; Slurm places and
  binds them and refuses more CPUs than the allocation holds, so no run is
  oversubscribed.
Columns added after the executable's own: config (a hash of the configuration),
process_s (whole-process wall time including start-up, e.g. of the MPI job),
oversubscribed (more threads or ranks running than cores: a sequential or
event-loop model counts as 1), exit_code (0 = success).
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
exe=""
workers_list="1"
repeats=3
warmup=1
out=""
build="$root/build"
launcher=mpirun
cores="$(nproc)"
dry_run=false
params=()
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --exe) [[ $# -ge 2 ]] || die_usage "--exe needs a name"; exe="$2"; shift 2 ;;
    --workers) [[ $# -ge 2 ]] || die_usage "--workers needs a list"; workers_list="$2"; shift 2 ;;
    --repeats) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die_usage "--repeats needs a whole number >= 1"
      repeats="$2"; shift 2 ;;
    --warmup) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die_usage "--warmup needs a whole number >= 0"
      warmup="$2"; shift 2 ;;
    --param) [[ $# -ge 2 && "$2" == *=* ]] || die_usage "--param needs NAME=VALUE"
      params+=(--param "$2"); shift 2 ;;
    --build) [[ $# -ge 2 ]] || die_usage "--build needs a directory"; build="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die_usage "--out needs a file"; out="$2"; shift 2 ;;
    --launcher) [[ $# -ge 2 && ( "$2" == mpirun || "$2" == srun ) ]] || die_usage "--launcher needs mpirun or srun"
      launcher="$2"; shift 2 ;;
    --cores) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die_usage "--cores needs a whole number >= 1"
      cores="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done

[[ -n "$exe" ]] || die_usage "--exe is required"
[[ -n "$out" ]] || die_usage "--out is required"
# The registry names each production model's executable; test-only models are found by name in the tree.
binary=""
if [[ "$exe" == */* ]]; then
  binary="$exe"
elif [[ -f "$build/models.list" ]]; then
  while IFS=$'\t' read -r listed path; do
    if [[ "$listed" == "$exe" ]]; then binary="$path"; break; fi
  done < "$build/models.list"
fi
if [[ -z "$binary" && -d "$build" ]]; then
  # Shallowest first: a model's own folder (cpu/) before a copy deeper in the tree.
  mapfile -t found < <(find "$build" -maxdepth 3 -type f -name "$exe" -executable -printf '%d\t%p\n' 2>/dev/null | sort)
  if [[ ${#found[@]} -gt 0 ]]; then binary="${found[0]#*$'\t'}"; fi
fi
if [[ -z "$binary" ]]; then
  echo "sweep.sh: --exe $exe: no such model in $build (neither in models.list nor an executable of that name);" \
    "build first: cmake --preset release && cmake --build --preset release" >&2
  exit 2
fi
if [[ ! -x "$binary" ]]; then
  echo "sweep.sh: --exe $exe: $binary is not built; run: cmake --preset release && cmake --build --preset release" >&2
  exit 2
fi
# Everything the sweep knows about the model comes from its description (no MPI start-up: safe without mpirun).
# A program that ignores the option and starts working instead is stopped after a while.
if ! describe="$(timeout 30 "$binary" --describe 2>/dev/null < /dev/null)" || ! describe_is_valid "$describe"; then
  echo "sweep.sh: --exe $exe: $binary does not describe itself (--describe); rebuild it or give a boundbench model" >&2
  exit 2
fi
name="$(describe_field name "$describe")"
suite="$(describe_field suite "$describe")"
kind="$(describe_field kind "$describe")"
launch_kind="$(describe_field launch "$describe")"
sequential=false
if [[ "$describe" =~ \"sequential\"[[:space:]]*:[[:space:]]*true ]]; then sequential=true; fi
case "$launch_kind" in
  none|openmp|mpi|mpi+openmp) ;;
  *) echo "sweep.sh: --exe $exe: launch '$launch_kind' in its --describe is not one this sweep knows" >&2; exit 2 ;;
esac

items=()
IFS=',' read -r -a items <<< "$workers_list"
[[ ${#items[@]} -gt 0 ]] || die_usage "--workers: empty list"
for item in "${items[@]}"; do
  if [[ "$launch_kind" == mpi+openmp ]]; then
    [[ "$item" =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die_usage "--workers: '$item' is not RANKSxTHREADS (e.g. 2x1)"
  else
    [[ "$item" =~ ^[1-9][0-9]*$ ]] || die_usage "--workers: '$item' is not a whole number >= 1"
    [[ "$sequential" == false || "$item" == 1 ]] || die_usage "--workers: $name is sequential, it runs with 1 worker only"
  fi
done

mpirun_base=(mpirun)
if [[ "$(id -u)" -eq 0 ]]; then mpirun_base+=(--allow-run-as-root); fi
# A rank that fails ends the step, so a broken run is recorded instead of hanging.
srun_base=(srun --mpi=pmix --kill-on-bad-exit=1)
if [[ "$launcher" == srun && "$dry_run" == false && -z "${SLURM_JOB_ID:-}" ]]; then
  echo "sweep.sh: --launcher srun runs inside a Slurm allocation (sbatch or salloc); there is none here" >&2
  exit 2
fi

# Sets launch (the command line), launch_env, total (workers) and oversubscribed (more threads or ranks
# running than cores: a sequential model runs one, an event-loop model's transfers all share its one thread).
plan_run() {
  local item="$1" running
  launch_env=()
  oversubscribed=false
  case "$launch_kind" in
    none)
      total="$item"
      launch=("$binary")
      if [[ "$sequential" == false ]]; then launch+=(--workers "$item"); fi ;;
    openmp)
      total="$item"
      launch_env=(OMP_NUM_THREADS="$item")
      if ((item <= cores)); then launch_env+=(OMP_PROC_BIND=close OMP_PLACES=cores); else launch_env+=(OMP_PROC_BIND=false); fi
      launch=("$binary" --workers "$item") ;;
    mpi)
      total="$item"
      if [[ "$launcher" == srun ]]; then
        launch=("${srun_base[@]}" --ntasks="$item" --cpus-per-task=1 "$binary")
      elif ((item <= cores)); then
        launch=("${mpirun_base[@]}" -np "$item" --bind-to core "$binary")
      else
        launch=("${mpirun_base[@]}" -np "$item" --oversubscribe --bind-to none "$binary")
      fi ;;
    mpi+openmp)
      local ranks="${item%x*}" threads="${item#*x}"
      total=$((ranks * threads))
      launch_env=(OMP_NUM_THREADS="$threads")
      if [[ "$launcher" == srun ]]; then
        launch=("${srun_base[@]}" --ntasks="$ranks" --cpus-per-task="$threads" "$binary" --workers "$threads")
      elif ((total <= cores)); then
        launch_env+=(OMP_PROC_BIND=close OMP_PLACES=cores)
        launch=("${mpirun_base[@]}" -np "$ranks" --map-by "slot:PE=$threads" --bind-to core "$binary" --workers "$threads")
      else
        launch=("${mpirun_base[@]}" -np "$ranks" --oversubscribe --bind-to none "$binary" --workers "$threads")
      fi ;;
  esac
  running="$total"
  if [[ "$kind" == sequential || "$kind" == event-loop ]]; then running=1; fi
  if [[ "$launcher" == srun && "$launch_kind" == mpi* ]]; then running=0; fi
  if ((running > cores)); then oversubscribed=true; fi
  launch+=(--csv --repeats "$repeats" --warmup "$warmup" "${params[@]}" "${extra[@]}")
}

config_id() {
  printf '%s\n' "$name" "$1" "$repeats" "$warmup" "${params[@]}" "${extra[@]}" | sha1sum | cut -c1-12
}

if [[ "$dry_run" == true ]]; then
  index=0
  for item in "${items[@]}"; do
    index=$((index + 1))
    plan_run "$item"
    state="run"
    if [[ -f "$out" ]] && grep -q -- ",cfg-$(config_id "$item")," "$out"; then state="done, skipped"; fi
    echo "[$index/${#items[@]}] ($state) ${launch_env[*]} ${launch[*]}"
  done
  exit 0
fi

# The executable validates its own arguments here, before anything runs, and tells the header.
if ! header="$("$binary" --csv-header "${params[@]}" "${extra[@]}")"; then
  echo "sweep.sh: $name refused the arguments above; nothing was run" >&2
  exit 2
fi
full_header="$header,config,process_s,oversubscribed,exit_code"
if [[ -s "$out" ]] && [[ "$(head -n 1 "$out")" != "$full_header" ]]; then
  echo "sweep.sh: $out holds rows of another layout (other suite or --param columns); use another --out" >&2
  exit 2
fi
mkdir -p "$(dirname "$out")"
record_model "$(dirname "$out")/models.jsonl" "$describe"
log="${out%.csv}.log"

rows_file="$(mktemp)"
errors_file="$(mktemp)"
staged_file="$(mktemp)"
child=""
cleanup() { rm -f "$rows_file" "$errors_file" "$staged_file" "$out.partial"; }
on_signal() {
  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  cleanup
  echo "sweep.sh: interrupted; completed runs are kept in $out, run the same command again to resume" >&2
  exit 130
}
trap on_signal INT TERM
trap cleanup EXIT

# A row for a run that printed none: what the sweep knows, the rest left empty.
failed_row() {
  local ranks=1 threads=1 column values=()
  case "$kind" in
    threads) threads="$total" ;;
    processes) ranks="$total" ;;
    processes+threads) ranks="${item%x*}"; threads="${item#*x}" ;;
  esac
  local -A known=([suite]="$suite" [impl]="$name" [workers]="$total" [ranks]="$ranks" [threads]="$threads")
  local index=0
  while [[ $index -lt ${#params[@]} ]]; do
    local pair="${params[$((index + 1))]}"
    known["${pair%%=*}"]="${pair#*=}"
    index=$((index + 2))
  done
  IFS=',' read -r -a columns <<< "$header"
  for column in "${columns[@]}"; do values+=("${known[$column]:-}"); done
  (IFS=','; echo "${values[*]}")
}

# Appends rows atomically: a copy gains the rows, then replaces the file in one rename.
append_whole() {
  if [[ -s "$out" ]]; then cp "$out" "$out.partial"; else echo "$full_header" > "$out.partial"; fi
  cat "$staged_file" >> "$out.partial"
  mv "$out.partial" "$out"
}

started=$(date +%s)
finished_runs=0
index=0
for item in "${items[@]}"; do
  index=$((index + 1))
  plan_run "$item"
  id="cfg-$(config_id "$item")"
  if [[ -f "$out" ]] && grep -q -- ",$id," "$out"; then
    echo "[$index/${#items[@]}] $name workers=$item: already in $out, skipped" >&2
    continue
  fi
  eta="?"
  if ((finished_runs > 0)); then
    elapsed=$(($(date +%s) - started))
    left=$(((${#items[@]} - index + 1) * elapsed / finished_runs))
    eta="$((left / 60))m$((left % 60))s"
  fi
  note=""
  if [[ "$oversubscribed" == true ]]; then note=" (oversubscribed: more threads or ranks than $cores cores)"; fi
  echo "[$index/${#items[@]}] $name workers=$item$note ... ETA $eta" >&2

  run_start=$(date +%s.%N)
  env "${launch_env[@]}" "${launch[@]}" > "$rows_file" 2> "$errors_file" &
  child=$!
  set +e
  wait "$child"
  code=$?
  set -e
  child=""
  run_end=$(date +%s.%N)
  process_s=$(awk -v a="$run_start" -v b="$run_end" 'BEGIN { printf "%.6f", b - a }')
  cat "$errors_file" >> "$log"
  printed=$(($(wc -l < "$rows_file") - 1))
  # scancel signals a Slurm job's steps a moment before its batch script, so a run it killed may end
  # with any code (srun can even return 0): a run that failed or printed fewer rows than its repeats
  # first waits a second for the sweep's own stop signal (the trap).
  if ((code != 0 || printed != repeats)); then
    sleep 1 &
    wait $! || true
  fi
  # INT or TERM that reached only the run (Slurm's --signal without B: signals a job's steps) means
  # the work is being stopped, not that the model failed: the run is not recorded, so the rerun
  # measures it again. Crashes and KILL (e.g. out of memory) are recorded below.
  if ((code == 130 || code == 143)); then
    echo "sweep.sh: $name workers=$item was stopped by a signal (exit $code) and is not recorded;" \
      "completed runs are kept in $out, run the same command again to resume" >&2
    exit 130
  fi

  if ((code == 0 && printed != repeats)); then
    echo "sweep.sh: $name workers=$item exited 0 but printed $((printed > 0 ? printed : 0)) of $repeats rows;" \
      "recorded as failed (exit_code 1)" | tee -a "$log" >&2
    code=1
  fi
  suffix=",$id,$process_s,$oversubscribed,$code"
  if ((printed > 0)); then
    tail -n +2 "$rows_file" | sed "s/\$/$suffix/" > "$staged_file"
  else
    echo "$(failed_row)$suffix" > "$staged_file"
  fi
  append_whole
  finished_runs=$((finished_runs + 1))
  if [[ "$code" -ne 0 ]]; then
    echo "sweep.sh: $name workers=$item exited with $code (recorded); last lines of its stderr:" >&2
    tail -n 3 "$errors_file" >&2
  fi
done
echo "sweep.sh: $finished_runs run(s) added to $out (stderr of the runs in $log)" >&2
