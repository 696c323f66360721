"""sefkit: the helper library of the SEF course.

``sefkit.simulate(scenario, seed)`` returns a :class:`~sefkit.team.Team` of
simulated sales data; one module per Sales Execution Framework component
measures it (``sefkit.pipeline``, ``sefkit.deals``, ...). Submodules load on
first use, so ``import sefkit`` stays fast and never imports plotting or widget
libraries.
"""

from __future__ import annotations

import importlib

from .team import COMPONENTS, Team

__version__ = "0.1.0"

_SUBMODULES = {
    "calls", "cli", "coaching", "deals", "examples", "export", "forecast", "grading", "lessons", "navbar",
    "periods", "pipeline", "plots", "practice", "prospecting", "release", "scenario", "selection",
    "simulation", "system", "team", "territory", "widgets",
}
_FUNCTIONS = {"simulate": "simulation", "scenarios": "scenario"}

__all__ = ["COMPONENTS", "Team", "simulate", "scenarios", *sorted(_SUBMODULES)]


def __getattr__(name: str):
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'sefkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
