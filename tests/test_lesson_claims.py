"""What the lessons' prose says about the data must stay true of the data.

The lessons describe pictures drawn from seeded simulations (seed 0). When the
engine changes, these tests say which sentence of which lesson needs a new look.
Figures about cause and effect come from the claims registry instead, checked in
tests/test_claims.py.
"""

import math
import re
from pathlib import Path

import nbformat
import pytest

import sefkit
from sefkit import pipeline
from sefkit.pictures.plots import compare_scenarios

LATE = ["2026Q2", "2026Q3", "2026Q4"]  # quarters 6-8: a sales cycle after coaching changed
LESSON_05 = Path(__file__).resolve().parent.parent / "course" / "05_pipeline.ipynb"


def lesson_markdown(path=LESSON_05) -> str:
    return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def by_quarter(northwind):
    """metric, scenario -> Series of the metric by quarter, for the scenarios lessons compare."""
    teams = {
        "northwind": northwind,
        "zombie_pipeline": sefkit.simulate("zombie_pipeline", seed=0),
        "prospecting_only": sefkit.simulate("prospecting_only", seed=0),
    }
    out = {}
    for metric in ("coverage", "zombie_share", "win_rate", "won_amount"):
        table = compare_scenarios(teams, metric).pivot(index="quarter", columns="scenario", values="value")
        out[metric] = table
    return out


def test_welcome_about_ten_reps_over_eight_quarters(northwind):
    """00_welcome: 'about ten reps ... over eight quarters (two years)'."""
    assert 8 <= len(northwind.reps) <= 12
    assert len(northwind.quarters) == 8


def test_pipeline_lesson_zombie_team_looks_better_but_is_dead(by_quarter):
    """05_pipeline part 4, the titles: 'Poor hygiene makes coverage look better', '...much more of it is zombie deals'."""
    cov, zombies = by_quarter["coverage"], by_quarter["zombie_share"]
    assert (cov["zombie_pipeline"] > cov["northwind"]).mean() >= 0.75
    assert (zombies["zombie_pipeline"] > zombies["northwind"]).all()


def test_pipeline_lesson_prospecting_only_coverage_up_win_rate_and_money_down(by_quarter):
    """05_pipeline part 6, the titles: coverage climbs, the win rate falls, less money is won a cycle later."""
    cov, win, won = (by_quarter[m].loc[LATE] for m in ("coverage", "win_rate", "won_amount"))
    assert cov["prospecting_only"].mean() > cov["northwind"].mean()
    assert win["prospecting_only"].mean() < win["northwind"].mean()
    assert won["prospecting_only"].sum() < won["northwind"].sum()


def test_pipeline_lesson_worked_example_of_coverage_needed():
    """05_pipeline part 5: one deal in five, a quarter slipping, needs about 6.7x; 3x is one in three."""
    assert pipeline.required_coverage(0.2, 0.25) == pytest.approx(6.67, abs=0.01)
    assert pipeline.required_coverage(1 / 3, 0.0) == pytest.approx(3.0)


def test_pipeline_lesson_log_changes_are_turned_into_percents_correctly():
    """05_pipeline part 3: each "`x` is y%" example is exp(x) - 1, not x itself."""
    examples = re.findall(r"`([+\-\u2212]\d+\.\d+)` is ([+\-\u2212]\d+(?:\.(\d+))?)%", lesson_markdown())
    assert len(examples) >= 3
    for log, percent, decimals in examples:
        x, y = (float(v.replace("\u2212", "-")) for v in (log, percent))
        assert round(math.expm1(x) * 100, len(decimals)) == y, f"{log} is {math.expm1(x):+.1%}, not {percent}%"


def test_pipeline_lesson_asks_its_practice_questions_in_order():
    """q1 ... q6 come in the order the lesson asks them, and each is asked once."""
    asked = re.findall(r"\b(q\d)\.check\(", "\n".join(
        c.source for c in nbformat.read(LESSON_05, as_version=4).cells if c.cell_type == "code"))
    assert asked == [f"q{i}" for i in range(1, 7)]


def test_pipeline_lesson_no_longer_says_the_formula_errs_only_for_short_cycles():
    text = lesson_markdown()
    assert "errs on the safe side" not in text
    assert "deals_due" in text and "open_deals" in text  # the two columns are told apart
