"""report.md's CPU section: every configuration with its spread and speedup interval, and the Amdahl fits."""
from collections import defaultdict

from cpu_data import amdahl_fit


def flags(point):
    """Why a reader should distrust this row, in words ('' when nothing)."""
    found = []
    if point.wall.single:
        found.append("1 repeat")
    if point.wall.noisy:
        found.append("noisy")
    if point.suspect:
        found.append(f"suspect: {point.speedup.ratio:.2f}x {point.speedup.interval_text()} above "
                     f"{point.workers} workers")
    if point.conditions.oversubscribed:
        found.append(f"oversubscribed ({point.conditions.runnable} on {point.conditions.cores} cores)")
    if point.conditions.overloaded:
        found.append(f"load {point.conditions.load:.1f}")
    return ", ".join(found)


def speedup_cells(point):
    """(speedup with its interval, efficiency); a suspect speedup is no result, so neither is shown."""
    if point.speedup is None:
        return "-", "-"
    if point.suspect:
        return "suspect", "-"
    efficiency = f"{point.speedup.ratio / point.workers:.2f}"
    if point.speedup.interval:
        low, high = (bound / point.workers for bound in point.speedup.interval)
        efficiency += f" [{low:.2f}-{high:.2f}]"
    return f"{point.speedup.ratio:.2f} {point.speedup.interval_text()}", efficiency


def cpu_section(points, models, lines):
    """Appends the CPU tables for the points (cpu_data.cpu_points)."""
    if not points:
        return
    sequential = sorted((model["name"], model["language"]) for (suite, _), model in models.items()
                        if suite == "cpu" and model["sequential"])
    named = " (" + ", ".join(f"`{name}` for {language}" for name, language in sequential) + ")" if sequential else ""
    lines += ["## CPU-bound kernel", "",
              "Wall time per configuration: median over the repeats with (min-max) and the coefficient of "
              "variation (CV). Speedup is the ratio of the sequential run's median"
              f"{named}, same tasks, to this one's, with its 95% bootstrap interval in brackets; efficiency = "
              "speedup / workers, likewise.", "",
              "| model | tasks | schedule | gil ms | ranks x threads | workers | wall s | CV | speedup | efficiency "
              "| flags |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    series = defaultdict(list)
    for point in points:
        speedup, efficiency = speedup_cells(point)
        extra = "".join(f" {name}={value}" for name, value in point.extra)
        lines.append(f"| {point.impl}{extra} | {point.tasks} | {point.schedule} | {point.gil} | {point.ranks} x "
                     f"{point.threads} | {point.workers} | {point.wall.text(4)} | {point.wall.cv_text()} | {speedup} "
                     f"| {efficiency} | {flags(point)} |")
        if not point.model["sequential"] and point.speedup is not None:
            series[point.series].append(point)
    if not series:
        lines.append("")
        return
    lines += ["", "Amdahl serial fraction f, fitted to 1/S = f + (1-f)/p by least squares over the configurations "
              "with p > 1 whose speedup can back a finding (two repeats or more, neither it nor its baseline noisy, "
              "not suspect, not oversubscribed); a fit needs two such worker counts. f near 0: the work splits "
              "perfectly; 1: no parallel gain at all.", "",
              "| model | serial fraction f | speedup limit 1/f | worker counts fitted |", "|---|---|---|---|"]
    for name, members in sorted(series.items()):
        serial, used = amdahl_fit(members)
        if serial is None:
            lines.append(f"| {name} | {used} | - | - |")
        else:
            limit = f"{1 / serial:.1f}" if serial >= 0.001 else "> 1000"
            lines.append(f"| {name} | {serial:.3f} | {limit} | {', '.join(str(count) for count in used)} |")
    lines.append("")
