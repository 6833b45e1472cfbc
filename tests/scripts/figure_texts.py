"""Runs plot.py with its save step wrapped to print what each figure shows: texts, legends, ticks, y limits and size.

Usage: figure_texts.py SCRIPTS_DIR PLOT_ARGS...   Lines: 'PNG: kind: value', for the tests to grep.
"""
import struct
import sys

sys.path.insert(0, sys.argv[1])
import plot  # noqa: E402  (the scripts folder is on the path only now)
import plot_style  # noqa: E402

draw = plot_style.save


def save(figure, path, plt):
    for legend in figure.legends:
        for text in legend.get_texts():
            print(f"{path.name}: legend: {text.get_text()}")
    for text in figure.texts:
        print(f"{path.name}: footnote: {text.get_text()}")
    for index, axis in enumerate(figure.axes):
        for text in axis.texts:
            print(f"{path.name}: text: {text.get_text()!r}")
        print(f"{path.name}: xticks {index}: {','.join(label.get_text() for label in axis.get_xticklabels())}")
        top = max((max(line.get_ydata(), default=0) for line in axis.get_lines() if len(line.get_ydata())),
                  default=0)
        print(f"{path.name}: ylim {index}: {axis.get_ylim()[1]:.3f} highest point {top:.3f}")
    written = draw(figure, path, plt)
    with open(written, "rb") as png:
        width, height = struct.unpack(">II", png.read(24)[16:24])
    print(f"{path.name}: size: {width}x{height} {written.stat().st_size}")
    return written


plot_style.save = save
sys.argv = ["plot.py", *sys.argv[2:]]
sys.exit(plot.main())
