"""The whole-job scorecard and diagnosis, on a hand-built team whose scores are worked out by hand.

The team: three reps (R01 Ada, R02 Ben, R03 Cleo), one quarter (2025Q1), and for
each component a measure built so that the scores are easy to check:

==================  =====================  =====================  ============================
component           R01 / R02 / R03        pattern                scores (higher = better)
==================  =====================  =====================  ============================
territory           2.0x / 1.0x / 2.0x     high, low, high        +0.707, -1.414, +0.707
prospecting         0.50 / 0.75 / 0.25     mid, high, low         0, +1.225, -1.225
qualification       2/9 / 0 / 4/9          mid, low, high         0, -1.225, +1.225
calls               0.25 / 0.50 / 0.50     low, high, high        -1.414, +0.707, +0.707
deal_management     0.50 / 0.50 / 0.75     low, low, high         -0.707, -0.707, +1.414
hygiene (lower ok)  10 / 10 / 40 days      R03 leaves dead deals  +0.707, +0.707, -1.414
forecasting         30 / 45 / 60 days      R01 dates deals soon   -1.225, 0, +1.225
==================  =====================  =====================  ============================

Hygiene is the close-out lag (each rep has one deal that went dark, closed out 10, 10
and 40 days after it was created, with no call on it); forecasting the close-date
horizon (every deal the rep took in during 2025Q1 was first dated 30, 45 or 60 days
ahead).

With three values (a, a, b) the scores are +-0.707 and -+1.414; with three
equally spaced values they are -1.225, 0 and +1.225 (population standard
deviation). So R01's binding constraint is calls, R02's territory, R03's hygiene.
"""

import math

import pandas as pd
import pytest
from builders import (
    account,
    activities,
    call,
    change,
    deal,
    forecast_call,
    make_team,
    rep_row,
    snap,
)

from sefkit import system
from sefkit.data.team import COMPONENTS, Team, Truth

R2 = math.sqrt(2)
R15 = math.sqrt(1.5)
EXPECTED = pd.DataFrame(
    {
        "territory": [1 / R2, -R2, 1 / R2],
        "prospecting": [0.0, R15, -R15],
        "qualification": [0.0, -R15, R15],
        "calls": [-R2, 1 / R2, 1 / R2],
        "deal_management": [-1 / R2, -1 / R2, R2],
        "hygiene": [1 / R2, 1 / R2, -R2],
        "forecasting": [-R15, 0.0, R15],
    },
    index=pd.Index(["R01", "R02", "R03"], name="rep_id"),
)
REPS = ["R01", "R02", "R03"]
Q1 = "2025-01-06"
# On 2025Q1's first Monday each rep has two deals due in the quarter, called as below; one of each
# rep's is won. Over-call = share called commit - share won: R01 2/2 - 1/2, R02 1/2 - 1/2, R03 0 - 1/2.
QUARTER_START_CALLS = {101: "commit", 102: "commit", 201: "commit", 202: "pipeline", 103: "pipeline",
                       104: "best_case"}
QUARTER_START_WINS = (101, 201, 104)


ACCOUNTS = [  # one high-fit account (0.8) and three low-fit ones per territory
    account(f"A{t}{i}", f"T{t}", "A" if i == 0 else "C", 0.8 if i == 0 else 0.3, 10_000, industry="Software")
    for t in (1, 2, 3) for i in range(4)
]


def _activities():
    # 8 activities each; high-fit activities: R01 4, R02 2, R03 4 of 8 (territory share 1/4).
    # conversations: 4 each; meetings: R01 2, R02 3, R03 1.
    plan = {"R01": (4, 2), "R02": (2, 3), "R03": (4, 1)}
    rows = []
    for rep, (high, meetings) in plan.items():
        t = rep[-1]
        outcomes = ["meeting"] * meetings + ["conversation"] * (4 - meetings) + ["connect", "no_answer"] * 2
        for i, outcome in enumerate(outcomes):
            rows += activities(rep, "2025-01-13", outcome=outcome, account=f"A{t}0" if i < high else f"A{t}{1 + i % 3}")
    return rows


LOSS_REASON = {"lost": "competitor", "no_decision": "status_quo", "disqualified": "poor_fit"}


