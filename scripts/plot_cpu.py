"""The CPU plots: speedup and parallel efficiency per configuration over workers, and Slurm strong and weak scaling."""
from collections import defaultdict

import plot_style as style
from stats import spread


def per_repeat(point, scale):
    """Spread of the speedup (or efficiency, scale = 1/workers) over this configuration's repeats."""
    return spread([point.baseline.median / wall * scale for wall in point.wall.values])


def plot_cpu(points, failed, out_dir, plt):
    """cpu_speedup.png from cpu_data.cpu_points; [] when no configuration has a sequential baseline."""
    drawn = [p for p in points if not p.model["sequential"] and p.speedup is not None]
    if not drawn:
        return []
    series = defaultdict(list)
    for point in drawn:
        series[point.series].append(point)
    palette = style.Palette({name: members[0].model for name, members in series.items()})
    figure, axes = plt.subplots(1, 2, figsize=(12, 5))
    speed_axis, efficiency_axis = axes
    tops = [1.2]
    for name, members in sorted(series.items()):
        look = palette.style(name)
        members.sort(key=lambda p: p.workers)
        fine = [p for p in members if not p.suspect]
        for axis, scale in ((speed_axis, lambda p: 1), (efficiency_axis, lambda p: 1 / p.workers)):
            values = [(p.workers, per_repeat(p, scale(p)), style.mark_of(p.wall, p.baseline)) for p in fine]
            if values:
                style.draw_series(axis, name, look, values)
            for point in members:
                if point.suspect:  # not a result: a named cross where it landed, joined to nothing
                    where = (point.workers, point.speedup.ratio * scale(point))
                    axis.plot(*where, "x", color="#d62728", markersize=9, markeredgewidth=2)
                    axis.annotate(name, where, fontsize=style.FONT, textcoords="offset points", xytext=(6, 4))
        tops += [p.speedup.ratio / p.workers * 1.1 for p in members]
    counts = sorted({p.workers for p in drawn})
    cores = max(p.conditions.cores for p in drawn)
    speed_axis.plot([1, counts[-1]], [1, counts[-1]], "k:", label="ideal (speedup = workers)")
    efficiency_axis.axhline(1.0, color="k", linestyle=":")
    for axis in axes:
        style.worker_ticks(axis, counts, log=counts[-1] / counts[0] > 16)
        if counts[-1] > cores:
            axis.axvspan(cores + 0.5, counts[-1] + 0.5, color="#eeeeee", zorder=0,
                         label=f"oversubscribed (> {cores} cores)")
        axis.grid(alpha=0.3)
        axis.set_xlabel("workers (ranks x threads)", fontsize=style.FONT)
    speed_axis.set_title("CPU-bound: speedup over the sequential run", fontsize=style.FONT + 1)
    speed_axis.set_ylabel("speedup (sequential median / wall)", fontsize=style.FONT)
    speed_axis.set_ylim(bottom=0)
    efficiency_axis.set_title("Parallel efficiency (speedup / workers)", fontsize=style.FONT + 1)
    efficiency_axis.set_ylabel("efficiency", fontsize=style.FONT)
    efficiency_axis.set_ylim(0, max(tops))  # never clipped: the axis grows with the highest point
    models = [members[0].model for members in series.values()]
    marks = {style.mark_of(p.wall, p.baseline) for p in drawn}
    style.legend_outside(figure, axes, style.explain_handles("noisy" in marks, "single" in marks,
                                                             any(m["language"] == "Python" for m in models),
                                                             any(p.suspect for p in drawn)))
    style.footnote(figure, left_out(failed))
    return [style.save(figure, out_dir / "cpu_speedup.png", plt)]


def left_out(failed):
    cpu = sorted({f"{row['impl']} at {row['workers']:g} workers" for row in failed if row["suite"] == "cpu"})
    return f"Not drawn, failed: {', '.join(cpu)}." if cpu else ""


def plot_scaling(rows, failed, models, out_dir, plt):
    """scaling.png from rows tagged scaling=strong|weak (slurm/submit.sh), one line per model."""
    tagged = [r for r in rows if r["suite"] == "cpu" and r.get("scaling") in ("strong", "weak")]
    if not tagged:
        return []
    walls = defaultdict(lambda: defaultdict(list))
    nodes_at = {}
    for row in tagged:
        # Strong scaling keeps one task list, so lists never mix in a line; weak scaling grows it with the ranks.
        line = (row["scaling"], row["impl"], row["tasks"] if row["scaling"] == "strong" else "")
        walls[line][int(row["ranks"])].append(row["wall_s"])
        nodes_at[(line, int(row["ranks"]))] = row.get("nodes")
    names = {line: f"{line[1]}, {line[0]}" + (f" ({line[2]})" if line[2] else "") for line in walls}
    palette = style.Palette({names[line]: models[("cpu", line[1])] for line in walls})
    figure, axes = plt.subplots(1, 2, figsize=(12, 5))
    marks = set()
    for axis, kind in zip(axes, ("strong", "weak")):
        lines = {line: by_ranks for line, by_ranks in walls.items() if line[0] == kind}
        if not lines:
            axis.set_title(f"{kind} scaling: no rows", fontsize=style.FONT + 1)
            continue
        every = sorted({ranks for by_ranks in lines.values() for ranks in by_ranks})
        top = 1.2
        for (_, impl, tasks), by_ranks in sorted(lines.items()):
            name = names[(kind, impl, tasks)]
            ranks = sorted(by_ranks)
            base = spread(by_ranks[ranks[0]]).median
            values = [(count, spread([base / wall for wall in by_ranks[count]])) for count in ranks]
            values = [(count, value, style.mark_of(value)) for count, value in values]
            marks |= {mark for _, _, mark in values}
            style.draw_series(axis, name, palette.style(name), values)
            top = max([top] + [value.high * 1.1 for _, value, _ in values])
            for count, value, _ in values:
                if nodes_at[((kind, impl, tasks), count)] is not None:
                    axis.annotate(f"{nodes_at[((kind, impl, tasks), count)]:g} node(s)", (count, value.median),
                                  fontsize=style.FONT, textcoords="offset points", xytext=(4, -12))
        if kind == "strong":
            axis.plot(every, [count / every[0] for count in every], "k:", label="ideal")
            axis.set_title("Strong scaling (same tasks): speedup", fontsize=style.FONT + 1)
            axis.set_ylabel(f"speedup over {every[0]} rank(s)", fontsize=style.FONT)
            top = max(top, every[-1] / every[0] * 1.1)
        else:
            axis.axhline(1.0, color="k", linestyle=":", label="ideal")
            axis.set_title("Weak scaling (tasks grow with ranks): efficiency", fontsize=style.FONT + 1)
            axis.set_ylabel("efficiency", fontsize=style.FONT)
        axis.set_ylim(0, top)
        axis.set_xlabel("MPI ranks", fontsize=style.FONT)
        style.worker_ticks(axis, every, log=every[-1] / every[0] > 16)
        axis.grid(alpha=0.3)
    style.legend_outside(figure, axes, style.explain_handles("noisy" in marks, "single" in marks, False))
    style.footnote(figure, left_out([row for row in failed if row.get("scaling") in ("strong", "weak")]))
    return [style.save(figure, out_dir / "scaling.png", plt)]
