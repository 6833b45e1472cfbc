#!/usr/bin/env python3
"""Checks the rows a Slurm job left in a sweep CSV: well-formed, expected values, configurations present."""
import argparse
import csv
import sys
from collections import Counter


def pairs(text):
    result = {}
    for item in text.split(","):
        name, separator, value = item.partition("=")
        if not separator:
            raise argparse.ArgumentTypeError(f"'{item}' is not NAME=VALUE")
        result[name] = value
    return result


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            sys.exit(f"FAIL: {path} is empty")
        rows = []
        for fields in reader:
            if len(fields) != len(header):
                sys.exit(f"FAIL: {path} line {reader.line_num}: {len(fields)} fields, header has {len(header)}")
            rows.append(dict(zip(header, fields)))
    return header, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv")
    parser.add_argument("--all", type=pairs, action="append", default=[], metavar="NAME=VALUE[,...]",
                        help="every row has these values")
    parser.add_argument("--expect", type=pairs, action="append", default=[], metavar="NAME=VALUE[,...]",
                        help="at least one row has all these values (repeatable)")
    parser.add_argument("--min-rows", type=int, default=1, help="at least this many data rows")
    parser.add_argument("--per-config", type=int, help="every configuration (config column) has exactly N rows")
    parser.add_argument("--prefix", help="the data rows of this earlier copy are the first rows, unchanged")
    arguments = parser.parse_args()

    header, rows = read(arguments.csv)
    if len(rows) < arguments.min_rows:
        sys.exit(f"FAIL: {arguments.csv} has {len(rows)} data rows, expected at least {arguments.min_rows}")
    for wanted in arguments.all:
        for index, row in enumerate(rows, start=2):
            for name, value in wanted.items():
                if row.get(name) != value:
                    sys.exit(f"FAIL: {arguments.csv} line {index}: {name} is '{row.get(name)}', expected '{value}'")
    for wanted in arguments.expect:
        if not any(all(row.get(name) == value for name, value in wanted.items()) for row in rows):
            sys.exit(f"FAIL: {arguments.csv} has no row with {wanted}")
    if arguments.per_config is not None:
        counts = Counter(row["config"] for row in rows)
        wrong = {config: count for config, count in counts.items() if count != arguments.per_config}
        if wrong:
            sys.exit(f"FAIL: {arguments.csv}: configurations without exactly {arguments.per_config} rows: {wrong}")
    if arguments.prefix:
        earlier_header, earlier = read(arguments.prefix)
        if earlier_header != header or rows[:len(earlier)] != earlier:
            sys.exit(f"FAIL: the {len(earlier)} rows of {arguments.prefix} are not the first rows of {arguments.csv}")
    print(f"check_rows.py: {arguments.csv}: {len(rows)} rows OK")


if __name__ == "__main__":
    main()
