"""How often does ``sefkit.whole_job.system.diagnose`` name the rep's true binding constraint?

Simulates a scenario over two ranges of seeds, diagnoses every rep from the
observable tables, and compares with the hidden truth
(``sefkit.whole_job.system.true_constraint``: the skill furthest below the team,
skills averaged over the same quarters). The measures and the rule were chosen
on the *tuning* seeds; the *held-out* seeds were not looked at while choosing,
so their figures are the ones to quote. For each range it prints, side by side,
the diagnosis *before* (the earlier measures: zombie share for hygiene, week-1
over-call for forecasting, hygiene read net of 0.4 x calls and forecasting net
of -0.2 x deal management) and *after* (``diagnose`` as it is): the hit rate,
recall and precision per component. For the held-out seeds it then gives the
detail of ``diagnose``: where the misses come from, the hit rate by the
diagnosis's own margin, the confusion table, and how closely each component's
score follows each hidden skill.

With ``--candidates`` it compares the measures tried for the hygiene and the
forecasting score instead (on the tuning seeds by default): how each follows
its own skill and the skills it could be confused with, and the hit rates
diagnose would have with it. docs/DIAGNOSIS.md reports and explains these figures.

    .venv/bin/python benchmarks/validate_diagnosis.py [--tune 0-59] [--held-out 60-119] [--quarter 2026Q4]
    .venv/bin/python benchmarks/validate_diagnosis.py --tune 0-29 --held-out 60-89 --scenario happy_ears
    .venv/bin/python benchmarks/validate_diagnosis.py --candidates [--tune 0-59]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
import pandas as pd

from sefkit.components.deals import won_deals
from sefkit.components.forecast import STAGE_WEIGHTS, call_calibration, close_date_horizon
from sefkit.components.pipeline import close_out_lag, open_pipeline, slippage, zombie_share
from sefkit.data.team import COMPONENTS
from sefkit.engine.simulation import simulate
from sefkit.whole_job import evidence
from sefkit.whole_job.system import (
    FORECAST_WEEK,
    diagnosis_of,
    measures,
    standard_scores,
    true_constraint,
    true_scores,
)

CHANCE = 1 / len(COMPONENTS)
#: The rule before: hygiene read net of 0.4 x calls, forecasting net of -0.2 x deal management.
EARLIER_UPSTREAM = {"hygiene": ("calls", 0.4), "forecasting": ("deal_management", -0.2)}


# -- one team: the measures, swapped, diagnosed and checked ---------------------------

def swap(long: pd.DataFrame, component: str, values: pd.Series, higher_is_better: bool, name: str) -> pd.DataFrame:
    """A :func:`measures` table with one component's measure replaced by ``values`` (per rep) and scored again."""
    rows = long["component"] == component
    value = long.loc[rows, "rep_id"].map(values).astype("float64")
    out = long.copy()
    out.loc[rows, "measure"] = name
    out.loc[rows, "value"] = value.to_numpy()
    out.loc[rows, "team_value"] = value.mean()
    out.loc[rows, "score"] = standard_scores(value.reset_index(drop=True), higher_is_better).to_numpy()
    return out


def earlier(team, long: pd.DataFrame, quarter) -> pd.DataFrame:
    """The measures table as the earlier diagnosis read it: zombie share and week-1 over-call."""
    z = zombie_share(team, quarter=quarter, by="rep_id").set_index("rep_id")["zombie_share"]
    o = call_calibration(team, week=FORECAST_WEEK, quarter=quarter, by="rep").set_index("rep_id")["over_call"]
    return swap(swap(long, "hygiene", z, False, "zombie_share"), "forecasting", o, False, "over_call")


def check(team, found: pd.DataFrame, truth: pd.DataFrame, z: pd.DataFrame) -> pd.DataFrame:
    """A diagnosis next to the truth: the columns of ``system.check_diagnosis`` plus the diagnosis's margin."""
    out = truth.merge(found[["rep_id", "binding_constraint", "score", "next_weakest", "margin"]], on="rep_id", how="left")
    out["true_score_of_diagnosed"] = [z.loc[r, c] if isinstance(c, str) else float("nan")
                                      for r, c in zip(out["rep_id"], out["binding_constraint"], strict=True)]
    out["hit"] = out["binding_constraint"] == out["true_constraint"]
    return out


