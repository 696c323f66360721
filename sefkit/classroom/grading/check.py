"""Checking recorded answers against answer keys, in the grading process.

:func:`check` takes an assignment's declaration and, per item, the record its
answer left the learner's kernel as (:mod:`sefkit.classroom.grading.answers`), and returns
one :class:`Verdict` per item: the points, a status and a message for the learner.
The keys are computed here, from the declaration, never in the learner's kernel,
and messages never show a key.

>>> from sefkit.classroom.grading.answers import record
>>> from sefkit.classroom.grading.declare import Assignment, Item
>>> from sefkit.classroom.practice import Misconception
>>> item = Item("double", answer="doubled", points=2, components=("prospecting",),
...             key=lambda ctx: 42, misconceptions=(Misconception(441, "You squared 21."),))
>>> demo = Assignment("demo", items=(item,))
>>> [v.status for v in check(demo, {"double": record("doubled", 42.0)}, "ann")]
['correct']
>>> check(demo, {"double": record("doubled", 441)}, "bob")[0].message
'You squared 21.'
>>> check(demo, {"double": record("doubled", 441)}, "bob")[0].misconception  # the first declared
0
>>> check(demo, {}, "cy")[0].message
'No answer was recorded for doubled: the grading did not reach this item.'

An item with ``assess`` is marked by what its answer does (a share of the points
and a message), not by whether it equals the key:

>>> big = Item("big", answer="n", points=2, components=("prospecting",), key=lambda ctx: 42,
...            assess=lambda ctx, n: (0.5, "Half way.") if n >= 21 else (0.0, "Too small."))
>>> [(v.status, v.points) for v in check(Assignment("demo", items=(big,)), {"big": record("n", 30)}, "di")]
[('partial', 1.0)]

An ``assess`` function may also say where the points were won, per SEF component
(:func:`breakdown`): each component's share of the points earned and available.
The verdict keeps it in points, for the cohort report's view by component:

>>> def by_rep(ctx, n):
...     return 0.5, "One of two.", {"hygiene": (0.5, 0.5), "forecasting": (0.0, 0.5)}
>>> split = Item("split", answer="n", points=2, components=("hygiene", "forecasting"), key=lambda ctx: 1,
...              assess=by_rep)
>>> check(Assignment("demo", items=(split,)), {"split": record("n", 1)}, "ed")[0].components
{'hygiene': (1.0, 1.0), 'forecasting': (0.0, 1.0)}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...data.team import COMPONENTS
from ..practice import same
from .answers import NotAnAnswer, decode, plain
from .declare import Assignment, Context, Item

CORRECT, WRONG, UNANSWERED, REJECTED = "correct", "wrong", "unanswered", "rejected"
#: An answer worth part of the points (a declared :class:`~sefkit.classroom.grading.declare.Partial`).
PARTIAL = "partial"
_KIND_WORDS = {bool: "True or False", int: "a number", float: "a number", str: "text (in quotes)",
               list: "a list", dict: "a dict"}


@dataclass(frozen=True)
class Verdict:
    """One item's result: its points, ``status`` (correct, partial, wrong, unanswered, rejected) and why."""

    grade_id: str
    points: float
    max_points: float
    status: str
    message: str
    misconception: int | None = None  # which of the item's misconceptions a wrong answer matched
    #: Where the points were won, if the item's ``assess`` says: component -> (points earned, available).
    components: dict[str, tuple[float, float]] | None = None

    def text(self) -> str:
        """The verdict in a line, as feedback shows it."""
        head = {CORRECT: "right", PARTIAL: "partly right", WRONG: "not right", UNANSWERED: "no answer",
                REJECTED: "not accepted"}
        return f"{self.grade_id}: {head[self.status]}, {self.points:g} of {self.max_points:g} points. {self.message}"

    def as_dict(self) -> dict:
        return {"grade_id": self.grade_id, "points": self.points, "max_points": self.max_points,
                "status": self.status, "message": self.message, "misconception": self.misconception,
                "components": None if self.components is None
                else {c: [earned, available] for c, (earned, available) in self.components.items()}}


