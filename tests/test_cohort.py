"""`sefkit grade`: a cohort from files to grades, feedback and a report, in parallel and resumably.

One small demo cohort (8 trainees: five of assignment 05's personas and the three
hostile or broken hand-ins) is graded once by the command on two workers and once
by plain `nbgrader autograde` in a copy of the course; most tests read those two.
Others kill a run midway, grade on a local Dask cluster, and walk nbgrader's
exchange end to end (release, fetch, submit, collect, grade, release and fetch
feedback) with a temporary exchange folder.
"""

from __future__ import annotations

import html
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import personas
import pytest

from sefkit.classroom.grading import autograde, declare, demo, intake, pool, report
from sefkit.classroom.grading.answers import plain
from sefkit.data.team import COMPONENT_LABELS

slow = pytest.mark.slow
pytestmark = pytest.mark.xdist_group("cohort")
ROOT = personas.ROOT
NAME = "05_pipeline"
SEFKIT = [sys.executable, "-m", "sefkit.cli"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("SEF_GRADE_WITHOUT_SANDBOX", None)
    return env


def _sefkit(args, cwd, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run([*SEFKIT, *args], cwd=cwd, capture_output=True, text=True, env=_env(), **kw)
    assert result.returncode == 0, f"sefkit {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    return result


def _nbgrader(args, cwd) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, capture_output=True,
                            text=True, env=_env())
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    return result


def _gradebook(course: Path) -> dict[str, dict]:
    """Every trainee's grades and comments as the gradebook holds them."""
    from nbgrader.api import Gradebook

    found = {}
    with pool.quiet_gradebook(), Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.find_assignment(NAME).submissions:
            nb = sub.notebooks[0]
            found[sub.student.id] = {
                "timestamp": sub.timestamp,
                "grades": {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for g in nb.grades},
                "comments": {c.name: c.auto_comment for c in nb.comments},
                "score": sub.score,
            }
    return found


def _verdicts(course: Path, student: str) -> list[dict]:
    nb = personas.read_notebook(course / "autograded" / student / NAME / f"{NAME}.ipynb")
    return autograde.verdicts(nb)


# -- quick ------------------------------------------------------------------------------------


def test_a_roster_without_ids_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("name,email\nAna,ana@example.org\n")
    with pytest.raises(ValueError, match="needs an 'id' column"):
        intake.read_roster(path)
    path.write_text("id,first_name\nana lopez,Ana\n")
    with pytest.raises(ValueError, match="line 2.*not a usable trainee id"):
        intake.read_roster(path)


def test_a_name_that_fits_two_trainees_matches_both():
    people = [intake.Trainee("alee", "Ana", "Lee"), intake.Trainee("blee", "Ben", "Lee"),
              intake.Trainee("t3", "Ana", "Berg")]
    assert [t.id for t in intake.match_name("Lee_05_pipeline.ipynb", people)] == []
    assert [t.id for t in intake.match_name("Ana Lee 05.ipynb", people)] == ["alee"]
    assert {t.id for t in intake.match_name("alee and blee.ipynb", people)} == {"alee", "blee"}


def test_failure_reason_names_nbgraders_own_error():
    log = ("[INFO] Autograding x\n[ERROR] Timeout waiting for execute reply (60s).\n"
           "[ERROR] There was an error processing assignment: /c/submitted/ana/05\n")
    assert pool.failure_reason(log) == "Timeout waiting for execute reply (60s)."
    assert pool.failure_reason("") == "nbgrader gave no reason"


def test_the_demo_mix_has_every_persona_and_more_strong_than_blank():
    people = declare.load_personas(ROOT, NAME)
    names = demo.mix(people, 27)
    assert set(names) == {p.name for p in people}
    kinds = [demo.kind(next(p for p in people if p.name == n)) for n in names]
    assert kinds.count("strong") > kinds.count("blank") and kinds.count("mistake") > kinds.count("blank")


def test_grade_without_an_assignment_or_course_says_what_to_do(tmp_path):
    result = subprocess.run([*SEFKIT, "grade"], cwd=tmp_path, capture_output=True, text=True, env=_env())
    assert result.returncode == 2 and "name the assignment" in result.stderr
    result = subprocess.run([*SEFKIT, "grade", NAME], cwd=tmp_path, capture_output=True, text=True, env=_env())
    assert result.returncode == 2 and "no nbgrader_config.py" in result.stderr


# -- one demo cohort, graded by the command and by nbgrader autograde ----------------------------------


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cohort")
    made = demo.build(tmp / "course", NAME, 8, source=ROOT)
    reference = tmp / "reference"
    shutil.copytree(made.course, reference)
    start = time.perf_counter()
    graded = _sefkit(["grade", NAME, "--from", "inbox", "--trainees", "trainees.csv", "--workers", "2",
                      "--no-progress"], made.course)
    seconds = time.perf_counter() - start
    # The same files, graded one by one by plain nbgrader in a copy of the course.
    shutil.copytree(made.course / "submitted", reference / "submitted")
    _nbgrader(["db", "student", "import", "trainees.csv"], reference)
    _nbgrader(["autograde", NAME], reference)
    return made, reference, graded, seconds


@slow
def test_scores_are_those_of_nbgrader_autograde(cohort):
    made, reference, graded, seconds = cohort
    print(f"\nsefkit grade: 8 submissions in {seconds:.0f} s on 2 workers (this machine is shared)")
    ours, theirs = _gradebook(made.course), _gradebook(reference)
    assert set(ours) == set(theirs) == set(made.personas)
    for student in ours:
        assert ours[student] == theirs[student], student
        assert _verdicts(made.course, student) == _verdicts(reference, student), student


@slow
def test_every_file_is_graded_or_listed(cohort):
    made, _, graded, _ = cohort
    assert "8 submissions to grade, 8 of them copied" in graded.stdout
    assert "8 graded, 0 already graded (kept), 0 failed" in graded.stdout
    for listed in ("final version.ipynb", "notes for the facilitator.txt", "draft Ana Lopez 05_pipeline.ipynb"):
        assert listed in graded.stdout, listed
    page = (made.course / "reports" / NAME / "index.html").read_text()
    assert "final version.ipynb" in page and "a second file for alopez" in page


@slow
def test_each_demo_learner_scores_as_declared(cohort):
    made, _, _, _ = cohort
    people = {p.name: p for p in declare.load_personas(ROOT, NAME)}
    book = _gradebook(made.course)
    for student, who in made.personas.items():
        got = {g: (a if m is None else m) for g, (a, m, _) in book[student]["grades"].items()}
        if who in people:
            points = {g: float(p) for g, p in personas.max_scores(made.course, NAME).items()}
            expected = people[who].expected(points)
            assert {g: (None if s is None else s) for g, s in got.items()} == expected, (student, who)
        else:  # tampered tests, a snooper, a file cut off: no point from any test cell
            assert sum(v or 0 for v in got.values()) == 0, (student, who, got)


@slow
def test_report_reads_the_gradebook_per_component(cohort):
    import pandas as pd

    made, _, _, _ = cohort
    folder = made.course / "reports" / NAME
    components = pd.read_csv(folder / "components.csv", index_col="trainee")
    items = pd.read_csv(folder / "items.csv", index_col="trainee")
    declared = declare.load(ROOT, NAME)
    assert set(components.index) == set(made.personas)
    book = _gradebook(made.course)
    for student in components.index:
        for item in declared.items:
            assert items.loc[student, item.grade_id] == book[student]["grades"][item.grade_id][0]
        integration = [i for i in declared.items if i.integration]
        won = sum(items.loc[student, i.grade_id] for i in integration)
        assert components.loc[student, "integration"] == pytest.approx(100 * won / sum(i.points for i in integration), abs=0.05)
    siloed = next(s for s, p in made.personas.items() if p == "siloed")
    assert components.loc[siloed, "integration"] == 0 and components.loc[siloed, "Pipeline hygiene"] == 100
    # Misconceptions counted from the verdicts each autograded notebook recorded.
    counts = {}
    for student in made.personas:
        for v in _verdicts(made.course, student):
            if v["misconception"] is not None:
                message = declared.item(v["grade_id"]).misconceptions[v["misconception"]].message
                counts[(v["grade_id"], message)] = counts.get((v["grade_id"], message), 0) + 1
    table = pd.read_csv(folder / "misconceptions.csv")
    assert {(r.item, r.message): r.trainees for r in table.itertuples()} == counts
    assert counts, "the demo cohort should make at least one known mistake"
    page = (folder / "index.html").read_text()
    assert "data:image/png;base64," in page and "<script" not in page and "http" not in page
    for student in made.personas:  # each trainee links to their own feedback, which exists
        link = f"../../feedback/{student}/{NAME}/{NAME}.html"
        assert f'href="{link}"' in page and (folder / link).is_file(), student
    top = table.iloc[0]
    assert f"<b>{top.trainees} of {top.answered}</b>" in page and html.escape(top.message) in page
    # The page speaks to the facilitator: items by their components' names, not ids, and the
    # note on a file that is not a notebook says what happened rather than what to do next.
    read = report.cohort(made.course, NAME)
    names = {*COMPONENT_LABELS.values(), report.INTEGRATION, report.WRITTEN}
    assert all(set(kind.split(", ")) <= names for kind in read.missed["kind"]), read.missed["kind"].unique()
    cut_off = next(s for s, p in made.personas.items() if p == "cut_off")
    assert read.notes[cut_off][0].startswith(f"{NAME}.ipynb could not be read as a notebook (")
    assert "ask your facilitator" not in read.notes[cut_off][0]


@slow
def test_feedback_never_shows_hidden_tests_or_answer_keys(cohort):
    made, _, _, _ = cohort
    declared = declare.load(ROOT, NAME)
    ctx = declared.context("feedback")
    values = {plain(i.key(ctx)) for i in declared.items}
    values |= {plain(m.answer(ctx) if callable(m.answer) else m.answer) for i in declared.items for m in i.misconceptions}
    release = personas.read_notebook(made.course / "exercises" / NAME / f"{NAME}.ipynb")
    secrets = personas.secret_forms(values, nbformat.writes(release)) | personas.key_code(
        ROOT / "solutions" / NAME / declare.KEY_FILE)
    markers = ("BEGIN HIDDEN TEST", "END HIDDEN TEST", "BEGIN SOLUTION", "MARK SCHEME", "answer_key",
               "sefkit.classroom.grading.answers")
    files = sorted((made.course / "feedback").rglob("*.html"))
    assert len(files) == len(made.personas)
    for path in files:
        text = html.unescape(path.read_text())
        student = path.parts[-3]
        own = nbformat.writes(personas.read_notebook(made.course / "submitted" / student / NAME / f"{NAME}.ipynb")) \
            if made.personas[student] != "cut_off" else ""
        assert not [m for m in markers if m in text and m not in own], path
        shown = [s for s in secrets if s in text and s not in own]
        assert not shown, f"{student}'s feedback shows {shown[:5]}"


@slow
def test_a_second_run_grades_nothing_again_and_shows_manual_grades(cohort):
    from nbgrader.api import Gradebook

    made, _, _, _ = cohort
    course = made.course
    before = {p: p.stat().st_mtime_ns for p in (course / "autograded").rglob("*.ipynb")}
    strong = next(s for s, p in made.personas.items() if p == "full")
    with pool.quiet_gradebook(), Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("pipeline_reflection", NAME, NAME, strong)
        grade.manual_score = 2.0
        gb.db.commit()
    again = _sefkit(["grade", NAME, "--no-progress"], course)
    assert "0 graded, 8 already graded (kept), 0 failed" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in (course / "autograded").rglob("*.ipynb")} == before
    import pandas as pd

    components = pd.read_csv(course / "reports" / NAME / "components.csv", index_col="trainee")
    assert components.loc[strong, "written (graded by hand)"] == pytest.approx(100 * 2 / 3, abs=0.05)
    assert f'{strong}</a></th><td>15 of 16</td>' in (course / "reports" / NAME / "index.html").read_text()
    feedback = html.unescape((course / "feedback" / strong / NAME / f"{NAME}.html").read_text())
    assert "15 / 16" in feedback.replace(".0", "")


