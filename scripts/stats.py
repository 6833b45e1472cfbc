"""Spread, noise and confidence: the statistics behind every figure and every claim of the plots and the report."""
import math
import random
import statistics
from dataclasses import dataclass

# A configuration whose repeats vary by more than this (sample standard deviation over mean) is "noisy".
NOISY_CV = 0.10
# Bootstrap of the ratio of two medians: resamples, two-sided confidence, and a fixed seed so that the
# same CSVs always give the same report.
RESAMPLES = 2000
# A lead must also matter: with tight repeats a 1.003x ratio can clear the interval test, and calling
# that a win is noise presented as a finding. Below this ratio of medians two models are tied.
MIN_LEAD = 1.05
CONFIDENCE = 0.95
SEED = 20261130


@dataclass(frozen=True)
class Spread:
    """The repeats of one configuration: median, min, max and coefficient of variation (None for one repeat)."""
    values: tuple
    median: float
    low: float
    high: float
    cv: float

    @property
    def single(self):
        return len(self.values) < 2

    @property
    def noisy(self):
        return self.cv is not None and self.cv > NOISY_CV

    def text(self, digits=None):
        """'median (min-max)', or the median alone with one repeat; digits after the point, or three figures."""
        shown = [self.median] if self.single else [self.median, self.low, self.high]
        median, *rest = [f"{value:.{digits}f}" if digits is not None else figures(value) for value in shown]
        return f"{median} ({rest[0]}-{rest[1]})" if rest else median

    def cv_text(self):
        if self.single:
            return "1 repeat"
        return f"{100 * self.cv:.1f}%" + (" noisy" if self.noisy else "")


def figures(value):
    """About three significant figures, never in exponent form: 12804, 807, 80.7, 0.0421."""
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.{max(1, 2 - math.floor(math.log10(abs(value))))}f}" if value else "0"


def spread(values):
    ordered = tuple(sorted(values))
    mean = statistics.fmean(ordered)
    if len(ordered) < 2:
        cv = None
    elif mean > 0:
        cv = statistics.stdev(ordered) / mean
    else:  # all zero (a cost too small to measure): no spread
        cv = 0.0
    return Spread(ordered, statistics.median(ordered), ordered[0], ordered[-1], cv)


def _resampled_median(rng, values):
    return statistics.median(rng.choices(values, k=len(values)))


_intervals = {}


def ratio_interval(numerator, denominator):
    """Bootstrap interval (CONFIDENCE) of median(numerator) / median(denominator); None when a side has one value.

    Each side is resampled on its own (the runs are independent), RESAMPLES times, from a generator seeded
    with SEED on every call, so the interval depends on the values alone, never on the order of the calls."""
    key = (tuple(numerator), tuple(denominator))
    if key in _intervals:
        return _intervals[key]
    if len(numerator) < 2 or len(denominator) < 2:
        return None
    rng = random.Random(SEED)
    ratios = []
    for _ in range(RESAMPLES):
        top, bottom = _resampled_median(rng, numerator), _resampled_median(rng, denominator)
        ratios.append(top / bottom if bottom > 0 else float("inf"))
    ratios.sort()
    tail = (1 - CONFIDENCE) / 2
    interval = (ratios[int(tail * RESAMPLES)], ratios[int((1 - tail) * RESAMPLES) - 1])
    _intervals[key] = interval
    return interval


@dataclass(frozen=True)
class Comparison:
    """median(a) / median(b) with its interval; verdict 'higher', 'lower', 'tie' or 'single' (a side lacks spread)."""
    ratio: float
    interval: tuple
    verdict: str

    def interval_text(self):
        if not self.interval:
            return "[no spread]"
        return f"[{bound(self.interval[0])}-{bound(self.interval[1])}]"


def bound(value):
    """A ratio with two decimals, or three where two would round it onto 1 and hide which side of 1 it lies."""
    text = f"{value:.2f}"
    return f"{value:.3f}" if text == "1.00" and value != 1 else text


def compare(a, b):
    """Whether the values a lie above b beyond the noise: the whole interval of the ratio of medians above 1,
    and the ratio itself at least MIN_LEAD (below, or above 1 / MIN_LEAD for 'lower', it is a tie)."""
    bottom = statistics.median(b)
    ratio = statistics.median(a) / bottom if bottom > 0 else float("inf")
    interval = ratio_interval(a, b)
    if interval is None:
        return Comparison(ratio, None, "single")
    if interval[0] > 1 and ratio >= MIN_LEAD:
        return Comparison(ratio, interval, "higher")
    if interval[1] < 1 and ratio <= 1 / MIN_LEAD:
        return Comparison(ratio, interval, "lower")
    return Comparison(ratio, interval, "tie")
