"""The I/O suite's configurations: what each run fetched (its label), throughput and latency spread, and the costs."""
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bench_data import params
from conditions import Conditions
from stats import spread


@dataclass(frozen=True, order=True)
class Label:
    """What a run fetched: a target latency (order 0, by milliseconds) or any other target by name (order 1)."""
    order: int
    latency_ms: float
    text: str


def latency_label(milliseconds):
    return Label(0, milliseconds, f"{milliseconds:g} ms")


def label_of(row):
    """--param latency_ms when present; else the target: /delay?s=X is X*1000 ms, /fast 0 ms, anything else its name."""
    if row.get("latency_ms") is not None:
        return latency_label(row["latency_ms"])
    target = row.get("target", "")
    if not target:
        return Label(1, 0.0, "unknown target")
    if target.startswith("urls:"):
        return Label(1, 0.0, target)
    parts = urlsplit(target)
    delay = parse_qs(parts.query).get("s", [""])[0]
    if parts.path == "/fast":
        return latency_label(0.0)
    if parts.path == "/delay" and delay.replace(".", "", 1).isdigit():
        return latency_label(float(delay) * 1000)
    return Label(1, 0.0, parts.netloc + parts.path + (f"?{parts.query}" if parts.query else ""))


@dataclass
class IoPoint:
    """One configuration: the same model, target, request count, --params and workers; its repeats."""
    label: Label
    impl: str
    extra: tuple
    workers: int
    requests: int
    model: dict
    rows: list
    conditions: Conditions

    def __post_init__(self):
        self.rate = spread([row["req_per_s"] for row in self.rows])
        self.p50 = spread([row["p50_ms"] for row in self.rows])
        self.p99 = spread([row["p99_ms"] for row in self.rows])
        self.rss = spread([row["peak_rss_kib"] for row in self.rows])
        # Costs: what the throughput took. Older CSVs have no cpu_s: the CPU cost is then unknown (None).
        cpu = [row["cpu_s"] / row["requests"] * 1e6 for row in self.rows if row.get("cpu_s") is not None]
        self.cpu_us = spread(cpu) if len(cpu) == len(self.rows) else None
        self.kib_per_transfer = spread([row["peak_rss_kib"] / self.workers for row in self.rows])
        self.threads = int(max(row.get("threads") or 1 for row in self.rows))

    @property
    def kind(self):
        return self.model["kind"]

    @property
    def series(self):
        extra = "".join(f" {name}={value}" for name, value in self.extra)
        return f"{self.impl}{extra}"

    @property
    def name(self):
        return f"{self.series} at {self.workers} in flight, {self.label.text}, {self.requests} requests"


def io_points(rows, models, fallback_cores):
    """Every I/O configuration of the rows (which must all have measured), sorted by label, model, workers, requests."""
    grouped = defaultdict(list)
    for row in rows:
        if row["suite"] != "io":
            continue
        model = models[("io", row["impl"])]
        grouped[(label_of(row), row["impl"], params(row, model), int(row["workers"]), int(row["requests"]))].append(row)
    return [IoPoint(*key, models[("io", key[1])], runs, Conditions(models[("io", key[1])], runs, fallback_cores))
            for key, runs in sorted(grouped.items())]


def map_rows(points):
    """(label, requests) -> (sort key, name) of its decision-map row: the label alone, or with the request count
    where one label and worker count hold several (the counts are then told apart, never pooled)."""
    counts = defaultdict(set)
    for point in points:
        counts[(point.label, point.workers)].add(point.requests)
    ambiguous = {label for (label, _), requests in counts.items() if len(requests) > 1}
    return {(p.label, p.requests): ((p.label, p.requests), f"{p.label.text}, {p.requests} req") if p.label in ambiguous
            else ((p.label, 0), p.label.text) for p in points}
