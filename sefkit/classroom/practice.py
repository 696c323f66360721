"""Practice checks: ungraded questions inside the lessons.

A lesson author declares each question once, as data (see docs/AUTHORING.md)::

    q1 = Question(
        name="q1",
        prompt="What is the team's win rate in 2025Q2?",
        team=lesson_team,                                   # a function returning the Team
        expected=lambda team: deals.win_rate(team, quarter="2025Q2"),
        hints=["Win rate counts every deal that reached a decision."],
        solution_text="Won deals divided by won + lost + no-decision deals.",
        answer_code="deals.win_rate(team, quarter='2025Q2')",
        misconceptions=[Misconception(lambda team: ..., "You left out no-decision deals.")],
    )

and a trainee answers in the notebook with ``q1.check(answer)``, asks for
``q1.hint()`` (or ``q1.hint(2)``) and, when stuck, ``q1.solution()``.

A check says one of three things: **correct**, **not answered yet** (the answer is
still ``...``, ``None`` or another placeholder) or **not yet** -- with the message
of a known misconception when the answer is exactly what that mistake produces.
Answers are compared by kind before value: a number must be a number, text must be
text, so an object that claims to equal everything never passes. Feedback shows
as Markdown in a notebook and as plain text in a terminal.

Practice checks are not the graded score: graded work is the nbgrader assignments
in exercises/, marked by the facilitator.

>>> q = Question(name="q0", prompt="Won 3 of 10 decided deals: win rate?", expected=0.3,
...              hints=["Divide won deals by all decided deals."],
...              misconceptions=[Misconception(3 / 7, "You divided by won + lost only.")])
>>> result = q.check(0.30)       # in a terminal the feedback is printed
q0: correct. That is right.
(Practice only: this check does not count towards your grade.)
>>> q.judge(3 / 7).message        # judge() returns the same Result without showing it
'You divided by won + lost only.'
>>> q.judge(...).status
'not_attempted'
"""

from __future__ import annotations

import ast
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

PRACTICE_NOTE = "Practice only: this check does not count towards your grade."
CORRECT, NOT_ATTEMPTED, WRONG = "correct", "not_attempted", "wrong"
#: Text answers that mean "I have not answered yet".
_PLACEHOLDER_TEXT = {"", "your answer here", "your answer", "todo", "...", "?"}


class Placeholder:
    """A blank for a lesson to leave in an answer cell (``answer = BLANK``).

    ``...`` and ``None`` work the same way; this one reads better in some cells.
    """

    def __repr__(self) -> str:
        return "BLANK"


BLANK = Placeholder()


def is_placeholder(answer: Any) -> bool:
    """True when ``answer`` is a blank left in place of an answer.

    >>> [is_placeholder(a) for a in (None, ..., BLANK, "  ", "Your answer here", 0, "0.3")]
    [True, True, True, True, True, False, False]
    """
    if answer is None or answer is Ellipsis or isinstance(answer, Placeholder):
        return True
    return isinstance(answer, str) and _normal_text(answer) in _PLACEHOLDER_TEXT


# -- comparing answers by kind, then value -----------------------------------------------


def _kind(value: Any) -> str:
    """The kind of an answer: number, yes/no, text, series, table, list, set or other."""
    import numpy as np

    if isinstance(value, bool | np.bool_):
        return "yes/no"
    if isinstance(value, int | float | np.integer | np.floating):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, set | frozenset):
        return "set"
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(value, pd.Series):
        return "series"
    if pd is not None and isinstance(value, pd.DataFrame):
        return "table"
    return "other"


_KIND_WORDS = {
    "number": "a number",
    "yes/no": "True or False",
    "text": "text (in quotes)",
    "list": "a list",
    "set": "a set of items",
    "series": "a pandas Series (one value per row label)",
    "table": "a table (pandas DataFrame)",
}


def _describe(value: Any) -> str:
    kind = _kind(value)
    return _KIND_WORDS.get(kind) or f"a {type(value).__name__}"


def _accepts(answer_kind: str, expected_kind: str) -> bool:
    # A set may be answered with a list or tuple of the same items.
    return answer_kind == expected_kind or (expected_kind == "set" and answer_kind == "list")


def _as_float(x: Any) -> float:
    # Use the built-in conversions so a subclass cannot fake its value.
    if isinstance(x, float):
        return float.__float__(x)
    if isinstance(x, int):
        return int.__float__(x)
    return float(x)


def _normal_text(text: str) -> str:
    return " ".join(str.casefold(text).split())


