#!/usr/bin/env bash
# Starts, stops or reports the I/O suite's local HTTP target: nginx + echo module on 127.0.0.1.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=scripts/lib.sh
source "${SCRIPT_DIR}/lib.sh"
readonly TEMPLATE="${SCRIPT_DIR}/../io/nginx.conf.in"
readonly STATUS_CODES="200 201 204 400 401 403 404 408 409 410 418 429 500 501 502 503 504"
readonly WANTED_CONNECTIONS=20000
# The kernel caps the listen backlog at net.core.somaxconn; asking for more is harmless.
readonly BACKLOG=16384
# The prefix of the port's target, set by read_state (and by start for the one it makes).
prefix=""
# A prefix's h2c port, recorded there by start (empty: none).
readonly H2_PORT_FILE="h2-port"

usage() {
  cat <<USAGE
Usage: scripts/target.sh start|stop|status [--port P] [--h2-port Q]

Runs nginx with the echo module as the invoking user, bound to 127.0.0.1 only, from a
config rendered from io/nginx.conf.in into a fresh temp prefix (mktemp -d). The prefix
is found again through the link \$TMPDIR/boundbench-target.PORT (TMPDIR defaults to /tmp),
so stop and status need only the port. stop signals only the nginx that start made: its
master and every nginx process holding the prefix's error.log open, so workers left
behind by a master that was killed (SIGKILL) are stopped too.

  start    refuse a busy port or a state link it did not make; clear the state of a
           target whose master is gone; start nginx; return once the port answers
  stop     stop the nginx recorded for the port and remove its prefix (no-op if none)
  status   print pid, URL and prefix; exit 0 when running, 3 when not
  --port P TCP port on 127.0.0.1, 1-65535 in decimal without leading zeros (default 8787)
  --h2-port Q
           start only: also serve HTTP/2 with prior knowledge (h2c, what the I/O models'
           --http2 speak on http://) on port Q, same form as --port and not P; nginx
           1.22 cannot serve HTTP/1.1 and h2c on one port. Off unless given; stop and
           status find it through P

Endpoints (http://127.0.0.1:P, and http://127.0.0.1:Q over HTTP/2 with --h2-port):
  /fast                  tiny body ("ok\\n"), no sleep
  /delay?s=SECONDS       non-blocking sleep, then a one-line body
  /bytes?n=N             a body of exactly N bytes
  /status?code=C         status C, one of: ${STATUS_CODES}
  /close                 closes the connection without any response (nginx 444)
  /slow?s=SECONDS        ten body parts, SECONDS apart (default 0.5)
  /redirect-loop         redirects to itself forever
Environment: NGINX_BIN (default nginx), ECHO_MODULE (default
/usr/lib/nginx/modules/ngx_http_echo_module.so), TMPDIR (an absolute folder; spaces and
other characters are fine except double quotes, backslashes and control characters,
which nginx's config cannot hold).
Exit status: 0 done, 1 it could not be done (the reason is printed), 2 usage, 3 status: not running.
USAGE
}

die() {
  echo "target.sh: error: $*" >&2
  exit 1
}

# Paths go into nginx's config as quoted strings, which cannot hold a double quote or a backslash
# unescaped; control characters have no place in a path here either.
readonly CONFIG_PATH='^/[^"\\[:cntrl:]]*$'

state_link() { echo "${STATE_ROOT}/boundbench-target.${PORT}"; }

# Sets prefix to the folder the port's state link records, or to "" when there is no link. A path
# there that start did not make (not a link, another user's, or pointing anywhere but a prefix of
# this script) is refused, so stop never removes or signals what is not its own.
read_state() {
  local link target suffix
  link="$(state_link)"
  prefix=""
  [[ -e "${link}" || -L "${link}" ]] || return 0
  # test -O follows a link; stat without -L reports the link itself, which must be this user's.
  [[ -L "${link}" && "$(stat -c %u -- "${link}")" == "$(id -u)" ]] \
    || die "${link} is not a state link target.sh made; remove it by hand or choose another --port"
  target="$(readlink "${link}")"
  suffix="${target#"${STATE_ROOT}/boundbench-nginx."}"
  if [[ "${suffix}" == "${target}" || ! "${suffix}" =~ ^[A-Za-z0-9]{6}$ ]] \
      || [[ -e "${target}" && ! ( -d "${target}" && -O "${target}" && ! -L "${target}" ) ]]; then
    die "${link} points to '${target}', not to a prefix target.sh made; remove the link by hand"
  fi
  prefix="${target}"
}

# Succeeds when process $1 exists and has not exited (an exited one waits as a zombie until its parent
# reaps it, which for a daemon can take a while).
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# Prints the pid of the prefix's nginx master when it is alive: the pid file names it and its command
# line names the prefix's config, so a recycled pid is never mistaken for it.
master_pid() {
  local pid
  [[ -r "${prefix}/nginx.pid" ]] || return 0
  pid="$(<"${prefix}/nginx.pid")"
  [[ "${pid}" =~ ^[1-9][0-9]{0,9}$ ]] || return 0
  if alive "${pid}" && tr '\0' ' ' 2>/dev/null <"/proc/${pid}/cmdline" | grep -qF -- "${prefix}/nginx.conf"; then
    echo "${pid}"
  fi
}

# Prints the pids of every nginx process of the prefix, master and workers. A worker's command line is
# only "nginx: worker process" and, once its master is killed, init adopts it; what still ties it to
# this prefix is the error.log it holds open (the prefix is a fresh mktemp folder, so no other nginx
# holds that file).
prefix_pids() {
  local proc pid title fd file
  for proc in /proc/[1-9]*; do
    pid="${proc#/proc/}"
    title="$(tr '\0' ' ' 2>/dev/null <"${proc}/cmdline")" || continue
    [[ "${title}" == "nginx: "* ]] || continue
    for fd in "${proc}"/fd/*; do
      file="$(readlink "${fd}" 2>/dev/null)" || continue
      if [[ "${file}" == "${prefix}/error.log" || "${file}" == "${prefix}/error.log (deleted)" ]]; then
        echo "${pid}"
        break
      fi
    done
  done
}

# TERMs the nginx processes of the prefix and waits up to 5 s for them to leave; when one is still there,
# the script fails and leaves the prefix in place, so a later stop can find it again.
stop_prefix_processes() {
  local pids pid tries left
  mapfile -t pids < <(prefix_pids)
  ((${#pids[@]} > 0)) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((tries = 0; tries < 100; tries++)); do
    left=()
    for pid in "${pids[@]}"; do if alive "${pid}"; then left+=("${pid}"); fi; done
    ((${#left[@]} > 0)) || return 0
    sleep 0.05
  done
  die "nginx pid(s) ${left[*]} did not exit within 5 s; left ${prefix} in place"
}

remove_state() {
  rm -rf -- "${prefix}"
  rm -f -- "$(state_link)"
}

# Both take a port, --port's by default.
port_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/${1:-${PORT}}") 2>/dev/null
}

port_listened() {
  [[ -n "$(ss -Hltn "sport = :${1:-${PORT}}" 2>/dev/null)" ]]
}

# The h2c port recorded in the prefix, or nothing.
recorded_h2_port() {
  if [[ -r "${prefix}/${H2_PORT_FILE}" ]]; then cat "${prefix}/${H2_PORT_FILE}"; fi
}

# ", HTTP/2 (h2c, prior knowledge) on http://127.0.0.1:Q" when the prefix has an h2c port, else nothing.
h2_text() {
  local h2_port
  h2_port="$(recorded_h2_port)"
  if [[ -n "${h2_port}" ]]; then echo ", HTTP/2 (h2c, prior knowledge) on http://127.0.0.1:${h2_port}"; fi
}

# Renders the template into the prefix. Values are taken from the environment, not from awk -v, which
# would turn backslash sequences into other characters, and are spliced in with index/substr, since
# gsub() reads '&' in a replacement as the matched text. A placeholder inside a path (@PREFIX@/...,
# @ECHO_MODULE@) makes the whole word one quoted string, so a path may hold spaces or ';'.
render_config() {
  local nofile="$1" connections="$2" user_directive="" status_locations="" h2_listen="" code
  if [[ "$(id -u)" -eq 0 ]]; then
    # As root the master would switch workers to 'nobody', who cannot use the prefix.
    user_directive="user root;"
  fi
  if [[ -n "${H2_PORT}" ]]; then h2_listen="        listen 127.0.0.1:${H2_PORT} http2 backlog=${BACKLOG};"$'\n'; fi
  for code in ${STATUS_CODES}; do
    status_locations+="        location = /status-code/${code} { return ${code} \"status ${code}\\n\"; }"$'\n'
  done
  BB_PREFIX="${prefix}" BB_PORT="${PORT}" BB_MODULE="${ECHO_MODULE}" BB_USER="${user_directive}" \
  BB_NOFILE="${nofile}" BB_CONNECTIONS="${connections}" BB_BACKLOG="${BACKLOG}" BB_CODES="${STATUS_CODES}" \
  BB_LOCATIONS="${status_locations}" BB_H2_LISTEN="${h2_listen}" awk '
    function replace(line, key, value,    out, at) {
      out = ""
      while ((at = index(line, key)) > 0) {
        out = out substr(line, 1, at - 1) value
        line = substr(line, at + length(key))
      }
      return out line
    }
    function quote_path(line, key, value,    out, at, rest, word) {
      out = ""
      while ((at = index(line, key)) > 0) {
        rest = substr(line, at + length(key))
        word = match(rest, /[ \t;]/) ? RSTART - 1 : length(rest)
        out = out substr(line, 1, at - 1) "\"" value substr(rest, 1, word) "\""
        line = substr(rest, word + 1)
      }
      return out line
    }
    /^[ \t]*#/ { print; next }
    /^@STATUS_LOCATIONS@$/ { printf "%s", ENVIRON["BB_LOCATIONS"]; next }
    /^@H2_LISTEN@$/ { printf "%s", ENVIRON["BB_H2_LISTEN"]; next }
    {
      line = quote_path($0, "@PREFIX@", ENVIRON["BB_PREFIX"])
      line = quote_path(line, "@ECHO_MODULE@", ENVIRON["BB_MODULE"])
      line = replace(line, "@PORT@", ENVIRON["BB_PORT"])
      line = replace(line, "@USER_DIRECTIVE@", ENVIRON["BB_USER"])
      line = replace(line, "@NOFILE@", ENVIRON["BB_NOFILE"])
      line = replace(line, "@WORKER_CONNECTIONS@", ENVIRON["BB_CONNECTIONS"])
      line = replace(line, "@BACKLOG@", ENVIRON["BB_BACKLOG"])
      line = replace(line, "@STATUS_CODES@", ENVIRON["BB_CODES"])
      print line
    }' "${TEMPLATE}" >"${prefix}/nginx.conf"
}

start() {
  command -v "${NGINX_BIN}" >/dev/null || die "nginx not found (install nginx with scripts/deps.sh)"
  [[ -r "${ECHO_MODULE}" ]] || die "echo module ${ECHO_MODULE} not found (install libnginx-mod-http-echo)"
  [[ -r "${TEMPLATE}" ]] || die "config template ${TEMPLATE} not found"
  [[ -d "${STATE_ROOT}" && -w "${STATE_ROOT}" ]] || die "TMPDIR=${STATE_ROOT} is not a folder this user can write to"

  local pid
  read_state
  if [[ -n "${prefix}" ]]; then
    pid="$(master_pid)"
    [[ -z "${pid}" ]] || die "a target is already running on port ${PORT} (pid ${pid}, prefix ${prefix}); stop it first"
    # A master that is gone (killed, crashed) may have left workers that still hold the port.
    stop_prefix_processes
    remove_state
  fi
  if port_listened || port_answers; then
    die "port ${PORT} on 127.0.0.1 is busy (another program listens there); choose another with --port"
  fi
  if [[ -n "${H2_PORT}" ]] && { port_listened "${H2_PORT}" || port_answers "${H2_PORT}"; }; then
    die "port ${H2_PORT} on 127.0.0.1 is busy (another program listens there); choose another with --h2-port"
  fi

  local nofile connections
  nofile="$(ulimit -Hn)"
  [[ "${nofile}" == unlimited ]] && nofile=1048576
  ulimit -n "${nofile}"
  connections=$(( nofile < WANTED_CONNECTIONS ? nofile : WANTED_CONNECTIONS ))
  if (( connections < 10000 )); then
    echo "target.sh: warning: open-file hard limit ${nofile} lets nginx hold only ${connections} connections (10,000 wanted)" >&2
  fi

  # The state link is made before nginx starts, so a start stopped half-way (a signal, a failure) never
  # leaves an nginx that stop cannot find; ln fails rather than replace a link another start just made.
  prefix="$(mktemp -d "${STATE_ROOT}/boundbench-nginx.XXXXXX")"
  if ! ln -s -- "${prefix}" "$(state_link)" 2>/dev/null; then
    rm -rf -- "${prefix}"
    die "$(state_link) appeared while starting (another start on port ${PORT}?); nothing started"
  fi
  if [[ -n "${H2_PORT}" ]]; then echo "${H2_PORT}" > "${prefix}/${H2_PORT_FILE}"; fi
  render_config "${nofile}" "${connections}"
  if ! "${NGINX_BIN}" -p "${prefix}" -c "${prefix}/nginx.conf" -e "${prefix}/error.log" 2>"${prefix}/start.log"; then
    cat "${prefix}/start.log" "${prefix}/error.log" >&2 2>/dev/null || true
    remove_state
    die "nginx did not start on port ${PORT}"
  fi

  local tries
  for (( tries = 0; tries < 100; tries++ )); do
    pid="$(master_pid)"
    if [[ -n "${pid}" ]] && port_answers && { [[ -z "${H2_PORT}" ]] || port_answers "${H2_PORT}"; }; then
      echo "target: nginx pid ${pid} serving http://127.0.0.1:${PORT}$(h2_text) (prefix ${prefix})"
      return 0
    fi
    sleep 0.05
  done
  cat "${prefix}/error.log" >&2 2>/dev/null || true
  stop
  die "nginx did not answer on port ${PORT} within 5 s"
}

stop() {
  local pid leftovers
  read_state
  if [[ -z "${prefix}" ]]; then
    echo "target: nothing recorded for port ${PORT}; nothing to stop"
    return 0
  fi
  pid="$(master_pid)"
  leftovers="$(prefix_pids | paste -sd' ')"
  stop_prefix_processes
  if [[ -n "${pid}" ]]; then
    echo "target: stopped nginx pid ${pid} on port ${PORT}"
  elif [[ -n "${leftovers}" ]]; then
    echo "target: the nginx master for port ${PORT} was gone; stopped its leftover process(es) ${leftovers}"
  else
    echo "target: nginx for port ${PORT} was not running; removed its state"
  fi
  remove_state
}

status() {
  local pid leftovers
  read_state
  if [[ -n "${prefix}" ]]; then
    pid="$(master_pid)"
    if [[ -n "${pid}" ]]; then
      echo "target: running, nginx pid ${pid}, http://127.0.0.1:${PORT}$(h2_text), prefix ${prefix}"
      return 0
    fi
    leftovers="$(prefix_pids | paste -sd' ')"
    if [[ -n "${leftovers}" ]]; then
      echo "target: not running on port ${PORT}: its nginx master is gone, but process(es) ${leftovers} still" \
        "hold the port; stop ends them"
      return 3
    fi
  fi
  echo "target: not running on port ${PORT}"
  return 3
}

PORT=8787
H2_PORT=""
H2_GIVEN=false
ACTION=""
while (( $# > 0 )); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --port)
      (( $# >= 2 )) || die_usage "--port needs a value"
      PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    --h2-port)
      (( $# >= 2 )) || die_usage "--h2-port needs a value"
      H2_PORT="$2"; H2_GIVEN=true; shift 2 ;;
    --h2-port=*) H2_PORT="${1#--h2-port=}"; H2_GIVEN=true; shift ;;
    start|stop|status)
      [[ -z "${ACTION}" ]] || die_usage "give one action, not '${ACTION}' and '$1'"
      ACTION="$1"; shift ;;
    *) die_usage "unknown argument '$1'" ;;
  esac
done
[[ -n "${ACTION}" ]] || die_usage "give an action: start, stop or status"
# Checked as text before bash reads it as a number: bash arithmetic reads 010 as octal 8, fails on 018
# and wraps numbers past 2^63, so leading zeros and more than five digits are refused.
if ! [[ "${PORT}" =~ ^[1-9][0-9]{0,4}$ ]] || (( PORT > 65535 )); then
  die_usage "--port: ${PORT@Q} is not a port number 1-65535 (decimal digits, no leading zero)"
fi
readonly PORT
if [[ "${H2_GIVEN}" == true ]]; then
  [[ "${ACTION}" == start ]] || die_usage "--h2-port: only start takes it (stop and status find the target by --port)"
  if ! [[ "${H2_PORT}" =~ ^[1-9][0-9]{0,4}$ ]] || (( H2_PORT > 65535 )); then
    die_usage "--h2-port: ${H2_PORT@Q} is not a port number 1-65535 (decimal digits, no leading zero)"
  fi
  (( H2_PORT != PORT )) || die_usage "--h2-port: ${H2_PORT} is --port too; HTTP/2 needs a port of its own"
fi
readonly H2_PORT
# The environment is checked before it is used: these values become nginx config and a command.
STATE_ROOT="${TMPDIR:-/tmp}"
[[ "${STATE_ROOT}" =~ ${CONFIG_PATH} ]] \
  || die_usage "TMPDIR=${STATE_ROOT@Q} must be an absolute folder without double quotes, backslashes or control characters"
readonly STATE_ROOT
readonly NGINX_BIN="${NGINX_BIN:-nginx}"
[[ "${NGINX_BIN}" =~ ^[^[:cntrl:]]+$ ]] || die_usage "NGINX_BIN=${NGINX_BIN@Q} must be a command name or path without control characters"
readonly ECHO_MODULE="${ECHO_MODULE:-/usr/lib/nginx/modules/ngx_http_echo_module.so}"
[[ "${ECHO_MODULE}" =~ ${CONFIG_PATH} ]] \
  || die_usage "ECHO_MODULE=${ECHO_MODULE@Q} must be an absolute path without double quotes, backslashes or control characters"

"${ACTION}"
