#!/usr/bin/python3
"""The seed's three Python fetchers (requests loop, ThreadPoolExecutor, aiohttp gather), timed the way the suite is.

Reference for the io suite's benchmarks: same URLs, same request count, same limit on requests in
flight. Uses Debian's /usr/bin/python3 with python3-requests and python3-aiohttp.
Prints one line per repeat: approach, workers, requests, ok, failed, wall_s, req_per_s, peak_rss_kib.
Exit 1 when any request failed, 2 for bad usage.
"""
import argparse
import asyncio
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def fetch_with_requests_loop(url, count, workers, timeout):
    """The seed's first example: one requests.Session, one request after another."""
    import requests
    ok = 0
    with requests.Session() as session:
        for _ in range(count):
            ok += fetch_one_blocking(session, url, timeout)
    return ok


def fetch_one_blocking(session, url, timeout):
    try:
        with session.get(url, timeout=timeout) as response:
            response.content  # read the whole body, like response.text in the seed
            return 1 if response.status_code < 400 else 0
    except Exception:  # every failure counts, none stops the run
        return 0


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
            return sum(executor.map(lambda u: fetch_one_blocking(session, u, timeout), [url] * count))


def fetch_with_aiohttp(url, count, workers, timeout):
    """The seed's asyncio example: aiohttp.ClientSession and asyncio.gather, at most `workers` in flight."""
    import aiohttp

    async def fetch(session):
        try:
            async with session.get(url) as response:
                await response.read()
                return 1 if response.status < 400 else 0
        except Exception:
            return 0

    async def main():
        connector = aiohttp.TCPConnector(limit=workers, limit_per_host=workers)
        async with aiohttp.ClientSession(connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            return sum(await asyncio.gather(*[fetch(session) for _ in range(count)]))

    return asyncio.run(main())


APPROACHES = {"requests": fetch_with_requests_loop, "threads": fetch_with_thread_pool, "aiohttp": fetch_with_aiohttp}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approach", choices=sorted(APPROACHES), required=True)
    parser.add_argument("--url", required=True, help="http(s) URL fetched --requests times")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--workers", type=int, default=10, help="threads, or aiohttp connections (requests: 1)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per request")
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    if arguments.requests < 1 or arguments.workers < 1 or arguments.repeats < 1 or arguments.timeout <= 0:
        parser.error("--requests, --workers, --repeats and --timeout must be positive")
    if not arguments.url.startswith(("http://", "https://")):
        parser.error("--url must be http:// or https://")
    workers = 1 if arguments.approach == "requests" else arguments.workers
    if arguments.approach == "aiohttp":
        # Thousands of sockets: the same open-file rule as the C++ programs.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    all_ok = True
    print("approach,workers,requests,ok,failed,wall_s,req_per_s,peak_rss_kib")
    for _ in range(arguments.repeats):
        started = time.perf_counter()
        ok = APPROACHES[arguments.approach](arguments.url, arguments.requests, workers, arguments.timeout)
        wall_s = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        failed = arguments.requests - ok
        all_ok = all_ok and failed == 0
        print(f"py_{arguments.approach},{workers},{arguments.requests},{ok},{failed},{wall_s:.4f},"
              f"{arguments.requests / wall_s:.1f},{peak}", flush=True)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
