"""The capstone's teams: each trainee's own team, built from their trainee id and the course's secret.

docs/ASSIGNMENT_CAPSTONE.md explains the design. Two sides:

**The facilitator's and the grader's side** (the course folder, never the learner's kernel):

* :func:`trainee_seed` turns an id into a seed: a hash of the id and the course's
  secret (:func:`course_secret`), so the same id gives the same seed on any machine
  of that course, and a trainee who does not know the secret cannot compute it;
* :func:`team_mix` draws, from the seed, the scenario (the ecosystem issue of
  lesson 9) and a team-wide weakness on top, or none;
* :func:`trainee_team` simulates the team as it stands on the morning of
  :data:`DECISION_QUARTER`: :data:`HISTORY_QUARTERS` quarters of history, hidden
  truth included (the answer key grades against it);
* :func:`write_teams` writes each trainee's *observable* team (:func:`observable`:
  the CRM's tables, no truth, no seed) into the release folder, and autograding
  writes the submitting trainee's own file next to their notebook.

**The trainee's side** (the notebook): :func:`my_team` reads their team's file, so
their kernel never has the simulation that made it, nor its truth, nor its seed.
A course without a secret (self-study, Binder, the project's tests) is in *practice*
mode: every id's team comes from a public salt, and :func:`my_team` simulates it on
the spot and keeps only its observable tables.

* :func:`next_quota` and :func:`coverage_today` give what the CRM shows that
  morning about the quarter ahead: each rep's quota and the pipeline due in it.

>>> trainee_seed("Ana.Lopez ") == trainee_seed("ana.lopez")
True
>>> trainee_seed("ana.lopez", secret="s3cret") != trainee_seed("ana.lopez")
True
>>> team_mix(trainee_seed("ana.lopez")) == team_mix(trainee_seed("ANA.LOPEZ"))
True
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import runpy
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

#: Quarters of history the trainee has: the morning of the next one is the decision day.
HISTORY_QUARTERS = 6
#: The quarter the trainee plans for (the first after the history).
DECISION_QUARTER = "2026Q3"
#: The trainee's manager id, their minutes of coaching a week, and the reference plans' minutes a rep.
MANAGER, BUDGET, MINUTES = "M01", 480.0, 60.0
#: The ecosystem issues of lesson 9 a team may have (shipped scenario names).
ECOSYSTEM = ("product_gap", "marketing_surge")
#: A team-wide weakness on top of the ecosystem issue: name -> scenario parameters (None: no weakness).
WEAKNESS = {
    "none": {},
    "weak hygiene": {"skills": {"mean": {"hygiene": 0.3}}},
    "optimistic forecasters": {"skills": {"mean": {"forecasting": 0.3}}, "forecast": {"optimism": 0.2}},
}
#: Changes every seed when the design of the teams changes (old submissions then say so).
_SALT = "sef-capstone/1:"
#: The folder, beside the notebook, that holds the trainees' team files (:func:`team_file`).
TEAMS_FOLDER = "teams"
#: The variable that may name a shared folder of team files (a JupyterHub's read-only shared folder).
TEAMS_VARIABLE = "SEFKIT_TEAMS_DIR"
#: Where a course keeps its capstone secret (relative to the course folder), and the variable that may give it.
SECRET_FILE, SECRET_VARIABLE = Path(".sefkit") / "capstone-secret", "SEFKIT_CAPSTONE_SECRET"
#: The format of a team file; a file of another format is refused with what to do.
_FILE_FORMAT = "sef-capstone-team/1"


def normal_id(trainee_id) -> str:
    """The id as grading compares it: text, surrounding spaces removed, lower case.

    >>> normal_id("  Ana.Lopez")
    'ana.lopez'
    >>> normal_id("")
    Traceback (most recent call last):
    ...
    ValueError: the trainee id is empty: type your trainee id in quotes, such as trainee_id = "ana.lopez"
    """
    if not isinstance(trainee_id, str):
        raise ValueError(f"the trainee id should be text in quotes, such as \"ana.lopez\"; got {trainee_id!r}")
    found = trainee_id.strip().lower()
    if not found:
        raise ValueError('the trainee id is empty: type your trainee id in quotes, such as trainee_id = "ana.lopez"')
    return found


def trainee_seed(trainee_id: str, secret: str | None = None) -> int:
    """The seed of a trainee's team: a hash of the course's secret and their id, a whole number below 2**31.

    ``secret`` None is practice mode: the public salt alone, the same on every machine.

    >>> trainee_seed("ana.lopez") == trainee_seed("ana.lopez"), 0 <= trainee_seed("ben") < 2**31
    (True, True)
    """
    salt = _SALT if not secret else f"{_SALT}{secret}:"
    digest = hashlib.sha256((salt + normal_id(trainee_id)).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 2**31


def course_secret(course_dir=".") -> str | None:
    """The course's capstone secret: the variable :data:`SECRET_VARIABLE`, else the course's
    :data:`SECRET_FILE`, else None (practice mode).

    Only the facilitator's course folder has the file (:func:`write_teams` makes it); the
    learner's kernel, sandboxed away from the course folder, cannot read it.
    """
    found = os.environ.get(SECRET_VARIABLE, "").strip()
    path = Path(course_dir) / SECRET_FILE
    if not found and path.is_file():
        found = path.read_text(encoding="utf-8").strip()
    return found or None


def team_mix(seed: int) -> dict:
    """The scenario and the team-wide weakness of the team with this seed.

    Returns ``{"scenario": ..., "weakness": ..., "overrides": {...}}``: the shipped
    scenario (:data:`ECOSYSTEM`), the weakness's name (:data:`WEAKNESS`) and the
    scenario parameters it sets.

    >>> sorted(team_mix(7))
    ['overrides', 'scenario', 'weakness']
    >>> team_mix(7)["scenario"] in ECOSYSTEM
    True
    """
    rng = np.random.default_rng([seed, 16])
    scenario = ECOSYSTEM[int(rng.integers(len(ECOSYSTEM)))]
    weakness = list(WEAKNESS)[int(rng.integers(len(WEAKNESS)))]
    return {"scenario": scenario, "weakness": weakness, "overrides": WEAKNESS[weakness]}


def trainee_team(trainee_id: str, *, secret: str | None = None, quarters: int = HISTORY_QUARTERS,
                 detail: str = "full"):
    """The trainee's team on the morning of :data:`DECISION_QUARTER` (``quarters`` of history), simulated.

    The whole simulation, hidden truth included: for the answer key and the
    facilitator (``secret``: the course's, :func:`course_secret`; None: practice
    mode). A longer run (``quarters=7``) is the same team one quarter later: its
    first six quarters are this team's (tests/test_capstone.py checks it).
    """
    from ..engine.simulation import simulate

    seed = trainee_seed(trainee_id, secret)
    mix = team_mix(seed)
    return simulate(mix["scenario"], seed=seed, quarters=quarters, detail=detail, **mix["overrides"])


def observable(team):
    """The team as its CRM shows it: its tables only, without the hidden truth, seed or scenario.

    What a trainee's kernel gets (:func:`my_team`). The scenario becomes "capstone"
    and the parameters only the quota rule (:func:`next_quota` needs it): the
    scenario's name and its skill parameters would name the team's problems.

    >>> from sefkit import simulate
    >>> seen = observable(simulate("northwind", seed=0, quarters=1))
    >>> seen.scenario, seen.seed, seen.truth.rep_skills.empty, sorted(seen.params)
    ('capstone', None, True, ['quota'])
    """
    from ..data.team import Team

    return Team.build(**{name: df.copy() for name, df in team.tables().items()}, scenario="capstone",
                      params={"quota": dict(team.params["quota"])})


def team_file(trainee_id: str) -> Path:
    """Where a trainee's team file sits, relative to the notebook's folder.

    >>> team_file(" Ana.Lopez").as_posix()
    'teams/ana.lopez.sefteam'
    """
    name = normal_id(trainee_id)
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"the trainee id {trainee_id!r} cannot name a file: an id has no slashes and does not start with a dot")
    return Path(TEAMS_FOLDER) / f"{name}.sefteam"


def team_bytes(team, trainee_id: str) -> bytes:
    """A team file's contents: the :func:`observable` team of ``trainee_id``, compressed (about 0.3 MB)."""
    seen = observable(team)
    payload = {"format": _FILE_FORMAT, "trainee": normal_id(trainee_id), "params": seen.params,
               "tables": seen.tables()}
    return gzip.compress(pickle.dumps(payload, protocol=4), mtime=0)