def same(answer: Any, expected: Any, rel_tol: float = 0.01, abs_tol: float = 1e-9) -> bool:
    """Whether ``answer`` matches ``expected``: same kind first, then the same value.

    Numbers match within a relative tolerance (default 1 %) or an absolute one;
    text ignores case and extra spaces; lists match in order and sets in any order;
    pandas Series and DataFrames match on labels and values.

    >>> same(0.2501, 0.25), same("Qualification ", "qualification"), same([1, 2], [2, 1])
    (True, True, False)
    >>> class Liar:
    ...     def __eq__(self, other):
    ...         return True
    >>> same(Liar(), 0.25)
    False
    """
    kind = _kind(expected)
    if not _accepts(_kind(answer), kind):
        return False
    if kind == "number":
        a, b = _as_float(answer), _as_float(expected)
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
    if kind == "yes/no":
        return bool(answer) is bool(expected)
    if kind == "text":
        return _normal_text(answer) == _normal_text(expected)
    if kind == "list":
        return len(answer) == len(expected) and all(
            same(a, b, rel_tol, abs_tol) for a, b in zip(answer, expected, strict=True)
        )
    if kind == "set":
        return _same_items(list(answer), list(expected), rel_tol, abs_tol)
    if kind == "series":
        return _same_series(answer, expected, rel_tol, abs_tol)
    if kind == "table":
        return (
            sorted(map(str, answer.columns)) == sorted(map(str, expected.columns))
            and all(_same_series(answer[c], expected[c], rel_tol, abs_tol) for c in expected.columns)
        )
    return type(answer) is type(expected) and (answer == expected) is True


def _same_items(answer: list, expected: list, rel_tol: float, abs_tol: float) -> bool:
    if len(answer) != len(expected):
        return False
    left = list(answer)
    for item in expected:
        match = next((i for i, a in enumerate(left) if same(a, item, rel_tol, abs_tol)), None)
        if match is None:
            return False
        left.pop(match)
    return True


def _same_series(answer, expected, rel_tol: float, abs_tol: float) -> bool:
    import numpy as np

    if len(answer) != len(expected) or not answer.index.is_unique or set(answer.index) != set(expected.index):
        return False
    answer = answer.reindex(expected.index)
    if all(np.issubdtype(s.dtype, np.number) and s.dtype != bool for s in (answer, expected)):
        return bool(np.allclose(answer.to_numpy(float), expected.to_numpy(float),
                                rtol=rel_tol, atol=abs_tol, equal_nan=True))
    return all(same(a, b, rel_tol, abs_tol) for a, b in zip(answer.tolist(), expected.tolist(), strict=True))


# -- answers worked from a lesson's rounded tables ------------------------------------


def rounding_tolerance(decimals: int | None) -> float:
    """How far a number a table shows rounded to ``decimals`` can be from the exact one.

    >>> rounding_tolerance(2)
    0.005
    """
    return 0.0 if decimals is None else 0.5 * 10.0 ** -decimals


@dataclass(frozen=True, eq=False)
class Worked:
    """An answer a trainee works out from numbers a lesson table shows rounded.

    ``formula(*inputs(team))`` is the exact answer. The lesson's table shows each
    input rounded to ``decimals``, so a trainee who computes the formula from the
    table (or from some exact and some rounded inputs) gets a slightly different
    number. A check accepts every answer the formula gives for inputs within half
    a unit of the table's last digit (the formula must rise or fall steadily in
    each input, as lesson formulas do), plus the question's ``rel_tol``.

    >>> need = Worked(lambda win, slip: 1 / (win * (1 - slip)), lambda team: (0.183908, 0.448819))
    >>> low, high = need.interval(None)
    >>> round(1 / (0.183908 * (1 - 0.448819)), 2), round(1 / (0.18 * 0.55), 2), (round(low, 2), round(high, 2))
    (9.87, 10.1, (9.74, 10.49))
    """

    formula: Callable[..., float]
    inputs: Callable[[Any], Sequence[float]]
    decimals: int = 2

    def interval(self, team) -> tuple[float, float]:
        """The lowest and highest answer the formula gives for the inputs as the table may show them."""
        import itertools

        exact = [_as_float(x) for x in self.inputs(team)]
        h = rounding_tolerance(self.decimals)
        shown = [round(x, self.decimals) for x in exact]
        corners = itertools.product(*[(r - h, r + h) for r in shown])
        values = [self.formula(*c) for c in corners] + [self.formula(*exact), self.formula(*shown)]
        values = [float(v) for v in values if math.isfinite(float(v))]
        return min(values), max(values)


