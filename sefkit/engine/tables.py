"""Turning a finished run's arrays into the data contract's DataFrames.

Deals created during the warm-up are kept only if still open at the start; their
whole history is kept, so replaying ``opp_history`` gives every deal's final state.
Activities, calls, snapshots, forecasts and coaching cover the reported weeks only.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ..data import team as contract
from ..data.team import (
    ACTIVITY_OUTCOMES,
    ACTIVITY_TYPES,
    CALL_OUTCOMES,
    CLOSED_STAGE,
    COMPONENTS,
    FORECAST_CATEGORIES,
    LOSS_REASONS,
    OPEN_STAGES,
    OUTCOMES,
    QUALIFICATION_FIELDS,
    SOURCES,
    Truth,
)
from .loop import AMOUNT, CLOSE_DATE, HISTORY_FIELDS, STAGE, Run
from .population import HOUR_PARTS, INDUSTRIES
from .store import OPEN
from .timeline import WEEKS

STAGE_NAMES = np.array([*OPEN_STAGES, CLOSED_STAGE], dtype=object)


def _cat(codes: np.ndarray, categories) -> pd.Categorical:
    codes = np.asarray(codes)
    small = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32_000 else np.int32
    return pd.Categorical.from_codes(codes.astype(small, copy=False), categories=list(categories))


def _quarter_rows(run: Run, n: int) -> tuple[np.ndarray, np.ndarray]:
    reps = np.tile(np.arange(n), run.tl.n_quarters)
    quarters = np.repeat(np.arange(run.tl.n_quarters), n)
    return reps, quarters


def quota_amounts(tl) -> np.ndarray:
    """Each quarter's quota per rep: ``quota.per_rep`` grown by ``quota.growth_per_quarter`` a quarter, rounded to 100."""
    per_q = np.array([p["quota"]["per_rep"] for p in tl.by_quarter])
    growth = np.array([(1 + p["quota"]["growth_per_quarter"]) for p in tl.by_quarter])
    return np.round(per_q * np.cumprod(np.concatenate([[1.0], growth[1:]])), -2)


