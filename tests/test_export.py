"""Export of a team's tables: complete folders or nothing."""

import pandas as pd
import pytest

from sefkit import export
from sefkit.data.examples import tiny_team
from sefkit.data.team import SCHEMA


def test_csv_export_writes_every_table_readably(tmp_path):
    team = tiny_team()
    out = export.export_team(team, tmp_path / "tiny")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in SCHEMA)
    opps = pd.read_csv(out / "opportunities.csv")
    assert list(opps.columns) == list(SCHEMA["opportunities"])
    assert opps["amount"].sum() == team.opportunities["amount"].sum()
    assert opps.loc[0, "created"] == "2025-01-06"  # dates as plain ISO days for spreadsheets


def test_parquet_export_round_trips_dtypes(tmp_path):
    team = tiny_team()
    out = export.export_team(team, tmp_path / "tiny", "parquet", with_truth=True)
    back = pd.read_parquet(out / "opportunities.parquet")
    assert back.dtypes.equals(team.opportunities.dtypes)
    assert back.equals(team.opportunities)  # missing outcomes may come back as None or NaN
    assert (out / "truth_rep_skills.parquet").exists()


def test_existing_folder_is_refused_unless_forced(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(ValueError, match="already exists"):
        export.export_team(tiny_team(), target)
    assert (target / "keep.txt").read_text() == "mine"
    export.export_team(tiny_team(), target, force=True)
    assert not (target / "keep.txt").exists() and (target / "reps.csv").exists()


def test_failed_export_leaves_no_half_written_folder(tmp_path, monkeypatch):
    calls = []

    def fail_on_third(self, path, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        path.write_text("x")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail_on_third)
    with pytest.raises(OSError, match="disk full"):
        export.export_team(tiny_team(), tmp_path / "data")
    assert list(tmp_path.iterdir()) == []


def test_failed_forced_export_keeps_the_old_folder(tmp_path, monkeypatch):
    target = export.export_team(tiny_team(), tmp_path / "data")
    before = (target / "opportunities.csv").read_text()

    def fail(self, path, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(OSError):
        export.export_team(tiny_team(), target, force=True)
    assert (target / "opportunities.csv").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_unknown_format_names_the_valid_ones(tmp_path):
    with pytest.raises(ValueError, match="valid formats: csv, parquet"):
        export.export_team(tiny_team(), tmp_path / "x", "xlsx")
    assert not (tmp_path / "x").exists()
