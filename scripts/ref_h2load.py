#!/usr/bin/python3
"""ref_h2load: nghttp2's h2load, a C++ load generator over HTTP/2, as a reference io model (see ref_clients.py).

h2load makes a fixed number of requests, like the io models: --requests N over --workers connections with one
stream each (h2c with prior knowledge on http://; fewer connections when there are fewer requests, as io_threads
starts fewer threads, since h2load gives each one a request at least), on min(cores, connections) threads. Its
--log-file gives every stream's time, from which the latency percentiles come; --timeout is its connection
inactivity timeout.
"""
import math
import sys

from ref_clients import Client, main
from ref_parse import outcome, parse_h2load


def add_options(parser):
    parser.add_argument("--requests", type=int, default=100, help="requests in all (default 100)")


def check(arguments):
    return f"--requests: {arguments.requests} is below 1" if arguments.requests < 1 else None


def connections(arguments):
    return min(arguments.workers, arguments.requests)


def threads(arguments, cores):
    return min(connections(arguments), cores)


def command(arguments, threads_used, log_path):
    return ["h2load", "--requests", str(arguments.requests), "--clients", str(connections(arguments)),
            "--threads", str(threads_used), "--max-concurrent-streams", "1",
            "--connection-inactivity-timeout", f"{arguments.timeout}s", "--log-file", str(log_path), arguments.url]


def planned_s(arguments):
    """Each connection makes its share of requests in turn, and each may wait --timeout."""
    return arguments.timeout * math.ceil(arguments.requests / connections(arguments))


def lost(arguments):
    """A run stopped at its deadline told nothing: every request counts as timed out."""
    return outcome(arguments.requests, 0, None, None, None, timeout=arguments.requests)


CLIENT = Client(
    name="ref_h2load", program="h2load", version_flag="--version", package="nghttp2-client", language="C++",
    http_version="2",
    description="ref_h2load: h2load (HTTP/2 over h2c, one event loop per thread) making --requests requests on --url",
    workers="connections, each with one stream in flight, over the threads' event loops",
    add_options=add_options, check=check, threads=threads, command=command, planned_s=planned_s,
    parse=lambda stdout, _stderr, log: parse_h2load(stdout, log), lost=lost)

if __name__ == "__main__":
    sys.exit(main(CLIENT))
