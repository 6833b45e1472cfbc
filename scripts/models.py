"""Model descriptions (the --describe contract) for plot.py and report.py: from --models, models.jsonl, or the build."""
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("name", "suite", "language", "kind", "sequential")


class ModelError(Exception):
    pass


def parse_description(text, where):
    """One description from its JSON line; raises ModelError naming where it came from."""
    try:
        model = json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelError(f"{where}: not a JSON object ({error.msg})") from None
    if not isinstance(model, dict) or any(field not in model for field in REQUIRED):
        raise ModelError(f"{where}: a model description needs the fields {', '.join(REQUIRED)}")
    return model


def read_models_file(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return [parse_description(line, f"{path}: line {number}")
                    for number, line in enumerate(handle, 1) if line.strip()]
    except OSError as error:
        raise ModelError(f"{path}: {error.strerror}") from None


def described_by_build():
    """What the build's registry (build/models.list), the Python references and the reference clients say of their
    models."""
    import py_cpu_reference  # imported here: only needed when the results came without their descriptions
    import py_io_reference
    import py_mem_reference
    import ref_clients
    import ref_h2load
    import ref_wrk
    lines = [reference.describe(choice) for reference in (py_cpu_reference, py_io_reference, py_mem_reference)
             for choice in reference.MODELS]
    lines += [ref_clients.describe(client) for client in (ref_wrk.CLIENT, ref_h2load.CLIENT)]
    registry = ROOT / "build" / "models.list"
    entries = registry.read_text(encoding="utf-8").splitlines() if registry.is_file() else []
    for entry in entries:
        _, tab, path = entry.partition("\t")
        if not tab:
            continue
        try:
            asked = subprocess.run([path, "--describe"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue  # a stale or broken build: its models stay undescribed, which load_models reports
        if asked.returncode == 0:
            lines.append(asked.stdout)
    models = []
    for line in lines:
        try:
            models.append(parse_description(line, "build"))
        except ModelError:
            continue  # same as above: an executable without --describe describes nothing
    return models


def load_models(csv_paths, model_files, rows):
    """(suite, impl) -> description for every impl in rows; the first source that describes a model wins."""
    found = {}

    def add(models):
        for model in models:
            found.setdefault((model["suite"], model["name"]), model)

    for path in model_files:
        add(read_models_file(path))
    for folder in dict.fromkeys(Path(path).resolve().parent for path in csv_paths):
        if (folder / "models.jsonl").is_file():
            add(read_models_file(folder / "models.jsonl"))
    wanted = {(row["suite"], row["impl"]) for row in rows}
    if not wanted <= found.keys():
        add(described_by_build())
    missing = sorted(wanted - found.keys())
    if missing:
        names = ", ".join(f"{impl} (suite {suite})" for suite, impl in missing)
        raise ModelError(f"no description of {names} in --models files, models.jsonl beside the CSVs or the build; "
                         "pass --models FILE with its --describe line or keep models.jsonl beside the CSV")
    return {key: found[key] for key in wanted}


def baseline_of(models, model):
    """Name of the sequential model of the same suite and language (speedups are over it), or None."""
    names = sorted(other["name"] for other in models.values() if other["sequential"]
                   and other["suite"] == model["suite"] and other["language"] == model["language"])
    return names[0] if names else None
