"""The I/O suite's configurations: what each run fetched (its label), throughput and latency spread, and the costs."""
import statistics
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bench_data import is_reference, params
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


# Transfers in flight per multi handle at which io_multi and io_mpi open another one (io/multi_fetch.hpp).
TRANSFERS_PER_SHARD = 100
# ... and the most multi handles a loop opens by default (kMostDefaultShards there).
MOST_DEFAULT_SHARDS = 16


def loop_shards(in_flight, requests, loops):
    """The multi handles of io/multi_fetch.cpp's plan_loops without --shards: per loop, one per TRANSFERS_PER_SHARD
    of its transfers in flight (never more than the requests within its reach), rounded up, at most
    MOST_DEFAULT_SHARDS."""
    total = 0
    for loop in range(loops):
        handles = min(in_flight // loops + (1 if loop < in_flight % loops else 0), requests)
        total += min(-(-handles // TRANSFERS_PER_SHARD), MOST_DEFAULT_SHARDS, handles)
    return total


def default_shards(row):
    """The shards column a run without --shards writes: io_mpi's static schedule gives each rank its block of the
    requests, the dynamic one all of them within every rank's reach. Rows older than the schedule column do not say
    which, so both count for them."""
    ranks, loops, requests = int(row.get("ranks") or 1), int(row["loops"]), int(row["requests"])
    in_flight = int(row["workers"]) // ranks
    blocks = [requests // ranks + (1 if rank < requests % ranks else 0) for rank in range(ranks)]
    static = sum(loop_shards(in_flight, block, loops) for block in blocks)
    dynamic = ranks * loop_shards(in_flight, requests, loops)
    return {"static": {static}, "dynamic": {dynamic}}.get(row.get("schedule"), {static, dynamic})


# The schedule each model always uses, or io_mpi's default: only another one names a series.
USUAL_SCHEDULE = {"io_mpi": "static"}


def schedule_axis(row):
    """("schedule", "dynamic") for an io_mpi row taking batches from a counter, so that it is never pooled with the
    static split; nothing for a model's usual schedule (also every row older than the schedule column)."""
    schedule = row.get("schedule")
    usual = USUAL_SCHEDULE.get(row["impl"])
    return (("schedule", schedule),) if usual and schedule and schedule != usual else ()


def http_axis(row):
    """("http_version", "2") for an HTTP/2 row, so that it is a configuration of its own, named as one, never pooled
    with HTTP/1.1; nothing for HTTP/1.1 (also every row older than the http_version column)."""
    return (("http_version", "2"),) if row.get("http_version") == "2" else ()


def client_axis(row):
    """("client", "nghttp2") for a model row made by another HTTP client than libcurl (--client), so that its
    costs are never pooled with libcurl's; nothing for libcurl, a reference (its impl names its tool) and rows
    older than the client column."""
    client = row.get("client")
    return (("client", client),) if not is_reference(row["impl"]) and row["impl"].startswith("io_") and client \
        and client != "libcurl" else ()


def axes(row):
    """What sets a model's configuration apart beyond target, workers and requests, as (name, value) pairs that
    name its series: event loops (io_multi --loops) other than one, multi handles given by --shards (a count other
    than the default's), ranks (io_mpi) and nodes beyond one, io_mpi's dynamic schedule, HTTP/2 and a client other
    than libcurl. A reference client's loops are the tool's
    threads, not a choice, and rows older than these columns have none of them."""
    found = []
    if not is_reference(row["impl"]) and row.get("loops") is not None:
        if row["loops"] != 1:
            found.append(("loops", f"{row['loops']:g}"))
        if row.get("shards") and row.get("requests") and row["shards"] not in default_shards(row):
            found.append(("shards", f"{row['shards']:g}"))
    for name in ("ranks", "nodes"):
        if (row.get(name) or 1) > 1:
            found.append((name, f"{row[name]:g}"))
    return tuple(found) + schedule_axis(row) + http_axis(row) + client_axis(row)


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
    def http_version(self):
        return "2" if ("http_version", "2") in self.extra else "1.1"

    @property
    def reference(self):
        return is_reference(self.impl)

    @property
    def series(self):
        """The model and what sets its configuration apart, e.g. `io_multi loops=2`, `io_mpi 2 ranks`."""
        extra = "".join(f" {value} {name}" if name in ("ranks", "nodes") else f" {name}={value}"
                        for name, value in self.extra)
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
        # wrk runs for a duration, so a reference client's request count differs run to run: not its identity.
        requests = 0 if is_reference(row["impl"]) else int(row["requests"])
        grouped[(label_of(row), row["impl"], params(row, model) + axes(row), int(row["workers"]),
                 requests)].append(row)
    return [IoPoint(*key[:4], key[4] or int(statistics.median(row["requests"] for row in runs)), models[("io", key[1])],
                    runs, Conditions(models[("io", key[1])], runs, fallback_cores))
            for key, runs in sorted(grouped.items())]


def map_rows(points):
    """(label, requests) -> (sort key, name) of its decision-map row: the label alone, or with the request count
    where one label and worker count hold several (the counts are then told apart, never pooled). A reference
    client joins the models it is compared with: where the label holds several counts, the row of the fewest
    requests a model made at its worker count (wrk's own count is whatever it managed in its duration)."""
    counts = defaultdict(set)
    for point in points:
        if not point.reference:
            counts[(point.label, point.workers)].add(point.requests)
    ambiguous = {label for (label, _), requests in counts.items() if len(requests) > 1}

    def row(label, requests):
        return ((label, requests), f"{label.text}, {requests} req") if label in ambiguous else ((label, 0), label.text)
    rows = {(p.label, p.requests): row(p.label, p.requests) for p in points if not p.reference}
    for p in points:
        if p.reference:
            rows.setdefault((p.label, p.requests), row(p.label, min(counts[(p.label, p.workers)], default=p.requests)))
    return rows
