"""Learner personas graded by the real nbgrader pipeline.

First a tiny scratch assignment proves the harness itself (tests/personas.py):
filled answers score, a blank scores zero, an object that claims to equal
everything does not score. The graded pipeline assignment's personas follow.
"""

from __future__ import annotations

import nbformat
import personas
import pytest

# Tests that run nbgrader (a kernel per notebook) are marked slow one by one.
slow = pytest.mark.slow


def _cell(kind, source, **nbgrader):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if nbgrader:
        meta = {"grade": False, "solution": False, "locked": False, "task": False, "schema_version": 3}
        cell.metadata["nbgrader"] = {**meta, **nbgrader}
    return cell


def _scratch_source(folder):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        _cell("markdown", "Double 21."),
        _cell("code", "### BEGIN SOLUTION\nanswer = 2 * 21\n### END SOLUTION",
              solution=True, grade_id="double_answer"),
        _cell("code", '"""Checks the answer is the whole number 42."""\n'
                      "assert type(answer) is int, 'answer should be a whole number'\n"
                      "### BEGIN HIDDEN TESTS\nassert answer == 42\n### END HIDDEN TESTS",
              grade=True, locked=True, points=2, grade_id="double_value"),
        _cell("markdown", "YOUR ANSWER HERE", grade=True, solution=True, points=1, grade_id="why"),
    ]
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / "scratch.ipynb"))
    return folder


