"""The weekly loop (sefkit/engine/loop.py): a deal's named draws, skills by name, and the two ways to start a run."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest

import sefkit
from sefkit.data.team import COMPONENTS
from sefkit.engine.loop import Checkpoint, DealWeekDraws, Run
from sefkit.engine.plans import check_schedule
from sefkit.engine.scenario import resolve
from sefkit.engine.simulation import simulate_with_checkpoint
from sefkit.engine.skills import SKILL
from sefkit.engine.streams import Streams
from sefkit.engine.tables import build

SMALL = {"n_reps": 3, "quarters": 3}
#: The arrays of a finished run that say who won what when (and for how much).
OUTCOME_ARRAYS = ("rep", "account", "created", "amount", "stage", "outcome", "closed_on", "reason")


def _draws(n: int = 200_000) -> DealWeekDraws:
    """Many deal-weeks' draws: ``n`` deals over one week each, spread over weeks 0-49."""
    keys = np.arange(n, dtype=np.uint64)
    parts = [DealWeekDraws.draw(Streams(3), keys[w::50], week=w) for w in range(50)]
    return DealWeekDraws(**{f.name: np.concatenate([getattr(p, f.name) for p in parts])
                            for f in dataclasses.fields(DealWeekDraws)})


# -- the draws ----------------------------------------------------------------------------


def test_each_draw_has_its_own_column():
    columns = DealWeekDraws.columns()
    assert len(set(columns.values())) == len(columns)  # no column read by two decisions
    assert columns["push_length"] != columns["rescope_amount"]
    assert DealWeekDraws.width() == max(columns.values()) + 1
    for f in dataclasses.fields(DealWeekDraws):
        assert f.metadata["meaning"]  # every draw says what it decides


def test_rescope_amount_and_push_length_are_independent():
    """The rescope amount and the push length were one draw (correlation 1); now no two draws correlate."""
    d = _draws()
    assert abs(np.corrcoef(d.rescope_amount, d.push_length)[0, 1]) < 0.012  # sd 1/sqrt(200k) = 0.0022
    names = [f.name for f in dataclasses.fields(DealWeekDraws)]
    for a, b in itertools.combinations(names, 2):
        assert abs(np.corrcoef(getattr(d, a), getattr(d, b))[0, 1]) < 0.012, (a, b)
    for name in names:  # each is uniform on (0, 1): deciles within 1 % of a tenth
        share = np.histogram(getattr(d, name), bins=10, range=(0, 1))[0] / d.day.size
        assert np.abs(share - 0.1).max() < 0.01, name


def test_the_draws_of_a_deal_week_are_the_same_in_every_run():
    keys = np.array([11, 12, 13], dtype=np.uint64)
    a, b = DealWeekDraws.draw(Streams(5), keys, 40), DealWeekDraws.draw(Streams(5), keys[::-1], 40)
    assert np.array_equal(a.push_length, b.push_length[::-1])  # keyed by the deal, not its place in the week
    assert not np.array_equal(a.push_length, DealWeekDraws.draw(Streams(5), keys, 41).push_length)


def _rescope_and_push(team) -> pd.DataFrame:
    """Deal-days on which the amount was rescoped and the close date pushed: the factor and the days ahead."""
    h = team.opp_history[team.opp_history["old"].notna()]
    amount = h[h["field"] == "amount"]
    amount = amount.assign(factor=amount["new"].astype(float) / amount["old"].astype(float))
    close = h[h["field"] == "close_date"]
    close = close.assign(ahead=(pd.to_datetime(close["new"]) - close["date"]).dt.days)
    return amount[["opp_id", "date", "factor"]].merge(close[["opp_id", "date", "ahead"]], on=["opp_id", "date"])


