"""The team and its territory: reps, accounts, starting skills and weekly hours.

Each rep covers one territory of ``accounts_per_rep`` accounts; rep ``r`` owns
accounts ``r * A`` to ``r * A + A - 1``. Every rep starts with seven latent skills
(0-1, 0.5 typical) drawn around ``skills.mean``; one skill per rep, different from
rep to rep as far as possible, sits ``skills.weakest_gap`` below the others, so each
rep has a clear binding weakness for the course to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.team import COMPONENTS, SEGMENTS
from .scenario import rep_ids

FIRST_NAMES = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Finn", "Grace", "Hugo", "Isla", "Jon", "Kira", "Leo", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wes", "Xena", "Yusuf", "Zoe", "Amir", "Bea", "Carlos", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Marco", "Nina", "Omar", "Paula", "Raj", "Sofia", "Theo", "Uma", "Victor", "Wendy", "Yara", "Zane"]
LAST_NAMES = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez", "Murphy", "Novak", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Walsh", "Xu", "Young", "Zimmer", "Abbott", "Brooks", "Costa", "Dubois", "Eriksen", "Ford", "Gupta", "Hale", "Iqbal", "Jones", "Kowalski", "Larsen", "Moreau", "Nash"]
INDUSTRIES = (
    "Software", "Manufacturing", "Healthcare", "Financial Services", "Retail",
    "Logistics", "Education", "Professional Services",
)
#: Hour categories of a rep's week, in the order used by every array.
HOUR_PARTS = ("prospecting", "deal", "admin")


@dataclass(frozen=True)
class Population:
    """Arrays describing the team at the start of the run."""

    rep_ids: list[str]
    names: list[str]
    manager_ids: list[str]
    territory_ids: list[str]
    hire_days: np.ndarray  # days relative to start (negative)
    segment: str
    accounts_per_rep: int
    account_ids: list[str]
    account_rep: np.ndarray  # rep index of each account
    industry: np.ndarray  # index into INDUSTRIES
    employees: np.ndarray
    fit: np.ndarray
    tier: np.ndarray  # "A", "B", "C"
    potential: np.ndarray
    customer0: np.ndarray  # bool: a customer at the start
    skills0: np.ndarray  # (n_reps, 7)
    hour_noise: np.ndarray  # (n_reps, 3): each rep's personal lean towards each part


def _names(gen: np.random.Generator, n: int) -> list[str]:
    combos = len(FIRST_NAMES) * len(LAST_NAMES)
    picks = gen.permutation(combos)[: min(n, combos)]
    names = [f"{FIRST_NAMES[i // len(LAST_NAMES)]} {LAST_NAMES[i % len(LAST_NAMES)]}" for i in picks]
    names += [f"Seller {i + 1}" for i in range(len(names), n)]
    return names


def starting_skills(params: dict, gen: np.random.Generator, reps: list[str]) -> np.ndarray:
    """Skills at the start: around the mean, each rep with one clearly weakest skill."""
    sk = params["skills"]
    n, k = len(reps), len(COMPONENTS)
    mean = np.array([sk["mean"][c] for c in COMPONENTS])
    skills = mean + sk["spread"] * gen.standard_normal((n, k))
    # rotate the weakest skill through the components in a seeded order
    order = gen.permutation(k)
    weakest = order[np.arange(n) % k]
    rows = np.arange(n)
    others = np.where(np.eye(k, dtype=bool)[weakest], np.inf, skills)
    skills[rows, weakest] = np.minimum(
        mean[weakest] - sk["weakest_gap"] + 0.3 * sk["spread"] * gen.standard_normal(n),
        others.min(axis=1) - 0.05 * (sk["weakest_gap"] > 0),
    )
    skills = np.clip(skills, 0.05, 0.95)
    for rep, values in sk["reps"].items():
        for comp, value in values.items():
            skills[reps.index(rep), COMPONENTS.index(comp)] = value
    return skills


def manager_ids(params: dict) -> list[str]:
    """Each rep's manager: reps in order, ``reps_per_manager`` to a manager ("M01", ...).

    >>> manager_ids({"n_reps": 3, "reps_per_manager": 2})
    ['M01', 'M01', 'M02']
    """
    n, per_mgr = params["n_reps"], params["reps_per_manager"]
    width = max(2, len(str((n - 1) // per_mgr + 1)))
    return [f"M{i // per_mgr + 1:0{width}d}" for i in range(n)]


def build(params: dict, gen: np.random.Generator) -> Population:
    """Draw the team and its accounts (independent of the run's length)."""
    n = params["n_reps"]
    reps = rep_ids(n)
    width = max(2, len(str(n)))
    managers = manager_ids(params)
    territories = [f"T{i + 1:0{width}d}" for i in range(n)]
    names = _names(gen, n)
    hire_days = -gen.integers(120, 2500, n)

    a = params["accounts_per_rep"]
    ap = params["accounts"]
    n_acc = n * a
    acc_width = max(4, len(str(n_acc)))
    account_ids = [f"A{i + 1:0{acc_width}d}" for i in range(n_acc)]
    account_rep = np.repeat(np.arange(n), a)
    fit = gen.beta(ap["fit_a"], ap["fit_b"], n_acc)
    employees = np.clip(
        np.round(ap["employees_median"] * np.exp(ap["employees_spread"] * gen.standard_normal(n_acc))), 10, None
    ).astype(np.int64)
    tier = np.where(fit >= ap["tier_a_fit"], "A", np.where(fit >= ap["tier_b_fit"], "B", "C"))
    size = (employees / ap["employees_median"]) ** 0.7
    potential = np.round(params["deals"]["acv_median"] * size * (0.6 + 0.8 * fit), -2)
    potential = np.maximum(potential, 1000.0)
    industry = gen.integers(0, len(INDUSTRIES), n_acc)
    customer0 = gen.random(n_acc) < np.clip(ap["initial_customer_share"] * 2 * fit, 0, 1)

    skills0 = starting_skills(params, gen, reps)
    hour_noise = np.exp(params["hours"]["spread"] * gen.standard_normal((n, 3)))
    return Population(
        rep_ids=reps,
        names=names,
        manager_ids=managers,
        territory_ids=territories,
        hire_days=hire_days,
        segment=params["segment"] if params["segment"] in SEGMENTS else SEGMENTS[1],
        accounts_per_rep=a,
        account_ids=account_ids,
        account_rep=account_rep,
        industry=industry,
        employees=employees,
        fit=fit,
        tier=tier,
        potential=potential,
        customer0=customer0,
        skills0=skills0,
        hour_noise=hour_noise,
    )


def weekly_hours(params: dict, pop: Population, quarter: int, quarter_params: dict) -> np.ndarray:
    """Hours each rep spends per week on prospecting, deal work and admin in a quarter.

    Each rep splits the scenario's total hours in their own way (``hours.spread``);
    the total stays the same, so an hour more on one part is an hour less on another.
    A rep named in ``stop_prospecting`` moves all prospecting hours to deal work from
    that quarter on.
    """
    from .scenario import quarter_number

    h = quarter_params["hours"]
    base = np.array([h[p] for p in HOUR_PARTS], dtype=float)
    raw = base * pop.hour_noise
    sums = raw.sum(axis=1, keepdims=True)
    hours = np.where(sums > 0, raw / np.where(sums > 0, sums, 1) * base.sum(), 0.0)
    stop = params["stop_prospecting"]
    if stop is not None and quarter >= quarter_number(stop["quarter"], params, "quarter"):
        r = pop.rep_ids.index(stop["rep"])
        hours[r, 1] += hours[r, 0]
        hours[r, 0] = 0.0
    return hours