#: Each rep's close-date horizon: every deal taken in during 2025Q1 is first dated this far ahead.
HORIZON = {"R01": "2025-02-12", "R02": "2025-02-27", "R03": "2025-03-14"}  # 30, 45, 60 days after 13 January
#: Each rep's one deal that went dark (no call on it) is closed out on this day: 10, 10 and 40 days after 13 January.
CLOSED_OUT = {"R01": "2025-01-23", "R02": "2025-01-23", "R03": "2025-02-22"}


def _opportunities():
    ended = {  # won, lost, no decision, disqualified; one more deal per rep is won below (101, 201, 104)
        "R01": (2, 3, 0, 2),  # + 1 went dark: disqualified 2 of 9; decided win rate 3 / 6
        "R02": (0, 1, 2, 0),  # + 1 went dark: disqualified 0 of 5; decided win rate 1 / 2 (win rate 1 / 5)
        "R03": (2, 1, 0, 4),  # + 1 went dark: disqualified 4 of 9; decided win rate 3 / 4
    }
    rows, n = [], 0
    for rep, counts in ended.items():
        for outcome, k in zip(("won", "lost", "no_decision", "disqualified"), counts, strict=True):
            for _ in range(k):
                n += 1
                rows.append(deal(n, rep, "2025-01-13", 10_000, outcome=outcome, closed_on="2025-02-10",
                                 close_date=HORIZON[rep], account=f"A{rep[-1]}1", loss_reason=LOSS_REASON.get(outcome)))
        n += 1
        rows.append(deal(n, rep, "2025-01-13", 10_000, outcome="no_decision", closed_on=CLOSED_OUT[rep],
                         close_date=HORIZON[rep], account=f"A{rep[-1]}1", loss_reason="went_dark"))
    # open deals due in 2025Q1 on its first day: two per rep; R03's deal 103 is a zombie. One deal
    # of each rep is won on its close date (in the quarter); the others are still open.
    for rep, ids in (("R01", (101, 102)), ("R02", (201, 202)), ("R03", (103, 104))):
        for opp_id in ids:
            old, won = opp_id == 103, opp_id in QUARTER_START_WINS
            rows.append(deal(opp_id, rep, "2024-10-07" if old else "2024-12-30", 10_000,
                             outcome="won" if won else None, closed_on="2025-02-03" if won else None,
                             close_date="2025-02-03", stage="closed" if won else "discover", account=f"A{rep[-1]}1"))
    return rows


# deal 103's close date was pushed twice before 6 January: stale for 91 days and pushed twice
HISTORY = [change(103, "2024-11-04", "close_date", "2024-11-04", "2024-12-02"),
           change(103, "2024-12-02", "close_date", "2024-12-02", "2025-02-03")]


def _snapshots(opps):
    # the quarter's first Monday: each rep's two deals, with the rep's call on each
    return [snap(Q1, d["opp_id"], d["rep_id"], "discover", d["amount"], d["close_date"], QUARTER_START_CALLS[d["opp_id"]])
            for d in opps if d["opp_id"] in QUARTER_START_CALLS]


# the rep-level calls in weeks 1 and 13 (the week-13 row says the data covers the whole quarter)
COMMIT = {"R01": 45_000.0, "R02": 10_000.0, "R03": 15_000.0}
FORECASTS = [forecast_call(r, "2025Q1", w, COMMIT[r], COMMIT[r], 50_000.0) for r in REPS for w in (1, 13)]
CALL_OUTCOMES = {"R01": ["advance", "continuation", "continuation", "setback"],
                 "R02": ["advance", "advance", "continuation", "setback"],
                 "R03": ["advance", "advance", "setback", "continuation"]}
CALLS = [call(1, r, "2025-02-03", o, planned=True) for r in REPS for o in CALL_OUTCOMES[r]]
REP_ROWS = [rep_row(r, name=name, territory=f"T{r[-1]}") for r, name in zip(REPS, ["Ada", "Ben", "Cleo"], strict=True)]