def links_of(long: pd.DataFrame, z: pd.DataFrame) -> pd.DataFrame:
    """Correlation across reps of each component's score with each hidden skill (rows: skill)."""
    scores = long.pivot(index="rep_id", columns="component", values="score")
    return pd.DataFrame({c: [scores[c].corr(z[t]) for t in COMPONENTS] for c in COMPONENTS},
                        index=pd.Index(list(COMPONENTS), name="hidden skill"))


def run(seeds, scenario: str, quarter) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Checks of every seed after, before, and after with the earlier corrections; mean score-skill correlations."""
    after, before, corrected, links = [], [], [], []
    for seed in seeds:
        team = simulate(scenario, seed)
        long = measures(team, quarter)
        truth, z = true_constraint(team, quarter), true_scores(team, quarter)
        after.append(check(team, diagnosis_of(team, long), truth, z).assign(seed=seed))
        before.append(check(team, diagnosis_of(team, earlier(team, long, quarter), upstream=EARLIER_UPSTREAM),
                            truth, z).assign(seed=seed))
        corrected.append(check(team, diagnosis_of(team, long, upstream=EARLIER_UPSTREAM), truth, z).assign(seed=seed))
        links.append(links_of(long, z))
    return (pd.concat(after, ignore_index=True), pd.concat(before, ignore_index=True),
            pd.concat(corrected, ignore_index=True), sum(links) / len(links))


# -- reports ---------------------------------------------------------------------------

def by_component(checks: pd.DataFrame) -> pd.DataFrame:
    """Recall (by true constraint) and precision (by named constraint) per component, with their counts."""
    recall = checks.groupby("true_constraint")["hit"].agg(["mean", "size"]).reindex(list(COMPONENTS))
    precision = checks.groupby("binding_constraint")["hit"].agg(["mean", "size"]).reindex(list(COMPONENTS))
    return pd.DataFrame({"recall": recall["mean"], "of": recall["size"].fillna(0).astype(int),
                         "precision": precision["mean"], "named": precision["size"].fillna(0).astype(int)})


def before_after(before: pd.DataFrame, after: pd.DataFrame) -> str:
    """Hit rate, recall and precision per component, before and after, as text."""
    def rate(c):
        h = c["hit"].mean()
        return f"{h:.3f} (+- {1.96 * math.sqrt(h * (1 - h) / len(c)):.3f})"
    b, a = by_component(before), by_component(after)
    table = pd.DataFrame({"recall before": b["recall"], "recall after": a["recall"], "reps": a["of"],
                          "precision before": b["precision"], "precision after": a["precision"]})
    lines = [f"rep diagnoses: {len(after)} ({after['seed'].nunique()} seeds); random guess {CHANCE:.3f}",
             f"hit rate before: {rate(before)}   after: {rate(after)}   (95 %, reps treated as independent)",
             f"lowest recall before: {b['recall'].min():.2f} ({b['recall'].idxmin()})   "
             f"after: {a['recall'].min():.2f} ({a['recall'].idxmin()})",
             table.round(2).to_string()]
    return "\n".join(lines)


def report(checks: pd.DataFrame) -> str:
    """The detail of one validation run as text."""
    rates = evidence.hit_rates(checks)
    misses = checks[~checks["hit"]]
    close = int(round(rates["close_share"] * rates["reps"]))
    lines = [
        f"true constraint named first or second: {rates['top_two']:.3f} (random: {2 * CHANCE:.3f})",
        f"hit rate when the true weakest skill is clearly weakest (true margin >= {evidence.CLOSE_MARGIN:g}): "
        f"{rates['clear_hit_rate']:.3f} of {int(rates['reps']) - close}",
        f"hit rate when two skills are nearly as weak (true margin < {evidence.CLOSE_MARGIN:g}): "
        f"{rates['close_hit_rate']:.3f} of {close}",
        f"misses whose named component is still below the team in truth: "
        f"{(misses['true_score_of_diagnosed'] < 0).mean():.3f} of {len(misses)}",
        f"misses whose named component is the rep's second-weakest skill: {_second_weakest_share(misses):.3f}",
        "",
        "hit rate by the diagnosis's own margin (next_score - score, observable):",
    ]
    bands = pd.cut(checks["margin"], [0, 0.25, 0.5, 1.0, np.inf], right=False, labels=["< 0.25", "0.25-0.5", "0.5-1", ">= 1"])
    for band, group in checks.groupby(bands, observed=False)["hit"]:
        lines.append(f"  margin {band:<9} {group.mean():.3f} of {len(group)}")
    lines += ["", "confusion (rows: true constraint, columns: named):",
              pd.crosstab(checks["true_constraint"], checks["binding_constraint"])
              .reindex(index=list(COMPONENTS), columns=list(COMPONENTS), fill_value=0).to_string()]
    return "\n".join(lines)


def _second_weakest_share(misses: pd.DataFrame) -> float:
    # the named component's true score is within the margin of the weakest: it is the runner-up
    runner_up = misses["true_score_of_diagnosed"] <= misses["true_score"] + misses["true_margin"] + 1e-9
    return float(runner_up.mean()) if len(misses) else float("nan")


# -- the measures tried for hygiene and forecasting --------------------------------------

def _due_calls(team, quarter) -> pd.DataFrame:
    """Deals due in each finished quarter on its first Monday, with the rep's call and whether won in it."""
    c = call_calibration(team, week=FORECAST_WEEK, quarter=quarter)
    quarters = sorted(c["quarter"].unique())
    mondays = {team.quarter_bounds(q)[0]: q for q in quarters}
    pipe = open_pipeline(team, list(mondays))
    pipe["quarter"] = pipe["as_of"].map(mondays)
    first = pipe["quarter"].map({q: team.quarter_bounds(q)[0] for q in quarters})
    due = pipe[(pipe["close_date"] >= first) & (pipe["close_date"] < pipe["quarter"].map(
        {q: team.quarter_bounds(q)[1] for q in quarters}))].copy()
    won = won_deals(team)
    won_in = pd.Series(team.quarter_of(won["closed_on"]).to_numpy(), index=won["opp_id"].to_numpy())
    due["won"] = due["opp_id"].map(won_in).eq(due["quarter"]).astype(float)
    due["commit"] = (due["forecast_category"] == "commit").astype(float)
    return due