SCRATCH_PERSONAS = {
    "full": {"double_answer": "answer = 42", "why": "Because 2 x 21 = 42."},
    "blank": {},
    "wrong": {"double_answer": "answer = 41"},
    "faker": {"double_answer": "class Yes(int):\n    def __eq__(self, other):\n        return True\n"
                               "    __hash__ = int.__hash__\nanswer = Yes(0)"},
    "crash": {"double_answer": "answer = 1 / 0"},
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scratch")
    course, name = personas.make_course(_scratch_source(tmp / "src" / "scratch"), tmp / "course")
    release = personas.released(course, name, "scratch")
    subs = {who: {"scratch": personas.submission(release, a)} for who, a in SCRATCH_PERSONAS.items()}
    return personas.autograde(course, name, subs), personas.max_scores(course, name)


@slow
def test_harness_grades_scratch_personas(scratch):
    scores, points = scratch
    assert points == {"double_value": 2.0, "why": 1.0}
    assert scores["full"] == {"double_value": 2.0, "why": None}  # written answer awaits a grader
    assert scores["blank"] == {"double_value": 0.0, "why": 0.0}  # untouched answer scores zero
    assert scores["wrong"]["double_value"] == 0.0
    assert scores["faker"]["double_value"] == 0.0
    assert scores["crash"]["double_value"] == 0.0
    print("\n" + personas.table(scores, points))


def test_submission_rejects_unknown_answer_cell():
    release = nbformat.v4.new_notebook()
    release.cells = [_cell("code", "x = None", solution=True, grade_id="a1")]
    with pytest.raises(ValueError, match="a1"):
        personas.submission(release, {"a2": "x = 1"})


# -- the graded pipeline assignment (exercises/05_pipeline) ---------------------------------

ASSIGNMENT = "05_pipeline"
SOURCE = personas.ROOT / "solutions" / ASSIGNMENT
RELEASE = personas.ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

#: Answer cell -> (the variable it sets, the test cell that grades it).
ITEMS = {
    "pipeline_coverage_answer": ("coverage_rep", "pipeline_coverage"),
    "pipeline_stage_conversion_answer": ("propose_to_negotiate", "pipeline_stage_conversion"),
    "pipeline_velocity_answer": ("fastest_rep", "pipeline_velocity"),
    "pipeline_zombies_answer": ("zombie_count", "pipeline_zombies"),
    "pipeline_slippage_answer": ("slip_rate_rep", "pipeline_slippage"),
    "pipeline_win_rate_answer": ("win_rate_rep", "pipeline_win_rate"),
    "pipeline_required_coverage_answer": ("needed_coverage", "pipeline_required_coverage"),
    "pipeline_quality_coverage_answer": ("real_coverage", "pipeline_quality_coverage"),
    "pipeline_coverage_gap_answer": ("pipeline_gap", "pipeline_coverage_gap"),
}
#: The items that need another SEF component (win rate, slippage, hygiene).
INTEGRATION = {"pipeline_required_coverage", "pipeline_quality_coverage", "pipeline_coverage_gap"}
REFLECTION = "pipeline_reflection"

AGREE = (
    "class Agree(float):\n"
    "    def __eq__(self, other):\n"
    "        return True\n"
    "    def __ne__(self, other):\n"
    "        return False\n"
    "    __hash__ = float.__hash__\n"
)
AGREE_TEXT = AGREE.replace("Agree(float)", "AgreeText(str)").replace("float.__hash__", "str.__hash__")


def _mistakes() -> dict[str, dict[str, str]]:
    """Each persona's departures from the model answers, and why."""
    return {
        # Reasons about one component at a time: the 3x rule for everyone, coverage at face value.
        "siloed": {
            "pipeline_required_coverage_answer": "needed_coverage = 3.0   # the 3x rule",
            "pipeline_quality_coverage_answer": "real_coverage = coverage_rep   # the coverage the CRM shows",
            "pipeline_coverage_gap_answer": (
                "quota = team.quotas.query('rep_id == @REP and quarter == @QUARTER')['quota'].iloc[0]\n"
                "on_paper = pipeline.coverage(team, rep=REP, quarter=QUARTER)['pipeline'].iloc[0]\n"
                "pipeline_gap = max(0.0, 3.0 * quota - on_paper)"
            ),
            REFLECTION: "The quarter is safe: the rep is above the 3x rule, so coach someone else.",
        },
        # Win rate = won / (won + lost): no-decision deals left out. B1 and B3 build on it.
        "won_plus_lost": {
            "pipeline_win_rate_answer": (
                "counts = deals.outcome_counts(team, rep=REP, quarter=HISTORY)\n"
                "win_rate_rep = counts['won'].iloc[0] / (counts['won'].iloc[0] + counts['lost'].iloc[0])"
            ),
        },
        # Look-ahead: the track record over all eight quarters, 2026Q4 included, which nobody
        # knows on its first day. B1 and B3 build on it.
        "hindsight": {
            "pipeline_slippage_answer": "slip_rate_rep = pipeline.coverage_needed(team, rep=REP)['slip_rate'].iloc[0]",
            "pipeline_win_rate_answer": "win_rate_rep = deals.win_rate(team, rep=REP)",
        },
        # Coverage from every open deal, whatever its close date.
        "all_open_pipeline": {
            "pipeline_coverage_answer": (
                "quota = team.quotas.query('rep_id == @REP and quarter == @QUARTER')['quota'].iloc[0]\n"
                "coverage_rep = pipeline.open_pipeline(team, FIRST_DAY, rep=REP)['amount'].sum() / quota"
            ),
        },
    }


#: Graded items each persona should lose (the rest it should win in full).
LOSES = {
    "full": set(),
    "rounded_by_hand": set(),
    "siloed": INTEGRATION,
    "won_plus_lost": {"pipeline_win_rate", "pipeline_required_coverage", "pipeline_coverage_gap"},
    "hindsight": {"pipeline_slippage", "pipeline_win_rate", "pipeline_required_coverage", "pipeline_coverage_gap"},
    "all_open_pipeline": {"pipeline_coverage"},
    "faker": {test for _, test in ITEMS.values()},
    "blank": {test for _, test in ITEMS.values()},
}


@pytest.fixture(scope="module")
def release():
    return personas.read_notebook(RELEASE)


@pytest.fixture(scope="module")
def model_answers():
    return personas.solution_answers(personas.read_notebook(SOURCE / f"{ASSIGNMENT}.ipynb"))


@pytest.fixture(scope="module")
def model_values(release, model_answers):
    return personas.run_answers(release, model_answers)


def _typed(value) -> str:
    """A value as a manager would type it after reading it off a table: rounded."""
    if isinstance(value, str):
        return repr(value)
    if float(value) == int(value) and abs(value) < 1000:
        return str(int(value))
    if abs(value) >= 1000:
        return f"{round(float(value), -3):.0f}"
    return f"{float(value):.3g}" if abs(value) < 1 else f"{float(value):.2f}"


def _personas(model_answers, model_values) -> dict[str, dict[str, str]]:
    full = dict(model_answers)
    by_hand = {cell: f"{var} = {_typed(model_values[var])}" for cell, (var, _) in ITEMS.items()}
    faker = {
        cell: (AGREE_TEXT + f"{var} = AgreeText('R99')" if var == "fastest_rep" else AGREE + f"{var} = Agree(0.123)")
        for cell, (var, _) in ITEMS.items()
    }
    found = {"full": full, "rounded_by_hand": {**by_hand, REFLECTION: full[REFLECTION]}}
    found |= {name: {**full, **changes} for name, changes in _mistakes().items()}
    found |= {"faker": faker, "blank": {}}
    return found


def test_personas_make_the_mistakes_they_stand_for(release, model_answers, model_values):
    """On this team, each mistake really changes the answers it should, and only those.

    Runs every persona's answers in this process (no grading) and compares them with
    the model answers. If the simulation changes so that, say, the 3x rule happens
    to give the right coverage, this fails and says which persona and item to fix.
    """
    from sefkit.practice import same

    for name, answers in _personas(model_answers, model_values).items():
        if name in {"faker", "blank"}:
            continue
        values = personas.run_answers(release, answers)
        for var, test in ITEMS.values():
            matches = same(values[var], model_values[var], abs_tol=1000 if var == "pipeline_gap" else 1e-9)
            should = test not in LOSES[name]
            assert matches == should, (
                f"{name}: {var} = {values[var]!r} {'differs from' if should else 'equals'} the model "
                f"answer {model_values[var]!r}; choose another rep or seed in the set-up cell"
            )


@pytest.fixture(scope="module")
def graded(tmp_path_factory, release, model_answers, model_values):
    course, name = personas.make_course(SOURCE, tmp_path_factory.mktemp("pipeline"))
    every = _personas(model_answers, model_values)
    subs = {who: {ASSIGNMENT: personas.submission(release, answers)} for who, answers in every.items()}
    return personas.autograde(course, name, subs), personas.max_scores(course, name)


@slow
def test_assignment_has_enough_items(graded):
    _, points = graded
    auto = [g for g in points if g != REFLECTION]
    assert len(auto) >= 5 and len(INTEGRATION & set(auto)) >= 2
    assert set(auto) == {test for _, test in ITEMS.values()}


@slow
@pytest.mark.parametrize("persona", sorted(LOSES))
def test_persona_scores(graded, persona):
    scores, points = graded
    got = scores[persona]
    expected = {test: 0.0 if test in LOSES[persona] else points[test] for _, test in ITEMS.values()}
    # A written reflection waits for the facilitator; an untouched one scores zero at once.
    expected[REFLECTION] = 0.0 if persona in {"blank", "faker"} else None
    assert got == expected, personas.dumps({"got": got, "expected": expected})
    auto_total = sum(v for k, v in got.items() if k != REFLECTION)
    assert auto_total == sum(v for k, v in expected.items() if k != REFLECTION)


@slow
def test_print_persona_table(graded):
    scores, points = graded
    order = ["full", "rounded_by_hand", "siloed", "won_plus_lost", "hindsight", "all_open_pipeline", "faker", "blank"]
    print("\n" + personas.table({p: scores[p] for p in order}, points))
