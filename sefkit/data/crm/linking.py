"""Linking names between files: an opportunity's owner to the reps list, its account to the accounts list.

A name is found by the list's id, then its name, exactly; failing that by the
same letters and digits ("GTX Pro" is "GTXPro", "ana lopez" is "Ana Lopez").
Two entries of the list that a name fits equally well are refused: which one
is meant cannot be told.

>>> table = pd.DataFrame({"id": ["A1", "A2"], "name": ["GTXPro", "Acme Inc"]})
>>> found, how = link(pd.Series(["A1", "GTX Pro", "acme inc", "Zeta"]), table, "id", "name", "accounts.csv")
>>> found.tolist(), how.tolist()
(['A1', 'A1', 'A2', None], ['id', 'same letters', 'same letters', None])
"""

from __future__ import annotations

import pandas as pd

from .report import refuse
from .values import key as name_of


def _lookup(keys, ids) -> dict:
    out: dict = {}
    for k, i in zip(keys, ids, strict=True):
        if k is not None and not pd.isna(i):
            hits = out.setdefault(k, [])
            if i not in hits:
                hits.append(i)
    return out


def link(values: pd.Series, table: pd.DataFrame, id_col: str, name_col: str | None, file: str):
    """Each value's id in ``table`` (None when not found), and how it was found ("id", "name", "same letters").

    Raises:
        CrmError: a value fits two entries of the table.
    """
    ids = table[id_col].astype(object).tolist()
    columns = [("id", ids)]
    if name_col is not None:
        columns.append(("name", table[name_col].astype(object).tolist()))
    exact = [(how, _lookup([None if pd.isna(v) else v for v in keys], ids)) for how, keys in columns]
    fuzzy = [_lookup([name_of(v) for v in keys], ids) for _, keys in columns]
    found, how = {}, {}
    for value in values.dropna().unique():
        match = next(((kind, lookup[value]) for kind, lookup in exact if value in lookup), None)
        if match is None:
            match = "same letters", sorted({h for f in fuzzy for h in f.get(name_of(value), [])})
        kind, hits = match
        if len(hits) > 1:
            raise refuse(file, None, [], f"{value!r} fits several entries ({', '.join(map(str, hits))})",
                         "make the names differ in the file, or use ids in both files")
        if hits:
            found[value], how[value] = hits[0], kind
    got = values.map(found)
    return got.astype(object).where(got.notna(), None), values.map(how).astype(object).where(got.notna(), None)