def hand_team(truth=None) -> Team:
    opps = _opportunities()
    extra = {"truth": truth} if truth is not None else {}
    return make_team(opps, reps=REP_ROWS, quarters=["2025Q1"], accounts=ACCOUNTS, activities=_activities(),
                     opp_history=HISTORY, snapshots=_snapshots(opps), calls=CALLS, forecasts=FORECASTS,
                     scenario="hand", **extra)


@pytest.fixture(scope="module")
def team():
    return hand_team()


# -- measures and scorecard --------------------------------------------------------

def test_each_measure_is_worked_out_by_hand(team):
    m = system.measures(team).set_index(["component", "rep_id"])
    value = m["value"].unstack("rep_id")[REPS]
    assert value.loc["territory"].tolist() == pytest.approx([2.0, 1.0, 2.0])  # share / 0.25
    assert value.loc["prospecting"].tolist() == pytest.approx([0.5, 0.75, 0.25])  # meetings / conversations
    assert value.loc["qualification"].tolist() == pytest.approx([2 / 9, 0.0, 4 / 9])  # disqualified / ended
    assert value.loc["calls"].tolist() == pytest.approx([0.25, 0.5, 0.5])
    # R02 won 1 of 5 closed deals (win rate 0.2), but 1 of the 2 the buyer decided
    assert value.loc["deal_management"].tolist() == pytest.approx([0.5, 0.5, 0.75])
    assert value.loc["hygiene"].tolist() == pytest.approx([10.0, 10.0, 40.0])  # days from creation to close-out
    assert value.loc["forecasting"].tolist() == pytest.approx([30.0, 45.0, 60.0])  # days to the first close date
    obs = m["observations"].unstack("rep_id")[REPS]
    assert obs.loc["territory"].tolist() == [8, 8, 8]  # activities
    assert obs.loc["qualification"].tolist() == [9, 5, 9]  # decided + disqualified deals
    assert obs.loc["deal_management"].tolist() == [6, 2, 4]  # won + lost
    assert obs.loc["hygiene"].tolist() == [1, 1, 1]  # went-dark deals
    assert obs.loc["forecasting"].tolist() == [6, 4, 4]  # deals taken in during 2025Q1 (103 and 101-202 came earlier)
    assert m.loc[("calls", "R01"), "team_value"] == pytest.approx((0.25 + 0.5 + 0.5) / 3)
    assert m.loc[("territory", "R02"), "measure"] == "high_fit_focus"


def test_scorecard_scores_are_standard_scores_with_higher_better(team):
    card = system.scorecard(team)
    assert list(card.columns) == list(COMPONENTS) and card.index.tolist() == REPS
    pd.testing.assert_frame_equal(card, EXPECTED[list(COMPONENTS)], atol=1e-9)
    # each column is centred with unit (population) spread
    assert card.mean().abs().max() < 1e-12
    assert card.std(ddof=0).tolist() == pytest.approx([1.0] * 7)


def test_quarter_filter_and_bad_input(team):
    pd.testing.assert_frame_equal(system.scorecard(team, quarter="2025Q1"), system.scorecard(team))
    with pytest.raises(ValueError, match="unknown quarter '2025Q2'; valid quarters: 2025Q1"):
        system.scorecard(team, quarter="2025Q2")
    one = Team.build(quotas=pd.DataFrame({"rep_id": ["R01"], "quarter": ["2025Q1"], "quota": [1.0]}))
    with pytest.raises(ValueError, match="needs at least 2 reps; this team has 1"):
        system.diagnose(one)


def test_a_team_without_detail_is_refused_with_the_reason(team):
    core = Team(**{**team.__dict__, "activities": team.activities.iloc[:0]})
    with pytest.raises(ValueError, match="no prospecting activities"):
        system.scorecard(core)


def test_nothing_is_mutated(team):
    before = {name: df.copy() for name, df in team.tables().items()}
    system.diagnose(team)
    for name, df in before.items():
        pd.testing.assert_frame_equal(getattr(team, name), df)


def test_a_rep_without_calls_gets_no_calls_score_but_still_a_diagnosis(team):
    quiet = Team(**{**team.__dict__, "calls": team.calls[team.calls["rep_id"] != "R02"]})
    m = system.measures(quiet).set_index(["component", "rep_id"])
    assert pd.isna(m.loc[("calls", "R02"), "value"]) and m.loc[("calls", "R02"), "observations"] == 0
    # R01 0.25 and R03 0.5: with two reps the scores are -1 and +1
    assert m.loc[("calls", "R01"), "score"] == pytest.approx(-1.0)
    assert system.diagnose(quiet).set_index("rep_id").loc["R02", "binding_constraint"] == "territory"


