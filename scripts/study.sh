#!/usr/bin/env bash
# The main job: installs and builds what is missing, sweeps every model on this machine, then plots and reports.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/study.sh [--out DIR] [--quick] [--port P] [--h2-port Q] [--fresh] [--build DIR] [--dry-run]
                       [--help]

Builds boundbench (installing missing Debian packages first), starts the local
nginx target and measures which concurrency model fits which workload. The
models are those of build/models.list; each one's --describe says how it runs:
  CPU  sequential (cpu_seq): once per task list; threads and processes (cpu_omp,
       cpu_mpi): 1..2 x cores workers, with each schedule when the model has
       --schedule, also on the uneven list 50,63,32; with --gil when it has
       --gil (cpu_omp: the Python result); processes+threads (cpu_hybrid): the
       rank x thread splits of the cores
  I/O  latency 0, 10, 100 ms x workers 1, 4, 16, 64, 256, 1024 for every io
       model (a sequential one, io_seq, at 1 worker only); at 100 ms also 4096
       and 10000 transfers in flight, one request each; at each of these targets
       and worker counts the reference clients too: wrk over HTTP/1.1 for a fixed
       time (2 s, --quick 1 s), h2load over HTTP/2 (h2c) with the models'
       request count (ref_* rows in io.csv; a client not installed is skipped,
       saying so)
       and, at 100 ms and 4096 and 10000 in flight (--quick: 256), the models with
       event loops (io_multi, io_mpi) with --http2 again over HTTP/2 (h2c): the
       same requests multiplexed over one connection per multi handle instead of
       one per transfer, also with --client nghttp2 (HTTP/2 sessions without
       libcurl), and with --loops 2 (two event-loop threads sharing the
       requests); io_mpi (launch
       mpi+workers) runs on 2 ranks (1 on one core) sharing the same number in
       flight, e.g. 2x50 for 100 (a count the ranks cannot share evenly is left out)
  MEM  every mem model, kernels triad and gather on 512 MiB (--quick: 128 MiB),
       1..cores workers (mem_mpi: ranks), processes+threads (mem_hybrid) the
       rank x thread splits; a fixed size keeps the time bounded where the
       executables' default (4x the last-level cache) would be large; the
       report says where the arrays fit the cache
  and the seed's own Python models on the same tasks and target (py_* rows),
  and the memory triad in Python: a plain loop at 12 MiB sequential, on cores
  threads and cores processes; numpy's on 1..cores threads at the C++ size.
