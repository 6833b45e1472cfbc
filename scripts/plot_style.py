"""How every plot looks: colour and marker per model kind, dashed Python, marked noise, outside legends."""
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

from bench_data import is_reference
from stats import NOISY_CV

# Okabe-Ito colours (distinct under the common colour blindnesses), one per kind, with a marker each.
KIND_STYLE = {
    "sequential": ("#555555", "s"),
    "threads": ("#0072B2", "o"),
    "processes": ("#D55E00", "^"),
    "processes+threads": ("#CC79A7", "D"),
    "event-loop": ("#009E73", "v"),
}
FONT = 10
# The reference clients: black and grey, dotted, a star, so they read as a yardstick, not as a model.
REFERENCE_COLOURS = {"ref_wrk": "#000000", "ref_h2load": "#777777"}
# How far the variants of one kind and language move from the kind's colour: lighter, darker, lighter still...
VARIANT_SHADES = (0.0, 0.45, -0.45, 0.7, -0.7)


def tint(colour, amount):
    """The colour mixed with white (amount 0..1, 1 is white) or with black (amount -1..0, -1 is black)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    towards = 255 if amount > 0 else 0
    return "#" + "".join(f"{round(c + (towards - c) * abs(amount)):02x}" for c in (red, green, blue))


class Palette:
    """Colour, marker and line of each series: its kind's colour and marker, variants of one kind and language
    shaded in turn (VARIANT_SHADES); Python dashed and lighter, so that a lone Python point differs from C++."""

    def __init__(self, series_models):
        self.variant = {}
        seen = {}
        for name, model in sorted(series_models.items()):
            group = (model["kind"], model["language"])
            self.variant[name] = seen.get(group, 0)
            seen[group] = self.variant[name] + 1
        self.models = series_models

    def style(self, name):
        model = self.models[name]
        if is_reference(model["name"]):
            return {"color": REFERENCE_COLOURS.get(model["name"], "#000000"), "marker": "*", "linestyle": ":"}
        colour, marker = KIND_STYLE.get(model["kind"], ("#000000", "x"))
        python = model["language"] == "Python"
        shade = VARIANT_SHADES[self.variant[name] % len(VARIANT_SHADES)]
        if python:
            shade = 0.4 + shade / 3  # lighter than the C++ models, variants still apart
        return {"color": tint(colour, shade), "marker": marker, "linestyle": "--" if python else "-"}


def mark_of(*spreads):
    """How a point is drawn: 'single' when any of its spreads has one repeat, else 'noisy' when any is, else None."""
    if any(value.single for value in spreads):
        return "single"
    return "noisy" if any(value.noisy for value in spreads) else None


def draw_series(axis, name, style, points):
    """One series: medians joined, min-max error bars; hollow markers for noisy points, half-filled for one repeat.

    points: [(x, Spread, mark_of(...))] sorted by x."""
    xs = [x for x, _, _ in points]
    medians = [value.median for _, value, _ in points]
    axis.errorbar(xs, medians, yerr=[[value.median - value.low for _, value, _ in points],
                                     [value.high - value.median for _, value, _ in points]],
                  fmt="none", ecolor=style["color"], capsize=3, elinewidth=1)
    plain = [index for index, (_, _, mark) in enumerate(points) if mark is None]
    axis.plot(xs, medians, label=name, markevery=plain, markersize=6, **style)
    for x, value, mark in points:
        if mark == "single":  # left half in the colour, right half white
            axis.plot([x], [value.median], marker=style["marker"], markersize=6, color=style["color"],
                      fillstyle="left", markerfacecoloralt="white", linestyle="none", zorder=3)
        elif mark == "noisy":
            axis.plot([x], [value.median], marker=style["marker"], markersize=6, color=style["color"],
                      markerfacecolor="white", linestyle="none", zorder=3)


def explain_handles(noisy, single, python, suspect=False, reference=False):
    """Legend entries that say what the marks mean, only for the marks a figure uses."""
    handles = []
    if noisy:
        handles.append(Line2D([], [], color="#333333", marker="o", markerfacecolor="white", linestyle="none",
                              label=f"hollow: noisy (CV > {NOISY_CV:.0%})"))
    if single:
        handles.append(Line2D([], [], color="#333333", marker="o", fillstyle="left", markerfacecoloralt="white",
                              linestyle="none", label="half-filled: 1 repeat, no spread"))
    if suspect:
        handles.append(Line2D([], [], color="#d62728", marker="x", linestyle="none", markersize=8,
                              label="x: suspect (speedup > workers)"))
    handles.append(Line2D([], [], color="#333333", linestyle="-", label="solid: C++" + (", dashed: Python"
                                                                                        if python else "")))
    if reference:
        handles.append(Line2D([], [], color="#000000", linestyle=":", marker="*",
                              label="dotted, star: reference client (wrk, h2load)"))
    handles.append(Line2D([], [], color="#333333", linestyle="none", marker="|", markersize=10,
                          label="bars: min-max of the repeats"))
    return handles


def worker_ticks(axis, counts, log):
    """Ticks at the measured worker counts, written as integers."""
    if log:
        axis.set_xscale("log", base=2)
    axis.xaxis.set_major_locator(FixedLocator(sorted(counts)))
    axis.xaxis.set_minor_locator(NullLocator())
    ordered = sorted(counts)
    # Neighbours closer than a factor of 4 on a log axis (4096 and 10000) would print over each other.
    crowded = log and any(high / low < 4 for low, high in zip(ordered, ordered[1:]) if low > 0)
    axis.set_xticklabels([f"{count:d}" for count in ordered], fontsize=FONT, rotation=45 if crowded else 0)


def value_axis(axis):
    """Log y for data spanning more than a decade, linear otherwise (a log axis over a narrow span has too few
    ticks); labels are plain numbers (20000, not 2x10^4). Call once the data are drawn."""
    low, high = axis.dataLim.y0, axis.dataLim.y1
    if low <= 0 or high / low <= 10:
        return
    axis.set_yscale("log")
    plain = FuncFormatter(lambda value, _: f"{value:g}")
    axis.yaxis.set_major_formatter(plain)
    axis.yaxis.set_minor_formatter(NullFormatter())


def legend_outside(figure, axes, extra):
    """One legend for the figure, right of every panel: the series (once each) and then what the marks mean."""
    handles, labels = [], []
    for axis in axes:
        for handle, label in zip(*axis.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    figure.legend(handles + extra, labels + [h.get_label() for h in extra], loc="upper left",
                  bbox_to_anchor=(1.0, 0.98), fontsize=FONT, frameon=False)


def footnote(figure, text):
    """A line under the panels (what was left out, what a panel cannot show)."""
    if text:
        figure.text(0.01, -0.01, text, fontsize=FONT, ha="left", va="top", wrap=True)


def save(figure, path, plt):
    figure.tight_layout()
    # bbox_inches="tight" keeps the legend and the footnote outside the panels in the picture.
    figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)
    return path
