"""Declaring a graded assignment once: its items, their answer keys, and its personas.

An assignment's declaration lives beside its source notebook, in
``solutions/<assignment>/answer_key.py`` (answer keys are solutions: the file is
never released, see nbgrader_config.py), and names an :class:`Assignment`
``ASSIGNMENT``. Its learner personas (made-up submissions with the score each
should get) live in ``solutions/<assignment>/personas.py`` as ``PERSONAS``.
docs/AUTHORING.md walks through both.

>>> from sefkit.classroom.practice import Misconception
>>> item = Item("double", answer="doubled", points=2, components=("prospecting",),
...             key=lambda ctx: 2 * ctx.data,
...             misconceptions=(Misconception(lambda ctx: ctx.data ** 2, "You squared it."),))
>>> homework = Assignment("demo", items=(item,), data=lambda learner: 21)
>>> homework.item("double").answer_cell
'double_answer'
>>> homework.context("learner-1").data
21

An answer that is not the key but close to it may earn part of the points
(:class:`Partial`): here, 21 itself earns half for a learner who forgot to double.

>>> half = Partial(lambda ctx: ctx.data, 0.5, "You found the number but did not double it.")
>>> Item("double", answer="doubled", points=2, components=("prospecting",),
...      key=lambda ctx: 2 * ctx.data, partial=(half,)).partial[0].share
0.5
"""

from __future__ import annotations

import runpy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...data.team import COMPONENTS
from .. import layout
from ..practice import Misconception

#: The declaration file of an assignment, in its solutions/ folder (never released).
KEY_FILE = "answer_key.py"
#: The personas file of an assignment, beside its declaration (never released).
PERSONAS_FILE = "personas.py"
#: Where a persona's answer types the learner's own id (``f"trainee_id = '{LEARNER_ID}'"``): replaced by
#: the id it is graded under, its own name in the tests and the demo trainee's id in a demo cohort.
LEARNER_ID = "{learner_id}"


@dataclass(frozen=True, eq=False)
class Context:
    """What an answer key may depend on: the learner, the assignment's data, earlier answers.

    ``data`` is what :attr:`Assignment.data` built for this learner (for example
    their team); ``answers`` holds the learner's own recorded answers to the items
    checked so far (by grade id) and ``passed`` those items' ids that were right.
    Keys and misconceptions depend on the learner and data only, so their values
    are kept in ``values`` and computed once per learner.
    """

    learner: str
    data: Any
    answers: dict = field(default_factory=dict)
    passed: set = field(default_factory=set)
    values: dict = field(default_factory=dict)

    def value(self, name, compute):
        """``compute(self)`` (or ``compute`` itself, if not callable), computed once under ``name``."""
        if name not in self.values:
            self.values[name] = compute(self) if callable(compute) else compute
        return self.values[name]


@dataclass(frozen=True, eq=False)
class Partial:
    """An answer worth part of an item's points: not the key, but close to it in a way the author declares.

    Args:
        answer: the answer (a value, or ``answer(context)``, computed in the grading
            process like a key). ``None`` means this learner has no such answer (for
            example a runner-up that is not close enough to the key to earn anything).
        share: the share of the item's points it earns, more than 0 and less than 1.
        message: what a learner who gave it reads (name what is missing, never the key).

    >>> Partial(0.3, 1.5, "x")
    Traceback (most recent call last):
    ...
    ValueError: a partial answer earns a share of the points between 0 and 1 (not 0 or 1); got 1.5
    """

    answer: Any
    share: float
    message: str

    def __post_init__(self):
        if isinstance(self.share, bool) or not 0 < float(self.share) < 1:
            raise ValueError("a partial answer earns a share of the points between 0 and 1 (not 0 or 1); "
                             f"got {self.share!r}")
        if not isinstance(self.message, str) or not self.message.strip():
            raise ValueError("a partial answer needs the message a learner who gave it reads")


