#!/usr/bin/env python3
"""Checks the trainer-mode narratives (viz/narratives/<scenario stem>.toml).

Every named cluster of configs/ (not default or national*) must have one; each narrative must
parse, have a title, a text and at least one preset, use only the keys the GUI reads
(viz/scenario.cpp, load_narrative), and jump only to months within its scenario's run.steps.
    check_narratives.py [REPO_ROOT]      exits 1 and lists the problems otherwise
"""
import pathlib
import sys
import tomllib

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
narratives = root / "viz" / "narratives"
configs = root / "configs"
TOP = {"title", "text", "preset"}
PRESET = {"name", "note", "guarantee", "subsidy", "set", "shock", "month"}
SHOCK = {"kind", "months", "size"}
SHOCK_KINDS = {"demand", "input_price", "energy_price", "export_ban", "power_shortage"}
problems = []


def scenario_steps(stem):
    for path in (configs / f"{stem}.toml", configs / "examples" / f"{stem}.toml"):
        if path.exists():
            with open(path, "rb") as f:
                return tomllib.load(f).get("run", {}).get("steps", 240)  # 240: default.toml's run.steps
    return None


def check(path):
    where = str(path.relative_to(root))
    try:
        with open(path, "rb") as f:
            t = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        problems.append(f"{where}: does not parse: {e}")
        return
    for k in sorted(set(t) - TOP):
        problems.append(f"{where}: unknown key {k}")
    for k in ("title", "text"):
        if not isinstance(t.get(k), str) or not t[k].strip():
            problems.append(f"{where}: no {k}")
    presets = t.get("preset", [])
    if not isinstance(presets, list) or not presets:
        problems.append(f"{where}: no [[preset]]")
        return
    steps = scenario_steps(path.stem)
    for i, p in enumerate(presets, 1):
        at = f"{where}: preset {i} ({p.get('name', '?')})"
        for k in sorted(set(p) - PRESET):
            problems.append(f"{at}: unknown key {k}")
        if not isinstance(p.get("name"), str) or not p["name"]:
            problems.append(f"{at}: no name")
        for k in ("guarantee", "subsidy"):
            if k in p and not (isinstance(p[k], (int, float)) and 0 <= p[k] <= 1):
                problems.append(f"{at}: {k} must be in [0, 1]")
        if "month" in p:
            m = p["month"]
            if not isinstance(m, int) or m < 0 or (steps is not None and m > steps):
                problems.append(f"{at}: month {m} outside 0..{steps}")
        if "shock" in p:
            sh = p["shock"]
            if not isinstance(sh, dict) or set(sh) - SHOCK or sh.get("kind", "demand") not in SHOCK_KINDS:
                problems.append(f"{at}: bad shock {sh}")
        if "set" in p and not isinstance(p["set"], dict):
            problems.append(f"{at}: set must be a table of dotted paths")
        if not set(p) & {"guarantee", "subsidy", "set", "shock", "month"}:
            problems.append(f"{at}: does nothing")


library = sorted(s.stem for s in configs.glob("*.toml") if s.stem != "default" and not s.stem.startswith("national"))
for stem in library:
    if not (narratives / f"{stem}.toml").exists():
        problems.append(f"configs/{stem}.toml: no narrative viz/narratives/{stem}.toml")
files = sorted(narratives.glob("*.toml"))
for path in files:
    check(path)
for p in problems:
    print("FAIL narrative:", p)
print(f"narratives: {len(files)} checked, {len(library)} library scenarios, {len(problems)} problems")
sys.exit(1 if problems else 0)