def test_a_rescoped_deal_pushed_the_same_week_gets_an_unrelated_push():
    """In the tables: how much a deal was rescoped says nothing about how far it was pushed that week.

    Every deal reaching propose is rescoped and close dates are short, so many deals
    are rescoped and pushed on one day (about 300 over two seeds). With the old
    shared draw the rank correlation of the factor and the days ahead was 0.91 on
    each seed; with its own draw it is 0.06 pooled (sd about 0.06 when independent).
    """
    kw = {"deals": {"rescope_chance": 1.0, "expected_weeks": 6.0}, "quarters": 4}
    both = pd.concat([_rescope_and_push(sefkit.simulate("northwind", seed, **kw)) for seed in (0, 1)])
    assert len(both) >= 200
    assert abs(both["factor"].rank().corr(both["ahead"].rank())) < 0.25


def test_the_push_length_changes_close_dates_only(monkeypatch):
    """Other push lengths: the same deals, stages, amounts and outcomes; only close dates (and forecasts) move."""
    params = resolve("zombie_pipeline", **SMALL)
    base = Run.fresh(params, 4, None, True).run()
    draw = DealWeekDraws.draw.__func__

    def other_lengths(cls, streams, keys, week):
        d = draw(cls, streams, keys, week)
        return dataclasses.replace(d, push_length=1.0 - d.push_length)

    monkeypatch.setattr(DealWeekDraws, "draw", classmethod(other_lengths))
    other = Run.fresh(params, 4, None, True).run()
    for name in OUTCOME_ARRAYS:
        assert np.array_equal(base.store.view(name), other.store.view(name)), name
    assert not np.array_equal(base.store.view("close_date"), other.store.view("close_date"))
    assert not np.array_equal(base.forecasts, other.forecasts)


# -- skills by name -----------------------------------------------------------------------


def test_skills_are_indexed_by_component_name():
    assert SKILL._fields == COMPONENTS
    assert [getattr(SKILL, c) for c in COMPONENTS] == list(range(len(COMPONENTS)))
    assert SKILL.calls == COMPONENTS.index("calls") and SKILL.hygiene == COMPONENTS.index("hygiene")


# -- the two ways to start a run ----------------------------------------------------------


@pytest.fixture(scope="module")
def checkpointed():
    """A small core run with a checkpoint at 2025Q2, and its parameters."""
    params = resolve("northwind", **SMALL)
    run = Run.fresh(params, 2, None, False, scenario="northwind", keep_quarter=1).run()
    return params, run


def test_a_fresh_run_is_what_simulate_runs(checkpointed):
    params, run = checkpointed
    assert run.start_week == run.tl.first_week < 0  # from the warm-up
    team = sefkit.simulate("northwind", 2, detail="core", **SMALL)
    again = build(Run.fresh(params, 2, None, False, scenario="northwind").run(), "northwind", 2)
    for name, table in team.tables().items():
        pd.testing.assert_frame_equal(table, getattr(again, name), obj=name)


def test_the_checkpoint_says_which_run_it_belongs_to(checkpointed):
    _, run = checkpointed
    cp = run.checkpoint
    assert isinstance(cp, Checkpoint)
    assert (cp.scenario, cp.seed, cp.quarter, cp.detail, cp.week) == ("northwind", 2, "2025Q2", "core", 13)
    _, from_simulate = simulate_with_checkpoint("northwind", 2, "2025Q2", detail="core", **SMALL)
    assert type(from_simulate) is Checkpoint  # one checkpoint class, whoever takes it


@pytest.mark.parametrize("plan", [None, {"start_quarter": 2, "minutes": {"R01": {"calls": 60}}},
                                  {"start_quarter": 3, "minutes": {"R02": {"hygiene": 30, "prospecting": 30}}}])
def test_a_resumed_run_has_the_arrays_of_a_fresh_one(checkpointed, plan):
    params, run = checkpointed
    checked = check_schedule(plan, params)
    scratch = Run.fresh(params, 2, checked, False).run()
    resumed = Run.resume(run.checkpoint, checked)
    assert resumed.start_week == 13 and resumed.scenario == "northwind"
    resumed.run()
    for name in (*OUTCOME_ARRAYS, "close_date", "commitment"):
        assert np.array_equal(resumed.store.view(name), scratch.store.view(name)), name
    assert np.array_equal(resumed.forecasts, scratch.forecasts)
    assert np.array_equal(resumed.latent, scratch.latent)


