#!/usr/bin/env python3
"""Prints the step's phase table (sim/step.cpp) as Markdown: each phase with the firm columns and
World parts it declares it reads and writes. docs/model.md section 4 holds its output:
    scripts/phase_table.py > /tmp/phases.md
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent


def phases():
    text = (ROOT / "sim" / "step.cpp").read_text()
    body = text[text.index("kPhases[] = {"):text.index("};", text.index("kPhases[] = {"))]
    # {"name", fn,  // n \n "reads..." "..." ,\n "writes..."},
    for m in re.finditer(r'\{"([^"]+)",\s*\w+,\s*//\s*(\S+)\s*((?:"[^"]*"\s*)+),\s*((?:"[^"]*"\s*)+)\}', body):
        name, number, reads, writes = m.groups()
        join = lambda s: " ".join("".join(re.findall(r'"([^"]*)"', s)).split())
        yield number, name, join(reads), join(writes)


def cell(names, wanted_tables):
    items = [n for n in names.split() if n.startswith("w.") == wanted_tables]
    return " ".join(f"`{n}`" for n in items) or "-"


def main():
    print("| step | phase | reads (firm columns) | writes (firm columns) | reads (World) | writes (World) |")
    print("|---|---|---|---|---|---|")
    for number, name, reads, writes in phases():
        print(f"| {number} | {name} | {cell(reads, False)} | {cell(writes, False)} | "
              f"{cell(reads, True)} | {cell(writes, True)} |")


if __name__ == "__main__":
    main()
