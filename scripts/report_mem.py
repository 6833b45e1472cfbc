"""report.md's memory section: every configuration with its spread and gain, the bandwidth roofs and what they say."""
import statistics
from collections import defaultdict

from decision import ROOF_EFFICIENCY, WIDE_SPREAD_CV
from mem_data import size_text
from report_io import decision_grid
from stats import compare


def flags(point, nodes=1):
    """Why a reader should distrust this row, or look twice at it, in words ('' when nothing). The workers of a
    run over several nodes share out over them."""
    found = []
    if point.rate.single:
        found.append("1 repeat")
    if point.wide:
        found.append(f"spread above {WIDE_SPREAD_CV:.0%}")
    if point.rate.noisy:
        found.append("noisy")
    if point.conditions.runnable / nodes > point.conditions.cores:
        found.append(f"oversubscribed ({point.conditions.runnable / nodes:g} on {point.conditions.cores} cores"
                     + (" per node)" if nodes > 1 else ")"))
    if point.conditions.overloaded:
        found.append(f"load {point.conditions.load:.1f}")
    return ", ".join(found)


def gain_cells(point):
    """(gain with its interval and what it is over, efficiency) or dashes where there is no baseline."""
    if point.gain is None:
        return "-", "-"
    efficiency = f"{point.gain.ratio / point.workers:.2f}"
    if point.gain.interval:
        low, high = (bound / point.workers for bound in point.gain.interval)
        efficiency += f" [{low:.2f}-{high:.2f}]"
    over = "" if point.baseline_name == point.series else f" over {point.baseline_name}"
    return f"{point.gain.ratio:.2f} {point.gain.interval_text()}{over}", efficiency


