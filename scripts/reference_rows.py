"""What the Python references share: --param parsing, CSV quoting, run metadata, the --describe line."""
import datetime
import json
import os
import platform
import re
import resource
import socket
import subprocess
from pathlib import Path


def parse_params(texts, columns):
    """[(name, value)] from NAME=VALUE texts; raises ValueError naming the first bad one."""
    params = []
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals or not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in columns:
            raise ValueError(f"--param: '{text}' is not NAME=VALUE with a new lowercase NAME")
        params.append((name, value))
    return params


def csv_field(value):
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def csv_line(values):
    return ",".join(csv_field(value) for value in values)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_metadata():
    """(host, git revision, interpreter) for the metadata columns."""
    try:
        revision = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=12"], capture_output=True,
                                  text=True, cwd=Path(__file__).resolve().parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        revision = "unknown"
    return socket.gethostname(), revision, f"{platform.python_implementation()} {platform.python_version()}"


def machine_load():
    """(cores, load_1m) for the row: CPUs online and the 1-minute load average now (-1 when unknown), as in C++."""
    try:
        load = f"{os.getloadavg()[0]:.9g}"
    except OSError:
        load = "-1"
    return os.sysconf("SC_NPROCESSORS_ONLN"), load


def cpu_and_switches():
    """(user + system CPU seconds, voluntary, involuntary context switches) of this process so far, every thread."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_nvcsw, usage.ru_nivcsw


def add_common_arguments(parser):
    """--repeats, --csv, --param and --describe, which both references take as the C++ executables do."""
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats (default 3)")
    parser.add_argument("--csv", action="store_true", help="print a header and one row per repeat on stdout")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="append a constant column (repeatable)")
    parser.add_argument("--describe", action="store_true",
                        help="print the model's description (one JSON line) and exit, running nothing")


def describe_line(parser, name, suite, kind, workers, description, columns):
    """The one-line JSON object of the model contract (spec of --describe) for a Python reference model."""
    sequential = kind == "sequential"
    switches = [action for action in parser._actions if action.option_strings]
    model = {"name": name, "suite": suite, "language": "Python", "kind": kind, "launch": "none",
             "sequential": sequential, "default_workers": 1 if sequential else parser.get_default("workers"),
             "workers": workers, "description": description,
             # Read off the parser so that a new option shows up without a second list to keep in step.
             "options": [max(action.option_strings, key=len) for action in switches if action.nargs != 0],
             "flags": [max(action.option_strings, key=len) for action in switches if action.nargs == 0],
             "columns": list(columns)}
    return json.dumps(model, separators=(",", ":"))
