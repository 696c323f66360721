"""A demo cohort of the capstone, graded by `sefkit grade`: each demo trainee works on their own team,
and the cohort report shows the diagnosis by SEF component (each rep under their true constraint).

Five trainees: two personas (the demo's first of each kind: the full answers and the siloed
manager) and the three hostile or broken hand-ins; grading a capstone submission runs the coaching
plan's futures, 5-10 s each.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import personas
import pytest

from sefkit.classroom.grading import autograde, declare, demo
from sefkit.data.team import COMPONENT_LABELS

NAME = "capstone"
ROOT = personas.ROOT
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("capstone_cohort")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    made = demo.build(tmp_path_factory.mktemp("capstone_cohort") / "course", NAME, 5, source=ROOT)
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("SEF_GRADE_WITHOUT_SANDBOX", None)
    result = subprocess.run([sys.executable, "-m", "sefkit.cli", "grade", NAME, "--from", "inbox", "--trainees",
                             "trainees.csv", "--workers", "2", "--no-progress"], cwd=made.course,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"sefkit grade failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    verdicts = {s: {v["grade_id"]: v for v in autograde.verdicts(personas.read_notebook(
        made.course / "autograded" / s / NAME / f"{NAME}.ipynb"))} for s, p in made.personas.items() if p != "cut_off"}
    return made, verdicts


def test_demo_trainees_who_type_their_own_id_work_on_their_own_team(graded):
    made, verdicts = graded
    people = {p.name: p for p in declare.load_personas(ROOT, NAME)}
    own = {s for s, p in made.personas.items() if p in people
           and any(declare.LEARNER_ID in text for text in people[p].answers.values())}
    assert len(own) == 2, made.personas  # the full and the siloed personas both type their own id
    for student, by_item in verdicts.items():
        team = by_item["capstone_team"]
        assert team["points"] == (1.0 if student in own else 0.0), (student, made.personas[student], team["message"])
        if student in own:
            assert student in team["message"]
    full = next(s for s, p in made.personas.items() if p == "full")
    assert all(v["points"] == v["max_points"] for v in verdicts[full].values()), verdicts[full]


def test_the_report_shows_the_diagnosis_by_sef_component(graded):
    made, verdicts = graded
    folder = made.course / "reports" / NAME
    page = (folder / "index.html").read_text()
    assert "<h2 id='by-sef-component'>By SEF component</h2>" in page and "capstone_constraints" in page
    trainees = pd.read_csv(folder / "by_component.csv", index_col="trainee")
    whole = pd.read_csv(folder / "cohort_by_component.csv", index_col="SEF component")
    assessed = {s: v["capstone_constraints"] for s, v in verdicts.items() if v["capstone_constraints"]["components"]}
    full = next(s for s, p in made.personas.items() if p == "full")
    assert full in assessed and set(trainees.dropna(how="all").index) == set(assessed)
    assert (trainees.loc[full].dropna() == 100).all()
    # The cohort's points, per component, are those of the assessed trainees' breakdowns.
    for component, label in COMPONENT_LABELS.items():
        won = sum(v["components"].get(component, [0, 0])[0] for v in assessed.values())
        out_of = sum(v["components"].get(component, [0, 0])[1] for v in assessed.values())
        if out_of:
            assert whole.loc[label, "points won"] == pytest.approx(won, abs=1e-4)
            assert whole.loc[label, "points available"] == pytest.approx(out_of, abs=1e-4)
        else:
            assert label not in whole.index
    assert whole["points available"].sum() == pytest.approx(sum(v["max_points"] for v in assessed.values()))
    assert whole["points won"].sum() == pytest.approx(sum(v["points"] for v in assessed.values()))
