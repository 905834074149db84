"""The Python package against the command line: same numbers, same errors (docs/python.md).

Run by ctest (test python_package), which sets PYTHONPATH to build/python and CLUSTERSIM_BIN to
the command-line program.
"""
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clustersim

SOURCE = Path(os.environ.get("CLUSTERSIM_SOURCE", Path(__file__).resolve().parents[2]))
BIN = os.environ.get("CLUSTERSIM_BIN", str(SOURCE / "build" / "bin" / "clustersim"))
SCENARIO = str(SOURCE / "configs" / "default.toml")
SETS = {"cluster[0].firms": 300, "run.steps": 24}


def cli_run(tmp_path, *args):
    out = tmp_path / "cli"
    cmd = [BIN, "run", SCENARIO, "--out", str(out), "-q", "--set", "cluster[0].firms=300", *args]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def python_run():
    sim = clustersim.Simulation(clustersim.load(SCENARIO, set=SETS), seed=7, threads=2)
    sim.run(24)
    return sim


def same_column(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "fc" or b.dtype.kind in "fc":
        return np.array_equal(a.astype(float), b.astype(float), equal_nan=True)
    return np.array_equal(a.astype(str), b.astype(str))


def test_indicators_are_the_command_lines_timeseries(tmp_path, python_run):
    out = cli_run(tmp_path, "--steps", "24", "--seed", "7", "--threads", "1")
    csv = pd.read_csv(out / "timeseries.csv", float_precision="round_trip", keep_default_na=False,
                      na_values=[""])
    py = python_run.indicators()
    assert list(py.columns) == list(csv.columns)
    assert len(py) == len(csv) == 25
    different = [c for c in csv.columns if not same_column(py[c], csv[c])]
    assert different == []


def test_firms_are_the_command_lines_panel(tmp_path, python_run):
    out = cli_run(tmp_path, "--steps", "24", "--seed", "7", "--firm-panel", "24")
    csv = pd.read_csv(out / "firms.csv", float_precision="round_trip", keep_default_na=False)
    csv = csv[csv.step == 24].reset_index(drop=True)
    py = python_run.firms()
    assert list(py.columns) == list(csv.columns)
    assert len(py) == len(csv) > 100
    for c in csv.columns:
        a, b = py[c].to_numpy(), csv[c].to_numpy()
        if a.dtype == np.float32:  # the model's float columns: firms.csv writes the float exactly
            b = b.astype(np.float32)
        assert same_column(a, b), c
    assert set(py.columns) - {"run_id", "step"} == set(clustersim.FIRM_COLUMNS)


def test_step_by_step_equals_one_run_and_threads_do_not_matter():
    sc = clustersim.load(SCENARIO, set=SETS)
    a = clustersim.Simulation(sc, seed=3, threads=1)
    for _ in range(12):
        a.step()
    b = clustersim.Simulation(sc, seed=3, threads=2).run(12)
    pd.testing.assert_frame_equal(a.indicators(), b.indicators(), check_exact=True)
    pd.testing.assert_frame_equal(a.firms(), b.firms(), check_exact=True)
    assert a.step_count == 12


def test_a_bad_key_gives_the_command_lines_error(tmp_path):
    with pytest.raises(clustersim.ConfigError) as e:
        clustersim.load(SCENARIO, set={"market.wagee": 0.2})
    cli = subprocess.run([BIN, "run", SCENARIO, "--out", str(tmp_path / "x"), "-q", "--set", "market.wagee=0.2"],
                         capture_output=True, text=True)
    assert cli.returncode != 0
    message = str(e.value).strip()
    assert "market.wagee" in message and "market.wage" in message  # names the key and suggests one
    assert message.splitlines()[0] in cli.stderr


def test_an_out_of_range_value_and_a_missing_file_are_errors():
    with pytest.raises(clustersim.ConfigError, match="market.wage"):
        clustersim.load(SCENARIO, set={"market.wage": -1})
    with pytest.raises(clustersim.ConfigError, match="nowhere.toml"):
        clustersim.load(SOURCE / "configs" / "nowhere.toml")


def test_scenario_reads_and_changes_parameters():
    sc = clustersim.load(SCENARIO)
    assert sc["cluster[0].firms"] == sc.params["cluster"][0]["firms"]
    other = sc.copy().set({"cluster[0].firms": 250}, market__wage=0.2)
    assert other["cluster[0].firms"] == 250 and other["market.wage"] == 0.2
    assert sc["cluster[0].firms"] != 250  # the copy changed, not the original
    with pytest.raises(KeyError):
        sc["market.nothing"]


def test_run_returns_the_indicators():
    df = clustersim.run(SCENARIO, seed=7, steps=6, set=SETS, threads=2)
    assert list(df.step.unique()) == list(range(7))
    assert (df.firms > 0).all()
