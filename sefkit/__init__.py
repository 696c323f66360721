"""sefkit: the helper library of the SEF course.

``sefkit.simulate(scenario, seed)`` returns a :class:`~sefkit.data.team.Team` of
simulated sales data; one module per Sales Execution Framework component
measures it (``sefkit.pipeline``, ``sefkit.deals``, ...). The package reads in
layers, each importing only the layers above it:

=================  ==============================================================
``data``           the data contract (:class:`Team`), periods, rep and quarter filters, CRM exports
``engine``         the scenarios and the causal simulation behind :func:`simulate`
``components``     one module of metrics per SEF component (territory ... forecast)
``whole_job``      scorecard and diagnosis, coaching plans and their effect, comparisons, evidence, a rep's bar
``pictures``       charts, the SEF map and the lessons' widgets
``classroom``      practice checks, lessons' questions, claims, release, grading
=================  ==============================================================

Trainees keep short names: ``from sefkit import deals, pipeline`` loads
``sefkit.components.deals`` and ``sefkit.components.pipeline``. Modules load on
first use, so ``import sefkit`` stays fast and never imports plotting or widget
libraries.

>>> from sefkit import deals
>>> deals.__name__
'sefkit.components.deals'
"""

from __future__ import annotations

import importlib

from .data.team import COMPONENTS, Team

__version__ = "0.1.0"

#: The layers, in the order they build on each other.
LAYERS = ("data", "engine", "components", "whole_job", "pictures", "classroom")
#: Short names: ``sefkit.<name>`` is the module ``sefkit.<layer>.<name>``.
SHORT_NAMES = {
    **dict.fromkeys(("team", "periods", "selection", "export", "examples", "crm"), "data"),
    **dict.fromkeys(("scenario", "simulation"), "engine"),
    **dict.fromkeys(("territory", "prospecting", "deals", "calls", "pipeline", "forecast"), "components"),
    **dict.fromkeys(("system", "coaching", "comparison", "evidence", "qualification_bar"), "whole_job"),
    **dict.fromkeys(("plots", "sef_map", "widgets"), "pictures"),
    **dict.fromkeys(("practice", "lessons", "claims", "layout", "notebooks", "cleaning", "release", "leaks",
                     "course_check", "navbar", "grading", "crm_sample", "capstone"), "classroom"),
}
_FUNCTIONS = {"simulate": "engine.simulation", "scenarios": "engine.scenario"}

__all__ = ["COMPONENTS", "Team", "simulate", "scenarios", "cli", *LAYERS, *sorted(SHORT_NAMES)]


def __getattr__(name: str):
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    if name in SHORT_NAMES:
        return importlib.import_module(f".{SHORT_NAMES[name]}.{name}", __name__)
    if name in LAYERS or name == "cli":
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'sefkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
