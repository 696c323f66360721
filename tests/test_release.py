"""The trainee release: exercises/ is exactly what solutions/ produces, and shows no answers.

The committed course is checked by regenerating it in a temporary copy. The
machinery itself is proved on a sample assignment (tests/conftest.py), so these
tests mean something whatever the course's own assignments are. Both folders
come from nbgrader_config.py (:mod:`sefkit.classroom.layout`); the leak check's
markers too (:mod:`sefkit.classroom.leaks`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from sefkit.classroom import cleaning, layout, leaks, release

#: One worker runs this file, so the released sample is built once.
pytestmark = pytest.mark.xdist_group("release")


def sample_paths(course: Path) -> tuple[Path, Path]:
    """The sample assignment's source and released notebooks in ``course``."""
    where = layout.of(course)
    return where.source_path / "sample/sample.ipynb", where.release_path / "sample/sample.ipynb"


def markers(course: Path) -> tuple[leaks.Region, ...]:
    return leaks.regions(layout.nbgrader_config(course))


@pytest.fixture(scope="module")
def released(tmp_path_factory, course_maker) -> Path:
    """The sample course after `make release` (with a gradebook, as facilitators run it)."""
    course = course_maker(tmp_path_factory.mktemp("released") / "course")
    written = release.generate(course)
    assert written == [sample_paths(course)[1]]
    return course


@pytest.fixture
def released_copy(released, tmp_path) -> Path:
    """A copy of the released sample course that a test may change."""
    return Path(shutil.copytree(released, tmp_path / "course"))


# -- the committed course ----------------------------------------------------------------


def test_the_folders_are_the_ones_nbgrader_config_declares(repo_root):
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(repo_root)).load_config()
    where = layout.of(repo_root)
    assert (where.source, where.release) == (config.CourseDirectory.source_directory,
                                             config.CourseDirectory.release_directory)
    assert where.source_path.is_dir() and where.release_path.is_dir()


def test_committed_exercises_are_exactly_the_regenerated_release(repo_root):
    """Fails when someone edits exercises/ by hand or forgets `make release`."""
    assert release.assignments(repo_root), "no assignment in solutions/: this test would prove nothing"
    assert release.out_of_date(repo_root) == []


def test_committed_exercises_show_no_answers(repo_root):
    where = layout.of(repo_root)
    released_notebooks = list(where.release_path.glob("*/*.ipynb"))
    assert released_notebooks, "no notebook in exercises/: this test would prove nothing"
    assert leaks.in_release(repo_root) == []


def test_every_committed_assignment_is_released(repo_root):
    where = layout.of(repo_root)
    names = release.assignments(repo_root)
    assert names, "no assignment in solutions/"
    for name in names:
        source = sorted(p.name for p in (where.source_path / name).glob("*.ipynb"))
        released_names = sorted(p.name for p in (where.release_path / name).glob("*.ipynb"))
        assert source and released_names == source, f"{where.release}/{name} is out of date: run `make release`"


# -- the machinery, on the sample ------------------------------------------------------------


def test_release_hides_solutions_hidden_tests_and_mark_schemes(released, sample_secrets):
    source_path, release_path = sample_paths(released)
    source = nbformat.read(source_path, as_version=4)
    text = release_path.read_text()
    assert sample_secrets
    for secret in sample_secrets:
        assert secret in nbformat.writes(source)  # the sample really holds each secret...
        assert secret not in text  # ...and the release does not
    nb = nbformat.reads(text, as_version=4)
    assert leaks.leaks(nb, source, markers=markers(released)) == []
    assert "Not answered yet" in text  # the trainee-friendly stub replaced the solution
    assert "_Write your answer here, in a few sentences._" in text
    assert "assert isinstance(coverage, float)" in text  # visible tests stay visible


def test_release_is_clean_and_keeps_grading_metadata(released):
    nb = nbformat.read(sample_paths(released)[1], as_version=4)
    assert cleaning.problems(nb, "exercises/sample/sample.ipynb") == []
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
    where = layout.of(released)
    assert list((again / where.release).rglob("*.ipynb"))
    assert release.compare_trees(again / where.release, where.release_path, where) == []
    assert release.out_of_date(released) == []


def test_out_of_date_catches_a_hand_edit_a_stale_folder_and_a_missing_release(released_copy):
    path = sample_paths(released_copy)[1]
    path.write_text(path.read_text().replace("Sample assignment", "Edited by hand"))
    (path.parent.parent / "old").mkdir()
    (path.parent.parent / "old/old.ipynb").write_text(path.read_text())
    found = release.out_of_date(released_copy)
    assert any("sample.ipynb differs" in p for p in found)
    assert any("old/old.ipynb has no source" in p for p in found)
    shutil.rmtree(path.parent.parent)
    assert any("sample.ipynb is missing" in p for p in release.out_of_date(released_copy))


