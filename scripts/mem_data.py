"""The memory suite's configurations: bandwidth spread, the gain over one worker, and each line's bandwidth roof."""
from collections import defaultdict
from dataclasses import dataclass

from bench_data import params
from conditions import Conditions
from decision import ROOF_EFFICIENCY, WIDE_SPREAD_CV
from models import baseline_of
from stats import compare, spread

# The kernels in the executables' order; gather is the latency-bound one.
KERNELS = ("copy", "scale", "add", "triad", "gather")
LATENCY_KERNEL = "gather"
# The double arrays a kernel's pass runs through: copy and scale two, add and triad three; gather reads one at
# random (its index and target stream by), so that one alone has to outgrow the last-level cache.
ARRAYS_TOUCHED = {"copy": 2, "scale": 2, "add": 3, "triad": 3, "gather": 1}


def kernel_order(kernel):
    """Sort key: the kernels in the executables' order, any other name after them."""
    return KERNELS.index(kernel) if kernel in KERNELS else len(KERNELS)


def size_unit(size):
    """(value to three figures, unit, bytes per unit) in binary units; 1000 of a unit and more reads as the next."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1000 << (shift - 10):
            return float(f"{size / (1 << shift):.3g}"), unit, 1 << shift
    return float(size), "B", 1


def size_text(size):
    """A byte count as people read it: 3 MiB, 1.17 GiB."""
    value, unit, _ = size_unit(size)
    return f"{value:g} {unit}"


@dataclass
class MemPoint:
    """One configuration: the same model, kernel, size, --params and layout; its repeats."""
    impl: str
    kernel: str
    size: int
    extra: tuple
    workers: int
    ranks: int
    threads: int
    model: dict
    rows: list
    conditions: Conditions
    baseline: object = None  # the Spread this point's gain is taken over (see mem_points)
    baseline_name: str = ""
    gain: object = None  # Comparison of this point's GB/s over the baseline's

    def __post_init__(self):
        self.rate = spread([row["gb_per_s"] for row in self.rows])
        gathered = [row["ns_per_access"] for row in self.rows if row.get("ns_per_access") is not None]
        self.ns = spread(gathered) if gathered and len(gathered) == len(self.rows) else None
        self.llc = int(max(row.get("llc_bytes") or 0 for row in self.rows))
        self.touched = ARRAYS_TOUCHED.get(self.kernel, 3) * int(max(row.get("array_bytes") or 0 for row in self.rows))
        # The decision map's tie-breakers: the memory suite measures no cost beside bandwidth.
        self.cpu_us = self.rss = None

    @property
    def kind(self):
        return self.model["kind"]

    @property
    def series(self):
        """Points that form one line over workers: a processes+threads model makes one line per threads-per-rank."""
        split = f" {self.threads} thr/rank" if self.kind == "processes+threads" else ""
        return f"{self.impl}{split}" + "".join(f" {name}={value}" for name, value in self.extra)

    @property
    def line(self):
        return (self.series, self.kernel, self.size)

    @property
    def nodes(self):
        """Nodes of the run's allocation: the `nodes` column a node-scaling study records (1 without it)."""
        return int(max(row.get("nodes") or 1 for row in self.rows))

    @property
    def scaling(self):
        """The node-scaling study this point belongs to (slurm/submit.sh's scaling column), or None."""
        return dict(self.extra).get("scaling")

    @property
    def row_key(self):
        """The decision map's row: kernel and size to three figures, so that the C++ models and numpy given one
        --size share a row although their footprints differ by the gather index array."""
        value, _, scale = size_unit(self.size)
        return (kernel_order(self.kernel), self.kernel, value * scale)

    @property
    def row_name(self):
        return f"{self.kernel}, {size_text(self.size)}"

    @property
    def name(self):
        return f"{self.series} {self.kernel} {size_text(self.size)} at {self.ranks}x{self.threads}"

    @property
    def wide(self):
        return self.rate.cv is not None and self.rate.cv >= WIDE_SPREAD_CV

    def not_a_finding(self):
        """Why this point cannot back a statement, or None when it can."""
        if self.rate.single:
            return "1 repeat, no spread"
        if self.rate.noisy:
            return f"noisy (CV {100 * self.rate.cv:.0f}%)"
        if self.conditions.oversubscribed:
            return "oversubscribed"
        if self.conditions.contended:
            return f"load {self.conditions.load:.1f} on {self.conditions.cores} cores: something else competed"
        return None


def mem_points(rows, models, fallback_cores):
    """Every memory configuration of the rows (which must all have measured), sorted, with its gain: over the
    same line's 1-worker point, else over the sequential model of its language at the same kernel and size."""
    grouped = defaultdict(list)
    for row in rows:
        if row["suite"] != "mem":
            continue
        model = models[("mem", row["impl"])]
        # The nodes of a node-scaling study set runs apart too (io rows made `nodes` a column, not a --param).
        key = (row["impl"], row.get("kernel", ""), int(row.get("size_bytes") or 0), params(row, model),
               int(row["workers"]), int(row.get("ranks") or 1), int(row.get("threads") or 1), row.get("nodes") or 1)
        grouped[key].append(row)
    points = []
    for key, measured in sorted(grouped.items(), key=lambda item: (item[0][0], kernel_order(item[0][1]), item[0][1:])):
        model = models[("mem", key[0])]
        points.append(MemPoint(*key[:-1], model, measured, Conditions(model, measured, fallback_cores)))
    ones = {point.line: point for point in points if point.workers == 1}
    for point in points:
        reference = ones.get(point.line)
        if reference is None:
            sequential = baseline_of(models, point.model)
            reference = next((p for p in points if (p.impl, p.kernel, p.size, p.extra) ==
                              (sequential, point.kernel, point.size, point.extra)), None)
        if reference is not None and reference is not point:
            point.baseline, point.baseline_name = reference.rate, reference.series
            point.gain = compare(point.rate.values, reference.rate.values)
    return points


