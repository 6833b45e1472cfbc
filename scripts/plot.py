#!/usr/bin/env python3
"""Plots boundbench CSVs: CPU speedup and efficiency, Slurm scaling, I/O throughput, latency, costs, memory
bandwidth and its roof, and the decision maps."""
import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench_data import CsvError, failure_classes, read_rows, split_failed
from cpu_data import cpu_points
from decision import decision_cells, mem_decision_cells
from io_data import io_points
from mem_data import mem_points, mem_roofs
from models import ModelError, load_models


def ensure_matplotlib():
    """Re-runs this script under an interpreter that has matplotlib (Debian's python3 when PATH's lacks it)."""
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("BB_PLOT_REEXEC"):
        sys.exit("plot.py: matplotlib is not installed for any python3 found; run scripts/deps.sh")
    candidates = ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in candidates:
        if candidate and os.path.realpath(candidate) != os.path.realpath(sys.executable):
            probe = subprocess.run([candidate, "-c", "import matplotlib"], capture_output=True)
            if probe.returncode == 0:
                os.environ["BB_PLOT_REEXEC"] = "1"
                os.execv(candidate, [candidate, __file__, *sys.argv[1:]])
    sys.exit("plot.py: matplotlib is not installed for any python3 found; run scripts/deps.sh")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, epilog="Exit 2 with one line on stderr when nothing can be drawn: bad input, or every "
        "run failed (the line names the failure classes).")
    parser.add_argument("csv", nargs="+", help="CSV files in the schema of results/README.md")
    parser.add_argument("--out", default=".", help="directory for the PNGs (default: current)")
    parser.add_argument("--models", action="append", default=[], metavar="FILE",
                        help="model descriptions, one --describe JSON line each (repeatable); models.jsonl beside "
                             "each CSV and the build's models are read too")
    parser.add_argument("--cores", type=int, default=os.cpu_count(),
                        help="cores of the measured machine, for rows without a `cores` column")
    arguments = parser.parse_args()
    ensure_matplotlib()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    # Imported once matplotlib is known to be there (ensure_matplotlib may re-run this script elsewhere).
    from plot_cpu import plot_cpu, plot_scaling
    from plot_decision import MEM_MAP, plot_decision_map
    from plot_io import plot_io
    from plot_mem import plot_mem

    try:
        rows = read_rows(arguments.csv)
        models = load_models(arguments.csv, arguments.models, rows)
    except (CsvError, ModelError, OSError) as error:
        print(f"plot.py: error: {error}", file=sys.stderr)
        return 2
    measured, failed, _ = split_failed(rows, models)
    if not measured:
        print(f"plot.py: error: every run failed, nothing to draw ({'; '.join(failure_classes(failed))})",
              file=sys.stderr)
        return 2
    out_dir = Path(arguments.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    io = io_points(measured, models, arguments.cores)
    mem = mem_points(measured, models, arguments.cores)
    written = (plot_cpu(cpu_points(measured, models, arguments.cores), failed, out_dir, plt)
               + plot_scaling(measured, failed, models, out_dir, plt) + plot_io(io, failed, out_dir, plt)
               + plot_decision_map(decision_cells(io), out_dir, plt)
               + plot_mem(mem, mem_roofs(mem), failed, out_dir, plt)
               + plot_decision_map(mem_decision_cells(mem), out_dir, plt, MEM_MAP))
    if not written:
        print("plot.py: error: no plottable rows (needs cpu rows with their sequential model's "
              "baseline, scaling rows, io rows or mem rows)",
              file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
