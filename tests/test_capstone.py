"""The capstone's teams (sefkit.classroom.capstone): one per trainee id, the same on every run."""

from __future__ import annotations

import pandas as pd
import pytest

from sefkit import territory
from sefkit.classroom import capstone


def test_the_same_id_gives_the_same_seed_whatever_its_capitals_and_spaces():
    assert capstone.trainee_seed(" Ana.Lopez") == capstone.trainee_seed("ana.lopez")
    assert capstone.trainee_seed("ana.lopez") != capstone.trainee_seed("ana.lopes")


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_an_id_that_is_not_text_or_is_empty_says_what_to_type(bad):
    with pytest.raises(ValueError, match="trainee id"):
        capstone.trainee_seed(bad)


def test_every_mix_is_drawn_and_a_seed_always_draws_the_same():
    mixes = {(m["scenario"], m["weakness"]) for m in map(capstone.team_mix, range(300))}
    assert mixes == {(s, w) for s in capstone.ECOSYSTEM for w in capstone.WEAKNESS}
    assert capstone.team_mix(12345) == capstone.team_mix(12345)


def test_the_team_is_the_first_six_quarters_of_the_longer_run():
    """The trainee's data is what a manager has on the first day of the decision quarter, nothing later."""
    now = capstone.trainee_team("ana.lopez", detail="core")
    later = capstone.trainee_team("ana.lopez", quarters=capstone.HISTORY_QUARTERS + 1, detail="core")
    assert now.quarters == later.quarters[: capstone.HISTORY_QUARTERS]
    assert later.quarters[capstone.HISTORY_QUARTERS] == capstone.DECISION_QUARTER
    past = territory.attainment(later, quarter=now.quarters)
    pd.testing.assert_frame_equal(territory.attainment(now), past)
    assert capstone.my_reps(now) == [f"R0{i}" for i in range(1, 9)]


def test_two_trainees_get_different_teams():
    a, b = capstone.trainee_team("ana.lopez", detail="core"), capstone.trainee_team("ben.okafor", detail="core")
    assert a.seed != b.seed
    assert not territory.attainment(a)["attainment"].equals(territory.attainment(b)["attainment"])


def test_the_answer_sheet_gives_the_facilitator_each_reps_truth(repo_root):
    import runpy

    from sefkit import evidence

    key = runpy.run_path(str(repo_root / "solutions" / "capstone" / "answer_key.py"))
    sheet = key["answer_sheet"](" Ana.Lopez", plans=False)
    team = capstone.trainee_team("ana.lopez", detail="core")
    mix = capstone.team_mix(capstone.trainee_seed("ana.lopez"))
    assert f"trainee ana.lopez (seed {team.seed})" in sheet and mix["scenario"] in sheet and mix["weakness"] in sheet
    for rep, row in evidence.runner_up(team).set_index("rep_id").iterrows():
        assert f"| {rep} | {row['true_constraint']} | {row['runner_up']} |" in sheet
    assert "expected gain" not in sheet  # plans=False runs no futures
