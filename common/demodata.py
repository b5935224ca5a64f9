"""Demo content is data, not code: each app keeps it as CSV or JSON files in its `demo/`
folder, and its demo module reads them through `read`."""

import csv
import json
from importlib import resources


def raw(package: str, name: str) -> bytes:
    """The file as it is stored, e.g. a spreadsheet to feed an import unchanged."""
    return (resources.files(package) / "demo" / name).read_bytes()


def read(package: str, name: str):
    """`read("patents", "catalogue-2025.csv")` → a list of dicts (CSV: every value a string,
    as in a spreadsheet); a .json file → what it holds."""
    source = resources.files(package) / "demo" / name
    text = source.read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    if name.endswith(".csv"):
        return list(csv.DictReader(text.splitlines()))
    raise ValueError(f"demo data must be .csv or .json: {name}")
