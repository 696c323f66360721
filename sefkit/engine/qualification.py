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
admit weak deals; the rest are closed at once as ``disqualified``. A rep named in
``rep_bar`` uses that bar instead (a manager who asks one rep to qualify harder or
looser changes what that rep admits, not how well the rep reads a deal).

Amount: the account's potential ACV x ``exp(amount_spread z)`` (expansion deals x
``expansion_size``), rounded to 100. The rep sets a first close date about
``expected_weeks`` ahead, sooner the more optimistic the rep is.
"""

from __future__ import annotations

import numpy as np

from ..data.team import QUALIFICATION_FIELDS
from .population import Population
from .progress import win_chance
from .skills import SKILL
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


def admission_bar(qp: dict, rep_ids, rep: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The bar each deal's rep sets: ``bar + bar_skill_effect (q - .5)``, or the rep's own ``rep_bar``.

    ``rep`` holds rep indices into ``rep_ids``; ``q`` each row's qualification skill.

    >>> qp = {"bar": 0.45, "bar_skill_effect": 0.3, "rep_bar": {"R02": 0.3}}
    >>> admission_bar(qp, ["R01", "R02"], np.array([0, 1]), np.array([0.6, 0.6])).round(2).tolist()
    [0.48, 0.3]
    """
    bar = qp["bar"] + qp["bar_skill_effect"] * (np.asarray(q, dtype=float) - 0.5)
    own = qp.get("rep_bar") or {}
    if not own:
        return bar
    fixed = np.array([float(own.get(r, np.nan)) for r in rep_ids])[rep]
    return np.where(np.isnan(fixed), bar, fixed)


def attributes(rows: dict, p: dict, pop: Population, skills: np.ndarray, streams: Streams) -> dict:
    """Everything about new deals that does not depend on the rep's workload.

    The true win chance assumes the deal gets all the deal hours it needs and the
    rep's skills stay as they are that week.

    ``rows`` holds equal-length arrays ``rep, account, key, source, week``; ``skills``
    is each row's rep skills that week (one row per deal). Returns the deal columns
    of :class:`~.store.DealStore` plus ``admit`` (bool).
    """
    rep, account, key, source, week = rows["rep"], rows["account"], rows["key"], rows["source"], rows["week"]
    qp = p["qualification"]
    u = streams.uniforms("qualify", streams.future(key, week), 0, N_UNIFORMS)
    fit = pop.fit[account]
    shift = np.where(source == MARKETING, p["marketing"]["commitment_shift"], 0.0)
    shift = np.where((source == REFERRAL) | (source == EXPANSION), qp["referral_commitment_shift"], shift)
    c = sigmoid(qp["commitment_mean"] + qp["commitment_fit_effect"] * (fit - 0.5) + shift
                + qp["commitment_spread"] * normal(u[:, 0], u[:, 1]))
    q = skills[:, SKILL.qualification]
    perceived = c + qp["inflation"] * (1.0 - q) + qp["noise"] * (1.5 - q) * normal(u[:, 2], u[:, 3])
    k = len(QUALIFICATION_FIELDS)
    fields = np.clip(np.round(3.0 * (perceived[:, None] + 0.4 * (u[:, 4:4 + k] - 0.5))), 0, 3).astype(np.int8)
    score = fields.sum(axis=1, dtype=np.int64)
    admit = score / (3.0 * k) >= admission_bar(qp, pop.rep_ids, rep, q)

    d = p["deals"]
    size = np.where(source == EXPANSION, d["expansion_size"], 1.0)
    amount = pop.potential[account] * size * np.exp(d["amount_spread"] * normal(u[:, 12], u[:, 13]))
    amount = np.maximum(np.round(amount, -2), 1000.0)
    created = 7 * week + np.floor(u[:, 14] * 5).astype(np.int64)
    opt = optimism(p, skills[:, SKILL.forecasting])
    est_weeks = d["expected_weeks"] * np.exp(0.2 * normal(u[:, 15], u[:, 16])) * np.clip(1.0 - 0.5 * opt, 0.5, 1.5)
    close = created + np.maximum(np.round(7 * est_weeks), 14).astype(np.int64)
    competition = u[:, 17] < p["decision"]["competition_share"]
    chance = np.zeros(rep.size)
    if admit.any():
        full = np.ones(int(admit.sum()))
        chance[admit] = win_chance(p, skills[admit], c[admit], np.zeros(full.size, np.int64), full, full,
                                   competition[admit])
    return {
        "fields": fields, "key": key, "rep": rep, "account": account, "source": source,
        "created": created, "created_week": week, "amount": amount, "stage": np.where(admit, 0, CLOSED),
        "commitment": c, "perceived": np.clip(perceived, 0.0, 1.0), "score": score, "close_date": close,
        "closed_on": np.where(admit, NOT_CLOSED, created), "outcome": np.where(admit, -1, DISQUALIFIED),
        "last_call_week": week, "competition": competition, "win_chance": chance,
        "u_decision": u[:, 18], "stall_clock": -np.log(u[:, 19]),
        "reason": np.where(admit, -1, np.where(fit < pop_fit_cut(p), POOR_FIT, NO_BUDGET)),
        "admit": admit,
    }


def take(attrs: dict, lo: int, hi: int) -> dict:
    """Rows ``lo:hi`` of an attributes dict."""
    return {k: v[lo:hi] for k, v in attrs.items()}


def concat(parts: list[dict]) -> dict:
    """Attributes dicts joined row-wise."""
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def admit(store: DealStore, attrs: dict, svc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Add new deals to ``store``; return (admitted, disqualified) indices.

    A new deal starts with the rep's current service as its attention.
    """
    cols = dict(attrs)
    ok = cols.pop("admit")
    idx = store.add(**cols, attention=svc[cols["rep"]])
    return idx[ok], idx[~ok]