def test_standard_scores_of_equal_values_are_zero():
    assert system.standard_scores(pd.Series([0.3, 0.3, 0.3])).tolist() == [0.0, 0.0, 0.0]
    z = system.standard_scores(pd.Series([1.0, None, 3.0]))
    assert z.iloc[0] == -1.0 and pd.isna(z.iloc[1]) and z.iloc[2] == 1.0


# -- diagnose -------------------------------------------------------------------------

def test_diagnose_names_the_lowest_score_with_its_evidence(team):
    d = system.diagnose(team).set_index("rep_id")
    assert d["binding_constraint"].to_dict() == {"R01": "calls", "R02": "territory", "R03": "hygiene"}
    # runner-up: the -1.225s
    assert d["next_weakest"].to_dict() == {"R01": "forecasting", "R02": "qualification", "R03": "prospecting"}
    assert d["next_score"].tolist() == pytest.approx([-R15] * 3)
    assert d["score"].tolist() == pytest.approx([-R2] * 3)
    assert d["scorecard_score"].tolist() == pytest.approx([-R2] * 3)  # no upstream correction (UPSTREAM is empty)
    assert d["margin"].tolist() == pytest.approx([R2 - R15] * 3)  # next_score - score
    r1 = d.loc["R01"]
    assert (r1["measure"], r1["rep_value"], r1["observations"]) == ("advance_rate", 0.25, 4)
    assert r1["team_value"] == pytest.approx(1.25 / 3)
    assert r1["finding"] == (
        "Ada (R01): calls is the weakest link. Ada moves the deal forward on 25 % of calls "
        "(team 42 %): a score of -1.4, based on 4 calls."
    )
    assert "keeps a deal that went dark open 40 days after its last call (team 20 days)" in d.loc["R03", "finding"]
    assert "puts 1.00x of the territory's share" in d.loc["R02", "finding"]


def test_ties_go_to_the_earlier_component_in_the_chain():
    from sefkit.data.examples import tiny_team

    # with two reps every scorecard score is +1 or -1, so each rep ties on several components
    d = system.diagnose(tiny_team()).set_index("rep_id")
    card = system.diagnostic_scores(tiny_team())
    for rep in ("R01", "R02"):
        order = sorted(COMPONENTS, key=lambda c: (round(card.loc[rep, c], 9), COMPONENTS.index(c)))
        assert d.loc[rep, "binding_constraint"] == order[0]
        assert d.loc[rep, "next_weakest"] == order[1]
    # R02 ties at -1 on territory and qualification (and more): the earliest is named
    assert card.loc["R02", ["territory", "qualification"]].tolist() == pytest.approx([-1.0, -1.0])
    assert d.loc["R02", ["binding_constraint", "next_weakest"]].tolist() == ["territory", "qualification"]


def test_diagnostic_scores_are_the_scorecard_unless_a_component_is_read_net_of_its_cause(team):
    card = system.scorecard(team)
    assert system.UPSTREAM == {}
    pd.testing.assert_frame_equal(system.diagnostic_scores(team), card)
    # the earlier rule: hygiene net of 0.4 x calls, forecasting net of -0.2 x deal management
    earlier = {"hygiene": ("calls", 0.4), "forecasting": ("deal_management", -0.2)}
    net = system.diagnostic_scores(team, upstream=earlier)
    assert net["hygiene"].tolist() == pytest.approx((card["hygiene"] - 0.4 * card["calls"]).tolist())
    assert net["forecasting"].tolist() == pytest.approx((card["forecasting"] + 0.2 * card["deal_management"]).tolist())
    others = [c for c in COMPONENTS if c not in ("hygiene", "forecasting")]
    pd.testing.assert_frame_equal(net[others], card[others])
    # diagnosed with it, R03's hygiene -1.414 is read net of 0.4 x calls +0.707, and the finding says so
    d = system.diagnosis_of(team, system.measures(team), upstream=earlier).set_index("rep_id")
    assert d.loc["R03", "score"] == pytest.approx(-R2 - 0.4 / R2)
    assert "(-1.4 on the scorecard, read net of the calls score)" in d.loc["R03", "finding"]
    # a rep without a calls score keeps the scorecard's hygiene score
    quiet = Team(**{**team.__dict__, "calls": team.calls[team.calls["rep_id"] != "R02"]})
    assert (system.diagnostic_scores(quiet, upstream=earlier).loc["R02", "hygiene"]
            == pytest.approx(system.scorecard(quiet).loc["R02", "hygiene"]))
    with pytest.raises(ValueError, match="upstream corrections name components; 'hygiene' -> 'phone'"):
        system.diagnostic_scores(team, upstream={"hygiene": ("phone", 0.4)})