Writes cpu.csv, io.csv, mem.csv, python_cpu.csv, python_io.csv, python_mem.csv
(each with a .log of the runs' stderr), models.jsonl (what each model is),
build.log, the plots and report.md into DIR. Each configuration is one line:
its stage, its number of all planned and the time left. Ctrl-C stops cleanly
(target stopped, finished rows kept); run again with the same --out to resume:
configurations done are skipped, failed ones measured again.

Exit status: 0 when every run succeeded; 1 when some run failed (recorded in the
CSVs with its exit code; the last line counts them). A run refused up front by
a limit of this machine (e.g. io_threads at 10000 threads needs more open files
than allowed: exit 2) is recorded and reported, not counted as a failure.
2 for bad usage, 130 or 143 when stopped by INT or TERM.

  --out DIR    where results go (default results/<host>-<UTC date>); not a file
  --quick      fewer repeats, worker counts and requests (about 1.5 minutes on 2 cores
               once built, 6 for the default; the first build adds about 3)
  --port P     port of the local nginx target (default 8788)
  --h2-port Q  its HTTP/2 (h2c) port, for h2load (default P + 1)
  --fresh      measure every configuration again (new attempt); the Python
               references carry no attempt and are measured once per DIR
  --build DIR  use the executables of DIR as they are instead of building the
               release preset into build/
  --dry-run    print the planned configurations, numbered, and run nothing
               (needs a build: build/ or --build)
  --help       show this help
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
out=""
quick=false
port=8788
h2_port=""
fresh=false
build=""
dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 && -n "$2" ]] || die_usage "--out needs a directory"; out="$2"; shift 2 ;;
    --quick) quick=true; shift ;;
    --port)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ && "$2" -le 65535 ]] || die_usage "--port needs 1..65535"
      port="$2"; shift 2 ;;
    --h2-port)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ && "$2" -le 65535 ]] || die_usage "--h2-port needs 1..65535"
      h2_port="$2"; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --build) [[ $# -ge 2 && -n "$2" ]] || die_usage "--build needs a directory"; build="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
out="${out:-$root/results/$(uname -n)-$(date -u +%Y-%m-%d)}"
h2_port="${h2_port:-$((port + 1))}"
if ((h2_port == port || h2_port > 65535)); then
  die_usage "--h2-port needs a port of its own, 1..65535, not $h2_port (--port $port)"
fi
if [[ -e "$out" && ! -d "$out" ]]; then die_usage "--out $out is a file; name a directory for the results"; fi
if [[ -n "$build" && ! -d "$build" ]]; then die_usage "--build $build is not a directory"; fi
started=$(date +%s)

if [[ "$dry_run" == false ]]; then
  if ! made="$(mkdir -p "$out" 2>&1)"; then die_usage "--out $out cannot be created: ${made##*: }"; fi
  # The folder must take files before anything is built (not writable, read-only, or full).
  if ! made="$(dir_takes_files "$out")"; then die_usage "--out $out: cannot write in it: $made"; fi
fi

if [[ -z "$build" ]]; then
  build="$root/build"
  if [[ "$dry_run" == false ]]; then
    echo "study.sh: installing missing packages (scripts/deps.sh)" >&2
    bash "$root/scripts/deps.sh"
    echo "study.sh: building the release preset into $build (log: $out/build.log)" >&2
    if ! (cd "$root" && cmake --preset release && cmake --build --preset release -j "$(nproc)") > "$out/build.log" 2>&1; then
      echo "study.sh: the build failed; its last lines (all in $out/build.log):" >&2
      tail -n 15 "$out/build.log" >&2
      exit 1
    fi
  fi
elif [[ "$dry_run" == false ]]; then
  echo "study.sh: installing missing packages (scripts/deps.sh); using the build in $build as it is" >&2
  bash "$root/scripts/deps.sh"
fi
read_registry "$build" "build it first: cmake --preset release && cmake --build --preset release" || exit 1

cores="$(nproc)"
if [[ "$quick" == true ]]; then
  cpu_repeats=2; io_repeats=2; max_workers="$cores"; io_workers=(1 16 256); python_repeats=1
  mem_repeats=3; mem_kernels=triad,gather; mem_size=128M
  cpu_tasks=30x40; uneven=40,50,30; python_tasks=30x6
  # Fewer requests than the full study's (requests_for's default 4 per worker, at least 64): still several per worker.
  io_requests=(2 32)
  ref_duration=1
  many_in_flight=()
  http2_in_flight=(256)
  loops_in_flight=(256)
  python_workers=(16)
else
  cpu_repeats=5; io_repeats=3; max_workers=$((2 * cores)); io_workers=(1 4 16 64 256 1024); python_repeats=3
  # Three repeats keep a spread to judge the noise by; every configuration sets up its arrays (and shuffles
  # gather's index) anew, which costs more than its passes.
  mem_repeats=3; mem_kernels=triad,gather; mem_size=512M
  cpu_tasks=30x100; uneven=50,63,32; python_tasks=30x20
  io_requests=()
  ref_duration=2
  # Where an event loop should leave threads behind: thousands of slow transfers in flight. One request per
  # transfer keeps a run near the 100 ms delay; io_threads is tried there too (its open-file budget may refuse).
  many_in_flight=(4096 10000)
  # HTTP/2 against HTTP/1.1 on the same slow requests: a few multiplexed connections instead of one per transfer.
  http2_in_flight=(4096 10000)
  # Two event loops against one where a single loop's thread may be what limits it: thousands in flight.
  loops_in_flight=(4096 10000)
  python_workers=(16 256)
fi
# The reference clients whose tool is installed, with GNU time (scripts/ref_clients.py); the others are named in
# ref_missing and skipped.
ref_clients=()
ref_missing=""
for client in wrk:wrk h2load:nghttp2-client; do
  if command -v "${client%%:*}" >/dev/null && [[ -x /usr/bin/time ]]; then
    ref_clients+=("${client%%:*}")
  else
    ref_missing+="${ref_missing:+; }ref_${client%%:*} (needs ${client%%:*} and /usr/bin/time: packages ${client#*:}"
    ref_missing+=" and time, which scripts/deps.sh installs)"
  fi
done
# io_mpi's ranks: two show the ranks axis against the other models at the same total in flight.
io_ranks=$((cores < 2 ? cores : 2))
# The values of --schedule (a --describe names a model's options, not their values).
schedules=(static dynamic)
seq_list() { local list="" n; for ((n = $1; n <= $2; n++)); do list+="${list:+,}$n"; done; echo "$list"; }
# The rank x thread splits of the cores (1x4,2x2,4x1 on 4), the items of a processes+threads model.
core_splits() {
  local list="" ranks
  for ((ranks = 1; ranks <= cores; ranks++)); do
    if ((cores % ranks == 0)); then list+="${list:+,}${ranks}x$((cores / ranks))"; fi
  done
  echo "$list"
}
# The plain-loop triad's size: the interpreter, not memory, sets its pace, so a small one keeps it short; large
# enough that handing a pool its chunks (a millisecond or so) stays a small part of a run.
python_mem_size=12M

# The study runs its plan twice: once to count the configurations (each worker count of a sweep, each Python
# run), so every line can say "i of N" and the time left, then to measure them.
mode=count
planned=0
index=0
measured=0
measured_s=0
added=0
failed=0
machine_refused=0
stop_code=0
child=""
child_pid=""
attempt_floor=""

# Runs "$@" in the background and waits for it, so a TERM or INT for this script (its trap) is passed on at
# once instead of after the configuration; sets code to its exit status and child_pid to its process id.
run_child() {
  code=0
  "$@" &
  child=$!
  child_pid="$child"
  wait "$child" || code=$?
  # A trap interrupts wait; wait again until the child has written its last row and left.
  while kill -0 "$child" 2>/dev/null; do
    code=0
    wait "$child" || code=$?
  done
  child=""
}

# The overall line of one configuration: stage, i of N, and the time left at the mean time of those measured.
announce() {
  local eta="?"
  index=$((index + 1))
  if [[ "$dry_run" == true ]]; then echo "study.sh: [$index/$planned] $1" >&2; return 0; fi
  if ((measured > 0)); then
    local left=$(((planned - index + 1) * measured_s / measured))
    eta="$((left / 60))m$((left % 60))s"
  fi
  echo "study.sh: [$index/$planned] $1; ETA $eta" >&2
}

# Counts what the sweep of process $1 added to CSV $2: rows of its attempt (UTC time of its start, not before
# this configuration began, and its process id), by exit code: 0 measured, 2 refused by a limit of this
# machine (its arguments had passed the sweep's checks), anything else failed.
count_sweep() {
  local outcome runs bad refused
  outcome="$(awk -F, -v pid="-$1" -v floor="$attempt_floor" '
    NR > 1 && substr($(NF - 3), length($(NF - 3)) - length(pid) + 1) == pid && $(NF - 3) >= floor {
      runs[$(NF - 4)] = $NF
    }
    END { for (config in runs) { n++; if (runs[config] == 2) refused++; else if (runs[config] != 0) bad++ }
          printf "%d %d %d\n", n, bad, refused }' "$2" 2>/dev/null || echo "0 0 0")"
  read -r runs bad refused <<< "$outcome"
  sweep_runs="$runs"
  added=$((added + runs))
  failed=$((failed + bad))
  machine_refused=$((machine_refused + refused))
}

# One configuration of a sweep: sweep_config LABEL CSV SWEEP_ARGS... (one worker item among them).
sweep_config() {
  local label="$1" csv="$2" began
  shift 2
  if [[ "$mode" == count ]]; then planned=$((planned + 1)); return 0; fi
  announce "$label"
  if [[ "$dry_run" == true ]]; then return 0; fi
  began=$(date +%s)
  attempt_floor="$(date -u +%Y%m%dT%H%M%SZ)"
  run_child bash "$root/scripts/sweep.sh" --build "$build" --out "$csv" "${fresh_option[@]}" "$@"
  case "$code" in
    0|1) ;;
    130|143) stop_code="$code" ;;
    *) echo "study.sh: the sweep above was refused (exit $code); counted as a failed run" >&2
       failed=$((failed + 1)) ;;
  esac
  stop_if_signalled
  count_sweep "$child_pid" "$csv"
  # Only configurations measured now tell the time one takes; skipped ones take none.
  if ((sweep_runs > 0)); then
    measured=$((measured + 1))
    measured_s=$((measured_s + $(date +%s) - began))
  fi
}

