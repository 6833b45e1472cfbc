"""report.md's HTTP/2 comparison: each model's throughput and costs over HTTP/2 against HTTP/1.1, same run otherwise."""
from collections import defaultdict

from stats import compare


def counterpart_key(point):
    """What an HTTP/2 point and its HTTP/1.1 twin share: target, model, other --params, workers and requests (the
    HTTP client is not part of it: each HTTP/2 client is set against libcurl's HTTP/1.1)."""
    extra = tuple(pair for pair in point.extra if pair[0] not in ("http_version", "client"))
    return point.label, point.impl, extra, point.workers, point.requests


def client_of(point):
    return dict(point.extra).get("client", "libcurl")


def pairs(points):
    """[(HTTP/1.1 point, HTTP/2 point)] for every configuration measured over both, one pair per HTTP/2 client
    (reference clients left out: each speaks one version)."""
    by_key = defaultdict(dict)
    for point in points:
        if not point.reference:
            by_key[counterpart_key(point)][(point.http_version, client_of(point))] = point
    found = []
    for _, versions in sorted(by_key.items(), key=lambda item: item[0][:2]):
        one = versions.get(("1.1", "libcurl"))
        if one is not None:
            found += [(one, two) for (version, _), two in sorted(versions.items()) if version == "2"]
    return found


def ratio_text(a, b):
    """median(a) / median(b) of two spreads' values, its interval and what it means ('higher', 'lower', 'tie')."""
    found = compare(list(a.values), list(b.values))
    words = {"higher": "", "lower": "", "tie": ", tie", "single": ", 1 repeat"}[found.verdict]
    return f"{found.ratio:.2f}x {found.interval_text()}{words}"


def cell(spread):
    return spread.text() if spread is not None else "unknown"


def flags(*points):
    found = [f"{p.http_version}: {'1 repeat' if p.rate.single else 'noisy'}" for p in points
             if p.rate.single or p.rate.noisy]
    return ", ".join(found)


def http_version_section(points, lines):
    """Appends the HTTP/2 against HTTP/1.1 table when some configuration was measured over both; else nothing."""
    found = pairs(points)
    if not found:
        return
    lines += ["### HTTP/2 against HTTP/1.1", "",
              "Each configuration measured over both versions, medians with (min-max). HTTP/1.1 takes one "
              "connection per transfer in flight; with `--http2` io_multi and io_mpi multiplex the transfers of each "
              "multi handle over one connection, and a blocking model keeps one connection per thread; "
              "`--client nghttp2` drives HTTP/2 sessions directly instead of through libcurl. A ratio is "
              "HTTP/2's median over HTTP/1.1's with its bootstrap interval; \"tie\" when the interval holds 1 or the "
              "ratio is within 1.05x. KiB/transfer = `peak_rss_kib` / workers, the process's own baseline included.",
              "", "| target | model | HTTP/2 client | workers | requests | req/s 1.1 | req/s 2 | req/s 2 / 1.1 "
              "| CPU µs/request 1.1 | CPU µs/request 2 | CPU 2 / 1.1 | KiB/transfer 1.1 | KiB/transfer 2 | memory 2 / 1.1 | flags |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for one, two in found:
        cpu = ratio_text(two.cpu_us, one.cpu_us) if one.cpu_us and two.cpu_us else "unknown"
        lines.append(f"| {one.label.text} | {one.impl} | {client_of(two)} | {one.workers} | {one.requests} | {one.rate.text()} "
                     f"| {two.rate.text()} | {ratio_text(two.rate, one.rate)} | {cell(one.cpu_us)} | {cell(two.cpu_us)} "
                     f"| {cpu} | {one.kib_per_transfer.text()} | {two.kib_per_transfer.text()} "
                     f"| {ratio_text(two.kib_per_transfer, one.kib_per_transfer)} | {flags(one, two)} |")
    lines.append("")
