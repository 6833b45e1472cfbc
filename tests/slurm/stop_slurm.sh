#!/usr/bin/env bash
# Stops the one-node Slurm that start_slurm.sh started in DIR: its jobs, then slurmd, slurmctld and munged, by PID.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: tests/slurm/stop_slurm.sh --dir DIR [--keep] [--help]

Cancels the jobs still known to the cluster in DIR, then stops the slurmd
daemons, slurmctld and munged whose PID files are in DIR (only those, and only when
the PID still runs that program), waits for them to leave and removes DIR.

  --dir DIR   the folder given to start_slurm.sh
  --keep      leave DIR (logs, state) in place
  --help      show this help
USAGE
}

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../../scripts/lib.sh"

dir=""
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) [[ $# -ge 2 ]] || die_usage "--dir needs a folder"; dir="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
[[ -n "$dir" ]] || die_usage "--dir is required"
if [[ ! -d "$dir" ]]; then
  echo "stop_slurm.sh: $dir does not exist; nothing to stop" >&2
  exit 0
fi
dir="$(cd "$dir" && pwd)"
export PATH="$PATH:/usr/sbin"

# The PID in $1's file, when that process is still the program $2 (a PID can be reused).
running_pid() {
  local pid_file="$dir/$1.pid" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]] || return 1
  echo "$pid"
}

if [[ -f "$dir/etc/slurm.conf" ]] && running_pid slurmctld slurmctld >/dev/null; then
  export SLURM_CONF="$dir/etc/slurm.conf"
  scancel --quiet --full --user "$(id -un)" 2>/dev/null || true
  for ((tries = 0; tries < 100; tries++)); do
    [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
    sleep 0.2
  done
fi

# A step daemon of a cancelled job can outlive its slurmd; this cluster's ones work in its log folder.
for comm_file in /proc/[0-9]*/comm; do
  [[ "$(cat "$comm_file" 2>/dev/null)" == slurmstepd ]] || continue
  pid="${comm_file#/proc/}"
  pid="${pid%/comm}"
  if [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$dir"/* ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
done

shopt -s nullglob
slurmd_pid_files=("$dir"/slurmd-*.pid)
for pid_file in "${slurmd_pid_files[@]}" "$dir/slurmctld.pid" "$dir/munged.pid"; do
  name="$(basename "$pid_file" .pid)"
  daemon="${name%%-*}"
  pid="$(running_pid "$name" "$daemon")" || continue
  if ! stop_and_wait "$pid" 10; then
    echo "stop_slurm.sh: $daemon ($pid) ignored TERM for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
if [[ "$keep" == false ]]; then rm -rf "$dir"; fi
echo "stop_slurm.sh: stopped the test Slurm in $dir" >&2