def candidates(team, quarter) -> dict[str, dict[str, tuple[pd.Series, bool]]]:
    """Per component, each measure tried: (values per rep, higher is better)."""
    c = call_calibration(team, week=FORECAST_WEEK, quarter=quarter, by="rep").set_index("rep_id")
    due = _due_calls(team, quarter)
    weight = due["stage"].map(STAGE_WEIGHTS).astype(float)
    by_stage = due.groupby("stage")
    net_commit = (due["commit"] - by_stage["commit"].transform("mean")).groupby(due["rep_id"]).mean()
    net_won = (due["won"] - by_stage["won"].transform("mean")).groupby(due["rep_id"]).mean()
    late = due[due["stage"] == "negotiate"].groupby("rep_id")
    s = slippage(team, quarter=quarter)
    s = s.groupby("rep_id").agg(pushes=("pushes", "sum"), deals=("deals", "sum"))
    push = slippage(team, quarter=quarter)
    push_days = (push["avg_push_days"] * push["pushes"]).groupby(push["rep_id"]).sum() / s["pushes"].where(s["pushes"] > 0)
    return {
        "forecasting": {
            "over-call, week 1 (earlier)": (c["over_call"], False),
            "close-date horizon (chosen)": (close_date_horizon(team, quarter=quarter).set_index("rep_id")["horizon_days"], True),
            "commit share alone": (c["commit_share"], False),
            "commit share - stage weight": ((due["commit"] - weight).groupby(due["rep_id"]).mean(), False),
            "over-call net of the team's by stage": (net_commit - net_won, False),
            "over-call on negotiate deals": (late["commit"].mean() - late["won"].mean(), False),
        },
        "hygiene": {
            "zombie share (earlier)": (zombie_share(team, quarter=quarter, by="rep_id").set_index("rep_id")["zombie_share"], False),
            "close-out lag (chosen)": (close_out_lag(team, quarter=quarter).set_index("rep_id")["close_out_days"], False),
            "pushes per deal due": (s["pushes"] / s["deals"].where(s["deals"] > 0), False),
            "days per close-date push": (push_days, True),
        },
    }


#: The hidden skills a candidate is checked against besides its own (what it could be confused with).
CONFOUNDERS = {"forecasting": ("deal_management", "hygiene"), "hygiene": ("calls", "prospecting")}


