# Shared by the test scripts (sourced): arguments and --help, the repository root, a work folder removed on exit, fail().
# shellcheck shell=bash

# Exits 0 printing usage line $1 for --help, or 2 with it on stderr unless exactly $2 arguments follow.
bb_test_arguments() {
  local usage="$1" count="$2"
  shift 2
  if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    echo "$usage"
    exit 0
  fi
  if [[ $# -ne "$count" ]]; then
    echo "$usage" >&2
    exit 2
  fi
}

# shellcheck disable=SC2034 # root and work are for the tests that source this file
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
# A test with more to undo than its work folder (a target to stop) names a function: bb_on_exit stop_target.
bb_exit_steps=()
bb_on_exit() { bb_exit_steps+=("$1"); }
bb_clean_up() {
  local step
  for step in "${bb_exit_steps[@]}"; do "$step" || true; done
  rm -rf "$work"
}
trap bb_clean_up EXIT

fail() {
  echo "FAIL: $1" >&2
  exit 1
}

# Data rows of CSV $1 (the header and blank lines not counted).
data_rows() { tail -n +2 "$1" | grep -c . || true; }

# bb_expect_refusal TEXT COMMAND...: the command exits 2 with one stderr line containing TEXT, prints
# nothing on stdout and writes nothing to $work/out; else the case is counted in bb_refusal_failures.
bb_refusal_failures=0
bb_expect_refusal() {
  local text="$1" code=0
  shift
  "$@" > "$work/stdout" 2> "$work/stderr" < /dev/null || code=$?
  if ((code != 2)) || [[ "$(wc -l < "$work/stderr")" -ne 1 ]] || ! grep -qF -- "$text" "$work/stderr" \
      || [[ -s "$work/stdout" || -e "$work/out" ]]; then
    echo "FAIL: $* -> exit $code, stderr: $(cat "$work/stderr")" >&2
    bb_refusal_failures=$((bb_refusal_failures + 1))
  fi
  # A case that ran anyway leaves results that would fail the next cases too.
  rm -rf "$work/out"
}
