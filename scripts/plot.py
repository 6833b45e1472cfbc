#!/usr/bin/env python3
"""Plots boundbench CSVs: CPU speedup and efficiency, Slurm node scaling, I/O throughput and latency, the I/O decision map."""
import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from bench_data import CsvError, decision_table, io_groups, median_and_spread, read_rows
from models import ModelError, baseline_of, load_models


def ensure_matplotlib():
    """Re-runs this script under an interpreter that has matplotlib (Debian's python3 when PATH's lacks it)."""
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("BB_PLOT_REEXEC"):
        sys.exit("plot.py: matplotlib is not installed for any python3 found; run scripts/deps.sh")
    candidates = ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in candidates:
        if candidate and os.path.realpath(candidate) != os.path.realpath(sys.executable):
            probe = subprocess.run([candidate, "-c", "import matplotlib"], capture_output=True)
            if probe.returncode == 0:
                os.environ["BB_PLOT_REEXEC"] = "1"
                os.execv(candidate, [candidate, __file__, *sys.argv[1:]])
    sys.exit("plot.py: matplotlib is not installed for any python3 found; run scripts/deps.sh")


def plot_cpu(rows, models, out_dir, plt):
    cpu = [r for r in rows if r["suite"] == "cpu"]
    if not cpu:
        return []
    baselines = defaultdict(list)
    for row in cpu:
        if models[("cpu", row["impl"])]["sequential"]:
            baselines[(row["impl"], row["tasks"])].append(row["wall_s"])
    groups = defaultdict(lambda: defaultdict(list))
    for row in cpu:
        model = models[("cpu", row["impl"])]
        reference = baseline_of(models, model)
        if model["sequential"] or (reference, row["tasks"]) not in baselines:
            continue
        gil = f" gil={row['gil_ms']}ms" if row.get("gil_ms", "0") not in ("0", "") else ""
        label = f"{row['impl']} {row.get('schedule', '')}{gil} ({row['tasks']})".replace("  ", " ")
        groups[label, reference, row["tasks"]][row["workers"]].append(row["wall_s"])
    if not groups:
        return []
    figure, (speed_axis, efficiency_axis) = plt.subplots(1, 2, figsize=(12, 5))
    top = 1
    for (label, reference, tasks), by_workers in sorted(groups.items()):
        base = statistics.median(baselines[(reference, tasks)])
        workers = sorted(by_workers)
        speedups = [median_and_spread([base / w for w in by_workers[n]]) for n in workers]
        top = max(top, max(workers))
        speed_axis.errorbar(workers, [s[0] for s in speedups], yerr=[[s[1] for s in speedups], [s[2] for s in speedups]],
                            marker="o", capsize=3, label=label)
        efficiency_axis.errorbar(workers, [s[0] / n for s, n in zip(speedups, workers)], marker="o", capsize=3,
                                 label=label)
    speed_axis.plot([1, top], [1, top], "k--", label="ideal")
    efficiency_axis.axhline(1.0, color="k", linestyle="--", label="ideal")
    speed_axis.set(title="CPU-bound: speedup over the sequential run", xlabel="workers", ylabel="speedup")
    efficiency_axis.set(title="Parallel efficiency (speedup / workers)", xlabel="workers", ylabel="efficiency",
                        ylim=(0, 1.2))
    for axis in (speed_axis, efficiency_axis):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7)
    return [save(figure, out_dir / "cpu_speedup.png", plt)]


def plot_scaling(rows, out_dir, plt):
    """Strong and weak scaling from rows tagged scaling=strong|weak (slurm/submit.sh), one line per model."""
    tagged = [r for r in rows if r["suite"] == "cpu" and r.get("scaling") in ("strong", "weak")]
    if not tagged:
        return []
    by_kind = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    nodes_at = {}
    for row in tagged:
        by_kind[row["scaling"]][row["impl"]][row["ranks"]].append(row["wall_s"])
        nodes_at[(row["impl"], row["ranks"])] = row.get("nodes", "")
    figure, axes = plt.subplots(1, 2, figsize=(12, 5))
    for axis, kind in zip(axes, ("strong", "weak")):
        by_impl = by_kind.get(kind)
        if not by_impl:
            axis.set_title(f"{kind} scaling: no rows")
            continue
        fewest = min(min(times) for times in by_impl.values())
        for impl, times in sorted(by_impl.items()):
            ranks = sorted(times)
            base = statistics.median(times[ranks[0]])
            values = [base / statistics.median(times[r]) for r in ranks]
            axis.plot(ranks, values, marker="o", label=impl)
            for count, value in zip(ranks, values):
                if nodes_at[(impl, count)] != "":
                    axis.annotate(f"{nodes_at[(impl, count)]:g} node(s)", (count, value), fontsize=7,
                                  textcoords="offset points", xytext=(4, -10))
        every = sorted({r for times in by_impl.values() for r in times})
        if kind == "strong":
            axis.plot(every, [r / fewest for r in every], "k--", label="ideal")
            axis.set(title="Strong scaling (same tasks): speedup", ylabel=f"speedup over {fewest:g} rank(s)")
        else:
            axis.plot(every, [1.0 for _ in every], "k--", label="ideal")
            axis.set(title="Weak scaling (tasks grow with ranks): efficiency", ylabel="efficiency", ylim=(0, 1.2))
        axis.set(xlabel="MPI ranks")
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7)
    return [save(figure, out_dir / "scaling.png", plt)]