@dataclass
class Roof:
    """The bandwidth roof of one line (model, kernel, size): efficiency per worker count, and what it says."""
    line: tuple
    points: list
    efficiency: dict  # workers -> bw(n) / (n x bw(1)) from the medians
    base: float  # bw(1): the median of the line's 1-worker point, else of its gain's baseline; None without either
    saturation: object = None  # the MemPoint at the saturation point
    statement: str = ""  # the finding in words, or why there is none
    finding: bool = False

    @property
    def latency_bound(self):
        return self.line[1] == LATENCY_KERNEL


def lines_of(points):
    """line -> its points sorted by workers, for the points outside a node-scaling study."""
    found = defaultdict(list)
    for point in points:
        if point.scaling is None:
            found[point.line].append(point)
    return {line: sorted(members, key=lambda p: p.workers) for line, members in sorted(found.items())}


def bandwidth_statement(roof, members):
    """The saturation point (see docs/design.md, "How the report decides") and the statement for copy to triad."""
    counts = [p.workers for p in members]
    reached = [p for p in members if roof.efficiency[p.workers] >= ROOF_EFFICIENCY]
    last = reached[-1]
    if last.workers == counts[-1]:
        return (f"scales: efficiency still {roof.efficiency[last.workers]:.2f} at {last.workers} workers, the most "
                f"measured; the bandwidth roof is not reached in {counts[0]}-{counts[-1]}")
    beyond = [(p, compare(p.rate.values, last.rate.values)) for p in members if p.workers > last.workers]
    ahead = [(p, comparison) for p, comparison in beyond if comparison.verdict == "higher"]
    best, comparison = max(ahead or beyond[-1:], key=lambda pair: pair[1].ratio)
    more = (f"at most {comparison.ratio:.2f}x {comparison.interval_text()} ({best.workers} workers, efficiency "
            f"{roof.efficiency[best.workers]:.2f})")
    # One worker's efficiency is 1 by definition: a knee there is a saturation point only when more add nothing.
    if last.workers == 1 and ahead:
        return (f"no saturation point in {counts[0]}-{counts[-1]}: {best.workers} workers still add "
                f"{comparison.ratio:.2f}x {comparison.interval_text()} over 1 (efficiency "
                f"{roof.efficiency[best.workers]:.2f})")
    roof.saturation = last
    text = (f"memory-bandwidth-bound: {last.workers} worker{'s saturate' if last.workers > 1 else ' saturates'} this "
            f"machine at {last.rate.median:.3g} GB/s"
            f"{'' if last.rate.single else f' ({last.rate.low:.3g}-{last.rate.high:.3g})'}; ")
    if ahead:
        return text + f"more add {more}"
    return text + (f"more add nothing ({best.workers} workers: {comparison.ratio:.2f}x {comparison.interval_text()}, "
                   "within the noise)")


def latency_statement(members):
    """Gather: the last worker count whose lead over the previous count lies outside the noise."""
    helped = None
    for previous, point in zip(members, members[1:]):
        comparison = compare(point.rate.values, previous.rate.values)
        if comparison.verdict == "higher":
            helped = (point, previous, comparison)
    span = f"{members[0].workers}-{members[-1].workers}"
    if helped is None:
        return f"latency-bound: workers do not help beyond the noise in {span}"
    point, previous, comparison = helped
    ns = f", {point.ns.median:.3g} ns per access" if point.ns else ""
    return (f"latency-bound: workers help up to {point.workers} ({comparison.ratio:.2f}x "
            f"{comparison.interval_text()} over {previous.workers}{ns}; measured {span})")


def roof_of(line, members):
    """The Roof of one line; a statement only from two worker counts or more, all of which can back a finding,
    on a footprint beyond the last-level cache."""
    one = next((p for p in members if p.workers == 1), None)
    base = one.rate.median if one else next((p.baseline.median for p in members if p.baseline), None)
    efficiency = {p.workers: p.rate.median / (p.workers * base) for p in members} if base else {}
    roof = Roof(line, members, efficiency, base)
    blocked = [f"{p.workers} worker{'s' if p.workers > 1 else ''}: {p.not_a_finding()}" for p in members
               if p.not_a_finding()]
    llc, touched = max(p.llc for p in members), min(p.touched for p in members)
    if len(members) < 2:
        roof.statement = f"no statement: {len(members)} worker count measured, 2 needed"
    elif not base:
        roof.statement = "no statement: no 1-worker point to take the efficiency from"
    elif llc and touched <= llc:
        what = "array it reads at random" if roof.latency_bound else "arrays of a pass"
        roof.statement = (f"no statement: the {what} ({size_text(touched)}) fit{'s' if roof.latency_bound else ''} "
                          f"the {size_text(llc)} last-level cache, so it measures the cache, not memory")
    elif blocked:
        roof.statement = "no statement: " + "; ".join(blocked)
    else:
        roof.finding = True
        roof.statement = latency_statement(members) if roof.latency_bound else bandwidth_statement(roof, members)
    return roof


def mem_roofs(points):
    """Roof per line of the points (node-scaling studies left out)."""
    return [roof_of(line, members) for line, members in lines_of(points).items()]
