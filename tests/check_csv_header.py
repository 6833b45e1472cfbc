#!/usr/bin/env python3
"""Checks that a command's CSV header equals the column table of its suite in results/README.md."""
import argparse
import re
import subprocess
import sys

PROBE_PARAM = "probe_param"


def documented_columns(readme_path, suite):
    """Column names, in order, from the first table after the heading that names the suite."""
    heading = re.compile(rf"^#+ .*`{re.escape(suite)}` suite", re.IGNORECASE)
    columns, in_section, in_table = [], False, False
    with open(readme_path, encoding="utf-8") as readme:
        for line in readme:
            if heading.match(line):
                in_section = True
                continue
            if not in_section:
                continue
            cell = re.match(r"^\|\s*`([a-z0-9_]+)`\s*\|", line)
            if cell:
                in_table = True
                columns.append(cell.group(1))
            elif in_table and not line.startswith("|"):
                break
    return columns


def main():
    parser = argparse.ArgumentParser(description=__doc__, usage="%(prog)s README SUITE -- COMMAND [ARG...]")
    parser.add_argument("readme")
    parser.add_argument("suite")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command

    expected = documented_columns(arguments.readme, arguments.suite)
    if not expected:
        print(f"FAIL: no column table for suite '{arguments.suite}' in {arguments.readme}", file=sys.stderr)
        return 1
    completed = subprocess.run(command + ["--csv", "--param", f"{PROBE_PARAM}=1"], capture_output=True, text=True,
                               timeout=300, stdin=subprocess.DEVNULL)
    lines = completed.stdout.splitlines()
    if completed.returncode != 0 or not lines:
        print(f"FAIL: exit {completed.returncode}, stderr:\n{completed.stderr}", file=sys.stderr)
        return 1
    header = lines[0].split(",")
    if header != expected + [PROBE_PARAM]:
        print("FAIL: header differs from results/README.md", file=sys.stderr)
        print(f"  printed:    {header}", file=sys.stderr)
        print(f"  documented: {expected + [PROBE_PARAM]}", file=sys.stderr)
        return 1
    print(f"ok: {len(expected)} columns match, --param appended last")
    return 0


if __name__ == "__main__":
    sys.exit(main())
