"""Practice checks: the framework, and every question declared in sefkit/classroom/lessons/."""

from __future__ import annotations

import importlib
import math
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from sefkit import lessons
from sefkit.classroom.practice import (
    BLANK,
    PRACTICE_NOTE,
    Misconception,
    Question,
    Result,
    Worked,
    is_placeholder,
    same,
    verify,
)

# -- a question declared the way a lesson does it, on a hand-built "team" -------------

DEALS = pd.DataFrame({"outcome": ["won"] * 3 + ["lost"] * 4 + ["no_decision"] * 3 + ["disqualified"] * 2})


def win_rate(deals: pd.DataFrame) -> float:
    decided = deals["outcome"].isin(["won", "lost", "no_decision"])
    return float((deals["outcome"] == "won").sum() / decided.sum())


def win_rate_without_no_decision(deals: pd.DataFrame) -> float:
    won_or_lost = deals["outcome"].isin(["won", "lost"])
    return float((deals["outcome"] == "won").sum() / won_or_lost.sum())


def win_rate_with_disqualified(deals: pd.DataFrame) -> float:
    return float((deals["outcome"] == "won").sum() / len(deals))


NO_DECISION = "You divided by won + lost and left out no-decision deals."
DISQUALIFIED = "You counted disqualified deals, which never entered the pipeline."


def make_question(**changes) -> Question:
    spec = dict(
        name="q1",
        prompt="What is the win rate?",
        team=lambda: DEALS,
        expected=win_rate,
        hints=["Count the deals that reached a decision.", "Won / (won + lost + no decision)."],
        solution_text="Won deals divided by every decided deal.",
        answer_code="decided = team['outcome'].isin(['won', 'lost', 'no_decision'])\n"
        "(team['outcome'] == 'won').sum() / decided.sum()",
        misconceptions=[
            Misconception(win_rate_without_no_decision, NO_DECISION),
            Misconception(win_rate_with_disqualified, DISQUALIFIED),
        ],
    )
    spec.update(changes)
    return Question(**spec)


@pytest.fixture
def q1() -> Question:
    return make_question()


class EqualsEverything:
    """An answer that claims to equal anything (a classic way to cheat a naive check)."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


# -- results ---------------------------------------------------------------------------


def test_right_answer_is_correct(q1):
    assert q1.answer == pytest.approx(0.3)
    result = q1.judge(0.3)
    assert result.status == "correct" and result.correct and bool(result)


def test_rounded_answer_within_tolerance_is_correct(q1):
    assert q1.judge(0.301).correct
    assert q1.judge(np.float64(0.3)).correct
    assert not q1.judge(0.35).correct


# -- answers read or worked from a lesson's rounded table -----------------------------

RATES = (0.183908, 0.448819)  # a win rate and a slip rate; a table rounded to 2 decimals shows 0.18 and 0.45


def needed(win, slip):
    return 1 / (win * (1 - slip))


def worked_question(**changes) -> Question:
    spec = dict(name="q6", prompt="Coverage needed?", team=lambda: RATES, expected=lambda t: needed(*t),
                worked=Worked(needed, lambda t: t, decimals=2), hints=["1 / (win x (1 - slip))."],
                solution_text="1 / (win rate x (1 - slip rate))",
                misconceptions=[Misconception(lambda t: 1 / t[0], "You forgot slippage."),
                                Misconception(3.0, "That is the 3x rule.")])
    spec.update(changes)
    return Question(**spec)


def test_an_answer_worked_from_the_rounded_table_passes():
    q = worked_question()
    assert q.answer == pytest.approx(9.865, abs=1e-3)
    assert q.judge(1 / (0.18 * 0.55)).correct  # 10.10: 2.4% from the exact answer, beyond the 1% tolerance
    assert q.judge(10.1).correct and q.judge(9.87).correct
    assert q.judge(1 / (0.18 * (1 - 0.448819))).correct  # one input rounded, one exact
    assert verify(q) == []


@pytest.mark.parametrize(("wrong", "status", "message"), [
    (12.0, "wrong", "That is not the answer this question expects."),
    (9.0, "wrong", "That is not the answer this question expects."),
    (1 / 0.183908, "wrong", "You forgot slippage."),
    (3.0, "wrong", "That is the 3x rule."),
])
def test_a_wrong_answer_stays_wrong_with_a_worked_formula(wrong, status, message):
    result = worked_question().judge(wrong)
    assert (result.status, result.message) == (status, message)


def test_without_worked_the_rounded_table_answer_is_wrong():
    """The reason for Worked: the plain 1% tolerance rejects 1 / (0.18 x 0.55)."""
    assert not worked_question(worked=None).judge(1 / (0.18 * 0.55)).correct


def test_verify_catches_a_misconception_inside_the_worked_range():
    q = worked_question(misconceptions=[Misconception(10.3, "Rounded up.")])
    assert verify(q) == ["misconception 1 produces the right answer (10.3), so its message can never show"]


def test_decimals_accept_the_answer_as_the_table_shows_it():
    """A small value copied from a table rounded to 2 decimals is right, whatever the relative tolerance."""
    q = Question(name="q9", prompt="Slip share?", expected=0.0449, decimals=2, hints=["h"], solution_text="s")
    assert q.judge(0.04).correct and q.judge(0.045).correct and q.judge(0.0449).correct  # 0.04: 11% off
    assert not q.judge(0.05).correct and not q.judge(0.03).correct  # the table would show 0.04
    assert not Question(name="q9", prompt="?", expected=0.0449, hints=["h"]).judge(0.04).correct
    assert verify(q) == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"decimals": -1}, "decimals must be a whole number"),
    ({"decimals": True}, "decimals must be a whole number"),
    ({"worked": (needed, 2)}, "worked must be Worked"),
])
def test_bad_rounding_declarations_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        worked_question(**changes)


def test_lesson_q6_accepts_what_the_lessons_table_shows():
    """05_pipeline q6 worked by hand from coverage_needed(...).round(2), the lesson's table."""
    from sefkit import pipeline
    from sefkit.classroom.lessons import pipeline as lesson

    team = lesson.lesson_team()
    shown = pipeline.coverage_needed(team, rep=lesson.REP, quarter=lesson.history(team)).round(2).iloc[0]
    by_hand = 1 / (shown["win_rate"] * (1 - shown["slip_rate"]))
    assert lesson.q6.judge(float(by_hand)).correct
    assert lesson.q6.judge(float(shown["required_coverage"])).correct
    assert not lesson.q6.judge(float(by_hand) * 1.08).correct
    assert not lesson.q6.judge(float(by_hand) * 0.92).correct


