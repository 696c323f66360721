"""The practice questions of each lesson, one module per lesson.

``sefkit/classroom/lessons/pipeline.py`` declares the questions of course/05_pipeline.ipynb,
and the lesson imports them: ``from sefkit.classroom.lessons.pipeline import q1, q2``.
Every :class:`~sefkit.classroom.practice.Question` found here is tested automatically with
its right answer and each of its misconceptions (tests/test_practice.py), so a new
question needs no test of its own. docs/AUTHORING.md shows how to write one.
"""

from __future__ import annotations

import importlib
import pkgutil


def lesson_modules() -> list[str]:
    """Names of the lesson modules, for example ``['pipeline', 'welcome']``."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def all_questions() -> dict[str, object]:
    """Every practice question declared in a lesson module, as ``{"lesson.name": question}``.

    >>> all(key.count(".") == 1 for key in all_questions())
    True
    """
    from sefkit.classroom.practice import Question

    found = {}
    for module_name in lesson_modules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        for attr, value in vars(module).items():
            if isinstance(value, Question):
                found[f"{module_name}.{attr}"] = value
    return found
