"""What a run won, per rep and quarter, read straight from its arrays (no tables built).

The fast path of an expected what-if (:func:`sefkit.whole_job.coaching.what_if` with
``replications``): the same figures as the team's tables give (won amount,
decided deals, won deals and quota per rep and quarter, by closing day), for
the quarters from ``first`` on. ``tests/test_coaching.py`` checks that they
match the tables.
"""

from __future__ import annotations

import numpy as np

from .loop import Run
from .store import LOST, NO_DECISION, WON
from .tables import quota_amounts
from .timeline import WEEKS

#: The arrays :func:`outcomes` returns, each ``(reps, quarters)``.
FIELDS = ("won_amount", "decided", "won", "quota")


def outcomes(run: Run, first: int) -> dict[str, np.ndarray]:
    """Won amount, decided and won deals, and quota per rep and quarter, quarters ``first`` to the last."""
    s = run.store
    n, nq = len(run.pop.rep_ids), run.tl.n_quarters
    outcome, closed = s.view("outcome"), s.view("closed_on")
    days = WEEKS * 7
    q = np.floor_divide(closed, days)
    sel = (q >= first) & (q < nq) & np.isin(outcome, (WON, LOST, NO_DECISION))
    rep, q, won = s.view("rep")[sel], q[sel] - first, outcome[sel] == WON
    shape = (n, nq - first)
    cell = rep.astype(np.int64) * shape[1] + q

    def count(weights=None):
        return np.bincount(cell, weights, minlength=shape[0] * shape[1]).reshape(shape).astype(float)

    return {
        "won_amount": count(np.where(won, s.view("amount")[sel], 0.0)),
        "decided": count(),
        "won": count(won.astype(float)),
        "quota": np.broadcast_to(quota_amounts(run.tl)[first:], shape).astype(float),
    }
