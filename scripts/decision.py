"""Which I/O model to use: each decision-map cell's verdict, and where the event loop overtakes threads."""
from collections import defaultdict
from dataclasses import dataclass, field

from io_data import map_rows
from stats import NOISY_CV, compare

# Tie-breakers, in order, for models tied on throughput: (IoPoint attribute, what the cell says), lower is better.
COSTS = (("cpu_us", "CPU/request"), ("rss", "memory"))
# A cost breaks a tie only when it is lower beyond the noise and by at least this factor: peak RSS barely varies
# between repeats, so a 1% difference would be "significant" and still no reason to prefer a model.
MIN_COST_GAIN = 1 + NOISY_CV
# The memory suite's bandwidth roof: at efficiency bw(n) / (n x bw(1)) below this a worker count no longer adds
# most of a worker's share of bandwidth. A configuration whose repeats reach WIDE_SPREAD_CV is flagged in the
# tables ("spread above 5%"): bandwidth repeats are usually tight, so a wider spread is worth a look even
# below the noisy threshold.
ROOF_EFFICIENCY = 0.8
WIDE_SPREAD_CV = 0.05


@dataclass
class Cell:
    """One (target row, worker count) of the decision map."""
    row_key: tuple
    row_name: str
    workers: int
    entries: list
    unit: str = "req/s"  # what the models are ranked on
    verdict: str = "tie"  # winner, tie, single (no spread to compare), alone (one model measured)
    winner: object = None
    tied: list = field(default_factory=list)
    reason: str = ""
    left_out: list = field(default_factory=list)  # models with one repeat: nothing to compare them by

    @property
    def noisy(self):
        """Whether a model the verdict rests on is noisy: the cell is then shown but is no finding."""
        return any(point.rate.noisy for point in self.entries if point not in self.left_out)

    def names(self):
        return ", ".join(point.series for point in self.tied)


def costs_more(point, best, cost):
    """Whether point costs more than best beyond the noise and by at least MIN_COST_GAIN."""
    mine, least = getattr(point, cost), getattr(best, cost)
    return compare(mine.values, least.values).verdict == "higher" and mine.median >= MIN_COST_GAIN * least.median


def cheapest(tied, cost):
    """(the cheapest of tied, or None when cost ties too; those still tied; its lead over the next cheapest)."""
    ranked = sorted(tied, key=lambda point: (getattr(point, cost).median, point.series))
    best = ranked[0]
    still = [best] + [point for point in ranked[1:] if not costs_more(point, best, cost)]
    lead = getattr(ranked[1], cost).median / getattr(best, cost).median if getattr(best, cost).median > 0 else None
    return (best if len(still) == 1 else None), still, lead


def decide(cell):
    """Fills in the cell's verdict: see docs/design.md, "How the report decides"."""
    ranked = sorted(cell.entries, key=lambda point: (-point.rate.median, point.series))
    if len(ranked) == 1:
        cell.verdict, cell.winner, cell.reason = "alone", ranked[0], "the only model measured here"
        return cell
    compared = [point for point in ranked if not point.rate.single]
    cell.left_out = [point for point in ranked if point.rate.single]
    if ranked[0].rate.single or len(compared) < 2:
        cell.verdict, cell.tied = "single", ranked
        cell.reason = "1 repeat: no spread, not a finding"
        return cell
    top = compared[0]
    cell.tied = [top] + [p for p in compared[1:] if compare(top.rate.values, p.rate.values).verdict != "higher"]
    if len(cell.tied) == 1:
        runner = compared[1]
        lead = compare(top.rate.values, runner.rate.values)
        cell.verdict, cell.winner = "winner", top
        cell.reason = f"{lead.ratio:.2f}x {cell.unit} over {runner.series} {lead.interval_text()}"
        return cell
    broken = cell.unit
    for cost, what in COSTS:
        spreads = [getattr(point, cost) for point in cell.tied]
        if any(value is None or value.single for value in spreads):
            continue  # an older CSV without the cost: it decides nothing
        best, still, lead = cheapest(cell.tied, cost)
        if best is not None:
            cell.verdict, cell.winner = "winner", best
            cell.reason = f"tie on {broken}, " + (f"{lead:.2f}x less {what}" if lead else f"least {what}")
            return cell
        cell.tied = still
        broken += f" and {what}"
    cell.reason = f"tie on {broken}"
    return cell