def compare_candidates(seeds, scenario: str, quarter) -> pd.DataFrame:
    """Each candidate measure: correlation with its skill and the confounders, hit rate, recall and precision."""
    rows: dict[tuple[str, str], list] = {}
    for seed in seeds:
        team = simulate(scenario, seed)
        long = measures(team, quarter)
        truth, z = true_constraint(team, quarter), true_scores(team, quarter)
        for component, tried in candidates(team, quarter).items():
            for name, (values, higher) in tried.items():
                swapped = swap(long, component, values, higher, name)
                checked = check(team, diagnosis_of(team, swapped), truth, z)
                score = swapped[swapped["component"] == component].set_index("rep_id")["score"]
                follows = [score.corr(z[skill]) for skill in (component, *CONFOUNDERS[component])]
                rows.setdefault((component, name), []).append((checked, follows))
    out = []
    for (component, name), parts in rows.items():
        checked = pd.concat([p[0] for p in parts], ignore_index=True)
        follows = np.nanmean([p[1] for p in parts], axis=0)
        per = by_component(checked).loc[component]
        out.append({"component": component, "measure": name, "follows own skill": follows[0],
                    **{f"follows {s}": f for s, f in zip(CONFOUNDERS[component], follows[1:], strict=True)},
                    "hit rate": checked["hit"].mean(), "recall": per["recall"], "precision": per["precision"],
                    "lowest recall": by_component(checked)["recall"].min()})
    return pd.DataFrame(out).set_index(["component", "measure"])


def _seeds(text: str) -> range:
    first, _, last = text.partition("-")
    first, last = int(first), int(last or first)
    if last < first:
        raise SystemExit(f"a seed range is FIRST-LAST with FIRST <= LAST, not {text!r}")
    return range(first, last + 1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", default="0-59", help="the seeds the measures were chosen on (default 0-59)")
    parser.add_argument("--held-out", default="60-119", help="the held-out seeds (default 60-119)")
    parser.add_argument("--scenario", default="northwind", help="scenario (default northwind)")
    parser.add_argument("--quarter", default=None, help="diagnose this quarter only (default: the whole run)")
    parser.add_argument("--candidates", action="store_true",
                        help="compare the measures tried for hygiene and forecasting (on the tuning seeds)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    what = f"{args.scenario}, {'the whole run' if args.quarter is None else args.quarter}"
    if args.candidates:
        seeds = _seeds(args.tune)
        table = compare_candidates(seeds, args.scenario, args.quarter)
        print(f"== measures tried for hygiene and forecasting: {what}, seeds {seeds.start}-{seeds.stop - 1}")
        print("(follows: correlation of the score with the hidden skill across a team's reps, mean over seeds;")
        print(" hit rate, recall and precision of diagnose using the measure, the other measures as they are)")
        with pd.option_context("display.width", 250, "display.max_columns", 20):
            for component, part in table.groupby(level="component", sort=False):
                print(f"\n{component}:")
                print(part.droplevel("component").dropna(axis=1, how="all").round(3).to_string())
        print(f"\n({time.perf_counter() - start:.1f} s)")
        return 0
    for label, text in (("tuning", args.tune), ("held-out", args.held_out)):
        seeds = _seeds(text)
        after, before, corrected, links = run(seeds, args.scenario, args.quarter)
        print(f"== {label} seeds {seeds.start}-{seeds.stop - 1}: diagnosis against the hidden truth, {what}")
        print(before_after(before, after))
        lowest = by_component(corrected)["recall"]
        print(f"after's measures with the earlier corrections (hygiene net of 0.4 x calls, forecasting net of "
              f"-0.2 x deal management): hit rate {corrected['hit'].mean():.3f}, lowest recall {lowest.min():.2f} "
              f"({lowest.idxmin()})")
        halves = [seeds[: len(seeds) // 2], seeds[len(seeds) // 2:]] if len(seeds) >= 60 else []
        for half in halves:
            part = after[after["seed"].isin(half)]
            rec = by_component(part)["recall"]
            print(f"  after, seeds {half.start}-{half.stop - 1} ({len(part)} diagnoses): hit rate "
                  f"{part['hit'].mean():.3f}, lowest recall {rec.min():.2f} ({rec.idxmin()})")
        print()
    print(f"== detail of diagnose on the held-out seeds {seeds.start}-{seeds.stop - 1}")
    print(report(after))
    print("\nhow each score follows each hidden skill (correlation across reps, mean over seeds;")
    print("rows: hidden skill, columns: scorecard component):")
    print(links.round(2).to_string())
    print(f"\n({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
