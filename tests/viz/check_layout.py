#!/usr/bin/env python3
"""Checks the layout report of a clustersim-gui screenshot (--layout-report FILE.json).

usage: check_layout.py FILE.json MODE      MODE: single, ab or trainer
  - no legend box overlaps a map's data area or a chart's plot area;
  - no text was cut (every text fits its box whole or shortened at a word; the report marks a
    text that not even its first word fitted), no panel's content runs past its edge without a
    scroll bar, every text lies inside the window;
  - the maps (two in A/B mode), at least one plot and the map legend are there; in trainer mode
    the narrative and its presets fit in the window without scrolling.
Standard library only.
"""
import json
import sys


def overlap(a, b, tol=0.5):
    return (min(a["max"][0], b["max"][0]) - max(a["min"][0], b["min"][0]) > tol and
            min(a["max"][1], b["max"][1]) - max(a["min"][1], b["min"][1]) > tol)


def main():
    path, mode = sys.argv[1], sys.argv[2]
    rep = json.load(open(path))
    items, w, h = rep["items"], rep["width"], rep["height"]
    kinds = {}
    for it in items:
        kinds.setdefault(it["kind"], []).append(it)
    failures = []
    for leg in kinds.get("legend", []):
        for area in kinds.get("map", []) + kinds.get("plot", []):
            if overlap(leg, area):
                failures.append(f"legend '{leg['name']}' overlaps {area['kind']} '{area['name']}'")
    for it in items:
        if it["clipped"]:
            failures.append(f"{it['kind']} '{it['name']}' does not fit")
        if it["kind"] == "text" and (it["min"][0] < -0.5 or it["min"][1] < -0.5 or it["max"][0] > w + 0.5 or it["max"][1] > h + 0.5):
            failures.append(f"text '{it['name']}' outside the window")
    maps = len(kinds.get("map", []))
    if maps != (2 if mode in ("ab", "trainer") else 1):
        failures.append(f"{maps} map areas")
    if not kinds.get("plot"):
        failures.append("no chart drawn")
    if not any(l["name"] == "map legend" for l in kinds.get("legend", [])):
        failures.append("no map legend")
    if mode == "trainer" and not kinds.get("narrative"):
        failures.append("no narrative")
    texts = len(kinds.get("text", []))
    print(f"{path}: {maps} maps, {len(kinds.get('plot', []))} plots, {len(kinds.get('legend', []))} legends, {texts} texts checked")
    if failures:
        print(f"{path}: FAILED: " + "; ".join(failures[:12]) + (f" (and {len(failures) - 12} more)" if len(failures) > 12 else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
