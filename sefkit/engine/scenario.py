"""Scenarios: named parameter sets for the simulation, shipped as JSON data files.

``sefkit/engine/scenarios/base.json`` holds every parameter with its default and its
documentation (what it means, its valid range). Each named scenario file holds only
the parameters it changes. :func:`resolve` merges base, scenario and your own
overrides and checks every value, so a typo or an impossible number stops with a
message that names it and lists what is valid.

>>> scenarios().loc[0, "name"]
'northwind'
>>> resolve("northwind", n_reps=4)["n_reps"]
4
>>> resolve("northwind", n_rep=4)
Traceback (most recent call last):
...
ValueError: unknown parameter 'n_rep'; valid parameters: n_reps, quarters, ...
"""

from __future__ import annotations

import copy
import json
import math
import numbers
from functools import cache
from importlib import resources

import pandas as pd

from ..data import periods
from ..data.team import COMPONENTS

#: Shipped scenarios in the order lessons introduce them.
SCENARIO_ORDER = (
    "northwind",
    "prospecting_only",
    "zombie_pipeline",
    "happy_ears",
    "marketing_surge",
    "product_gap",
    "enterprise",
)
#: Parameter sections that may change from one quarter to the next (``changes``).
TIME_VARYING = (
    "hours",
    "prospecting",
    "marketing",
    "customer_experience",
    "deals",
    "qualification",
    "calls",
    "decision",
    "hygiene",
    "forecast",
    "coaching",
    "enablement",
    "product",
)


@cache
def _read(name: str) -> dict:
    text = resources.files("sefkit.engine").joinpath("scenarios", f"{name}.json").read_text("utf-8")
    return json.loads(text)


def _names() -> list[str]:
    files = resources.files("sefkit.engine").joinpath("scenarios").iterdir()
    found = {f.name[:-5] for f in files if f.name.endswith(".json") and f.name != "base.json"}
    return [n for n in SCENARIO_ORDER if n in found] + sorted(found - set(SCENARIO_ORDER))


def scenarios() -> pd.DataFrame:
    """The shipped scenarios: one row each, with a one-line description.

    >>> scenarios()["name"].tolist()[:3]
    ['northwind', 'prospecting_only', 'zombie_pipeline']
    """
    rows = [{"name": n, "description": _read(n)["description"]} for n in _names()]
    return pd.DataFrame(rows, columns=["name", "description"])


def documentation() -> pd.DataFrame:
    """Every parameter: its dotted name, default value and meaning.

    >>> documentation().set_index("parameter").loc["n_reps", "default"]
    10
    """
    base = _read("base")
    rows = []
    for path, value in _leaves(base["parameters"]):
        doc = base["documentation"].get(path, {})
        rows.append({"parameter": path, "default": value, "meaning": doc.get("doc", "")})
    return pd.DataFrame(rows, columns=["parameter", "default", "meaning"])


def _leaves(d: dict, prefix: str = ""):
    for key, value in d.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and path not in _FREE_DICTS:
            yield from _leaves(value, path + ".")
        else:
            yield path, value


#: Dict parameters whose keys are not fixed by base.json (checked by special rules).
_FREE_DICTS = {"skills.reps", "qualification.rep_bar"}


def scenario_overrides(name: str) -> dict:
    """The parameters a named scenario changes (a deep copy).

    >>> scenario_overrides("happy_ears")["forecast"]["optimism"] > 0
    True
    """
    if not isinstance(name, str) or name not in _names():
        raise ValueError(f"unknown scenario {name!r}; valid scenarios: {', '.join(_names())}")
    return copy.deepcopy(_read(name)["parameters"])


def resolve(scenario: str = "northwind", **overrides) -> dict:
    """The full, checked parameter dict: base, then the scenario, then ``overrides``.

    Nested parameters are overridden with a dict that is merged into the default,
    so ``hours={"prospecting": 8}`` changes only prospecting hours.

    >>> p = resolve("northwind", hours={"prospecting": 8})
    >>> p["hours"]["prospecting"], p["hours"]["deal"]
    (8.0, 20.0)
    >>> resolve("northwind", quarters=0)
    Traceback (most recent call last):
    ...
    ValueError: parameter 'quarters' is 0; it must be at least 1
    """
    base = _read("base")
    params = copy.deepcopy(base["parameters"])
    scen = scenario_overrides(scenario)
    _merge(params, scen)
    _merge(params, copy.deepcopy(overrides))
    _check_tree(params, base["parameters"], "", base["documentation"])
    _check_special(params)
    return params