# A sweep of worker counts, one configuration each: sweep_each LABEL LIST CSV SWEEP_ARGS... [-- EXE_ARGS...]
sweep_each() {
  local label="$1" list="$2" csv="$3" item
  shift 3
  local -a workers_items
  IFS=',' read -r -a workers_items <<< "$list"
  for item in "${workers_items[@]}"; do
    sweep_config "$label workers=$item" "$csv" --workers "$item" "$@"
  done
}

# One Python reference run: python_run LABEL CSV KEY COMMAND... Its rows go into CSV whole, appended in place
# under a lock, tagged with KEY (a "run" column, the file's last), so a rerun skips runs already there.
python_run() {
  local label="$1" file="$2" key="$3" staged began
  shift 3
  if [[ "$mode" == count ]]; then planned=$((planned + 1)); return 0; fi
  announce "$label"
  if [[ "$dry_run" == true ]]; then return 0; fi
  if [[ -s "$file" ]] && grep -q -- ",$key\$" "$file"; then
    echo "study.sh: $key already in $file, skipped" >&2
    return 0
  fi
  began=$(date +%s)
  staged="$scratch/python.csv"
  run_child "$@" --param "run=$key" --csv > "$staged" 2>> "${file%.csv}.log"
  stop_if_signalled
  measured=$((measured + 1))
  measured_s=$((measured_s + $(date +%s) - began))
  if ((code != 0)) || [[ ! -s "$staged" ]]; then
    echo "study.sh: $label failed (exit $code), nothing recorded; see ${file%.csv}.log" >&2
    failed=$((failed + 1))
    return 0
  fi
  # shellcheck disable=SC2094 # the file is read and appended to under one lock, on purpose
  {
    flock -x 9
    if [[ ! -s "$file" ]]; then
      cat "$staged" >&9
    elif [[ "$(head -n 1 "$file")" == "$(head -n 1 "$staged")" ]]; then
      tail -n +2 "$staged" >&9
    else
      echo "study.sh: $file holds another layout than $label prints; its rows are not recorded" >&2
      failed=$((failed + 1))
      return 0
    fi
  } 9>> "$file"
  added=$((added + 1))
}

