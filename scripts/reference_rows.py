"""What the Python references share to print rows in boundbench's CSV schemas: --param parsing, quoting, metadata."""
import datetime
import platform
import re
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
