#!/usr/bin/env bash
# CTest: the batch scripts run outside Slurm (plain bash, mpirun for the ranks), and a job's exit status and
# last line when runs fail, then after the cause is fixed and the job runs again into the same folder.
set -euo pipefail

usage() {
  echo "Usage: tests/slurm/local_jobs_test.sh BUILD PORT   (PORT: a free port for io.sbatch's target)"
}
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then usage; exit 0; fi
[[ $# -eq 2 && "$2" =~ ^[1-9][0-9]{0,4}$ ]] || { usage >&2; exit 2; }
build="$1"
port="$2"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
check=(python3 "$repo/tests/slurm/check_rows.py")
work="$(mktemp -d)"
keep_work=false
clean_up() {
  bash "$repo/scripts/target.sh" stop --port "$port" >/dev/null 2>&1 || true
  if [[ "$keep_work" == false ]]; then rm -rf "$work"; fi
}
trap clean_up EXIT
# Outside Slurm means no allocation, even when the test itself runs inside one.
unset "${!SLURM_@}"

fail() {
  keep_work=true
  echo "FAIL: $1 (files kept in $work)" >&2
  for output in "$work"/*.err; do
    [[ -f "$output" ]] && { echo "--- $output" >&2; tail -n 15 "$output" >&2; }
  done
  exit 1
}

# run_job NAME SCRIPT SETTINGS...: runs slurm/SCRIPT with the settings; sets code, and last to its last line
# on stderr.
run_job() {
  local name="$1" script="$2"
  shift 2
  code=0
  env "$@" timeout 300 bash "$repo/slurm/$script" > "$work/$name.out" 2> "$work/$name.err" || code=$?
  last="$(tail -n 1 "$work/$name.err")"
}

# The CPU suite with mpirun on this machine: every model, every run verified.
tiny=(BB_BUILD="$build" BB_REPEATS=1 BB_WARMUP=0)
run_job cpu cpu.sbatch "${tiny[@]}" BB_TASKS=5x4 BB_LAUNCHER=mpirun BB_OUT="$work/cpu"
((code == 0)) || fail "cpu.sbatch outside Slurm exited with $code"
[[ "$last" == "cpu.sbatch: "*" run(s) added, 0 failed: see $work/cpu/cpu.log" ]] || fail "cpu.sbatch's last line: $last"
"${check[@]}" "$work/cpu/cpu.csv" --all "verified=true,exit_code=0" --expect impl=cpu_seq \
  --expect impl=cpu_omp --expect impl=cpu_mpi,ranks=1 --expect impl=cpu_hybrid || fail "rows of cpu.sbatch"
[[ -s "$work/cpu/job-local.txt" ]] || fail "no job-local.txt with the job's settings"

# The I/O suite against the target the job starts, and stops.
run_job io io.sbatch "${tiny[@]}" BB_PORT="$port" BB_DELAYS=0 BB_WORKERS=1,4 BB_REQUESTS=8 BB_OUT="$work/io"
((code == 0)) || fail "io.sbatch outside Slurm exited with $code"
# io_seq once, io_threads and io_multi at 1 and 4, io_mpi at 1x1, 2x1, 1x4 and 2x4 (mpirun outside Slurm).
[[ "$last" == "io.sbatch: 9 run(s) added, 0 failed: see $work/io/io.log" ]] || fail "io.sbatch's last line: $last"
"${check[@]}" "$work/io/io.csv" --all "requests=8,ok=8,exit_code=0" --expect impl=io_seq \
  --expect impl=io_threads,workers=4 --expect impl=io_multi,workers=4 --expect impl=io_mpi,ranks=2,workers=8 \
  || fail "rows of io.sbatch"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still answers after io.sbatch"; fi

# A build whose cpu_omp fails at 2 threads while $work/cpu_omp-is-broken exists: two runs of five fail, the job goes on
# with its other sweeps, exits 1 and says so in its last line.
mkdir -p "$work/fake-build"
real_omp="$(awk -F'\t' '$1 == "cpu_omp" { print $2 }' "$build/models.list")"
real_seq="$(awk -F'\t' '$1 == "cpu_seq" { print $2 }' "$build/models.list")"
cat > "$work/fake-build/cpu_omp" <<WRAPPER
#!/usr/bin/env bash
if [[ -e "$work/cpu_omp-is-broken" && " \$* " == *" --csv "* && " \$* " == *" --workers 2 "* ]]; then
  echo "cpu_omp: error: broken on purpose by local_jobs_test.sh" >&2
  exit 1
fi
exec "$real_omp" "\$@"
WRAPPER
chmod +x "$work/fake-build/cpu_omp"
printf 'cpu_seq\t%s\ncpu_omp\t%s\n' "$real_seq" "$work/fake-build/cpu_omp" > "$work/fake-build/models.list"
touch "$work/cpu_omp-is-broken"
broken=("${tiny[@]}" BB_BUILD="$work/fake-build" BB_TASKS=5x4 BB_LAUNCHER=mpirun "BB_THREADS=1,2" BB_OUT="$work/broken")
run_job failing cpu.sbatch "${broken[@]}"
((code == 1)) || fail "a job with failed runs exited with $code, expected 1"
[[ "$last" == "cpu.sbatch: 5 run(s) added, 2 failed: see $work/broken/cpu.log" ]] \
  || fail "the last line of a job with failed runs: $last"
"${check[@]}" "$work/broken/cpu.csv" --expect impl=cpu_seq,exit_code=0 --expect impl=cpu_omp,threads=1,exit_code=0 \
  --expect impl=cpu_omp,threads=2,exit_code=1 || fail "rows of the failing job"

# Fixed, the same job measures the two failed configurations again, exits 0 (an afterok job may start) and
# counts only what it added.
rm "$work/cpu_omp-is-broken"
run_job fixed cpu.sbatch "${broken[@]}"
((code == 0)) || fail "the job run again after the fix exited with $code, expected 0"
[[ "$last" == "cpu.sbatch: 2 run(s) added, 0 failed: see $work/broken/cpu.log" ]] \
  || fail "the last line of the job run again after the fix: $last"
"${check[@]}" "$work/broken/cpu.csv" --expect impl=cpu_omp,threads=2,schedule=static,exit_code=0 \
  --expect impl=cpu_omp,threads=2,schedule=dynamic,exit_code=0 || fail "rows after the fix"
echo "local_jobs_test: passed"
