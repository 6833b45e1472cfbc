#!/usr/bin/env python3
"""The memory suite's Python reference: the triad a = b + s*c as Python runs it, with boundbench's CSV rows.

py_mem_seq, py_mem_threads and py_mem_processes run the triad as a plain Python
loop (one element at a time) over one shared block of doubles, sequentially, on a
ThreadPoolExecutor and on a ProcessPoolExecutor, each worker taking one contiguous
chunk: the interpreter, not the memory, sets their pace, so they use a small size.
py_numpy_threads runs numpy's triad on arrays beyond the last-level cache, each
worker's chunk on a ThreadPoolExecutor thread: numpy lets go of the interpreter
lock inside its loops, so whether threads help numpy is a question of memory
bandwidth. Rows follow the `mem` schema of results/README.md (kernel triad).
"""
import argparse
import array
import concurrent.futures
import mmap
import multiprocessing
import os
import re
import statistics
import sys
import time

from reference_rows import (add_common_arguments, csv_line, describe_line, machine_load,
                            parse_params, run_metadata, utc_now)

COLUMNS = ("suite,impl,workers,ranks,threads,repeat,kernel,size_bytes,array_bytes,wall_s,gb_per_s,ns_per_access,"
           "verified,omp_proc_bind,omp_places,mpi_bind,llc_bytes,host,utc_time,git_rev,compiler,cores,load_1m,"
           "openmp_version,mpi_version").split(",")
MODELS = {  # --model -> (impl, kind, what --workers means, the model's description)
    "seq": ("py_mem_seq", "sequential", "ignored: one plain loop over all elements",
            "py_mem_seq: the triad as a plain Python loop, one element after another"),
    "threads": ("py_mem_threads", "threads", "ThreadPoolExecutor threads, one chunk each (they take turns under "
                "CPython's interpreter lock)",
                "py_mem_threads: the plain-loop triad split in chunks among a ThreadPoolExecutor"),
    "processes": ("py_mem_processes", "processes", "ProcessPoolExecutor processes, one chunk each of one shared block",
                  "py_mem_processes: the plain-loop triad split in chunks among a ProcessPoolExecutor"),
    "numpy_threads": ("py_numpy_threads", "threads", "ThreadPoolExecutor threads, one chunk each (numpy releases "
                      "the interpreter lock in its loops)",
                      "py_numpy_threads: numpy's triad split in chunks among a ThreadPoolExecutor"),
}
# The triad's values: exact in binary, so every element is checked for equality after a run.
SCALAR, B_VALUE, C_VALUE = 3.0, 2.0, 0.5
EXPECTED = B_VALUE + SCALAR * C_VALUE
ARRAYS = 3
ELEMENT = 8
# STREAM counts the triad as reading b and c and writing a.
COUNTED_ARRAYS = 3
# The plain loop's default: a small size, since the interpreter does ~10^7 elements a second (12 MiB: ~50 ms a
# pass, so handing a pool its chunks, a millisecond or so, stays a small part of a run).
PLAIN_DEFAULT = 12 << 20
# numpy's triad runs in blocks of this many elements, so a block of a stays in cache between numpy's two passes
# (c*s into a, then a+b into a) and memory sees the triad's three streams, as STREAM counts them.
BLOCK = 1 << 16
SIZE = re.compile(r"^([1-9][0-9]{0,15})([KMG]?)$")

_arrays = ()  # (a, b, c) of this process: memoryviews (plain loop) or numpy arrays; forked workers inherit them


