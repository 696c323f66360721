"""The trainee release: exercises/ is exactly what solutions/ produces, and shows no answers.

The committed course is checked by regenerating it in a temporary copy. The
machinery itself is proved on a sample assignment (tests/conftest.py), so these
tests mean something even while solutions/ is empty.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from sefkit import release

#: One worker runs this file, so the released sample is built once.
pytestmark = pytest.mark.xdist_group("release")


@pytest.fixture(scope="module")
def released(tmp_path_factory, course_maker) -> Path:
    """The sample course after `make release` (with a gradebook, as facilitators run it)."""
    course = course_maker(tmp_path_factory.mktemp("released") / "course")
    written = release.generate(course)
    assert [p.relative_to(course).as_posix() for p in written] == ["exercises/sample/sample.ipynb"]
    return course


@pytest.fixture
def released_copy(released, tmp_path) -> Path:
    """A copy of the released sample course that a test may change."""
    return Path(shutil.copytree(released, tmp_path / "course"))


# -- the committed course ----------------------------------------------------------------


def test_committed_exercises_are_exactly_the_regenerated_release(repo_root):
    """Fails when someone edits exercises/ by hand or forgets `make release`."""
    assert release.check(repo_root) == []


def test_every_committed_assignment_is_released(repo_root):
    names = release.assignments(repo_root)
    assert names, "no assignment in solutions/: the check below would pass on nothing"
    for name in names:
        source = sorted(p.name for p in (repo_root / "solutions" / name).glob("*.ipynb"))
        released_names = sorted(p.name for p in (repo_root / "exercises" / name).glob("*.ipynb"))
        assert released_names == source, f"exercises/{name} is out of date: run `make release`"


# -- the machinery, on the sample ------------------------------------------------------------


def test_release_hides_solutions_hidden_tests_and_mark_schemes(released, sample_secrets):
    source = nbformat.read(released / "solutions/sample/sample.ipynb", as_version=4)
    text = (released / "exercises/sample/sample.ipynb").read_text()
    for secret in sample_secrets:
        assert secret in nbformat.writes(source)  # the sample really holds each secret...
        assert secret not in text  # ...and the release does not
    nb = nbformat.reads(text, as_version=4)
    assert release.leaks(nb, source) == []
    assert "Not answered yet" in text  # the trainee-friendly stub replaced the solution
    assert "_Write your answer here, in a few sentences._" in text
    assert "assert isinstance(coverage, float)" in text  # visible tests stay visible


def test_release_is_clean_and_keeps_grading_metadata(released):
    nb = nbformat.read(released / "exercises/sample/sample.ipynb", as_version=4)
    assert release.problems(nb, "exercises/sample/sample.ipynb") == []
    graded = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata}
    assert graded["sample_coverage"]["points"] == 2 and graded["sample_coverage"]["locked"]
    assert "checksum" in graded["sample_coverage"]
    assert [c["id"] for c in nb.cells] == [f"sample-{i}" for i in range(6)]


def test_release_created_the_assignment_in_the_gradebook(released):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{released / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment("sample")
        assert [n.name for n in assignment.notebooks] == ["sample"]
        assert assignment.max_score == 4


def test_regeneration_is_byte_for_byte_repeatable(released, tmp_path, course_maker):
    """A second run, without a gradebook (as the check does), gives identical files."""
    again = course_maker(tmp_path / "again")
    release.generate(again, gradebook=False)
    assert release.compare_trees(again / "exercises", released / "exercises") == []
    assert release.check(released) == []


def test_check_catches_a_hand_edit_a_stale_folder_and_a_missing_release(released_copy):
    path = released_copy / "exercises/sample/sample.ipynb"
    path.write_text(path.read_text().replace("Sample assignment", "Edited by hand"))
    (released_copy / "exercises/old").mkdir()
    (released_copy / "exercises/old/old.ipynb").write_text(path.read_text())
    found = release.check(released_copy)
    assert any("sample.ipynb differs" in p for p in found)
    assert any("old/old.ipynb has no source" in p for p in found)
    shutil.rmtree(released_copy / "exercises")
    assert any("sample.ipynb is missing" in p for p in release.check(released_copy))


def test_leak_check_catches_leaks(released_copy):
    """Prove the leak check can fail: plant a solution line, a marker, a whole source."""
    source = nbformat.read(released_copy / "solutions/sample/sample.ipynb", as_version=4)
    path = released_copy / "exercises/sample/sample.ipynb"
    nb = nbformat.read(path, as_version=4)

    planted = nbformat.from_dict(nb)
    planted.cells[2].source = "coverage = pipeline_value / quota"
    assert release.leaks(planted, source) == [
        "cell 3: a line only graders should see: 'coverage = pipeline_value / quota'"
    ]
    marker = nbformat.from_dict(nb)
    marker.cells[3].source += "\n### BEGIN HIDDEN TEST\nassert coverage == 2.5"
    assert any("BEGIN HIDDEN TEST" in p for p in release.leaks(marker, source))
    # The source itself, released by mistake: every kind of secret is found.
    whole = " ".join(release.leaks(source, source))
    for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
        assert secret in whole

    nbformat.write(planted, path)
    assert any("a line only graders should see" in p for p in release.check(released_copy))


def test_secret_lines_cover_every_region(sample_source, sample_secrets):
    secrets = release.secret_lines(sample_source)
    assert set(sample_secrets) <= secrets
    assert "pipeline_value = 250.0" not in secrets  # visible code is not secret


def test_empty_solutions_release_nothing(tmp_path, course_maker):
    course = course_maker(tmp_path / "course", assignments={})
    (course / "exercises/leftover").mkdir(parents=True)
    assert release.generate(course) == []
    assert not (course / "exercises/leftover").exists()
    assert release.check(course) == []


# -- command line --------------------------------------------------------------------------


def test_command_line_release_and_check(released_copy, capsys):
    assert release.main(["--course-dir", str(released_copy)]) == 0
    assert "released exercises/sample/sample.ipynb" in capsys.readouterr().out
    path = released_copy / "exercises/sample/sample.ipynb"
    path.write_text(path.read_text().replace("Sample", "Changed"))
    assert release.main(["--course-dir", str(released_copy), "--check"]) == 1
    assert "run `make release`" in capsys.readouterr().out


def test_command_line_explains_a_wrong_folder(tmp_path, capsys):
    assert release.main(["--course-dir", str(tmp_path)]) == 1
    assert "has no nbgrader_config.py" in capsys.readouterr().err


def test_nbgrader_failure_is_reported(tmp_path, course_maker, sample_source):
    sample_source.cells[1].source = "### BEGIN SOLUTION\nx = 1"  # in an ordinary cell, never closed
    course = course_maker(tmp_path / "course", assignments={"broken": sample_source})
    with pytest.raises(RuntimeError, match="nbgrader generate_assignment failed"):
        release.generate(course, gradebook=False)


# -- answer keys stay with the facilitator -------------------------------------------------


def test_answer_keys_and_personas_are_never_released(repo_root):
    """Neither exercises/ nor the installed sefkit package holds an answer key or its code."""
    from personas import key_code

    import sefkit
    from sefkit.classroom.grading import declare

    names = declare.assignment_names(repo_root)
    assert names, "no assignment declares its answer keys"
    package = Path(sefkit.__file__).parent
    shipped = [p for p in [*(repo_root / "exercises").rglob("*"), *package.rglob("*")]
               if p.is_file() and p.suffix in {".py", ".ipynb", ".json", ".toml", ".txt", ".md", ".csv"}]
    assert not [p for p in shipped if p.name in (declare.KEY_FILE, declare.PERSONAS_FILE)]
    for name in names:
        secrets = key_code(repo_root / "solutions" / name / declare.KEY_FILE)
        assert len(secrets) >= 5  # the check below looks for something real
        for path in shipped:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{path} shows {name}'s answer key: {leaked[:3]}"


def test_release_leaves_out_answer_keys_and_personas(tmp_path, course_maker):
    """The course's nbgrader_config.py keeps a solutions/ folder's answer_key.py out of the release."""
    course = course_maker(tmp_path / "course")
    for name in ("answer_key.py", "personas.py", "data.csv"):
        (course / "solutions/sample" / name).write_text("ASSIGNMENT = None\n")
    release.generate(course, gradebook=False)
    assert sorted(p.name for p in (course / "exercises/sample").iterdir()) == ["data.csv", "sample.ipynb"]
    shutil.copy(course / "solutions/sample/answer_key.py", course / "exercises/sample/answer_key.py")
    assert any("answer_key.py has no source" in p for p in release.check(course))
