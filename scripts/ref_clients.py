"""Runs a reference HTTP client (ref_wrk.py, ref_h2load.py describe one each) and prints its runs as io rows.

A run is one invocation of the tool, under a deadline so that it always ends; its cost is the tool's own
(peak RSS, CPU time, context switches; see run_tool). The tool's threads are event loops (wrk and h2load
each run one per thread), so loops = threads, shards = 0, nodes = 1. Exit 1 when a request of a timed run
failed or the tool could not run, 2 for bad usage.
"""
import argparse
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ref_parse import ParseError
from reference_rows import csv_line, describe_line, machine_load, parse_params, run_metadata, utc_now

# The io schema of results/README.md, as the C++ models print it (the rows share io.csv with theirs).
COLUMNS = ("suite,impl,workers,ranks,threads,repeat,wall_s,requests,ok,failed,http_4xx,http_5xx,timeout,refused,"
           "closed,other,bytes,req_per_s,p50_ms,p90_ms,p99_ms,max_ms,peak_rss_kib,cpu_s,ctx_voluntary,"
           "ctx_involuntary,target,loops,shards,http_version,nodes,schedule,client,host,utc_time,git_rev,compiler,cores,load_1m,"
           "curl_version").split(",")
# At most this many connections: the C++ models' --workers range.
MOST_WORKERS = 10_000_000
# A tool that outlives its planned time by this much is stopped: start-up, connecting and teardown fit in it.
GRACE_S = 10
# GNU time, which reports the tool's own peak RSS (see run_tool).
TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Client:
    """A reference client, described as a C++ main describes its model.

    add_options adds the options of its own (what sets how much it runs: wrk's --duration, h2load's
    --requests); check refuses bad values of them (returns the message, or None); threads(arguments, cores) are
    the tool's threads; command(arguments, threads, log_path) its command line; planned_s(arguments) how long a
    run may take before it is stopped; parse(stdout, stderr, log_text) reads a run into a ref_parse.Outcome;
    lost(arguments) is the Outcome of a run stopped at its deadline."""
    name: str
    program: str
    version_flag: str
    package: str
    language: str
    http_version: str
    description: str
    workers: str
    add_options: Callable
    check: Callable
    threads: Callable
    command: Callable
    planned_s: Callable
    parse: Callable
    lost: Callable


class OneLineParser(argparse.ArgumentParser):
    """Bad usage is one line on stderr, naming the option, and exit 2 (the project's rule), not argparse's two."""

    def error(self, message):
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def build_parser(client):
    parser = OneLineParser(prog=client.name, description=client.description)
    # Not required by argparse: --describe and --csv-header run nothing and need no URL; main() asks otherwise.
    parser.add_argument("--url", help="http:// URL to load")
    parser.add_argument("--workers", type=int, default=1, help=f"{client.workers} (default 1)")
    parser.add_argument("--timeout", type=int, default=30, help="whole seconds a request may wait (default 30)")
    client.add_options(parser)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs, one row each (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--csv", action="store_true", help="print a header and one row per repeat on stdout")
    parser.add_argument("--csv-header", action="store_true", help="print the header alone and run nothing")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="append a constant column (repeatable)")
    parser.add_argument("--describe", action="store_true",
                        help="print the model's description (one JSON line) and exit, running nothing")
    return parser


def describe(client):
    """The --describe line: the contract's keys, with the tool's own language."""
    model = json.loads(describe_line(build_parser(client), client.name, "io", "event-loop", client.workers,
                                     client.description, COLUMNS))
    model["language"] = client.language
    return json.dumps(model, separators=(",", ":"))


def tool_version(client):
    """The tool's version line, e.g. 'wrk debian/4.1.0-3+b2' or 'h2load nghttp2/1.52.0'."""
    printed = subprocess.run([client.program, client.version_flag], capture_output=True, text=True, timeout=10,
                             stdin=subprocess.DEVNULL)
    first = (printed.stdout or printed.stderr).splitlines()
    return first[0].split(" [")[0].strip() if first else client.program


# The tool running now (its process group), so that TERM or INT for this script stops it too.
running = [None]


def on_signal(number, _frame):
    if running[0] is not None:
        os.killpg(running[0].pid, signal.SIGKILL)
    sys.exit(128 + number)


@dataclass(frozen=True)
class Usage:
    """What one run of the tool cost: its peak RSS, CPU seconds and context switches."""
    peak_rss_kib: int
    cpu_s: float
    voluntary: int
    involuntary: int