@slow
def test_a_submission_that_breaks_its_grading_is_reported_and_stops_no_one(cohort):
    """A kernel that kills itself: nbgrader gives up on that notebook; the run says why and goes on."""
    made, _, _, _ = cohort
    course = made.course
    release = personas.read_notebook(course / "exercises" / NAME / f"{NAME}.ipynb")
    first = declare.load(ROOT, NAME).items[0]
    folder = course / "submitted" / "zexit" / NAME
    folder.mkdir(parents=True)
    nbformat.write(personas.submission(release, {first.answer_cell: "import os\nos._exit(0)"}),
                   str(folder / f"{NAME}.ipynb"))
    (folder / "timestamp.txt").write_text("2025-01-06 09:00:00.000000 UTC")
    ran = _sefkit(["grade", NAME, "--no-progress", "--no-feedback"], course)
    assert "0 graded, 8 already graded (kept), 1 failed" in ran.stdout
    assert "failed: zexit: " in ran.stdout and "Kernel died" in ran.stdout, ran.stdout
    assert "zexit" in (course / "reports" / NAME / "index.html").read_text()
    again = _sefkit(["grade", NAME, "--no-progress", "--no-feedback"], course)  # not tried again
    assert "0 graded, 8 already graded (kept), 1 failed" in again.stdout and "failed in an earlier run" in again.stdout


