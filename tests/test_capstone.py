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


def test_this_mornings_coverage_is_the_next_quarters_quota_and_the_pipeline_due_in_it():
    """coverage_today reads only this morning's data, yet matches the quarter as the longer run measures it."""
    from sefkit import pipeline

    now = capstone.trainee_team("ana.lopez")
    later = capstone.trainee_team("ana.lopez", quarters=capstone.HISTORY_QUARTERS + 1)
    today = capstone.coverage_today(now).set_index("rep_id")
    assert (today["quota"] == pipeline.coverage(later, quarter=capstone.DECISION_QUARTER)["quota"].to_numpy()).all()
    start, end = later.quarter_bounds(capstone.DECISION_QUARTER)
    deals = pipeline.open_pipeline(now, pipeline.snapshot_span(now)[1])
    due = deals[(deals["close_date"] >= start) & (deals["close_date"] < end)]
    assert today["deals_due"].sum() == len(due) > 0
    assert today["pipeline"].to_dict() == due.groupby("rep_id")["amount"].sum().reindex(now.rep_ids, fill_value=0).to_dict()
    assert (today["coverage"] == today["pipeline"] / today["quota"]).all()


@pytest.fixture(scope="module")
def risk(repo_root):
    """The answer key and one trainee's grading context, its futures of the quarter computed once."""
    import runpy

    from sefkit.classroom.grading.declare import Context

    key = runpy.run_path(str(repo_root / "solutions" / "capstone" / "answer_key.py"))
    return key, Context(learner="ana.lopez", data=key["_team"]("ana.lopez"))


def test_the_risk_call_rewards_calibrated_chances_and_not_the_3x_rule(risk):
    key, ctx = risk
    team, assess = ctx.data, key["assess_risk"]
    truth = key["true_risk"](ctx)
    assert set(truth) == set(team.rep_ids) and all(0 <= p <= 1 for p in truth.values())
    # the truth's chances are the best calls there are: the Brier score is proper
    best = key["brier"](ctx, truth)
    for other in (key["track_record"](team), key["three_x_rule"](team), {r: 0.5 for r in team.rep_ids}):
        assert best <= key["brier"](ctx, other)
    assert assess(ctx, truth)[0] == 1.0
    assert assess(ctx, key["track_record"](team))[0] == 1.0  # the record is the full-marks line's anchor
    assert assess(ctx, key["three_x_rule"](team))[0] == 0.0
    share, said = assess(ctx, {r: 0.5 for r in team.rep_ids})
    assert share == 0.0 and "coin toss" in said


@pytest.mark.parametrize("answer, says", [
    ([0.5] * 10, "should be a dict"),
    ({"R01": 0.5}, "no call for R02"),
    ({f"R{i:02d}": 70 for i in range(1, 11)}, "Write 70 % as 0.7"),
    ({**{f"R{i:02d}": 0.5 for i in range(1, 11)}, "R99": 0.5}, "R99 are not reps"),
    ({f"R{i:02d}": True for i in range(1, 11)}, "not chances between 0 and 1"),
])
def test_a_malformed_risk_call_scores_nothing_and_says_what_to_fix(risk, answer, says):
    key, ctx = risk
    share, said = key["assess_risk"](ctx, answer)
    assert share == 0.0 and says in said


# -- the course's secret and the team files: what a trainee's kernel can and cannot reach ----------


def test_the_courses_secret_gives_every_trainee_another_team(tmp_path, monkeypatch):
    monkeypatch.delenv(capstone.SECRET_VARIABLE, raising=False)
    assert capstone.course_secret(tmp_path) is None  # practice mode
    (tmp_path / capstone.SECRET_FILE).parent.mkdir()
    (tmp_path / capstone.SECRET_FILE).write_text("course-secret\n")
    assert capstone.course_secret(tmp_path) == "course-secret"
    monkeypatch.setenv(capstone.SECRET_VARIABLE, "from-the-environment")
    assert capstone.course_secret(tmp_path) == "from-the-environment"
    seeds = {capstone.trainee_seed("ana.lopez", s) for s in (None, "course-secret", "another")}
    assert len(seeds) == 3


def test_a_team_file_holds_the_observable_team_only(tmp_path):
    team = capstone.trainee_team("ana.lopez")
    path = tmp_path / "ana.lopez.sefteam"
    path.write_bytes(capstone.team_bytes(team, "Ana.Lopez"))
    back = capstone.read_team(path, "ana.lopez")
    assert back.seed is None and back.scenario == "capstone" and back.truth.rep_skills.empty
    assert set(back.params) == {"quota"}  # neither the scenario nor its skill parameters
    assert set(back.tables()) == set(team.tables())
    for name, table in team.tables().items():
        pd.testing.assert_frame_equal(back.tables()[name], table)
    assert capstone.team_bytes(team, "ana.lopez") == path.read_bytes()  # the same file every time
    with pytest.raises(ValueError, match="team of trainee 'ana.lopez', not 'ben'"):
        capstone.read_team(path, "ben")
    (tmp_path / "junk.sefteam").write_bytes(b"not a team")
    with pytest.raises(ValueError, match="not a capstone team file"):
        capstone.read_team(tmp_path / "junk.sefteam", "ana.lopez")