@pytest.mark.parametrize(
    ("wrong", "message"),
    [(3 / 7, NO_DECISION), (3 / 12, DISQUALIFIED)],
)
def test_each_misconception_gets_its_message(q1, wrong, message):
    result = q1.judge(wrong)
    assert result.status == "wrong" and not result
    assert result.message == message


def test_unknown_wrong_answer_points_to_hints(q1):
    result = q1.judge(0.9)
    assert result.status == "wrong"
    assert "q1.hint()" in str(result) and "q1.solution()" in str(result)


@pytest.mark.parametrize("blank", [None, ..., BLANK, "", "   ", "Your answer here"])
def test_placeholders_are_not_attempted(q1, blank):
    result = q1.judge(blank)
    assert result.status == "not_attempted"
    assert is_placeholder(blank)


@pytest.mark.parametrize("answer", [0, 0.0, False, "0.3", [0.3]])
def test_real_answers_are_not_placeholders(answer):
    assert not is_placeholder(answer)


def test_an_object_that_equals_everything_does_not_pass(q1):
    result = q1.judge(EqualsEverything())
    assert result.status == "wrong"
    assert "EqualsEverything" in result.message and "a number" in result.message


def test_subclass_cannot_fake_a_number():
    class FakeFloat(float):
        def __eq__(self, other):
            return True

        def __float__(self):
            return 0.3

        __hash__ = float.__hash__

    q = make_question()
    assert not q.judge(FakeFloat(0.9)).correct
    assert q.judge(FakeFloat(0.3)).correct  # its real value is what counts


def test_text_answer_to_a_number_question_names_both_kinds(q1):
    result = q1.judge("30%")
    assert result.status == "wrong"
    assert "text" in result.message and "number" in result.message


def test_bool_is_not_a_number(q1):
    assert q1.judge(True).status == "wrong"
    assert "True or False" in q1.judge(True).message


def test_choices_question():
    q = Question(
        name="q2", prompt="Which component binds?", expected="qualification",
        choices=["prospecting", "qualification", "calls"],
        hints=["Look at the win rate."], solution_text="Qualification.",
        misconceptions=[Misconception("prospecting", "More meetings will not fix a low win rate.")],
    )
    assert q.judge("  Qualification ").correct
    assert q.judge("prospecting").message == "More meetings will not fix a low win rate."
    assert "Pick one of" in q.judge("hygiene").message
    assert not q.judge(EqualsEverything()).correct


