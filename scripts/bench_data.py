"""Reading boundbench CSVs and the aggregations that the plots and the report share."""
import csv
import statistics
from collections import defaultdict


class CsvError(Exception):
    pass


REQUIRED = ("suite", "impl", "workers", "repeat", "wall_s")
NUMERIC = ("workers", "ranks", "threads", "wall_s", "req_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms",
           "latency_ms", "exit_code", "nodes")


def read_rows(paths):
    """All rows of all files; a malformed file raises CsvError naming the file and line."""
    rows = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except StopIteration:
                raise CsvError(f"{path}: line 1: empty file, expected a CSV header") from None
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise CsvError(f"{path}: line 1: header lacks column(s) {', '.join(missing)}")
            for fields in reader:
                line = reader.line_num
                if not fields:
                    continue
                if len(fields) != len(header):
                    raise CsvError(f"{path}: line {line}: {len(fields)} fields, the header has {len(header)}")
                row = dict(zip(header, fields))
                if row.get("exit_code", "0") not in ("0", ""):
                    continue  # a failed run: recorded by the sweep, not plotted
                for name in NUMERIC:
                    if name in row and row[name] != "":
                        try:
                            row[name] = float(row[name])
                        except ValueError:
                            raise CsvError(f"{path}: line {line}: column {name} is '{row[name]}', "
                                           f"not a number") from None
                rows.append(row)
    return rows


def median_and_spread(values):
    """Median with the distance to min and max, for asymmetric error bars."""
    middle = statistics.median(values)
    return middle, middle - min(values), max(values) - middle


def io_groups(rows):
    """(latency_ms, impl) -> workers -> list of (req_per_s, row)."""
    groups = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["suite"] == "io" and "req_per_s" in row:
            groups[(row.get("latency_ms", 0.0), row["impl"])][row["workers"]].append(row)
    return groups


def decision_table(groups):
    """(latency, workers) -> (fastest impl, its median req/s, ratio over the runner-up or None)."""
    cells = defaultdict(dict)
    for (latency, impl), by_workers in groups.items():
        for workers, measured in by_workers.items():
            cells[(latency, workers)][impl] = statistics.median(r["req_per_s"] for r in measured)
    table = {}
    for cell, by_impl in cells.items():
        ranked = sorted(by_impl.items(), key=lambda item: item[1], reverse=True)
        ratio = ranked[0][1] / ranked[1][1] if len(ranked) > 1 and ranked[1][1] > 0 else None
        table[cell] = (ranked[0][0], ranked[0][1], ratio)
    return table
