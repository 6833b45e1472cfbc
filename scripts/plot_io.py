"""The I/O plots: throughput, latency and costs per target over workers, one panel per target."""
import textwrap
from collections import defaultdict

import plot_style as style
from io_data import label_of, map_rows

# (file, title, [(IoPoint attribute, y label)]): one row of panels per attribute.
FIGURES = (
    ("io_throughput.png", "I/O throughput", [("rate", "requests / s")]),
    ("io_latency.png", "Request latency", [("p50", "p50 latency, ms"), ("p99", "p99 latency, ms")]),
    ("io_costs.png", "What the throughput cost",
     [("cpu_us", "CPU µs per request"), ("kib_per_transfer", "KiB per transfer in flight")]),
)


def panels(points):
    """[(row name, {series: [points by workers]})] per decision-map row: a target, and its request count where
    the target holds several at one worker count (never pooled)."""
    rows = map_rows(points)
    grouped = defaultdict(lambda: defaultdict(list))
    for point in points:
        key, name = rows[(point.label, point.requests)]
        grouped[(key, name)][point.series].append(point)
    return [(name, by_series) for (_, name), by_series in sorted(grouped.items())]


def draw_panel(axis, by_series, attribute, palette):
    """One target's series on one metric; returns the marks used. Series without the column are named instead."""
    marks, missing = set(), []
    for series, members in sorted(by_series.items()):
        members.sort(key=lambda p: p.workers)
        known = [p for p in members if getattr(p, attribute) is not None]
        if not known:
            missing.append(series)
            continue
        values = [(p.workers, getattr(p, attribute), style.mark_of(p.rate, getattr(p, attribute))) for p in known]
        marks |= {mark for _, _, mark in values}
        style.draw_series(axis, series, palette.style(series), values)
    note = textwrap.fill("not recorded (CSV older than the column): " + ", ".join(missing), 36) if missing else ""
    if len(missing) == len(by_series):  # an empty panel: the note alone, no meaningless axes
        axis.text(0.5, 0.5, note, transform=axis.transAxes, fontsize=style.FONT, ha="center", va="center")
        axis.set_xticks([])
        axis.set_yticks([])
        return marks
    if note:
        axis.text(0.5, 0.05, note, transform=axis.transAxes, fontsize=style.FONT, ha="center", va="bottom")
    style.worker_ticks(axis, sorted({p.workers for members in by_series.values() for p in members}), log=True)
    style.value_axis(axis)
    axis.grid(alpha=0.3, which="both")
    axis.tick_params(labelsize=style.FONT)
    return marks


def draw_figure(points, failed, filename, title, rows, out_dir, plt):
    columns = panels(points)
    palette = style.Palette({p.series: p.model for p in points})
    figure, axes = plt.subplots(len(rows), len(columns), figsize=(4.6 * len(columns), 3.8 * len(rows)),
                                squeeze=False)
    marks = set()
    for row, (attribute, ylabel) in enumerate(rows):
        for column, (name, by_series) in enumerate(columns):
            axis = axes[row][column]
            marks |= draw_panel(axis, by_series, attribute, palette)
            axis.set_title(f"{title}, target {name}" if row == 0 else "", fontsize=style.FONT + 1)
            axis.set_xlabel("workers (transfers in flight)" if row == len(rows) - 1 else "", fontsize=style.FONT)
            axis.set_ylabel(ylabel if column == 0 else "", fontsize=style.FONT)
    python = any(p.model["language"] == "Python" for p in points)
    handles = style.explain_handles("noisy" in marks, "single" in marks, python,
                                    reference=any(p.reference for p in points))
    style.legend_outside(figure, axes.flat, handles)
    style.footnote(figure, left_out(failed))
    return style.save(figure, out_dir / filename, plt)


def left_out(failed):
    io = sorted({f"{row['impl']} at {row['workers']:g} ({label_of(row).text})" for row in failed
                 if row["suite"] == "io"})
    return f"Not drawn, failed: {', '.join(io)}." if io else ""


def plot_io(points, failed, out_dir, plt):
    """The I/O figures from io_data.io_points; [] without I/O points."""
    if not points:
        return []
    return [draw_figure(points, failed, filename, title, rows, out_dir, plt) for filename, title, rows in FIGURES]