# -- comparing by kind -------------------------------------------------------------------


def test_same_series_ignores_order_but_not_values():
    expected = pd.Series({"R01": 0.25, "R02": 0.5})
    assert same(pd.Series({"R02": 0.5, "R01": 0.25}), expected)
    assert not same(pd.Series({"R01": 0.25, "R02": 0.6}), expected)
    assert not same(pd.Series({"R01": 0.25, "R03": 0.5}), expected)
    assert not same(expected.to_dict(), expected)  # a dict is not a Series


def test_same_table_and_collections():
    table = pd.DataFrame({"rep_id": ["R01", "R02"], "coverage": [2.5, 3.1]})
    assert same(table[["coverage", "rep_id"]], table)
    assert not same(table.assign(coverage=[2.5, 9.9]), table)
    assert same({"R01", "R02"}, {"R02", "R01"}) and same(["R02", "R01"], {"R01", "R02"})
    assert not same(["R01"], {"R01", "R02"})
    assert same([1, "a"], [1.0, "A"]) and not same([1, "a"], ["a", 1])
    assert same(float("nan"), math.nan)


def test_custom_compare_still_checks_kind():
    q = Question(name="q3", prompt="Name a rep above 3x.", expected={"R01", "R04"},
                 compare=lambda answer, expected: set(answer) <= expected,
                 hints=["Any one will do."], solution_text="R01 or R04.")
    assert q.judge({"R04"}).correct
    assert not q.judge({"R02"}).correct
    assert not q.judge(EqualsEverything()).correct


# -- hints, solution, display --------------------------------------------------------------


def test_hints_in_order_and_bad_number(q1, capsys):
    assert q1.hint().text == "Count the deals that reached a decision."
    assert q1.hint(2).text == "Won / (won + lost + no decision)."
    assert "hint 2 of 2" in capsys.readouterr().out
    with pytest.raises(ValueError, match="valid hint numbers: 1, 2"):
        q1.hint(3)
    with pytest.raises(ValueError, match="no hint 0"):
        q1.hint(0)


def test_solution_shows_words_and_code(q1, capsys):
    note = q1.solution()
    out = capsys.readouterr().out
    assert "Won deals divided by every decided deal." in out and "decided.sum()" in out
    assert "```python" in note._repr_markdown_()


def test_check_prints_text_in_a_terminal(q1, capsys):
    result = q1.check(0.3)
    out = capsys.readouterr().out
    assert isinstance(result, Result)
    assert out.strip() == str(result) and PRACTICE_NOTE in out
    assert "**" not in out  # plain text, no Markdown


def test_markdown_rendering_and_honesty_note(q1):
    right, wrong, blank = q1.judge(0.3), q1.judge(3 / 7), q1.judge(...)
    assert right._repr_markdown_().startswith("✅ **q1: correct.**")
    assert NO_DECISION in wrong._repr_markdown_() and "`q1.hint()`" in wrong._repr_markdown_()
    assert PRACTICE_NOTE in right._repr_markdown_() and PRACTICE_NOTE in str(wrong)
    assert "Replace the ..." in blank._repr_markdown_()