def check(assignment: Assignment, records: Mapping[str, Any], learner: str,
          context: Context | None = None) -> list[Verdict]:
    """A :class:`Verdict` for every item, given each item's record (by grade id).

    An item with no record (its test cell was never reached) scores zero.
    ``context`` may be passed to reuse data already built for this learner.
    """
    ctx = context if context is not None else assignment.context(learner)
    ctx.answers.clear()
    ctx.passed.clear()
    verdicts = []
    for item in assignment.items:
        verdict = judge(item, records.get(item.grade_id), ctx)
        verdicts.append(verdict)
        if verdict.status == CORRECT:
            ctx.passed.add(item.grade_id)
    return verdicts


def judge(item: Item, record: Any, ctx: Context) -> Verdict:
    """The verdict on one item's record; records the learner's answer in ``ctx.answers``."""
    def verdict(status: str, message: str, misconception: int | None = None, share: float = 0.0,
                components: dict | None = None) -> Verdict:
        points = float(item.points) if status == CORRECT else float(item.points) * share
        return Verdict(item.grade_id, points, float(item.points), status, message, misconception, components)

    if record is None:
        return verdict(UNANSWERED, f"No answer was recorded for {item.answer}: the grading did not reach this item.")
    if type(record) is not dict or record.get("name") != item.answer:
        return verdict(REJECTED, f"The record for {item.answer} was not written by the grading: not counted.")
    try:
        answer = decode(record.get("answer"))
    except NotAnAnswer as err:
        kind = record.get("answer", {}).get("kind") if isinstance(record.get("answer"), dict) else None
        if kind in ("missing", "blank"):
            return verdict(UNANSWERED, f"{_sentence(str(err))} Write your answer in the answer cell and run it.")
        return verdict(REJECTED, f"{item.answer} is {err}; answer with a number, text or a list.")
    ctx.answers[item.grade_id] = answer
    expected = _key(item, ctx)
    if not _same_kind(answer, expected):
        return verdict(WRONG, f"{item.answer} should be {_kind(expected)}, but it is {_kind(answer)}.")
    if item.assess is not None:
        return _assessed(item, answer, ctx, verdict)
    if matches(item, answer, expected):
        return verdict(CORRECT, "Well done.")
    if item.method is not None and all(u in ctx.passed for u in item.uses):
        own = plain(item.method(ctx))
        if matches(item, answer, own):
            return verdict(CORRECT, "Well done: right, from your own earlier answers.")
    for (value, message), part in zip(_partial_answers(item, ctx), item.partial, strict=True):
        if value is not None and matches(item, answer, value):
            return verdict(PARTIAL, message, share=float(part.share))
    for number, (value, message) in enumerate(_wrong_answers(item, ctx)):
        if matches(item, answer, value):
            return verdict(WRONG, message, number)
    return verdict(WRONG, item.wrong or f"{item.answer} is not the right value.")


def _assessed(item: Item, answer, ctx: Context, verdict) -> Verdict:
    """The verdict of an item marked by ``item.assess``: its share of the points, its message and,
    if ``assess`` gives one, where the points were won (:func:`breakdown`)."""
    found = item.assess(ctx, answer)
    if not isinstance(found, tuple) or len(found) not in (2, 3):
        raise ValueError(f"item {item.grade_id}: assess must return (share, message) or "
                         f"(share, message, {{component: (earned, available)}}); got {found!r:.200}")
    share, message = float(found[0]), found[1]
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"item {item.grade_id}: assess gave a share of {share}, not one from 0 to 1")
    parts = breakdown(item, share, found[2]) if len(found) == 3 and found[2] is not None else None
    status = CORRECT if share == 1.0 else PARTIAL if share > 0 else WRONG
    return verdict(status, str(message), share=share, components=parts)


#: How far a breakdown's sums may be from 1 (available) and the share (earned): rounding only.
BREAKDOWN_TOLERANCE = 1e-6