def test_the_notebook_opens_the_file_grading_or_the_facilitator_gave(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(capstone.TEAMS_VARIABLE, raising=False)
    team = capstone.trainee_team("ana.lopez", secret="course-secret")
    data = capstone.team_bytes(team, "ana.lopez")
    practice = capstone.my_team("ana.lopez", tmp_path)  # nothing here: the practice team, said so
    assert "Practice mode" in capsys.readouterr().out and practice.truth.rep_skills.empty
    (tmp_path / "ana.lopez.sefteam").write_bytes(data)  # a file sent by the facilitator
    beside = capstone.my_team("ana.lopez", tmp_path)
    assert beside.opportunities.equals(team.opportunities)
    assert not practice.opportunities.equals(team.opportunities)
    (tmp_path / "teams").mkdir()  # grading's folder is the only place then looked at
    with pytest.raises(ValueError, match="no team for trainee 'ana.lopez'.*ask your facilitator"):
        capstone.my_team("ana.lopez", tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "ana.lopez.sefteam").write_bytes(data)
    monkeypatch.setenv(capstone.TEAMS_VARIABLE, str(shared))
    assert capstone.my_team("ana.lopez", shared.parent / "elsewhere").reps.equals(team.reps)
    with pytest.raises(ValueError, match="no team for trainee 'ben'"):
        capstone.my_team("ben", shared.parent / "elsewhere")


def test_reading_the_truth_of_ones_own_id_in_the_kernel_earns_nothing_under_a_secret(tmp_path, repo_root):
    """The attack the team files close: simulate one's own id and read team.truth, as the solution does."""
    import runpy
    import shutil

    from sefkit import evidence
    from sefkit.classroom.grading.declare import Context

    key_dir = tmp_path / "solutions" / "capstone"
    key_dir.mkdir(parents=True)
    shutil.copy(repo_root / "solutions" / "capstone" / "answer_key.py", key_dir)
    (tmp_path / capstone.SECRET_FILE).parent.mkdir()
    (tmp_path / capstone.SECRET_FILE).write_text("course-secret\n")
    key = runpy.run_path(str(key_dir / "answer_key.py"))
    ctx = Context(learner="ana.lopez", data=key["_team"]("ana.lopez"))
    assert ctx.data.seed == capstone.trainee_seed("ana.lopez", "course-secret")
    peeked = evidence.runner_up(capstone.trainee_team("ana.lopez")).set_index("rep_id")["true_constraint"]
    real = evidence.runner_up(ctx.data).set_index("rep_id")["true_constraint"]
    assert key["assess_constraints"](ctx, real.to_dict())[0] == 1.0
    assert key["assess_constraints"](ctx, peeked.to_dict())[0] < 0.7
    files = key["team_files"](ctx)
    assert list(files) == ["teams/ana.lopez.sefteam"]
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "ana.lopez.sefteam").write_bytes(files["teams/ana.lopez.sefteam"])
    assert capstone.my_team("ana.lopez", tmp_path).opportunities.equals(ctx.data.opportunities)


def test_capstone_teams_writes_a_file_per_trainee_and_keeps_the_secret(tmp_path, capsys, repo_root):
    import shutil

    from sefkit import cli, evidence

    shutil.copy(repo_root / "nbgrader_config.py", tmp_path)
    shutil.copytree(repo_root / "solutions" / "capstone", tmp_path / "solutions" / "capstone",
                    ignore=shutil.ignore_patterns("*.ipynb", "__pycache__"))
    roster = tmp_path / "trainees.csv"
    roster.write_text("id,first_name\nana.lopez,Ana\nben,Ben\n")
    out = tmp_path / "capstone-teams"
    assert cli.main(["capstone-teams", "--trainees", str(roster), "--out", str(out),
                     "--course-dir", str(tmp_path)]) == 0
    assert "wrote 2 team files" in capsys.readouterr().out
    secret = tmp_path / capstone.SECRET_FILE
    assert secret.stat().st_mode & 0o077 == 0  # the owner's only
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(first) == ["ana.lopez.sefteam", "ben.sefteam"]
    cli.main(["capstone-teams", "--trainees", str(roster), "--out", str(out), "--course-dir", str(tmp_path)])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # the same secret, the same teams
    team = capstone.read_team(out / "ben.sefteam", "ben")
    real = capstone.trainee_team("ben", secret=secret.read_text().strip())
    assert team.opportunities.equals(real.opportunities)
    # the answer sheets: the graded (secret) teams' truth, beside the secret, the owner's only
    assert cli.main(["capstone-teams", "--trainees", str(roster), "--out", str(out), "--course-dir", str(tmp_path),
                     "--sheets"]) == 0
    sheets = (tmp_path / capstone.SHEETS_FILE)
    assert sheets.stat().st_mode & 0o077 == 0 and "for you only" in capsys.readouterr().out
    text = sheets.read_text()
    assert f"trainee ben (seed {real.seed})" in text and "trainee ana.lopez" in text
    for rep, row in evidence.runner_up(real).set_index("rep_id").iterrows():
        assert f"| {rep} | {row['true_constraint']} |" in text