def test_leak_check_catches_leaks(released_copy):
    """Prove the leak check can fail: plant a solution line, a marker, a whole source."""
    source_path, path = sample_paths(released_copy)
    source = nbformat.read(source_path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    found_in = lambda notebook: leaks.leaks(notebook, source, markers=markers(released_copy))  # noqa: E731

    planted = nbformat.from_dict(nb)
    planted.cells[2].source = "coverage = pipeline_value / quota"
    assert found_in(planted) == ["cell 3: a line only graders should see: 'coverage = pipeline_value / quota'"]
    near_miss = nbformat.from_dict(nb)
    near_miss.cells[3].source += "\n### BEGIN HIDDEN TEST\nassert coverage == 2.5"  # nbgrader would not remove it
    assert any("BEGIN HIDDEN TEST" in p for p in found_in(near_miss))
    # The source itself, released by mistake: every kind of secret is found.
    whole = " ".join(found_in(source))
    for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
        assert secret in whole

    nbformat.write(planted, path)
    assert any("a line only graders should see" in p for p in leaks.in_release(released_copy))


@pytest.mark.parametrize("region", ["solution", "hidden tests", "mark scheme"])
def test_a_configured_marker_that_slips_into_exercises_is_caught(released_copy, region):
    """Each marker nbgrader_config.py gives nbgrader, written into a released cell, is a leak."""
    path = sample_paths(released_copy)[1]
    nb = nbformat.read(path, as_version=4)
    (marker,) = [r for r in markers(released_copy) if r.kind == region]
    nb.cells[3].source += f"\n# {marker.begin}\nassert coverage > 2\n# {marker.end}"
    nbformat.write(nb, path)
    found = leaks.in_release(released_copy)
    assert f"exercises/sample/sample.ipynb cell 4: the marker {marker.begin!r} (nbgrader did not remove a region)" in found
    assert any(repr(marker.end) in p for p in found)


def test_the_leak_check_follows_a_marker_changed_in_nbgrader_config(tmp_path, course_maker, sample_source):
    """Change nbgrader's solution markers in the course's config: the check looks for the new ones."""
    course = course_maker(tmp_path / "course", assignments={"sample": sample_source})
    config = course / layout.CONFIG_FILE
    config.write_text(config.read_text() + '\nc.ClearSolutions.begin_solution_delimeter = "START ANSWER"'
                                           '\nc.ClearSolutions.end_solution_delimeter = "STOP ANSWER"\n')
    solution = {r.kind: r for r in markers(course)}["solution"]
    assert (solution.begin, solution.end) == ("START ANSWER", "STOP ANSWER")
    source_path, path = sample_paths(course)
    source = nbformat.read(source_path, as_version=4)
    for cell in source.cells:
        cell.source = cell.source.replace("BEGIN SOLUTION", "START ANSWER").replace("END SOLUTION", "STOP ANSWER")
    nbformat.write(source, source_path)
    release.generate(course, gradebook=False)
    assert leaks.in_release(course) == []  # nbgrader removed the regions under their new markers
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].source += "\n### start answer\nassert coverage == 2.5\n### STOP ANSWER"
    nbformat.write(nb, path)
    found = " ".join(leaks.in_release(course))
    assert "'start answer'" in found and "'STOP ANSWER'" in found


def test_secret_lines_cover_every_region(sample_source, sample_secrets):
    secrets = leaks.secret_lines(sample_source, leaks.regions())
    assert sample_secrets and set(sample_secrets) <= secrets
    assert "pipeline_value = 250.0" not in secrets  # visible code is not secret


def test_empty_solutions_release_nothing(tmp_path, course_maker):
    course = course_maker(tmp_path / "course", assignments={})
    leftover = layout.of(course).release_path / "leftover"
    leftover.mkdir(parents=True)
    assert release.generate(course) == []
    assert not leftover.exists()
    assert release.out_of_date(course) == [] and leaks.in_release(course) == []


def test_nbgrader_failure_is_reported(tmp_path, course_maker, sample_source):
    sample_source.cells[1].source = "### BEGIN SOLUTION\nx = 1"  # in an ordinary cell, never closed
    course = course_maker(tmp_path / "course", assignments={"broken": sample_source})
    with pytest.raises(ValueError, match="nbgrader generate_assignment failed"):
        release.generate(course, gradebook=False)


def test_a_folder_without_nbgrader_config_is_refused(tmp_path):
    with pytest.raises(ValueError, match="has no nbgrader_config.py"):
        release.generate(tmp_path)


# -- answer keys stay with the facilitator -------------------------------------------------


def test_answer_keys_and_personas_are_never_released(repo_root):
    """Neither exercises/ nor the installed sefkit package holds an answer key or its code."""
    from personas import key_code

    import sefkit
    from sefkit.classroom.grading import declare

    where = layout.of(repo_root)
    names = declare.assignment_names(repo_root)
    assert names, "no assignment declares its answer keys"
    package = Path(sefkit.__file__).parent
    shipped = [p for p in [*where.release_path.rglob("*"), *package.rglob("*")]
               if p.is_file() and p.suffix in {".py", ".ipynb", ".json", ".toml", ".txt", ".md", ".csv"}]
    assert any(p.suffix == ".ipynb" for p in shipped) and any(p.suffix == ".py" for p in shipped)
    assert not [p for p in shipped if p.name in (declare.KEY_FILE, declare.PERSONAS_FILE)]
    for name in names:
        secrets = key_code(where.source_path / name / declare.KEY_FILE)
        assert len(secrets) >= 5  # the check below looks for something real
        for path in shipped:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{path} shows {name}'s answer key: {leaked[:3]}"


def test_release_leaves_out_answer_keys_and_personas(tmp_path, course_maker):
    """The course's nbgrader_config.py keeps a solutions/ folder's answer_key.py out of the release."""
    course = course_maker(tmp_path / "course")
    source, released_folder = (path.parent for path in sample_paths(course))
    for name in ("answer_key.py", "personas.py", "data.csv"):
        (source / name).write_text("ASSIGNMENT = None\n")
    release.generate(course, gradebook=False)
    assert sorted(p.name for p in released_folder.iterdir()) == ["data.csv", "sample.ipynb"]
    shutil.copy(source / "answer_key.py", released_folder / "answer_key.py")
    assert any("answer_key.py has no source" in p for p in release.out_of_date(course))
