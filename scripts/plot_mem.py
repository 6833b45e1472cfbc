"""The memory plots: bandwidth and efficiency per kernel over workers with each line's saturation point, gather's
time per access, and bandwidth per node over the nodes of a weak-scaling study."""
from collections import defaultdict

from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

import plot_style as style
from decision import ROOF_EFFICIENCY
from mem_data import kernel_order, size_text
from stats import spread


def label(line):
    series, _, size = line
    return f"{series} ({size_text(size)})"


def left_out(failed):
    mem = sorted({f"{row['impl']} at {row['workers']:g} workers" + (f" ({row['kernel']})" if row.get("kernel") else "")
                  for row in failed if row["suite"] == "mem"})
    return f"Not drawn, failed: {', '.join(mem)}." if mem else ""


def finish_axes(axes, counts, cores):
    for axis in axes:
        style.worker_ticks(axis, counts, log=counts[-1] / counts[0] > 16)
        if counts[-1] > cores:
            axis.axvspan(cores + 0.5, counts[-1] + 0.5, color="#eeeeee", zorder=0,
                         label=f"oversubscribed (> {cores} cores)")
        axis.grid(alpha=0.3)
        axis.tick_params(labelsize=style.FONT)


def plot_bandwidth(roofs, failed, out_dir, plt):
    """mem_bandwidth.png: per kernel, GB/s over workers (saturation points starred) and the efficiency below."""
    kernels = sorted({roof.line[1] for roof in roofs}, key=kernel_order)
    palette = style.Palette({label(roof.line): roof.points[0].model for roof in roofs})
    figure, axes = plt.subplots(2, len(kernels), figsize=(4.6 * len(kernels), 7.6), squeeze=False)
    marks, starred = set(), False
    for column, kernel in enumerate(kernels):
        rate_axis, efficiency_axis = axes[0][column], axes[1][column]
        top = 1.2
        for roof in (roof for roof in roofs if roof.line[1] == kernel):
            name, look = label(roof.line), palette.style(label(roof.line))
            values = [(p.workers, p.rate, style.mark_of(p.rate)) for p in roof.points]
            marks |= {mark for _, _, mark in values}
            style.draw_series(rate_axis, name, look, values)
            if roof.base:
                efficiency = [(p.workers, spread([value / (p.workers * roof.base) for value in p.rate.values]),
                               style.mark_of(p.rate)) for p in roof.points]
                style.draw_series(efficiency_axis, name, look, efficiency)
                top = max([top] + [value.high * 1.1 for _, value, _ in efficiency])
            if roof.saturation is not None:
                starred = True
                rate_axis.plot([roof.saturation.workers], [roof.saturation.rate.median], marker="*", markersize=15,
                               color=look["color"], markeredgecolor="black", linestyle="none", zorder=4)
        efficiency_axis.axhline(ROOF_EFFICIENCY, color="#888888", linestyle="--", linewidth=1)
        counts = sorted({p.workers for roof in roofs if roof.line[1] == kernel for p in roof.points})
        cores = max(p.conditions.cores for roof in roofs for p in roof.points)
        finish_axes((rate_axis, efficiency_axis), counts, cores)
        style.value_axis(rate_axis)  # the plain Python loop's GB/s lie decades below the compiled kernels'
        if rate_axis.get_yscale() == "linear":
            rate_axis.set_ylim(bottom=0)
        efficiency_axis.set_ylim(0, top)  # never clipped: the axis grows with the highest point
        rate_axis.set_title(f"{kernel}: bandwidth", fontsize=style.FONT + 1)
        efficiency_axis.set_title(f"{kernel}: efficiency GB/s(n) / (n x GB/s(1))", fontsize=style.FONT + 1)
        efficiency_axis.set_xlabel("workers (ranks x threads)", fontsize=style.FONT)
    axes[0][0].set_ylabel("GB/s (STREAM-counted)", fontsize=style.FONT)
    axes[1][0].set_ylabel("efficiency", fontsize=style.FONT)
    extra = style.explain_handles("noisy" in marks, "single" in marks,
                                  any(roof.points[0].model["language"] == "Python" for roof in roofs))
    extra.append(Line2D([], [], color="#888888", linestyle="--", label=f"efficiency {ROOF_EFFICIENCY}"))
    if starred:
        extra.append(Line2D([], [], color="#333333", marker="*", markersize=12, linestyle="none",
                            label=f"saturation point: last count at efficiency >= {ROOF_EFFICIENCY}"))
    style.legend_outside(figure, axes.flat, extra)
    style.footnote(figure, left_out(failed))
    return style.save(figure, out_dir / "mem_bandwidth.png", plt)


