"""report.md's I/O section: every configuration with spread and costs, and the decision table."""
from report_http2 import http_version_section
from report_reference import reference_section


def flags(point):
    """What a reader should know of this row: a reference client, and why to distrust it ('' when nothing)."""
    found = ["reference client"] if point.reference else []
    if point.rate.single:
        found.append("1 repeat")
    if point.rate.noisy:
        found.append("noisy")
    if point.conditions.oversubscribed:
        found.append(f"oversubscribed ({point.conditions.runnable} on {point.conditions.cores} cores)")
    if point.conditions.overloaded:
        found.append(f"load {point.conditions.load:.1f}")
    return ", ".join(found)


def cell_text(cell):
    """A decision table cell in words: the model to use and why, or the tie, or why there is no finding."""
    if cell.verdict == "winner":
        text = f"**{cell.winner.series}**: {cell.reason}"
    elif cell.verdict == "alone":
        text = f"{cell.winner.series} alone"
    elif cell.verdict == "single":
        text = f"no finding, 1 repeat: {cell.names()}"
    else:
        text = f"tie: {cell.names()} ({cell.reason})"
    if cell.noisy:
        text += " (noisy)"
    if cell.left_out and cell.verdict != "single":
        text += "; not compared, 1 repeat: " + ", ".join(point.series for point in cell.left_out)
    return text


def io_section(points, cells, lines):
    """Appends the I/O tables for the points (io_data.io_points) and the decided cells (decision.decision_cells)."""
    if not points:
        return
    lines += ["## I/O-bound kernel", "",
              "Requests per second per configuration: median over the repeats with (min-max) and CV; latency "
              "percentiles and costs are medians with (min-max). `threads`: threads the model ran (an I/O thread "
              "waits on its socket, so threads alone never oversubscribe). CPU µs/request = `cpu_s` / requests "
              "x 10^6 (unknown in CSVs older than the column); KiB/transfer = `peak_rss_kib` / workers.", "",
              "| target | requests | model | workers | threads | req/s | CV | p50 ms | p99 ms | CPU µs/request "
              "| KiB/transfer | flags |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for point in points:
        cpu = point.cpu_us.text() if point.cpu_us else "unknown"
        lines.append(f"| {point.label.text} | {point.requests} | {point.series} | {point.workers} | {point.threads} "
                     f"| {point.rate.text()} | {point.rate.cv_text()} | {point.p50.text()} | {point.p99.text()} "
                     f"| {cpu} | {point.kib_per_transfer.text()} | {flags(point)} |")
    lines.append("")
    reference_section(points, lines)
    http_version_section(points, lines)
    lines += ["### Decision table: which model to use", ""]
    if not cells:
        lines += ["One I/O model only: there is nothing to choose between, so no decision table.", ""]
        return
    lines += ["The fastest model wins a cell only when its lead over every other is outside the noise; models "
              "within the noise of the fastest are tied, and the tie goes to the one that costs less CPU per "
              "request, then less memory (peak RSS), again only outside the noise. Otherwise the cell names "
              "every tied model.", ""]
    decision_grid(cells, "target", lines)


def decision_grid(cells, rows_are, lines):
    """A decision table: one row per map row (named by rows_are), one column per worker count."""
    rows = sorted({(key, cell.row_name) for (key, _), cell in cells.items()})
    workers = sorted({count for _, count in cells})
    lines.append(f"| {rows_are} \\ workers | " + " | ".join(f"{count}" for count in workers) + " |")
    lines.append("|---" * (len(workers) + 1) + "|")
    for key, name in rows:
        lines.append(f"| {name} | " + " | ".join(cell_text(cells[(key, count)]) if (key, count) in cells else "-"
                                                 for count in workers) + " |")
    lines.append("")
