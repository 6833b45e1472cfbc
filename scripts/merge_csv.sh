#!/usr/bin/env bash
# Merges CSVs of one layout (e.g. the per-job results of a Slurm study) into one file with a single header.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/merge_csv.sh --out FILE CSV [CSV...]

Writes the header of the first CSV and the rows of all of them, in the order
given, to FILE. Every CSV must have the same header (same suite and --param
columns); an empty or missing CSV is an error. FILE appears whole or not at all.

  --out FILE  the merged CSV (must not be one of the inputs)
  --help      show this help
USAGE
}

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

out=""
inputs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || die_usage "--out needs a file"; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die_usage "unknown option '$1'" ;;
    *) inputs+=("$1"); shift ;;
  esac
done
[[ -n "$out" ]] || die_usage "--out is required"
[[ ${#inputs[@]} -gt 0 ]] || die_usage "no CSV given"
header=""
for input in "${inputs[@]}"; do
  [[ -s "$input" ]] || die_usage "$input is missing or empty"
  [[ "$(realpath "$input")" != "$(realpath -m "$out")" ]] || die_usage "--out $out is also an input"
  first="$(head -n 1 "$input")"
  if [[ -z "$header" ]]; then header="$first"; fi
  [[ "$first" == "$header" ]] || die_usage "$input has another header than ${inputs[0]} (other suite or --param columns)"
done

mkdir -p "$(dirname "$out")"
staged="$(mktemp "$out.XXXXXX")"
chmod 0644 "$staged"
trap 'rm -f "$staged"' EXIT
{
  echo "$header"
  for input in "${inputs[@]}"; do tail -n +2 "$input"; done
} > "$staged"
mv "$staged" "$out"
trap - EXIT
echo "merge_csv.sh: $(($(wc -l < "$out") - 1)) row(s) from ${#inputs[@]} file(s) -> $out" >&2