def _merge(target: dict, new: dict, prefix: str = "") -> None:
    for key, value in new.items():
        path = f"{prefix}{key}"
        if key not in target:
            where = f" in {prefix[:-1]!r}" if prefix else ""
            raise ValueError(f"unknown parameter {path!r}; valid parameters{where}: {', '.join(target)}")
        if isinstance(target[key], dict) and path not in _FREE_DICTS:
            if not isinstance(value, dict):
                raise ValueError(
                    f"parameter {path!r} must be a dict of {', '.join(target[key])}, "
                    f"not {type(value).__name__}"
                )
            _merge(target[key], value, path + ".")
        else:
            target[key] = value


def _type_name(value) -> str:
    return {bool: "true/false", int: "a whole number", float: "a finite number", str: "text"}.get(
        type(value), type(value).__name__
    )


def _check_tree(params: dict, defaults: dict, prefix: str, docs: dict) -> None:
    for key, default in defaults.items():
        path = f"{prefix}{key}"
        value = params[key]
        if path in _FREE_DICTS or default is None or isinstance(default, list):
            continue
        if isinstance(default, dict):
            _check_tree(value, default, path + ".", docs)
            continue
        params[key] = _check_value(path, value, default, docs.get(path, {}))


def _check_value(path: str, value, default, rule: dict):
    """``value`` as the default's type (numpy numbers become Python ones), or ValueError."""
    if isinstance(default, bool) or isinstance(value, bool):
        ok = type(value) is type(default)
    elif isinstance(default, int):
        ok = isinstance(value, numbers.Integral)
        value = int(value) if ok else value
    elif isinstance(default, float):
        ok = isinstance(value, numbers.Real) and math.isfinite(value)
        value = float(value) if ok else value
    else:
        ok = type(value) is type(default)
    if not ok:
        raise ValueError(
            f"parameter {path!r} must be {_type_name(default)}, not {value!r} ({type(value).__name__})"
        )
    if "choices" in rule and value not in rule["choices"]:
        raise ValueError(f"parameter {path!r} is {value!r}; valid choices: {', '.join(rule['choices'])}")
    if "min" in rule and value < rule["min"]:
        raise ValueError(f"parameter {path!r} is {value}; it must be at least {rule['min']}")
    if "max" in rule and value > rule["max"]:
        raise ValueError(f"parameter {path!r} is {value}; it must be at most {rule['max']}")
    return value


def rep_ids(n_reps: int) -> list[str]:
    """Rep ids of a team of ``n_reps`` ("R01", ...; wider when there are more reps).

    >>> rep_ids(3)
    ['R01', 'R02', 'R03']
    """
    width = max(2, len(str(n_reps)))
    return [f"R{i + 1:0{width}d}" for i in range(n_reps)]


