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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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

    def text(self) -> str:
        """The verdict in a line, as feedback shows it."""
        head = {CORRECT: "right", PARTIAL: "partly right", WRONG: "not right", UNANSWERED: "no answer",
                REJECTED: "not accepted"}
        return f"{self.grade_id}: {head[self.status]}, {self.points:g} of {self.max_points:g} points. {self.message}"

    def as_dict(self) -> dict:
        return {"grade_id": self.grade_id, "points": self.points, "max_points": self.max_points,
                "status": self.status, "message": self.message, "misconception": self.misconception}


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
    def verdict(status: str, message: str, misconception: int | None = None, share: float = 0.0) -> Verdict:
        points = float(item.points) if status == CORRECT else float(item.points) * share
        return Verdict(item.grade_id, points, float(item.points), status, message, misconception)

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
    """The verdict of an item marked by ``item.assess``: its share of the points and its message."""
    share, message = item.assess(ctx, answer)
    share = float(share)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"item {item.grade_id}: assess gave a share of {share}, not one from 0 to 1")
    status = CORRECT if share == 1.0 else PARTIAL if share > 0 else WRONG
    return verdict(status, str(message), share=share)


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
