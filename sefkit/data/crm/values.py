"""Reading the values of a CRM export: names, numbers written as text, dates.

Every function here takes a column of text (as read from the file) and returns
the values it could read plus a mask of the cells it could not, so the caller
can list those rows; nothing is guessed silently.

>>> numbers(pd.Series(["12,500.00", "$3k", "TBD", "", "(200)"]))[0].tolist()
[12500.0, nan, nan, nan, -200.0]
>>> numbers(pd.Series(["12,500.00", "$3k", "TBD", "", "(200)"]))[1].tolist()
[False, True, True, False, False]
>>> name_key(pd.Series(["GTX Pro", "GTXPro", " gtx-pro "])).tolist()
['gtxpro', 'gtxpro', 'gtxpro']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Currency symbols read in amounts, and the code each stands for.
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CODE = re.compile(r"\b([A-Z]{3})\b")
_SYMBOL = re.compile("[" + re.escape("".join(SYMBOLS)) + "]")


def blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty (missing, or only spaces).

    >>> blank(pd.Series(["a", "", "  ", None])).tolist()
    [False, True, True, True]
    """
    missing = values.isna()
    text = values[~missing]
    if text.empty:
        return missing
    return missing | (text.astype(str).str.strip() == "").reindex(values.index, fill_value=True)


def name_key(values: pd.Series) -> pd.Series:
    """The letters and digits of each name, in lower case: how names from two files are matched.

    "GTX Pro", "GTXPro" and "gtx-pro" share the key ``gtxpro``.
    """
    text = values.astype("string").str.casefold().str.replace(r"[\W_]+", "", regex=True)
    return text.astype(object).where(text.notna() & (text != ""), None)


_NOT_ALNUM = re.compile(r"[\W_]+")


def key(name) -> str | None:
    """:func:`name_key` of one name (None for a missing or empty one).

    >>> key("Closed - Won"), key("")
    ('closedwon', None)
    """
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return None
    return _NOT_ALNUM.sub("", str(name).casefold()) or None


def currencies(values: pd.Series) -> pd.Series:
    """The currency written inside each amount ("€1,200", "1200 EUR"), or None.

    >>> currencies(pd.Series(["€1,200", "1200 EUR", "1200"])).tolist()
    ['EUR', 'EUR', None]
    """
    text = values.astype("string")
    code = text.str.extract(_CODE, expand=False)
    symbol = text.str.extract(f"({_SYMBOL.pattern})", expand=False).map(SYMBOLS)
    out = code.fillna(symbol)
    return out.astype(object).where(out.notna(), None)


