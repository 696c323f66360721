"""The registry of claims (sefkit/classroom/claims.py) and every figure the course quotes from it.

Fast tests read the stored values (sefkit/classroom/claims.json): they are current for
this code, every statement still means what it says, and every figure a lesson
or an assignment quotes with a ``<!-- claim: name -->`` marker is the stored
value as the claim rounds it. The slow tests measure every claim again on three of\nits seeds (``make claims`` measures all of them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sefkit import claims
from sefkit.classroom.claims import REGISTRY, Display, Quote, quote_problems, quotes

ROOT = Path(__file__).resolve().parent.parent
#: Where the course quotes figures: lessons, assignments and their docs (docs/ASSIGNMENT_NN.md).
NOTEBOOKS = sorted([*ROOT.glob("course/*.ipynb"), *ROOT.glob("solutions/*/*.ipynb"), *ROOT.glob("docs/ASSIGNMENT_*.md")])


@pytest.fixture(scope="module")
def store() -> dict:
    return claims.stored()


@pytest.fixture(scope="module")
def values(store) -> dict[str, float]:
    return {name: entry["value"] for name, entry in store["claims"].items()}


# -- the stored registry ----------------------------------------------------------------

def test_stored_values_were_measured_with_this_code(store):
    assert store["fingerprint"] == claims.fingerprint(), (
        "the engine, a scenario or a metric module changed since the claims were measured: "
        "run `make claims`, then fix any lesson sentence the tests below name"
    )


def test_every_declared_claim_is_stored_and_nothing_else(store):
    assert set(store["claims"]) == set(REGISTRY)


def test_every_claim_is_measured_over_at_least_30_seeds(store):
    for name, entry in store["claims"].items():
        assert entry["seeds"] >= claims.MIN_SEEDS and len(entry["per_seed"]) == entry["seeds"], name
        assert entry["seed_list"] == list(REGISTRY[name].seeds), name


def test_stored_value_is_what_its_seeds_combine_to(store):
    """The value is computed from the stored per-seed measurements, not typed."""
    for name, entry in store["claims"].items():
        assert entry["value"] == pytest.approx(claims.combine(REGISTRY[name].kind, entry["per_seed"]), rel=1e-12)
        assert entry["text"] == REGISTRY[name].display.text(entry["value"]), name


def test_every_statement_still_means_what_it_says(store, values):
    agreeing = {name: entry["seeds_agreeing"] for name, entry in store["claims"].items()}
    assert claims.meaning_problems(values, agreeing) == []


# -- figures quoted in the course -------------------------------------------------------

def test_the_course_has_places_that_quote_figures():
    """The test below is parametrized over a directory listing: an empty one would check nothing."""
    folders = {p.relative_to(ROOT).parts[0] for p in NOTEBOOKS}
    assert folders == {"course", "solutions", "docs"}, f"quoting places found only in {sorted(folders)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_quoted_figure_matches_the_registry(path, values):
    assert quote_problems(claims.notebook_quotes(path), values) == []


def test_the_course_quotes_claims():
    """The lessons do use the registry (a marker syntax that nothing matches would pass silently)."""
    quoted = {q.name for path in NOTEBOOKS for q in claims.notebook_quotes(path)}
    assert {"northwind.won_outside_coverage_share", "prospecting_only.won_amount_change"} <= quoted


def test_a_quote_that_no_longer_holds_names_the_sentence_and_the_new_figure(values):
    name = "prospecting_only.won_amount_change"
    right = REGISTRY[name].display.text(values[name])
    assert quote_problems(quotes(f"wins about {right}<!-- claim: {name} --> less", "nb cell 3"), values) == []
    wrong = quotes(f"wins about 90%<!-- claim: {name} --> less", "nb cell 3")
    (problem,) = quote_problems(wrong, values)
    assert problem.startswith("nb cell 3:") and "about 90%" in problem and f"now says {right}" in problem


@pytest.mark.parametrize(("markdown", "message"), [
    ("about 20%<!-- claim: no.such_claim -->", "unknown claim 'no.such_claim'"),
    ("about a fifth<!-- claim: prospecting_only.won_amount_change -->", "no figure right before the marker"),
    ("about 0.2x<!-- claim: prospecting_only.won_amount_change -->", "is written in percent"),
])
def test_bad_quotes_are_reported(markdown, message, values):
    (problem,) = quote_problems(quotes(markdown), values)
    assert message in problem


def test_a_claim_without_a_stored_value_is_reported():
    (problem,) = quote_problems([Quote("nb", "northwind.zombie_share", "8%", 8.0, "percent")], {})
    assert "run `make claims`" in problem


def test_quotes_in_a_markdown_file_are_found(tmp_path):
    doc = tmp_path / "ASSIGNMENT_99.md"
    doc.write_text("Coaching only prospecting wins 19%<!-- claim: prospecting_only.won_amount_change --> less.\n")
    (found,) = claims.notebook_quotes(doc)
    assert (found.name, found.number, found.where) == ("prospecting_only.won_amount_change", 19.0, str(doc))


def test_markers_are_invisible_html_comments_and_figures_are_read_before_them():
    found = quotes("Coverage was 4.6x <!-- claim: a.b --> and rose **30%**<!--claim:c.d-->; 6 percentage "
                   "points<!-- claim: e.f -->, over 90 days<!-- claim: g.h -->, bias +48%<!-- claim: i.j -->.")
    assert [(q.name, q.number, q.unit) for q in found] == [
        ("a.b", 4.6, "times"), ("c.d", 30.0, "percent"), ("e.f", 6.0, "points"), ("g.h", 90.0, "days"),
        ("i.j", 48.0, "percent"),
    ]


# -- rounding, combining and meaning ----------------------------------------------------

@pytest.mark.parametrize(("display", "value", "text"), [
    (Display("percent"), -0.1923, "19%"),
    (Display("percent", signed=True), -0.0993, "-10%"),
    (Display("percent", signed=True), 0.4755, "+48%"),
    (Display("percent", step=5), -0.5921, "60%"),
    (Display("points"), -0.0624, "6 percentage points"),
    (Display("times", decimals=1), 4.5806, "4.6x"),
    (Display("days", step=5), 89.48, "90 days"),
    (Display("number", decimals=2), 0.004, "0.00"),
])
def test_display_rounds_as_the_text_writes(display, value, text):
    assert display.text(value) == text
    assert claims.figure_value(text) == display.number(value)


def test_unknown_display_unit_is_refused():
    with pytest.raises(ValueError, match="unknown display unit 'percentage'"):
        Display("percentage")


@pytest.mark.parametrize(("kind", "rows", "value"), [
    ("mean", [(1.0,), (3.0,)], 2.0),
    ("share", [(1.0, 4.0), (3.0, 4.0)], 0.5),
    ("change", [(90.0, 100.0), (70.0, 100.0)], -0.2),
    ("difference", [(0.2, 0.3), (0.3, 0.3)], -0.05),
])
def test_combine(kind, rows, value):
    assert claims.combine(kind, rows) == pytest.approx(value)


def test_a_statement_whose_direction_flips_is_reported(values):
    flipped = {**values, "prospecting_only.won_amount_change": 0.05}
    problems = claims.meaning_problems(flipped)
    assert any(p.startswith("prospecting_only.won_amount_change: the text says it falls") for p in problems)


def test_a_relation_that_no_longer_holds_is_reported(values):
    now = min(values["stop_prospecting.won_change_same_quarter"], 0.0)
    flipped = {**values, "stop_prospecting.won_change_next_two_quarters": now - 0.1}
    (problem,) = claims.meaning_problems(flipped)
    assert problem.startswith("no longer true: A rep who stops prospecting loses more")


def test_a_claim_most_seeds_disagree_with_is_reported(values):
    problems = claims.meaning_problems(values, {"prospecting_only.won_amount_change": 0.5})
    assert problems == ["prospecting_only.won_amount_change: only 50% of seeds go the way the text says"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"seeds": tuple(range(10))}, "at least 30 seeds"),
    ({"name": "NoDots"}, "must look like"),
    ({"kind": "median"}, "unknown kind 'median'"),
    ({"sign": 2}, "sign must be"),
])
def test_bad_declarations_are_refused(changes, message):
    spec = {"name": "a.b", "statement": "x", "measure": lambda runs: 1.0, **changes}
    with pytest.raises(ValueError, match=message):
        claims.Claim(**spec)


def test_unknown_claim_names_the_valid_ones():
    with pytest.raises(ValueError, match="unknown claim 'a.b'; declared claims: "):
        claims.claim("a.b")


def test_storing_needs_every_claim(tmp_path):
    with pytest.raises(ValueError, match="measure every claim before storing"):
        claims.write({}, tmp_path / "claims.json")


def test_measure_shares_each_seeds_teams_between_claims(monkeypatch):
    """Claims on the same scenario and seed share one simulation."""
    import sefkit.engine.simulation

    made = []
    real = sefkit.engine.simulation.simulate

    def counting(scenario, seed, **kw):
        made.append((scenario, seed))
        return real(scenario, seed, **kw)

    monkeypatch.setattr(sefkit.engine.simulation, "simulate", counting)
    names = ["northwind.won_outside_coverage_share", "northwind.zombie_share", "zombie_pipeline.coverage_change"]
    out = claims.measure(names, seeds=[0])
    assert sorted(made) == [("northwind", 0), ("zombie_pipeline", 0)]
    assert set(out) == set(names) and all(m.seeds == (0,) for m in out.values())


# -- measured again ---------------------------------------------------------------------

#: The seeds the suite measures again, spread over the 30 every claim declares. ``make claims``
#: measures every seed (about 5 minutes on an idle machine for 70 claims: too long to repeat in
#: every run of the suite); a spot check on three seeds, with the fingerprint test above and the
#: check that the stored value is what its seeds combine to, still fails if any stored
#: per-seed figure is not what this code measures.
SPOT_SEEDS = (0, 15, 29)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SPOT_SEEDS)
def test_claims_measured_again_on_spot_seeds_give_the_stored_figures(store, seed):
    """Every claim on one of its seeds, simulated afresh: the stored per-seed figure is real."""
    fresh = claims.measure(seeds=[seed])
    assert set(fresh) == set(REGISTRY), "every claim declares this seed"
    for name, m in fresh.items():
        entry = store["claims"][name]
        stored = entry["per_seed"][entry["seed_list"].index(seed)]
        assert m.seeds == (seed,), name
        assert np.allclose(np.array(m.per_seed[0], dtype=float), np.array(stored, dtype=float),
                           rtol=1e-9, equal_nan=True), (name, m.per_seed[0], stored)


def test_value_and_text_read_the_store(store):
    """What a lesson's code cell would call to show a claim: the stored value, written as the text writes it."""
    name = "northwind.won_outside_coverage_share"
    assert claims.value(name) == store["claims"][name]["value"]
    assert claims.text(name) == store["claims"][name]["text"] == REGISTRY[name].display.text(claims.value(name))
    with pytest.raises(ValueError, match="unknown claim"):
        claims.value("northwind.no_such_claim")
