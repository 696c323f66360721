"""Growable arrays of deals, and append-only event logs.

A deal is one index into every array of :class:`DealStore`. Deals are appended
in the order they are created, so that order is also the order of ``opp_id``.

>>> s = DealStore()
>>> s.add(rep=np.array([0, 1]), amount=np.array([10.0, 20.0])).tolist()
[0, 1]
>>> s.amount[:2].tolist(), int(s.outcome[1])
([10.0, 20.0], -1)
"""

from __future__ import annotations

import numpy as np

from ..data.team import QUALIFICATION_FIELDS

#: Stage codes: 0-3 are the open stages of ``team.OPEN_STAGES``; 4 is closed.
CLOSED = 4
#: Outcome codes index ``team.OUTCOMES``; -1 while open.
OPEN, WON, LOST, NO_DECISION, DISQUALIFIED = -1, 0, 1, 2, 3
#: Source codes index ``team.SOURCES``.
OUTBOUND, MARKETING, REFERRAL, EXPANSION = 0, 1, 2, 3
#: Loss-reason codes index ``team.LOSS_REASONS``.
COMPETITOR, PRICE, PRODUCT_GAP, STATUS_QUO, WENT_DARK, POOR_FIT, NO_BUDGET = range(7)
#: ``closed_on`` of a deal that is still open.
NOT_CLOSED = -(1 << 30)

_FIELDS = {
    "key": (np.uint64, 0),
    "rep": (np.int32, 0),
    "account": (np.int32, 0),
    "source": (np.int8, 0),
    "created": (np.int32, 0),  # day
    "created_week": (np.int32, 0),
    "amount": (np.float64, 0.0),
    "stage": (np.int8, 0),
    "commitment": (np.float64, 0.0),
    "perceived": (np.float64, 0.0),
    "score": (np.int64, 0),
    "close_date": (np.int32, 0),  # day
    "closed_on": (np.int32, -(1 << 30)),  # day; NOT_CLOSED while open
    "outcome": (np.int8, OPEN),
    "dead": (np.bool_, False),  # the buyer has gone silent (the rep may not know)
    "dead_week": (np.int32, 0),
    "last_call_week": (np.int32, 0),
    "attention": (np.float64, 1.0),
    "competition": (np.bool_, False),
    "u_decision": (np.float64, 0.5),
    "stall_clock": (np.float64, np.inf),  # the summed stall hazard at which the deal stalls (exponential)
    "hazard": (np.float64, 0.0),  # stall hazard summed so far
    "calls_made": (np.int32, 0),  # calls the deal has had (numbers each call's own draws)
    "win_chance": (np.float64, 0.0),
    "reason": (np.int8, -1),  # index into team.LOSS_REASONS; -1 for none
}


class DealStore:
    """Struct-of-arrays storage for every deal of a run."""

    def __init__(self, capacity: int = 1024):
        self.n = 0
        self._cap = capacity
        for name, (dtype, fill) in _FIELDS.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))
        self.fields = np.zeros((capacity, len(QUALIFICATION_FIELDS)), dtype=np.int8)

    def _grow(self, need: int) -> None:
        cap = self._cap
        while cap < need:
            cap *= 2
        if cap == self._cap:
            return
        for name, (dtype, fill) in _FIELDS.items():
            new = np.full(cap, fill, dtype=dtype)
            new[: self.n] = getattr(self, name)[: self.n]
            setattr(self, name, new)
        fields = np.zeros((cap, len(QUALIFICATION_FIELDS)), dtype=np.int8)
        fields[: self.n] = self.fields[: self.n]
        self.fields = fields
        self._cap = cap

    def add(self, fields: np.ndarray | None = None, **columns) -> np.ndarray:
        """Append deals given as equal-length arrays; return their indices."""
        m = len(next(iter(columns.values())))
        lo, hi = self.n, self.n + m
        self._grow(hi)
        for name, values in columns.items():
            getattr(self, name)[lo:hi] = values
        if fields is not None:
            self.fields[lo:hi] = fields
        self.n = hi
        return np.arange(lo, hi)

    def view(self, name: str) -> np.ndarray:
        """The filled part of one array."""
        return getattr(self, name)[: self.n]

    def copy(self) -> DealStore:
        """An independent copy (changing one never changes the other).

        >>> s = DealStore()
        >>> _ = s.add(amount=np.array([10.0]))
        >>> c = s.copy()
        >>> c.amount[0] = 99.0
        >>> float(s.amount[0]), c.n
        (10.0, 1)
        """
        out = DealStore.__new__(DealStore)
        out.n, out._cap = self.n, self._cap
        for name in (*_FIELDS, "fields"):
            setattr(out, name, getattr(self, name).copy())
        return out


class Log:
    """An append-only table kept as lists of array chunks (cheap to append, concatenated once)."""

    def __init__(self, *columns: str, enabled: bool = True):
        self.columns = columns
        self.enabled = enabled
        self._chunks: dict[str, list[np.ndarray]] = {c: [] for c in columns}

    def add(self, **values) -> None:
        """Append a chunk: one array (or scalar, broadcast) per column."""
        if not self.enabled:
            return
        sizes = [np.size(v) for v in values.values() if np.ndim(v) > 0]
        size = max(sizes) if sizes else 1
        if size == 0:
            return
        for c in self.columns:
            self._chunks[c].append(np.broadcast_to(values[c], (size,)))

    def copy(self) -> Log:
        """A copy that can be appended to without changing this log (the chunks themselves are never changed)."""
        out = Log(*self.columns, enabled=self.enabled)
        out._chunks = {c: list(chunks) for c, chunks in self._chunks.items()}
        return out

    def arrays(self, dtypes: dict | None = None) -> dict[str, np.ndarray]:
        """Every column concatenated (empty arrays when nothing was logged)."""
        dtypes = dtypes or {}
        out = {}
        for c in self.columns:
            chunks = self._chunks[c]
            out[c] = np.concatenate(chunks) if chunks else np.empty(0, dtype=dtypes.get(c, float))
        return out
