#!/usr/bin/env python3
"""Writes report.md from boundbench CSVs: conditions, every configuration with its spread, decisions, the rule."""
import argparse
import os
import sys

from bench_data import CsvError, failure_classes, read_rows, split_failed
from conditions import cores_of
from cpu_data import cpu_points
from decision import ROOF_EFFICIENCY, WIDE_SPREAD_CV, crossovers, decision_cells, mem_decision_cells
from io_data import io_points, label_of
from mem_data import mem_points, mem_roofs
from models import ModelError, load_models
from report_cpu import cpu_section
from report_io import io_section
from report_mem import mem_section
from report_rule import rule_section
from stats import CONFIDENCE, MIN_LEAD, NOISY_CV, RESAMPLES, SEED


def versions(rows, models):
    """The C++ build's host and library versions (Python rows name the interpreter instead)."""
    found = {}
    for row in rows:
        for column in ("host", "compiler", "gmp_version", "openmp_version", "mpi_version", "curl_version"):
            value = row.get(column, "")
            if value and value != "none" and models[(row["suite"], row["impl"])]["language"] == "C++":
                found.setdefault(column, value)
    return found


def memory_rules():
    return [f"- Memory: a configuration whose CV reaches {WIDE_SPREAD_CV:.0%} is flagged *spread above "
            f"{WIDE_SPREAD_CV:.0%}*. Per model, kernel and size, efficiency(n) = GB/s(n) / (n x GB/s(1)); the "
            f"*saturation point* is the largest worker count whose efficiency is still at least {ROOF_EFFICIENCY} "
            "while every larger count measured falls below it, and *more add nothing* holds only when no larger "
            "count is ahead of it beyond the noise. Gather is latency-bound: workers *help up to* the last count "
            "ahead of the count before it beyond the noise. No statement from fewer than two worker counts, a noisy "
            "or one-repeat point, or arrays that fit the last-level cache (those of a pass; for gather the one it "
            "reads at random)."]


def how_it_decides(memory):
    """The rules, as bullets; the memory suite's only when the rows hold it."""
    return ["## How this report decides", "",
            f"- Every figure is the median of one configuration's repeats, with (min-max). The CV is the sample "
            f"standard deviation over the mean of the repeats; above {NOISY_CV:.0%} the configuration is *noisy*: "
            "shown and flagged, never used as a finding.",
            f"- *Faster* (a winner, a speedup, a lead) means the {CONFIDENCE:.0%} bootstrap interval of the ratio of "
            f"the two medians ({RESAMPLES} resamples of each side, fixed seed {SEED}) lies wholly above 1 and the "
            f"ratio is at least {MIN_LEAD:.2f}x (a smaller lead does not matter). Otherwise the models are *tied* and "
            "every one within the noise is named.",
            "- One repeat has no spread: such a configuration is shown but is no finding.",
            "- A speedup above the worker count (its whole interval above; with one repeat, its value) is "
            "*suspect*, a baseline or timing artefact, and never reported as a result.",
            f"- Among models tied on throughput, the one costing less CPU per request wins, then the one holding "
            f"less memory (peak RSS), each only when lower beyond the noise and by at least {NOISY_CV:.0%} (peak "
            "RSS barely varies, so smaller differences would pass the interval and still not matter).",
            "- The event loop *overtakes* threads at the fewest transfers in flight from which it is ahead beyond "
            "the noise and never behind again (same language, target and request count).",
            "- *Oversubscribed*: runnable workers above the row's `cores`. CPU models count every thread and rank; "
            "I/O models count one per process, since their threads wait on sockets.",
            "- Load: a configuration whose rows recorded `load_1m` above their `cores` shared the CPUs with "
            "something (another process, or the previous configuration's threads): a warning. A CPU configuration "
            "whose load exceeded its cores plus its own workers competed with another process: not a finding.",
            *(memory_rules() if memory else []), ""]


