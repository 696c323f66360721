"""Write a team's tables to a folder of CSV or Parquet files.

A manager can open the CSV files in a spreadsheet. The folder appears complete
or not at all: files are written into a hidden temporary folder beside the
target, which is renamed into place only when every table has been written.

>>> import tempfile, pathlib
>>> from sefkit.data.examples import tiny_team
>>> out = pathlib.Path(tempfile.mkdtemp()) / "tiny"
>>> sorted(p.name for p in export_team(tiny_team(), out).iterdir())[:3]
['accounts.csv', 'activities.csv', 'calls.csv']
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .team import Team

FORMATS = ("csv", "parquet")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ValueError(
                "the parquet format needs the pyarrow package; install it (pip install pyarrow) "
                "or use --format csv"
            ) from None


def _tables(team: Team, with_truth: bool) -> dict:
    tables = dict(team.tables())
    if with_truth:
        for name in ("rep_skills", "rep_time", "deals"):
            tables[f"truth_{name}"] = getattr(team.truth, name)
    return tables


def export_team(team: Team, folder, fmt: str = "csv", *, with_truth: bool = False, force: bool = False) -> Path:
    """Write every table of ``team`` as ``<table>.<fmt>`` into ``folder``; return the folder.

    Args:
        team: the team to write.
        folder: the folder to create. It must not exist yet unless ``force`` is set,
            in which case it is replaced only after the new export is complete.
        fmt: ``"csv"`` (opens in a spreadsheet) or ``"parquet"`` (keeps dtypes).
        with_truth: also write the hidden truth tables (``truth_*``), for facilitators.
    """
    _check_format(fmt)
    target = Path(folder)
    if target.exists() and not force:
        raise ValueError(f"{target} already exists; choose a new folder or pass --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, df in _tables(team, with_truth).items():
            path = staging / f"{name}.{fmt}"
            if fmt == "csv":
                df.to_csv(path, index=False, date_format="%Y-%m-%d")
            else:
                df.to_parquet(path, index=False)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if target.exists():  # replace: swap the old folder out only once the new one is complete
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)
    return target