@dataclass(frozen=True, eq=False)
class Item:
    """One autograded item: the test cell ``grade_id`` and how its answer is marked.

    Args:
        grade_id: the nbgrader grade id of the item's test cell.
        answer: the variable the learner sets in the answer cell.
        points: the points it is worth (the test cell's nbgrader points, checked).
        components: the SEF components it assesses (names from ``sefkit.data.team.COMPONENTS``).
        key: ``key(context) -> the right answer``, computed in the grading process.
        integration: whether it needs more than one part of the job put together.
        rel_tol, abs_tol: how close a number must be (within either).
        method: optional ``method(context) -> answer`` built from the learner's own
            earlier answers (``context.answers``): an item carried forward is then
            marked on its method too, but only when every item in ``uses`` was right.
        uses: the grade ids whose answers ``method`` reads.
        misconceptions: known wrong answers (values, or functions of the context),
            each with the message a learner who gave it sees.
        partial: answers worth part of the points (:class:`Partial`), checked after
            the key and before the misconceptions.
        wrong: the message for a wrong answer that matches no known mistake.
        answer_cell: the grade id of the answer cell (default ``<grade_id>_answer``).
        assess: optional ``assess(context, answer) -> (share, message)`` for an answer
            marked by what it *does* rather than what it equals (a coaching plan
            marked by its simulated effect): ``share`` of the points, from 0 to 1,
            and the message the learner reads (never a key). The answer must still
            be of the key's kind; ``key`` is then the reference answer (its kind, and
            what a full-marks answer looks like); ``partial``, ``misconceptions``
            and ``method`` are not used with it. It may return a third element, where
            the points were won per SEF component, ``{component: (earned, available)}``
            as shares of the item's points (the availables add up to 1, the earneds to
            ``share``; :func:`sefkit.classroom.grading.check.breakdown`): the cohort
            report then shows the item by those components, not by ``components``.

    >>> def by_size(ctx, answer):
    ...     return (1.0, "Big enough.") if answer >= 40 else (0.0, "Too small.")
    >>> Item("big", answer="n", points=1, components=("prospecting",), key=lambda ctx: 42, assess=by_size).assess
    <function by_size at ...>
    """

    grade_id: str
    answer: str
    points: float
    components: Sequence[str]
    key: Callable[[Context], Any]
    integration: bool = False
    rel_tol: float = 0.01
    abs_tol: float = 1e-9
    method: Callable[[Context], Any] | None = None
    uses: Sequence[str] = ()
    misconceptions: Sequence[Misconception] = ()
    wrong: str = ""
    answer_cell: str = ""
    partial: Sequence[Partial] = ()
    assess: Callable[[Context, Any], tuple] | None = None  # (share, message[, breakdown])

    def __post_init__(self):
        for attr in ("components", "uses", "misconceptions", "partial"):
            object.__setattr__(self, attr, tuple(getattr(self, attr)))
        if not self.answer_cell:
            object.__setattr__(self, "answer_cell", f"{self.grade_id}_answer")
        unknown = [c for c in self.components if c not in COMPONENTS]
        if not self.components or unknown:
            raise ValueError(f"item {self.grade_id}: components must be among {', '.join(COMPONENTS)}; "
                             f"got {list(self.components)}")
        if not self.answer.isidentifier():
            raise ValueError(f"item {self.grade_id}: answer must be the variable's name, got {self.answer!r}")
        if self.points <= 0 or self.rel_tol < 0 or self.abs_tol < 0:
            raise ValueError(f"item {self.grade_id}: points must be positive and tolerances zero or more")
        if bool(self.method) != bool(self.uses):
            raise ValueError(f"item {self.grade_id}: give method= and uses= together (the items it builds on)")
        if not all(isinstance(m, Misconception) for m in self.misconceptions):
            raise ValueError(f"item {self.grade_id}: misconceptions must be Misconception(answer, message)")
        if not all(isinstance(p, Partial) for p in self.partial):
            raise ValueError(f"item {self.grade_id}: partial answers must be Partial(answer, share, message)")
        if self.assess is not None and (self.partial or self.misconceptions or self.method):
            raise ValueError(f"item {self.grade_id}: an assessed item gives its own messages; "
                             "leave out partial, misconceptions and method")


@dataclass(frozen=True, eq=False)
class Fact:
    """A statement the model answer or mark scheme of a written item relies on, and its check.

    Written answers are graded by a person against a mark scheme, so nothing checks
    them automatically; what can be checked is that the data still says what the
    model answer says. ``holds(ctx)`` returns True when it does (tests/test_personas.py
    checks every declared fact, so an engine change that breaks one fails a test).

    >>> Fact("21 doubled is more than 40", lambda ctx: 2 * ctx.data > 40).holds(Context("a", 21))
    True
    """

    statement: str
    holds: Callable[[Context], bool]