def conditions_section(points, rows, failed, set_aside, lines):
    """Load warnings, from each row's own cores and load, the rows set aside and the failed runs; one paragraph
    each."""
    lines += ["## Conditions", ""]
    for note in set_aside:
        lines += [note, ""]
    loaded = [p for p in points if p.conditions.overloaded]
    unknown = sum(1 for row in rows if row.get("load_1m") is None or row["load_1m"] < 0)
    if loaded:
        lines.append(f"**Warning: the load exceeded the cores during {len(loaded)} configuration(s)**; their times "
                     "include waiting for a CPU:")
        lines += [f"- {p.name}: load {p.conditions.load:.2f} on {p.conditions.cores} cores"
                  + (" (oversubscribed by its own workers)" if p.conditions.oversubscribed else "") for p in loaded]
        lines.append("")
    elif unknown < len(rows):
        lines += ["The 1-minute load stayed within the cores in every row that recorded it.", ""]
    if unknown:
        lines += [f"Load unknown for {unknown} of {len(rows)} measured rows (no `load_1m`: older CSV format).", ""]
    if failed:
        lines.append(f"{len(failed)} row(s) failed and are left out of every figure: "
                     + "; ".join(failure_classes(failed)) + ". Failed configurations:")
        names = sorted({f"{row['impl']} at {row['workers']:g} workers"
                        + (f", {label_of(row).text}" if row["suite"] == "io" else
                           f", tasks {row['tasks']}" if row.get("tasks") else
                           f", kernel {row['kernel']}" if row.get("kernel") else "") for row in failed})
        lines += [f"- {name}" for name in names] + [""]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, epilog="When every run failed, the report says so and names the failure classes "
        "(exit 0: the study keeps it; plot.py exits 2 instead, having nothing to draw). How the report decides: "
        "docs/design.md, Measurement rules.")
    parser.add_argument("csv", nargs="+", help="CSV files in the schema of results/README.md")
    parser.add_argument("--out", default="report.md", help="where to write the report (default report.md)")
    parser.add_argument("--cores", type=int, default=os.cpu_count(),
                        help="cores of the measured machine, for rows without a `cores` column")
    parser.add_argument("--plots", nargs="*", default=[], help="PNG files to link from the report")
    parser.add_argument("--models", action="append", default=[], metavar="FILE",
                        help="model descriptions, one --describe JSON line each (repeatable); models.jsonl beside "
                             "each CSV and the build's models are read too")
    arguments = parser.parse_args()
    try:
        rows = read_rows(arguments.csv)
        models = load_models(arguments.csv, arguments.models, rows)
    except (CsvError, ModelError, OSError) as error:
        print(f"report.py: error: {error}", file=sys.stderr)
        return 2
    measured, failed, set_aside = split_failed(rows, models)
    found = versions(rows, models)
    libraries = [f"{label}{found[column]}" for column, label in (("compiler", "compiler "), ("gmp_version", "GMP "),
                 ("openmp_version", ""), ("mpi_version", ""), ("curl_version", "libcurl ")) if column in found]
    cores = cores_of(rows, arguments.cores)
    lines = ["# boundbench report", "",
             f"Machine `{found.get('host', '?')}`, {cores} cores; " + "; ".join(libraries) + ".", ""]
    if not measured:
        lines += ["**Every run failed: nothing was measured**, so this report has no figures. "
                  f"{len(failed)} row(s), " + "; ".join(failure_classes(failed)) + ".", ""]
        print(f"report.py: every run failed ({'; '.join(failure_classes(failed))}); {arguments.out} says so",
              file=sys.stderr)
    else:
        cpu = cpu_points(measured, models, arguments.cores)
        io = io_points(measured, models, arguments.cores)
        mem = mem_points(measured, models, arguments.cores)
        cells = decision_cells(io)
        lines += how_it_decides(bool(mem))
        conditions_section(cpu + io + mem, measured, failed, set_aside, lines)
        for plot in arguments.plots:
            lines += [f"![{os.path.basename(plot)}]({os.path.basename(plot)})", ""]
        cpu_section(cpu, models, lines)
        io_section(io, cells, lines)
        mem_section(mem, mem_roofs(mem), mem_decision_cells(mem), lines)
        rule_section(cpu, cells, crossovers(io), lines)
    with open(arguments.out, "w", encoding="utf-8") as report:
        report.write("\n".join(lines))
    print(arguments.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
