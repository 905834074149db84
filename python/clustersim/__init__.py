"""ClusterSim from Python: load a scenario, run it, get its indicators and firms as pandas tables.

    import clustersim
    sc = clustersim.load("configs/morbi_ceramics.toml", set={"cluster[0].firms": 500})
    sim = clustersim.Simulation(sc, seed=7, threads=2)
    sim.run(120)
    sim.indicators()      # the columns and numbers of timeseries.csv
    sim.firms()           # the firm table now (the columns of firms.csv)

    res = clustersim.compare("my_programme.toml", reps=20)   # as `clustersim compare`
    res["effects"]; res.dir                                  # its CSV files as DataFrames; where they are
    sw = clustersim.sweep("experiments/credit_guarantee/experiment.toml", jobs=2)
    sw["summary"]                                            # as `clustersim sweep`

The model is the C++ one (clustersim._core): the same scenario and seed give the same numbers as
`clustersim run`, and a bad key or value raises ConfigError with the command line's message.
docs/python.md documents the package.
"""
import json
import tempfile
import tomllib
from pathlib import Path

import pandas as pd

from . import _core

ConfigError = _core.ConfigError
INDICATORS = list(_core.indicator_names)
FIRM_COLUMNS = {name: {"unit": unit, "doc": doc} for name, (unit, doc) in _core.firm_columns.items()}

__all__ = ["ConfigError", "Scenario", "Simulation", "load", "run", "compare", "sweep", "CompareResult",
           "SweepResult", "read_csv", "INDICATORS", "FIRM_COLUMNS"]


def _text(value):
    """A Python value as the text --set takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _sets(values):
    return [f"{key}={_text(value)}" for key, value in (values or {}).items()]


class Scenario:
    """A validated scenario. `params` is the resolved configuration as a dict (read it; change it
    with set()); `to_toml()` is the text `clustersim run` would record in its manifest."""

    def __init__(self, core):
        self._core = core

    @property
    def source(self):
        return self._core.source

    @property
    def params(self):
        return tomllib.loads(self._core.to_toml())

    def __getitem__(self, path):
        """A parameter by dotted path, e.g. "market.wage" or "cluster[0].firms"."""
        node = self.params
        for part in path.split("."):
            name, _, index = part.partition("[")
            try:
                node = node[name]
                if index:
                    node = node[int(index.rstrip("]"))]
            except (KeyError, IndexError, TypeError, ValueError):
                raise KeyError(f"no parameter {path!r} in {self.source}") from None
        return node

    def set(self, values=None, **kwargs):
        """Changes parameters by dotted path ({"market.wage": 0.16}); keyword arguments may name
        top-level tables' keys with "__" for "." (market__wage=0.16). Validated as --set is."""
        values = dict(values or {})
        values.update({k.replace("__", "."): v for k, v in kwargs.items()})
        self._core.set(_sets(values))
        return self

    def copy(self):
        return Scenario(self._core.copy())

    def to_toml(self):
        return self._core.to_toml()

    def __repr__(self):
        return f"<clustersim.Scenario {self.source!r}, {self._core.steps} steps, seed {self._core.seed}>"


def load(path, set=None):
    """Loads and validates a scenario file, then applies `set` ({dotted path: value}) as
    `clustersim run --set` does. Raises ConfigError naming the file, line and key."""
    return Scenario(_core.load(str(path), _sets(set)))


class Simulation:
    """One run of a scenario. step() and run() advance it (the GIL is released while the model
    runs); indicators() and firms() read it."""

    def __init__(self, scenario, seed=None, threads=0):
        if not isinstance(scenario, Scenario):
            scenario = load(scenario)
        self._core = _core.Simulation(scenario._core, seed, threads)

    @property
    def step_count(self):
        """Months run so far."""
        return self._core.step_count

    @property
    def run_id(self):
        return self._core.run_id

    def step(self, n=1):
        self._core.step(n)
        return self

    def run(self, steps=None):
        """Runs `steps` months, or up to the scenario's run.steps."""
        n = self._core.steps - self.step_count if steps is None else steps
        self._core.step(max(0, n))
        return self

    def indicators(self):
        """Every recorded step's indicators: the columns and numbers of timeseries.csv."""
        table = self._core.indicators()
        df = pd.DataFrame(table)
        df.insert(0, "run_id", self.run_id)
        return df

    def firms(self):
        """The alive firms now, with the columns of firms.csv (units in FIRM_COLUMNS)."""
        df = pd.DataFrame(self._core.firms())
        df.insert(0, "run_id", self.run_id)
        df.insert(3, "step", self.step_count)
        return df


def run(scenario, seed=None, steps=None, set=None, threads=0):
    """Runs a scenario (a Scenario or a file path) and returns its indicators, as
    `clustersim run` would write them to timeseries.csv."""
    sc = scenario.copy() if isinstance(scenario, Scenario) else load(scenario)
    if set:
        sc.set(set)
    if steps is not None:
        sc.set({"run.steps": steps})
    return Simulation(sc, seed=seed, threads=threads).run().indicators()


def read_csv(path):
    """A CSV file of the command line as a DataFrame: numbers read back exactly (the files write the
    shortest text that reads back as the number), empty fields as NaN, "Inf" as infinity, text as
    written (no "NA" or "null" guessing)."""
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False, na_values=[""])


def _out_dir(out, kind):
    if out is None:
        return Path(tempfile.mkdtemp(prefix=f"clustersim-{kind}-"))
    return Path(out)


