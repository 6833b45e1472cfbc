#!/usr/bin/env bash
# Builds cpu_seq and cpu_omp as fully static executables, for machines that lack GMP or cannot install packages.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/static_cpu_build.sh [--out DIR] [--help]

Compiles cpu_seq and cpu_omp with -static (GMP and the OpenMP runtime linked in)
into DIR/cpu/ (default build-static/), the layout scripts/sweep.sh --build expects.
Use it to run the CPU sweep on a machine where boundbench's libraries are missing,
e.g. a lent compute node. The MPI models need the MPI library of the machine they
run on and are not built here.
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build-static"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || { echo "static_cpu_build.sh: --out needs a directory" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "static_cpu_build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

revision="$(git -C "$root" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)"
version="$(sed -n 's/^project(boundbench VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
mkdir -p "$out/cpu"
flags=(-std=c++20 -O3 -DNDEBUG -fopenmp -static -I"$root/common" -I"$root/cpu"
       -DBB_GIT_REV="\"$revision\"" -DBB_VERSION="\"$version\"")
kernel=("$root"/common/*.cpp "$root"/cpu/{closed_form,cpu_options,cpu_report,digest,interpreter_lock,kernel,sizing,task_spec,verify}.cpp)
g++ "${flags[@]}" "${kernel[@]}" "$root/cpu/seq_main.cpp" -o "$out/cpu/cpu_seq" -lgmpxx -lgmp
g++ "${flags[@]}" "${kernel[@]}" "$root/cpu/omp_runner.cpp" "$root/cpu/omp_main.cpp" -o "$out/cpu/cpu_omp" -lgmpxx -lgmp
echo "static_cpu_build.sh: built $out/cpu/cpu_seq and $out/cpu/cpu_omp" >&2
