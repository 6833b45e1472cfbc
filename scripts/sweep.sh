#!/usr/bin/env bash
# Runs one boundbench executable over a list of worker counts with repeats, appending whole rows to one CSV.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/sweep.sh --exe NAME --out FILE [options] [-- EXECUTABLE_ARGS...]

Runs NAME once per worker count, each run with --csv, and appends its rows to
FILE (created with the header). Rows are appended whole, in place and under a
lock (flock), only after a run has finished, so sweeps and Slurm array tasks
writing one FILE at once all land. A run that fails leaves its rows (or one row
with what the sweep knows) marked with its exit code, and the sweep goes on.
A run stopped by INT or TERM (Ctrl-C, scancel, a time limit) is not recorded
and ends the sweep.

Run the same command again and it resumes: a configuration is done when FILE
holds one row per repeat from one attempt, all with exit_code 0; done ones are
skipped, failed ones are measured again (their old rows stay, marked). --fresh
measures everything again. The executable's --describe line (what the model is,
how it is launched) is added to models.jsonl beside FILE, once per model.

  --exe NAME          a model of the build: its line in BUILD/models.list (e.g. cpu_omp),
                      else the first executable named NAME under BUILD (3 levels deep,
                      e.g. a test-only model); a NAME holding '/' is the executable's path
  --workers LIST      comma-separated worker counts (default 1), each within the
                      executable's --workers range (--help); a sequential model
                      takes only 1; for a model of kind processes+threads (cpu_hybrid)
                      each item is RANKSxTHREADS, e.g. 1x2,2x1, and for launch
                      mpi+workers (io_mpi) RANKSxWORKERS, e.g. 2x500 (2 ranks with
                      500 transfers in flight each; a bare 500 is 1x500); mpirun
                      starts at most 4096 ranks
  --repeats N         timed repeats per run (default 3)
  --warmup N          untimed runs first (default 1)
  --param NAME=VALUE  constant column recorded in every row (repeatable); NAME may
                      not be one of the sweep's columns below
  --build DIR         build directory (default: build/ in the repository)
  --launcher L        how MPI ranks start: mpirun (default; also inside a Slurm
                      allocation) or srun (srun --mpi=pmix, inside an allocation)
  --cores N           cores the runs may use, for the binding and oversubscription
                      policy below (default: nproc)
  --out FILE          the CSV to append to: a new file, or a regular file (or a link
                      to one) holding rows of this very layout
  --fresh             measure every configuration again, also those already done
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
  mpi+workers RxW     mpirun -np R --bind-to core while R <= cores, else
  (io_mpi)            --oversubscribe --bind-to none; --workers W (transfers in
                      flight per rank); the workers column is R x W
  with --launcher srun: mpi N is srun --mpi=pmix --ntasks=N --cpus-per-task=1,
  mpi+openmp RxT is srun --mpi=pmix --ntasks=R --cpus-per-task=T, mpi+workers RxW
  is srun --mpi=pmix --ntasks=R --cpus-per-task=1 ... --workers W; Slurm places and
  binds them and refuses more CPUs than the allocation holds, so no run is
  oversubscribed.
Columns added after the executable's own: config (cfg- and a hash of the
configuration: model, worker item, repeats, warm-up, --param, arguments, and the
executable's revision and build type), attempt (UTC time and process id of the
sweep that wrote the row), process_s (whole-process wall time including
start-up, e.g. of the MPI job), oversubscribed (more CPU-running threads or
ranks than cores; a sequential or event-loop model, and I/O threads waiting on
sockets, count as 1), exit_code (0 = success).

