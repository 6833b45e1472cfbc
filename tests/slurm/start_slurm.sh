#!/usr/bin/env bash
# Starts a throwaway one-node Slurm (munged, slurmctld, slurmd) from a temp config and waits until its node is idle.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: tests/slurm/start_slurm.sh --dir DIR [--port P] [--nodes N] [--help]

Starts munged, slurmctld and slurmd as background daemons (no systemd) with
every file under DIR: a fresh munge key, slurm.conf, state, spool, logs and
PID files. The node is this machine ("localhost", all its CPUs), the
partition "bb". With --nodes N, N slurmd daemons (n1..nN) each emulate a node
with all of this machine's CPUs, so jobs and MPI runs span "nodes" (srun's
PMIx plugin cannot run two of its nodes on one host: launch with mpirun there).
Waits until every node is idle, then prints the line to source
for clients:  export SLURM_CONF=DIR/etc/slurm.conf
tests/slurm/stop_slurm.sh --dir DIR stops exactly these daemons.

  --dir DIR   state folder, created; must not hold a running cluster
  --port P    slurmctld port; the slurmd daemons take P+1.. (default 6917)
  --nodes N   nodes to emulate (default 1)
  --help      show this help

Exit status: 0 started, 77 Slurm cannot run here (the reason is printed and
written to DIR/unavailable),
1 it should run but did not start (the daemons' logs are printed), 2 usage.
USAGE
}

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../../scripts/lib.sh"
# The reason is also left in DIR/unavailable, where the tests that need the cluster read it.
cannot_run() {
  echo "start_slurm.sh: Slurm cannot run here: $1" >&2
  mkdir -p "$dir" && echo "$1" > "$dir/unavailable"
  exit 77
}

dir=""
port=6917
nodes=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) [[ $# -ge 2 ]] || die_usage "--dir needs a folder"; dir="$2"; shift 2 ;;
    --port) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,4}$ && "$2" -lt 65535 ]] || die_usage "--port needs 1..65534"
      port="$2"; shift 2 ;;
    --nodes) [[ $# -ge 2 && "$2" =~ ^[1-9]$ ]] || die_usage "--nodes needs 1..9"; nodes="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
[[ -n "$dir" ]] || die_usage "--dir is required"
rm -f "$dir/unavailable"

for program in munged slurmctld slurmd sbatch sinfo; do
  command -v "$program" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$program" >/dev/null \
    || cannot_run "$program is not installed (scripts/deps.sh installs slurm-wlm and munge)"
done
export PATH="$PATH:/usr/sbin"
# slurmd must run as root to start jobs as their users; this harness makes no other user.
[[ "$(id -u)" -eq 0 ]] || cannot_run "slurmd has to run as root and this is uid $(id -u)"
for pid_file in "$dir"/*.pid; do
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "start_slurm.sh: $dir already has a running daemon ($(basename "$pid_file")); stop it first" >&2
    exit 1
  fi
done
for ((candidate = port; candidate <= port + nodes; candidate++)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    echo "start_slurm.sh: port $candidate is in use; choose another --port" >&2
    exit 1
  fi
done

rm -rf "$dir"
mkdir -p "$dir"/{etc,munge,state,spool,log,pmix}
dir="$(cd "$dir" && pwd)"
# munged refuses a socket folder that others may write; clients need to reach it.
chmod 0755 "$dir" "$dir/munge"

dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 0400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket.2" \
  --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

cat > "$dir/etc/slurm.conf" <<CONF
# One-node test cluster made by tests/slurm/start_slurm.sh.
ClusterName=boundbench
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=pmix
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
# Finished jobs stay listed long enough for sbatch --wait, which polls every 2 s, to read their exit code.
MinJobAge=4
KillWait=5
InactiveLimit=0
CONF
# PMIx's per-step folders default to /tmp/spmix_appdir_<uid>_<job>.<step>, which outlive the cluster: job
# ids start at 1 in every test cluster, so a later cluster's step found the folder there and failed to
# launch ("task 0 launch failed"). Each cluster keeps them in its own folder instead.
echo "PMIxCliTmpDirBase=$dir/pmix" > "$dir/etc/mpi.conf"
node_names=(localhost)
if ((nodes > 1)); then node_names=(); for ((index = 1; index <= nodes; index++)); do node_names+=("n$index"); done; fi
for ((index = 0; index < nodes; index++)); do
  echo "NodeName=${node_names[$index]} NodeHostname=localhost NodeAddr=127.0.0.1 Port=$((port + 1 + index))" \
    "CPUs=$(nproc) State=UNKNOWN" >> "$dir/etc/slurm.conf"
  mkdir -p "$dir/spool/${node_names[$index]}"
done
(IFS=','; echo "PartitionName=bb Nodes=${node_names[*]} Default=YES MaxTime=INFINITE State=UP") >> "$dir/etc/slurm.conf"
export SLURM_CONF="$dir/etc/slurm.conf"
echo "export SLURM_CONF=$SLURM_CONF" > "$dir/env.sh"

show_logs() {
  for log in "$dir"/log/*.log; do
    [[ -f "$log" ]] || continue
    echo "--- last lines of $log" >&2
    tail -n 15 "$log" >&2
  done
}

slurmctld -i
for name in "${node_names[@]}"; do slurmd -N "$name"; done
for ((tries = 0; tries < 300; tries++)); do
  state="$(sinfo -h -o %T 2>/dev/null | sort -u | paste -sd, || true)"
  if [[ "$state" == idle && "$(sinfo -h -o %D 2>/dev/null)" == "$nodes" ]]; then
    echo "start_slurm.sh: one-node Slurm up in $dir (node idle); for clients:" >&2
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.1
done
echo "start_slurm.sh: the node did not become idle within 30 s (state: '${state:-none}')" >&2
show_logs
exit 1
