"""The Python package against the command line: same numbers, same errors (docs/python.md).

Run by ctest (test python_package), which sets PYTHONPATH to build/python and CLUSTERSIM_BIN to
the command-line program.
"""
import os
import subprocess
import tempfile
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


# compare and sweep: the command line's own entry points, their files read back as DataFrames.
# A small cluster and a short programme (exit at month 26 of 30), so that they take a moment.
PROGRAMME = """[run]
steps = 30
seed = 21

[programme]
selection_months = 3
appointment_months = 1
diagnostic_months = 2
trust_building_months = 3
action_plan_months = 1
approval_months = 1
implementation_months = 12
evaluation_months = 1
handover_months = 1

[[cluster]]
name = "Test"
firms = 120
"""
TECH = '[[intervention]]\nkind = "tech_upgradation"\nbudget = 40\n'
FAIRS = '[[intervention]]\nkind = "export_promotion"\nbudget = 20\n'


def same_files(a, b, names):
    """The named CSV files of two output directories, byte for byte."""
    for name in names:
        assert (Path(a) / name).read_bytes() == (Path(b) / name).read_bytes(), name


def assert_tables_are_the_files(tables, directory):
    for name, df in tables.items():
        pd.testing.assert_frame_equal(df, clustersim.read_csv(Path(directory) / f"{name}.csv"), check_exact=True)


def test_compare_returns_the_command_lines_files(tmp_path):
    cfg = tmp_path / "prog.toml"
    cfg.write_text(PROGRAMME + "\n" + TECH)
    cli = tmp_path / "cli"
    subprocess.run([BIN, "compare", str(cfg), "--reps", "2", "--threads", "2", "--set", "market.wage=0.16",
                    "--out", str(cli), "-q"], check=True, capture_output=True, text=True)
    res = clustersim.compare(cfg, reps=2, threads=1, set={"market.wage": 0.16}, out=tmp_path / "py")
    assert res.dir == tmp_path / "py"
    assert {"effects", "summary", "spending", "effects_by_year", "ranking"} <= set(res)
    files = [f"{name}.csv" for name in res]
    same_files(cli, res.dir, files)  # the same numbers, whatever the threads
    assert_tables_are_the_files(res, cli)
    assert res.manifest["command_line"][:2] == ["clustersim", "compare"]
    assert (res["effects"].n == 2).all()


def test_compare_of_mixes_has_the_ranking_and_each_mix(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the temporary directory out=None makes
    cfg = tmp_path / "base.toml"
    cfg.write_text(PROGRAMME)
    (tmp_path / "tech.toml").write_text(TECH)
    (tmp_path / "fairs.toml").write_text(FAIRS)
    mixes = [tmp_path / "tech.toml", tmp_path / "fairs.toml"]
    cli = tmp_path / "cli"
    subprocess.run([BIN, "compare", str(cfg), "--mix", str(mixes[0]), "--mix", str(mixes[1]), "--reps", "2",
                    "--steps", "28", "--out", str(cli), "-q"], check=True, capture_output=True, text=True)
    res = clustersim.compare(cfg, mixes=mixes, reps=2, steps=28, threads=2)  # into a temporary directory
    assert res.dir.is_dir() and res.dir.parent == tmp_path and res.dir.name.startswith("clustersim-compare-")
    same_files(cli, res.dir, ["ranking.csv", "mix_differences.csv"])
    assert_tables_are_the_files({k: res[k] for k in ["ranking", "mix_differences"]}, cli)
    assert set(res.mixes) == {"tech", "fairs"}
    for mix, tables in res.mixes.items():
        assert_tables_are_the_files(tables, cli / mix)
    assert list(res["effects"].mix.unique()) == ["tech", "fairs"]
    assert len(res["effects"]) == sum(len(t["effects"]) for t in res.mixes.values())


def test_compare_errors_are_the_command_lines(tmp_path):
    cfg = tmp_path / "prog.toml"
    cfg.write_text(PROGRAMME + "\n" + TECH)
    with pytest.raises(clustersim.ConfigError) as e:
        clustersim.compare(cfg, reps=2, set={"market.wagee": 0.2}, out=tmp_path / "a")
    cli = subprocess.run([BIN, "compare", str(cfg), "--reps", "2", "--set", "market.wagee=0.2", "--out",
                          str(tmp_path / "b"), "-q"], capture_output=True, text=True)
    assert cli.returncode == 2
    assert str(e.value).strip().splitlines()[0] in cli.stderr and "market.wage" in str(e.value)
    with pytest.raises(clustersim.ConfigError, match="nowhere.toml"):
        clustersim.compare(tmp_path / "nowhere.toml", reps=2, out=tmp_path / "c")
    with pytest.raises(ValueError, match="reps"):
        clustersim.compare(cfg, reps=1, out=tmp_path / "d")


EXPERIMENT = """[experiment]
base = "prog.toml"
steps = 12
replications = 2
seed = 5
design = "grid"

[[factor]]
path = "finance.ltv"
values = [0.5, 0.7]

[output]
indicators = ["firms", "credit"]
steps = 6
"""


def test_sweep_returns_the_command_lines_files(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the temporary directory out=None makes
    (tmp_path / "prog.toml").write_text(PROGRAMME)
    exp = tmp_path / "experiment.toml"
    exp.write_text(EXPERIMENT)
    cli = tmp_path / "cli"
    subprocess.run([BIN, "sweep", str(exp), "--jobs", "2", "--out", str(cli), "-q"], check=True,
                   capture_output=True, text=True)
    res = clustersim.sweep(exp, jobs=1)  # into a temporary directory
    assert set(res) == {"runs", "summary"} and res.dir.parent == tmp_path
    same_files(cli, res.dir, ["runs.csv", "summary.csv", "timeseries.csv"])
    assert_tables_are_the_files(res, cli)
    pd.testing.assert_frame_equal(res.timeseries(), clustersim.read_csv(cli / "timeseries.csv"), check_exact=True)
    assert len(res["runs"]) == 4 and list(res["runs"].columns[5:]) == ["finance_ltv", "firms", "credit"]
    assert res.manifest["columns"] == {"finance_ltv": "finance.ltv"}
    again = clustersim.sweep(exp, out=res.dir, resume=True)  # nothing left to run: the same files
    pd.testing.assert_frame_equal(again["runs"], res["runs"], check_exact=True)


def test_sweep_errors_are_the_command_lines(tmp_path):
    (tmp_path / "prog.toml").write_text(PROGRAMME)
    exp = tmp_path / "experiment.toml"
    exp.write_text(EXPERIMENT.replace("finance.ltv", "finance.ltvv"))
    with pytest.raises(clustersim.ConfigError) as e:
        clustersim.sweep(exp, out=tmp_path / "a")
    cli = subprocess.run([BIN, "sweep", str(exp), "--out", str(tmp_path / "b"), "-q"], capture_output=True, text=True)
    assert cli.returncode == 2
    message = str(e.value).strip()
    assert "experiment.toml:9:" in message and "factor[0].path" in message and "finance.ltv" in message
    assert message.splitlines()[0] in cli.stderr
    with pytest.raises(clustersim.ConfigError, match="nowhere.toml"):
        clustersim.sweep(tmp_path / "nowhere.toml", out=tmp_path / "c")