def read_team(path, trainee_id: str):
    """The team in a team file, checked to be a team file of ``trainee_id``.

    Raises:
        ValueError: the file is not a capstone team file, is of another format, or
            belongs to another trainee, with what to do.
    """
    from ..data.team import Team

    path = Path(path)
    try:
        payload = pickle.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, pickle.UnpicklingError, gzip.BadGzipFile, ValueError, TypeError) as err:
        raise ValueError(f"{path} is not a capstone team file ({err}): ask your facilitator for your team file") from None
    if not isinstance(payload, dict) or payload.get("format") != _FILE_FORMAT:
        raise ValueError(f"{path} is a team file of another version of the course: ask your facilitator for a new one")
    if payload.get("trainee") != normal_id(trainee_id):
        raise ValueError(f"{path} is the team of trainee {payload.get('trainee')!r}, not {normal_id(trainee_id)!r}")
    return Team.build(**payload["tables"], scenario="capstone", params=payload["params"])


def my_team(trainee_id: str, folder="."):
    """The trainee's team, as the notebook uses it: observable tables only.

    Looks for the trainee's team file, in this order: ``teams/<id>.sefteam`` in
    ``folder`` (the notebook's; when grading, the grader has put the submitter's file
    there, and a ``teams`` folder is then the only place looked at); ``<id>.sefteam``
    in ``folder`` (a file the facilitator sent); the folder :data:`TEAMS_VARIABLE`
    names (a hub's shared folder). Without any of them (practice mode) it simulates
    the practice team of ``trainee_id`` here and keeps its observable tables, saying so.

    Raises:
        ValueError: a ``teams`` folder or shared folder without this id's file (a
            typing slip, or a trainee the facilitator has made no team for), with what to do.
    """
    name = team_file(trainee_id)
    beside, shared = Path(folder) / name, os.environ.get(TEAMS_VARIABLE, "").strip()
    if beside.parent.is_dir() or shared:
        found = beside if beside.parent.is_dir() else Path(shared) / name.name
        if not found.is_file():
            raise ValueError(f"there is no team for trainee {normal_id(trainee_id)!r} in {found.parent}: check "
                             "trainee_id (your id exactly as your facilitator gave it), or ask your facilitator")
        return read_team(found, trainee_id)
    if (Path(folder) / name.name).is_file():
        return read_team(Path(folder) / name.name, trainee_id)
    print(f"Practice mode: no team file for {normal_id(trainee_id)!r} here, so this is the practice team of that id, "
          "simulated on this machine (a course's graded teams come from its facilitator).")
    return observable(trainee_team(trainee_id))


