#!/usr/bin/env bash
# Starts, stops or reports the I/O suite's local HTTP target: nginx + echo module on 127.0.0.1.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=scripts/lib.sh
source "${SCRIPT_DIR}/lib.sh"
readonly TEMPLATE="${SCRIPT_DIR}/../io/nginx.conf.in"
readonly NGINX_BIN="${NGINX_BIN:-nginx}"
readonly ECHO_MODULE="${ECHO_MODULE:-/usr/lib/nginx/modules/ngx_http_echo_module.so}"
readonly STATE_ROOT="${TMPDIR:-/tmp}"
readonly STATUS_CODES="200 201 204 400 401 403 404 408 409 410 418 429 500 501 502 503 504"
readonly WANTED_CONNECTIONS=20000
# The kernel caps the listen backlog at net.core.somaxconn; asking for more is harmless.
readonly BACKLOG=16384

usage() {
  cat <<USAGE
Usage: scripts/target.sh start|stop|status [--port P]

Runs nginx with the echo module as the invoking user, bound to 127.0.0.1 only, from a
config rendered from io/nginx.conf.in into a fresh temp prefix (mktemp -d). The prefix
is found again through the link ${STATE_ROOT}/boundbench-target.PORT, so stop and
status need only the port. stop signals only the nginx master that start recorded.

  start    refuse a busy port; start nginx; return once the port answers
  stop     stop the nginx recorded for the port and remove its prefix (no-op if none)
  status   print pid, URL and prefix; exit 0 when running, 3 when not
  --port P TCP port on 127.0.0.1 (default 8787)

Endpoints (http://127.0.0.1:P):
  /fast                  tiny body ("ok\\n"), no sleep
  /delay?s=SECONDS       non-blocking sleep, then a one-line body
  /bytes?n=N             a body of exactly N bytes
  /status?code=C         status C, one of: ${STATUS_CODES}
  /close                 closes the connection without any response (nginx 444)
  /slow?s=SECONDS        ten body parts, SECONDS apart (default 0.5)
  /redirect-loop         redirects to itself forever
Environment: NGINX_BIN (default nginx), ECHO_MODULE (default ${ECHO_MODULE}).
USAGE
}

die() {
  echo "target.sh: error: $*" >&2
  exit 1
}

state_link() { echo "${STATE_ROOT}/boundbench-target.${PORT}"; }

# Prints the recorded prefix when the link is ours; nothing otherwise.
recorded_prefix() {
  local link
  link="$(state_link)"
  if [[ -L "${link}" && -O "${link}" ]]; then
    readlink "${link}"
  fi
}

# Prints the recorded master pid when that process is alive and is the nginx of this prefix.
recorded_pid() {
  local prefix="$1" pid
  [[ -r "${prefix}/nginx.pid" ]] || return 0
  pid="$(<"${prefix}/nginx.pid")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 0
  # The command line names our config, so a recycled pid is never mistaken for ours.
  if [[ -r "/proc/${pid}/cmdline" ]] && tr '\0' ' ' <"/proc/${pid}/cmdline" | grep -qF "${prefix}/nginx.conf"; then
    echo "${pid}"
  fi
}

port_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null
}

port_listened() {
  [[ -n "$(ss -Hltn "sport = :${PORT}" 2>/dev/null)" ]]
}

render_config() {
  local prefix="$1" nofile="$2" connections="$3" user_directive="" status_locations="" code
  if [[ "$(id -u)" -eq 0 ]]; then
    # As root the master would switch workers to 'nobody', who cannot use the prefix.
    user_directive="user root;"
  fi
  for code in ${STATUS_CODES}; do
    status_locations+="        location = /status-code/${code} { return ${code} \"status ${code}\\n\"; }"$'\n'
  done
  awk -v prefix="${prefix}" -v port="${PORT}" -v module="${ECHO_MODULE}" -v user="${user_directive}" \
      -v nofile="${nofile}" -v connections="${connections}" -v backlog="${BACKLOG}" \
      -v codes="${STATUS_CODES}" -v locations="${status_locations}" '
    /^@STATUS_LOCATIONS@$/ { printf "%s", locations; next }
    {
      gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); gsub(/@ECHO_MODULE@/, module)
      gsub(/@USER_DIRECTIVE@/, user); gsub(/@NOFILE@/, nofile)
      gsub(/@WORKER_CONNECTIONS@/, connections); gsub(/@BACKLOG@/, backlog); gsub(/@STATUS_CODES@/, codes)
      print
    }' "${TEMPLATE}" >"${prefix}/nginx.conf"
}

