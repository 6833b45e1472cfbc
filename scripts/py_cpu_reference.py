#!/usr/bin/env python3
"""The seed's CPU-bound Python experiment (sequential, thread pool, process pool) with boundbench's CSV rows.

It is the reference the C++ models are measured against: the same triple loop on
Python's unbounded integers, the same --tasks grammar and digest, rows in the
`cpu` schema of results/README.md with impl py_seq, py_threads or py_processes.
"""
import argparse
import concurrent.futures
import math
import re
import statistics
import sys
import time

from reference_rows import (add_common_arguments, csv_line, describe_line, machine_load,
                            parse_params, run_metadata, utc_now)

DIGEST_MODULUS = (1 << 61) - 1
DIGEST_MULTIPLIER = 1000003
COLUMNS = ("suite,impl,workers,ranks,threads,repeat,wall_s,tasks,task_count,schedule,gil_ms,compute_s,comm_s,"
           "imbalance,digest,verified,host,utc_time,git_rev,compiler,cores,load_1m,gmp_version,openmp_version,"
           "mpi_version").split(",")
TASK_ITEM = re.compile(r"^([1-9][0-9]*)(?:x([1-9][0-9]*))?$")
MAX_NUM = 1000
MODELS = {  # --model -> (kind, what --workers means, the model's description)
    "seq": ("sequential", "ignored: one task after another",
            "py_seq: the seed's CPU-bound loop, one task after another in one Python process"),
    "threads": ("threads", "ThreadPoolExecutor threads (they take turns under CPython's interpreter lock)",
                "py_threads: the seed's CPU-bound tasks on a ThreadPoolExecutor (threads of one interpreter)"),
    "processes": ("processes", "ProcessPoolExecutor processes",
                  "py_processes: the seed's CPU-bound tasks on a ProcessPoolExecutor (one interpreter per process)"),
}


def cpu_bound_func(num):
    """The seed's function, unchanged apart from the print."""
    numbers = range(1, num)
    total = 1
    for i in numbers:
        for j in numbers:
            for k in numbers:
                total *= i * j * k
    return total


def parse_tasks(spec):
    tasks = []
    for item in spec.split(","):
        match = TASK_ITEM.match(item)
        if not match or int(match.group(1)) > MAX_NUM:
            raise ValueError(f"'{item}' is not NUM or NUMxCOUNT with NUM in 1..{MAX_NUM}, e.g. 30x100 or 50,63,32")
        tasks += [int(match.group(1))] * int(match.group(2) or 1)
    return tasks


def digest(results):
    value = 0
    for result in results:
        value = (value * DIGEST_MULTIPLIER + result % DIGEST_MODULUS) % DIGEST_MODULUS
    return value


def verified(tasks, results):
    expected = {num: math.factorial(num - 1) ** (3 * (num - 1) ** 2) for num in set(tasks)}
    return len(results) == len(tasks) and all(r == expected[n] for n, r in zip(tasks, results))


def make_runner(model, workers):
    """Returns (run(tasks) -> results, close). Pools start (and processes spawn) outside the timed region."""
    if model == "seq":
        return (lambda tasks: [cpu_bound_func(n) for n in tasks]), (lambda: None)
    pool_class = (concurrent.futures.ThreadPoolExecutor if model == "threads"
                  else concurrent.futures.ProcessPoolExecutor)
    pool = pool_class(max_workers=workers)
    list(pool.map(cpu_bound_func, [1] * workers))
    return (lambda tasks: list(pool.map(cpu_bound_func, tasks))), pool.shutdown


def build_parser():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=list(MODELS), default="seq",
                        help="seq: a plain loop; threads: ThreadPoolExecutor; processes: ProcessPoolExecutor")
    parser.add_argument("--tasks", default="30x100", help="task list, as for cpu_seq (default 30x100)")
    parser.add_argument("--workers", type=int, default=1, help="pool size (default 1)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed runs first (default 0)")
    add_common_arguments(parser)
    return parser


def describe(model):
    """The --describe line of py_<model>."""
    kind, workers, description = MODELS[model]
    return describe_line(build_parser(), f"py_{model}", "cpu", kind, workers, description, COLUMNS)


def main():
    parser = build_parser()
    arguments = parser.parse_args()
    if arguments.describe:
        print(describe(arguments.model))
        return 0
    try:
        tasks = parse_tasks(arguments.tasks)
    except ValueError as error:
        parser.error(f"--tasks: {error}")
    for option in ("workers", "repeats"):
        if getattr(arguments, option) < 1:
            parser.error(f"--{option}: must be at least 1")
    if arguments.warmup < 0:
        parser.error("--warmup: must be 0 or more")
    try:
        params = parse_params(arguments.param, COLUMNS)
    except ValueError as error:
        parser.error(str(error))

    impl = f"py_{arguments.model}"
    workers = 1 if arguments.model == "seq" else arguments.workers
    run, close = make_runner(arguments.model, workers)
    host, revision, compiler = run_metadata()
    if arguments.csv:
        print(",".join(COLUMNS + [name for name, _ in params]), flush=True)
    walls, all_ok = [], True
    try:
        for _ in range(arguments.warmup):
            run(tasks)
        for repeat in range(arguments.repeats):
            start = time.perf_counter()
            results = run(tasks)
            wall = time.perf_counter() - start
            ok = verified(tasks, results)
            all_ok = all_ok and ok
            walls.append(wall)
            utc = utc_now()
            threads = workers if arguments.model == "threads" else 1
            ranks = workers if arguments.model == "processes" else 1
            row = ["cpu", impl, workers, ranks, threads, repeat, f"{wall:.9g}", arguments.tasks, len(tasks),
                   "dynamic" if workers > 1 else "none", 0, f"{wall:.9g}", 0, 1, hex(digest(results)),
                   "true" if ok else "false", host, utc, revision, compiler, *machine_load(), "none", "none", "none"]
            row += [value for _, value in params]
            if arguments.csv:
                print(csv_line(row), flush=True)
            print(f"{impl} workers={workers}: repeat {repeat + 1}/{arguments.repeats} {wall:.4f} s", file=sys.stderr)
    finally:
        close()
    print(f"{impl} workers={workers}: wall_s median {statistics.median(walls):.4f} over {len(walls)} repeats, "
          f"digest {hex(digest(results))}{'' if all_ok else ' -- verification FAILED'}", file=sys.stderr)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
