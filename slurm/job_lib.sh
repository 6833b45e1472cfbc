# Shared by the slurm/*.sbatch jobs (sourced, not run): help, settings checked before use, the models of the build,
# the allocation's size, the job's plan of sweeps, and sweeps whose failures and stops the job reports honestly.
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

# Patterns that every value taken from the environment (BB_* and SLURM_*) must match before bash computes
# with it or passes it on. Bash arithmetic runs the command substitutions in an array subscript
# (SLURM_NTASKS='a[$(cmd)]' runs cmd), reads a leading zero as octal and wraps past 2^63: numbers are
# therefore a few decimal digits without a leading zero.
# shellcheck disable=SC2034 # the job scripts use them too
re_count='[1-9][0-9]{0,5}'
# shellcheck disable=SC2034
re_counts="$re_count(,$re_count)*"
# shellcheck disable=SC2034
whole_count='a whole number 1-999999 without leading zeros'
# A file or folder: anything but control characters (a line break would split the job's records).
re_path='[^[:cntrl:]]+'

# The value of environment variable $1, or the default $2 when it is unset. A value that is set, even
# empty, must match the pattern $3: otherwise one line names the variable and what it accepts ($4), exit 2.
bb_setting() {
  local name="$1" default="$2" pattern="$3" value
  if [[ -z "${!name+set}" ]]; then
    echo "$default"
    return
  fi
  value="${!name}"
  [[ "$value" =~ ^($pattern)$ ]] || die_usage "$name=${value@Q} is not valid (expected $4)"
  echo "$value"
}

# The settings of every sweeping job: build (BB_BUILD), results (BB_OUT), repeats (BB_REPEATS, default $1),
# warmup (BB_WARMUP), params (BB_PARAMS) and the test hook BB_TEST_PAUSE_BETWEEN (see bb_sweep).
# shellcheck disable=SC2034 # the job scripts read them
bb_common_settings() {
  build="$(bb_setting BB_BUILD "$BB_ROOT/build" "$re_path" 'a folder')"
  results="$(bb_setting BB_OUT "$BB_ROOT/results/slurm/${SLURM_JOB_ID:-local}" "$re_path" 'a folder')"
  repeats="$(bb_setting BB_REPEATS "$1" "$re_count" "$whole_count")"
  warmup="$(bb_setting BB_WARMUP 1 "0|$re_count" 'a whole number 0-999999 without leading zeros')"
  bb_pause="$(bb_setting BB_TEST_PAUSE_BETWEEN "" '[1-9][0-9]?' 'seconds, 1-99')"
  bb_read_params
}