stage() {
  if [[ "$mode" == run ]]; then echo "study.sh: $1" >&2; fi
}

# Sets suite_models to the models of suite $1, in the build's order.
models_of() {
  local name
  suite_models=()
  for name in "${registry[@]}"; do if [[ "${registry_suite[$name]}" == "$1" ]]; then suite_models+=("$name"); fi; done
}

plan_cpu() {
  local cpu=("$out/cpu.csv" --repeats "$cpu_repeats") longest splits model describe options schedule tasks
  stage "CPU suite -> $out/cpu.csv (runs' stderr in $out/cpu.log)"
  longest="$(tr ',' '\n' <<< "$uneven" | sort -n | tail -n 1)"
  splits="$(core_splits)"
  models_of cpu
  for model in "${suite_models[@]}"; do
    describe="${registry_describe[$model]}"
    case "${registry_kind[$model]}" in
      sequential)
        # The longest task of the uneven list alone is what the uneven list cannot beat.
        for tasks in "$cpu_tasks" "$uneven" "$longest" "$python_tasks"; do
          sweep_config "cpu: $model --tasks $tasks" "${cpu[@]}" --exe "$model" -- --tasks "$tasks"
        done ;;
      processes+threads)
        # The rank x thread splits of the cores; the dynamic schedule (when it has one) balances inside each rank.
        options=()
        if describe_has_option --schedule "$describe"; then options=(--schedule dynamic); fi
        sweep_each "cpu: $model --tasks $cpu_tasks${options[*]:+ ${options[*]}}" "$splits" "${cpu[@]}" --exe "$model" \
          -- --tasks "$cpu_tasks" "${options[@]}" ;;
      *)
        # Once per schedule; once in all for a model without --schedule (the empty entry).
        local model_schedules=("")
        if describe_has_option --schedule "$describe"; then model_schedules=("${schedules[@]}"); fi
        for schedule in "${model_schedules[@]}"; do
          options=()
          if [[ -n "$schedule" ]]; then options=(--schedule "$schedule"); fi
          sweep_each "cpu: $model --tasks $cpu_tasks${options[*]:+ ${options[*]}}" "$(seq_list 1 "$max_workers")" "${cpu[@]}" \
            --exe "$model" -- --tasks "$cpu_tasks" "${options[@]}"
          sweep_each "cpu: $model --tasks $uneven${options[*]:+ ${options[*]}}" "$(seq_list 1 "$cores")" "${cpu[@]}" \
            --exe "$model" -- --tasks "$uneven" "${options[@]}"
        done
        # The emulated interpreter lock: the Python threads result, reproduced in C++.
        if describe_has_option --gil "$describe"; then
          sweep_each "cpu: $model --tasks $cpu_tasks --gil" "$(seq_list 1 "$cores")" "${cpu[@]}" --exe "$model" \
            -- --tasks "$cpu_tasks" --gil
        fi ;;
    esac
  done
}