# -- feedback objects ---------------------------------------------------------------


def _shell():
    """The running IPython shell, if any (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


class _Feedback:
    """Shows as Markdown in a notebook and as plain text elsewhere.

    :func:`show` displays it at once (so a check works on any line of a cell);
    when the same object is then the cell's result, it is not shown twice.
    """

    def _repr_markdown_(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        shell = _shell()
        if shell is not None and self.__dict__.get("_shown_in") == shell.execution_count:
            return
        self._publish()

    def _publish(self) -> None:
        from IPython.display import display

        display({"text/markdown": self._repr_markdown_(), "text/plain": str(self)}, raw=True)

    def show(self):
        """Display this feedback now: Markdown in a notebook, text in a terminal."""
        shell = _shell()
        if shell is None:
            print(self)
        else:
            self._publish()
            self.__dict__["_shown_in"] = shell.execution_count
        return self


@dataclass(frozen=True, eq=False)
class Result(_Feedback):
    """The outcome of one practice check.

    ``status`` is ``"correct"``, ``"not_attempted"`` or ``"wrong"``; ``message``
    says why (for a known misconception, exactly its message). A Result is truthy
    only when correct.
    """

    question: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.correct

    @property
    def _title(self) -> str:
        return {CORRECT: "correct", NOT_ATTEMPTED: "not answered yet", WRONG: "not yet"}[self.status]

    @property
    def _next_step(self) -> str:
        if self.status == WRONG:
            return f"Need a nudge? Run {self.question}.hint(). To see the answer: {self.question}.solution()."
        return ""

    def __str__(self) -> str:
        lines = [f"{self.question}: {self._title}. {self.message}"]
        if self._next_step:
            lines.append(self._next_step)
        if self.status != NOT_ATTEMPTED:
            lines.append(f"({PRACTICE_NOTE})")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        icon = {CORRECT: "✅", NOT_ATTEMPTED: "✏️", WRONG: "🔁"}[self.status]
        parts = [f"{icon} **{self.question}: {self._title}.** {self.message}"]
        if self._next_step:
            parts.append(self._next_step.replace(f"{self.question}.hint()", f"`{self.question}.hint()`")
                         .replace(f"{self.question}.solution()", f"`{self.question}.solution()`"))
        if self.status != NOT_ATTEMPTED:
            parts.append(f"_{PRACTICE_NOTE}_")
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return f"Result(question={self.question!r}, status={self.status!r})"


@dataclass(frozen=True, eq=False)
class Note(_Feedback):
    """A hint or a worked solution, shown the same way as a :class:`Result`."""

    question: str
    title: str
    text: str
    code: str = ""

    def __str__(self) -> str:
        body = f"{self.question} - {self.title}: {self.text}"
        return f"{body}\n\n    " + self.code.replace("\n", "\n    ") if self.code else body

    def _repr_markdown_(self) -> str:
        body = f"💡 **{self.question} - {self.title}.** {self.text}"
        return f"{body}\n\n```python\n{self.code}\n```" if self.code else body

    def __repr__(self) -> str:
        return f"Note(question={self.question!r}, title={self.title!r})"


# -- questions ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Misconception:
    """A known wrong way to answer, and what to tell the trainee who took it.

    ``answer`` is the wrong answer itself, or a function of the team that computes
    it (for example the win rate without no-decision deals).
    """

    answer: Any
    message: str


@dataclass(frozen=True, eq=False)
class Question:
    """One practice question, declared once in ``sefkit/classroom/lessons/<lesson>.py``.

    Args:
        name: what the trainee types, for example ``"q1"`` (messages say ``q1.hint()``).
        prompt: the question in plain words.
        expected: the right answer, or a function of the team that computes it.
        team: a function with no arguments that returns the lesson's Team; needed
            when ``expected`` or a misconception is computed from the team.
        hints: nudges, from gentle to nearly the answer.
        solution_text: the worked answer in words (Markdown).
        answer_code: code that computes the answer from ``team`` (its last line is
            the answer); shown by :meth:`solution` and run by the tests.
        misconceptions: known wrong answers, each with its message.
        choices: for a pick-one question, the allowed answers.
        rel_tol, abs_tol: how close a number must be (default within 1 %).
        decimals: the lesson's table shows this answer rounded to so many
            decimals; an answer copied from it passes (and gets its misconception
            message) whatever the relative tolerance.
        worked: a :class:`Worked` when trainees may compute the answer from a
            table's rounded numbers; every answer those numbers give passes.
        compare: optional ``compare(answer, expected) -> bool`` for anything the
            built-in comparison does not cover; used after the kind check.
    """

    name: str
    prompt: str
    expected: Any
    team: Callable[[], Any] | None = None
    hints: Sequence[str] = ()
    solution_text: str = ""
    answer_code: str = ""
    misconceptions: Sequence[Misconception] = ()
    choices: Sequence[Any] = ()
    rel_tol: float = 0.01
    abs_tol: float = 1e-9
    decimals: int | None = None
    worked: Worked | None = None
    compare: Callable[[Any, Any], bool] | None = None
    _cache: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"question name {self.name!r} must be a Python name such as 'q1'")
        for attr in ("hints", "misconceptions", "choices"):
            object.__setattr__(self, attr, tuple(getattr(self, attr)))
        if not all(isinstance(h, str) for h in self.hints):
            raise ValueError(f"question {self.name}: hints must be text")
        if not all(isinstance(m, Misconception) for m in self.misconceptions):
            raise ValueError(f"question {self.name}: misconceptions must be Misconception(answer, message)")
        uses_team = callable(self.expected) or any(callable(m.answer) for m in self.misconceptions)
        if uses_team and self.team is None:
            raise ValueError(f"question {self.name}: the answer is computed from the team, so give team=...")
        if self.rel_tol < 0 or self.abs_tol < 0:
            raise ValueError(f"question {self.name}: tolerances must be zero or more")
        if self.decimals is not None and (isinstance(self.decimals, bool) or not isinstance(self.decimals, int)
                                          or self.decimals < 0):
            raise ValueError(f"question {self.name}: decimals must be a whole number of decimals, such as 2")
        if self.worked is not None and not isinstance(self.worked, Worked):
            raise ValueError(f"question {self.name}: worked must be Worked(formula, inputs, decimals)")
        if self.worked is not None and self.team is None:
            raise ValueError(f"question {self.name}: a worked answer is computed from the team, so give team=...")

    # -- values, computed once ------------------------------------------------------
    def _value(self, spec: Any) -> Any:
        return spec(self.get_team()) if callable(spec) else spec

    def get_team(self):
        """The lesson's team (built on first use, then kept)."""
        if "team" not in self._cache:
            self._cache["team"] = self.team() if self.team is not None else None
        return self._cache["team"]

    @cached_property
    def answer(self) -> Any:
        """The right answer."""
        return self._value(self.expected)

    @cached_property
    def worked_interval(self) -> tuple[float, float] | None:
        """The answers a trainee may work out from the lesson's rounded table (None without ``worked``)."""
        return None if self.worked is None else self.worked.interval(self.get_team())

    @cached_property
    def wrong_answers(self) -> tuple[tuple[Any, str], ...]:
        """Each misconception's wrong answer with its message."""
        return tuple((self._value(m.answer), m.message) for m in self.misconceptions)

    # -- judging ------------------------------------------------------------------
    def _matches(self, answer: Any, target: Any) -> bool:
        if self.compare is not None:
            return _accepts(_kind(answer), _kind(target)) and self.compare(answer, target) is True
        # + 1e-9: a value rounded to the table's decimals may sit a hair beyond half a unit in binary
        abs_tol = max(self.abs_tol, rounding_tolerance(self.decimals) + 1e-9 if self.decimals is not None else 0.0)
        return same(answer, target, self.rel_tol, abs_tol)

    def _worked_out(self, answer: Any) -> bool:
        """Whether ``answer`` is a number the lesson's rounded table gives through the worked formula."""
        if self.worked_interval is None or _kind(answer) != "number":
            return False
        a, (low, high) = _as_float(answer), self.worked_interval
        return low - self.rel_tol * abs(low) - self.abs_tol <= a <= high + self.rel_tol * abs(high) + self.abs_tol

    def judge(self, answer: Any) -> Result:
        """The :class:`Result` for ``answer``, without displaying it."""
        if is_placeholder(answer):
            return Result(self.name, NOT_ATTEMPTED, "Replace the ... with your answer, then run the cell again.")
        expected = self.answer
        if not _accepts(_kind(answer), _kind(expected)):
            return Result(self.name, WRONG,
                          f"Your answer is {_describe(answer)}, but this question expects {_describe(expected)}.")
        if self.choices and not any(same(answer, c) for c in self.choices):
            options = ", ".join(repr(c) for c in self.choices)
            return Result(self.name, WRONG, f"Pick one of these answers: {options}.")
        if self._matches(answer, expected) or self._worked_out(answer):
            return Result(self.name, CORRECT, "That is right.")
        for wrong, message in self.wrong_answers:
            if self._matches(answer, wrong):
                return Result(self.name, WRONG, message)
        return Result(self.name, WRONG, "That is not the answer this question expects.")

    def check(self, answer: Any) -> Result:
        """Check a trainee's answer: display the feedback and return the :class:`Result`."""
        return self.judge(answer).show()

    def hint(self, n: int = 1) -> Note:
        """Display hint number ``n`` (1 is the gentlest) and return it."""
        if not self.hints:
            return Note(self.name, "no hints", f"This question has no hints; see {self.name}.solution().").show()
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= len(self.hints):
            valid = ", ".join(str(i) for i in range(1, len(self.hints) + 1))
            raise ValueError(f"{self.name} has no hint {n!r}; valid hint numbers: {valid}")
        more = f" (hint {n} of {len(self.hints)})" if len(self.hints) > 1 else ""
        return Note(self.name, f"hint{more}", self.hints[n - 1]).show()

    def solution(self) -> Note:
        """Display the worked answer (words and code) and return it."""
        text = self.solution_text or f"The answer is {self.answer!r}."
        return Note(self.name, "solution", text, self.answer_code).show()

    def run_answer_code(self) -> Any:
        """Run :attr:`answer_code` with ``team`` defined and return its last line's value."""
        if not self.answer_code:
            raise ValueError(f"question {self.name} has no answer_code")
        tree = ast.parse(self.answer_code)
        if not tree.body or not isinstance(tree.body[-1], ast.Expr):
            raise ValueError(f"question {self.name}: the last line of answer_code must be the answer")
        namespace = {"team": self.get_team()}
        body = ast.Module(body=tree.body[:-1], type_ignores=[])
        exec(compile(body, f"<{self.name} answer_code>", "exec"), namespace)
        return eval(compile(ast.Expression(tree.body[-1].value), f"<{self.name} answer_code>", "eval"), namespace)


