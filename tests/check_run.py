#!/usr/bin/env python3
"""Runs one boundbench command and checks its exit code, CSV rows and stderr (CTest driver)."""
import argparse
import csv
import io
import subprocess
import sys


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Run COMMAND and check what it printed; exits 1 with the reason on the first mismatch.",
        usage="%(prog)s [checks] -- COMMAND [ARG...]")
    parser.add_argument("--exit", type=int, default=0, help="expected exit code (default 0)")
    parser.add_argument("--digest", help="every CSV row must carry this digest")
    parser.add_argument("--verified", choices=["true", "false"], help="every CSV row's verified value")
    parser.add_argument("--rows", type=int, help="expected number of CSV data rows")
    parser.add_argument("--column", action="append", default=[], metavar="NAME=VALUE",
                        help="every CSV row must have this value in that column (repeatable)")
    parser.add_argument("--empty-stdout", action="store_true", help="nothing may be printed on stdout")
    parser.add_argument("--stderr-lines", type=int, help="exact number of lines on stderr")
    parser.add_argument("--once", action="append", default=[],
                        help="this text must appear on exactly one line of stdout+stderr (repeatable)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before the command counts as hung")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    if arguments.command[:1] == ["--"]:
        arguments.command = arguments.command[1:]
    if not arguments.command:
        parser.error("no command given after --")
    return arguments


def fail(reason, completed):
    print(f"FAIL: {reason}", file=sys.stderr)
    print(f"--- stdout ---\n{completed.stdout}--- stderr ---\n{completed.stderr}", file=sys.stderr)
    sys.exit(1)


def main():
    arguments = parse_arguments()
    try:
        completed = subprocess.run(arguments.command, capture_output=True, text=True, timeout=arguments.timeout,
                                   stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print(f"FAIL: still running after {arguments.timeout} s: {arguments.command}", file=sys.stderr)
        sys.exit(1)

    if completed.returncode != arguments.exit:
        fail(f"exit code {completed.returncode}, expected {arguments.exit}", completed)
    if arguments.empty_stdout and completed.stdout:
        fail("stdout is not empty", completed)
    if arguments.stderr_lines is not None:
        lines = completed.stderr.splitlines()
        if len(lines) != arguments.stderr_lines:
            fail(f"{len(lines)} stderr lines, expected {arguments.stderr_lines}", completed)
    for text in arguments.once:
        hits = [line for line in (completed.stdout + completed.stderr).splitlines() if text in line]
        if len(hits) != 1:
            fail(f"'{text}' appears on {len(hits)} lines, expected exactly 1", completed)

    wanted = dict(item.split("=", 1) for item in arguments.column)
    if arguments.digest:
        wanted["digest"] = arguments.digest
    if arguments.verified:
        wanted["verified"] = arguments.verified
    if wanted or arguments.rows is not None:
        rows = list(csv.DictReader(io.StringIO(completed.stdout)))
        if arguments.rows is not None and len(rows) != arguments.rows:
            fail(f"{len(rows)} CSV rows, expected {arguments.rows}", completed)
        if wanted and not rows:
            fail("no CSV rows to check", completed)
        for number, row in enumerate(rows, start=1):
            for name, value in wanted.items():
                if name not in row:
                    fail(f"no column '{name}' in the CSV header", completed)
                if row[name] != value:
                    fail(f"row {number}: {name} is '{row[name]}', expected '{value}'", completed)
    print(f"ok: {' '.join(arguments.command)}")


if __name__ == "__main__":
    main()
