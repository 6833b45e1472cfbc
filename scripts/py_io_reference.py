#!/usr/bin/python3
"""The seed's three Python fetchers (requests loop, ThreadPoolExecutor, aiohttp gather), timed the way the suite is.

Reference for the io suite: same URLs, same request count, same limit on requests in flight.
Uses Debian's /usr/bin/python3 with python3-requests and python3-aiohttp. With --csv it prints
rows in the `io` schema of results/README.md (impl py_requests, py_threads or py_aiohttp);
the summary goes to stderr. Exit 1 when any request failed, 2 for bad usage.
"""
import argparse
import asyncio
import math
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from reference_rows import (add_common_arguments, cpu_and_switches, csv_line, describe_line,
                            machine_load, parse_params, run_metadata, utc_now)

COLUMNS = ("suite,impl,workers,ranks,threads,repeat,wall_s,requests,ok,failed,http_4xx,http_5xx,timeout,refused,"
           "closed,other,bytes,req_per_s,p50_ms,p90_ms,p99_ms,max_ms,peak_rss_kib,cpu_s,ctx_voluntary,ctx_involuntary,"
           "target,loops,shards,http_version,nodes,schedule,client,host,utc_time,git_rev,compiler,cores,load_1m,curl_version").split(",")
FAILURE_CLASSES = ("http_4xx", "http_5xx", "timeout", "refused", "closed", "other")


def classify_status(status):
    if status >= 500:
        return "http_5xx"
    if status >= 400:
        return "http_4xx"
    return "ok"


def classify_error(error):
    """Maps a requests/aiohttp exception to the suite's failure classes by what it says it is."""
    text = " ".join(f"{type(e).__name__} {e}" for e in (error, error.__cause__, error.__context__) if e is not None)
    if "Timeout" in text or "timed out" in text:
        return "timeout"
    if "Refused" in text or "refused" in text:
        return "refused"
    if "Disconnected" in text or "reset" in text or "closed" in text:
        return "closed"
    return "other"


def fetch_with_requests_loop(url, count, workers, timeout):
    """The seed's first example: one requests.Session, one request after another."""
    import requests
    with requests.Session() as session:
        return [fetch_one_blocking(session, url, timeout) for _ in range(count)]


def fetch_one_blocking(session, url, timeout):
    """(outcome class, body bytes, seconds) of one request; every failure counts, none stops the run."""
    started = time.perf_counter()
    try:
        with session.get(url, timeout=timeout) as response:
            body = response.content  # read the whole body, like response.text in the seed
            return classify_status(response.status_code), len(body), time.perf_counter() - started
    except Exception as error:
        return classify_error(error), 0, time.perf_counter() - started


def fetch_with_thread_pool(url, count, workers, timeout):
    """The seed's ThreadPoolExecutor example: one shared Session, executor.map over the URLs."""
    import requests
    from requests.adapters import HTTPAdapter
    with requests.Session() as session:
        # requests keeps 10 connections per host by default; give every thread one, as the suite does.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=workers)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        with ThreadPoolExecutor(max_workers=workers) as executor:
            return list(executor.map(lambda u: fetch_one_blocking(session, u, timeout), [url] * count))


