#!/usr/bin/env bash
# CTest: the Slurm scripts refuse bad settings before running anything: exit 2 and one line naming the setting.
# Every value they take from the environment (BB_* and SLURM_*) is checked before bash computes with it.
set -euo pipefail
build="$1"
# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
repo="$root"
failures=0
expect_refusal() { bb_expect_refusal "$@"; }

# The batch scripts run outside Slurm too when told to use mpirun; they check settings first.
cpu_env=(env -u SLURM_JOB_ID BB_LAUNCHER=mpirun BB_BUILD="$build" BB_OUT="$work/out")
cpu="$repo/slurm/cpu.sbatch"
expect_refusal "BB_REPEATS='0'" "${cpu_env[@]}" BB_REPEATS=0 bash "$cpu"
expect_refusal "BB_TASKS='30y5'" "${cpu_env[@]}" BB_TASKS=30y5 bash "$cpu"
expect_refusal "BB_TASKS='30x0'" "${cpu_env[@]}" BB_TASKS=30x0 bash "$cpu"
expect_refusal "BB_MODELS='seq,gpu'" "${cpu_env[@]}" BB_MODELS=seq,gpu bash "$cpu"
expect_refusal "BB_SCHEDULES='guided'" "${cpu_env[@]}" BB_SCHEDULES=guided bash "$cpu"
expect_refusal "BB_RANKS='0,2'" "${cpu_env[@]}" BB_RANKS=0,2 bash "$cpu"
expect_refusal "BB_LAUNCHER='aprun'" "${cpu_env[@]}" BB_LAUNCHER=aprun bash "$cpu"
expect_refusal "BB_PARAMS: 'nodes'" "${cpu_env[@]}" BB_PARAMS=nodes bash "$cpu"
expect_refusal "is not built" "${cpu_env[@]}" BB_BUILD="$work/none" bash "$cpu"
expect_refusal "BB_LAUNCHER=srun needs a Slurm job" "${cpu_env[@]}" BB_LAUNCHER=srun bash "$cpu"
io_env=(env -u SLURM_JOB_ID BB_BUILD="$build" BB_OUT="$work/out")
io="$repo/slurm/io.sbatch"
expect_refusal "BB_WORKERS='-4'" "${io_env[@]}" BB_WORKERS=-4 bash "$io"
expect_refusal "BB_DELAYS='fast'" "${io_env[@]}" BB_DELAYS=fast bash "$io"
expect_refusal "BB_PORT=70000" "${io_env[@]}" BB_PORT=70000 bash "$io"
expect_refusal "give one of them" "${io_env[@]}" BB_URL=http://127.0.0.1:1/ BB_URLS=/etc/hostname bash "$io"
expect_refusal "BB_URL='ftp://127.0.0.1/'" "${io_env[@]}" BB_URL=ftp://127.0.0.1/ bash "$io"
expect_refusal "BB_URLS=$work/missing" "${io_env[@]}" BB_URLS="$work/missing" bash "$io"
expect_refusal "is not built" "${io_env[@]}" BB_BUILD="$work/none" bash "$io"
expect_refusal "BB_OUT=''" env -u BB_OUT bash "$repo/slurm/merge.sbatch"

# Hostile values: bash arithmetic runs the command in an array subscript (PATH[$(cmd)]), reads a leading
# zero as octal and wraps huge numbers; an empty value is a mistake, not a default. None may run code.
pwned="$work/pwned"
inject="PATH[\$(touch $pwned)]"
for setting in SLURM_NTASKS SLURM_CPUS_PER_TASK SLURM_CPUS_ON_NODE SLURM_JOB_CPUS_PER_NODE; do
  for value in "$inject" 010 "" 99999999999999999999 "2(x$inject)"; do
    expect_refusal "$setting=" "${cpu_env[@]}" "$setting=$value" bash "$cpu"
  done
done
for script in "$cpu" "$io" "$repo/slurm/merge.sbatch"; do
  for value in "$inject" 010 "" 99999999999999999999; do
    expect_refusal "SLURM_JOB_ID=" "${cpu_env[@]}" "SLURM_JOB_ID=$value" bash "$script"
  done
