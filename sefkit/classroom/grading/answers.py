"""Answers as plain data: how a learner's answer leaves the kernel, and how the grader reads it.

At autograding, a short cell after each graded item's test cell runs :func:`emit`
in the learner's kernel. It turns the answer variable into plain data (numbers,
text, lists, small tables) and displays it under the MIME type :data:`MIME`; a
value that is not plain data (an object of the learner's own class, a function)
is recorded as "not an answer", with the reason. The grading process reads that
record back with :func:`decode`, which trusts nothing: it accepts only the
shapes :func:`encode` produces, within size limits, and rebuilds ordinary Python
and pandas values from them. Nothing learner code can put in a record is more
than an answer the learner could have typed; whether it is *right* is decided
outside the kernel (:mod:`sefkit.classroom.grading.check`).

>>> decode(encode(0.25))
0.25
>>> decode(encode(["R01", "R02"]))
['R01', 'R02']
>>> class Agree(float):
...     def __eq__(self, other):
...         return True
>>> decode(encode(Agree(0.1)))
Traceback (most recent call last):
...
sefkit.classroom.grading.answers.NotAnAnswer: an Agree object (made from float), not plain data: an object of its own class can pretend to equal anything
"""

from __future__ import annotations

import math
from typing import Any

#: The MIME type of an answer record in a notebook output.
MIME = "application/vnd.sefkit.answer+json"
#: Largest number of values a record may hold (a small table, not a data set).
MAX_VALUES = 10_000
#: Longest text a record may hold.
MAX_TEXT = 10_000
_PLAIN_SCALARS = (bool, int, float, str, type(None))


class NotAnAnswer(ValueError):
    """A recorded value the grader will not compare: the message says why."""


# -- in the learner's kernel -----------------------------------------------------------


def encode(value: Any) -> dict:
    """``value`` as a plain-data record, or a record saying why it is not an answer.

    >>> encode(2.5)
    {'kind': 'number', 'value': 2.5}
    >>> encode("R07")
    {'kind': 'text', 'value': 'R07'}
    >>> encode(print)["kind"]
    'not_an_answer'
    """
    try:
        budget = [MAX_VALUES]
        return _encode(value, budget)
    except NotAnAnswer as err:
        return {"kind": "not_an_answer", "reason": str(err)}


def _spend(budget: list, n: int = 1) -> None:
    budget[0] -= n
    if budget[0] < 0:
        raise NotAnAnswer(f"more than {MAX_VALUES:,} values: an answer is a number, text, a list or a small table")


def _encode(value: Any, budget: list) -> dict:
    _spend(budget)
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return _scalar(value)
    numpy_value = _numpy_scalar(value)
    if numpy_value is not None:
        return _scalar(numpy_value)
    if kind in (list, tuple):
        return {"kind": "list", "items": [_encode(v, budget) for v in value]}
    if kind in (set, frozenset):
        return {"kind": "set", "items": [_encode(v, budget) for v in value]}
    if kind is dict:
        return {"kind": "dict", "items": [[_encode(k, budget), _encode(v, budget)] for k, v in value.items()]}
    pandas = _pandas()
    if pandas is not None and kind is pandas.Series:
        _spend(budget, 2 * len(value))
        return {"kind": "series", "name": _scalar_or_none(value.name),
                "index": [_encode(i, budget) for i in value.index.tolist()],
                "values": [_encode(v, budget) for v in value.tolist()]}
    if pandas is not None and kind is pandas.DataFrame:
        _spend(budget, value.size + len(value.index))
        return {"kind": "table",
                "index": [_encode(i, budget) for i in value.index.tolist()],
                "columns": [[_encode(c, budget), [_encode(v, budget) for v in value[c].tolist()]]
                            for c in value.columns]}
    raise NotAnAnswer(_not_plain(value))


def _scalar(value) -> dict:
    if isinstance(value, bool):
        return {"kind": "yes/no", "value": bool(value)}
    if isinstance(value, int):
        return {"kind": "number", "value": int(value)}
    if isinstance(value, float):
        return {"kind": "number", "value": value if math.isfinite(value) else repr(value)}
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise NotAnAnswer(f"text longer than {MAX_TEXT:,} characters")
        return {"kind": "text", "value": value}
    return {"kind": "blank"}


def _scalar_or_none(value):
    return value if type(value) in _PLAIN_SCALARS and not isinstance(value, float) else None


def _numpy_scalar(value):
    """A numpy number, bool or text as the Python value it holds; None for anything else."""
    import sys

    numpy = sys.modules.get("numpy")
    if numpy is None or type(value).__module__ != "numpy" or not isinstance(value, numpy.generic):
        return None
    if isinstance(value, numpy.bool_ | numpy.integer | numpy.floating | numpy.str_):
        return value.item()
    return None


def _pandas():
    import sys

    return sys.modules.get("pandas")