def test_a_replication_resumed_is_the_replication_from_scratch(checkpointed):
    params, run = checkpointed
    checked = check_schedule({"start_quarter": 2, "minutes": {"R03": {"calls": 45}}}, params)
    resumed = Run.resume(run.checkpoint, checked, replication=3).run()
    scratch = Run.fresh(params, 2, checked, False, replication=3, future_from=run.checkpoint.week).run()
    own = Run.resume(run.checkpoint, checked).run()
    assert np.array_equal(resumed.store.view("outcome"), scratch.store.view("outcome"))
    assert not np.array_equal(resumed.store.view("outcome"), own.store.view("outcome"))


def test_an_outcomes_only_run_wins_the_same(checkpointed):
    params, run = checkpointed
    checked = check_schedule({"start_quarter": 2, "minutes": {"R01": {"deal_management": 60}}}, params)
    full = Run.resume(run.checkpoint, checked).run()
    quick = Run.resume(run.checkpoint, checked, forecast=False).run()
    for name in ("rep", "amount", "outcome", "closed_on"):
        assert np.array_equal(full.store.view(name), quick.store.view(name)), name


def test_resume_refuses_what_a_checkpoint_cannot_give(checkpointed):
    params, run = checkpointed
    earlier = check_schedule({"start_quarter": 1, "minutes": {"R01": {"calls": 60}}}, params)
    with pytest.raises(ValueError, match="changes coaching before 2025Q2.*only change coaching from 2025Q2 on"):
        Run.resume(run.checkpoint, earlier)
    with pytest.raises(ValueError, match="keep_quarter 0 is not a quarter this run simulates"):
        Run.resume(run.checkpoint, None, keep_quarter=0)  # before the checkpoint
    with pytest.raises(ValueError, match="keep_quarter 3 is not a quarter this run simulates"):
        Run.fresh(params, 2, None, False, keep_quarter=3)
    again = Run.resume(run.checkpoint, None, keep_quarter=2).run()  # a checkpoint of a resumed run
    assert again.checkpoint.quarter == "2025Q3" and again.checkpoint.scenario == "northwind"


# -- the product gap (product.gap): a buyer who needs what the product lacks -----------

def test_a_total_product_gap_loses_every_decision_to_the_product():
    """gap 1: every buyer who decides buys elsewhere, whatever the rep's skill, and says why."""
    team = sefkit.simulate("northwind", 0, detail="core", **SMALL, product={"gap": 1.0})
    opps = team.opportunities
    assert not (opps["outcome"] == "won").any()
    lost = opps[opps["outcome"] == "lost"]
    assert len(lost) > 10 and (lost["loss_reason"] == "product_gap").all()
    # no-decision deals are the buyer's choice before the product is judged: they stay no decision
    assert (opps["outcome"] == "no_decision").any()
    # the truth knows it: no admitted deal has a chance to be won
    assert team.truth.deals["win_chance"].max() == 0.0


def test_no_product_gap_changes_nothing_and_its_numbers_have_their_own_stream():
    """gap 0 (the default) gives the tables it gave before the mechanism existed: no other draw moves."""
    base = sefkit.simulate("northwind", 3, detail="core", **SMALL)
    off = sefkit.simulate("northwind", 3, detail="core", **SMALL, product={"gap": 0.0})
    pd.testing.assert_frame_equal(base.opportunities, off.opportunities)
    # a partial gap turns some would-be wins into product-gap losses (later deals differ too: fewer
    # wins make fewer customers, hence fewer referrals), so compare the endings, not deal by deal
    some = sefkit.simulate("northwind", 3, detail="core", **SMALL, product={"gap": 0.3})
    from sefkit.components.deals import loss_reason_shares
    a = loss_reason_shares(base, by=[]).iloc[0]
    b = loss_reason_shares(some, by=[]).iloc[0]
    assert b["won"] < a["won"] - 0.05
    assert b["product_gap"] > a["product_gap"] + 0.05