def write_teams(course_dir, trainee_ids, folder) -> list[Path]:
    """Write every trainee's team file into ``folder``; make the course's secret if it has none.

    The secret (:data:`SECRET_FILE` in the course folder, readable by its owner
    only) is created on first use and kept: the same trainees get the same teams
    whenever the files are written again. Returns the files written. Ids are
    checked before anything is written.
    """
    ids = sorted({normal_id(t) for t in trainee_ids})
    if not ids:
        raise ValueError("no trainee ids: give a roster with an 'id' column and at least one trainee")
    files = {t: Path(folder) / team_file(t).name for t in ids}
    secret = course_secret(course_dir)
    if secret is None:
        path = Path(course_dir) / SECRET_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(16) + "\n", encoding="utf-8")
        secret = course_secret(course_dir)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for trainee, path in files.items():
        staging = path.with_name(f".{path.name}.tmp")
        staging.write_bytes(team_bytes(trainee_team(trainee, secret=secret), trainee))
        staging.replace(path)
    return list(files.values())


def add_command(commands) -> None:
    """Register ``sefkit capstone-teams`` with the ``sefkit`` command line."""
    parser = commands.add_parser(
        "capstone-teams", help="write each trainee's capstone team file (from a roster), for the trainees to open",
        description="Write each trainee's own capstone team (observable data only, made with the course's "
                    "secret, which is created on first use in .sefkit/) as teams/<id>.sefteam files. Give "
                    "each trainee their file (beside their notebook, in a folder named teams), or point "
                    f"{TEAMS_VARIABLE} at a folder every trainee can read (a hub's shared folder).")
    parser.add_argument("--trainees", required=True, help="the roster CSV (an 'id' column, as nbgrader's)")
    parser.add_argument("--out", default="capstone-teams", help="the folder to write (default: capstone-teams)")
    parser.add_argument("--course-dir", default=".", help="the course folder (default: the current folder)")
    parser.add_argument("--sheets", action="store_true",
                        help=f"also write the facilitator's answer sheets of these trainees to {SHEETS_FILE} "
                             "(beside the secret: never give it out)")
    parser.set_defaults(run=_run)