def decision_cells(points):
    """(row key, workers) -> decided Cell; empty when the rows hold one I/O model only (nothing to decide). The
    reference clients are measured against, not chosen: they are left out."""
    points = [point for point in points if not point.reference]
    if len({point.series for point in points}) < 2:
        return {}
    rows = map_rows(points)
    cells = {}
    for point in points:
        row_key, row_name = rows[(point.label, point.requests)]
        cells.setdefault((row_key, point.workers), Cell(row_key, row_name, point.workers, [])).entries.append(point)
    return {key: decide(cell) for key, cell in sorted(cells.items())}


def mem_decision_cells(points):
    """(row key, workers) -> decided Cell over the memory models, one row per kernel and size, ranked on GB/s;
    empty when the points hold fewer than two series (nothing to decide). Points of a node-scaling study are
    left out: they compare node counts, not models."""
    points = [point for point in points if point.scaling is None]
    if len({point.series for point in points}) < 2:
        return {}
    cells = {}
    for point in points:
        cells.setdefault((point.row_key, point.workers),
                         Cell(point.row_key, point.row_name, point.workers, [], unit="GB/s")).entries.append(point)
    return {key: decide(cell) for key, cell in sorted(cells.items())}


# (what, IoPoint attribute, True when higher is better, how a lead reads)
METRICS = (("throughput", "rate", True, "{:.2f}x req/s"), ("CPU per request", "cpu_us", False, "{:.2f}x less CPU"),
           ("memory", "rss", False, "{:.2f}x less memory"))


def standing(loop, threads, attribute, higher_is_better):
    """('ahead' | 'behind' | 'tie', Comparison) of the event-loop point over the threads point on one metric, or
    (None, None) when either is no finding. A cost lead must also reach MIN_COST_GAIN, as in the decision map."""
    mine, theirs = getattr(loop, attribute), getattr(threads, attribute)
    if mine is None or theirs is None or mine.single or theirs.single:
        return None, None
    if loop.rate.noisy or threads.rate.noisy or mine.noisy or theirs.noisy:
        return None, None
    comparison = compare(mine.values, theirs.values) if higher_is_better else compare(theirs.values, mine.values)
    verdict = {"higher": "ahead", "lower": "behind", "tie": "tie"}[comparison.verdict]
    if not higher_is_better and max(comparison.ratio, 1 / comparison.ratio) < MIN_COST_GAIN:
        verdict = "tie"
    return verdict, comparison


def crossover(pairs, attribute, higher_is_better, lead_text):
    """The crossover over the (workers, loop point, threads point) pairs of one target, in words."""
    found = [(workers, *standing(loop, threads, attribute, higher_is_better)) for workers, loop, threads in pairs]
    usable = [(workers, verdict, comparison) for workers, verdict, comparison in found if verdict]
    skipped = [f"{workers:g}" for workers, verdict, _ in found if not verdict]
    if not usable:
        return "no finding (every point noisy, 1 repeat or not recorded)"
    note = f"; no finding at {', '.join(skipped)} (noisy, 1 repeat or not recorded)" if skipped else ""
    span = f"{usable[0][0]:g}-{usable[-1][0]:g}" if len(usable) > 1 else f"{usable[0][0]:g}"
    for index, (workers, verdict, comparison) in enumerate(usable):
        if verdict == "ahead" and all(later != "behind" for _, later, _ in usable[index:]):
            lead = lead_text.format(comparison.ratio) + f" {comparison.interval_text()}"
            if len(usable) == 1:
                return f"ahead at {workers:g} in flight, the only count with a finding ({lead})" + note
            if index == 0:
                return f"ahead throughout {span} in flight (at {workers:g}: {lead})" + note
            return f"from {workers:g} in flight ({lead}), measured {span}" + note
    return f"none found in {span} in flight" + note


def crossovers(points):
    """[(language, event-loop series, threads series, label, [(metric, words)])] for every pair of one language."""
    found = []
    by_key = defaultdict(dict)
    for point in (point for point in points if not point.reference):
        by_key[(point.model["language"], point.kind)].setdefault(point.series, []).append(point)
    for language in sorted({language for language, _ in by_key}):
        for loop_series, loop_points in sorted(by_key[(language, "event-loop")].items()):
            for threads_series, threads_points in sorted(by_key[(language, "threads")].items()):
                others = {(p.label, p.requests, p.workers): p for p in threads_points}
                per_label = defaultdict(list)
                for point in loop_points:
                    match = others.get((point.label, point.requests, point.workers))
                    if match:
                        per_label[point.label].append((point.workers, point, match))
                for label, pairs in sorted(per_label.items()):
                    words = [(what, crossover(sorted(pairs, key=lambda pair: pair[0]), attribute, higher, lead))
                             for what, attribute, higher, lead in METRICS]
                    found.append((language, loop_series, threads_series, label, words))
    return found
