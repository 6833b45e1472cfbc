"""The decision maps: per I/O target, or memory kernel and size, and worker count, which model to use and why."""
import textwrap

from matplotlib.patches import Patch

import plot_style as style
from stats import NOISY_CV

TIE, NO_FINDING = "#f3e3a0", "#ffffff"


def cell_words(cell):
    """What a cell says: the model to use and why, a tie and who, or why there is no finding."""
    if cell.verdict == "winner":
        words = [cell.winner.series, cell.reason.split(" [")[0]]
    elif cell.verdict == "alone":
        words = [cell.winner.series, "alone"]
    elif cell.verdict == "single":
        words = ["1 repeat, no finding:", ", ".join(point.series for point in cell.tied)]
    else:
        words = ["tie: " + ", ".join(point.series for point in cell.tied), cell.reason.replace("tie ", "")]
    if cell.noisy:
        words[0] += " *"
    return "\n".join(textwrap.fill(part, 22) for part in words)


def cell_colour(cell):
    if cell.verdict in ("winner", "alone"):
        return style.tint(style.KIND_STYLE[cell.winner.kind][0], 0.55 if cell.verdict == "winner" else 0.85)
    return TIE if cell.verdict == "tie" else NO_FINDING


# (file, title, x label, y label) of the I/O map (decision.decision_cells) and the memory map (mem_decision_cells).
IO_MAP = ("io_decision_map.png", "Which I/O model to use: fastest beyond the noise; on a tie, the cheaper one",
          "workers (transfers in flight)", "target")
MEM_MAP = ("mem_decision_map.png", "Which memory model to use: the most GB/s beyond the noise",
           "workers (ranks x threads)", "kernel, size")


def plot_decision_map(cells, out_dir, plt, names=IO_MAP):
    """The map's PNG (names: IO_MAP or MEM_MAP); [] when there is nothing to decide (one model only)."""
    if not cells:
        return []
    rows = sorted({(key, cell.row_name) for (key, _), cell in cells.items()})
    workers = sorted({count for _, count in cells})
    figure, axis = plt.subplots(figsize=(2.1 * len(workers) + 1.5, 1.25 * len(rows) + 1.4))
    for row, (key, _) in enumerate(rows):
        for column, count in enumerate(workers):
            cell = cells.get((key, count))
            colour = cell_colour(cell) if cell else NO_FINDING
            hatched = cell is not None and cell.verdict == "single"
            # The hatch takes the edge colour, so the white border between cells is a second rectangle.
            axis.add_patch(plt.Rectangle((column - 0.5, row - 0.5), 1, 1, facecolor=colour, edgecolor="#bbbbbb",
                                         linewidth=0, hatch="//" if hatched else None))
            axis.add_patch(plt.Rectangle((column - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="white",
                                         linewidth=3))
            axis.text(column, row, cell_words(cell) if cell else "not measured", ha="center", va="center",
                      fontsize=style.FONT, color="black" if cell else "#888888",
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 1} if hatched else None)
    axis.set_xlim(-0.5, len(workers) - 0.5)
    axis.set_ylim(len(rows) - 0.5, -0.5)
    axis.set_xticks(range(len(workers)), [f"{count}" for count in workers], fontsize=style.FONT)
    axis.set_yticks(range(len(rows)), [name for _, name in rows], fontsize=style.FONT)
    axis.tick_params(length=0)
    for side in axis.spines.values():
        side.set_visible(False)
    filename, title, xlabel, ylabel = names
    axis.set_title(title, fontsize=style.FONT + 1)
    axis.set_xlabel(xlabel, fontsize=style.FONT)
    axis.set_ylabel(ylabel, fontsize=style.FONT)
    kinds = sorted({cell.winner.kind for cell in cells.values() if cell.winner})
    legend = [Patch(facecolor=style.tint(style.KIND_STYLE[kind][0], 0.55), label=f"{kind} model wins")
              for kind in kinds]
    legend += [Patch(facecolor=TIE, label="tie within the noise"),
               Patch(facecolor=NO_FINDING, edgecolor="#bbbbbb", hatch="//", label="no finding (1 repeat)"),
               Patch(facecolor="white", edgecolor="white", label=f"* noisy (CV > {NOISY_CV:.0%})")]
    figure.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 0.95), fontsize=style.FONT, frameon=False)
    return [style.save(figure, out_dir / filename, plt)]