def configurations(points, lines):
    lines += ["| model | kernel | size | ranks x threads | workers | GB/s | CV | ns/access | gain | efficiency "
              "| flags |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for point in points:
        gain, efficiency = gain_cells(point)
        lines.append(f"| {point.series} | {point.kernel} | {size_text(point.size)} | {point.ranks} x {point.threads} "
                     f"| {point.workers} | {point.rate.text()} | {point.rate.cv_text()} | "
                     f"{point.ns.text() if point.ns else '-'} | {gain} | {efficiency} | {flags(point)} |")
    lines.append("")


def roof_table(roofs, lines):
    lines += ["### Bandwidth roof per model, kernel and size", "",
              f"Efficiency(n) = GB/s(n) / (n x GB/s(1)), from the medians (GB/s(1): the line's own 1-worker run, "
              f"else the sequential model's). The *saturation point* is the largest worker count whose efficiency is "
              f"still at least {ROOF_EFFICIENCY} while every larger count measured falls below it; *more add nothing* "
              "only when no larger count is ahead of it beyond the noise. For gather, workers *help up to* the last "
              "count whose lead over the count before lies outside the noise. No statement from fewer than two worker "
              "counts, from a point that is noisy, has one repeat, is oversubscribed or shared the CPUs, or from "
              "arrays that fit the last-level cache: those a pass runs through (copy and scale 2, add and triad 3), "
              "for gather the one it reads at random.", "",
              "| model | kernel | size | efficiency by workers | saturation point | GB/s there | statement |",
              "|---|---|---|---|---|---|---|"]
    for roof in roofs:
        series, kernel, size = roof.line
        efficiency = ", ".join(f"{workers}: {value:.2f}" for workers, value in roof.efficiency.items()) or "-"
        point = roof.saturation
        lines.append(f"| {series} | {kernel} | {size_text(size)} | {efficiency} | {point.workers if point else '-'} "
                     f"| {point.rate.text() if point else '-'} | {roof.statement} |")
    lines.append("")


def decision_table(cells, lines):
    lines += ["### Decision table: which memory model to use", ""]
    if not cells:
        lines += ["One memory model only: there is nothing to choose between, so no decision table.", ""]
        return
    lines += ["Per kernel and size, the model with the most GB/s wins a cell only when its lead over every other is "
              "outside the noise; otherwise the cell names every model within the noise of the fastest.", ""]
    decision_grid(cells, "kernel, size", lines)


def gain_words(point):
    """What the workers of one Python configuration brought, in words."""
    over = "1 worker" if point.baseline_name == point.series else f"`{point.baseline_name}`"
    words = f"{point.gain.ratio:.2f}x {point.gain.interval_text()} the GB/s of {over}"
    kind = {"threads": "threads", "processes": "processes"}.get(point.kind, "workers")
    return words + {"higher": f": {kind} help here", "tie": f": no gain beyond the noise, {kind} do not help here",
                    "lower": f": slower, {kind} cost here"}.get(point.gain.verdict, "")


def python_findings(points, lines):
    """Per Python line with workers: its gain at the most workers that fit the cores and can back a finding."""
    chosen = {}
    for point in points:
        if (point.model["language"] != "Python" or point.model["sequential"] or point.gain is None
                or point.scaling is not None or point.conditions.oversubscribed):
            continue
        if point.line not in chosen or point.workers > chosen[point.line].workers:
            chosen[point.line] = point
    for line, point in sorted(chosen.items()):
        what = point.model.get("description", point.impl).partition(": ")[2] or point.impl
        head = f"- `{point.series}` ({what}), {point.kernel}, {size_text(point.size)}, {point.workers} workers: "
        reason = point.not_a_finding() or ("baseline " + ("1 repeat" if point.baseline.single else "noisy")
                                           if point.baseline.single or point.baseline.noisy else None)
        lines.append(head + (f"no finding: {reason}" if reason else gain_words(point)) + ".")


def statements(roofs, points, lines):
    lines += ["### What the memory suite says", ""]
    # Every line measured at two worker counts or more says something, if only why it says nothing.
    swept = [roof for roof in roofs if roof.finding or len(roof.points) > 1]
    for roof in swept:
        series, kernel, size = roof.line
        lines.append(f"- `{series}`, {kernel}, {size_text(size)}: {roof.statement}.")
    if not swept:
        lines.append("- No model was measured at two worker counts or more: no statement.")
    single = len(roofs) - len(swept)
    if single:
        lines.append(f"- {single} line(s) measured at one worker count: no statement (see the roof table).")
    python_findings(points, lines)
    lines.append("")


def trend(comparison):
    """A per-node ratio in words: flat within the noise, or falling or rising beyond it."""
    word = {"tie": "flat", "lower": "falls", "higher": "rises"}.get(comparison.verdict, "1 repeat")
    return f"{comparison.ratio:.2f} {comparison.interval_text()}, {word}"


def weak_scaling(points, lines):
    """Rows of a node-scaling study (slurm/submit.sh --suite mem): bandwidth per node over the node counts."""
    tagged = defaultdict(list)
    for point in points:
        if point.scaling is not None:
            rest = tuple((name, value) for name, value in point.extra if name not in ("scaling", "nodes"))
            tagged[(point.scaling, point.impl, point.kernel, rest)].append(point)
    if not tagged:
        return
    lines += ["### Node scaling", "",
              "Each node count is its own job (slurm/submit.sh); in weak scaling the size per node is fixed, so the "
              "total grows with the nodes and the bandwidth per node should stay flat. Per node vs the fewest "
              "nodes: the ratio of the medians of GB/s per node, with its 95% interval.", "",
              "| scaling | model | kernel | nodes | ranks | size | GB/s | GB/s per node | per node vs fewest nodes "
              "| flags |", "|---|---|---|---|---|---|---|---|---|---|"]
    for (scaling, impl, kernel, _), members in sorted(tagged.items()):
        members.sort(key=lambda p: (p.nodes, p.workers))
        per_node = {id(p): [value / p.nodes for value in p.rate.values] for p in members}
        first = per_node[id(members[0])]
        for point in members:
            mine = per_node[id(point)]
            versus = compare(mine, first) if point is not members[0] else None
            lines.append(f"| {scaling} | {impl} | {kernel} | {point.nodes} | {point.ranks} | {size_text(point.size)} "
                         f"| {point.rate.text()} | {statistics.median(mine):.3g} | "
                         f"{trend(versus) if versus else '-'} | "
                         f"{flags(point, point.nodes)} |")
    lines.append("")


def mem_section(points, roofs, cells, lines):
    """Appends the memory tables for the points (mem_data.mem_points), their roofs (mem_data.mem_roofs) and the
    decided cells (decision.mem_decision_cells)."""
    if not points:
        return
    lines += ["## Memory-bound kernels", "",
              "Bandwidth per configuration: median GB/s over the repeats with (min-max) and CV, counted as STREAM "
              "counts (copy and scale 2 arrays, add and triad 3; gather 16 bytes and its index per element). "
              "ns/access: gather only. Gain: this median over the same model's 1-worker run at the same kernel and "
              "size (else over the sequential model named), with its 95% bootstrap interval; efficiency = gain / "
              f"workers. *spread above {WIDE_SPREAD_CV:.0%}*: CV at or above {WIDE_SPREAD_CV:.0%} (a flag; noisy "
              "stays above 10%).", ""]
    if any(point.scaling is None for point in points):
        configurations([point for point in points if point.scaling is None], lines)
        roof_table(roofs, lines)
        decision_table(cells, lines)
        statements(roofs, points, lines)
    weak_scaling(points, lines)