plan_python_cpu() {
  local model
  stage "Python reference (the seed's CPU experiment) -> $out/python_cpu.csv"
  for model in seq threads processes; do
    python_run "python cpu: py_$model --workers $cores --tasks $python_tasks" "$out/python_cpu.csv" "py-$model" \
      python3 "$root/scripts/py_cpu_reference.py" --model "$model" --workers "$cores" --tasks "$python_tasks" \
      --repeats "$python_repeats"
  done
}

plan_mem() {
  local mem=("$out/mem.csv" --repeats "$mem_repeats") arguments=(--kernel "$mem_kernels" --size "$mem_size") model
  stage "Memory suite -> $out/mem.csv (runs' stderr in $out/mem.log)"
  models_of mem
  for model in "${suite_models[@]}"; do
    case "${registry_kind[$model]}" in
      sequential) sweep_config "mem: $model ${arguments[*]}" "${mem[@]}" --exe "$model" -- "${arguments[@]}" ;;
      processes+threads)
        sweep_each "mem: $model ${arguments[*]}" "$(core_splits)" "${mem[@]}" --exe "$model" -- "${arguments[@]}" ;;
      *) sweep_each "mem: $model ${arguments[*]}" "$(seq_list 1 "$cores")" "${mem[@]}" --exe "$model" \
           -- "${arguments[@]}" ;;
    esac
  done
}