def on_uniques(function, values: pd.Series, *args) -> tuple[pd.Series, pd.Series]:
    """``function`` (returning values and an unreadable mask) applied once to each distinct value.

    Exports repeat the same dates, amounts and names many times; reading each
    distinct one once is what makes a 100,000-row export quick.
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    got, bad = function(pd.Series(np.asarray(uniques, dtype=object), dtype=object), *args)
    out = got.reset_index(drop=True).reindex(codes)
    flags = bad.reset_index(drop=True).reindex(codes, fill_value=False).astype(bool)
    return out.set_axis(values.index), flags.set_axis(values.index)


def numbers(values: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """The numbers written in a column of text, and where a non-empty cell was not a number.

    Read: spaces, currency symbols and three-letter codes around the number,
    thousands separators (``,`` when ``decimal`` is ``"."``, ``.`` and spaces when
    it is ``","``), and accountants' negatives in brackets. Anything else ("TBD",
    "3k", "n/a") is unreadable. An empty cell is missing, not unreadable.
    """
    if decimal not in (".", ","):
        raise ValueError(f"decimal must be '.' or ','; got {decimal!r}")
    return on_uniques(_numbers, values, decimal)


def _numbers(values: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series]:
    if decimal == ",":
        return _clean_numbers(values, decimal)
    plain = pd.to_numeric(values, errors="coerce").astype("float64")  # the fast way for plain numbers
    rest = plain.isna() & values.notna()
    if not rest.any():
        return plain, pd.Series(False, index=values.index)
    got, bad = _clean_numbers(values[rest], decimal)
    return plain.where(~rest, got.reindex(values.index)), bad.reindex(values.index, fill_value=False)


def _clean_numbers(values: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string").str.strip()
    empty = text.isna() | (text == "")
    cleaned = text.str.replace(_CODE, "", regex=True).str.replace(_SYMBOL, "", regex=True).str.strip()
    negative = cleaned.str.match(r"^\(.*\)$").fillna(False)
    cleaned = cleaned.str.strip("()").str.strip()
    thousands = "," if decimal == "." else "."
    grouped = r"^-?\d{1,3}(" + re.escape(thousands) + r"\d{3})+(" + re.escape(decimal) + r"\d*)?$"
    has_groups = cleaned.str.match(grouped).fillna(False)
    cleaned = cleaned.where(~has_groups, cleaned.str.replace(thousands, "", regex=False))
    cleaned = cleaned.str.replace(" ", "", regex=False).str.replace("\u00a0", "", regex=False)
    if decimal == ",":
        cleaned = cleaned.where(cleaned.str.count(",") > 1, cleaned.str.replace(",", ".", regex=False))
    plain = cleaned.str.fullmatch(r"-?(\d+\.?\d*|\.\d+)").fillna(False)
    out = pd.to_numeric(cleaned.where(plain), errors="coerce").astype("float64")
    out = out.where(~negative.astype(bool), -out)
    unreadable = (~empty & out.isna()).astype(bool)
    return out, unreadable


def dates(values: pd.Series, dayfirst: bool = False) -> tuple[pd.Series, pd.Series]:
    """The dates written in a column of text (at midnight), and where a non-empty cell was not a date.

    ISO dates (``2025-03-31``, with or without a time) are read first and fast;
    other spellings (``31/03/2025``, ``Mar 31, 2025``) next, day first when
    ``dayfirst`` is set (month first otherwise, as US exports write them).

    >>> got, bad = dates(pd.Series(["2025-03-31", "03/31/2025", "soon", None]))
    >>> [d.date().isoformat() if not pd.isna(d) else None for d in got], bad.tolist()
    (['2025-03-31', '2025-03-31', None, None], [False, False, True, False])
    """
    out, bad = on_uniques(_dates, values, dayfirst)
    return pd.to_datetime(out).astype("datetime64[ns]"), bad


#: Spellings tried, in order, for dates that are not ISO (month first; day first with ``dayfirst``).
_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%Y/%m/%d", "%d.%m.%Y", "%d %b %Y", "%b %d, %Y", "%d-%b-%Y")
_DAYFIRST = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y", "%d %b %Y", "%b %d, %Y", "%d-%b-%Y")


def _dates(values: pd.Series, dayfirst: bool) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string").str.strip()
    empty = text.isna() | (text == "")
    out = pd.to_datetime(text.where(~empty), format="ISO8601", errors="coerce")
    for fmt in (_DAYFIRST if dayfirst else _FORMATS):
        rest = out.isna() & ~empty
        if not rest.any():
            break
        out = out.where(~rest, pd.to_datetime(text.where(rest), format=fmt, errors="coerce"))
    rest = out.isna() & ~empty
    if rest.any():
        others = text[rest]
        keys = others.unique()
        parsed = {}
        for spelling in keys:
            try:
                parsed[spelling] = pd.to_datetime(spelling, dayfirst=dayfirst)
            except (ValueError, TypeError, OverflowError):
                parsed[spelling] = pd.NaT
        out = out.copy()
        out[rest] = pd.to_datetime(others.map(parsed).astype("object"), errors="coerce")
    out = pd.to_datetime(out, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    out = out.dt.normalize().astype("datetime64[ns]")
    unreadable = (~empty & out.isna()).astype(bool)
    return out, unreadable


def row_list(rows, limit: int = 8) -> str:
    """Spreadsheet row numbers as a short list: "rows 2, 5 and 9", "rows 2, 3, ... (12 rows)".

    >>> row_list([2]), row_list([2, 5, 9]), row_list(range(2, 14), limit=3)
    ('row 2', 'rows 2, 5 and 9', 'rows 2, 3, 4 ... (12 rows)')
    """
    rows = [int(r) for r in np.asarray(list(rows))]
    if len(rows) == 1:
        return f"row {rows[0]}"
    if len(rows) <= limit:
        return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"
    return "rows " + ", ".join(map(str, rows[:limit])) + f" ... ({len(rows)} rows)"
