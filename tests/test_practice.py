"""Practice checks: the framework, and every question declared in sefkit/lessons/."""

from __future__ import annotations

import importlib
import math
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from sefkit import lessons
from sefkit.practice import (
    BLANK,
    PRACTICE_NOTE,
    Misconception,
    Question,
    Result,
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
        "from sefkit.practice import Question\n"
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
        "from sefkit.practice import Question\n"
        "q7 = Question(name='q7', prompt='1 + 1?', expected=2, hints=['Add.'], solution_text='2')\n"
        "not_a_question = 3\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    probe = importlib.import_module("sefkit_lessons_probe")
    found = probe.all_questions()
    assert list(found) == ["demo.q7"]
    assert verify(found["demo.q7"]) == []
