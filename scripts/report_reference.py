"""report.md's comparison with the reference clients: each I/O model's req/s over wrk's (HTTP/1.1) or h2load's
(HTTP/2) at the same target and worker count, with its interval, and the CPU each side spends per request."""
import statistics

from stats import compare, figures

# The reference client of each HTTP version (scripts/ref_wrk.py, scripts/ref_h2load.py).
REFERENCE_OF = {"1.1": "ref_wrk", "2": "ref_h2load"}


def place(point):
    """Where a point ran: target, worker count and host (a reference on another machine measured another run)."""
    return point.label, point.workers, point.rows[0].get("host")


def busy(point):
    """Median cores the point kept busy: cpu_s / wall_s over its repeats, or None without cpu_s."""
    shares = [row["cpu_s"] / row["wall_s"] for row in point.rows if row.get("cpu_s") is not None]
    return statistics.median(shares) if len(shares) == len(point.rows) else None


def cost_text(model, reference):
    """'model / reference' of CPU µs per request and of busy cores; 'unknown' for a side without cpu_s."""
    def text(value):
        return "unknown" if value is None else figures(value)
    return (f"{text(model.cpu_us.median if model.cpu_us else None)} / "
            f"{text(reference.cpu_us.median if reference.cpu_us else None)}",
            f"{text(busy(model))} / {text(busy(reference))}")


def pairs(points):
    """[(model point, its reference point)] for every model point with a reference of its protocol at its place."""
    references = {}
    for point in points:
        if point.reference:
            references.setdefault((point.impl, *place(point)), point)
    found = []
    for point in points:
        wanted = None if point.reference else REFERENCE_OF[point.http_version]
        if wanted and (wanted, *place(point)) in references:
            found.append((point, references[(wanted, *place(point))]))
    return found


def reference_section(points, lines):
    """Appends the comparison with the reference clients when the points hold any (io_data.io_points)."""
    if not any(point.reference for point in points):
        return
    lines += ["### Against the reference clients", "",
              "Each model's req/s over the reference client of its HTTP version at the same target and worker count "
              "(HTTP/1.1: `ref_wrk`, wrk keeping that many connections busy for a fixed duration; HTTP/2: "
              "`ref_h2load`, h2load making the same request count over that many connections): the ratio of the "
              "medians with its 95% bootstrap interval, so 1.00 is as fast as the tool. The costs say where the "
              "rest goes: CPU µs/request spent by the model and by the tool, and the cores each kept busy "
              "(`cpu_s` / `wall_s`): a model whose busy cores come near its threads or the machine's cores is held "
              "back by its own CPU per request, one well below them by waiting.", ""]
    found = pairs(points)
    if not found:
        lines += ["No model ran at a target and worker count where its protocol's reference client ran.", ""]
        return
    lines += ["| target | workers | model | req/s | reference | reference req/s | ratio [95%] "
              "| CPU µs/request, model / reference | cores busy, model / reference |",
              "|---|---|---|---|---|---|---|---|---|"]
    for model, reference in found:
        ratio = compare(model.rate.values, reference.rate.values)
        noisy = " (noisy)" if model.rate.noisy or reference.rate.noisy else ""
        cpu, cores = cost_text(model, reference)
        lines.append(f"| {model.label.text} | {model.workers} | {model.series} | {model.rate.text()} "
                     f"| {reference.series} | {reference.rate.text()} "
                     f"| {ratio.ratio:.2f} {ratio.interval_text()}{noisy} | {cpu} | {cores} |")
    lines.append("")