def fetch_with_aiohttp(url, count, workers, timeout):
    """The seed's asyncio example: aiohttp.ClientSession and asyncio.gather, at most `workers` in flight."""
    import aiohttp

    async def fetch(session, slots):
        # gather starts every request at once; the clock starts when a request gets one of the `workers` slots,
        # as a C++ transfer's does when handed to libcurl and a pool thread's when it takes the request.
        async with slots:
            started = time.perf_counter()
            try:
                async with session.get(url) as response:
                    body = await response.read()
                    return classify_status(response.status), len(body), time.perf_counter() - started
            except Exception as error:
                return classify_error(error), 0, time.perf_counter() - started

    async def main():
        slots = asyncio.Semaphore(workers)
        connector = aiohttp.TCPConnector(limit=workers, limit_per_host=workers)
        async with aiohttp.ClientSession(connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            return await asyncio.gather(*[fetch(session, slots) for _ in range(count)])

    return asyncio.run(main())


APPROACHES = {"requests": fetch_with_requests_loop, "threads": fetch_with_thread_pool, "aiohttp": fetch_with_aiohttp}
MODELS = {  # --approach -> (kind, what --workers means, the model's description)
    "requests": ("sequential", "ignored: one request at a time",
                 "py_requests: the seed's requests loop, one request after another on one Session"),
    "threads": ("threads", "ThreadPoolExecutor threads sharing one requests Session",
                "py_threads: the seed's ThreadPoolExecutor fetching with requests on one shared Session"),
    "aiohttp": ("event-loop", "aiohttp connections in flight on one asyncio event loop",
                "py_aiohttp: the seed's asyncio.gather over aiohttp, at most --workers requests in flight"),
}


def nearest_rank(ascending, percent):
    rank = math.ceil(percent / 100 * len(ascending))
    return ascending[min(max(rank, 1), len(ascending)) - 1]


def build_parser():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approach", choices=sorted(APPROACHES), required=True)
    # Not required by argparse: --describe runs nothing and needs no URL; main() asks for it otherwise.
    parser.add_argument("--url", help="http(s) URL fetched --requests times")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--workers", type=int, default=10, help="threads, or aiohttp connections (requests: 1)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per request")
    add_common_arguments(parser)
    return parser


def describe(approach):
    """The --describe line of py_<approach>."""
    kind, workers, description = MODELS[approach]
    return describe_line(build_parser(), f"py_{approach}", "io", kind, workers, description, COLUMNS)


def main():
    parser = build_parser()
    arguments = parser.parse_args()
    if arguments.describe:
        print(describe(arguments.approach))
        return 0
    if arguments.url is None:
        parser.error("the following arguments are required: --url")
    if arguments.requests < 1 or arguments.workers < 1 or arguments.repeats < 1 or arguments.timeout <= 0:
        parser.error("--requests, --workers, --repeats and --timeout must be positive")
    if not arguments.url.startswith(("http://", "https://")):
        parser.error("--url must be http:// or https://")
    try:
        params = parse_params(arguments.param, COLUMNS)
    except ValueError as error:
        parser.error(str(error))
    workers = 1 if arguments.approach == "requests" else arguments.workers
    if arguments.approach == "aiohttp":
        # Thousands of sockets: the same open-file rule as the C++ programs.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    impl = f"py_{arguments.approach}"
    host, revision, compiler = run_metadata()
    if arguments.csv:
        print(",".join(COLUMNS + [name for name, _ in params]), flush=True)
    all_ok = True
    for repeat in range(arguments.repeats):
        usage_before = cpu_and_switches()
        started = time.perf_counter()
        records = APPROACHES[arguments.approach](arguments.url, arguments.requests, workers, arguments.timeout)
        wall_s = time.perf_counter() - started
        cpu_s, voluntary, involuntary = (after - before for after, before in zip(cpu_and_switches(), usage_before))
        counts = {name: sum(1 for outcome, _, _ in records if outcome == name) for name in FAILURE_CLASSES}
        ok = sum(1 for outcome, _, _ in records if outcome == "ok")
        failed = len(records) - ok
        all_ok = all_ok and failed == 0
        latencies = sorted(seconds * 1000 for _, _, seconds in records)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        utc = utc_now()
        threads = workers if arguments.approach == "threads" else 1
        # Like io_threads and io_multi: a free thread or connection slot takes the next request.
        schedule = "none" if arguments.approach == "requests" else "dynamic"
        row = ["io", impl, workers, 1, threads, repeat, f"{wall_s:.9g}", len(records), ok, failed,
               *(counts[name] for name in FAILURE_CLASSES), sum(size for _, size, _ in records),
               f"{len(records) / wall_s:.9g}", *(f"{nearest_rank(latencies, p):.6g}" for p in (50, 90, 99)),
               f"{latencies[-1]:.6g}", peak, f"{cpu_s:.6f}", voluntary, involuntary, arguments.url,
               # One event loop or pool, no libcurl multi handle, HTTP/1.1, this host, its HTTP library.
               1, 0, "1.1", 1, schedule, "aiohttp" if arguments.approach == "aiohttp" else "requests", host, utc,
               revision, compiler, *machine_load(), "none"]
        if arguments.csv:
            print(csv_line(row + [value for _, value in params]), flush=True)
        print(f"{impl} workers={workers}: repeat {repeat + 1}/{arguments.repeats} {wall_s:.4f} s, "
              f"{ok}/{len(records)} ok, {len(records) / wall_s:.1f} req/s, peak RSS {peak} KiB", file=sys.stderr)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
