#!/usr/bin/env bash
# Tests the static-cpu preset: the executables are static, and they compute the seed's digest and describe themselves.
set -euo pipefail

# shellcheck source=tests/test_lib.sh
source "$(dirname "$0")/../test_lib.sh"
bb_test_arguments "Usage: tests/build/static_cpu_test.sh   (builds the static-cpu preset into a temp folder and runs it)" 0 "$@"

if ! ls /usr/lib/x86_64-linux-gnu/libgmp.a /usr/lib/*/libgmp.a >/dev/null 2>&1; then
  echo "SKIPPED: no static GMP (libgmp.a) on this machine; install libgmp-dev" >&2
  exit 0
fi
bash "$root/scripts/static_cpu_build.sh" --out "$work/build" 2> "$work/build.log" || fail "build: $(tail -n 5 "$work/build.log")"
for exe in cpu_seq cpu_omp; do
  binary="$work/build/cpu/$exe"
  [[ -x "$binary" ]] || fail "$exe was not built"
  # ldd exits non-zero and says so for an executable without a dynamic section.
  if ldd "$binary" >/dev/null 2>&1; then fail "$exe is dynamically linked: $(ldd "$binary" | head -n 3)"; fi
  [[ "$("$binary" --describe)" == *"\"name\":\"$exe\""* ]] || fail "$exe --describe"
done
[[ ! -e "$work/build/cpu/cpu_mpi" && ! -e "$work/build/io" ]] || fail "MPI or I/O models were built statically"
# The seed's digest for --tasks 30x100 (docs/design.md, "The digest").
digest="$("$work/build/cpu/cpu_omp" --workers 2 --csv --repeats 1 --warmup 0 2>/dev/null | awk -F, 'NR == 2 { print $15 }')"
[[ "$digest" == 0x13a6ebff570929e9 ]] || fail "cpu_omp digest $digest"
[[ "$("$work/build/cpu/cpu_seq" --version)" == "boundbench "*"($(git -C "$root" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown))" ]] \
  || fail "--version does not name the revision: $("$work/build/cpu/cpu_seq" --version)"
echo "static-cpu preset: all passed"