def _manifest(path):
    with open(path) as f:
        return json.load(f)


class CompareResult(dict):
    """The files of `clustersim compare` as DataFrames, by name without ".csv": effects, summary,
    spending, effects_by_year, did_by_year, participation, flows_by_year, ranking, and with mixes
    mix_differences. With mixes the per-mix tables are those of every mix one after another, with
    a first column `mix`; `mixes` holds each mix's own tables. `dir` is the output directory and
    `manifest` its manifest.json."""

    def __init__(self, directory, tables, mixes=None, manifest=None):
        super().__init__(tables)
        self.dir = Path(directory)
        self.mixes = mixes or {}
        self.manifest = manifest

    def __repr__(self):
        return f"<clustersim.CompareResult in {str(self.dir)!r}: {', '.join(self)}>"


_COMPARE_FILES = ["effects", "summary", "spending", "effects_by_year", "did_by_year", "participation",
                  "flows_by_year"]


def _compare_tables(directory):
    return {name: read_csv(directory / f"{name}.csv") for name in _COMPARE_FILES
            if (directory / f"{name}.csv").exists()}


def compare(config, mixes=(), reps=20, steps=None, set=None, threads=0, out=None, discount=0.08, force=False):
    """Runs `clustersim compare CONFIG [--mix M ...] --reps R [--steps N] [--set K=V ...]
    --threads T --discount D --out OUT --quiet`: the scenario with its programme (or each mix on top
    of it) against the baseline, `reps` replications with common random numbers. The files go to
    `out` (a fresh temporary directory when None; kept, and named by the result's `dir`) and come
    back as DataFrames (see CompareResult). Raises ConfigError with the command line's message for
    a bad file, key or value; `force` as --force reuses a non-empty `out`. The GIL is released
    while the runs go."""
    directory = _out_dir(out, "compare")
    directory.mkdir(parents=True, exist_ok=True)
    mixes = [str(m) for m in ([mixes] if isinstance(mixes, (str, Path)) else mixes)]
    sets = _sets(set)
    argv = ["clustersim", "compare", str(config)]
    for m in mixes:
        argv += ["--mix", m]
    argv += ["--reps", str(reps)]
    if steps is not None:
        argv += ["--steps", str(steps)]
    for s in sets:
        argv += ["--set", s]
    argv += ["--threads", str(threads), "--discount", _text(float(discount)), "--out", str(directory), "--quiet"]
    if force:
        argv.append("--force")
    rc = _core.compare(str(config), mixes, int(reps), steps, sets, int(threads), str(directory), float(discount),
                       bool(force), argv)
    if rc != 0:
        raise RuntimeError(f"clustersim compare stopped with exit code {rc}; see {directory}")
    tables, per_mix = {}, {}
    if mixes:
        manifest = _manifest(directory / "manifest.json")
        for m in manifest["mixes"]:
            per_mix[m["name"]] = _compare_tables(directory / m["name"])
        for name in _COMPARE_FILES:
            frames = [t[name].assign(mix=mix) for mix, t in per_mix.items() if name in t]
            if frames:
                df = pd.concat(frames, ignore_index=True)
                tables[name] = df[["mix"] + [c for c in df.columns if c != "mix"]]
    else:
        manifest = _manifest(directory / "manifest.json") if (directory / "manifest.json").exists() else None
        tables.update(_compare_tables(directory))
    for name in ["ranking", "mix_differences"]:
        if (directory / f"{name}.csv").exists():
            tables[name] = read_csv(directory / f"{name}.csv")
    return CompareResult(directory, tables, per_mix, manifest)


class SweepResult(dict):
    """The files of `clustersim sweep` as DataFrames: runs, summary and, for morris and sobol
    designs, sensitivity. `timeseries()` reads the long timeseries.csv (it can be large); `dir` is
    the output directory and `manifest` its manifest.json."""

    def __init__(self, directory, tables, manifest):
        super().__init__(tables)
        self.dir = Path(directory)
        self.manifest = manifest

    def timeseries(self):
        return read_csv(self.dir / "timeseries.csv")

    def __repr__(self):
        return f"<clustersim.SweepResult in {str(self.dir)!r}: {', '.join(self)}>"


def sweep(experiment, out=None, jobs=0, resume=False, force=False, keep_parts=False):
    """Runs `clustersim sweep EXPERIMENT --out OUT --jobs J [--resume] [--force] [--keep-parts]
    --quiet`: the experiment's design, runs in parallel. The files go to `out` (a fresh temporary
    directory when None; kept, and named by the result's `dir`) and come back as DataFrames (see
    SweepResult). Raises ConfigError with the command line's message for a bad experiment file.
    The GIL is released while the runs go."""
    directory = _out_dir(out, "sweep")
    argv = ["clustersim", "sweep", str(experiment), "--out", str(directory), "--jobs", str(jobs)]
    argv += [flag for flag, on in [("--resume", resume), ("--force", force), ("--keep-parts", keep_parts)] if on]
    argv.append("--quiet")
    rc = _core.sweep(str(experiment), str(directory), int(jobs), bool(resume), bool(force), bool(keep_parts), argv)
    if rc != 0:
        raise RuntimeError(f"clustersim sweep stopped with exit code {rc}; see {directory}")
    tables = {name: read_csv(directory / f"{name}.csv") for name in ["runs", "summary", "sensitivity"]
              if (directory / f"{name}.csv").exists()}
    return SweepResult(directory, tables, _manifest(directory / "manifest.json"))
