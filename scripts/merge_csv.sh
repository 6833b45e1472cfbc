#!/usr/bin/env bash
# Merges CSVs of one layout (e.g. the per-job results of a Slurm study) into one file with a single header.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/merge_csv.sh --out FILE CSV [CSV...]

Appends the rows of every CSV, in the order given, to FILE, in place and under
a lock (flock), with one header: FILE is created with the header of the CSVs,
or must already hold rows of the same layout. Rows FILE holds already are not
added again, so merging again after more rows came in (a job resubmitted) adds
just the new ones. Every CSV must have the same header (same suite and --param
columns); an empty or missing CSV is an error; a CSV that ends in half a row
gives its whole rows only. FILE is never replaced: a link stays a link.

  --out FILE  the merged CSV (must not be one of the inputs); not a directory,
              pipe or device
  --help      show this help
USAGE
}

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

out=""
inputs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 && -n "$2" ]] || die_usage "--out needs a file"; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die_usage "unknown option '$1'" ;;
    *) inputs+=("$1"); shift ;;
  esac
done
[[ -n "$out" ]] || die_usage "--out is required"
[[ ${#inputs[@]} -gt 0 ]] || die_usage "no CSV given"
refuse_unusable_out "$out"
header=""
for input in "${inputs[@]}"; do
  [[ -f "$input" && -s "$input" ]] || die_usage "$input is missing or empty"
  [[ "$(realpath "$input")" != "$(realpath -m "$out")" ]] || die_usage "--out $out is also an input"
  first="$(head -n 1 "$input")"
  if [[ -z "$header" ]]; then header="$first"; fi
  [[ "$first" == "$header" ]] || die_usage "$input has another header than ${inputs[0]} (other suite or --param columns)"
done
if [[ -s "$out" && "$(head -n 1 "$out")" != "$header" ]]; then
  die_usage "--out $out is not a CSV of the inputs' layout (another suite or --param columns); use another --out"
fi
out_dir="$(dirname "$out")"
if ! made="$(mkdir -p "$out_dir" 2>&1)"; then die_usage "--out $out: cannot create $out_dir: ${made##*: }"; fi
if ! made="$(dir_takes_files "$out_dir")"; then die_usage "--out $out: cannot write in $out_dir: $made"; fi

# The rows of every input, whole lines only: a file whose writer was stopped mid-row ends without a newline.
input_rows() {
  local input lines
  for input in "${inputs[@]}"; do
    lines="$(wc -l < "$input")"
    if [[ -n "$(tail -c 1 "$input")" ]]; then echo "merge_csv.sh: $input ends in half a row; its whole rows only" >&2; fi
    head -n "$lines" "$input" | tail -n +2
  done
}

# shellcheck disable=SC2094 # the file is read and appended to under one lock, on purpose
{
  flock -x 9
  note="$(repair_half_row "$out")"
  if [[ -n "$note" ]]; then echo "merge_csv.sh: $note" >&2; fi
  if [[ ! -s "$out" ]]; then
    echo "$header" >&9
  elif [[ "$(head -n 1 "$out")" != "$header" ]]; then
    die_usage "--out $out was given another header meanwhile; nothing merged"
  fi
  before="$(wc -l < "$out")"
  # Rows already in FILE (the header among them) are left out; the inputs' own repeats are kept.
  input_rows | OUT="$out" awk 'FILENAME == ENVIRON["OUT"] { held[$0]; next } !($0 in held)' "$out" - >&9
  after="$(wc -l < "$out")"
} 9>> "$out"
echo "merge_csv.sh: $((after - before)) row(s) from ${#inputs[@]} file(s) added to $out" >&2