# -- the truth and the check against it -------------------------------------------------

def _truth():
    # R01 weakest at calls, R02 at territory, both quarters. R03 is weakest at hygiene in 2025Q1
    # and at forecasting in 2025Q2.
    base = {c: 0.5 for c in COMPONENTS}
    rows = [
        {"rep_id": "R01", "quarter": "2025Q1", **base, "calls": 0.2},
        {"rep_id": "R02", "quarter": "2025Q1", **base, "territory": 0.3, "hygiene": 0.45},
        {"rep_id": "R03", "quarter": "2025Q1", **base, "hygiene": 0.2},
        {"rep_id": "R01", "quarter": "2025Q2", **base, "calls": 0.2},
        {"rep_id": "R02", "quarter": "2025Q2", **base, "territory": 0.3, "hygiene": 0.45},
        {"rep_id": "R03", "quarter": "2025Q2", **base, "hygiene": 0.6, "forecasting": 0.1},
    ]
    return Truth(rep_skills=pd.DataFrame(rows))


def test_true_constraint_is_the_skill_furthest_below_the_team():
    team = hand_team(truth=_truth())
    q1 = system.true_constraint(team, quarter="2025Q1")
    assert q1["true_constraint"].tolist() == ["calls", "territory", "hygiene"]
    # calls (0.2, 0.5, 0.5) and territory (0.5, 0.3, 0.5) give -1.414; R03's hygiene (0.5, 0.45, 0.2)
    # is 0.183 below a mean of 0.383 with a spread of 0.131: -1.397
    assert q1["true_score"].tolist() == pytest.approx([-R2, -R2, -1.397], abs=1e-3)
    # over the whole run the skills are averaged first: R03's hygiene (0.5, 0.45, 0.4) scores -1.225,
    # forecasting (0.5, 0.5, 0.3) -1.414, so forecasting is R03's true constraint
    whole = system.true_constraint(team)
    assert whole["true_constraint"].tolist() == ["calls", "territory", "forecasting"]
    assert whole["true_score"].iloc[2] == pytest.approx(-R2)
    # R03's next-lowest is hygiene at -1.225 (0.5, 0.45, 0.4 are equally spaced): a margin of 0.189
    assert whole["true_margin"].iloc[2] == pytest.approx(R2 - R15)


def test_check_diagnosis_compares_with_the_truth():
    team = hand_team(truth=_truth())
    check = system.check_diagnosis(team).set_index("rep_id")
    # the data say calls, territory, hygiene; the truth over both quarters says R03 is forecasting
    assert check["hit"].to_dict() == {"R01": True, "R02": True, "R03": False}
    assert check.loc["R03", ["true_constraint", "binding_constraint"]].tolist() == ["forecasting", "hygiene"]
    # the component diagnose named for R03 (hygiene) is still R03's second-weakest hidden skill
    assert check.loc["R03", "true_score_of_diagnosed"] == pytest.approx(-R15)
    with pytest.raises(ValueError, match="no hidden truth"):
        system.true_constraint(hand_team())


# -- on the simulated northwind team ----------------------------------------------------

@pytest.fixture(scope="module")
def northwind():
    import sefkit

    return sefkit.simulate("northwind", seed=0)