done
expect_refusal "SLURM_JOB_NODELIST=" "${cpu_env[@]}" SLURM_JOB_NODELIST="n[1-2] \$(touch $pwned)" bash "$cpu"
for setting in BB_REPEATS BB_WARMUP BB_RANKS BB_THREADS BB_TASKS BB_SCHEDULES BB_LAUNCHER BB_MODELS BB_PARAMS; do
  for value in "$inject" 010 "" 99999999999999999999 "1,2,010"; do
    expect_refusal "$setting" "${cpu_env[@]}" "$setting=$value" bash "$cpu"
  done
done
expect_refusal "BB_OUT=" "${cpu_env[@]}" BB_OUT=$'out\nline' bash "$cpu"
expect_refusal "BB_BUILD=" "${cpu_env[@]}" BB_BUILD='' bash "$cpu"
expect_refusal "BB_TEST_PAUSE_BETWEEN=" "${cpu_env[@]}" BB_TEST_PAUSE_BETWEEN="$inject" bash "$cpu"
expect_refusal "BB_PARAMS: '*'" "${cpu_env[@]}" BB_PARAMS='nodes=2 *' bash "$cpu"
for setting in BB_PORT BB_WORKERS BB_REQUESTS BB_DELAYS BB_TIMEOUT BB_URL BB_URLS; do
  for value in "$inject" 010 "" 99999999999999999999; do
    expect_refusal "$setting=" "${io_env[@]}" "$setting=$value" bash "$io"
  done
done
expect_refusal "BB_OUT=" env BB_OUT="$inject" bash "$repo/slurm/merge.sbatch"
if [[ -e "$pwned" ]]; then
  echo "FAIL: a value from the environment ran as code (created $pwned)" >&2
  failures=$((failures + 1))
fi
submit=(bash "$repo/slurm/submit.sh" --build "$build" --dry-run --out "$work/out")
expect_refusal "--nodes" "${submit[@]}" --nodes 1,,2
expect_refusal "--schedule" "${submit[@]}" --schedule guided
expect_refusal "--tasks-per-node" "${submit[@]}" --tasks-per-node 0
expect_refusal "--tasks-per-node" "${submit[@]}" --tasks-per-node 010
expect_refusal "--nodes" "${submit[@]}" --nodes 1,99999999999999999999
expect_refusal "unknown option '--node'" "${submit[@]}" --node 2
expect_refusal "is not built" bash "$repo/slurm/submit.sh" --build "$work/none" --dry-run
expect_refusal "--suite" "${submit[@]}" --suite gpu
expect_refusal "--size-per-node" "${submit[@]}" --suite mem --size-per-node 0
expect_refusal "--size-per-node" "${submit[@]}" --suite mem --size-per-node 2T
mem=(env -u SLURM_JOB_ID BB_LAUNCHER=mpirun BB_BUILD="$build" BB_OUT="$work/out" bash "$repo/slurm/mem.sbatch")
expect_refusal "BB_SIZE='3X'" env BB_SIZE=3X "${mem[@]}"
expect_refusal "BB_SIZE='010'" env BB_SIZE=010 "${mem[@]}"
expect_refusal "BB_KERNELS='Triad'" env BB_KERNELS=Triad "${mem[@]}"
expect_refusal "BB_CPU_BIND='map_cpu'" env BB_CPU_BIND=map_cpu "${mem[@]}"
expect_refusal "BB_RANKS=" env BB_RANKS="$inject" "${mem[@]}"
expect_refusal "BB_LAUNCHER=srun needs a Slurm job" env -u SLURM_JOB_ID BB_BUILD="$build" BB_OUT="$work/out" \
  bash "$repo/slurm/mem.sbatch"

for script in cpu.sbatch io.sbatch merge.sbatch mem.sbatch; do
  if ! bash "$repo/slurm/$script" --help | grep -q "BB_OUT"; then
    echo "FAIL: slurm/$script --help does not list the BB_* settings" >&2
    failures=$((failures + 1))
  fi
done

failures=$((failures + bb_refusal_failures))
if ((failures > 0)); then
  echo "usage_test: $failures case(s) failed" >&2
  exit 1
fi
echo "usage_test: all refusals as expected"
