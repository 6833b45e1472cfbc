"""The CPU suite's configurations: wall-time spread, speedup over the sequential model, Amdahl fits."""
from collections import defaultdict
from dataclasses import dataclass

from bench_data import params
from conditions import Conditions
from models import baseline_of
from stats import compare, spread


@dataclass
class CpuPoint:
    """One configuration: the same model, task list, schedule, lock, --params and layout; its repeats."""
    impl: str
    tasks: str
    schedule: str
    gil: str
    extra: tuple
    workers: int
    ranks: int
    threads: int
    model: dict
    rows: list
    conditions: Conditions
    wall: object = None
    baseline: object = None  # the sequential model's wall-time Spread on the same tasks and --params
    speedup: object = None  # Comparison of baseline walls over this point's walls

    @property
    def series(self):
        """Points that form one line: a processes+threads model makes one line per threads-per-rank."""
        split = f" {self.threads} thr/rank" if self.model["kind"] == "processes+threads" else ""
        gil = f" gil={self.gil}ms" if self.gil not in ("0", "") else ""
        extra = "".join(f" {name}={value}" for name, value in self.extra)
        return f"{self.impl} {self.schedule}{gil}{split}{extra} ({self.tasks})".replace("  ", " ")

    @property
    def name(self):
        return f"{self.series} at {self.ranks}x{self.threads}"

    @property
    def suspect(self):
        """A speedup above the worker count beyond the noise (its whole interval above; with one repeat, its
        value): more than the workers can give, so an artefact of the baseline or the timing."""
        if self.speedup is None:
            return False
        return (self.speedup.interval or (self.speedup.ratio,))[0] > self.workers

    def not_a_finding(self):
        """Why this point's speedup cannot back a claim, or None when it can."""
        if self.speedup is None:
            return "no sequential baseline"
        if self.wall.single or self.baseline.single:
            return "1 repeat, no spread"
        if self.wall.noisy:
            return f"noisy (CV {100 * self.wall.cv:.0f}%)"
        if self.baseline.noisy:
            return f"baseline noisy (CV {100 * self.baseline.cv:.0f}%)"
        if self.suspect:
            return f"suspect: speedup {self.speedup.ratio:.2f} above {self.workers} workers"
        if self.conditions.oversubscribed:
            return "oversubscribed"
        if self.conditions.contended:
            return f"load {self.conditions.load:.1f} on {self.conditions.cores} cores: something else competed"
        return None


def cpu_points(rows, models, fallback_cores):
    """Every CPU configuration of the rows (which must all have measured), sorted, with spread and speedup."""
    grouped = defaultdict(list)
    for row in rows:
        if row["suite"] != "cpu":
            continue
        model = models[("cpu", row["impl"])]
        key = (row["impl"], row.get("tasks", ""), row.get("schedule", ""), row.get("gil_ms", "0"), params(row, model),
               int(row["workers"]), int(row.get("ranks") or 1), int(row.get("threads") or 1))
        grouped[key].append(row)
    points = []
    for key, measured in sorted(grouped.items()):
        model = models[("cpu", key[0])]
        point = CpuPoint(*key, model, measured, Conditions(model, measured, fallback_cores))
        point.wall = spread([row["wall_s"] for row in measured])
        points.append(point)
    for point in points:
        reference = baseline_of(models, point.model)
        walls = [p.wall.values for p in points if (p.impl, p.tasks, p.extra) == (reference, point.tasks, point.extra)]
        if walls:
            point.baseline = spread(walls[0])
            point.speedup = compare(point.baseline.values, point.wall.values)
    return points


def amdahl_fit(points):
    """(serial fraction f, worker counts used) by least squares on 1/S = f + (1-f)/p, or (None, reason).

    Only points that could back a finding count (see CpuPoint.not_a_finding), with p > 1; a fit needs two
    distinct worker counts, since one point fits any curve through it."""
    usable = [p for p in points if p.workers > 1 and p.not_a_finding() is None]
    counts = sorted({p.workers for p in usable})
    if len(counts) < 2:
        return None, f"not enough points ({len(counts)} usable worker count above 1, 2 needed)"
    numerator = denominator = 0.0
    for point in usable:
        x = 1 - 1 / point.workers
        numerator += (1 / point.speedup.ratio - 1 / point.workers) * x
        denominator += x * x
    return max(0.0, min(1.0, numerator / denominator)), counts