def test_northwind_scorecard_and_diagnosis_have_the_right_shape(northwind):
    card = system.scorecard(northwind)
    assert card.shape == (10, 7) and card.index.tolist() == northwind.rep_ids
    assert card.notna().all().all()
    assert card.mean().abs().max() < 1e-9 and card.std(ddof=0).tolist() == pytest.approx([1.0] * 7)
    # with 10 reps no standard score can exceed (n - 1) / sqrt(n) = 2.85
    assert card.abs().max().max() <= 9 / math.sqrt(10) + 1e-9
    d = system.diagnose(northwind)
    assert d["binding_constraint"].isin(COMPONENTS).all() and len(d) == 10
    assert (d["score"] <= d["next_score"]).all()
    assert d["finding"].str.contains("is the weakest link").all()
    m = system.measures(northwind)
    rates = m[m["component"].isin(["prospecting", "qualification", "calls", "deal_management"])]
    assert rates["value"].between(0, 1).all() and (m["observations"] >= 0).all()
    days = m[m["component"].isin(["hygiene", "forecasting"])]
    assert (days["value"] > 0).all() and (days["observations"] > 0).all()  # every rep closed deals out and took some in


def test_northwind_diagnosis_of_one_quarter(northwind):
    d = system.diagnose(northwind, quarter="2026Q4")
    assert len(d) == 10 and d["binding_constraint"].isin(COMPONENTS).all()


# Measured on these 20 seeds (northwind 0-19, system.validate_diagnosis(range(20)), on
# 1 December 2026, after hygiene became the close-out lag and forecasting the close-date horizon;
# re-measure after an engine change with the print below): hit rate 0.775 over 200 diagnoses;
# recall by true constraint territory 0.89, prospecting 0.90, qualification 0.71, calls 0.67,
# deal_management 0.57, hygiene 0.86, forecasting 0.82 (28-30 reps each; their mean 0.774).
# The earlier measures (zombie share, over-call) scored 0.685 here, mean recall 0.683.
# docs/DIAGNOSIS.md reports 0.800 on seeds 0-59 and 0.818 on the held-out seeds 60-119.
# A random guess is right 1 time in 7 (0.143).
#
#: Lowest acceptable hit rate: the measured 0.775 less 0.075, about 2.5 standard deviations of a
#: 200-diagnosis rate (sqrt(0.775 x 0.225 / 200) = 0.030), room for an engine change that re-draws
#: the seeds. Going back to the earlier measures' 0.685 fails, and so does losing a tenth.
MIN_HIT_RATE = 0.70
#: Lowest acceptable mean recall over the seven components (balanced accuracy): measured 0.774, less
#: 0.074 (about 2.5 standard deviations, 0.030, of a mean of seven 28-rep recalls). The earlier
#: measures' 0.683 fails.
MIN_MEAN_RECALL = 0.70
#: Lowest acceptable recall of any one component: the weakest, deal management, measures 0.57 here
#: (0.63 and 0.71 on seeds 0-59 and 60-119). With about 28 reps a recall has a standard deviation
#: of about 0.094, so 0.40 sits 1.8 of them below 0.57, far enough that a re-drawn run does not fail
#: on luck. A component whose recall falls by a third fails; the pooled figures above catch
#: smaller, spread-out losses.
MIN_RECALL = 0.40


@pytest.mark.slow
def test_diagnosis_beats_chance_clearly_over_20_seeds():
    checks = system.validate_diagnosis(range(20))
    hit_rate = checks["hit"].mean()
    recall = checks.groupby("true_constraint")["hit"].mean().reindex(list(COMPONENTS))
    print(f"\ndiagnosis hit rate over 20 northwind seeds: {hit_rate:.3f} "
          f"(random guess {1 / 7:.3f}); recall by true constraint: {recall.round(2).to_dict()}")
    assert len(checks) == 200
    assert hit_rate >= MIN_HIT_RATE, f"hit rate {hit_rate:.3f} is below {MIN_HIT_RATE}"
    assert recall.mean() >= MIN_MEAN_RECALL, f"mean recall {recall.mean():.3f} is below {MIN_MEAN_RECALL}"
    hidden = recall[~(recall >= MIN_RECALL)]
    assert hidden.empty, f"components the diagnosis hardly finds (recall below {MIN_RECALL}): {hidden.to_dict()}"
