# Shared by the slurm/*.sbatch jobs (sourced, not run): help, settings, the models of the build, the allocation's
# size, and sweeps that stop cleanly on the signal Slurm sends before the time limit or on scancel.
# shellcheck shell=bash
# Sourced as `source job_lib.sh SCRIPT ARGS...`: SCRIPT is the submitted file (sbatch runs a spooled copy),
# ARGS the job's own arguments (--help prints SCRIPT's header).
job="${1##*/}"
# shellcheck disable=SC2034 # die_usage (scripts/lib.sh) names the job in its messages
script_name="$job"
BB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$BB_ROOT/scripts/lib.sh"

# --help prints the job script's header: its #SBATCH defaults and the BB_* settings.
if [[ "${2:-}" == -h || "${2:-}" == --help ]]; then
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[-1]}" | grep '^#' | sed -e 's/^# //' -e 's/^#$//'
  exit 0
fi

whole='[1-9][0-9]*'
list="$whole(,$whole)*"

# The value of setting $1 (BB_*), or the default $2; checked against the pattern $3.
bb_setting() {
  local name="$1" default="$2" pattern="$3" value
  value="${!name:-$default}"
  [[ "$value" =~ ^($pattern)$ ]] || die_usage "$name='$value' is not valid (expected $4)"
  echo "$value"
}

# The settings of every sweeping job: build (BB_BUILD), BB_OUT, repeats (BB_REPEATS, default $1), warmup
# (BB_WARMUP) and params (BB_PARAMS).
# shellcheck disable=SC2034 # the job scripts read them
bb_common_settings() {
  build="$(bb_setting BB_BUILD "$BB_ROOT/build" '.+' 'a folder')"
  BB_OUT="$(bb_setting BB_OUT "$BB_ROOT/results/slurm/${SLURM_JOB_ID:-local}" '.+' 'a folder')"
  repeats="$(bb_setting BB_REPEATS "$1" "$whole" 'a whole number >= 1')"
  warmup="$(bb_setting BB_WARMUP 1 '[0-9]+' 'a whole number >= 0')"
  bb_read_params
}