def parse_size(text):
    """Bytes from NUMBER with an optional binary suffix K, M or G; raises ValueError."""
    match = SIZE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a byte count such as 3M, 512M or 2G (suffixes K, M, G; plain number: bytes)")
    return int(match.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[match.group(2)]


def llc_bytes():
    """The largest cache of CPU 0 (the last level), from sysfs; 0 when it cannot be read."""
    base = "/sys/devices/system/cpu/cpu0/cache"
    largest = 0
    try:
        for index in os.listdir(base):
            if not index.startswith("index"):
                continue
            with open(os.path.join(base, index, "size"), encoding="ascii") as handle:
                text = handle.read().strip()
            largest = max(largest, int(text.rstrip("KMG")) << {"K": 10, "M": 20, "G": 30}.get(text[-1:], 0))
    except (OSError, ValueError):
        return 0
    return largest


def available_bytes():
    """MemAvailable from /proc/meminfo, or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) << 10
    except (OSError, ValueError, IndexError):
        pass
    return None


def chunks(elements, workers):
    """Contiguous (start, stop) shares of range(elements), one per worker, differing by at most one element."""
    share, extra = divmod(elements, workers)
    bounds, start = [], 0
    for worker in range(workers):
        stop = start + share + (1 if worker < extra else 0)
        bounds.append((start, stop))
        start = stop
    return bounds


def plain_triad(bounds):
    """The triad over one chunk, one element at a time, as a plain Python loop."""
    a, b, c = _arrays
    for i in range(*bounds):
        a[i] = b[i] + SCALAR * c[i]


def numpy_triad(bounds):
    """numpy's triad over one chunk, block by block (see BLOCK)."""
    import numpy
    a, b, c = _arrays
    for start in range(bounds[0], bounds[1], BLOCK):
        stop = min(start + BLOCK, bounds[1])
        numpy.multiply(c[start:stop], SCALAR, out=a[start:stop])
        numpy.add(a[start:stop], b[start:stop], out=a[start:stop])


def allocate(model, elements):
    """Sets _arrays: three numpy arrays, or three views of one shared anonymous mapping that forked pool
    processes write in place. Returns (reset a, verify a)."""
    global _arrays
    if model == "numpy_threads":
        import numpy
        a, b, c = numpy.zeros(elements), numpy.full(elements, B_VALUE), numpy.full(elements, C_VALUE)
        _arrays = (a, b, c)
        return (lambda: a.fill(0.0)), (lambda: bool((a == EXPECTED).all()))
    block = memoryview(mmap.mmap(-1, ARRAYS * ELEMENT * elements)).cast("d")
    a, b, c = (block[index * elements:(index + 1) * elements] for index in range(ARRAYS))
    b[:], c[:] = array.array("d", [B_VALUE]) * elements, array.array("d", [C_VALUE]) * elements
    zeros = array.array("d", [0.0]) * elements
    _arrays = (a, b, c)

    def reset():
        a[:] = zeros
    return reset, (lambda: a.tolist().count(EXPECTED) == elements)


def make_runner(model, workers, elements):
    """(run() over all chunks, close). Pools start (and processes fork) outside the timed region."""
    bounds = chunks(elements, workers)
    if model == "seq":
        return (lambda: plain_triad((0, elements))), (lambda: None)
    if model == "processes":
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                      mp_context=multiprocessing.get_context("fork"))
    else:
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    work = numpy_triad if model == "numpy_threads" else plain_triad
    list(pool.map(work, [(0, 0)] * workers))
    return (lambda: list(pool.map(work, bounds))), pool.shutdown


