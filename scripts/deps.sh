#!/usr/bin/env bash
# Installs the Debian packages boundbench needs to build, test and run its studies (idempotent).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/deps.sh [--check] [--help]

Installs, with apt-get, every Debian package boundbench needs: the compiler and
CMake, GMP, GoogleTest, CLI11, OpenMPI, libcurl, nghttp2, nginx with the echo module,
the reference HTTP clients wrk and h2load (nghttp2-client) with GNU time,
Slurm with munge, and Python with matplotlib, requests and aiohttp.
Packages already present are left alone; when all are present it prints nothing.

  --check   only list the missing packages; exit 1 when some are missing
  --help    show this help
USAGE
}

packages=(
  build-essential cmake pkg-config git ca-certificates procps
  libgmp-dev libgtest-dev libcli11-dev
  openmpi-bin libopenmpi-dev
  libcurl4-openssl-dev libnghttp2-dev nginx libnginx-mod-http-echo
  wrk nghttp2-client time
  slurm-wlm munge
  python3 python3-numpy python3-matplotlib python3-requests python3-aiohttp
)

check_only=false
for arg in "$@"; do
  case "$arg" in
    --check) check_only=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "scripts/deps.sh: unknown option '$arg' (accepts --check, --help)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ "$check_only" == true ]]; then
  echo "missing packages: ${missing[*]}"
  exit 1
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "scripts/deps.sh: missing packages: ${missing[*]}; run this script as root (sudo scripts/deps.sh) or install them with apt-get" >&2
  exit 1
fi

echo "scripts/deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "scripts/deps.sh: done" >&2