#: Where ``sefkit capstone-teams --sheets`` writes the answer sheets (beside the secret, in the course folder).
SHEETS_FILE = SECRET_FILE.parent / "capstone-answer-sheets.md"


def write_sheets(course_dir, trainee_ids) -> Path:
    """The facilitator's answer sheets of these trainees, one file (:data:`SHEETS_FILE`, owner-only).

    Each is the course's own answer key's ``answer_sheet`` (solutions/capstone/answer_key.py)
    without the reference plans' futures (that script prints them: ``--help``).
    """
    from .grading.declare import KEY_FILE
    from .layout import of

    where = of(course_dir)
    key = runpy.run_path(str(where.source_path / "capstone" / KEY_FILE), run_name="sefkit_capstone_sheets")
    sheets = [key["answer_sheet"](t, plans=False) for t in sorted({normal_id(t) for t in trainee_ids})]
    path = where.root / SHEETS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text("\n\n".join(sheets) + "\n", encoding="utf-8")
    return path


def _run(args) -> int:
    from .grading.intake import read_roster
    from .layout import of

    course = of(args.course_dir).root
    ids = [t.id for t in read_roster(args.trainees)]
    written = write_teams(course, ids, Path(args.out))
    size = sum(p.stat().st_size for p in written) / 2**20
    print(f"wrote {len(written)} team files ({size:.1f} MiB) to {args.out}/, made with the secret in "
          f"{course / SECRET_FILE}: keep that file, and never give it to trainees")
    if args.sheets:
        print(f"wrote the answer sheets of {len(ids)} trainees to {write_sheets(course, ids)} (for you only)")
    return 0


def next_quota(team) -> float:
    """Each rep's quota for the quarter after the team's last: the scenario's quota rule one quarter on.

    The same rule as the engine's (``quota.per_rep`` grown by ``quota.growth_per_quarter``
    a quarter, rounded to 100), so it is the quota the quarter's attainment is measured
    against (tests/test_capstone.py checks it against a run one quarter longer).

    >>> from sefkit import simulate
    >>> next_quota(simulate("northwind", seed=0, quarters=2))   # 170,000 grown 2 % twice
    176900.0
    """
    rule = team.params["quota"]
    return float(round(rule["per_rep"] * (1 + rule["growth_per_quarter"]) ** len(team.quarters), -2))


def coverage_today(team) -> pd.DataFrame:
    """Each rep's coverage of the quarter ahead, as the CRM shows it on the morning of :data:`DECISION_QUARTER`.

    The deals open in the team's last pipeline snapshot (the last quarter's final
    Monday) whose close date falls in the quarter ahead, their money, the quarter's
    quota (:func:`next_quota`) and the coverage (:func:`sefkit.pipeline.coverage_of`):
    what :func:`sefkit.pipeline.coverage` counts on a quarter's first day, from the
    freshest snapshot a manager has that morning.

    Returns:
        One row per rep: ``rep_id``, ``deals_due``, ``pipeline``, ``quota``, ``coverage``.

    >>> from sefkit import simulate
    >>> coverage_today(simulate("northwind", seed=0, quarters=2)).columns.tolist()
    ['rep_id', 'deals_due', 'pipeline', 'quota', 'coverage']
    """
    from ..components import pipeline

    first, start = team.quarter_bounds(team.quarters[-1])  # the quarter ahead starts when the last one ends
    end = start + (start - first)  # and is as long (13 weeks)
    open_deals = pipeline.open_pipeline(team, pipeline.snapshot_span(team)[1])
    due = open_deals[(open_deals["close_date"] >= start) & (open_deals["close_date"] < end)]
    out = (due.groupby("rep_id")["amount"].agg(deals_due="size", pipeline="sum")
           .reindex(team.rep_ids, fill_value=0).rename_axis("rep_id").reset_index())
    out["deals_due"] = out["deals_due"].astype("int64")
    out["pipeline"] = out["pipeline"].astype("float64")
    out["quota"] = next_quota(team)
    out["coverage"] = pipeline.coverage_of(out["pipeline"], out["quota"])
    return out


def my_reps(team) -> list[str]:
    """The reps who report to :data:`MANAGER` (the trainee), from the reps table."""
    return list(team.reps.loc[team.reps["manager_id"] == MANAGER, "rep_id"])
