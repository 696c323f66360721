"""The customer base (sefkit/engine/customers.py): who is a customer, who leaves, and the leads customers bring."""

from __future__ import annotations

import numpy as np
import pytest

from sefkit.engine.customers import Customers
from sefkit.engine.population import build
from sefkit.engine.scenario import resolve
from sefkit.engine.store import EXPANSION, REFERRAL
from sefkit.engine.streams import Streams
from sefkit.engine.timeline import WEEKS

P = resolve("northwind", n_reps=4)
POP = build(P, Streams(0).generator("population"))


def _cx(referrals=0.0, expansions=0.0, churn=0.0):
    return {"referrals_per_customer_quarter": referrals, "expansions_per_customer_quarter": expansions,
            "churn_per_customer_quarter": churn}


def test_the_first_customers_are_those_of_the_population_and_without_churn_they_stay():
    c = Customers(POP, Streams(1), first_week=-8, cx=_cx())
    assert POP.customer0.any()
    assert np.array_equal(c.customers_at(-8), POP.customer0)
    assert np.array_equal(c.customers_at(10_000), POP.customer0)


def test_a_won_account_becomes_a_customer_and_a_customer_who_wins_again_keeps_its_leaving_week():
    c = Customers(POP, Streams(1), first_week=0, cx=_cx(churn=0.3))
    new = np.flatnonzero(~POP.customer0)[:3]
    old = np.flatnonzero(POP.customer0 & (c.until > 10))[:2]
    assert not c.customers_at(6)[new].any()
    leaving = c.until[old].copy()
    c.update(5, np.concatenate([new, old]), _cx(churn=0.3))  # won in week 5
    assert c.customers_at(6)[new].all() and (c.until[new] >= 7).all()  # a customer from week 6 on
    assert np.array_equal(c.until[old], leaving)
    before = c.until.copy()
    c.update(6, np.array([], dtype=np.int64), _cx())  # nothing won: nothing changes
    assert np.array_equal(c.until, before)


def test_customers_leave_at_about_the_churn_rate():
    churn = 0.5  # half the customers leave in a quarter
    c = Customers(POP, Streams(2), first_week=0, cx=_cx(churn=churn))
    everyone = np.arange(POP.fit.size)
    c.update(0, everyone, _cx(churn=churn))
    stayed = c.customers_at(1 + WEEKS).mean()
    assert stayed == pytest.approx((1 - churn / WEEKS) ** WEEKS, abs=0.05)  # 0.60 stay a quarter


def test_a_copy_of_the_customer_base_is_independent():
    c = Customers(POP, Streams(1), first_week=0, cx=_cx())
    copy = c.copy()
    copy.update(0, np.flatnonzero(~POP.customer0)[:5], _cx())
    assert np.array_equal(c.customers_at(1), POP.customer0)
    assert copy.customers_at(1).sum() == POP.customer0.sum() + 5


def test_referrals_land_on_prospects_of_the_reps_own_territory_and_expansion_on_its_customers():
    cx = _cx(referrals=2.0, expansions=2.0)
    c = Customers(POP, Streams(3), first_week=0, cx=cx)
    leads = c.leads(np.arange(0, WEEKS), cx)
    assert (np.diff(leads["week"]) >= 0).all()
    assert (POP.account_rep[leads["account"]] == leads["rep"]).all()
    is_customer = c.customers_at(0)[leads["account"]]
    referral, expansion = leads["source"] == REFERRAL, leads["source"] == EXPANSION
    assert referral.any() and expansion.any() and (referral | expansion).all()
    assert not is_customer[referral].any() and is_customer[expansion].all()
    assert len(np.unique(leads["key"])) == len(leads["key"])


def test_lead_counts_follow_the_rates_and_the_number_of_customers():
    cx = _cx(referrals=1.0, expansions=0.0)
    c = Customers(POP, Streams(4), first_week=0, cx=cx)
    weeks = np.arange(0, 10 * WEEKS)  # drawn from the first week's customers
    leads = c.leads(weeks, cx)
    expected = POP.customer0.sum() * 1.0 / WEEKS * weeks.size
    assert len(leads["week"]) == pytest.approx(expected, rel=0.15)
    assert (leads["source"] == REFERRAL).all()
    assert all(c.leads(weeks, _cx())[k].size == 0 for k in ("week", "rep", "account", "key", "source"))
