#!/usr/bin/env python3
"""Writes report.md from boundbench CSVs: versions, medians, speedups, Amdahl fits, the I/O decision table, the rule."""
import argparse
import os
import statistics
import sys
from collections import defaultdict

from bench_data import CsvError, decision_table, io_groups, read_rows
from models import ModelError, baseline_of, load_models


def cpu_medians(rows):
    """(impl, tasks, schedule, gil_ms) -> (workers, ranks, threads) -> median wall_s."""
    walls = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["suite"] == "cpu":
            key = (row["impl"], row["tasks"], row["schedule"], row["gil_ms"])
            walls[key][(int(row["workers"]), int(row["ranks"]), int(row["threads"]))].append(row["wall_s"])
    return {key: {layout: statistics.median(v) for layout, v in by_layout.items()} for key, by_layout in walls.items()}


def baseline(medians, models, impl, tasks):
    """Median wall time of impl's sequential model on the same tasks, or None."""
    reference = baseline_of(models, models[("cpu", impl)])
    for (other, other_tasks, *_), by_layout in medians.items():
        if other == reference and other_tasks == tasks:
            return next(iter(by_layout.values()))
    return None


def amdahl_serial_fraction(points):
    """Least-squares f in 1/S = f + (1-f)/p over the points with p > 1 (None without such points)."""
    numerator = denominator = 0.0
    for workers, speedup in points:
        if workers > 1 and speedup > 0:
            x = 1 - 1 / workers
            numerator += (1 / speedup - 1 / workers) * x
            denominator += x * x
    return max(0.0, min(1.0, numerator / denominator)) if denominator else None


def versions(rows, models):
    """The C++ build's host and library versions (Python rows name the interpreter instead)."""
    found = {}
    for row in rows:
        for column in ("host", "compiler", "gmp_version", "openmp_version", "mpi_version", "curl_version"):
            value = row.get(column, "")
            if value and value != "none" and models[(row["suite"], row["impl"])]["language"] == "C++":
                found.setdefault(column, value)
    return found


def cpu_section(rows, models, cores, lines):
    """The CPU tables; returns (impl, under a GIL, tasks) -> (speedup, workers) at the most workers with a core each."""
    medians = cpu_medians(rows)
    if not medians:
        return {}
    sequential = sorted((model["name"], model["language"]) for (suite, _), model in models.items()
                        if suite == "cpu" and model["sequential"])
    named = " (" + ", ".join(f"`{name}` for {language}" for name, language in sequential) + ")" if sequential else ""
    lines += ["## CPU-bound kernel", "",
              "Median wall time per configuration; speedup is over the sequential run of the same language"
              f"{named} on the same tasks; efficiency = speedup / workers.", "",
              "| model | tasks | schedule | gil ms | ranks x threads | workers | median s | speedup | efficiency |",
              "|---|---|---|---|---|---|---|---|---|"]
    best = {}
    fits = []
    for key in sorted(medians):
        impl, tasks, schedule, gil = key
        reference = baseline(medians, models, impl, tasks)
        points = []
        for workers, ranks, threads in sorted(medians[key]):
            wall = medians[key][(workers, ranks, threads)]
            speedup = reference / wall if reference else None
            if speedup:
                points.append((workers, speedup))
                if workers <= cores:
                    best[(impl, gil not in ("0", ""), tasks)] = (speedup, workers)  # ascending: the most workers
            shown = f"{speedup:.2f}" if speedup else "-"
            efficiency = f"{speedup / workers:.2f}" if speedup else "-"
            lines.append(f"| {impl} | {tasks} | {schedule} | {gil} | {ranks} x {threads} | {workers} | {wall:.4f} | "
                         f"{shown} | {efficiency} |")
        serial = amdahl_serial_fraction([p for p in points if p[0] <= cores])
        if serial is not None and not models[("cpu", impl)]["sequential"]:
            fits.append((impl, tasks, schedule, gil, serial))
    lines += ["", "Amdahl serial fraction f fitted to 1/S = f + (1-f)/p over the runs with 1 < p <= cores "
              f"({cores}); f near 0 means the work splits perfectly, 1 means no parallel gain at all.", "",
              "| model | tasks | schedule | gil ms | serial fraction f | speedup limit 1/f |", "|---|---|---|---|---|---|"]
    for impl, tasks, schedule, gil, serial in fits:
        limit = f"{1 / serial:.1f}" if serial > 0.001 else "unbounded"
        lines.append(f"| {impl} | {tasks} | {schedule} | {gil} | {serial:.3f} | {limit} |")
    lines.append("")
    return best


def io_section(rows, lines):
    groups = io_groups(rows)
    if not groups:
        return {}
    lines += ["## I/O-bound kernel", "", "Median requests per second (all requests ok unless noted):", "",
              "| target latency ms | model | workers | median req/s | p50 ms | p99 ms |", "|---|---|---|---|---|---|"]
    for (latency, impl), by_workers in sorted(groups.items()):
        for workers in sorted(by_workers):
            measured = by_workers[workers]
            rate = statistics.median(r["req_per_s"] for r in measured)
            p50 = statistics.median(r["p50_ms"] for r in measured)
            p99 = statistics.median(r["p99_ms"] for r in measured)
            lines.append(f"| {latency:g} | {impl} | {workers:g} | {rate:.0f} | {p50:.2f} | {p99:.2f} |")
    table = decision_table(groups)
    lines += ["", "### Decision table: the fastest model per cell, and its lead over the runner-up", ""]
    latencies = sorted({lat for lat, _ in table})
    workers = sorted({w for _, w in table})
    lines.append("| latency \\ workers | " + " | ".join(f"{w:g}" for w in workers) + " |")
    lines.append("|---" * (len(workers) + 1) + "|")
    for latency in latencies:
        cells = []
        for count in workers:
            if (latency, count) in table:
                winner, _, ratio = table[(latency, count)]
                cells.append(winner + (f" ({ratio:.2f}x)" if ratio else ""))
            else:
                cells.append("-")
        lines.append(f"| {latency:g} ms | " + " | ".join(cells) + " |")
    lines.append("")
    return table


