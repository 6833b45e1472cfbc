"""What the machine did during a configuration's runs: cores, load and oversubscription, from the rows."""


def cores_of(rows, fallback):
    """CPUs online where the rows ran (their own `cores` column), else the fallback (older CSVs lack the column)."""
    known = [row["cores"] for row in rows if row.get("cores")]
    return int(max(known)) if known else fallback


def peak_load(rows):
    """Highest 1-minute load average over the rows, or None when no row recorded one (-1 or absent)."""
    known = [row["load_1m"] for row in rows if row.get("load_1m") is not None and row["load_1m"] >= 0]
    return max(known) if known else None


def runnable_workers(model, rows):
    """Workers that compete for CPUs, from the model's kind. An I/O model's threads wait on sockets, so its
    process counts once whatever its threads; every thread and rank of a CPU model computes."""
    kind = model["kind"]
    if kind in ("sequential", "event-loop"):
        return 1
    if model["suite"] == "io":
        return int(max(row.get("ranks") or 1 for row in rows)) if kind.startswith("processes") else 1
    return int(max(row["workers"] for row in rows))


def own_load(model, rows):
    """The most load the configuration itself can put on the machine: its runnable workers, and for an I/O
    model every thread, since threads that wait on sockets still wake together."""
    threads = int(max(row.get("threads") or 1 for row in rows)) * int(max(row.get("ranks") or 1 for row in rows))
    return max(runnable_workers(model, rows), threads if model["suite"] == "io" else 1)


class Conditions:
    """Cores, peak load and runnable workers of one configuration, and what they imply."""

    def __init__(self, model, rows, fallback_cores):
        self.cores = cores_of(rows, fallback_cores)
        self.load = peak_load(rows)
        self.runnable = runnable_workers(model, rows)
        self.own_load = own_load(model, rows)

    @property
    def oversubscribed(self):
        return self.runnable > self.cores

    @property
    def overloaded(self):
        """Load above the cores: something (another process, or an earlier oversubscribed run) competed."""
        return self.load is not None and self.load > self.cores

    @property
    def contended(self):
        """Load above the cores plus all this configuration could cause itself: another process competed for
        the CPUs (the 1-minute average also carries an earlier configuration's load for a while)."""
        return self.load is not None and self.load > self.cores + self.own_load