def run_tool(argv, deadline_s, scratch):
    """(stdout, stderr, Usage, stopped) of one run of argv, killed after deadline_s seconds (stopped True).

    The tool runs under GNU time, started from this script: a child's peak RSS keeps the high-water mark of
    the process it was forked from (Linux carries it across exec), and this interpreter holds about 20 MB, GNU
    time about 2. So the peak RSS is GNU time's report of its child; CPU time and switches come from wait4 on
    GNU time, which adds its child's to its own (a millisecond, against GNU time's 10 ms resolution)."""
    rss_path = Path(scratch) / "peak_rss"
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([TIME, "--quiet", "--format", "%M", "--output", str(rss_path), *argv], stdout=out,
                                 stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        running[0] = child
        watch = os.pidfd_open(child.pid)
        try:
            stopped = not select.select([watch], [], [], deadline_s)[0]
            if stopped:
                os.killpg(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            os.close(watch)
            running[0] = None
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        reported = rss_path.read_text().split() if rss_path.exists() else []
        peak = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
        out.seek(0)
        err.seek(0)
        return (out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                Usage(peak, usage.ru_utime + usage.ru_stime, usage.ru_nvcsw, usage.ru_nivcsw), stopped)


def one_run(client, arguments, threads, scratch):
    """(Outcome, Usage, the tool's stderr) of one run."""
    log_path = Path(scratch) / "requests.log"
    log_path.unlink(missing_ok=True)
    stdout, stderr, usage, stopped = run_tool(client.command(arguments, threads, log_path),
                                              client.planned_s(arguments) + GRACE_S, scratch)
    if stopped:
        return client.lost(arguments), usage, stderr + f"stopped after its deadline of {client.planned_s(arguments)}" \
            f" + {GRACE_S} s\n"
    log_text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return client.parse(stdout, stderr, log_text), usage, stderr


def row_values(client, arguments, threads, repeat, result, usage, wall_s, metadata):
    """The row of one timed run in COLUMNS order (before the --param values)."""
    host, revision, version = metadata
    latency = [f"{value:.6g}" for value in result.latency_ms] if result.latency_ms else ["", "", "", ""]
    return ["io", client.name, arguments.workers, 1, threads, repeat, f"{wall_s:.9g}", result.requests, result.ok,
            result.failed, *result.classes.values(), "" if result.body_bytes is None else result.body_bytes,
            f"{result.requests / wall_s:.9g}", *latency, usage.peak_rss_kib, f"{usage.cpu_s:.6f}", usage.voluntary,
            usage.involuntary, arguments.url, threads, 0, client.http_version, 1, "none", client.program, host, utc_now(),
            revision, version, *machine_load(), "none"]


def checked_arguments(client, parser):
    """The arguments, every value checked before anything runs (bad ones end the program: exit 2)."""
    arguments = parser.parse_args()
    for option, value, low in (("--workers", arguments.workers, 1), ("--timeout", arguments.timeout, 1),
                               ("--repeats", arguments.repeats, 1), ("--warmup", arguments.warmup, 0)):
        if value < low:
            parser.error(f"{option}: {value} is below {low}")
    if arguments.workers > MOST_WORKERS:
        parser.error(f"--workers: {arguments.workers} is above {MOST_WORKERS}")
    problem = client.check(arguments)
    if problem:
        parser.error(problem)
    if arguments.url is not None and not arguments.url.startswith("http://"):
        parser.error(f"--url: '{arguments.url}' is not an http:// URL (the reference clients run over plain TCP)")
    try:
        arguments.params = parse_params(arguments.param, COLUMNS)
    except ValueError as error:
        parser.error(str(error))
    return arguments


def main(client):
    """Runs the client as the command line asks; 0 when every request of every timed run got a good answer."""
    parser = build_parser(client)
    arguments = checked_arguments(client, parser)
    header = ",".join(COLUMNS + [name for name, _ in arguments.params])
    if arguments.describe:
        print(describe(client))
        return 0
    if arguments.csv_header:
        print(header)
        return 0
    if arguments.url is None:
        parser.error("--url is required")
    for program, package in ((client.program, client.package), (TIME, "time")):
        if shutil.which(program) is None:
            print(f"{client.name}: error: {program} is not installed (package {package}; scripts/deps.sh installs it)",
                  file=sys.stderr)
            return 1
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    # Thousands of connections: the same open-file rule as the C++ programs; the tool inherits it.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    threads = client.threads(arguments, os.cpu_count() or 1)
    host, revision, _ = run_metadata()
    metadata = (host, revision, tool_version(client))
    if arguments.csv:
        print(header, flush=True)
    all_ok = True
    with tempfile.TemporaryDirectory(prefix=f"{client.name}.") as scratch:
        for run in range(arguments.warmup + arguments.repeats):
            warmup = run < arguments.warmup
            started = time.perf_counter()
            try:
                result, usage, stderr = one_run(client, arguments, threads, scratch)
            except ParseError as error:
                print(f"{client.name}: error: {client.program}'s output could not be read: {error}", file=sys.stderr)
                return 1
            # The tool's own time when it measured one; the whole invocation when it gave up before starting.
            wall_s = result.wall_s if result.wall_s else time.perf_counter() - started
            what = f"warm-up {run + 1}/{arguments.warmup}" if warmup else \
                f"repeat {run - arguments.warmup + 1}/{arguments.repeats}"
            print(f"{client.name} workers={arguments.workers}: {what} {wall_s:.4f} s, {result.ok}/{result.requests} "
                  f"ok, {result.requests / wall_s:.1f} req/s, peak RSS {usage.peak_rss_kib} KiB", file=sys.stderr)
            if result.failed:
                named = ", ".join(f"{name} {count}" for name, count in result.classes.items() if count)
                print(f"{client.name}: {result.failed} failed ({named}); {client.program} said: "
                      f"{stderr.strip()[-300:] or 'nothing on stderr'}", file=sys.stderr)
            if warmup:
                continue
            all_ok = all_ok and result.failed == 0
            if arguments.csv:
                row = row_values(client, arguments, threads, run - arguments.warmup, result, usage, wall_s, metadata)
                print(csv_line(row + [value for _, value in arguments.params]), flush=True)
    return 0 if all_ok else 1