@dataclass(frozen=True, eq=False)
class Assignment:
    """A graded assignment: its name, its autograded items, and the data its keys use.

    ``data(learner)`` builds what the keys are computed from (a team, usually); it
    may depend on the learner's id, so each learner can get their own team. Items
    are checked in order, so an item's ``uses`` must come before it. ``facts`` are
    what the written items' model answers rely on (:class:`Fact`).
    ``same_for_every_learner``: True when ``data`` and every key and misconception
    are the same whoever the learner is (no key reads ``ctx.learner``); grading then
    builds the data and computes them once per grading process rather than once per
    learner (:meth:`context_like`), which is most of a submission's grading time.
    """

    name: str
    items: Sequence[Item]
    data: Callable[[str], Any] = lambda learner: None
    notebook: str = ""
    facts: Sequence[Fact] = ()
    same_for_every_learner: bool = False
    kernel_files: Callable[[Context], Mapping[str, bytes]] | None = None

    def __post_init__(self):
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "facts", tuple(self.facts))
        if not self.notebook:
            object.__setattr__(self, "notebook", self.name)
        seen: set[str] = set()
        for item in self.items:
            if item.grade_id in seen:
                raise ValueError(f"assignment {self.name}: grade id {item.grade_id} is declared twice")
            late = [u for u in item.uses if u not in seen]
            if late:
                raise ValueError(f"assignment {self.name}: {item.grade_id} uses {late}, declare those first")
            seen.add(item.grade_id)

    def item(self, grade_id: str) -> Item:
        """The item with this grade id."""
        for item in self.items:
            if item.grade_id == grade_id:
                return item
        raise KeyError(f"assignment {self.name} has no item {grade_id!r}")

    def context(self, learner: str) -> Context:
        """A fresh :class:`Context` for ``learner`` (no answers checked yet)."""
        return Context(learner=learner, data=self.data(learner))

    def context_like(self, other: Context, learner: str) -> Context:
        """A fresh context for ``learner`` that reuses ``other``'s data and computed values.

        Only for an assignment declared ``same_for_every_learner`` (otherwise a
        ValueError): the values are the keys and misconceptions, the same for everyone.

        >>> a = Assignment("demo", items=[], data=lambda learner: [1, 2], same_for_every_learner=True)
        >>> first = a.context("ana")
        >>> first.value("key", lambda c: sum(c.data))
        3
        >>> again = a.context_like(first, "ben")
        >>> again.learner, again.data is first.data, again.values, again.answers
        ('ben', True, {'key': 3}, {})
        """
        if not self.same_for_every_learner:
            raise ValueError(f"assignment {self.name} gives each learner their own data: "
                             "build each learner's context with context(learner)")
        return Context(learner=learner, data=other.data, values=dict(other.values))

    @property
    def points(self) -> dict[str, float]:
        """Points per grade id, in order."""
        return {item.grade_id: float(item.points) for item in self.items}


@dataclass(frozen=True, eq=False)
class Persona:
    """A made-up learner: what they write, and the score each graded cell should get.

    Args:
        name: the persona's name (its student id when graded).
        answers: answer-cell grade id -> the text the learner leaves in that cell;
            :data:`LEARNER_ID` in it stands for the learner's own id (an assignment
            that gives each learner their own data asks for it).
        base: ``"model"`` starts from the author's answers (the solution notebook),
            ``"blank"`` from the release untouched.
        typed: answer cells whose answer is typed by hand instead, read off the
            model answer and rounded as a manager would (``"*"`` for all of them).
        loses: grade ids that score 0; every other autograded item scores full points.
        scores: grade id -> an exact expected score (None: waits for a human grader),
            for anything ``loses`` does not say (written answers, partial points).
        about: what the persona stands for, in a line (the docs' personas table).
    """

    name: str
    answers: Mapping[str, str] = field(default_factory=dict)
    base: str = "model"
    typed: Sequence[str] | str = ()
    loses: Sequence[str] = ()
    scores: Mapping[str, float | None] = field(default_factory=dict)
    about: str = ""

    def __post_init__(self):
        if self.base not in ("model", "blank"):
            raise ValueError(f"persona {self.name}: base must be 'model' or 'blank'")
        if not self.name.replace("_", "").isalnum():
            raise ValueError(f"persona {self.name!r}: use letters, digits and underscores (it is a student id)")

    def expected(self, points: Mapping[str, float]) -> dict[str, float | None]:
        """Expected score per graded cell, given every graded cell's points."""
        unknown = sorted((set(self.loses) | set(self.scores)) - set(points))
        if unknown:
            raise ValueError(f"persona {self.name}: no graded cell {unknown}")
        found = {g: (0.0 if g in self.loses else float(p)) for g, p in points.items()}
        found.update(self.scores)
        return found


