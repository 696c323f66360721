"""Qualification (sefkit/engine/qualification.py): which deals reps admit and how well they read the buyer's commitment."""

from __future__ import annotations

import numpy as np
import pytest

from sefkit.engine import qualification
from sefkit.engine.population import build
from sefkit.engine.scenario import resolve
from sefkit.engine.store import MARKETING, NO_BUDGET, OUTBOUND, POOR_FIT, REFERRAL, DealStore
from sefkit.engine.streams import Streams

P = resolve("northwind")


def _rows(n, source, q):
    p = dict(P)
    pop = build(p, Streams(0).generator("population"))
    streams = Streams(9)
    rows = {"rep": np.zeros(n, np.int64), "account": np.arange(n) % pop.fit.size,
            "key": streams.keys(np.arange(n)), "source": np.full(n, source, np.int8), "week": np.zeros(n, np.int64)}
    skills = np.full((n, 7), 0.5)
    skills[:, 2] = q
    return qualification.attributes(rows, p, pop, skills, streams)


def test_lax_qualifiers_admit_weaker_deals_and_misread_them_more():
    lax, strict = _rows(20_000, OUTBOUND, 0.15), _rows(20_000, OUTBOUND, 0.85)
    assert lax["admit"].mean() > strict["admit"].mean() + 0.1
    assert lax["commitment"][lax["admit"]].mean() < strict["commitment"][strict["admit"]].mean() - 0.03
    assert (lax["perceived"] - lax["commitment"]).mean() > (strict["perceived"] - strict["commitment"]).mean() + 0.1
    err = lambda a: np.abs(a["perceived"] - a["commitment"]).mean()  # noqa: E731
    assert err(lax) > err(strict)
    assert ((lax["score"] >= 0) & (lax["score"] <= 24)).all()
    assert (lax["fields"].sum(axis=1) == lax["score"]).all()


def test_marketing_leads_are_less_committed_and_referrals_more():
    out, mkt, ref = (_rows(20_000, s, 0.5)["commitment"].mean() for s in (OUTBOUND, MARKETING, REFERRAL))
    assert mkt < out < ref


def test_disqualified_deals_get_a_reason_by_fit_and_admitted_ones_none():
    rows = _rows(5_000, OUTBOUND, 0.5)
    pop = build(dict(P), Streams(0).generator("population"))
    fit = pop.fit[np.arange(5_000) % pop.fit.size]
    dropped = ~rows["admit"]
    assert dropped.any() and rows["admit"].any()
    assert (rows["reason"][rows["admit"]] == -1).all()
    low = fit < qualification.pop_fit_cut(P)
    assert (rows["reason"][dropped & low] == POOR_FIT).all()
    assert (rows["reason"][dropped & ~low] == NO_BUDGET).all()


def test_optimism_grows_as_forecasting_skill_falls():
    f = P["forecast"]
    assert qualification.optimism(P, 0.5) == f["optimism"]
    assert qualification.optimism(P, 0.1) - qualification.optimism(P, 0.9) == pytest.approx(0.8 * f["skill_effect"])


def test_admit_stores_every_deal_and_splits_admitted_from_disqualified():
    rows = _rows(300, OUTBOUND, 0.5)
    store = DealStore(capacity=16)  # grows as needed
    svc = np.array([0.7])
    admitted, disqualified = qualification.admit(store, rows, svc)
    assert store.n == 300 and admitted.size + disqualified.size == 300
    assert np.array_equal(np.sort(np.concatenate([admitted, disqualified])), np.arange(300))
    assert np.array_equal(admitted, np.flatnonzero(rows["admit"]))
    assert (store.view("attention") == 0.7).all()  # a new deal starts with the rep's current service
    assert np.array_equal(store.view("amount"), rows["amount"])
    assert np.array_equal(store.fields[:300], rows["fields"])


def test_take_and_concat_are_inverse():
    rows = _rows(50, OUTBOUND, 0.5)
    joined = qualification.concat([qualification.take(rows, 0, 20), qualification.take(rows, 20, 50)])
    assert joined.keys() == rows.keys()
    assert all(np.array_equal(joined[k], rows[k]) for k in rows)