While a run goes on, its latest progress line (the executables write one every
5 s) is shown. The runs' stderr goes to FILE's .log (FILE without .csv, plus .log).
Exit status: 0 every run succeeded (or was done already), 1 some run failed
(recorded), 2 refused before running anything, 130 or 143 stopped by INT or
TERM. The last line says: N run(s) added, M failed: see FILE.log
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
fresh=false
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
    --out) [[ $# -ge 2 && -n "$2" ]] || die_usage "--out needs a file"; out="$2"; shift 2 ;;
    --launcher) [[ $# -ge 2 && ( "$2" == mpirun || "$2" == srun ) ]] || die_usage "--launcher needs mpirun or srun"
      launcher="$2"; shift 2 ;;
    --cores) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die_usage "--cores needs a whole number >= 1"
      cores="$2"; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done

[[ -n "$exe" ]] || die_usage "--exe is required"
[[ -n "$out" ]] || die_usage "--out is required"
# The sweep's own columns come after the executable's; a --param of the same name would make two.
sweep_columns=(config attempt process_s oversubscribed exit_code)
for ((index = 1; index < ${#params[@]}; index += 2)); do
  for column in "${sweep_columns[@]}"; do
    [[ "${params[$index]%%=*}" != "$column" ]] || die_usage "--param $column: $column is a column the sweep adds; pick another name"
  done
done
# What --out names must stay what it is: the rows are appended to a regular file (through a link to one).
refuse_unusable_out "$out"

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
if ! describe="$(ask_description "$binary")"; then
  echo "sweep.sh: --exe $exe: $binary does not describe itself (--describe); rebuild it or give a boundbench model" >&2
  exit 2
fi
name="$(describe_field name "$describe")"
suite="$(describe_field suite "$describe")"
kind="$(describe_field kind "$describe")"
launch_kind="$(describe_field launch "$describe")"
# A rebuild at another revision or build type measures other code: part of the configuration's identity.
revision="$(describe_field revision "$describe")"
build_type="$(describe_field build_type "$describe")"
sequential=false
if [[ "$describe" =~ \"sequential\"[[:space:]]*:[[:space:]]*true ]]; then sequential=true; fi
case "$launch_kind" in
  none|openmp|mpi|mpi+openmp|mpi+workers) ;;
  *) echo "sweep.sh: --exe $exe: launch '$launch_kind' in its --describe is not one this sweep knows" >&2; exit 2 ;;
esac

# mpirun starts one process per rank on this machine or the hosts it is given; more than this is a typo, not a
# measurement. Under srun, Slurm refuses what the allocation cannot hold.
max_mpirun_ranks=4096
items=()
IFS=',' read -r -a items <<< "$workers_list"
[[ ${#items[@]} -gt 0 ]] || die_usage "--workers: empty list"
for item in "${items[@]}"; do
  if [[ "$launch_kind" == mpi+openmp ]]; then
    [[ "$item" =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die_usage "--workers: '$item' is not RANKSxTHREADS (e.g. 2x1)"
  elif [[ "$launch_kind" == mpi+workers ]]; then
    [[ "$item" =~ ^([1-9][0-9]*x)?[1-9][0-9]*$ ]] || die_usage "--workers: '$item' is not RANKSxWORKERS (e.g. 2x500)"
  else
    [[ "$item" =~ ^[1-9][0-9]*$ ]] || die_usage "--workers: '$item' is not a whole number >= 1"
    [[ "$sequential" == false || "$item" == 1 ]] || die_usage "--workers: $name is sequential, it runs with 1 worker only"
  fi
  ranks="${item%x*}"
  if [[ "$launch_kind" == mpi* && "$launcher" == mpirun ]] && ((${#ranks} > 5 || ranks > max_mpirun_ranks)); then
    die_usage "--workers: '$item' starts more than $max_mpirun_ranks ranks with mpirun"
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

# The executable validates its own arguments here, before anything runs, and tells the header.
if ! header="$("$binary" --csv-header "${params[@]}" "${extra[@]}" 2>/dev/null)"; then
  refusal="$("$binary" --csv-header "${params[@]}" "${extra[@]}" 2>&1 >/dev/null || true)"
  echo "sweep.sh: $name refused the arguments: ${refusal%%$'\n'*}; nothing was run" >&2
  exit 2
fi
# Each worker count against the executable's own --workers range (threads per process; ranks are mpirun's).
# Without the run's arguments the executable checks the range only: whether this machine can hold that many
# (open files, memory) is found out by the run, which is recorded like any failed one.
if [[ "$sequential" == false && "$launch_kind" != mpi ]]; then
  for item in "${items[@]}"; do
    if ! refusal="$("$binary" --csv-header --workers "${item#*x}" 2>&1 >/dev/null)"; then
      echo "sweep.sh: --workers $item: $name refused it: ${refusal%%$'\n'*}; nothing was run" >&2
      exit 2
    fi
  done
fi
full_header="$header,$(IFS=','; echo "${sweep_columns[*]}")"
if [[ -s "$out" ]] && ! first_line="$(head -n 1 "$out")"; then
  die_usage "--out $out cannot be read"
fi
if [[ -s "$out" && "$first_line" != "$full_header" ]]; then
  if [[ "$first_line" == "$header,config,process_s,oversubscribed,exit_code" ]]; then
    die_usage "--out $out holds rows of an older sweep (no attempt column); plots and the report still read it, sweep into a new file"
  fi
  die_usage "--out $out is not a CSV of this layout (another suite, other --param columns, or not a sweep's CSV); use another --out"
fi

# Sets launch (the command line), launch_env, total (workers) and oversubscribed (more CPU-running threads or
# ranks than cores: a sequential model runs one, an event-loop model's transfers all share its one thread, and
# I/O threads mostly wait on their sockets, so they count as one too; the threads column still says how many).
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
    mpi+workers)
      # Each rank is one process (one event loop) with W transfers in flight: R processes run on the CPUs.
      # A bare W is one rank.
      local ranks=1 in_flight="${item#*x}"
      if [[ "$item" == *x* ]]; then ranks="${item%x*}"; fi
      total=$((ranks * in_flight))
      if [[ "$launcher" == srun ]]; then
        launch=("${srun_base[@]}" --ntasks="$ranks" --cpus-per-task=1 "$binary" --workers "$in_flight")
      elif ((ranks <= cores)); then
        launch=("${mpirun_base[@]}" -np "$ranks" --bind-to core "$binary" --workers "$in_flight")
      else
        launch=("${mpirun_base[@]}" -np "$ranks" --oversubscribe --bind-to none "$binary" --workers "$in_flight")
      fi ;;
  esac
  running="$total"
  if [[ "$kind" == sequential || "$kind" == event-loop || "$suite" == io ]]; then running=1; fi
  if [[ "$launch_kind" == mpi+workers ]]; then running="$((total / ${item#*x}))"; fi
  if [[ "$launcher" == srun && "$launch_kind" == mpi* ]]; then running=0; fi
  if ((running > cores)); then oversubscribed=true; fi
  launch+=(--csv --repeats "$repeats" --warmup "$warmup" "${params[@]}" "${extra[@]}")
}

config_id() {
  printf '%s\n' "$name" "$1" "$repeats" "$warmup" "${params[@]}" "${extra[@]}" "revision=$revision" \
    "build_type=$build_type" | sha1sum | cut -c1-12
}

# Succeeds when $out holds, for config $1, one row per repeat from one attempt, all with exit_code 0. The
# sweep's columns are the last five and never hold a comma, so they are read from the end of each line.
config_done() {
  [[ -s "$out" ]] || return 1
  awk -F, -v id="$1" -v repeats="$repeats" '
    NR > 1 && $(NF - 4) == id && $NF == "0" { good[$(NF - 3)]++ }
    END { for (attempt in good) if (good[attempt] >= repeats) done = 1; exit !done }' "$out"
}

# Succeeds when $out holds rows of config $1, so a run that is not done failed before.
config_tried() {
  [[ -s "$out" ]] && awk -F, -v id="$1" 'NR > 1 && $(NF - 4) == id { found = 1; exit } END { exit !found }' "$out"
}

if [[ "$dry_run" == true ]]; then
  index=0
  for item in "${items[@]}"; do
    index=$((index + 1))
    plan_run "$item"
    id="cfg-$(config_id "$item")"
    state="run"
    if [[ "$fresh" == false ]]; then
      if config_done "$id"; then
        state="done, skipped"
      elif config_tried "$id"; then
        state="run again: failed before"
      fi
    fi
    echo "[$index/${#items[@]}] ($state) ${launch_env[*]} ${launch[*]}"
  done
  exit 0
fi

out_dir="$(dirname "$out")"
out_base="$(basename "$out")"
log="${out%.csv}.log"
if ! made="$(mkdir -p "$out_dir" 2>&1)"; then
  die_usage "--out $out: cannot create $out_dir: ${made##*: }"
fi
if ! made="$(dir_takes_files "$out_dir")"; then die_usage "--out $out: cannot write in $out_dir: $made"; fi
# The sweep's scratch files live beside the CSV, named by host and process, so a later sweep finds the
# leftovers of one that was killed (SIGKILL runs no trap) and removes them.
host="$(uname -n)"
scratch_prefix="$out_dir/.$out_base.sweep.$host."
for leftover in "$scratch_prefix"*; do
  pid="${leftover#"$scratch_prefix"}"
  [[ -d "$leftover" && "$pid" =~ ^[0-9]+$ ]] || continue
  # A process of that id that is another sweep still uses its files; this process has made none yet.
  if [[ "$pid" != "$$" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'sweep\.sh'; then
    continue
  fi
  rm -rf "$leftover"
done
scratch="$scratch_prefix$$"
if ! made="$(mkdir "$scratch" 2>&1)"; then die_usage "--out $out: cannot write in $out_dir: ${made##*: }"; fi
rows_file="$scratch/rows"
errors_file="$scratch/stderr"
staged_file="$scratch/staged"

attempt="$(date -u +%Y%m%dT%H%M%SZ)-$$"
added=0
failed=0
machine_refused=0
child=""
follower=""

cleanup() { rm -rf "$scratch"; }
stop_follower() {
  if [[ -n "$follower" ]]; then
    kill -TERM "$follower" 2>/dev/null || true
    wait "$follower" 2>/dev/null || true
    follower=""
  fi
}
summary() {
  if ((machine_refused > 0)); then
    echo "sweep.sh: $machine_refused of the failed run(s) refused to start (exit 2) although the arguments were" \
      "accepted up front: a limit of this machine (open files, memory); the reason is in $log" >&2
  fi
  echo "sweep.sh: $added run(s) added, $failed failed: see $log" >&2
}
# Stops the sweep for signal $1 (INT or TERM) and exits 128 + its number: the run in progress is stopped
# and not recorded, so the rerun measures it again.
on_signal() {
  local code=143
  if [[ "$1" == INT ]]; then code=130; fi
  trap '' INT TERM
  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  stop_follower
  echo "sweep.sh: stopped by SIG$1; the run in progress is not recorded; completed runs are kept in $out," \
    "run the same command again to resume" >&2
  summary
  exit "$code"
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap cleanup EXIT

# The sweep's parent, so a killed sweep's helpers notice it is gone (the kernel gives them to another parent).
parent_of() {
  local stat ppid
  stat="$(< "/proc/$1/stat")" || return 1
  read -r _ ppid _ <<< "${stat##*) }"
  echo "$ppid"
}
# A run dies with the sweep: the kernel sends it TERM when the sweep exits, even by SIGKILL (PR_SET_PDEATHSIG,
# util-linux's setpriv). Without setpriv, the run's follower (below) sends it.
run_prefix=()
if setpriv --pdeathsig TERM true 2>/dev/null; then run_prefix=(setpriv --pdeathsig TERM); fi
progress_pattern=': [0-9]+/[0-9]+ [a-z]+ done, [0-9]+ failed, [0-9]+ [a-z]+/s, ETA '
# Runs beside run $1 while it lasts: every 5 s shows the latest progress line the executable wrote to its
# stderr (a file: they write one every 5 s when stderr is not a terminal); stops the run if the sweep is killed.
follow_run() {
  local run="$1" me="$BASHPID" shown="" latest ticks=0
  while [[ "$(parent_of "$me")" == "$$" ]]; do
    sleep 1
    ticks=$((ticks + 1))
    ((ticks % 5 == 0)) || continue
    latest="$(tail -n 20 "$errors_file" 2>/dev/null | grep -E "$progress_pattern" | tail -n 1 || true)"
    if [[ -n "$latest" && "$latest" != "$shown" ]]; then
      echo "  ... $latest" >&2
      shown="$latest"
    fi
  done
  if [[ ${#run_prefix[@]} -eq 0 ]]; then kill -TERM "$run" 2>/dev/null || true; fi
}

# A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, quotes doubled.
csv_field() {
  local value="$1"
  if [[ "$value" == *[,\"$'\n'$'\r']* ]]; then value="\"${value//\"/\"\"}\""; fi
  printf '%s' "$value"
}

# A row for a run that printed none: what the sweep knows, the rest left empty.
failed_row() {
  local ranks=1 threads=1 column index row="" separator=""
  case "$kind" in
    threads) threads="$total" ;;
    processes) ranks="$total"; if [[ "$launch_kind" == mpi+workers ]]; then ranks=$((total / ${item#*x})); fi ;;
    processes+threads) ranks="${item%x*}"; threads="${item#*x}" ;;
  esac
  local -A known=([suite]="$suite" [impl]="$name" [workers]="$total" [ranks]="$ranks" [threads]="$threads")
  for ((index = 1; index < ${#params[@]}; index += 2)); do
    known["${params[$index]%%=*}"]="${params[$index]#*=}"
  done
  IFS=',' read -r -a columns <<< "$header"
  for column in "${columns[@]}"; do
    row+="$separator$(csv_field "${known[$column]:-}")"
    separator=","
  done
  echo "$row"
}

# Repairs a half row at the end of $out (see repair_half_row), saying so here and in the log. Called with the
# file locked.
repair_tail() {
  local note
  note="$(repair_half_row "$out")"
  if [[ -n "$note" ]]; then echo "sweep.sh: $note" | tee -a "$log" >&2; fi
}

# Appends the staged rows to $out in place, holding an exclusive lock on it (other sweeps and Slurm array
# tasks may write the same file): repairs a half row, writes the header into an empty file, then the rows.
# shellcheck disable=SC2094 # the file is read and appended to under one lock, on purpose
append_rows() {
  {
    flock -x 9 || return 1
    repair_tail
    if [[ ! -s "$out" ]]; then
      echo "$full_header" >&9 || return 1
    elif [[ "$(head -n 1 "$out")" != "$full_header" ]]; then
      echo "sweep.sh: $out was given another header meanwhile (another sweep with other columns); the rows of" \
        "$name workers=$item are not recorded" >&2
      return 1
    fi
    cat "$staged_file" >&9
  } 9>> "$out"
}

# Adds the run's stderr to the log, under a heading saying which run it was.
log_run() {
  {
    flock -x 9
    {
      echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) attempt $attempt $id $name workers=$item: ${launch_env[*]} ${launch[*]}"
      cat "$errors_file"
      echo "=== exit code $1"
    } >&9
  } 9>> "$log"
}

# Why a run that ended with code $1 stopped, when a signal stopped it rather than the model failing: killed
# by INT or TERM (exit 130, 143), or mpirun, which turns a TERM or INT of its own into a silent exit 1
# (every failure of its job prints a banner of dashes to stderr).
stopped_by() {
  local code="$1"
  if ((code == 130)); then echo INT; return; fi
  if ((code == 143)); then echo TERM; return; fi
  if ((code != 0)) && [[ "$launch_kind" == mpi* && "$launcher" == mpirun ]] && ! grep -Eq '^-{20,}$' "$errors_file"; then
    echo TERM
  fi
}

# shellcheck disable=SC2094 # read and appended to under one lock, on purpose
{ flock -x 8; record_model "$out_dir/models.jsonl" "$describe"; } 8>> "$out_dir/models.jsonl"
if [[ -s "$out" ]]; then { flock -x 9; repair_tail; } 9>> "$out"; fi

started=$(date +%s)
measured=0
index=0
for item in "${items[@]}"; do
  index=$((index + 1))
  plan_run "$item"
  id="cfg-$(config_id "$item")"
  again=""
  if [[ "$fresh" == false ]]; then
    if config_done "$id"; then
      echo "[$index/${#items[@]}] $name workers=$item: already in $out, skipped" >&2
      continue
    fi
    if config_tried "$id"; then again=", again (failed before; its rows stay)"; fi
  fi
  eta="?"
  if ((measured > 0)); then
    left=$(((${#items[@]} - index + 1) * ($(date +%s) - started) / measured))
    eta="$((left / 60))m$((left % 60))s"
  fi
  note=""
  if [[ "$oversubscribed" == true ]]; then note=" (oversubscribed: more threads or ranks than $cores cores)"; fi
  echo "[$index/${#items[@]}] $name workers=$item$note$again ... ETA $eta" >&2

  run_start=$(date +%s.%N)
  "${run_prefix[@]}" env "${launch_env[@]}" "${launch[@]}" > "$rows_file" 2> "$errors_file" < /dev/null &
  child=$!
  follow_run "$child" &
  follower=$!
  code=0
  wait "$child" || code=$?
  child=""
  run_end=$(date +%s.%N)
  stop_follower
  measured=$((measured + 1))
  process_s=$(awk -v a="$run_start" -v b="$run_end" 'BEGIN { printf "%.6f", b - a }')
  # Only whole lines count: a run killed mid-print leaves its last line without a newline.
  complete="$(wc -l < "$rows_file")"
  printed=$((complete > 1 ? complete - 1 : 0))
  # One row per repeat, or one per kernel and repeat in the mem suite: every repeat as many as the fullest one
  # (the repeat column, the sixth, holds no comma).
  per_repeat="$(head -n "$complete" "$rows_file" | awk -F, 'NR > 1 && ++rows[$6] > most { most = rows[$6] }
    END { print (most > 1 ? most : 1) }')"
  expected=$((repeats * per_repeat))
  # scancel signals a Slurm job's steps a moment before its batch script, so a run it killed may end
  # with any code (srun can even return 0): a run that failed or printed fewer rows than its repeats
  # first waits a second for the sweep's own stop signal (the trap).
  if ((code != 0 || printed != expected)); then
    sleep 1 &
    wait $! || true
  fi
  # INT or TERM that reached only the run (Slurm's --signal without B: signals a job's steps) means the work
  # is being stopped, not that the model failed: the run is not recorded, so the rerun measures it again.
  # Crashes and KILL (e.g. out of memory) are recorded below.
  signal="$(stopped_by "$code")"
  if [[ -n "$signal" ]]; then
    log_run "$code (stopped by SIG$signal, not recorded)"
    echo "sweep.sh: $name workers=$item was stopped by a signal (SIG$signal, exit $code) and is not recorded;" \
      "completed runs are kept in $out, run the same command again to resume" >&2
    summary
    if [[ "$signal" == INT ]]; then exit 130; fi
    exit 143
  fi
  if ((code == 0 && printed != expected)); then
    echo "sweep.sh: $name workers=$item exited 0 but printed $printed of $expected rows;" \
      "recorded as failed (exit_code 1)" | tee -a "$errors_file" >&2
    code=1
  fi
  log_run "$code"
  suffix=",$id,$attempt,$process_s,$oversubscribed,$code"
  if ((printed > 0)); then
    head -n "$complete" "$rows_file" | awk -v suffix="$suffix" 'NR > 1 { print $0 suffix }' > "$staged_file"
  else
    echo "$(failed_row)$suffix" > "$staged_file"
  fi
  if ! append_rows; then
    echo "sweep.sh: the rows of $name workers=$item could not be appended to $out (see above); stopping" >&2
    failed=$((failed + 1))
    summary
    exit 1
  fi
  added=$((added + 1))
  if ((code != 0)); then
    failed=$((failed + 1))
    # Exit 2 is a refusal before any work; the arguments passed the checks above, so what refused them
    # is this machine (its open-file limit, its memory).
    if ((code == 2)); then machine_refused=$((machine_refused + 1)); fi
    echo "sweep.sh: $name workers=$item exited with $code (recorded); last lines of its stderr:" >&2
    tail -n 3 "$errors_file" >&2
  fi
done
summary
if ((failed > 0)); then exit 1; fi
