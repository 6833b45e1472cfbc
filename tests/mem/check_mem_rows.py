#!/usr/bin/env python3
"""Runs a memory-suite command with --csv and checks its rows: one per kernel and repeat, verified (CTest driver)."""
import argparse
import csv
import io
import json
import subprocess
import sys

ALL_KERNELS = "copy,scale,add,triad,gather"


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Run COMMAND and check its memory-suite CSV; exits 1 with the reason on the first mismatch.",
        usage="%(prog)s [checks] -- COMMAND [ARG...]")
    parser.add_argument("--kernels", default=ALL_KERNELS, help="the kernels expected, in run order")
    parser.add_argument("--repeats", type=int, default=0, help="repeats expected (rows: kernels x repeats)")
    parser.add_argument("--column", action="append", default=[], metavar="NAME=VALUE",
                        help="every row must have this value in that column (repeatable)")
    parser.add_argument("--describe", metavar="BINARY",
                        help="the header must be the columns BINARY --describe names (plus any --param columns)")
    parser.add_argument("--header-only", action="store_true", help="the command prints the header alone")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before the command counts as hung")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    if arguments.command[:1] == ["--"]:
        arguments.command = arguments.command[1:]
    if not arguments.command:
        parser.error("no command given after --")
    return arguments


def fail(reason, completed=None):
    print(f"FAIL: {reason}", file=sys.stderr)
    if completed is not None:
        print(f"--- stdout ---\n{completed.stdout}--- stderr ---\n{completed.stderr}", file=sys.stderr)
    sys.exit(1)


def described_columns(binary):
    completed = subprocess.run([binary, "--describe"], capture_output=True, text=True, timeout=30,
                               stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        fail(f"{binary} --describe exited {completed.returncode}", completed)
    return json.loads(completed.stdout)["columns"]


def check_row(number, row, arguments, completed):
    for item in arguments.column:
        name, value = item.split("=", 1)
        if row.get(name) != value:
            fail(f"row {number}: {name} is '{row.get(name)}', expected '{value}'", completed)
    if row["verified"] != "yes":
        fail(f"row {number}: verified is '{row['verified']}'", completed)
    if not float(row["gb_per_s"]) > 0 or not float(row["wall_s"]) > 0:
        fail(f"row {number}: wall_s {row['wall_s']}, gb_per_s {row['gb_per_s']}", completed)
    latency = row["ns_per_access"]
    if (row["kernel"] == "gather") != (latency != ""):
        fail(f"row {number}: ns_per_access '{latency}' for kernel {row['kernel']}", completed)
    if latency and not float(latency) > 0:
        fail(f"row {number}: ns_per_access {latency}", completed)


def main():
    arguments = parse_arguments()
    try:
        completed = subprocess.run(arguments.command, capture_output=True, text=True, timeout=arguments.timeout,
                                   stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        fail(f"still running after {arguments.timeout} s: {arguments.command}")
    if completed.returncode != 0:
        fail(f"exit code {completed.returncode}", completed)
    lines = completed.stdout.splitlines()
    if not lines:
        fail("no CSV header", completed)
    if arguments.describe:
        header = next(csv.reader([lines[0]]))
        expected = described_columns(arguments.describe)
        if header[:len(expected)] != expected:
            fail(f"header differs from --describe's columns:\n  printed:   {header}\n  described: {expected}",
                 completed)
    if arguments.header_only:
        if len(lines) != 1:
            fail(f"{len(lines) - 1} lines after the header, expected none", completed)
        print(f"ok: header only: {' '.join(arguments.command)}")
        return
    rows = list(csv.DictReader(io.StringIO(completed.stdout)))
    kernels = arguments.kernels.split(",")
    expected = [(str(repeat), kernel) for repeat in range(arguments.repeats) for kernel in kernels]
    printed = [(row["repeat"], row["kernel"]) for row in rows]
    if printed != expected:
        fail(f"rows (repeat, kernel) {printed}, expected {expected}", completed)
    for number, row in enumerate(rows, start=1):
        check_row(number, row, arguments, completed)
    print(f"ok: {len(rows)} rows: {' '.join(arguments.command)}")


if __name__ == "__main__":
    main()
