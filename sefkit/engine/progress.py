"""How an open deal moves each week: deal hours, calls, stalls and decisions.

Every open deal needs ``deals.hours_per_deal`` hours of the rep's deal time a week
(a dead deal the rep still chases needs ``zombie_hours`` of that). When a rep has
fewer deal hours than the open deals need, each deal gets the same share, the
*service* (0-1). Then, per deal and week:

* **Calls.** A live deal gets a call with probability ``call_rate x service``. The
  call is planned with probability ``calls skill x (0.5 + 0.5 x service)`` (busy reps
  plan less); the economic buyer attends with a probability that rises with stage,
  call skill and commitment. The call advances the deal with probability
  ``sigmoid(advance_base + skill_effect (calls - .5) + commitment_effect (c - .5)
  + economic_buyer_effect [EB] + planned_effect [planned])``, sets it back with a
  small probability that falls with skill and commitment, otherwise it continues.
* **Stalls.** A live deal that did not advance goes silent (dies) with weekly hazard
  ``stall_rate x exp(-stall_commitment_effect (c - .5)) x (1 + starvation_effect x
  weeks without a call beyond the first)``. Starved deals die: that is how too many
  deals for the hours available turns into "no decision".
* **Decisions.** A deal advancing past ``negotiate`` reaches a decision. The buyer
  keeps the status quo (no decision) with probability ``status_quo x 2 (1 - c)``;
  otherwise the deal is won when its hidden draw is below ``sigmoid(win_base +
  skill_effect (deal management - .5) + commitment_effect (c - .5) + attention_effect
  (attention - 1) - competition_effect [competitor] + competitive_shift [competitor])``.
  ``attention`` is the deal's running average service. ``product.release_slip`` is
  the chance a decision waits for a late release (the deal stays in negotiate);
  ``product.gap`` the chance a buyer who decides needs what the product lacks, and
  so is lost (reason ``product_gap``) whatever the rep's skill.
"""

from __future__ import annotations

import numpy as np

from .skills import SKILL
from .streams import sigmoid


def service(need: np.ndarray, rep: np.ndarray, deal_hours: np.ndarray) -> np.ndarray:
    """Share of the needed deal hours each rep can give (1 = every deal fully served).

    >>> service(np.array([1.0, 1.0, 1.0]), np.array([0, 0, 1]), np.array([1.0, 5.0])).tolist()
    [0.5, 1.0]
    """
    load = np.bincount(rep, weights=need, minlength=deal_hours.size)
    return np.where(load > deal_hours, deal_hours / np.where(load > 0, load, 1.0), 1.0)


def planned_prob(calls_skill, svc):
    """Chance a call is planned."""
    return calls_skill * (0.5 + 0.5 * svc)


def economic_buyer_prob(calls_skill, commitment, stage):
    """Chance the economic buyer is on the call."""
    p = 0.1 + 0.12 * stage + 0.3 * (calls_skill - 0.5) + 0.3 * (commitment - 0.5)
    return np.minimum(np.maximum(p, 0.02), 0.95)


def advance_prob(p: dict, calls_skill, commitment, eb, planned, boost=0.0):
    """Chance a call advances the deal (``eb`` and ``planned`` may be 0/1 or expected shares)."""
    z = (p["advance_base"] + p["skill_effect"] * (calls_skill - 0.5) + p["commitment_effect"] * (commitment - 0.5)
         + p["economic_buyer_effect"] * eb + p["planned_effect"] * planned)
    return sigmoid(z)


def setback_prob(p: dict, calls_skill, commitment, p_advance):
    """Chance a call sets the deal back one stage."""
    raw = p["setback_base"] * np.exp(-2.0 * (commitment - 0.5) - 2.0 * (calls_skill - 0.5))
    return np.minimum(raw, 0.5 * (1.0 - p_advance))


def stall_hazard(p: dict, commitment, weeks_without_call):
    """Weekly chance a live deal goes silent."""
    starve = 1.0 + p["starvation_effect"] * np.maximum(weeks_without_call - 1, 0)
    return np.minimum(p["stall_rate"] * np.exp(-p["stall_commitment_effect"] * (commitment - 0.5)) * starve, 0.9)


def status_quo_prob(d: dict, commitment):
    """Chance a buyer at the decision chooses to do nothing."""
    return np.minimum(np.maximum(d["status_quo"] * 2.0 * (1.0 - commitment), 0.0), 1.0)


def win_prob(d: dict, product: dict, dm_skill, commitment, attention, competition):
    """Chance of winning a decision that is made."""
    z = (d["win_base"] + d["skill_effect"] * (dm_skill - 0.5) + d["commitment_effect"] * (commitment - 0.5)
         + d["attention_effect"] * (attention - 1.0)
         + (product["competitive_shift"] - d["competition_effect"]) * competition)
    return sigmoid(z)


def reach_prob(a, b, h, stage):
    """Chance of reaching a decision from ``stage`` (0-3) before the deal dies.

    Per week the deal advances with probability ``a``, falls back a stage with ``b``
    (not from the first stage) and dies with ``h``. With ``r_0 = a / (a + h)`` and
    ``r_i = a / (a + b + h - b r_(i-1))`` the answer is ``r_stage x ... x r_3``.

    >>> float(reach_prob(np.array([0.5]), np.array([0.0]), np.array([0.0]), np.array([0]))[0])
    1.0
    >>> round(float(reach_prob(np.array([0.3]), np.array([0.0]), np.array([0.1]), np.array([2]))[0]), 4)
    0.5625
    """
    a, b, h = (np.asarray(x, dtype=float) for x in (a, b, h))
    stage = np.asarray(stage)
    r = a / np.maximum(a + h, 1e-12)
    out = np.where(stage <= 0, r, 1.0)
    for i in range(1, 4):
        r = a / np.maximum(a + b + h - b * r, 1e-12)
        out = np.where(stage <= i, out * r, out)
    return out


def weekly_rates(calls: dict, calls_skill, commitment, stage, svc, call_rate):
    """Per-week advance, setback and stall probabilities a deal can expect (for win chances)."""
    pc = call_rate * svc
    eb = economic_buyer_prob(calls_skill, commitment, stage)
    pl = planned_prob(calls_skill, svc)
    pa = advance_prob(calls, calls_skill, commitment, eb, pl)
    ps = setback_prob(calls, calls_skill, commitment, pa)
    gap = 1.0 / np.maximum(pc, 1e-6) - 1.0
    a = pc * pa
    h = (1.0 - a) * stall_hazard(calls, commitment, gap)  # a deal that advanced this week does not stall
    return a, pc * ps, h


def win_chance(p: dict, skills_rep: np.ndarray, commitment, stage, svc, attention, competition):
    """True chance of winning from ``stage``, if the rep's skills and workload stay as now."""
    calls_skill = skills_rep[:, SKILL.calls]
    a, b, h = weekly_rates(p["calls"], calls_skill, commitment, stage, svc, p["deals"]["call_rate"])
    reach = reach_prob(a, b, h, stage)
    decide = 1.0 - status_quo_prob(p["decision"], commitment)
    no_gap = 1.0 - p["product"]["gap"]
    return reach * decide * no_gap * win_prob(p["decision"], p["product"], skills_rep[:, SKILL.deal_management], commitment, attention, competition)