plan_python_mem() {
  local model workers
  stage "Python reference (the memory triad) -> $out/python_mem.csv"
  python_run "python mem: py_mem_seq --size $python_mem_size" "$out/python_mem.csv" "py-mem-seq" \
    "${python_mem_reference[@]}" --model seq --size "$python_mem_size" --repeats "$mem_repeats"
  for model in threads processes; do
    python_run "python mem: py_mem_$model --workers $cores --size $python_mem_size" "$out/python_mem.csv" \
      "py-mem-$model" "${python_mem_reference[@]}" --model "$model" --workers "$cores" --size "$python_mem_size" \
      --repeats "$mem_repeats"
  done
  # numpy at the C++ models' size: the two meet in the decision map.
  for ((workers = 1; workers <= cores; workers++)); do
    python_run "python mem: py_numpy_threads --workers $workers --size $mem_size" "$out/python_mem.csv" \
      "py-numpy-threads-$workers" "${python_mem_reference[@]}" --model numpy_threads --workers "$workers" \
      --size "$mem_size" --repeats "$mem_repeats"
  done
}

# The reference clients at one target and worker count (rows in io.csv, set against the models by the report):
# ref_wrk over HTTP/1.1 for ref_duration seconds, ref_h2load over HTTP/2 on the h2c port with the models' requests.
plan_references() {
  local latency_ms="$1" workers="$2" requests="$3" client
  local io=("$out/io.csv" --repeats "$io_repeats" --param "latency_ms=$latency_ms")
  for client in "${ref_clients[@]}"; do
    case "$client" in
      wrk) sweep_each "io $latency_ms ms: ref_wrk --duration $ref_duration" "$workers" "${io[@]}" \
             --exe "$root/scripts/ref_wrk.py" -- --url "$(latency_url "$port" "$latency_ms")" \
             --duration "$ref_duration" ;;
      h2load) sweep_each "io $latency_ms ms: ref_h2load --requests $requests" "$workers" "${io[@]}" \
                --exe "$root/scripts/ref_h2load.py" -- --url "$(latency_url "$h2_port" "$latency_ms")" \
                --requests "$requests" ;;
    esac
  done
}

# At 100 ms and the worker counts of http2_in_flight, each model with event loops (--loops: io_multi, io_mpi)
# fetches the same requests again over h2c: one connection per multi handle (16 for 10,000 in flight) instead of
# one per transfer; and, where it has --client, with nghttp2 driving the HTTP/2 sessions instead of libcurl.
# plan_http2 LATENCY_MS WORKERS REQUESTS
plan_http2() {
  local latency_ms="$1" workers="$2" requests="$3" model item
  if ((latency_ms != 100)) || [[ " ${http2_in_flight[*]} " != *" $workers "* ]]; then return 0; fi
  for model in "${suite_models[@]}"; do
    describe_has_flag --http2 "${registry_describe[$model]}" || continue
    describe_has_option --loops "${registry_describe[$model]}" || continue
    item="$(io_item "$model" "$workers")"
    [[ -n "$item" ]] || continue
    sweep_each "io $latency_ms ms: $model --http2 --requests $requests" "$item" "$out/io.csv" \
      --repeats "$io_repeats" --param "latency_ms=$latency_ms" --exe "$model" \
      -- --url "$(latency_url "$h2_port" "$latency_ms")" --requests "$requests" --http2
    if describe_has_option --client "${registry_describe[$model]}"; then
      sweep_each "io $latency_ms ms: $model --http2 --client nghttp2 --requests $requests" "$item" "$out/io.csv" \
        --repeats "$io_repeats" --param "latency_ms=$latency_ms" --exe "$model" \
        -- --url "$(latency_url "$h2_port" "$latency_ms")" --requests "$requests" --http2 --client nghttp2
    fi
  done
}

# With --loops 2 at 100 ms and the worker counts of loops_in_flight: each model that has --loops (io_multi, and
# each io_mpi rank), its requests shared by two threads, each an epoll loop with its own multi handles.
# plan_loops LATENCY_MS WORKERS REQUESTS
plan_loops() {
  local latency_ms="$1" workers="$2" requests="$3" model item
  if ((latency_ms != 100)) || [[ " ${loops_in_flight[*]} " != *" $workers "* ]]; then return 0; fi
  for model in "${suite_models[@]}"; do
    describe_has_option --loops "${registry_describe[$model]}" || continue
    item="$(io_item "$model" "$workers")"
    [[ -n "$item" ]] || continue
    sweep_each "io $latency_ms ms: $model --loops 2 --requests $requests" "$item" "$out/io.csv" \
      --repeats "$io_repeats" --param "latency_ms=$latency_ms" --exe "$model" \
      -- --url "$(latency_url "$port" "$latency_ms")" --requests "$requests" --loops 2
  done
}