#: The faker persona's trick: a number that says it equals anything (and a string, below).
AGREE_NUMBER = (
    "class Agree(float):\n"
    "    def __eq__(self, other):\n"
    "        return True\n"
    "    def __ne__(self, other):\n"
    "        return False\n"
    "    __hash__ = float.__hash__\n"
)
AGREE_TEXT = AGREE_NUMBER.replace("Agree(float)", "AgreeText(str)").replace("float.__hash__", "str.__hash__")


def faked_answers(variables: Mapping[str, str], text: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every answer cell of a faker persona: each answer an object that claims to equal anything.

    Grading compares keys in the grading process, never with the learner's ``==``,
    so a faker must score 0 on every item (tests/test_personas.py checks it).

    Args:
        variables: answer cell grade id -> the variable the cell sets.
        text: variable -> the string a text answer pretends to be; every other
            variable pretends to be the number 0.123.

    >>> cells = faked_answers({"a_answer": "a", "b_answer": "b"}, text={"b": "R99"})
    >>> found = {}
    >>> exec(cells["a_answer"], found); exec(cells["b_answer"], found)
    >>> found["a"] == 42, found["b"] == "R01", str(found["b"])
    (True, True, 'R99')
    """
    text = dict(text or {})
    unknown = sorted(set(text) - set(variables.values()))
    if unknown:
        raise ValueError(f"faked_answers: {unknown} are not answer variables; valid: {sorted(variables.values())}")
    return {cell: (AGREE_TEXT + f"{variable} = AgreeText({text[variable]!r})" if variable in text
                   else AGREE_NUMBER + f"{variable} = Agree(0.123)")
            for cell, variable in variables.items()}


# -- loading -----------------------------------------------------------------------------


def assignment_names(course_dir: str | Path) -> list[str]:
    """The assignments in ``solutions/`` that declare their items (have an answer_key.py)."""
    source = layout.of(course_dir).source_path
    return sorted(p.parent.name for p in source.glob(f"*/{KEY_FILE}")) if source.is_dir() else []


def load(course_dir: str | Path, name: str, source_dir: str | None = None) -> Assignment:
    """The :class:`Assignment` declared in ``solutions/<name>/answer_key.py``.

    Raises FileNotFoundError when the assignment declares nothing (it is then
    graded by its notebook's own tests alone) and ValueError when the file does
    not name an Assignment ``ASSIGNMENT`` for this assignment.
    """
    source_dir = source_dir or layout.of(course_dir).source
    found = _run(Path(course_dir) / source_dir / name / KEY_FILE).get("ASSIGNMENT")
    if not isinstance(found, Assignment) or found.name != name:
        raise ValueError(f"{source_dir}/{name}/{KEY_FILE} must set ASSIGNMENT = Assignment({name!r}, ...)")
    return found


def load_personas(course_dir: str | Path, name: str) -> tuple[Persona, ...]:
    """The personas declared in ``solutions/<name>/personas.py`` (``PERSONAS``)."""
    source_dir = layout.of(course_dir).source
    found = _run(Path(course_dir) / source_dir / name / PERSONAS_FILE).get("PERSONAS")
    if not found or not all(isinstance(p, Persona) for p in found):
        raise ValueError(f"{source_dir}/{name}/{PERSONAS_FILE} must set PERSONAS = (Persona(...), ...)")
    names = [p.name for p in found]
    if len(set(names)) != len(names):
        raise ValueError(f"{source_dir}/{name}/{PERSONAS_FILE}: two personas share a name")
    return tuple(found)


def _run(path: Path) -> dict:
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    return runpy.run_path(str(path), run_name=f"sefkit_declaration_{path.parent.name}")
