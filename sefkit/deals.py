"""Deal qualification and deal management: win rate, no-decision, cycle, deal size.

The definitions here are the course's one source for these metrics (DESIGN
section 3); every other module, plot and exercise calls them.

* **win rate** = won / (won + lost + no_decision) over deals *closed* in the
  period. Disqualified deals never entered the pipeline and are left out; deals
  that ended in "no decision" are losses to the status quo and stay in.
* **cycle length** = median days from ``created`` to ``closed_on`` over every
  closed deal (won, lost and no decision), not only the won ones.
* **average won size** = mean amount of the deals won in the period.

A deal belongs to the quarter in which it *closed* (``closed_on``).

>>> from sefkit.examples import tiny_team
>>> team = tiny_team()
>>> win_rate(team, quarter="2025Q1")   # won 1 and 7; lost 2 and 8
0.5
>>> win_rate(team, rep="R01")          # won 1 and 5; lost 2; no decision 3
0.5
"""

from __future__ import annotations

import pandas as pd

from .selection import by_quarter, by_rep, describe
from .team import DECIDED_OUTCOMES, Team


def closed_deals(team: Team, rep=None, quarter=None, *, include_disqualified: bool = False) -> pd.DataFrame:
    """Deals closed in the selection (won, lost, no decision; optionally disqualified).

    >>> from sefkit.examples import tiny_team
    >>> closed_deals(tiny_team(), rep="R01", quarter="2025Q2").opp_id.tolist()
    [3, 5]
    """
    opps = by_rep(team, team.opportunities, rep)
    opps = by_quarter(team, opps, quarter, "closed_on")
    keep = list(DECIDED_OUTCOMES) + (["disqualified"] if include_disqualified else [])
    return opps[opps["outcome"].isin(keep)].copy()


def win_rate_of(won, lost, no_decision):
    """The win-rate formula on counts (numbers or aligned Series).

    >>> win_rate_of(1, 2, 1)
    0.25
    """
    return won / (won + lost + no_decision)


def _decided(team: Team, rep, quarter) -> pd.DataFrame:
    deals = closed_deals(team, rep, quarter)
    if deals.empty:
        raise ValueError(f"no deals closed for {describe(rep, quarter)}; choose another rep or quarter")
    return deals


def _totals(team: Team, rep, quarter) -> pd.Series:
    """Closed-deal counts by outcome (won, lost, no_decision) for one selection."""
    outcomes = _decided(team, rep, quarter)["outcome"]
    return outcomes.value_counts().reindex(list(DECIDED_OUTCOMES), fill_value=0)


def outcome_counts(team: Team, by="rep_id", quarter=None, rep=None) -> pd.DataFrame:
    """Closed deals counted by outcome per group, with win and no-decision rates.

    ``by`` is a column of opportunities (``"rep_id"``, ``"source"``...) or a list of
    them; ``"quarter"`` groups by the quarter in which each deal closed.

    >>> from sefkit.examples import tiny_team
    >>> outcome_counts(tiny_team(), quarter="2025Q1")[["won", "lost", "no_decision", "win_rate"]]
            won  lost  no_decision  win_rate
    rep_id
    R01       1     1            0       0.5
    R02       1     1            0       0.5
    """
    deals = _decided(team, rep, quarter)
    keys = [by] if isinstance(by, str) else list(by)
    if "quarter" in keys:
        deals["quarter"] = team.quarter_of(deals["closed_on"]).to_numpy()
    unknown = [k for k in keys if k not in deals.columns]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose 'quarter' or a column of opportunities")
    counts = (
        deals.groupby(keys + ["outcome"]).size().unstack("outcome")
        .reindex(columns=list(DECIDED_OUTCOMES), fill_value=0).fillna(0).astype("int64")
    )
    counts.columns.name = None
    counts["decided"] = counts[list(DECIDED_OUTCOMES)].sum(axis=1)
    counts["win_rate"] = win_rate_of(counts["won"], counts["lost"], counts["no_decision"])
    counts["no_decision_rate"] = counts["no_decision"] / counts["decided"]
    return counts


def win_rate(team: Team, rep=None, quarter=None) -> float:
    """Won / (won + lost + no decision) over deals closed in the selection.

    Raises ValueError when the selection closed no deals (rather than returning NaN).

    >>> from sefkit.examples import tiny_team
    >>> win_rate(tiny_team(), rep="R02")
    0.5
    """
    c = _totals(team, rep, quarter)
    return float(win_rate_of(c["won"], c["lost"], c["no_decision"]))


def no_decision_rate(team: Team, rep=None, quarter=None) -> float:
    """Share of closed deals that ended with no decision.

    >>> from sefkit.examples import tiny_team
    >>> no_decision_rate(tiny_team(), rep="R01")   # 1 of 4 closed deals
    0.25
    """
    c = _totals(team, rep, quarter)
    return float(c["no_decision"] / c.sum())


def cycle_days(deals: pd.DataFrame) -> pd.Series:
    """Days from creation to close of each deal."""
    return (deals["closed_on"] - deals["created"]).dt.days


def cycle_length(team: Team, rep=None, quarter=None) -> float:
    """Median days from created to closed over all deals closed in the selection.

    Lost and no-decision deals count too: measuring won deals only would hide
    the deals that dragged on and died (survivorship).

    >>> from sefkit.examples import tiny_team
    >>> cycle_length(tiny_team(), rep="R01")   # 60, 60, 90, 70 days
    65.0
    """
    return float(cycle_days(_decided(team, rep, quarter)).median())


def won_deals(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Deals won in the selection (by close date)."""
    deals = closed_deals(team, rep, quarter)
    return deals[deals["outcome"] == "won"]


def won_amount(team: Team, rep=None, quarter=None) -> float:
    """Total amount won in the selection (0 when nothing was won).

    >>> from sefkit.examples import tiny_team
    >>> won_amount(tiny_team(), quarter="2025Q1")
    90000.0
    """
    return float(won_deals(team, rep, quarter)["amount"].sum())


def average_won_size(team: Team, rep=None, quarter=None) -> float:
    """Mean amount of the deals won in the selection.

    >>> from sefkit.examples import tiny_team
    >>> average_won_size(tiny_team(), rep="R01")
    50000.0
    """
    won = won_deals(team, rep, quarter)
    if won.empty:
        raise ValueError(f"no deals won for {describe(rep, quarter)}; choose another rep or quarter")
    return float(won["amount"].mean())
