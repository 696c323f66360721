"""Every assignment's learner personas, graded by the real nbgrader pipeline.

An assignment declares its items in ``solutions/<name>/answer_key.py`` and its
personas, with the score each must get, in ``solutions/<name>/personas.py``.
This file finds every such assignment; adding one adds no test code. Per
assignment: the declaration must match the notebook; each persona, graded in
this process, must already get its expected scores (quick, no kernel); then all
its personas are graded in one ``nbgrader autograde`` run in a throw-away copy
of the course, and their feedback must show each item's result but never a key.

First a tiny scratch assignment proves the harness (tests/personas.py).
"""

from __future__ import annotations

import functools
import html
import re
import textwrap
from types import SimpleNamespace

import nbformat
import personas
import pytest

from sefkit.classroom.grading import autograde, declare
from sefkit.classroom.grading.answers import plain

# Tests that run nbgrader (a kernel per notebook) are marked slow one by one. Each
# assignment's nbgrader tests share one xdist group (its own), so one worker grades
# that assignment, once, while other workers grade the other assignments.
slow = pytest.mark.slow


def _one_worker(name: str, *more) -> pytest.param:
    """A test parameter whose tests run on the worker that grades assignment ``name``."""
    return pytest.param(name, *more, marks=pytest.mark.xdist_group(f"personas:{name}"))


# -- the harness, on a scratch assignment -------------------------------------------------


_cell = personas.nbgrader_cell


SCRATCH_KEY = textwrap.dedent('''
    from sefkit.classroom.grading.declare import Assignment, Item
    from sefkit.classroom.practice import Misconception

    ASSIGNMENT = Assignment("scratch", items=[
        Item("double_value", answer="answer", points=2, components=["prospecting"],
             key=lambda ctx: 2 * 21, rel_tol=0, abs_tol=0,
             misconceptions=[Misconception(441, "You squared 21 instead of doubling it.")]),
    ])
''')


def _scratch_source(folder):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        _cell("markdown", "Double 21."),
        _cell("code", "### BEGIN SOLUTION\nanswer = 2 * 21\n### END SOLUTION",
              solution=True, grade_id="double_value_answer"),
        _cell("code", '"""Checks the answer is a whole number (its value is checked at grading)."""\n'
                      "assert isinstance(answer, int), 'answer should be a whole number'",
              grade=True, locked=True, points=2, grade_id="double_value"),
        _cell("markdown", "YOUR ANSWER HERE", grade=True, solution=True, points=1, grade_id="why"),
    ]
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / "scratch.ipynb"))
    (folder / declare.KEY_FILE).write_text(SCRATCH_KEY)
    return folder