def _not_plain(value) -> str:
    kind = type(value)
    bases = [b.__name__ for b in kind.__mro__[1:] if b in (*_PLAIN_SCALARS, list, tuple, set, dict)]
    made = f" (made from {bases[0]})" if bases else ""
    article = "an" if kind.__name__[:1].lower() in "aeiou" else "a"
    return (f"{article} {kind.__name__} object{made}, not plain data: an object of its own class can "
            "pretend to equal anything")


def record(name: str, value: Any) -> dict:
    """The record of the variable ``name`` holding ``value``, as :func:`emit` displays it.

    >>> record("coverage", 2.5)
    {'name': 'coverage', 'answer': {'kind': 'number', 'value': 2.5}}
    """
    return {"name": name, "answer": encode(value)}


def emit(name: str, namespace: dict) -> None:
    """Display the record of the variable ``name`` from ``namespace`` (run by the grader's cell).

    A variable that does not exist is recorded as missing: its answer cell did not
    run to the end (it still holds the placeholder, or it raised an error).
    """
    from IPython.display import display

    if name in namespace:
        found = record(name, namespace[name])
    else:
        found = {"name": name,
                 "answer": {"kind": "missing", "reason": f"{name} is not set: its answer cell did not run to the end"}}
    display({MIME: found}, raw=True)


# -- in the grading process --------------------------------------------------------------


def decode(record: Any):
    """The Python value a record holds; :class:`NotAnAnswer` when it holds none.

    Only the shapes :func:`encode` writes are accepted. Numbers come back as float
    or int, text as str, lists and sets as lists, a Series or table as pandas.

    >>> decode({"kind": "number", "value": 3})
    3
    >>> decode({"kind": "number", "value": "2"})
    Traceback (most recent call last):
    ...
    sefkit.classroom.grading.answers.NotAnAnswer: a damaged answer record (a number that is not a number)
    """
    budget = [MAX_VALUES]
    return _decode(record, budget)


def _damaged(what: str) -> NotAnAnswer:
    return NotAnAnswer(f"a damaged answer record ({what})")


def _decode(record: Any, budget: list):
    _spend(budget)
    if type(record) is not dict or type(record.get("kind")) is not str:
        raise _damaged("not a record")
    kind = record["kind"]
    if kind == "not_an_answer":
        reason = record.get("reason")
        raise NotAnAnswer(reason if type(reason) is str and len(reason) < 500 else "not plain data")
    if kind in ("missing", "blank"):
        raise NotAnAnswer(record.get("reason") if type(record.get("reason")) is str else "no answer")
    if kind == "number":
        value = record.get("value")
        if type(value) in (int, float):
            return value
        if value in ("nan", "inf", "-inf"):
            return float(value)
        raise _damaged("a number that is not a number")
    if kind == "yes/no":
        if type(record.get("value")) is not bool:
            raise _damaged("a yes/no that is not True or False")
        return record["value"]
    if kind == "text":
        if type(record.get("value")) is not str or len(record["value"]) > MAX_TEXT:
            raise _damaged("text that is not text")
        return record["value"]
    if kind in ("list", "set"):
        return [_decode(v, budget) for v in _array(record, "items")]
    if kind == "dict":
        pairs = _array(record, "items")
        if not all(type(p) is list and len(p) == 2 for p in pairs):
            raise _damaged("a dict that is not pairs")
        return {_hashable(_decode(k, budget)): _decode(v, budget) for k, v in pairs}
    if kind == "series":
        import pandas as pd

        index = [_hashable(_decode(i, budget)) for i in _array(record, "index")]
        values = [_decode(v, budget) for v in _array(record, "values")]
        if len(index) != len(values):
            raise _damaged("a series whose index and values differ in length")
        name = record.get("name")
        return pd.Series(values, index=index, name=name if type(name) in (str, int) else None,
                         dtype=None if values else object)
    if kind == "table":
        import pandas as pd

        index = [_hashable(_decode(i, budget)) for i in _array(record, "index")]
        columns = {}
        for pair in _array(record, "columns"):
            if type(pair) is not list or len(pair) != 2 or type(pair[1]) is not list or len(pair[1]) != len(index):
                raise _damaged("a table column of the wrong shape")
            columns[_hashable(_decode(pair[0], budget))] = [_decode(v, budget) for v in pair[1]]
        return pd.DataFrame(columns, index=index).infer_objects()
    raise _damaged(f"an unknown kind {kind[:40]!r}")


def _array(record: dict, key: str) -> list:
    value = record.get(key)
    if type(value) is not list:
        raise _damaged(f"{key} is not a list")
    return value


def _hashable(value):
    if isinstance(value, list):
        raise _damaged("a list used as a label")
    return value


def plain(value: Any):
    """``value`` as the grader sees it after a round trip (an answer key, say, in the same kinds).

    >>> import numpy as np
    >>> type(plain(np.float64(2.5))).__name__
    'float'
    """
    return decode(encode(value))