# The worker item of io model $1 at $2 transfers in flight, nothing where it has none: a sequential model runs
# at 1 only; one launched mpi+workers (io_mpi) as io_ranks ranks x an equal share, RxW, so its total in
# flight is the other models' (none where the ranks cannot share it evenly).
io_item() {
  local model="$1" workers="$2"
  if [[ "$(describe_field launch "${registry_describe[$model]}")" == mpi+workers ]]; then
    if ((workers % io_ranks == 0)); then echo "${io_ranks}x$((workers / io_ranks))"; fi
  elif [[ "${registry_kind[$model]}" != sequential ]] || ((workers == 1)); then
    echo "$workers"
  fi
}

plan_io() {
  local latency_ms url workers requests model io item
  stage "I/O suite against nginx on 127.0.0.1:$port (h2c on $h2_port) -> $out/io.csv (runs' stderr in $out/io.log)"
  if [[ "$mode" == run && -n "$ref_missing" ]]; then echo "study.sh: skipped $ref_missing" >&2; fi
  models_of io
  for latency_ms in 0 10 100; do
    url="$(latency_url "$port" "$latency_ms")"
    io=("$out/io.csv" --repeats "$io_repeats" --param "latency_ms=$latency_ms")
    for workers in "${io_workers[@]}"; do
      requests="$(requests_for "$workers" "${io_requests[@]}")"
      for model in "${suite_models[@]}"; do
        item="$(io_item "$model" "$workers")"
        if [[ -n "$item" ]]; then
          sweep_each "io $latency_ms ms: $model --requests $requests" "$item" "${io[@]}" --exe "$model" \
            -- --url "$url" --requests "$requests"
        fi
      done
      plan_references "$latency_ms" "$workers" "$requests"
      plan_http2 "$latency_ms" "$workers" "$requests"
      plan_loops "$latency_ms" "$workers" "$requests"
    done
    if ((latency_ms == 100)); then
      for workers in "${many_in_flight[@]}"; do
        for model in "${suite_models[@]}"; do
          item="$(io_item "$model" "$workers")"
          if [[ -n "$item" ]]; then
            sweep_each "io $latency_ms ms: $model --requests $workers" "$item" "${io[@]}" --exe "$model" \
              -- --url "$url" --requests "$workers"
          fi
        done
        plan_references "$latency_ms" "$workers" "$workers"
        plan_http2 "$latency_ms" "$workers" "$workers"
        plan_loops "$latency_ms" "$workers" "$workers"
      done
    fi
  done
}

plan_python_io() {
  local latency_ms url workers approach python_io
  stage "Python reference (the seed's fetch experiment) -> $out/python_io.csv"
  for latency_ms in 0 10 100; do
    url="$(latency_url "$port" "$latency_ms")"
    python_io=("${python_io_reference[@]}" --url "$url" --repeats "$python_repeats" --param "latency_ms=$latency_ms")
    python_run "python io $latency_ms ms: py_requests" "$out/python_io.csv" "py-requests-$latency_ms" \
      "${python_io[@]}" --approach requests --requests "$(requests_for 1)"
    for workers in "${python_workers[@]}"; do
      for approach in threads aiohttp; do
        python_run "python io $latency_ms ms: py_$approach workers=$workers" "$out/python_io.csv" \
          "py-$approach-$latency_ms-$workers" "${python_io[@]}" --approach "$approach" --workers "$workers" \
          --requests "$(requests_for "$workers")"
      done
    done
  done
}

