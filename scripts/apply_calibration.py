#!/usr/bin/env python3
"""Writes a calibration's estimates into a scenario file, keeping its layout and comments.

    scripts/apply_calibration.py RESULT_DIR SCENARIO.toml [--label experiments/calibration/NAME]

RESULT_DIR is the output directory of `clustersim calibrate` (it reads parameters.csv). Each fitted
parameter is a dotted path: "table.key" sets `key` in [table] (the table is added if missing),
"cluster[k].key" sets `key` in the k-th [[cluster]] table. The value is written as the estimate
(the exact text of parameters.csv, so the scenario reproduces the fit) with a comment naming the
calibration and the 95 % interval. Lines for other keys are left as they are.
"""
import argparse
import csv
import re
import sys
from pathlib import Path


def set_key(lines, table, index, key, value, comment):
    """Sets key = value in [table] (index None) or in the index-th [[table]]; returns new lines."""
    header = re.compile(r"^\s*\[\[\s*%s\s*\]\]\s*(#.*)?$" % re.escape(table)) if index is not None else \
        re.compile(r"^\s*\[\s*%s\s*\]\s*(#.*)?$" % re.escape(table))
    any_header = re.compile(r"^\s*\[")
    starts = [i for i, l in enumerate(lines) if header.match(l)]
    text = f"{key} = {value}"
    text = f"{text:<31} # {comment}"
    if index is not None:
        if index >= len(starts):
            sys.exit(f"apply_calibration: no [[{table}]] table number {index} in the scenario")
        start = starts[index]
    elif starts:
        start = starts[0]
    else:
        # A new table before the first [[cluster]] (or at the end).
        at = next((i for i, l in enumerate(lines) if re.match(r"^\s*\[\[", l)), len(lines))
        return lines[:at] + [f"[{table}]", text, ""] + lines[at:]
    end = next((i for i in range(start + 1, len(lines)) if any_header.match(lines[i])), len(lines))
    key_re = re.compile(r"^\s*%s\s*=" % re.escape(key))
    for i in range(start + 1, end):
        if key_re.match(lines[i]):
            return lines[:i] + [text] + lines[i + 1:]
    # Insert after the last key line of the table.
    last = start
    for i in range(start + 1, end):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            last = i
    return lines[:last + 1] + [text] + lines[last + 1:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("result_dir")
    ap.add_argument("scenario")
    ap.add_argument("--label", help="how the comment names the calibration (default: RESULT_DIR)")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(Path(a.result_dir) / "parameters.csv", newline="")))
    lines = Path(a.scenario).read_text().split("\n")
    label = a.label or a.result_dir
    for r in rows:
        path = r["parameter"]
        m = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)", path)
        if m:
            table, index, key = m.group(1), int(m.group(2)), m.group(3)
        else:
            table, key = path.split(".", 1)
            index = None
            if table == "firms":
                table = "firms"
        lo, hi = r.get("ci95_lo", ""), r.get("ci95_hi", "")
        interval = f", 95 % interval [{float(lo):.4g}, {float(hi):.4g}]" if lo and hi else ""
        comment = f"calibrated ({label}{interval}; fit in docs/scenarios.md)"
        lines = set_key(lines, table, index, key, r["estimate"], comment)
    Path(a.scenario).write_text("\n".join(lines))
    print(f"apply_calibration: {len(rows)} parameters written into {a.scenario}")


if __name__ == "__main__":
    main()