def lead(cell):
    return f", {cell[2]:.2f}x ahead of the next" if cell[2] else ""


def verdict(winner_kind, expected_kind, agrees, differs):
    return (agrees if winner_kind == expected_kind else differs) + "."


def rule_section(best, models, table, cores, lines):
    def fastest(language, kind, under_gil):
        """((speedup, workers), impl) of the best model of this language and kind, or None."""
        found = [(value, impl) for (impl, gil, _), value in best.items() if gil == under_gil
                 and models[("cpu", impl)]["language"] == language and models[("cpu", impl)]["kind"] == kind]
        return max(found) if found else None

    lines += ["## The rule, as this machine measured it", ""]
    processes = fastest("C++", "processes", False)
    threads = fastest("C++", "threads", False)
    gil = fastest("C++", "threads", True)
    py_threads = fastest("Python", "threads", False)
    py_processes = fastest("Python", "processes", False)
    measured = [f"{name} (`{found[1]}`) reached {found[0][0]:.2f}x on {found[0][1]} workers"
                for name, found in (("processes", processes), ("C++ threads", threads)) if found]
    if measured:
        lines.append("1. **CPU-bound work.** " + " and ".join(measured) + f" ({cores} cores). In C++ nothing "
                     "serializes threads, so the rule reads *use every core, with threads or processes*; "
                     "processes pay for moving results (`comm_s`) and for start-up (`process_s` in sweeps).")
    if gil or py_threads or py_processes:
        parts = []
        if gil:
            parts.append(f"threads under the emulated interpreter lock {gil[0][0]:.2f}x")
        if py_threads:
            parts.append(f"Python's thread pool {py_threads[0][0]:.2f}x")
        if py_processes:
            parts.append(f"Python's process pool {py_processes[0][0]:.2f}x")
        lines.append("   With an interpreter lock the seed's rule holds as written: " + ", ".join(parts) +
                     ". Only separate processes escape the lock.")
    if table:
        latencies = sorted({lat for lat, _ in table})
        fast, slow = latencies[0], latencies[-1]
        small = min(w for lat, w in table if lat == fast)
        large = max(w for lat, w in table if lat == slow)
        fast_winner = table[(fast, small)]
        slow_winner = table[(slow, large)]
        kind_of = {impl: model["kind"] for (suite, impl), model in models.items() if suite == "io"}
        lines.append(f"2. **Fast I/O, few connections** ({fast:g} ms, {small:g} in flight): fastest was "
                     f"`{fast_winner[0]}`" + lead(fast_winner) + ". " + verdict(kind_of[fast_winner[0]], "threads",
                     "Threads fit, as the rule says", "With so few connections every model keeps them busy and "
                     "the differences are small; threads remain the simplest way to get there"))
        lines.append(f"3. **Slow I/O, many connections** ({slow:g} ms, {large:g} in flight): fastest was "
                     f"`{slow_winner[0]}`" + lead(slow_winner) + ". " + verdict(kind_of[slow_winner[0]], "event-loop",
                     "One event loop holds every waiting transfer without a thread (and its stack) each, as the "
                     "rule says", f"In C++ {large:g} threads are still cheap enough here; the event loop pulls "
                     "ahead when the connections number in the thousands, where a thread per connection costs "
                     "memory and scheduling"))
    lines.append("")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", nargs="+", help="CSV files in the schema of results/README.md")
    parser.add_argument("--out", default="report.md", help="where to write the report (default report.md)")
    parser.add_argument("--cores", type=int, default=os.cpu_count(), help="cores of the measured machine")
    parser.add_argument("--plots", nargs="*", default=[], help="PNG files to link from the report")
    parser.add_argument("--models", action="append", default=[], metavar="FILE",
                        help="model descriptions, one --describe JSON line each (repeatable); models.jsonl beside "
                             "each CSV and the build's models are read too")
    arguments = parser.parse_args()
    try:
        rows = read_rows(arguments.csv)
        models = load_models(arguments.csv, arguments.models, rows)
    except (CsvError, ModelError, OSError) as error:
        print(f"report.py: error: {error}", file=sys.stderr)
        return 2
    found = versions(rows, models)
    libraries = [f"{label}{found[column]}" for column, label in (("compiler", "compiler "), ("gmp_version", "GMP "),
                 ("openmp_version", ""), ("mpi_version", ""), ("curl_version", "libcurl ")) if column in found]
    lines = ["# boundbench report", "",
             f"Machine `{found.get('host', '?')}`, {arguments.cores} cores; " + "; ".join(libraries) + ".", "",
             "Every figure is a median over the repeats of one run of the study; the raw rows are in the CSV "
             "files beside this report.", ""]
    for plot in arguments.plots:
        lines += [f"![{os.path.basename(plot)}]({os.path.basename(plot)})", ""]
    best = cpu_section(rows, models, arguments.cores, lines)
    table = io_section(rows, lines)
    rule_section(best, models, table, arguments.cores, lines)
    with open(arguments.out, "w", encoding="utf-8") as report:
        report.write("\n".join(lines))
    print(arguments.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