def verify(question: Question) -> list[str]:
    """What is wrong with a question's declaration; empty when it is sound.

    The right answer (and the answer code, if any) must pass, and so must the
    answer read or worked from the lesson's rounded table (``decimals``,
    ``worked``); every misconception
    must produce a wrong answer that gets exactly its own message; a placeholder
    must count as not answered; there must be a hint and a worked solution.

    >>> verify(Question(name="q9", prompt="2 + 2?", expected=4, hints=["Add."], solution_text="4",
    ...                 misconceptions=[Misconception(4, "You multiplied.")]))
    ['misconception 1 produces the right answer (4), so its message can never show']
    """
    found = []
    if question.judge(question.answer).status != CORRECT:
        found.append(f"the expected answer {question.answer!r} does not pass its own check")
    if question.answer_code:
        try:
            result = question.judge(question.run_answer_code())
        except Exception as err:  # noqa: BLE001 - report any failure of the author's code
            found.append(f"answer_code fails: {type(err).__name__}: {err}")
        else:
            if result.status != CORRECT:
                found.append(f"answer_code does not give the right answer ({result.message})")
    for number, (wrong, message) in enumerate(question.wrong_answers, start=1):
        result = question.judge(wrong)
        if result.status == CORRECT:
            found.append(f"misconception {number} produces the right answer ({wrong!r}), so its message can never show")
        elif result.message != message:
            found.append(f"misconception {number} gets another message: {result.message!r}")
    if question.worked is not None:
        w = question.worked
        from_table = w.formula(*[round(_as_float(x), w.decimals) for x in w.inputs(question.get_team())])
        if question.judge(from_table).status != CORRECT:
            found.append(f"the answer worked from the table's rounded numbers ({from_table!r}) does not pass")
    if question.decimals is not None and _kind(question.answer) == "number":
        copied = round(_as_float(question.answer), question.decimals)
        if question.judge(copied).status != CORRECT:
            found.append(f"the answer as the table shows it ({copied!r}) does not pass")
    if question.judge(...).status != NOT_ATTEMPTED:
        found.append("a placeholder (...) is not treated as 'not answered yet'")
    if not question.hints:
        found.append("no hints")
    if not (question.solution_text or question.answer_code):
        found.append("no worked solution (solution_text or answer_code)")
    return found