def save(figure, path, plt):
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def per_latency_figure(groups, latencies, draw, title, ylabel, path, plt):
    """One panel per target latency; draw(axis, impl, by_workers, workers) adds one model's lines."""
    figure, axes = plt.subplots(1, len(latencies), figsize=(5 * len(latencies), 4.5), squeeze=False)
    for axis, latency in zip(axes[0], latencies):
        for (lat, impl), by_workers in sorted(groups.items()):
            if lat == latency:
                draw(axis, impl, by_workers, sorted(by_workers))
        axis.set(title=title.format(latency=latency), xlabel="workers (in flight)", ylabel=ylabel,
                 xscale="log", yscale="log")
        axis.grid(alpha=0.3, which="both")
        axis.legend(fontsize=7)
    return save(figure, path, plt)


def draw_throughput(axis, impl, by_workers, workers):
    stats = [median_and_spread([r["req_per_s"] for r in by_workers[n]]) for n in workers]
    axis.errorbar(workers, [s[0] for s in stats], yerr=[[s[1] for s in stats], [s[2] for s in stats]],
                  marker="o", capsize=3, label=impl)


def draw_latency(axis, impl, by_workers, workers):
    for column, style in (("p50_ms", "-"), ("p99_ms", ":")):
        axis.plot(workers, [statistics.median(r[column] for r in by_workers[n]) for n in workers],
                  style, marker="o", label=f"{impl} {column[:3]}")


def plot_io(rows, out_dir, plt):
    groups = io_groups(rows)
    if not groups:
        return []
    latencies = sorted({latency for latency, _ in groups})
    return [
        per_latency_figure(groups, latencies, draw_throughput, "I/O throughput, latency {latency:g} ms",
                           "requests / s", out_dir / "io_throughput.png", plt),
        per_latency_figure(groups, latencies, draw_latency, "Request latency, target latency {latency:g} ms",
                           "ms", out_dir / "io_latency.png", plt),
        plot_decision_map(groups, latencies, out_dir, plt),
    ]


def plot_decision_map(groups, latencies, out_dir, plt):
    table = decision_table(groups)
    workers = sorted({w for _, w in table})
    impls = sorted({winner for winner, _, _ in table.values()})
    colours = {impl: index for index, impl in enumerate(impls)}
    grid = [[colours[table[(lat, w)][0]] if (lat, w) in table else math.nan for w in workers] for lat in latencies]
    figure, axis = plt.subplots(figsize=(1.1 * len(workers) + 3, 0.9 * len(latencies) + 2))
    axis.imshow(grid, cmap="Pastel1", vmin=0, vmax=8, aspect="auto")
    for row, latency in enumerate(latencies):
        for column, count in enumerate(workers):
            if (latency, count) in table:
                winner, _, ratio = table[(latency, count)]
                text = winner + (f"\n{ratio:.2f}x" if ratio else "")
                axis.text(column, row, text, ha="center", va="center", fontsize=7)
    axis.set_xticks(range(len(workers)), [f"{w:g}" for w in workers])
    axis.set_yticks(range(len(latencies)), [f"{lat:g} ms" for lat in latencies])
    axis.set(title="Fastest I/O model per cell (x = lead over the runner-up)", xlabel="workers (in flight)",
             ylabel="target latency")
    return save(figure, out_dir / "io_decision_map.png", plt)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", nargs="+", help="CSV files in the schema of results/README.md")
    parser.add_argument("--out", default=".", help="directory for the PNGs (default: current)")
    parser.add_argument("--models", action="append", default=[], metavar="FILE",
                        help="model descriptions, one --describe JSON line each (repeatable); models.jsonl beside "
                             "each CSV and the build's models are read too")
    arguments = parser.parse_args()
    ensure_matplotlib()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    try:
        rows = read_rows(arguments.csv)
        models = load_models(arguments.csv, arguments.models, rows)
    except (CsvError, ModelError, OSError) as error:
        print(f"plot.py: error: {error}", file=sys.stderr)
        return 2
    out_dir = Path(arguments.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = plot_cpu(rows, models, out_dir, plt) + plot_scaling(rows, out_dir, plt) + plot_io(rows, out_dir, plt)
    if not written:
        print("plot.py: error: no plottable rows (needs cpu rows with their sequential model's "
              "baseline, scaling rows, or io rows)",
              file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
