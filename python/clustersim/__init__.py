"""ClusterSim from Python: load a scenario, run it, get its indicators and firms as pandas tables.

    import clustersim
    sc = clustersim.load("configs/morbi_ceramics.toml", set={"cluster[0].firms": 500})
    sim = clustersim.Simulation(sc, seed=7, threads=2)
    sim.run(120)
    sim.indicators()      # the columns and numbers of timeseries.csv
    sim.firms()           # the firm table now (the columns of firms.csv)

The model is the C++ one (clustersim._core): the same scenario and seed give the same numbers as
`clustersim run`, and a bad key or value raises ConfigError with the command line's message.
docs/python.md documents the package.
"""
import tomllib

import pandas as pd

from . import _core

ConfigError = _core.ConfigError
INDICATORS = list(_core.indicator_names)
FIRM_COLUMNS = {name: {"unit": unit, "doc": doc} for name, (unit, doc) in _core.firm_columns.items()}

__all__ = ["ConfigError", "Scenario", "Simulation", "load", "run", "INDICATORS", "FIRM_COLUMNS"]


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
