"""The `sefkit` command: listing scenarios, exporting, and plain errors."""

import subprocess
import sys

import pandas as pd

from sefkit import cli, scenarios, simulate


def test_scenarios_lists_every_name_with_its_description(capsys):
    assert cli.main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for row in scenarios().itertuples():
        assert row.name in out and row.description in out


def test_export_writes_the_simulated_tables(tmp_path, capsys):
    assert cli.main(["export", "northwind", str(tmp_path / "nw"), "--seed", "3"]) == 0
    assert "wrote 10 tables of northwind (seed 3)" in capsys.readouterr().out
    reps = pd.read_csv(tmp_path / "nw" / "reps.csv")
    assert reps["rep_id"].tolist() == simulate("northwind", seed=3).reps["rep_id"].tolist()


def test_unknown_scenario_is_one_plain_line_and_nothing_written(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sefkit.cli", "export", "nowind", str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown scenario 'nowind'; valid scenarios: northwind" in result.stderr
    assert not (tmp_path / "out").exists()


def test_existing_folder_error_keeps_its_contents(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert cli.main(["export", "northwind", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
