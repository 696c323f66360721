"""Coaching raises skills with a lag and diminishing returns; neglected skills fade slowly."""

from __future__ import annotations

import numpy as np

import sefkit
from sefkit.data.team import COMPONENTS
from sefkit.engine.skills import step

KW = {"gain": 0.01, "half": 30.0, "decay": 0.001, "boost": 0.0, "catch_up": 3.0}
LEVEL = 0.5  # the rep's other skills


def growth(skill, minutes, **kw):
    s = np.array([[skill, LEVEL, LEVEL, LEVEL, LEVEL, LEVEL, LEVEL]])
    m = np.array([[minutes, 0, 0, 0, 0, 0, 0]], dtype=float)
    return float(step(s, m, **{**KW, **kw})[0, 0] - skill)


def test_coaching_helps_with_diminishing_returns():
    assert growth(0.5, 30) > 0
    assert growth(0.5, 60) < 2 * growth(0.5, 30)  # more minutes, less per minute (beyond a focused half hour)
    assert growth(0.5, 90) < 3 * growth(0.5, 30)
    assert growth(0.8, 30) < growth(0.4, 30)  # less room at the top
    assert growth(0.8, 30) < growth(0.6, 30)
    assert growth(0.5, 30, boost=0.5) > growth(0.5, 30)  # enablement makes minutes count more


def test_focused_minutes_beat_thinly_spread_ones():
    # 60 minutes on one skill against the same 60 spread over seven
    skills = np.full((1, 7), 0.5)
    focused = step(skills, np.array([[60.0, 0, 0, 0, 0, 0, 0]]), **KW) - skills
    spread = step(skills, np.full((1, 7), 60 / 7), **KW) - skills
    assert focused.sum() > 2 * spread.sum()
    assert growth(0.5, 5) < 0.1 * growth(0.5, 30)  # a few minutes barely register


def test_the_weakest_skill_has_most_room():
    assert growth(0.3, 60) > 2 * growth(0.5, 60)  # 0.2 below the rep's own level: catches up
    assert growth(0.3, 60, catch_up=0.0) < 1.5 * growth(0.5, 60)  # without catching up, only 1 - skill


def test_neglected_skills_fade():
    assert -0.001 <= growth(0.5, 0) < 0
    assert growth(0.5, 0) < growth(0.5, 5)  # a few minutes fade a little less


def test_closing_a_gap_takes_focused_coaching():
    # a light touch on the weakest skill does little more than on any other; a focused hour closes the gap
    assert growth(0.3, 10, decay=0.0) < 1.6 * growth(0.5, 10, decay=0.0)
    assert growth(0.3, 60, decay=0.0) > 2 * growth(0.5, 60, decay=0.0)


def test_the_weakest_link_drags_every_skill():
    from sefkit.engine.skills import chain

    typical = np.array([[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3]])
    weaker = np.array([[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.2]])
    assert np.allclose(chain(typical, 0.5, 0.3), typical)  # a typical weakest link shifts nothing
    assert np.allclose(chain(weaker, 0.5, 0.3)[0, :6], 0.45)  # 0.1 weaker drags every other skill by 0.05


def test_coaching_shows_after_the_lag_and_only_for_the_coached_rep_and_skill():
    plan = {"start_quarter": 2, "minutes": {"R01": {"calls": 120}}}
    kw = {"n_reps": 2, "quarters": 3, "detail": "core", "coaching": {"lag_weeks": 4}}
    base = sefkit.simulate(seed=1, **kw).truth.rep_skills.set_index(["rep_id", "quarter"])
    coached = sefkit.simulate(seed=1, coaching_plan=plan, **kw).truth.rep_skills.set_index(["rep_id", "quarter"])
    assert coached.loc[("R01", "2025Q1")].equals(base.loc[("R01", "2025Q1")])
    assert coached.loc[("R01", "2025Q3"), "calls"] > base.loc[("R01", "2025Q3"), "calls"] + 0.02
    others = [c for c in COMPONENTS if c != "calls"]
    assert (coached.loc[("R01", "2025Q3"), others] < base.loc[("R01", "2025Q3"), others]).all()
    assert (coached.loc[("R02", "2025Q3")] <= base.loc[("R02", "2025Q3")]).all()


def test_each_rep_has_a_weakest_skill_and_the_team_covers_every_component():
    team = sefkit.simulate(seed=4, detail="core", quarters=1)
    skills = team.truth.rep_skills.set_index("rep_id")[list(COMPONENTS)]
    assert set(skills.idxmin(axis=1)) == set(COMPONENTS)
    gaps = skills.apply(lambda row: row.nsmallest(2).diff().iloc[-1], axis=1)
    assert (gaps > 0.03).mean() >= 0.8  # the weakest skill stands out for most reps
    fixed = sefkit.simulate(seed=4, detail="core", quarters=1, skills={"reps": {"R03": {"calls": 0.11}}})
    # the quarter's average: it starts at 0.11 and grows a little with the quarter's coaching
    assert 0.11 < fixed.truth.rep_skills.set_index("rep_id").loc["R03", "calls"] < 0.14