class Builder:
    """Builds each table of a finished run."""

    def __init__(self, run: Run):
        self.run = run
        s = run.store
        self.n = len(run.pop.rep_ids)
        self.rep_ids = np.array(run.pop.rep_ids, dtype=object)
        self.account_ids = np.array(run.pop.account_ids, dtype=object)
        outcome = s.view("outcome")
        closed_on = s.view("closed_on")
        self.kept = np.flatnonzero((outcome == OPEN) | (closed_on >= 0))
        self.opp_id = np.full(s.n, -1, dtype=np.int64)
        self.opp_id[self.kept] = np.arange(1, self.kept.size + 1)

    def dates(self, days) -> np.ndarray:
        return self.run.tl.dates(days).astype("datetime64[ns]")

    def mondays(self, weeks) -> np.ndarray:
        """The Monday of each reported week number (a lookup: cheap for millions of rows)."""
        table = self.dates(7 * np.arange(self.run.tl.n_weeks + 1))
        return table[np.asarray(weeks)]

    # -- small tables ---------------------------------------------------------
    def reps(self) -> pd.DataFrame:
        pop = self.run.pop
        return pd.DataFrame({
            "rep_id": self.rep_ids, "name": pop.names, "manager_id": pop.manager_ids,
            "territory_id": pop.territory_ids, "hire_date": self.dates(pop.hire_days),
            "segment": pop.segment,
        })

    def accounts(self) -> pd.DataFrame:
        pop = self.run.pop
        return pd.DataFrame({
            "account_id": self.account_ids,
            "territory_id": np.array(pop.territory_ids, dtype=object)[pop.account_rep],
            "industry": np.array(INDUSTRIES, dtype=object)[pop.industry],
            "employees": pop.employees, "icp_fit": np.round(pop.fit, 3), "tier": pop.tier.astype(object),
            "potential_acv": pop.potential, "is_customer": self.run.customers.is_customer.copy(),
        })

    def quotas(self) -> pd.DataFrame:
        reps, qs = _quarter_rows(self.run, self.n)
        quota = quota_amounts(self.run.tl)
        return pd.DataFrame({"rep_id": self.rep_ids[reps], "quarter": np.array(self.run.tl.labels, dtype=object)[qs],
                             "quota": quota[qs]})

    # -- deals ----------------------------------------------------------------
    def opportunities(self) -> pd.DataFrame:
        s, k = self.run.store, self.kept
        outcome = s.outcome[k]
        closed = outcome != OPEN
        closed_on = self.dates(np.where(closed, s.closed_on[k], 0))
        closed_on[~closed] = np.datetime64("NaT")
        fields = s.fields[k]
        return pd.DataFrame({
            "opp_id": self.opp_id[k], "rep_id": self.rep_ids[s.rep[k]], "account_id": self.account_ids[s.account[k]],
            "source": np.array(SOURCES, dtype=object)[s.source[k]], "created": self.dates(s.created[k]),
            "amount": s.amount[k], "stage": STAGE_NAMES[s.stage[k]], "close_date": self.dates(s.close_date[k]),
            **{name: fields[:, j] for j, name in enumerate(QUALIFICATION_FIELDS)},
            "qualification_score": s.score[k], "closed_on": closed_on,
            "outcome": np.array([None, *OUTCOMES], dtype=object)[outcome.astype(np.int64) + 1],
            "loss_reason": np.array([None, *LOSS_REASONS], dtype=object)[s.reason[k].astype(np.int64) + 1],
        })

    def truth(self) -> Truth:
        run, s, k = self.run, self.run.store, self.kept
        tl = run.tl
        report = run.latent[-tl.n_weeks:]  # reported weeks only (the skills themselves, before the chain)
        reps, qs = _quarter_rows(run, self.n)
        per_q = report.reshape(tl.n_quarters, WEEKS, self.n, len(COMPONENTS)).mean(axis=1)
        labels = np.array(tl.labels, dtype=object)
        keys = {"rep_id": self.rep_ids[reps], "quarter": labels[qs]}
        skills = pd.DataFrame({**keys, **{comp: per_q[qs, reps, j] for j, comp in enumerate(COMPONENTS)}})
        hours = run.hours[-tl.n_weeks:].reshape(tl.n_quarters, WEEKS, self.n, 3).mean(axis=1)
        time = pd.DataFrame({**keys, **{f"{part}_hours": hours[qs, reps, j] for j, part in enumerate(HOUR_PARTS)}})
        stalled = self.dates(7 * s.dead_week[k])
        stalled[~s.dead[k]] = np.datetime64("NaT")
        deals = pd.DataFrame({
            "opp_id": self.opp_id[k], "commitment": s.commitment[k], "win_chance": s.win_chance[k],
            "perceived_commitment": s.perceived[k], "competitor": s.competition[k], "stalled_week": stalled,
        })
        return Truth(
            rep_skills=contract.conform(skills, "rep_skills", contract.TRUTH_SCHEMA),
            rep_time=contract.conform(time, "rep_time", contract.TRUTH_SCHEMA),
            deals=contract.conform(deals, "deals", contract.TRUTH_SCHEMA),
        )

    def opp_history(self) -> pd.DataFrame:
        h = self.run.history.arrays()
        if h["deal"].size == 0:
            return contract.empty_table("opp_history")
        opp = self.opp_id[h["deal"].astype(np.int64)]
        keep = opp > 0
        opp, day, field = opp[keep], h["day"][keep].astype(np.int64), h["field"][keep].astype(np.int64)
        old, new = h["old"][keep].astype(float), h["new"][keep].astype(float)
        order = np.lexsort((np.arange(opp.size), opp, day))
        opp, day, field, old, new = opp[order], day[order], field[order], old[order], new[order]
        return pd.DataFrame({
            "opp_id": opp, "date": self.dates(day), "field": _cat(field, HISTORY_FIELDS),
            "old": self._values(field, old), "new": self._values(field, new),
        })

    def _values(self, field: np.ndarray, values: np.ndarray) -> np.ndarray:
        """History values as text: stage names, amounts with two decimals, ISO dates; None when missing."""
        out = np.full(values.size, None, dtype=object)
        for code in (STAGE, AMOUNT, CLOSE_DATE):
            sel = (field == code) & ~np.isnan(values)
            if not sel.any():
                continue
            uniq, inv = np.unique(values[sel], return_inverse=True)
            if code == STAGE:
                text = STAGE_NAMES[uniq.astype(np.int64)]
            elif code == AMOUNT:
                text = np.array([f"{v:.2f}" for v in uniq], dtype=object)
            else:
                text = np.datetime_as_string(self.run.tl.dates(uniq.astype(np.int64)), unit="D").astype(object)
            out[sel] = text[inv]
        return out

    def snapshots(self) -> pd.DataFrame:
        a = self.run.snapshots.arrays()
        if a["deal"].size == 0:
            return contract.empty_table("snapshots")
        deal = a["deal"].astype(np.int64)
        return pd.DataFrame({
            "as_of": self.mondays(a["week"]), "opp_id": self.opp_id[deal],
            "rep_id": _cat(self.run.store.rep[deal], self.rep_ids),
            "stage": _cat(a["stage"], OPEN_STAGES), "amount": a["amount"].astype(float),
            "close_date": self.dates(a["close"].astype(np.int64)),
            "forecast_category": _cat(a["category"], FORECAST_CATEGORIES),
        })

    def calls(self) -> pd.DataFrame:
        a = self.run.calls.arrays()
        if a["deal"].size == 0:
            return contract.empty_table("calls")
        deal = a["deal"].astype(np.int64)
        order = np.lexsort((self.opp_id[deal], a["day"]))
        deal = deal[order]
        return pd.DataFrame({
            "call_id": np.arange(1, deal.size + 1), "opp_id": self.opp_id[deal],
            "rep_id": self.rep_ids[self.run.store.rep[deal]], "date": self.dates(a["day"][order]),
            "planned": a["planned"][order].astype(bool), "outcome": np.array(CALL_OUTCOMES, dtype=object)[a["outcome"][order]],
            "economic_buyer_present": a["eb"][order].astype(bool),
        })

    def activities(self) -> pd.DataFrame:
        a = self.run.funnel.activities
        if a["rep"].size == 0:
            return contract.empty_table("activities")
        return pd.DataFrame({
            "rep_id": _cat(a["rep"], self.rep_ids), "account_id": _cat(a["account"], self.account_ids),
            "week": self.mondays(a["week"]), "type": _cat(a["type"], ACTIVITY_TYPES),
            "outcome": _cat(a["outcome"], ACTIVITY_OUTCOMES),
        })

    def release(self, name: str) -> None:
        """Drop the run's raw arrays behind a table once it is built."""
        if name == "activities":
            self.run.funnel.activities = {}
        elif name == "opp_history":
            self.run.history = None
        elif name == "snapshots":
            self.run.snapshots = None
        elif name == "calls":
            self.run.calls = None

    def forecasts(self) -> pd.DataFrame:
        tl = self.run.tl
        f = self.run.forecasts  # (weeks, reps, 3)
        weeks = np.repeat(np.arange(tl.n_weeks), self.n)
        reps = np.tile(np.arange(self.n), tl.n_weeks)
        flat = f.reshape(-1, 3)
        return pd.DataFrame({
            "rep_id": self.rep_ids[reps], "quarter": np.array(tl.labels, dtype=object)[weeks // WEEKS],
            "week": weeks % WEEKS + 1, "as_of": self.mondays(weeks),
            "commit": flat[:, 0], "best_case": flat[:, 1], "pipeline": flat[:, 2],
        })

    def coaching(self) -> pd.DataFrame:
        m = self.run.minutes  # (weeks, reps, comps)
        w, r, c = np.nonzero(m)
        return pd.DataFrame({
            "rep_id": self.rep_ids[r], "week": self.mondays(w),
            "component": np.array(COMPONENTS, dtype=object)[c], "minutes": m[w, r, c],
        })


@cache
def _empty(name: str) -> pd.DataFrame:
    """The contract's empty table ``name`` (a template: hand out copies only)."""
    return contract.empty_table(name)


def build(run: Run, scenario: str, seed: int) -> contract.Team:
    """The :class:`~sefkit.data.team.Team` of a finished run."""
    b = Builder(run)
    tables = {
        "reps": b.reps(), "accounts": b.accounts(), "quotas": b.quotas(),
        "opportunities": b.opportunities(), "forecasts": b.forecasts(), "coaching": b.coaching(),
    }
    tables = {name: contract.conform(df, name) for name, df in tables.items()}
    if not run.full:  # copies of one template each: much cheaper than building empty tables
        tables.update({name: _empty(name).copy() for name in ("activities", "opp_history", "snapshots", "calls")})
    else:
        # one large table at a time, freeing the run's arrays as we go, to keep peak memory low
        for name in ("activities", "opp_history", "snapshots", "calls"):
            tables[name] = contract.conform(getattr(b, name)(), name)
            b.release(name)
    return contract.Team(
        **tables, truth=b.truth(), scenario=scenario, seed=seed, params=run.params, start=run.tl.start,
    )