# Sets params to the sweep's --param options for each NAME=VALUE of BB_PARAMS (space-separated). The pairs
# are split by read, not by an unquoted expansion, which would also expand '*' into file names.
bb_read_params() {
  local pair
  local -a pairs=()
  params=()
  [[ -n "${BB_PARAMS+set}" ]] || return 0
  [[ "$BB_PARAMS" =~ ^[^[:cntrl:]]+$ ]] || die_usage "BB_PARAMS=${BB_PARAMS@Q} is not valid (expected \"NAME=VALUE NAME=VALUE\")"
  read -r -a pairs <<< "$BB_PARAMS"
  for pair in "${pairs[@]}"; do
    [[ "$pair" =~ ^[a-z][a-z0-9_]*=[^,\"\'\\]*$ ]] || die_usage "BB_PARAMS: ${pair@Q} is not NAME=VALUE (NAME:\
 lowercase letters, digits and _, not first a digit; VALUE without commas, quotes or backslashes)"
    params+=(--param "$pair")
  done
}

# The models of suite $1 that build $2 lists (read_registry, scripts/lib.sh), narrowed to BB_MODELS when
# set: comma-separated full names, or names without the "SUITE_" prefix (seq, omp, ...). Sets models (the
# chosen names, in the build's order). A build without its models is refused before anything runs.
bb_models() {
  local suite="$1" build="$2" name item choices="" hint chosen
  local -a known=() asked=()
  hint="build once on a login node (cmake --preset release && cmake --build --preset release, in $BB_ROOT)"
  read_registry "$build" "$hint or set BB_BUILD to the build folder" || exit 2
  for name in "${registry[@]}"; do
    [[ "${registry_suite[$name]}" == "$suite" ]] || continue
    known+=("$name")
    choices+="${choices:+, }${name#"${suite}_"}"
  done
  [[ ${#known[@]} -gt 0 ]] || die_usage "BB_BUILD=$build holds no model of the $suite suite"
  chosen="$(bb_setting BB_MODELS "" '[a-z0-9_]+(,[a-z0-9_]+)*' "a comma-separated list of $choices")"
  IFS=',' read -r -a asked <<< "$chosen"
  for item in "${asked[@]}"; do
    [[ " ${known[*]} " == *" $item "* || " ${known[*]} " == *" ${suite}_$item "* ]] \
      || die_usage "BB_MODELS=${chosen@Q} is not valid (expected a comma-separated list of $choices)"
  done
  declare -g -a models=()
  for name in "${known[@]}"; do
    if [[ -z "$chosen" || ",$chosen," == *",$name,"* || ",$chosen," == *",${name#"${suite}_"},"* ]]; then
      models+=("$name")
    fi
  done
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

# CPUs of the whole allocation: SLURM_JOB_CPUS_PER_NODE reads e.g. "8(x2),4" for 2 nodes of 8 and one of 4;
# outside Slurm, this machine's.
bb_allocation_cpus() {
  local spec total=0 item count repeat
  local -a items=()
  # Called as $(bb_allocation_cpus), where set -e does not reach: a refusal has to end the function itself.
  spec="$(bb_setting SLURM_JOB_CPUS_PER_NODE "" "$re_count(\(x$re_count\))?(,$re_count(\(x$re_count\))?)*" \
    'CPUs per node as Slurm lists them, e.g. 8(x2),4')" || exit
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

# The RANKSxTHREADS items of a processes+threads model: each rank count of the list $1 with $2 threads per rank,
# while ranks x threads fit the $3 CPUs of the allocation; empty when none fits.
bb_hybrid_splits() {
  local threads="$2" allocated="$3" count list=""
  local -a counts=()
  IFS=',' read -r -a counts <<< "$1"
  for count in "${counts[@]}"; do
    if ((count * threads <= allocated)); then list+="${list:+,}${count}x$threads"; fi
  done
  echo "$list"
}

# The settings in effect ($2...) and the allocation, written beside the results so a CSV can be traced to its job.
bb_record_job() {
  local file="$1/job-${SLURM_JOB_ID:-local}.txt"
  shift
  {
    echo "# $job, $(date -u +%Y-%m-%dT%H:%M:%SZ), host $(uname -n)"
    printf '%s\n' "$@"
    # sed, not grep: outside Slurm no variable matches, and grep's exit status 1 would end the job.
    env | sed -n -E '/^SLURM_(JOB_ID|JOB_NAME|JOB_NODELIST|JOB_NUM_NODES|NTASKS|CPUS_PER_TASK|JOB_CPUS_PER_NODE|SUBMIT_DIR)=/p' | sort
  } > "$file"
}

# The job's plan: one label per sweep, in the order the job runs them with bb_sweep, set once the settings
# are read. A job that is stopped names the ones that did not run.
bb_plan=()
bb_done=0
# Where the job is when no sweep runs, for the message a signal there leaves.
bb_phase="during set-up, before any sweep ran"
# Counts from the sweeps' last lines, and the sweeps that ended with failed runs or without their counts.
bb_runs=0
bb_failed=0
bb_failed_sweeps=0
bb_uncounted=0
# The sweeps' .log beside the CSV, named in the job's last line (set by the job).
bb_log=""
bb_in_sweep=false
bb_sweep_pid=""
bb_pause_pid=""
bb_signal=""
bb_interrupted=false

# --signal=B:TERM@N reaches only this shell, and bash runs a trap only between commands (or during
# `wait`), so each sweep runs in the background and the trap passes the signal on to it. With no sweep
# running (set-up, the target starting, between sweeps) the job stops at once.
bb_on_signal() {
  bb_signal="$1"
  bb_interrupted=true
  if [[ "$bb_in_sweep" == true ]]; then
    if [[ -n "$bb_sweep_pid" ]]; then kill -TERM "$bb_sweep_pid" 2>/dev/null || true; fi
    return 0
  fi
  bb_stopped
}
trap 'bb_on_signal TERM' TERM
trap 'bb_on_signal INT' INT
trap 'bb_on_signal USR1' USR1

# The job's last line: the runs its sweeps added and how many of them failed.
bb_summary() {
  [[ -n "$bb_log" ]] || return 0
  local note=""
  if ((bb_uncounted > 0)); then note=" (and $bb_uncounted sweep(s) ended without counting theirs)"; fi
  echo "$job: $bb_runs run(s) added, $bb_failed failed$note: see $bb_log" >&2
}

# Names the sweeps of the plan from bb_done on, which did not run or did not finish.
bb_not_run() {
  local index list=""
  for ((index = bb_done; index < ${#bb_plan[@]}; index++)); do list+="${list:+; }${bb_plan[$index]}"; done
  if [[ -n "$list" ]]; then
    echo "$job: not run or not finished ($((${#bb_plan[@]} - bb_done)) of ${#bb_plan[@]} sweeps): $list" >&2
  else
    echo "$job: every sweep had ended; none was skipped" >&2
  fi
}

# A signal stopped the job: say where, what did not run and how to resume, then exit 130 (INT) or 143,
# never 0, so that an afterok job does not start on a study with holes.
bb_stopped() {
  trap '' TERM INT USR1
  if [[ -n "$bb_pause_pid" ]]; then kill -TERM "$bb_pause_pid" 2>/dev/null || true; fi
  echo "$job: stopped by a signal ($bb_signal: time limit or scancel) $bb_phase" >&2
  if ((${#bb_plan[@]} > 0)); then
    bb_not_run
    echo "$job: finished rows are kept in $results; to resume, submit again with BB_OUT=$results" >&2
  fi
  bb_summary
  if [[ "$bb_signal" == INT ]]; then exit 130; fi
  exit 143
}

# Waits for background process $1 and sets bb_code to its exit status. A trapped signal ends `wait` early
# (status 128 + signal); bash keeps an ended child's status, so waiting again returns the real one.
bb_wait() {
  while true; do
    bb_interrupted=false
    bb_code=0
    wait "$1" || bb_code=$?
    [[ "$bb_interrupted" == true ]] || return 0
  done
}

# Runs sweep.sh with the arguments as the next sweep of the plan. Its stderr reaches the job's output as it
# comes, and its last line (`sweep.sh: N run(s) added, M failed: see FILE.log`) adds to the job's counts.
# By sweep.sh's exit status: 0 all runs succeeded; 1 some failed (recorded): the job goes on and exits 1 at
# the end; 2 it refused before running anything: the job ends with 2; 130 or 143 a signal stopped it: the
# job ends with that status. A status it does not document counts as failed sweep.
bb_sweep() {
  local copy stderr_fd tee_pid last label="${bb_plan[$bb_done]}"
  local pattern='^sweep\.sh: ([0-9]{1,9}) run\(s\) added(, ([0-9]{1,9}) failed)?'
  copy="$(mktemp)"
  bb_in_sweep=true
  # tee ignores INT and TERM: a plain scancel signals every process of the job, and the sweep's last
  # words (what it kept, its counts) must still reach the job's output.
  exec {stderr_fd}> >(trap '' INT TERM; exec tee "$copy" >&2)
  tee_pid=$!
  bash "$BB_ROOT/scripts/sweep.sh" "$@" 2>&"$stderr_fd" &
  bb_sweep_pid=$!
  exec {stderr_fd}>&-
  # A signal that came before the sweep's pid was known is passed on now.
  if [[ -n "$bb_signal" ]]; then kill -TERM "$bb_sweep_pid" 2>/dev/null || true; fi
  bb_wait "$bb_sweep_pid"
  local code="$bb_code"
  bb_sweep_pid=""
  bb_wait "$tee_pid"
  last="$(tail -n 1 "$copy")"
  rm -f "$copy"
  if [[ "$last" =~ $pattern ]]; then
    bb_runs=$((bb_runs + 10#${BASH_REMATCH[1]}))
    bb_failed=$((bb_failed + 10#${BASH_REMATCH[3]:-0}))
  elif ((code != 2)); then
    # A sweep that refused its arguments ran nothing; any other ended before its last line (killed).
    bb_uncounted=$((bb_uncounted + 1))
  fi
  case "$code" in
    0) bb_done=$((bb_done + 1)) ;;
    1) bb_done=$((bb_done + 1)); bb_failed_sweeps=$((bb_failed_sweeps + 1)) ;;
    2)
      echo "$job: sweep.sh refused the sweep of $label (the line above says why); stopping" >&2
      bb_not_run
      bb_summary
      exit 2 ;;
    130|143)
      # Also when the signal reached the sweep's runs but not this shell (--signal without B:).
      if [[ -z "$bb_signal" ]]; then bb_signal=TERM; if ((code == 130)); then bb_signal=INT; fi; fi
      bb_phase="in the sweep of $label" ;;
    *)
      echo "$job: sweep.sh ended with exit code $code in the sweep of $label; counted as failed" >&2
      bb_done=$((bb_done + 1))
      bb_failed_sweeps=$((bb_failed_sweeps + 1)) ;;
  esac
  bb_in_sweep=false
  if [[ -n "$bb_signal" ]]; then bb_stopped; fi
  bb_phase="between sweeps"
  # Test hook: BB_TEST_PAUSE_BETWEEN=SECONDS waits that long after each sweep, so that a test can signal the
  # job while no sweep runs (tests/slurm/signal_test.sh). A signal ends the pause at once.
  if [[ -n "$bb_pause" ]] && ((bb_done < ${#bb_plan[@]})); then
    echo "$job: pausing ${bb_pause} s between sweeps (BB_TEST_PAUSE_BETWEEN)" >&2
    sleep "$bb_pause" &
    bb_pause_pid=$!
    wait "$bb_pause_pid" || true
    bb_pause_pid=""
  fi
}

# The job's end once every sweep of the plan ran: exit 1 when any run failed, so a dependent afterok job
# does not start on bad data; resubmitting with the same BB_OUT measures the failed configurations again.
bb_finish() {
  bb_phase="after its last sweep"
  if ((bb_failed > 0 || bb_failed_sweeps > 0)); then
    echo "$job: $bb_failed_sweeps of ${#bb_plan[@]} sweep(s) had failed runs (exit_code != 0 in their rows," \
      "the reasons in the log); once the cause is fixed, submit again with BB_OUT=$results to measure them again" >&2
    bb_summary
    exit 1
  fi
  echo "$job: done; results in $results" >&2
  bb_summary
}
