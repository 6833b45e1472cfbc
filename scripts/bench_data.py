"""Reading boundbench CSVs: the rows, which of them failed and why, the --param columns that set runs apart."""
import csv
from collections import Counter


class CsvError(Exception):
    pass


REQUIRED = ("suite", "impl", "workers", "repeat", "wall_s")
NUMERIC = ("workers", "ranks", "threads", "wall_s", "requests", "ok", "failed", "http_4xx", "http_5xx", "timeout",
           "refused", "closed", "other", "req_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "peak_rss_kib", "cpu_s",
           "ctx_voluntary", "ctx_involuntary", "cores", "load_1m", "latency_ms", "exit_code", "process_s", "nodes",
           "size_bytes", "array_bytes", "gb_per_s", "ns_per_access", "llc_bytes", "loops", "shards")
FAILURE_CLASSES = ("http_4xx", "http_5xx", "timeout", "refused", "closed", "other")
# Columns that are neither the executable's nor a --param: the sweep's, and those newer than an old models.jsonl.
SWEEP_COLUMNS = ("config", "attempt", "process_s", "oversubscribed", "exit_code")
NEWER_COLUMNS = ("cores", "load_1m", "cpu_s", "ctx_voluntary", "ctx_involuntary", "target", "loops", "shards",
                 "http_version", "nodes", "schedule", "client")
# impl names of the reference clients (scripts/ref_wrk.py, ref_h2load.py): shown and compared against, never a
# model to choose, so they stay out of the decision map and the crossovers.
REFERENCE_PREFIX = "ref_"
# --param columns that do not set a configuration apart: the target's latency becomes the label instead, and
# `run` is the study's resume tag for one invocation of a Python reference.
UNGROUPED_PARAMS = ("latency_ms", "run")


def read_rows(paths):
    """All rows of all files, failed ones included; a malformed file raises CsvError naming the file and line."""
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
                for name in NUMERIC:
                    if name not in row:
                        continue
                    if row[name] == "":
                        row[name] = None  # a run that printed no rows leaves its measurements empty
                        continue
                    try:
                        row[name] = float(row[name])
                    except ValueError:
                        raise CsvError(f"{path}: line {line}: column {name} is '{row[name]}', not a number") from None
                rows.append(row)
    return rows


def is_reference(impl):
    return impl.startswith(REFERENCE_PREFIX)


def is_failed(row):
    """A run the sweep recorded as failed, a request that failed, a result that did not verify, or no measurement."""
    return (row.get("exit_code") not in (None, 0.0) or (row.get("failed") or 0) > 0
            or row.get("verified") in ("false", "no") or row["wall_s"] is None)


def split_failed(rows, models):
    """(rows that measured something, rows that failed, notes on what was set aside): see latest_attempts."""
    return latest_attempts([r for r in rows if not is_failed(r)], [r for r in rows if is_failed(r)], models)


def identity(row, models):
    """What makes a configuration, as the plots and the report group it (the sweep's `config` adds the revision)."""
    model = models[(row["suite"], row["impl"])]
    # A reference client's request count is what it managed (wrk runs for a duration), not its configuration.
    values = dict(row, requests=None) if is_reference(row["impl"]) else row
    return (row["suite"], row["impl"], params(row, model), *(values.get(name) for name in (
        "workers", "ranks", "threads", "tasks", "schedule", "gil_ms", "requests", "target", "latency_ms", "kernel",
        "size_bytes", "loops", "shards", "http_version", "nodes", "client")))


def latest_attempts(measured, failed, models):
    """(measured, failed, notes) keeping, per configuration, the rows of its latest attempt that measured.

    A sweep measures a failed configuration again, --fresh and a rebuild (a new `config`) measure all again, and
    the older rows stay in the file, their `attempt` telling them apart: pooling them would mix two sweeps, so
    only the latest attempt is used, and a failure of a configuration that measured is no longer a failure."""
    latest, configs = {}, set()
    for row in measured:
        if row.get("attempt"):
            key = identity(row, models)
            latest[key] = max(latest.get(key, ""), row["attempt"])
            configs.add(row.get("config"))
    if not latest:
        return measured, failed, []

    def superseded(row):
        key = identity(row, models)
        return key in latest and row.get("attempt") != latest[key]

    def redone(row):  # a run that printed no rows has no target or requests: its config id links it
        return identity(row, models) in latest or row.get("config") in configs

    older = [row for row in measured if superseded(row)]
    set_aside = [row for row in failed if redone(row)]
    notes = []
    if older:
        notes.append(f"{len({identity(row, models) for row in older})} configuration(s) were measured by more than "
                     f"one sweep attempt: the latest is used, {len(older)} older row(s) set aside.")
    if set_aside:
        notes.append(f"{len({row.get('config') for row in set_aside})} configuration(s) also had a failed attempt; "
                     "the attempt that measured is used and the failed rows are set aside.")
    return [row for row in measured if not superseded(row)], [row for row in failed if not redone(row)], notes


def failure_classes(failed):
    """One phrase per suite naming what went wrong: rows and exit codes, and the I/O outcome classes over requests."""
    phrases = []
    for suite in sorted({row["suite"] for row in failed}):
        of_suite = [row for row in failed if row["suite"] == suite]
        codes = Counter(f"exit code {row['exit_code']:g}" if row.get("exit_code") not in (None, 0.0) else
                        f"verified={row['verified']}" if row.get("verified") in ("false", "no") else "failed requests"
                        for row in of_suite)
        requests = Counter()
        for row in of_suite:
            for name in FAILURE_CLASSES:
                requests[name] += int(row.get(name) or 0)
        parts = [f"{count} row(s) with {label}" for label, count in sorted(codes.items())]
        classes = [f"{name} {count}" for name, count in requests.items() if count]
        if classes:
            parts.append("failed requests: " + ", ".join(classes))
        phrases.append(f"{suite}: " + ", ".join(parts))
    return phrases


def params(row, model):
    """(name, value) of each --param column that sets this row's configuration apart (scaling, nodes, ...)."""
    own = set(model.get("columns", ())) | set(SWEEP_COLUMNS) | set(NEWER_COLUMNS) | set(UNGROUPED_PARAMS)
    return tuple((name, f"{value:g}" if isinstance(value, float) else str(value)) for name, value in row.items()
                 if name not in own)
