# Shell helpers shared by boundbench's scripts and jobs (sourced, not run): usage errors, model descriptions, request counts, target URLs, stopping a process.
# shellcheck shell=bash

# A usage error: one line naming the program (script_name when the caller sets it, e.g. a Slurm job whose
# $0 is a spooled copy; otherwise the running file's name) and the problem, then exit 2.
die_usage() {
  echo "${script_name:-${0##*/}}: $1 (see --help)" >&2
  exit 2
}

# The value of string field $1 in JSON object $2 (a --describe line); empty when absent. The contract's
# objects hold no nested objects and the fields read here hold no escaped quotes, so a regex is enough.
describe_field() {
  local pattern="\"$1\"[[:space:]]*:[[:space:]]*\"([^\"]*)\""
  if [[ "$2" =~ $pattern ]]; then echo "${BASH_REMATCH[1]}"; fi
}

# Succeeds when the model described by $2 accepts option $1 with a value (its "options" list names it).
describe_has_option() {
  local pattern='"options"[[:space:]]*:[[:space:]]*\[([^]]*)\]'
  [[ "$2" =~ $pattern && "${BASH_REMATCH[1]}" == *"\"$1\""* ]]
}

# Succeeds when the model described by $2 accepts flag $1, an option without a value (its "flags" list names it).
describe_has_flag() {
  local pattern='"flags"[[:space:]]*:[[:space:]]*\[([^]]*)\]'
  [[ "$2" =~ $pattern && "${BASH_REMATCH[1]}" == *"\"$1\""* ]]
}

# Prints the --describe line of executable $1, or fails when it gives none. A program that ignores the
# option and starts working instead is stopped after a while.
ask_description() {
  local json
  json="$(timeout 30 "$1" --describe 2>/dev/null < /dev/null)" && describe_is_valid "$json" && echo "$json"
}

# Succeeds when $1 looks like a --describe line: one JSON object naming the model, its suite, kind and launch.
describe_is_valid() {
  local field
  [[ "$1" == "{"*"}" && "$1" != *$'\n'* ]] || return 1
  for field in name suite kind launch; do [[ -n "$(describe_field "$field" "$1")" ]] || return 1; done
}

# Reads the models build $1 holds: its models.list (NAME<TAB>PATH, one line per production model), each
# model asked --describe. Sets registry (the names, in the build's order) and, by name, registry_path,
# registry_suite, registry_kind and registry_describe. A build without them gets one line ending in the
# hint $2 (how to build) and status 1.
# shellcheck disable=SC2034 # the arrays are the result, read by the callers
read_registry() {
  local build="$1" hint="$2" name path json
  declare -g -a registry=()
  declare -g -A registry_path=() registry_suite=() registry_kind=() registry_describe=()
  if [[ ! -f "$build/models.list" ]]; then
    echo "${script_name:-${0##*/}}: $build is not built (it has no models.list); $hint" >&2
    return 1
  fi
  while IFS=$'\t' read -r name path; do
    if [[ ! -x "$path" ]]; then
      echo "${script_name:-${0##*/}}: $path is not built; $hint" >&2
      return 1
    fi
    if ! json="$(ask_description "$path")"; then
      echo "${script_name:-${0##*/}}: $path does not describe itself (--describe); $hint" >&2
      return 1
    fi
    registry+=("$name")
    registry_path["$name"]="$path"
    registry_suite["$name"]="$(describe_field suite "$json")"
    registry_kind["$name"]="$(describe_field kind "$json")"
    registry_describe["$name"]="$json"
  done < "$build/models.list"
}

# Appends description $2 to the JSON-lines file $1 unless a line for the same model is already there, so
# results carry the description of every model they hold, once. A model is its name within its suite: the
# Python references name py_threads in both suites.
record_model() {
  local file="$1" json="$2" name suite line
  name="$(describe_field name "$json")"
  suite="$(describe_field suite "$json")"
  if [[ -f "$file" ]]; then
    while IFS= read -r line; do
      if [[ "$(describe_field name "$line")" == "$name" && "$(describe_field suite "$line")" == "$suite" ]]; then
        return 0
      fi
    done < "$file"
  fi
  echo "$json" >> "$file"
}

# Requests of one I/O run at $1 workers: $2 per worker, at least $3 (default 4 and 64, what the study and
# io.sbatch use: every worker sees several, and 100 ms latency at 1 worker stays short). The quick study
# passes 2 and 32.
requests_for() {
  local workers="$1" per_worker="${2:-4}" minimum="${3:-64}"
  echo $((workers * per_worker > minimum ? workers * per_worker : minimum))
}

# The local target's URL (scripts/target.sh on port $1) for a latency of $2 milliseconds: 0 is /fast,
# anything else /delay?s=SECONDS.
latency_url() {
  local port="$1" latency_ms="$2"
  [[ "$latency_ms" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "latency_url: '$latency_ms' is not milliseconds" >&2; return 2; }
  awk -v port="$port" -v ms="$latency_ms" 'BEGIN {
    if (ms + 0 == 0) printf "http://127.0.0.1:%s/fast\n", port
    else printf "http://127.0.0.1:%s/delay?s=%g\n", port, ms / 1000 }'
}

# Sends TERM to process $1 and waits up to $2 whole seconds for it to leave. Succeeds when it is gone
# (or was already); fails when it still runs, and the caller says what that means and what it does next.
stop_and_wait() {
  local pid="$1" seconds="$2" tries
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((tries = 0; tries < seconds * 20; tries++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  ! kill -0 "$pid" 2>/dev/null
}

# Refuses (die_usage) an --out $1 that rows cannot be appended to in place: a directory, a link to nothing,
# anything but a regular file (a pipe, a device, a socket: it must stay what it is), or a file not writable.
# A new name, or a link to a regular file, passes.
refuse_unusable_out() {
  local out="$1"
  if [[ -d "$out" ]]; then
    die_usage "--out $out is a directory; name a CSV file in it"
  elif [[ -L "$out" && ! -e "$out" ]]; then
    die_usage "--out $out is a link to nothing; name a CSV file"
  elif [[ -e "$out" && ! -f "$out" ]]; then
    die_usage "--out $out is not a regular file (a pipe, device or socket); name a CSV file"
  elif [[ -e "$out" && ! -w "$out" ]]; then
    die_usage "--out $out is not writable"
  fi
}

# Succeeds when directory $1 takes a new file: a 4 KiB probe is written and removed, so a folder that is not
# writable, read-only or full is found before any work. On failure prints the system's reason on stdout.
dir_takes_files() {
  local probe failure
  probe="$1/.probe.$(uname -n).$$"
  if ! failure="$( (printf '%4096s\n' '' > "$probe") 2>&1)"; then
    rm -f "$probe" 2>/dev/null || true
    echo "${failure##*: }"
    return 1
  fi
  rm -f "$probe"
}

# Removes the last line of CSV $1 when it has no newline (a writer was stopped mid-row, or ran out of disk),
# so the next rows are never glued to it; prints what it removed on stdout (nothing when the file ends whole).
# Call it holding the file's lock (flock), as the appends do.
repair_half_row() {
  local file="$1" partial
  [[ -s "$file" && "$(tail -c 1 "$file" | wc -l)" -eq 0 ]] || return 0
  partial="$(tail -n 1 "$file" | wc -c)"
  truncate -s "-$partial" "$file"
  echo "$file ended in half a row ($partial bytes without a newline: a writer was stopped mid-row); removed it"
}