def test_check_in_a_notebook_displays_markdown_exactly_once(tmp_path):
    """In a real kernel: a check on the last line is shown once, one mid-cell too."""
    from nbclient import NotebookClient

    setup = (
        "from sefkit.classroom.practice import Question\n"
        "q = Question(name='q', prompt='2 + 2?', expected=4, hints=['Add.'], solution_text='4')"
    )
    cells = [setup, "q.check(4)", "r = q.check(5)\nx = 1", "r"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    last_line, mid_cell, later = (c.outputs for c in nb.cells[1:])
    assert len(last_line) == 1 and "✅ **q: correct.**" in last_line[0]["data"]["text/markdown"]
    assert len(mid_cell) == 1 and "not yet" in mid_cell[0]["data"]["text/markdown"]
    assert len(later) == 1 and "not yet" in later[0]["data"]["text/markdown"]  # shown again when asked


# -- declaring questions ------------------------------------------------------------------


def test_answer_code_runs_against_the_team(q1):
    assert q1.run_answer_code() == pytest.approx(0.3)


def test_bad_declarations_raise_clear_errors():
    with pytest.raises(ValueError, match="give team="):
        Question(name="q", prompt="?", expected=lambda team: 1)
    with pytest.raises(ValueError, match="Python name"):
        Question(name="question 1", prompt="?", expected=1)
    with pytest.raises(ValueError, match="Misconception"):
        Question(name="q", prompt="?", expected=1, misconceptions=[(2, "no")])


def test_verify_accepts_a_sound_question(q1):
    assert verify(q1) == []


def test_verify_catches_broken_questions():
    assert any("answer_code does not give" in p for p in verify(make_question(answer_code="0.5")))
    assert any("answer_code fails" in p for p in verify(make_question(answer_code="team['nope']")))
    useless = make_question(misconceptions=[Misconception(0.3, "never shown")])
    assert any("produces the right answer" in p for p in verify(useless))
    shadowed = make_question(misconceptions=[Misconception(0.5, "first"), Misconception(0.5, "second")])
    assert any("misconception 2 gets another message" in p for p in verify(shadowed))
    assert "no hints" in verify(make_question(hints=[]))


def test_questions_are_computed_once():
    calls = []

    def team():
        calls.append(1)
        return DEALS

    q = make_question(team=team)
    q.judge(0.3), q.judge(0.4), q.judge(3 / 7)
    assert len(calls) == 1


# -- every question the lessons declare ----------------------------------------------------

LESSON_QUESTIONS = lessons.all_questions()


def test_the_lessons_declare_questions():
    """The test below runs once per declared question: finding none would check nothing."""
    assert len(LESSON_QUESTIONS) >= 3, sorted(LESSON_QUESTIONS)


@pytest.mark.parametrize("key", sorted(LESSON_QUESTIONS))
def test_lesson_question_is_sound(key):
    """Right answer passes, each misconception gets its message, placeholders are blank."""
    question = LESSON_QUESTIONS[key]
    assert verify(question) == []
    assert key.split(".")[1] == question.name, "the variable name must match name= (messages say q.hint())"


def test_lesson_question_discovery_finds_declared_questions(tmp_path, monkeypatch):
    """The discovery behind the test above really finds questions in a lesson module."""
    package = tmp_path / "sefkit_lessons_probe"
    package.mkdir()
    (package / "__init__.py").write_text(Path(lessons.__file__).read_text())
    (package / "demo.py").write_text(
        "from sefkit.classroom.practice import Question\n"
        "q7 = Question(name='q7', prompt='1 + 1?', expected=2, hints=['Add.'], solution_text='2')\n"
        "not_a_question = 3\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    probe = importlib.import_module("sefkit_lessons_probe")
    found = probe.all_questions()
    assert list(found) == ["demo.q7"]
    assert verify(found["demo.q7"]) == []


# -- each lesson's constants are declared once, in its lesson module ------------------------

def _lesson_notebooks() -> dict:
    """Lesson module name -> its notebook (``course/NN_<name>.ipynb``)."""
    course = Path(lessons.__file__).resolve().parents[3] / "course"
    found = {}
    for name in lessons.lesson_modules():
        paths = sorted(course.glob(f"[0-9][0-9]_{name}.ipynb"))
        assert len(paths) == 1, f"lesson module {name} has no single notebook course/NN_{name}.ipynb: {paths}"
        found[name] = paths[0]
    return found


def test_lesson_notebooks_import_their_constants_instead_of_declaring_them():
    """The scenario, seed and quarter a lesson uses are the lesson module's (its questions use them too)."""
    import ast


    notebooks = _lesson_notebooks()
    assert {"pipeline", "welcome"} <= set(notebooks)
    for name, path in notebooks.items():
        module = importlib.import_module(f"sefkit.classroom.lessons.{name}")
        constants = {k for k, v in vars(module).items() if k.isupper() and isinstance(v, str | int)}
        assert {"LESSON_SCENARIO", "LESSON_SEED"} <= constants
        code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        tree = ast.parse(code)
        imported = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module == f"sefkit.classroom.lessons.{name}" for a in node.names}
        assigned = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        assert not assigned & constants, f"{path.name} declares {assigned & constants} again; import them from {name}"
        assert used & constants <= imported, f"{path.name} uses {used & constants - imported} without importing them"
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "simulate":
                literals = [a for a in [*node.args, *(k.value for k in node.keywords if k.arg == "seed")]
                            if isinstance(a, ast.Constant) and isinstance(a.value, int)]
                assert not literals, f"{path.name} line {node.lineno}: simulate with a typed seed; use LESSON_SEED"
        assert {"LESSON_SCENARIO", "LESSON_SEED"} <= imported