# -- killed midway, started again ---------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with open(task / "children") as f:
            found |= {int(x) for x in f.read().split()}
    return found | {g for c in list(found) for g in _children(c)} if found else found


@slow
def test_a_run_killed_midway_loses_no_grade_and_grades_nothing_twice(tmp_path):
    made = demo.build(tmp_path / "course", NAME, 5, source=ROOT)
    course = made.course
    archive = shutil.make_archive(str(tmp_path / "inbox"), "zip", made.inbox)  # as an LMS download comes
    found = intake.from_files(course, NAME, archive, intake.roster(course, made.trainees_csv))
    assert sorted(found.copied) == sorted(made.personas) and len(found.set_aside) == 3
    run = subprocess.Popen([*SEFKIT, "grade", NAME, "--workers", "1", "--no-progress", "--no-feedback"],
                           cwd=course, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 600
    graded = course / "autograded"
    while time.time() < deadline and len(list(graded.glob(f"*/{NAME}"))) < 2 and run.poll() is None:
        time.sleep(0.2)
    assert run.poll() is None, "the run ended before it could be killed: " + run.stderr.read()[-2000:]
    helpers = _children(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    kept = {p.parent.parent.name: p.stat().st_mtime_ns for p in graded.glob(f"*/{NAME}/{NAME}.ipynb")}
    assert 2 <= len(kept) < 5
    time.sleep(2)
    alive = [p for p in helpers if Path(f"/proc/{p}").exists()
             and Path(f"/proc/{p}/stat").read_text().split()[2] != "Z"]
    assert not alive, f"grading processes outlived the killed run: {alive}"
    con = sqlite3.connect(course / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    again = _sefkit(["grade", NAME, "--workers", "2", "--no-progress", "--no-feedback"], course)
    assert f"{5 - len(kept)} graded, {len(kept)} already graded (kept), 0 failed" in again.stdout
    after = {p.parent.parent.name: p.stat().st_mtime_ns for p in graded.glob(f"*/{NAME}/{NAME}.ipynb")}
    assert set(after) == set(made.personas)
    assert {s: after[s] for s in kept} == kept, "a trainee graded before the kill was graded again"
    book = _gradebook(course)
    for student in made.personas:  # every grade in, nothing half-recorded
        verdicts = {v["grade_id"]: v["points"] for v in _verdicts(course, student)}
        assert {g: a for g, (a, _, _) in book[student]["grades"].items() if g in verdicts} == verdicts
    assert not list((course / pool.STATE_DIR / NAME).glob("run-*"))
    # The same cohort again on a local Dask cluster (two worker processes on 127.0.0.1): same grades.
    pytest.importorskip("distributed")
    dask_pool = pool.DaskPool(None, workers=2)
    try:
        redone = pool.grade_cohort(course, NAME, sorted(made.personas)[:2], pool=dask_pool, regrade=True,
                                   progress=False)
    finally:
        dask_pool.close()
    assert redone.executor == "dask" and sorted(redone.graded) == sorted(made.personas)[:2]
    assert _gradebook(course) == book


# -- JupyterHub: nbgrader's exchange end to end --------------------------------------------------


@slow
def test_the_exchange_end_to_end(tmp_path):
    made = demo.build(tmp_path / "course", NAME, 3, source=ROOT)
    course, exchange, home = made.course, tmp_path / "exchange", tmp_path / "trainee"
    exchange.mkdir(mode=0o777)
    exchange.chmod(0o777)
    home.mkdir()
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    ex = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=sef-course"]
    _nbgrader(["release_assignment", NAME], course)
    _nbgrader(["fetch_assignment", NAME, *ex], home)
    fetched = home / NAME / f"{NAME}.ipynb"
    source = personas.read_notebook(course / "solutions" / NAME / f"{NAME}.ipynb")
    release = personas.read_notebook(fetched)
    full = next(p for p in declare.load_personas(ROOT, NAME) if p.name == "full")
    declared = declare.load(ROOT, NAME)
    nbformat.write(personas.submission(release, personas.persona_answers(full, declared, source, release)), str(fetched))
    _nbgrader(["submit", NAME, *ex], home)
    graded = _sefkit(["grade", NAME, "--collect", "--no-progress"], course)
    student = os.environ.get("USER") or __import__("getpass").getuser()
    assert "1 graded" in graded.stdout
    book = _gradebook(course)
    assert list(book) == [student] and book[student]["score"] == sum(declared.points.values())
    _nbgrader(["release_feedback", NAME], course)
    _nbgrader(["fetch_feedback", NAME, *ex], home)
    files = list((home / NAME / "feedback").rglob(f"{NAME}.html"))
    assert len(files) == 1 and "pipeline_coverage: right" in html.unescape(files[0].read_text())
