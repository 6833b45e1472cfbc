#!/usr/bin/python3
"""ref_wrk: wrk, a C load generator over HTTP/1.1 keep-alive, as a reference io model (see ref_clients.py).

wrk runs for a duration, not a request count: --duration S seconds, with --workers connections kept open
over min(cores, workers) threads (the most that split the connections evenly; wrk would drop a remainder).
Its done hook (ref_wrk_done.lua) prints wrk's own counts and latency percentiles as one line.
"""
import sys
from pathlib import Path

from ref_clients import Client, main
from ref_parse import outcome, parse_wrk

DONE_HOOK = Path(__file__).resolve().with_name("ref_wrk_done.lua")


def add_options(parser):
    parser.add_argument("--duration", type=int, default=2, help="whole seconds each run lasts (default 2)")


def check(arguments):
    return f"--duration: {arguments.duration} is below 1" if arguments.duration < 1 else None


def threads(arguments, cores):
    """The most threads, up to the cores, that split the connections evenly."""
    workers = arguments.workers
    return max(count for count in range(1, min(cores, workers) + 1) if workers % count == 0)


def command(arguments, threads_used, _log_path):
    return ["wrk", "--threads", str(threads_used), "--connections", str(arguments.workers),
            "--duration", f"{arguments.duration}s", "--timeout", f"{arguments.timeout}s", "--script", str(DONE_HOOK),
            arguments.url]


def lost(arguments):
    """A run stopped at its deadline told nothing: each connection's request in flight counts as timed out."""
    return outcome(arguments.workers, 0, None, None, None, timeout=arguments.workers)


CLIENT = Client(
    name="ref_wrk", program="wrk", version_flag="-v", package="wrk", language="C", http_version="1.1",
    description="ref_wrk: wrk (HTTP/1.1 keep-alive, one event loop per thread) loading --url for --duration seconds",
    workers="connections kept open, each with one request in flight, over the threads' event loops",
    add_options=add_options, check=check, threads=threads, command=command,
    planned_s=lambda arguments: arguments.duration, parse=lambda stdout, stderr, _log: parse_wrk(stdout, stderr),
    lost=lost)

if __name__ == "__main__":
    sys.exit(main(CLIENT))
