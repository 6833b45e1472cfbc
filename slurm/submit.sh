#!/usr/bin/env bash
# Submits a node-count scaling study of cpu_mpi (strong and weak), mem_mpi (weak) or io_mpi (strong and weak) and a
# dependent job that merges (and plots) it.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: slurm/submit.sh [options] [-- SBATCH_OPTIONS...]

For each node count, submits two runs of slurm/cpu.sbatch with cpu_mpi at
nodes x tasks-per-node ranks: strong scaling (the same task list at every
size) and weak scaling (task count grows with the ranks). Then submits
slurm/merge.sbatch with --dependency=afterok on all of them: it merges their
CSVs into OUT/scaling.csv and draws OUT/scaling.png. Each job writes into its
own folder under OUT (strong-n2/cpu.csv, ...), so running the same command
again with the same --out resumes: finished configurations are skipped.
With --suite mem it submits, for each node count, one run of slurm/mem.sbatch
with mem_mpi at nodes x tasks-per-node ranks: weak scaling, the footprint per
node fixed (--size-per-node), so the total grows with the nodes and the
bandwidth per node should stay flat; merged into OUT/mem_scaling.csv.
With --suite io it submits, for each node count, two runs of slurm/io.sbatch
with io_mpi at nodes x tasks-per-node ranks, --in-flight transfers in flight per
rank: strong scaling (--strong-requests at every size) and weak scaling (the
requests grow with the ranks), against --url, or with one node against the
nginx target the job starts (on 127.0.0.1, which other nodes cannot reach);
a dependent job merges their rows into OUT/io_scaling.csv (io_mpi's own
ranks and nodes columns, and a scaling column).

  --suite S               cpu (default), mem or io
  --nodes LIST            node counts (default 1,2,4)
  --tasks-per-node N      MPI ranks per node (default 4)
  --task-size N           the n of every task (default 30, as in 30x100)
  --strong-tasks COUNT    tasks of every strong-scaling run (default 400)
  --weak-tasks-per-rank K tasks per rank in the weak-scaling runs (default 25)
  --schedule S            static (default: equal tasks need no balancing, and it
                          needs no MPI one-sided windows across nodes) or dynamic
  --size-per-node BYTES   mem: footprint per node, with a K, M or G suffix (default
                          1G; mem_mpi's --size is this times the nodes)
  --url URL               io: the http(s) service to fetch, reached from every node
                          (default: the job's own target, one node only)
  --delay SECONDS         io, without --url: the target's latency, 0 = /fast (default 0)
  --in-flight W           io: transfers in flight per rank (default 100)
  --strong-requests N     io: requests of every strong-scaling run (default 20000)
  --weak-requests-per-rank K
                          io: requests per rank in the weak-scaling runs (default 5000)
  --repeats N             timed repeats per run (default 5)
  --build DIR             build folder (default build/ in the repository)
  --out DIR               study folder (default results/slurm/scaling-<UTC time>)
  --wait                  wait until the merge job ends; exit 0 only if it succeeded
  --dry-run               print the sbatch commands, submit nothing
  --help                  show this help
Options after -- go to every sbatch call (e.g. -- --partition=short --account=proj).
If a job fails, the merge job is cancelled (kill-on-invalid-dep); resubmit the
study with the same --out, or merge by hand: BB_OUT=OUT sbatch slurm/merge.sbatch
USAGE
}

# At most 6 digits and no leading zero: bash arithmetic reads 010 as octal and wraps huge numbers.
whole='^[1-9][0-9]{0,5}$'

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
suite=cpu
url=""
delay=0
in_flight=100
strong_requests=20000
weak_requests_per_rank=5000
nodes_list=1,2,4
size_per_node=1G
per_node=4
task_size=30
strong_tasks=400
weak_per_rank=25
schedule=static
repeats=5
build="$root/build"
out=""
wait_for_merge=false
dry_run=false
sbatch_options=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --suite) [[ $# -ge 2 && ( "$2" == cpu || "$2" == mem || "$2" == io ) ]] || die_usage "--suite needs cpu, mem or io"
      suite="$2"; shift 2 ;;
    --url) [[ $# -ge 2 && "$2" =~ ^https?://[^[:space:][:cntrl:]]+$ ]] || die_usage "--url needs an http:// or https:// URL"
      url="$2"; shift 2 ;;
    --delay) [[ $# -ge 2 && "$2" =~ ^(0|[1-9][0-9]{0,4})(\.[0-9]{1,6})?$ ]] || die_usage "--delay needs seconds, e.g. 0 or 0.1"
      delay="$2"; shift 2 ;;
    --in-flight) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--in-flight needs a whole number 1-999999"
      in_flight="$2"; shift 2 ;;
    --strong-requests) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--strong-requests needs a whole number 1-999999"
      strong_requests="$2"; shift 2 ;;
    --weak-requests-per-rank) [[ $# -ge 2 && "$2" =~ $whole ]] \
      || die_usage "--weak-requests-per-rank needs a whole number 1-999999"
      weak_requests_per_rank="$2"; shift 2 ;;
    --size-per-node) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,5}[KMG]?$ ]] \
      || die_usage "--size-per-node needs bytes 1-999999 with an optional K, M or G suffix, e.g. 2G"
      size_per_node="$2"; shift 2 ;;
    --nodes) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5})*$ ]] || die_usage "--nodes needs counts like 1,2,4"
      nodes_list="$2"; shift 2 ;;
    --tasks-per-node) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--tasks-per-node needs a whole number 1-999999"
      per_node="$2"; shift 2 ;;
    --task-size) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--task-size needs a whole number 1-999999"
      task_size="$2"; shift 2 ;;
    --strong-tasks) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--strong-tasks needs a whole number 1-999999"
      strong_tasks="$2"; shift 2 ;;
    --weak-tasks-per-rank) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--weak-tasks-per-rank needs a whole number 1-999999"
      weak_per_rank="$2"; shift 2 ;;
    --schedule) [[ $# -ge 2 && ( "$2" == static || "$2" == dynamic ) ]] || die_usage "--schedule needs static or dynamic"
      schedule="$2"; shift 2 ;;
    --repeats) [[ $# -ge 2 && "$2" =~ $whole ]] || die_usage "--repeats needs a whole number 1-999999"
      repeats="$2"; shift 2 ;;
    --build) [[ $# -ge 2 ]] || die_usage "--build needs a folder"; build="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die_usage "--out needs a folder"; out="$2"; shift 2 ;;
    --wait) wait_for_merge=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; sbatch_options=("$@"); break ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
out="${out:-$root/results/slurm/scaling-$(date -u +%Y%m%dT%H%M%SZ)}"
if [[ ! -x "$build/$suite/${suite}_mpi" ]]; then
  echo "submit.sh: $build/$suite/${suite}_mpi is not built; build first (cmake --preset release &&" \
    "cmake --build --preset release) or give --build" >&2
  exit 2
fi
if [[ "$suite" == io && -z "$url" && "$nodes_list" != 1 ]]; then
  die_usage "--nodes $nodes_list: the target a job starts listens on 127.0.0.1 of its first node only; give --url of a service every node reaches"
fi
if [[ "$dry_run" == false ]] && ! command -v sbatch >/dev/null; then
  echo "submit.sh: sbatch is not on PATH; run this on a Slurm login node (or use --dry-run)" >&2
  exit 2
fi
if [[ "$dry_run" == false ]]; then mkdir -p "$out"; out="$(cd "$out" && pwd)"; fi

# Prints the job id (or a placeholder in a dry run); settings travel in the environment (sbatch --export=ALL).
submit() {
  local name="$1"
  shift
  if [[ "$dry_run" == true ]]; then
    printf '  %q' "$@" >&2
    echo >&2
    echo "<$name>"
  else
    env "$@" | cut -d';' -f1
  fi
}

job_ids=()
IFS=',' read -r -a node_counts <<< "$nodes_list"
for nodes in "${node_counts[@]}"; do
  ranks=$((nodes * per_node))
  if [[ "$suite" == mem ]]; then
    # The size given is all ranks' together: the size per node times the nodes, in the same unit.
    size="$((${size_per_node%[KMG]} * nodes))${size_per_node##*[0-9]}"
    name="weak-n$nodes"
    id="$(submit "$name" BB_MODELS=mpi BB_RANKS="$ranks" BB_SIZE="$size" BB_REPEATS="$repeats" BB_BUILD="$build" \
      BB_OUT="$out/$name" BB_PARAMS="scaling=weak nodes=$nodes" \
      sbatch --parsable --job-name="bb-mem-$name" --nodes="$nodes" --ntasks="$ranks" --ntasks-per-node="$per_node" \
      --cpus-per-task=1 --output="$out/$name-%j.out" "${sbatch_options[@]}" "$root/slurm/mem.sbatch")"
    job_ids+=("$id")
    echo "submit.sh: $name: $ranks ranks on $nodes node(s), $size in all: job $id" >&2
    continue
  fi
  if [[ "$suite" == io ]]; then
    # io_mpi measures its own ranks and nodes; BB_URL (or the job's target at --delay) is fetched by every rank.
    service=(BB_DELAYS="$delay")
    if [[ -n "$url" ]]; then service=(BB_URL="$url"); fi
    for scaling in strong weak; do
      count="$strong_requests"
      if [[ "$scaling" == weak ]]; then count=$((weak_requests_per_rank * ranks)); fi
      name="io-$scaling-n$nodes"
      id="$(submit "$name" BB_MODELS=mpi BB_RANKS="$ranks" BB_WORKERS="$in_flight" BB_REQUESTS="$count" "${service[@]}" \
        BB_REPEATS="$repeats" BB_BUILD="$build" BB_OUT="$out/$name" BB_PARAMS="scaling=$scaling" \
        sbatch --parsable --job-name="bb-$name" --nodes="$nodes" --ntasks="$ranks" --ntasks-per-node="$per_node" \
        --cpus-per-task=1 --output="$out/$name-%j.out" "${sbatch_options[@]}" "$root/slurm/io.sbatch")"
      job_ids+=("$id")
      echo "submit.sh: $name: $ranks ranks on $nodes node(s), $in_flight in flight each, $count requests: job $id" >&2
    done
    continue
  fi
  for scaling in strong weak; do
    count="$strong_tasks"
    if [[ "$scaling" == weak ]]; then count=$((weak_per_rank * ranks)); fi
    name="$scaling-n$nodes"
    id="$(submit "$name" BB_MODELS=mpi BB_RANKS="$ranks" BB_TASKS="${task_size}x$count" BB_SCHEDULES="$schedule" \
      BB_REPEATS="$repeats" BB_BUILD="$build" BB_OUT="$out/$name" BB_PARAMS="scaling=$scaling nodes=$nodes" \
      sbatch --parsable --job-name="bb-$name" --nodes="$nodes" --ntasks="$ranks" --ntasks-per-node="$per_node" --cpus-per-task=1 \
      --output="$out/$name-%j.out" "${sbatch_options[@]}" "$root/slurm/cpu.sbatch")"
    job_ids+=("$id")
    echo "submit.sh: $name: $ranks ranks on $nodes node(s), ${task_size}x$count tasks: job $id" >&2
  done
done

dependency="afterok$(printf ':%s' "${job_ids[@]}")"
merge=(sbatch --parsable --job-name=bb-merge --dependency="$dependency" --kill-on-invalid-dep=yes
       --output="$out/merge-%j.out" "${sbatch_options[@]}")
if [[ "$wait_for_merge" == true ]]; then merge+=(--wait); fi
if [[ "$suite" == io ]]; then
  # merge.sbatch merges and plots the cpu and mem suites; the I/O study's rows are merged on their own.
  merge+=(--wrap "$(printf '%q ' bash "$root/scripts/merge_csv.sh" --out "$out/io_scaling.csv")$(printf '%q' "$out")/io-*/io.csv")
else
  merge+=("$root/slurm/merge.sbatch")
fi
if [[ "$wait_for_merge" == true ]]; then
  echo "submit.sh: waiting for the merge job, which runs once all $((${#job_ids[@]})) jobs succeeded" >&2
fi
code=0
merge_id="$(submit merge BB_OUT="$out" "${merge[@]}")" || code=$?
if ((code != 0)); then
  echo "submit.sh: the merge job ${merge_id:+$merge_id }did not succeed (exit $code); see $out/*.out" >&2
  exit "$code"
fi
merged=scaling
if [[ "$suite" == mem ]]; then merged=mem_scaling; fi
if [[ "$suite" == io ]]; then
  echo "submit.sh: merge after all of them: job $merge_id -> $out/io_scaling.csv" >&2
  exit 0
fi
echo "submit.sh: merge and plot after all of them: job $merge_id -> $out/$merged.csv, $out/$merged.png" >&2
