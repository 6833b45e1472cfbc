#!/usr/bin/env bash
# Builds cpu_seq and cpu_omp statically through the static-cpu CMake preset, for machines that lack GMP or OpenMP.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/static_cpu_build.sh [--out DIR] [--help]

Configures and builds the static-cpu CMake preset (cmake --preset static-cpu):
cpu_seq and cpu_omp linked with -static (GMP and the OpenMP runtime inside), from
the same targets as every other build, into DIR/cpu/ (default build-static/), the
layout scripts/sweep.sh --build expects. Use it to run the CPU sweep on a machine
where boundbench's libraries are missing, e.g. a lent compute node. The MPI models
need the MPI library of the machine they run on and the I/O suite needs libcurl;
neither is built here. Equivalent by hand:
  cmake --preset static-cpu && cmake --build --preset static-cpu

  --out DIR   build folder (default build-static/ in the repository)
  --help      show this help
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
out="$root/build-static"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || die_usage "--out needs a directory"; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done

cmake -S "$root" --preset static-cpu -B "$out" >/dev/null
# libgomp's dlopen warns at static link time; the executables never load a plugin, so the warning is noise.
cmake --build "$out" -j "$(nproc)" 2> >(grep -v "dlopen' in statically linked" >&2)
echo "static_cpu_build.sh: built $out/cpu/cpu_seq and $out/cpu/cpu_omp" >&2
