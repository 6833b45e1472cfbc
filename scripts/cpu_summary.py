#!/usr/bin/env python3
"""Summarizes a cpu-suite CSV: median wall time per configuration, speedups, and the seed's comparisons."""
import csv
import statistics
import sys
from collections import defaultdict


def load(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    medians = defaultdict(list)
    for row in rows:
        key = (row["impl"], row["tasks"], int(row["workers"]), int(row["ranks"]), row["schedule"], int(row["gil_ms"]))
        medians[key].append(float(row["wall_s"]))
    return {key: (statistics.median(walls), len(walls)) for key, walls in medians.items()}


def main():
    if len(sys.argv) != 2:
        print("usage: cpu_summary.py CSV", file=sys.stderr)
        return 2
    medians = load(sys.argv[1])
    baseline = {tasks: wall for (impl, tasks, *_), (wall, _) in medians.items() if impl == "cpu_seq"}
    print(f"{'impl':<13}{'tasks':<11}{'workers':>8}{'ranks':>6}{'schedule':>9}{'gil':>5}{'median s':>11}"
          f"{'n':>4}{'speedup':>9}")
    for (impl, tasks, workers, ranks, schedule, gil), (wall, count) in sorted(medians.items()):
        reference = baseline.get(tasks)
        speedup = f"{reference / wall:9.2f}" if reference else f"{'-':>9}"
        print(f"{impl:<13}{tasks:<11}{workers:>8}{ranks:>6}{schedule:>9}{gil:>5}{wall:>11.4f}{count:>4}{speedup}")

    def wall(impl, tasks, workers, schedule, gil=0):
        for (i, t, w, _, s, g), (value, _) in medians.items():
            if (i, t, w, g) == (impl, tasks, workers, gil) and schedule in (s, None):
                return value
        return None

    print("\nHeadline comparisons (medians from this run):")
    checks = [
        ("cpu_seq vs the seed's Python loop, 30x20", wall("py_seq", "30x20", 1, None), wall("cpu_seq", "30x20", 1, None)),
        ("cpu_omp 1 -> 2 threads, 30x100", wall("cpu_omp", "30x100", 1, "static"), wall("cpu_omp", "30x100", 2, "static")),
        ("cpu_mpi 1 -> 2 ranks, 30x100", wall("cpu_mpi", "30x100", 1, "static"), wall("cpu_mpi", "30x100", 2, "static")),
        ("cpu_omp --gil 1 -> 2 threads", wall("cpu_omp", "30x100", 1, "static", 5), wall("cpu_omp", "30x100", 2, "static", 5)),
        ("py_threads vs py_seq, 30x20", wall("py_seq", "30x20", 1, None), wall("py_threads", "30x20", 2, None)),
        ("py_processes vs py_seq, 30x20", wall("py_seq", "30x20", 1, None), wall("py_processes", "30x20", 2, None)),
    ]
    for label, before, after in checks:
        if before and after:
            print(f"  {label}: {before:.4f} s -> {after:.4f} s, ratio {before / after:.2f}x")
    longest = wall("cpu_seq", "63", 1, None)
    if longest:
        for impl in ("cpu_omp", "cpu_mpi"):
            for schedule in ("dynamic", "static"):
                value = wall(impl, "50,63,32", 2, schedule)
                if value:
                    print(f"  {impl} 50,63,32 {schedule} on 2 workers: {value:.4f} s = "
                          f"{value / longest:.3f} x the longest task alone ({longest:.4f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