def quarter_number(value, params: dict, what: str) -> int:
    """Zero-based quarter index of ``value``: a 1-based number or a label like "2025Q3"."""
    n = params["quarters"]
    labels = periods.quarter_labels(params["start"], n)
    if isinstance(value, str) and value in labels:
        return labels.index(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and 1 <= value <= n:
        return int(value) - 1
    raise ValueError(
        f"{what} {value!r} is not a quarter of this run; valid quarters: 1-{n} or {', '.join(labels)}"
    )


def _check_special(p: dict) -> None:
    try:
        periods.quarter_labels(p["start"], 1)
        pd.Timestamp(p["start"])
    except ValueError as err:
        raise ValueError(f"parameter 'start' is {p['start']!r}: {err}") from None
    reps = rep_ids(p["n_reps"])
    # per-rep starting skills
    if not isinstance(p["skills"]["reps"], dict):
        raise ValueError("parameter 'skills.reps' must be a dict like {'R01': {'calls': 0.3}}")
    for rep, skills in p["skills"]["reps"].items():
        if rep not in reps:
            raise ValueError(f"parameter 'skills.reps' names unknown rep {rep!r}; valid reps: {', '.join(reps)}")
        if not isinstance(skills, dict):
            raise ValueError(f"parameter 'skills.reps.{rep}' must be a dict of skill: value")
        for comp, value in skills.items():
            if comp not in COMPONENTS:
                raise ValueError(
                    f"parameter 'skills.reps.{rep}' names unknown skill {comp!r}; "
                    f"valid skills: {', '.join(COMPONENTS)}"
                )
            skills[comp] = _check_value(f"skills.reps.{rep}.{comp}", value, 0.5, {"min": 0, "max": 1})
    _check_rep_bar(p, reps)
    # one rep stops prospecting
    stop = p["stop_prospecting"]
    if stop is not None:
        if not isinstance(stop, dict) or set(stop) != {"rep", "quarter"}:
            raise ValueError(
                "parameter 'stop_prospecting' must be null or a dict with keys 'rep' and "
                "'quarter', like {'rep': 'R01', 'quarter': 3}"
            )
        if stop["rep"] not in reps:
            raise ValueError(f"stop_prospecting rep {stop['rep']!r} is unknown; valid reps: {', '.join(reps)}")
        quarter_number(stop["quarter"], p, "stop_prospecting quarter")
    # weekly hours must leave room for the work
    if p["prospecting"]["lag_max_weeks"] < p["prospecting"]["lag_min_weeks"]:
        raise ValueError("parameter 'prospecting.lag_max_weeks' must be at least 'prospecting.lag_min_weeks'")
    if p["hygiene"]["lazy_push_max_weeks"] < 1:
        raise ValueError("parameter 'hygiene.lazy_push_max_weeks' must be at least 1")
    # quarter-by-quarter changes
    if not isinstance(p["changes"], list):
        raise ValueError("parameter 'changes' must be a list of {'quarter': k, 'set': {...}}")
    base = _read("base")
    for i, change in enumerate(p["changes"]):
        if not isinstance(change, dict) or set(change) != {"quarter", "set"} or not isinstance(change["set"], dict):
            raise ValueError(f"changes[{i}] must be a dict {{'quarter': k, 'set': {{...}}}}, not {change!r}")
        quarter_number(change["quarter"], p, f"changes[{i}] quarter")
        bad = [k for k in change["set"] if k not in TIME_VARYING]
        if bad:
            raise ValueError(
                f"changes[{i}] sets {bad[0]!r}, which cannot change during a run; "
                f"valid sections: {', '.join(TIME_VARYING)}"
            )
        trial = copy.deepcopy(p)
        _merge(trial, copy.deepcopy(change["set"]))
        _check_tree(trial, base["parameters"], "", base["documentation"])
        _check_rep_bar(trial, reps)


def _check_rep_bar(p: dict, reps: list[str]) -> None:
    """Named reps' own admission bars: a dict of rep id -> a share from 0 to 1 (numbers become floats)."""
    bars = p["qualification"]["rep_bar"]
    if not isinstance(bars, dict):
        raise ValueError("parameter 'qualification.rep_bar' must be a dict like {'R03': 0.3}")
    for rep, value in bars.items():
        if rep not in reps:
            raise ValueError(f"parameter 'qualification.rep_bar' names unknown rep {rep!r}; valid reps: {', '.join(reps)}")
        bars[rep] = _check_value(f"qualification.rep_bar.{rep}", value, 0.5, {"min": 0, "max": 1})


def params_by_quarter(params: dict) -> list[dict]:
    """One parameter dict per quarter, with the scenario's ``changes`` applied from their quarter on.

    Quarters without a change share the same dict; treat them as read-only.
    """
    starts = [quarter_number(c["quarter"], params, "quarter") for c in params["changes"]]
    out, current = [], params
    for q in range(params["quarters"]):
        todo = [c for c, s in zip(params["changes"], starts, strict=True) if s == q]
        if todo:
            current = copy.deepcopy(current)
            for change in todo:
                _merge(current, copy.deepcopy(change["set"]))
        out.append(current)
    return out