def plot_latency(roofs, out_dir, plt):
    """mem_gather.png: gather's nanoseconds per access over workers (it falls as workers overlap misses)."""
    gathered = [roof for roof in roofs if roof.latency_bound and all(p.ns for p in roof.points)]
    palette = style.Palette({label(roof.line): roof.points[0].model for roof in gathered})
    figure, axis = plt.subplots(figsize=(6, 4.4))
    marks = set()
    for roof in gathered:
        values = [(p.workers, p.ns, style.mark_of(p.ns)) for p in roof.points]
        marks |= {mark for _, _, mark in values}
        style.draw_series(axis, label(roof.line), palette.style(label(roof.line)), values)
    counts = sorted({p.workers for roof in gathered for p in roof.points})
    finish_axes((axis,), counts, max(p.conditions.cores for roof in gathered for p in roof.points))
    axis.set_ylim(bottom=0)
    axis.set_title("gather: time per access (all workers together)", fontsize=style.FONT + 1)
    axis.set_xlabel("workers (ranks x threads)", fontsize=style.FONT)
    axis.set_ylabel("ns per access", fontsize=style.FONT)
    style.legend_outside(figure, [axis], style.explain_handles("noisy" in marks, "single" in marks, False))
    return style.save(figure, out_dir / "mem_gather.png", plt)


def plot_node_scaling(points, out_dir, plt):
    """mem_scaling.png: GB/s per node over the nodes of a node-scaling study (flat is ideal in weak scaling)."""
    lines = defaultdict(dict)
    for point in points:
        lines[(point.scaling, point.impl, point.kernel)][point.nodes] = point
    names = {line: f"{line[1]} {line[2]}, {line[0]}" for line in lines}
    palette = style.Palette({names[line]: next(iter(by_nodes.values())).model for line, by_nodes in lines.items()})
    figure, axis = plt.subplots(figsize=(7, 4.6))
    marks = set()
    for line, by_nodes in sorted(lines.items()):
        values = [(nodes, spread([value / nodes for value in point.rate.values]), style.mark_of(point.rate))
                  for nodes, point in sorted(by_nodes.items())]
        marks |= {mark for _, _, mark in values}
        style.draw_series(axis, names[line], palette.style(names[line]), values)
    every = sorted({nodes for by_nodes in lines.values() for nodes in by_nodes})
    axis.xaxis.set_major_locator(FixedLocator(every))
    axis.set_xticklabels([f"{nodes:g}" for nodes in every], fontsize=style.FONT)
    axis.set_ylim(bottom=0)
    axis.grid(alpha=0.3)
    axis.set_title("Node scaling: bandwidth per node (flat is ideal for weak scaling)", fontsize=style.FONT + 1)
    axis.set_xlabel("nodes", fontsize=style.FONT)
    axis.set_ylabel("GB/s per node", fontsize=style.FONT)
    style.legend_outside(figure, [axis], style.explain_handles("noisy" in marks, "single" in marks, False))
    return style.save(figure, out_dir / "mem_scaling.png", plt)


def plot_mem(points, roofs, failed, out_dir, plt):
    """The memory figures from mem_data.mem_points and mem_roofs; [] without memory points."""
    written = []
    if roofs:
        written.append(plot_bandwidth(roofs, failed, out_dir, plt))
    if any(roof.latency_bound and all(p.ns for p in roof.points) for roof in roofs):
        written.append(plot_latency(roofs, out_dir, plt))
    scaled = [point for point in points if point.scaling is not None]
    if scaled:
        written.append(plot_node_scaling(scaled, out_dir, plt))
    return written