# The system interpreter: aiohttp and requests come from Debian's packages (scripts/deps.sh).
python_io_reference=(/usr/bin/python3 "$root/scripts/py_io_reference.py")
# numpy comes from Debian's packages too.
python_mem_reference=(/usr/bin/python3 "$root/scripts/py_mem_reference.py")
fresh_option=()
if [[ "$fresh" == true ]]; then fresh_option=(--fresh); fi

plan_cpu
plan_python_cpu
plan_mem
plan_python_mem
plan_io
plan_python_io
mode=run
echo "study.sh: $planned configurations planned (CPU, Python CPU, memory, Python memory, I/O, Python I/O)," \
  "results in $out" >&2
if [[ "$dry_run" == true ]]; then
  plan_cpu
  plan_python_cpu
  plan_mem
  plan_python_mem
  plan_io
  plan_python_io
  exit 0
fi

# Scratch files beside the results, named by host and process; leftovers of a study that was killed go first.
host="$(uname -n)"
for leftover in "$out/.study.$host."*; do
  pid="${leftover##*.}"
  if [[ -d "$leftover" && "$pid" =~ ^[0-9]+$ && ! -d "/proc/$pid" ]]; then rm -rf "$leftover"; fi
done
scratch="$out/.study.$host.$$"
mkdir -p "$scratch"

target_started=false
stop_target() {
  if [[ "$target_started" == true ]]; then bash "$root/scripts/target.sh" stop --port "$port" >/dev/null || true; fi
  target_started=false
}
# The signal is passed on to the sweep or run in progress, which stops without recording it; the study
# stops after it (stop_if_signalled).
on_signal() {
  stop_code="$1"
  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null || true; fi
}
summary() {
  if ((machine_refused > 0)); then
    echo "study.sh: $machine_refused run(s) refused to start by a limit of this machine (exit 2, e.g. more" \
      "threads than the open-file limit allows); recorded with their exit code and the reason in the log," \
      "not counted as failed" >&2
  fi
  echo "study.sh: $added run(s) added, $failed failed: see $out/*.log" >&2
}
stop_if_signalled() {
  if ((stop_code != 0)); then
    stop_target
    echo "study.sh: interrupted; finished rows are kept in $out, run the same command again to resume" >&2
    summary
    exit "$stop_code"
  fi
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'stop_target; rm -rf "$scratch"' EXIT

plan_cpu
for model in seq threads processes; do
  record_model "$out/models.jsonl" "$(python3 "$root/scripts/py_cpu_reference.py" --model "$model" --describe)"
done
plan_python_cpu

# Before the target starts: bandwidth wants quiet cores.
plan_mem
for model in seq threads processes numpy_threads; do
  record_model "$out/models.jsonl" "$("${python_mem_reference[@]}" --model "$model" --describe)"
done
plan_python_mem

echo "study.sh: starting the target: scripts/target.sh start --port $port --h2-port $h2_port" >&2
bash "$root/scripts/target.sh" start --port "$port" --h2-port "$h2_port" >/dev/null
target_started=true
plan_io
for approach in requests threads aiohttp; do
  record_model "$out/models.jsonl" "$("${python_io_reference[@]}" --approach "$approach" --describe)"
done
plan_python_io
stop_target

echo "study.sh: plots and report -> $out/report.md" >&2
shopt -s nullglob
csvs=("$out"/*.csv)
if python3 "$root/scripts/plot.py" "${csvs[@]}" --out "$out" > "$scratch/plots" 2>> "$out/report.log" \
  && mapfile -t plots < "$scratch/plots" \
  && python3 "$root/scripts/report.py" "${csvs[@]}" --out "$out/report.md" --cores "$cores" --plots "${plots[@]}" \
    > /dev/null 2>> "$out/report.log"; then
  echo "study.sh: done in $(($(date +%s) - started)) s; report: $out/report.md" >&2
else
  echo "study.sh: the plots or the report failed; see $out/report.log" >&2
  failed=$((failed + 1))
fi
summary
if ((failed > 0)); then exit 1; fi
