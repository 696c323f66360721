"""Print the simulation's calibration figures next to their targets (docs/MODEL.md).

Run: .venv/bin/python benchmarks/calibration.py [scenario] [n_seeds]

Figures are over all reps and quarters of each run, averaged over seeds:
win rate and no-decision share of decided deals, median cycle of decided deals,
coverage at each quarter's first day, attainment, and a few funnel rates.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

import sefkit
from sefkit.data.team import DECIDED_OUTCOMES


def figures(team) -> dict:
    o = team.opportunities
    start = team.start
    closed = o[o["closed_on"].notna() & (o["closed_on"] >= start)]
    decided = closed[closed["outcome"].isin(DECIDED_OUTCOMES)]
    won = decided[decided["outcome"] == "won"]
    created = o[o["created"] >= start]
    q = team.quotas
    quota_total = q["quota"].sum()
    snaps = team.snapshots
    cov = []
    for quarter in team.quarters:
        first, nxt = team.quarter_bounds(quarter)
        s = snaps[(snaps["as_of"] == first) & (snaps["close_date"] >= first) & (snaps["close_date"] < nxt)]
        cov.append(s["amount"].sum() / q.loc[q["quarter"] == quarter, "quota"].sum())
    act = team.activities
    n_act = len(act)
    connects = (act["outcome"] != "no_answer").sum()
    meetings = (act["outcome"] == "meeting").sum()
    last = snaps[snaps["as_of"] == snaps["as_of"].max()]
    calls = team.calls
    last_call = calls.groupby("opp_id")["date"].max()
    stale = last["opp_id"].map(last_call).fillna(pd.Timestamp("1900-01-01")) < last["as_of"] - pd.Timedelta(days=56)
    f = team.forecasts[team.forecasts["week"] == 7].copy()
    won_q = won.assign(quarter=team.quarter_of(won["closed_on"])).groupby(["rep_id", "quarter"])["amount"].sum()
    f["actual"] = [won_q.get((r, qq), 0.0) for r, qq in zip(f["rep_id"], f["quarter"], strict=True)]
    return {
        "win_rate": len(won) / max(len(decided), 1),
        "no_decision_share": (decided["outcome"] == "no_decision").mean(),
        "cycle_median_days": (decided["closed_on"] - decided["created"]).dt.days.median(),
        "won_cycle_median_days": (won["closed_on"] - won["created"]).dt.days.median(),
        "coverage_q_start": float(np.mean(cov[1:])) if len(cov) > 1 else float(cov[0]),
        "attainment": won["amount"].sum() / quota_total,
        "disqualified_share": (created["outcome"] == "disqualified").mean(),
        "opps_per_rep_quarter": len(created) / len(q),
        "won_deal_size": won["amount"].mean(),
        "touch_connect_rate": connects / max(n_act, 1),
        "call_connect_rate": (act.loc[act["type"] == "call", "outcome"] != "no_answer").mean(),
        "connect_to_conversation": (act["outcome"].isin(["conversation", "meeting"])).sum() / max(connects, 1),
        "activity_meeting": meetings / max(n_act, 1),
        "zombies_at_end_per_rep": stale.sum() / len(team.reps),
        "open_deals_per_rep": len(last) / len(team.reps),
        "team_forecast_error_wk7": (f["commit"].sum() - f["actual"].sum()) / max(f["actual"].sum(), 1),
        "source_outbound": (created["source"] == "outbound").mean(),
        "source_marketing": (created["source"] == "marketing").mean(),
    }


TARGETS = {
    "win_rate": "0.20-0.30",
    "no_decision_share": "0.20-0.40",
    "cycle_median_days": "60-120",
    "coverage_q_start": "3-4",
    "attainment": "0.80-1.00",
}


def main(scenario: str = "northwind", n_seeds: int = 5) -> None:
    rows = [figures(sefkit.simulate(scenario, seed=s)) for s in range(n_seeds)]
    df = pd.DataFrame(rows)
    print(f"{scenario}: mean over {n_seeds} seeds (min-max)")
    for col in df.columns:
        target = TARGETS.get(col, "")
        print(f"  {col:26s} {df[col].mean():12.3f}   ({df[col].min():.3f}-{df[col].max():.3f})  {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "northwind", int(sys.argv[2]) if len(sys.argv) > 2 else 5)
