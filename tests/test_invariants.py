"""Properties every simulated team must have, checked over many seeds (hypothesis).

Each example simulates a small team (1-4 reps, 1-3 quarters) of a random scenario
and seed, then checks the data makes sense the way a CRM's data must: deals close
after they open, outcomes only on closed deals, history that replays to the final
state, snapshots without look-ahead, a consistent funnel, positive money.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sefkit
from sefkit.data.team import COMPONENTS, DECIDED_OUTCOMES, OPEN_STAGES, validate

SMALL_SCENARIOS = ["northwind", "prospecting_only", "zombie_pipeline", "happy_ears", "marketing_surge"]

teams = st.builds(
    lambda scenario, seed, n_reps, quarters, warmup: sefkit.simulate(
        scenario, seed, n_reps=n_reps, quarters=quarters, warmup_weeks=warmup
    ),
    scenario=st.sampled_from(SMALL_SCENARIOS),
    seed=st.integers(0, 2**32 - 1),
    n_reps=st.integers(1, 4),
    quarters=st.integers(3, 4),
    warmup=st.sampled_from([0, 5, 26]),
)
check = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def replay(history: pd.DataFrame, before: pd.Timestamp | None = None) -> pd.DataFrame:
    """The last value of each (opp_id, field), using only rows dated before ``before``."""
    h = history if before is None else history[history["date"] < before]
    last = h.groupby(["opp_id", "field"], observed=True).tail(1)
    return last.pivot(index="opp_id", columns="field", values="new")


@check
@given(teams)
def test_deals_close_after_they_open_and_outcomes_only_on_closed_deals(team):
    validate(team)
    o = team.opportunities
    closed = o["closed_on"].notna()
    assert (o.loc[closed, "closed_on"] >= o.loc[closed, "created"]).all()
    assert (closed == o["outcome"].notna()).all()
    assert (closed == (o["stage"] == "closed")).all()
    assert o.loc[~closed, "stage"].isin(OPEN_STAGES).all()
    assert o["opp_id"].is_unique
    assert (o["close_date"] >= o["created"]).all()
    # deals from the warm-up are kept only if still open at the start
    early = o["created"] < team.start
    assert (o.loc[early & closed, "closed_on"] >= team.start).all()
    # loss reasons only where a deal was not won, and of the right family
    reasons = {"lost": {"competitor", "price", "product_gap"}, "no_decision": {"status_quo", "went_dark"},
               "disqualified": {"poor_fit", "no_budget"}}
    assert o.loc[o["outcome"] == "won", "loss_reason"].isna().all()
    assert o.loc[o["outcome"].isna(), "loss_reason"].isna().all()
    for outcome, allowed in reasons.items():
        assert set(o.loc[o["outcome"] == outcome, "loss_reason"]) <= allowed


@check
@given(teams)
def test_history_replays_to_the_final_state(team):
    o = team.opportunities.set_index("opp_id")
    h = team.opp_history
    assert set(h["opp_id"]) == set(o.index)
    first = h.groupby(["opp_id", "field"], observed=True).head(1)
    assert first["old"].isna().all()
    assert (first["date"].to_numpy() == o.loc[first["opp_id"], "created"].to_numpy()).all()
    later = h.drop(first.index)
    assert later["old"].notna().all()
    # each change starts from the previous value
    prev = h.groupby(["opp_id", "field"], observed=True)["new"].shift(1)
    assert (prev[later.index] == later["old"]).all()
    final = replay(h)
    assert (final["stage"] == o.loc[final.index, "stage"]).all()
    assert np.allclose(final["amount"].astype(float), o.loc[final.index, "amount"])
    assert (pd.to_datetime(final["close_date"]) == o.loc[final.index, "close_date"]).all()
    assert (h["date"] >= o.loc[h["opp_id"], "created"].to_numpy()).all()


@check
@given(teams)
def test_snapshots_never_look_ahead(team):
    s = team.snapshots
    o = team.opportunities.set_index("opp_id")
    if s.empty:
        return
    assert (s["as_of"].dt.dayofweek == 0).all()
    created = o.loc[s["opp_id"], "created"].to_numpy()
    closed_on = o.loc[s["opp_id"], "closed_on"].to_numpy()
    assert (created < s["as_of"].to_numpy()).all()
    assert ~(closed_on < s["as_of"].to_numpy()).any()  # NaT compares False: open deals pass
    # the state shown is the history replayed up to (not including) the as-of day
    for as_of in s["as_of"].drop_duplicates().sample(min(6, s["as_of"].nunique()), random_state=0):
        snap = s[s["as_of"] == as_of].set_index("opp_id")
        state = replay(team.opp_history, as_of).loc[snap.index]
        assert (state["stage"] == snap["stage"].astype(str)).all()
        assert np.allclose(state["amount"].astype(float), snap["amount"])
        assert (pd.to_datetime(state["close_date"]) == snap["close_date"]).all()
        assert (snap["close_date"] >= as_of).all()


@check
@given(teams)
def test_funnel_counts_are_consistent(team):
    a = team.activities
    counts = a["outcome"].value_counts()
    assert counts.sum() == len(a)
    assert (a["week"].dt.dayofweek == 0).all() and (a["week"] >= team.start).all()
    assert a["account_id"].isin(team.accounts["account_id"]).all()
    # each rep works only its own territory
    territory = team.accounts.set_index("account_id")["territory_id"]
    rep_territory = team.reps.set_index("rep_id")["territory_id"]
    assert (territory[a["account_id"].astype(str)].to_numpy() == rep_territory[a["rep_id"].astype(str)].to_numpy()).all()
    # outbound opportunities come from meetings 1-3 weeks earlier: never more than the meetings
    o = team.opportunities
    meetings = a[a["outcome"] == "meeting"].groupby("rep_id", observed=True).size()
    out = o[(o["source"] == "outbound") & (o["created"] >= team.start + pd.Timedelta(weeks=3))]
    per_rep = out.groupby("rep_id").size()
    assert (per_rep <= meetings.reindex(per_rep.index, fill_value=0)).all()


@check
@given(teams)
def test_money_calls_forecasts_and_truth_make_sense(team):
    o = team.opportunities
    assert (o["amount"] > 0).all() and (team.quotas["quota"] > 0).all()
    assert (team.accounts["potential_acv"] > 0).all()
    f = team.forecasts
    assert (f["commit"] <= f["best_case"] + 1e-6).all() and (f["pipeline"] >= 0).all()
    assert len(f) == len(team.reps) * 13 * len(team.quarters)
    c = team.calls
    if len(c):
        life = o.set_index("opp_id").loc[c["opp_id"]]
        assert (c["date"].to_numpy() > life["created"].to_numpy()).all()
        assert ~(c["date"].to_numpy() > life["closed_on"].to_numpy()).any()
        assert c["call_id"].is_unique
    skills = team.truth.rep_skills[list(COMPONENTS)]
    assert ((skills >= 0) & (skills <= 1)).all().all()
    hours = team.truth.rep_time[["prospecting_hours", "deal_hours", "admin_hours"]].sum(axis=1)
    total = sum(team.params["hours"][k] for k in ("prospecting", "deal", "admin"))
    assert np.allclose(hours, total)
    d = team.truth.deals
    assert d["opp_id"].tolist() == o["opp_id"].tolist()
    assert d["commitment"].between(0, 1).all() and d["win_chance"].between(0, 1).all()
    assert (d.loc[o["outcome"].eq("disqualified").to_numpy(), "win_chance"] == 0).all()


@check
@given(st.integers(0, 2**32 - 1))
def test_decided_outcomes_cover_every_closed_pipeline_deal(seed):
    o = sefkit.simulate(seed=seed, n_reps=2, quarters=2, detail="core").opportunities
    closed = o[o["outcome"].notna()]
    assert closed["outcome"].isin([*DECIDED_OUTCOMES, "disqualified"]).all()