# Sets params to the sweep's --param options for each NAME=VALUE of BB_PARAMS (space-separated).
bb_read_params() {
  local pair
  params=()
  for pair in ${BB_PARAMS:-}; do
    [[ "$pair" =~ ^[A-Za-z_][A-Za-z0-9_]*=[^,\"]*$ ]] || die_usage "BB_PARAMS: '$pair' is not NAME=VALUE"
    params+=(--param "$pair")
  done
}

# The models of suite $1 that build $2 lists (read_registry, scripts/lib.sh), narrowed to BB_MODELS when
# set: comma-separated full names, or names without the "SUITE_" prefix (seq, omp, ...). Sets models (the
# chosen names, in the build's order). A build without its models is refused before anything runs.
bb_models() {
  local suite="$1" build="$2" name item choices="" hint
  local -a known=() asked=()
  hint="build once on a login node (cmake --preset release && cmake --build --preset release, in $BB_ROOT)"
  read_registry "$build" "$hint or set BB_BUILD to the build folder" || exit 2
  for name in "${registry[@]}"; do
    [[ "${registry_suite[$name]}" == "$suite" ]] || continue
    known+=("$name")
    choices+="${choices:+, }${name#"${suite}_"}"
  done
  [[ ${#known[@]} -gt 0 ]] || die_usage "BB_BUILD=$build holds no model of the $suite suite"
  IFS=',' read -r -a asked <<< "${BB_MODELS:-}"
  for item in "${asked[@]}"; do
    [[ " ${known[*]} " == *" $item "* || " ${known[*]} " == *" ${suite}_$item "* ]] \
      || die_usage "BB_MODELS='$BB_MODELS' is not valid (expected a comma-separated list of $choices)"
  done
  declare -g -a models=()
  for name in "${known[@]}"; do if wanted "$name" "$suite"; then models+=("$name"); fi; done
}

# Succeeds when BB_MODELS chooses model $1 of suite $2, by its name or its name without "SUITE_"; unset, all.
wanted() {
  [[ -z "${BB_MODELS:-}" || ",$BB_MODELS," == *",$1,"* || ",$BB_MODELS," == *",${1#"${2}_"},"* ]]
}

# Asks executable $1 whether it accepts the options after $2 (the setting they come from), before anything runs.
bb_check_arguments() {
  local executable="$1" setting="$2" error
  shift 2
  if ! error="$("$executable" --csv-header "$@" 2>&1 >/dev/null)"; then
    error="${error#*error: }"
    # The executable's own pointer to its --help gives way to the job's.
    die_usage "$setting: ${error% (see --help)}"
  fi
}

# CPUs of the whole allocation: SLURM_JOB_CPUS_PER_NODE reads e.g. "8(x2),4" for 2 nodes of 8 and one of 4.
bb_allocation_cpus() {
  local spec="${SLURM_JOB_CPUS_PER_NODE:-}" total=0 item count repeat
  if [[ -z "$spec" ]]; then nproc; return; fi
  IFS=',' read -r -a items <<< "$spec"
  for item in "${items[@]}"; do
    count="${item%%(*}"
    repeat=1
    if [[ "$item" == *"(x"* ]]; then repeat="${item#*(x}"; repeat="${repeat%)}"; fi
    total=$((total + count * repeat))
  done
  echo "$total"
}

# 1,2,4,... below $1, then $1 itself: the counts a sweep up to $1 visits.
bb_doubling_list() {
  local limit="$1" count=1 list=""
  while ((count < limit)); do list+="$count,"; count=$((count * 2)); done
  echo "$list$limit"
}

# The settings in effect ($2...) and the allocation, written beside the results so a CSV can be traced to its job.
bb_record_job() {
  local file="$1/job-${SLURM_JOB_ID:-local}.txt"
  shift
  {
    echo "# $job, $(date -u +%Y-%m-%dT%H:%M:%SZ), host $(uname -n)"
    printf '%s\n' "$@"
    env | grep -E '^(SLURM_(JOB_ID|JOB_NAME|JOB_NODELIST|JOB_NUM_NODES|NTASKS|CPUS_PER_TASK|JOB_CPUS_PER_NODE|SUBMIT_DIR)=)' | sort
  } > "$file"
}

bb_sweep_pid=""
bb_stopping=false
bb_on_signal() {
  bb_stopping=true
  if [[ -n "$bb_sweep_pid" ]]; then kill -TERM "$bb_sweep_pid" 2>/dev/null || true; fi
}
# --signal=B:TERM@N reaches only this shell, and bash runs a trap only between commands,
# so each sweep runs in the background and the trap passes the signal on to it.
trap bb_on_signal TERM INT USR1

bb_sweep() {
  if [[ "$bb_stopping" == true ]]; then return 0; fi
  local code=0
  bash "$BB_ROOT/scripts/sweep.sh" "$@" &
  bb_sweep_pid=$!
  wait "$bb_sweep_pid" || code=$?
  # A trap interrupts wait; wait again until the sweep has written its last whole row and left.
  while kill -0 "$bb_sweep_pid" 2>/dev/null; do wait "$bb_sweep_pid" || code=$?; done
  bb_sweep_pid=""
  # 130: the sweep or its run was stopped by a signal that did not reach this shell (e.g. --signal without B:).
  if [[ "$bb_stopping" == true ]] || ((code == 130)); then
    echo "$job: stopped by a signal (time limit or scancel); finished rows are kept in $BB_OUT." >&2
    echo "$job: to resume, submit again with BB_OUT=$BB_OUT" >&2
    exit 143
  fi
  if ((code != 0)); then
    echo "$job: sweep.sh failed with exit code $code: $*" >&2
    exit "$code"
  fi
}

# Exit status of the job: 1 when any run in the CSVs failed, so a dependent afterok job does not start.
bb_finish() {
  local failed=0 file
  for file in "$@"; do
    [[ -s "$file" ]] || continue
    # sweep.sh writes exit_code as the last column.
    failed=$((failed + $(tail -n +2 "$file" | awk -F',' '$NF != 0 { n++ } END { print n + 0 }')))
  done
  if ((failed > 0)); then
    echo "$job: $failed row(s) of failed runs (exit_code != 0) in $*; see the .log beside each CSV" >&2
    exit 1
  fi
  echo "$job: done; results in $BB_OUT" >&2
}
