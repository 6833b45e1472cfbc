"""Reads what the reference clients print (wrk with its done hook, h2load and its log file) into one run's outcome."""
import re
from dataclasses import dataclass

from py_io_reference import FAILURE_CLASSES, nearest_rank


class ParseError(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    """One run of a client: requests (ok + failed), failures by class, its own wall time, body bytes and latency.

    wall_s is None when the client measured nothing (it gave up before starting); body_bytes None when the
    client does not count body bytes apart from headers (wrk); latency_ms (p50, p90, p99, max) None when no
    response was timed."""
    requests: int
    ok: int
    classes: dict
    wall_s: float | None
    body_bytes: int | None
    latency_ms: tuple | None

    @property
    def failed(self):
        return self.requests - self.ok


def outcome(requests, ok, wall_s, body_bytes, latency_ms, **classes):
    """An Outcome whose classes add up to its failures, or ParseError saying they do not."""
    counts = {name: classes.get(name, 0) for name in FAILURE_CLASSES}
    if min(counts.values()) < 0 or sum(counts.values()) != requests - ok or not 0 <= ok <= requests:
        raise ParseError(f"inconsistent counts: {requests} requests, {ok} ok, classes {counts}")
    return Outcome(requests, ok, counts, wall_s, body_bytes, latency_ms)


# The line scripts/ref_wrk_done.lua prints: wrk's own summary, in whole numbers, microseconds for times.
WRK_DONE = re.compile(r"^boundbench-wrk: (.*)$", re.MULTILINE)
WRK_FIELDS = ("duration_us", "requests", "connect", "read", "write", "status", "timeout", "p50_us", "p90_us", "p99_us",
              "max_us")
WRK_CONNECTIONS = re.compile(r"^  \d+ threads and (\d+) connections$", re.MULTILINE)
# wrk connects once to the target before it starts and gives up when that fails.
WRK_UNREACHABLE = re.compile(r"^unable to connect to \S+ (.*)$", re.MULTILINE)


def parse_wrk(stdout, stderr):
    """The Outcome of one wrk run from its stdout (with the done hook's line) and stderr.

    wrk counts responses (`requests`, non-2xx included) and socket errors apart; each socket error cost one
    request its response, so requests = responses + connect + read + write errors. Classes: connect errors
    are `refused`; read and write errors `closed` (the connection broke: reset, or refused on a reconnect);
    responses slower than --timeout (wrk counts them, and does not time them) `timeout`; responses with a
    status of 400 or more `other`, since wrk counts them as one number without telling 4xx from 5xx. wrk
    leaves out the requests still in flight when its duration ends; in a run without a single response or
    error those are all there was, so each connection's request counts as `timeout`."""
    done = WRK_DONE.search(stdout)
    if done is None:
        unreachable = WRK_UNREACHABLE.search(stderr)
        if unreachable is None:
            raise ParseError("wrk printed neither its summary (the done hook's line) nor why it stopped")
        # The one connection wrk tried: refused, or any other reason (name lookup, unreachable network).
        failure = "refused" if "refused" in unreachable.group(1).lower() else "other"
        return outcome(1, 0, None, None, None, **{failure: 1})
    try:
        values = dict(field.split("=", 1) for field in done.group(1).split())
        numbers = {name: int(values[name]) for name in WRK_FIELDS}
    except (KeyError, ValueError) as error:
        raise ParseError(f"wrk's done line is not the one scripts/ref_wrk_done.lua prints: {error}") from None
    responses = numbers["requests"]
    if responses + numbers["connect"] + numbers["read"] + numbers["write"] == 0:
        connections = WRK_CONNECTIONS.search(stdout)
        if connections is None:
            raise ParseError("wrk got no response and printed no connection count")
        unanswered = int(connections.group(1))
        return outcome(unanswered, 0, numbers["duration_us"] / 1e6, None, None, timeout=unanswered)
    bad = min(responses, numbers["status"] + numbers["timeout"])
    latency = None if numbers["max_us"] == 0 else tuple(numbers[name] / 1000 for name in WRK_FIELDS[7:])
    return outcome(responses + numbers["connect"] + numbers["read"] + numbers["write"], responses - bad,
                   numbers["duration_us"] / 1e6, None, latency, refused=numbers["connect"],
                   closed=numbers["read"] + numbers["write"], timeout=numbers["timeout"],
                   other=bad - numbers["timeout"])


H2_FINISHED = re.compile(r"^finished in ([0-9.]+)(us|ms|s), ", re.MULTILINE)
H2_REQUESTS = re.compile(r"^requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                         r"(\d+) errored, (\d+) timeout$", re.MULTILINE)
H2_STATUS = re.compile(r"^status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx$", re.MULTILINE)
H2_DATA = re.compile(r"^traffic: .*\((\d+)\) data$", re.MULTILINE)
# Printed once a connection is up and its protocol agreed; absent when no connection was ever made.
H2_CONNECTED = re.compile(r"^Application protocol: ", re.MULTILINE)
UNIT_S = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def h2load_latency(log_text):
    """(p50, p90, p99, max) in ms over every stream in h2load's --log-file (start us, status, us to the end of
    the response; status -1 for a failed stream), or None when it logged none."""
    times = sorted(int(line.split("\t")[2]) / 1000 for line in log_text.splitlines() if line.strip())
    if not times:
        return None
    return (*(nearest_rank(times, percent) for percent in (50, 90, 99)), times[-1])


def parse_h2load(stdout, log_text):
    """The Outcome of one h2load run from its stdout and its --log-file.

    ok = h2load's `succeeded` (status 2xx or 3xx). Its `failed` splits into the 4xx and 5xx responses, the
    requests cut by its inactivity timeout (`timeout`), and the rest, which never got a response: `refused`
    when no connection was ever made, else `closed` (the connection broke, or was gone before they were sent)."""
    found = {name: pattern.search(stdout) for name, pattern in
             (("finished", H2_FINISHED), ("requests", H2_REQUESTS), ("status", H2_STATUS), ("data", H2_DATA))}
    missing = [name for name, match in found.items() if match is None]
    if missing:
        raise ParseError(f"h2load's summary lacks its {', '.join(missing)} line(s)")
    total, _, _, succeeded, failed, _, timeout = (int(value) for value in found["requests"].groups())
    _, _, status_4xx, status_5xx = (int(value) for value in found["status"].groups())
    if total - succeeded != failed:
        raise ParseError(f"h2load's counts disagree: {total} total, {succeeded} succeeded, {failed} failed")
    unanswered = failed - status_4xx - status_5xx - timeout
    lost = "closed" if H2_CONNECTED.search(stdout) else "refused"
    wall_s = round(float(found["finished"].group(1)) * UNIT_S[found["finished"].group(2)], 9)
    return outcome(total, succeeded, wall_s, int(found["data"].group(1)), h2load_latency(log_text),
                   http_4xx=status_4xx, http_5xx=status_5xx, timeout=timeout, **{lost: unanswered})