start() {
  command -v "${NGINX_BIN}" >/dev/null || die "nginx not found (install nginx with scripts/deps.sh)"
  [[ -r "${ECHO_MODULE}" ]] || die "echo module ${ECHO_MODULE} not found (install libnginx-mod-http-echo)"
  [[ -r "${TEMPLATE}" ]] || die "config template ${TEMPLATE} not found"

  local prefix pid
  prefix="$(recorded_prefix)"
  if [[ -n "${prefix}" ]]; then
    pid="$(recorded_pid "${prefix}")"
    [[ -z "${pid}" ]] || die "a target is already running on port ${PORT} (pid ${pid}, prefix ${prefix}); stop it first"
    rm -rf -- "${prefix}"
    rm -f -- "$(state_link)"
  fi
  if port_listened || port_answers; then
    die "port ${PORT} on 127.0.0.1 is busy (another program listens there); choose another with --port"
  fi

  local nofile connections
  nofile="$(ulimit -Hn)"
  [[ "${nofile}" == unlimited ]] && nofile=1048576
  ulimit -n "${nofile}"
  connections=$(( nofile < WANTED_CONNECTIONS ? nofile : WANTED_CONNECTIONS ))
  if (( connections < 10000 )); then
    echo "target.sh: warning: open-file hard limit ${nofile} lets nginx hold only ${connections} connections (10,000 wanted)" >&2
  fi

  prefix="$(mktemp -d "${STATE_ROOT}/boundbench-nginx.XXXXXX")"
  render_config "${prefix}" "${nofile}" "${connections}"
  if ! "${NGINX_BIN}" -p "${prefix}" -c "${prefix}/nginx.conf" -e "${prefix}/error.log" 2>"${prefix}/start.log"; then
    cat "${prefix}/start.log" "${prefix}/error.log" >&2 2>/dev/null || true
    rm -rf -- "${prefix}"
    die "nginx did not start on port ${PORT}"
  fi
  ln -s "${prefix}" "$(state_link)"

  local tries
  for (( tries = 0; tries < 100; tries++ )); do
    pid="$(recorded_pid "${prefix}")"
    if [[ -n "${pid}" ]] && port_answers; then
      echo "target: nginx pid ${pid} serving http://127.0.0.1:${PORT} (prefix ${prefix})"
      return 0
    fi
    sleep 0.05
  done
  cat "${prefix}/error.log" >&2 2>/dev/null || true
  stop
  die "nginx did not answer on port ${PORT} within 5 s"
}

stop() {
  local prefix pid
  prefix="$(recorded_prefix)"
  if [[ -z "${prefix}" ]]; then
    echo "target: nothing recorded for port ${PORT}; nothing to stop"
    return 0
  fi
  pid="$(recorded_pid "${prefix}")"
  if [[ -n "${pid}" ]]; then
    stop_and_wait "${pid}" 5 || die "nginx pid ${pid} did not exit within 5 s; left ${prefix} in place"
    echo "target: stopped nginx pid ${pid} on port ${PORT}"
  else
    echo "target: nginx for port ${PORT} was not running; removed its state"
  fi
  rm -rf -- "${prefix}"
  rm -f -- "$(state_link)"
}

status() {
  local prefix pid
  prefix="$(recorded_prefix)"
  pid=""
  [[ -z "${prefix}" ]] || pid="$(recorded_pid "${prefix}")"
  if [[ -n "${pid}" ]]; then
    echo "target: running, nginx pid ${pid}, http://127.0.0.1:${PORT}, prefix ${prefix}"
    return 0
  fi
  echo "target: not running on port ${PORT}"
  return 3
}

PORT=8787
ACTION=""
while (( $# > 0 )); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --port)
      (( $# >= 2 )) || die_usage "--port needs a value"
      PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    start|stop|status)
      [[ -z "${ACTION}" ]] || die_usage "give one action, not '${ACTION}' and '$1'"
      ACTION="$1"; shift ;;
    *) die_usage "unknown argument '$1'" ;;
  esac
done
[[ -n "${ACTION}" ]] || die_usage "give an action: start, stop or status"
if ! [[ "${PORT}" =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65535 )); then
  die_usage "--port: '${PORT}' is not a port number 1-65535"
fi
readonly PORT

"${ACTION}"