def build_parser():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=list(MODELS), default="seq",
                        help="seq, threads, processes: the plain-loop triad; numpy_threads: numpy's triad on threads")
    parser.add_argument("--size", help="footprint of the three arrays, bytes with an optional K, M or G suffix "
                        "(default 12M for the plain loop; for numpy 4x the last-level cache, capped by the memory "
                        "available)")
    parser.add_argument("--workers", type=int, default=1, help="pool size, one chunk per worker (default 1)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    add_common_arguments(parser)
    return parser


def describe(model):
    """The --describe line of the model."""
    impl, kind, workers, description = MODELS[model]
    return describe_line(build_parser(), impl, "mem", kind, workers, description, COLUMNS)


def choose_size(parser, arguments, cache):
    """Bytes to allocate; a size that cannot hold one element per worker, or does not fit, is refused (exit 2)."""
    available = available_bytes()
    if arguments.size is None:
        size = PLAIN_DEFAULT if arguments.model != "numpy_threads" else 4 * cache or 512 << 20
        if available is not None and size > available // 2:
            print(f"{MODELS[arguments.model][0]}: the default size {size} bytes (4x the last-level cache of {cache}) "
                  f"is capped to half the available memory, {available // 2} bytes", file=sys.stderr)
            size = available // 2
    else:
        try:
            size = parse_size(arguments.size)
        except ValueError as error:
            parser.error(f"--size: {error}")
    elements = size // (ARRAYS * ELEMENT)
    if elements < arguments.workers:
        parser.error(f"--size: {size} bytes hold {elements} elements per array, fewer than the {arguments.workers} "
                     f"workers (one each at least: {ARRAYS * ELEMENT * arguments.workers} bytes)")
    if available is not None and ARRAYS * ELEMENT * elements > available:
        parser.error(f"--size: {ARRAYS * ELEMENT * elements} bytes do not fit the {available} bytes of memory "
                     "available")
    return elements


def main():
    parser = build_parser()
    arguments = parser.parse_args()
    if arguments.describe:
        print(describe(arguments.model))
        return 0
    for option in ("workers", "repeats"):
        if getattr(arguments, option) < 1:
            parser.error(f"--{option}: must be at least 1")
    if arguments.warmup < 0:
        parser.error("--warmup: must be 0 or more")
    if arguments.model == "seq" and arguments.workers != 1:
        parser.error("--workers: py_mem_seq runs with 1 worker only")
    try:
        params = parse_params(arguments.param, COLUMNS)
    except ValueError as error:
        parser.error(str(error))
    if arguments.model == "numpy_threads":
        try:
            import numpy  # noqa: F401  (checked before any work; the runs import it where they use it)
        except ImportError:
            parser.error(f"--model numpy_threads: numpy is not installed for {sys.executable}; run it with "
                         "/usr/bin/python3 (Debian's python3-numpy, which scripts/deps.sh's python3-matplotlib "
                         "brings)")
    cache = llc_bytes()
    elements = choose_size(parser, arguments, cache)

    impl, kind = MODELS[arguments.model][:2]
    workers = arguments.workers
    reset, verify = allocate(arguments.model, elements)
    run, close = make_runner(arguments.model, workers, elements)
    host, revision, compiler = run_metadata()
    counted = COUNTED_ARRAYS * ELEMENT * elements
    if arguments.csv:
        print(",".join(COLUMNS + [name for name, _ in params]), flush=True)
    walls, failed = [], False
    try:
        for _ in range(arguments.warmup):
            run()
        for repeat in range(arguments.repeats):
            reset()
            start = time.perf_counter()
            run()
            wall = time.perf_counter() - start
            ok = verify()
            failed = failed or not ok
            walls.append(wall)
            threads = workers if kind == "threads" else 1
            ranks = workers if kind == "processes" else 1
            row = ["mem", impl, workers, ranks, threads, repeat, "triad", ARRAYS * ELEMENT * elements,
                   ELEMENT * elements, f"{wall:.9g}", f"{counted / wall / 1e9:.9g}", "", "yes" if ok else "no",
                   "none", "none", "none", cache, host, utc_now(), revision, compiler, *machine_load(), "none", "none"]
            if arguments.csv:
                print(csv_line(row + [value for _, value in params]), flush=True)
            print(f"{impl} workers={workers}: repeat {repeat + 1}/{arguments.repeats} {wall:.4f} s, "
                  f"{counted / wall / 1e9:.3f} GB/s", file=sys.stderr)
    finally:
        close()
    print(f"{impl} workers={workers}: triad over {ARRAYS * ELEMENT * elements} bytes, wall_s median "
          f"{statistics.median(walls):.4f} over {len(walls)} repeats"
          + (f"; verification FAILED: triad (an element of a is not {EXPECTED})" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
