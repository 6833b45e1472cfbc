"""report.md's rule section: the seed's rule of thumb set against this run, claiming only what the numbers support."""
from stats import compare


def chosen_points(points):
    """Per CPU series, its point at the most workers that fit the cores (the rule speaks of using every core)."""
    chosen = {}
    for point in points:
        if point.model["sequential"] or point.speedup is None or point.conditions.oversubscribed:
            continue
        if point.series not in chosen or point.workers > chosen[point.series].workers:
            chosen[point.series] = point
    return sorted(chosen.values(), key=lambda point: point.series)


def speedup_words(point):
    words = (f"{point.speedup.ratio:.2f}x {point.speedup.interval_text()} on {point.workers} workers, "
             f"{point.conditions.cores} cores")
    if point.speedup.verdict == "tie":
        words += ", no gain beyond the noise"
    elif point.speedup.verdict == "lower":
        words += ", slower than the sequential run"
    return words


def cpu_rule(points, lines):
    """Rule 1 from the CPU points: the best speedup per language and kind among points that can back a finding."""
    chosen = chosen_points(points)
    usable = [point for point in chosen if point.not_a_finding() is None]

    def fastest(language, kind, under_gil):
        found = [p for p in usable if p.model["language"] == language and p.model["kind"] == kind
                 and (p.gil not in ("0", "")) == under_gil]
        return max(found, key=lambda point: (point.speedup.ratio, point.series)) if found else None

    processes, threads = fastest("C++", "processes", False), fastest("C++", "threads", False)
    measured = [f"{name} (`{point.impl}` {point.schedule}, tasks {point.tasks}) reached {speedup_words(point)}"
                for name, point in (("processes", processes), ("C++ threads", threads)) if point]
    if measured:
        text = "1. **CPU-bound work.** " + " and ".join(measured) + "."
        if processes and threads and processes.tasks == threads.tasks:
            duel = compare(processes.wall.values, threads.wall.values)
            text += (f" Between the two: a tie within the noise (wall-time ratio {duel.ratio:.2f} "
                     f"{duel.interval_text()})." if duel.verdict == "tie" else
                     f" `{threads.impl if duel.verdict == 'higher' else processes.impl}` was faster, wall-time "
                     f"ratio {max(duel.ratio, 1 / duel.ratio):.2f} {duel.interval_text()}.")
        gained = [name for name, point in (("processes", processes), ("threads", threads))
                  if point and point.speedup.verdict == "higher"]
        lines.append(text + {2: " Both use the cores (in C++ nothing serializes threads), so the rule reads *use "
                                "every core, with threads or processes*.",
                             1: f" Only {gained[0] if gained else ''} gained beyond the noise here.",
                             0: " Neither gained beyond the noise here: this run does not support the rule."}[
                                 len(gained)])
    else:
        lines.append("1. **CPU-bound work.** No finding: no C++ threads or processes configuration at the cores "
                     "could back one (see below).")
    locked = [(words, point) for words, point in (("threads under the emulated interpreter lock",
                                                   fastest("C++", "threads", True)),
                                                  ("Python's thread pool", fastest("Python", "threads", False)),
                                                  ("Python's process pool", fastest("Python", "processes", False)))
              if point]
    if locked:
        gains = {point.model["kind"]: point.speedup.verdict == "higher" for _, point in locked}
        escaped = gains.get("processes") and not gains.get("threads")
        lines.append("   With an interpreter lock: " + "; ".join(f"{words} {speedup_words(point)}"
                                                            for words, point in locked) +
                     (". Only separate processes escaped the lock." if escaped else "."))
    skipped = [f"{point.series} at {point.workers} workers: {point.not_a_finding()}" for point in chosen
               if point.not_a_finding()]
    if skipped:
        lines.append("   Not used as findings: " + "; ".join(skipped) + ".")


def io_verdict(cell, expected_kind, agrees, differs):
    """What one decision cell says about the rule, or why it says nothing."""
    if cell.verdict == "single":
        return f"{cell.reason} ({cell.names()})."
    if cell.verdict == "alone":
        return f"only `{cell.winner.series}` was measured here: nothing to compare."
    if cell.noisy:
        return f"a model compared here is noisy (CV above the threshold): not a finding ({cell.reason})."
    if cell.verdict == "tie":
        among = [point.series for point in cell.tied if point.kind == expected_kind]
        return (f"a tie within the noise between {cell.names()} ({cell.reason}): no model is faster here"
                + (f"; {', '.join(among)} among them." if among else "."))
    lead = f"`{cell.winner.series}` ({cell.reason}). "
    return lead + (agrees if cell.winner.kind == expected_kind else differs) + "."


def io_rule(cells, crossovers, lines):
    """Rules 2 and 3 from the decision cells at the extreme targets, and the crossovers."""
    latencies = sorted({key for key, _ in cells if key[0].order == 0})
    if latencies:
        fast, slow = latencies[0], latencies[-1]
        small = min(count for key, count in cells if key == fast)
        large = max(count for key, count in cells if key == slow)
        fast_cell, slow_cell = cells[(fast, small)], cells[(slow, large)]
        lines.append(f"2. **Fast I/O, few connections** ({fast_cell.row_name}, {small} in flight): "
                     + io_verdict(fast_cell, "threads", "Threads fit, as the rule says",
                                  "The rule expects threads here; this run does not show them ahead"))
        lines.append(f"3. **Slow I/O, many connections** ({slow_cell.row_name}, {large} in flight): "
                     + io_verdict(slow_cell, "event-loop", "One event loop holds every waiting transfer without a "
                                  "thread (and its stack) each, as the rule says",
                                  "The rule expects the event loop here; this run does not show it ahead (see "
                                  "the crossovers below)"))
    if crossovers:
        lines += ["4. **Where the event loop overtakes threads**, per language and target: the fewest transfers in "
                  "flight from which the event loop is ahead beyond the noise and never behind again.", "",
                  "| event loop vs threads | target | throughput | CPU per request | memory (peak RSS) |",
                  "|---|---|---|---|---|"]
        for language, loop, threads, label, words in crossovers:
            lines.append(f"| {language}: {loop} vs {threads} | {label.text} | "
                         + " | ".join(text for _, text in words) + " |")


def rule_section(cpu_points, cells, crossovers, lines):
    lines += ["## The rule, as this machine measured it", ""]
    if not cpu_points and not cells:
        lines += ["Nothing to set against the rule: it needs CPU runs, or two I/O models measured alike.", ""]
        return
    lines += ["Only configurations with two repeats or more, not noisy, not suspect, not oversubscribed and (CPU) "
              "not sharing the CPUs with another process back a statement here; comparisons hold only outside the "
              "noise (see *How this report decides*).", ""]
    if cpu_points:
        cpu_rule(cpu_points, lines)
    if cells:
        io_rule(cells, crossovers, lines)
    lines.append("")