SCRATCH_PERSONAS = {
    "full": {"double_value_answer": "answer = 42", "why": "Because 2 x 21 = 42."},
    "blank": {},
    "wrong": {"double_value_answer": "answer = 41"},
    "squared": {"double_value_answer": "answer = 21 ** 2"},
    "faker": {"double_value_answer": "class Yes(int):\n    def __eq__(self, other):\n        return True\n"
                                     "    __hash__ = int.__hash__\nanswer = Yes(0)"},
    "crash": {"double_value_answer": "answer = 1 / 0"},
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scratch")
    course, name = personas.make_course(_scratch_source(tmp / "src" / "scratch"), tmp / "course")
    release = personas.released(course, name, "scratch")
    subs = {who: {"scratch": personas.submission(release, a)} for who, a in SCRATCH_PERSONAS.items()}
    scores = personas.autograde(course, name, subs)
    return scores, personas.max_scores(course, name), course


@slow
def test_harness_grades_scratch_personas(scratch):
    scores, points, course = scratch
    assert points == {"double_value": 2.0, "why": 1.0}
    assert scores["full"] == {"double_value": 2.0, "why": None}  # written answer awaits a grader
    assert scores["blank"] == {"double_value": 0.0, "why": 0.0}  # untouched answer scores zero
    for who in ("wrong", "squared", "faker", "crash"):
        assert scores[who]["double_value"] == 0.0, who
    squared = personas.autograded(course, "scratch", "squared", "scratch")
    assert "You squared 21 instead of doubling it." in nbformat.writes(squared)
    faker = personas.autograded(course, "scratch", "faker", "scratch")
    assert "not plain data" in nbformat.writes(faker)
    print("\n" + personas.table(scores, points))


def test_submission_rejects_unknown_answer_cell():
    release = nbformat.v4.new_notebook()
    release.cells = [_cell("code", "x = None", solution=True, grade_id="a1")]
    with pytest.raises(ValueError, match="a1"):
        personas.submission(release, {"a2": "x = 1"})


# -- every declared assignment ------------------------------------------------------------------

ROOT = personas.ROOT
ASSIGNMENTS = [n for n in declare.assignment_names(ROOT) if (ROOT / "solutions" / n / declare.PERSONAS_FILE).exists()]
PERSONAS = [(n, p.name) for n in ASSIGNMENTS for p in declare.load_personas(ROOT, n)]


@functools.cache  # per test process: an assignment's data and keys are built once, not per persona
def _assignment(name):
    source = personas.read_notebook(ROOT / "solutions" / name / f"{name}.ipynb")
    release = personas.read_notebook(ROOT / "exercises" / name / f"{name}.ipynb")
    return SimpleNamespace(declared=declare.load(ROOT, name), personas=declare.load_personas(ROOT, name),
                           source=source, release=release)


def _graded_cells(nb) -> dict[str, dict]:
    return {c.metadata["nbgrader"]["grade_id"]: dict(c.metadata["nbgrader"], cell_type=c.cell_type)
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def test_every_assignment_declares_its_items_and_personas(repo_root):
    from sefkit import release

    assert ASSIGNMENTS, "no assignment found in solutions/: the tests below would check nothing"
    assert set(ASSIGNMENTS) == set(release.assignments(repo_root)), (
        "every assignment in solutions/ needs answer_key.py and personas.py (docs/AUTHORING.md)")
    without = sorted(set(ASSIGNMENTS) - {name for name, _ in PERSONAS})
    assert not without, f"assignments without a persona: {without}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_declaration_matches_the_notebook(name):
    """Each autograded test cell is declared with its points; each item's answer cell sets its variable."""
    a = _assignment(name)
    graded = _graded_cells(a.source)
    autograded = {g for g, m in graded.items() if m["cell_type"] == "code" and not m.get("solution")}
    assert [i.grade_id for i in a.declared.items if i.grade_id in graded] == [i.grade_id for i in a.declared.items]
    assert {i.grade_id for i in a.declared.items} == autograded
    answers = personas.solution_answers(a.source)
    for item in a.declared.items:
        assert float(graded[item.grade_id]["points"]) == item.points, f"{item.grade_id}: points differ"
        assert item.answer_cell in answers, f"{item.grade_id}: no answer cell {item.answer_cell}"
        assert re.search(rf"^{item.answer}\s*=", answers[item.answer_cell], re.M), (
            f"{item.answer_cell} does not set {item.answer}")
    assert a.declared.notebook == name


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_model_answers_rely_on_facts_the_data_shows(name):
    """Every fact a written item's model answer relies on still holds on the assignment's data."""
    a = _assignment(name)
    ctx = a.declared.context("author")
    broken = [f.statement for f in a.declared.facts if not f.holds(ctx)]
    assert broken == [], f"{name}: the model answer says what the data no longer shows: {broken}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_misconceptions_are_wrong_and_distinct(name):
    """A misconception (or partial answer) equal to the key, or to an earlier one, would never get its message."""
    from sefkit.classroom.grading.check import matches

    a = _assignment(name)
    ctx = a.declared.context("author")
    for item in a.declared.items:
        seen = [plain(item.key(ctx))]
        for p in item.partial:  # a partial answer equal to the key, or to another, would never earn its share
            value = p.answer(ctx) if callable(p.answer) else p.answer
            if value is not None:
                value = plain(value)
                clash = [s for s in seen if matches(item, value, s)]
                assert not clash, f"{item.grade_id}: the partial answer {p.message!r} equals the key or another"
                seen.append(value)
        for m in item.misconceptions:
            value = plain(m.answer(ctx) if callable(m.answer) else m.answer)
            clash = [s for s in seen if matches(item, value, s)]
            assert not clash, f"{item.grade_id}: the misconception {m.message!r} equals the key or an earlier one"
            seen.append(value)


@pytest.mark.parametrize(("name", "persona"), PERSONAS)
def test_persona_scores_in_process(name, persona):
    """Quick: each persona's answers, checked in this process, already score as declared.

    If the simulation changes so that, say, the 3x rule happens to give the right
    coverage, this fails and names the persona and item to fix.
    """
    a = _assignment(name)
    who = next(p for p in a.personas if p.name == persona)
    answers = personas.persona_answers(who, a.declared, a.source, a.release)
    got = personas.grade_in_process(a.declared, a.release, answers, learner=persona)
    points = {g: float(m["points"]) for g, m in _graded_cells(a.source).items()}
    expected = {g: s for g, s in who.expected(points).items() if g in got}
    assert got == expected, personas.dumps({"got": got, "expected": expected})


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade an assignment's personas in one nbgrader run (once per assignment), with their feedback."""
    done = {}

    def grade(name):
        if name not in done:
            a = _assignment(name)
            course, _ = personas.make_course(ROOT / "solutions" / name, tmp_path_factory.mktemp(name))
            release = personas.released(course, name, a.declared.notebook)
            subs = {p.name: {a.declared.notebook: personas.submission(
                release, personas.persona_answers(p, a.declared, a.source, a.release))} for p in a.personas}
            scores = personas.autograde(course, name, subs)
            done[name] = SimpleNamespace(a=a, course=course, scores=scores,
                                         points=personas.max_scores(course, name),
                                         feedback=personas.feedback(course, name),
                                         export=personas.export(course))
        return done[name]

    return grade


@slow
@pytest.mark.parametrize(("name", "persona"), [_one_worker(n, p) for n, p in PERSONAS])
def test_persona_scores(graded, name, persona):
    g = graded(name)
    who = next(p for p in g.a.personas if p.name == persona)
    expected = who.expected(g.points)
    assert g.scores[persona] == expected, personas.dumps({"got": g.scores[persona], "expected": expected})


@slow
@pytest.mark.parametrize("name", [_one_worker(n) for n in ASSIGNMENTS])
def test_feedback_shows_results_and_never_a_key(graded, name):
    g = graded(name)
    # a made-up learner whose id cannot be a word of a feedback page (the capstone's first key is the id itself)
    ctx = g.a.declared.context("key-check-7f3a")
    values = set()
    for item in g.a.declared.items:
        key = plain(item.key(ctx))
        values.add(repr(key) if isinstance(key, dict) else key)  # a plan (a dict) must not show whole either
        values |= {plain(m.answer(ctx) if callable(m.answer) else m.answer) for m in item.misconceptions}
    release_text = nbformat.writes(g.a.release)
    secrets = personas.secret_forms(values, release_text) | personas.key_code(ROOT / "solutions" / name / declare.KEY_FILE)
    assert set(g.feedback) == {p.name for p in g.a.personas}
    shown_messages = set()
    for who, raw in g.feedback.items():
        text = html.unescape(raw)
        persona = next(p for p in g.a.personas if p.name == who)
        own = "\n".join(personas.persona_answers(persona, g.a.declared, g.a.source, g.a.release).values())
        shown = [s for s in secrets if s in text and s not in own]  # a learner may type the answer
        assert not shown, f"{who}'s feedback shows {shown[:5]}"
        nb = personas.autograded(g.course, name, who, g.a.declared.notebook)
        verdicts = autograde.verdicts(nb)
        assert [v["grade_id"] for v in verdicts] == [i.grade_id for i in g.a.declared.items]
        for verdict in verdicts:  # every item's result and its message reach the learner
            assert f"{verdict['grade_id']}: " in text and verdict["message"] in text, (who, verdict)
            shown_messages.add(verdict["message"])
    # Each persona's mistake is named: a lost item built from the model shows a declared message.
    for who in g.a.personas:
        nb = personas.autograded(g.course, name, who.name, g.a.declared.notebook)
        for verdict in autograde.verdicts(nb):
            item = g.a.declared.item(verdict["grade_id"])
            if verdict["status"] == "wrong" and item.assess is None:  # an assessed item words its own
                assert verdict["message"] in {m.message for m in item.misconceptions} | {item.wrong}, verdict
    declared = {m.message for i in g.a.declared.items for m in i.misconceptions}
    # (an assignment whose items are all assessed, as the capstone's, declares no misconception to name)
    assert not declared or declared & shown_messages, "no persona's feedback names a known mistake"


@slow
@pytest.mark.parametrize("name", [_one_worker(n) for n in ASSIGNMENTS])
def test_grade_export_carries_the_scores(graded, name):
    """`nbgrader export` (the facilitator's CSV) has every persona with its autograded total."""
    g = graded(name)
    rows = {r["student_id"]: r for r in g.export if r["assignment"] == name}
    assert set(rows) == {p.name for p in g.a.personas}
    for p in g.a.personas:
        total = sum(v or 0 for v in p.expected(g.points).values())
        assert float(rows[p.name]["score"]) == total, p.name
        assert float(rows[p.name]["max_score"]) == sum(g.points.values())


@slow
@pytest.mark.parametrize("name", [_one_worker(n) for n in ASSIGNMENTS])
def test_print_persona_table(graded, name):
    g = graded(name)
    print(f"\n{name}\n" + personas.table({p.name: g.scores[p.name] for p in g.a.personas}, g.points))
