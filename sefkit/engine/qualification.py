"""A new opportunity: its hidden commitment, the rep's scoring, and admission.

Each new deal has a hidden *commitment to change* ``c`` (0-1):
``c = sigmoid(commitment_mean + commitment_fit_effect (icp_fit - .5) + source shift
+ commitment_spread z)`` with ``z`` standard normal. Marketing leads are shifted by
``marketing.commitment_shift``; referrals and expansion by
``referral_commitment_shift``.

The rep reads it with bias and noise that shrink with qualification skill ``q``:
``perceived = c + inflation (1 - q) + noise (1.5 - q) z'``. Each of the eight
MEDDPICC fields is scored 0-3 as ``round(3 (perceived + u))`` with ``u`` uniform in
+-0.2. The deal is admitted to the pipeline when the average field score / 3 reaches
``bar + bar_skill_effect (q - .5)``: lax reps inflate *and* set a low bar, so they
admit weak deals; the rest are closed at once as ``disqualified``.

Amount: the account's potential ACV x ``exp(amount_spread z)`` (expansion deals x
``expansion_size``), rounded to 100. The rep sets a first close date about
``expected_weeks`` ahead, sooner the more optimistic the rep is.
"""

from __future__ import annotations

import numpy as np

from ..team import QUALIFICATION_FIELDS
from .population import Population
from .progress import win_chance
from .store import (
    CLOSED,
    DISQUALIFIED,
    EXPANSION,
    MARKETING,
    NO_BUDGET,
    NOT_CLOSED,
    POOR_FIT,
    REFERRAL,
    DealStore,
)
from .streams import Streams, normal, sigmoid

N_UNIFORMS = 20


def pop_fit_cut(p: dict) -> float:
    """Accounts below this fit (tier C) give ``poor_fit`` when disqualified, others ``no_budget``."""
    return p["accounts"]["tier_b_fit"]


def optimism(p: dict, forecasting_skill):
    """How much a rep overrates win chances: ``forecast.optimism + skill_effect (0.5 - skill)``."""
    return p["forecast"]["optimism"] + p["forecast"]["skill_effect"] * (0.5 - forecasting_skill)


def create(store: DealStore, batch: dict, source: np.ndarray, week: int, p: dict, pop: Population,
           skills: np.ndarray, svc: np.ndarray, streams: Streams) -> tuple[np.ndarray, np.ndarray]:
    """Add this week's new deals to ``store``; return (admitted, disqualified) indices."""
    rep, account, key = batch["rep"], batch["account"], batch["key"]
    m = rep.size
    if m == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    qp = p["qualification"]
    u = streams.uniforms("qualify", key, 0, N_UNIFORMS)
    fit = pop.fit[account]
    shift = np.select(
        [source == MARKETING, (source == REFERRAL) | (source == EXPANSION)],
        [p["marketing"]["commitment_shift"], qp["referral_commitment_shift"]],
        0.0,
    )
    c = sigmoid(qp["commitment_mean"] + qp["commitment_fit_effect"] * (fit - 0.5) + shift
                + qp["commitment_spread"] * normal(u[:, 0], u[:, 1]))
    sk = skills[rep]
    q = sk[:, 2]
    perceived = c + qp["inflation"] * (1.0 - q) + qp["noise"] * (1.5 - q) * normal(u[:, 2], u[:, 3])
    k = len(QUALIFICATION_FIELDS)
    fields = np.clip(np.round(3.0 * (perceived[:, None] + 0.4 * (u[:, 4:4 + k] - 0.5))), 0, 3).astype(np.int8)
    score = fields.sum(axis=1, dtype=np.int64)
    admit = score / (3.0 * k) >= qp["bar"] + qp["bar_skill_effect"] * (q - 0.5)

    d = p["deals"]
    size = np.where(source == EXPANSION, d["expansion_size"], 1.0)
    amount = pop.potential[account] * size * np.exp(d["amount_spread"] * normal(u[:, 12], u[:, 13]))
    amount = np.maximum(np.round(amount, -2), 1000.0)
    created = 7 * week + np.floor(u[:, 14] * 5).astype(np.int64)
    opt = optimism(p, sk[:, 6])
    est_weeks = d["expected_weeks"] * np.exp(0.2 * normal(u[:, 15], u[:, 16])) * np.clip(1.0 - 0.5 * opt, 0.5, 1.5)
    close = created + np.maximum(np.round(7 * est_weeks), 14).astype(np.int64)
    competition = u[:, 17] < p["decision"]["competition_share"]
    s = svc[rep]
    chance = np.where(admit, win_chance(p, sk, c, np.zeros(m, np.int64), s, s, competition), 0.0)

    idx = store.add(
        fields=fields,
        key=key, rep=rep, account=account, source=source, created=created, created_week=week,
        amount=amount, stage=np.where(admit, 0, CLOSED), commitment=c, perceived=np.clip(perceived, 0, 1),
        score=score, close_date=close, closed_on=np.where(admit, NOT_CLOSED, created),
        outcome=np.where(admit, -1, DISQUALIFIED), last_call_week=week, attention=s,
        competition=competition, u_decision=u[:, 18], win_chance=chance,
        reason=np.where(admit, -1, np.where(fit < pop_fit_cut(p), POOR_FIT, NO_BUDGET)),
    )
    return idx[admit], idx[~admit]