def breakdown(item: Item, share: float, parts) -> dict[str, tuple[float, float]]:
    """An ``assess`` function's per-component breakdown, checked, in points: component -> (earned, available).

    ``parts`` maps SEF components (``sefkit.data.team.COMPONENTS``) to (earned,
    available) as shares of the item's points: each available more than 0, each
    earned from 0 to its available, the availables adding up to 1 and the earneds
    to the item's share (so the breakdown splits exactly the points the verdict gives).

    >>> item = Item("x", answer="x", points=4, components=("calls",), key=lambda ctx: 1)
    >>> breakdown(item, 0.75, {"calls": (0.5, 0.5), "hygiene": (0.25, 0.5)})
    {'calls': (2.0, 2.0), 'hygiene': (1.0, 2.0)}
    >>> breakdown(item, 0.5, {"charm": (0.5, 1.0)})
    Traceback (most recent call last):
    ...
    ValueError: item x: assess gave a breakdown by 'charm', not an SEF component (territory, ...
    """
    where = f"item {item.grade_id}: assess gave a breakdown"
    if not isinstance(parts, Mapping) or not parts:
        raise ValueError(f"{where} that is not a dict of component -> (earned, available): {parts!r:.200}")
    checked = {}
    for component, pair in parts.items():
        if component not in COMPONENTS:
            raise ValueError(f"{where} by {component!r}, not an SEF component ({', '.join(COMPONENTS)})")
        try:
            earned, available = (float(x) for x in pair)
        except (TypeError, ValueError):
            raise ValueError(f"{where} for {component} of {pair!r:.100}, not a pair (earned, available)") from None
        if not (available > 0 and 0 <= earned <= available + BREAKDOWN_TOLERANCE):
            raise ValueError(f"{where} for {component} of ({earned:g}, {available:g}): each available must be more "
                             "than 0 and each earned from 0 to its available")
        checked[component] = (min(earned, available), available)
    total_available = sum(a for _, a in checked.values())
    total_earned = sum(e for e, _ in checked.values())
    if abs(total_available - 1) > BREAKDOWN_TOLERANCE or abs(total_earned - share) > BREAKDOWN_TOLERANCE:
        raise ValueError(f"{where} whose availables add up to {total_available:g} (not 1) or whose earneds add up "
                         f"to {total_earned:g} (not the share, {share:g}): give each as a share of the item's points")
    points = float(item.points)
    return {c: (e * points, a * points) for c, (e, a) in checked.items()}


def prepare(assignment: Assignment, ctx: Context) -> Context:
    """Compute every key and known wrong answer for this learner now (they are kept in ``ctx``).

    Autograding calls this before the learner's code runs, so nothing that code
    does afterwards (on a machine without the sandbox, even to files) can touch them.
    """
    for item in assignment.items:
        _key(item, ctx)
        _partial_answers(item, ctx)
        _wrong_answers(item, ctx)
    return ctx


def _key(item: Item, ctx: Context):
    return ctx.value((item.grade_id, "key"), lambda c: plain(item.key(c)))


def _wrong_answers(item: Item, ctx: Context) -> list[tuple[Any, str]]:
    return [(ctx.value((item.grade_id, n), lambda c, w=w: plain(w.answer(c) if callable(w.answer) else w.answer)),
             w.message) for n, w in enumerate(item.misconceptions)]


def _partial_answers(item: Item, ctx: Context) -> list[tuple[Any, str]]:
    """Each declared partial answer for this learner (None: none here) and its message."""
    def value(c, p):
        found = p.answer(c) if callable(p.answer) else p.answer
        return None if found is None else plain(found)

    return [(ctx.value((item.grade_id, "partial", n), lambda c, p=p: value(c, p)), p.message)
            for n, p in enumerate(item.partial)]


def matches(item: Item, answer, expected) -> bool:
    """Whether ``answer`` matches ``expected`` by kind, then value within the item's tolerance."""
    return _same_kind(answer, expected) and same(answer, expected, rel_tol=item.rel_tol, abs_tol=item.abs_tol)


def _kind(value) -> str:
    for kind, words in _KIND_WORDS.items():
        if type(value) is kind:
            return words
    return f"a {type(value).__name__}"


def _same_kind(answer, expected) -> bool:
    return _kind(answer) == _kind(expected) or (type(answer) in (int, float) and type(expected) in (int, float))


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."
