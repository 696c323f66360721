"""Find what only graders should see in a trainee's notebook: solutions, hidden tests, mark schemes.

nbgrader removes three kinds of region from a release, each between a begin and
an end marker it is configured with (nbgrader_config.py, or nbgrader's
defaults): ``ClearSolutions`` (``BEGIN SOLUTION`` ... ``END SOLUTION``),
``ClearHiddenTests`` (``BEGIN HIDDEN TESTS`` ...) and ``ClearMarkScheme``
(``BEGIN MARK SCHEME`` ...). :func:`regions` reads those markers from the same
configuration, so changing a marker there changes this check too.

A released notebook leaks when a line still holds a marker (nbgrader did not
remove that region) or a near miss of one, which nbgrader would not recognise
either: ``begin hidden test``, ``BEGIN  SOLUTIONS`` (case, spacing between the
words and a plural ``s`` are forgiven); or, given the source notebook, when it
holds a line that only appears inside the source's secret regions.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1\\n# Begin hidden test")])
>>> leaks(nb, markers=regions())
["cell 1: the marker 'Begin hidden test' (nbgrader did not remove a region)"]
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from . import layout, notebooks

#: Secret lines shorter than this are too generic to prove a leak ("pass", "plt.show()").
MIN_SECRET_LENGTH = 12


@dataclass(frozen=True)
class Region:
    """One kind of region nbgrader removes, with its begin and end markers."""

    kind: str
    begin: str
    end: str

    @property
    def begin_pattern(self) -> re.Pattern:
        return _near(self.begin)

    @property
    def end_pattern(self) -> re.Pattern:
        return _near(self.end)


def regions(config=None) -> tuple[Region, ...]:
    """The regions nbgrader removes, with the markers ``config`` (a traitlets Config) gives them.

    Without ``config``, nbgrader's defaults; :func:`sefkit.classroom.layout.nbgrader_config`
    reads a course's.

    >>> [(r.kind, r.begin, r.end) for r in regions()][1]
    ('hidden tests', 'BEGIN HIDDEN TESTS', 'END HIDDEN TESTS')
    """
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearSolutions

    solutions = ClearSolutions(config=config)
    hidden = ClearHiddenTests(config=config)
    scheme = ClearMarkScheme(config=config)
    return (
        Region("solution", solutions.begin_solution_delimeter, solutions.end_solution_delimeter),
        Region("hidden tests", hidden.begin_test_delimeter, hidden.end_test_delimeter),
        Region("mark scheme", scheme.begin_mark_scheme_delimeter, scheme.end_mark_scheme_delimeter),
    )


def _near(marker: str) -> re.Pattern:
    """A marker's words anywhere in a line, in any case and spacing, each with or without a final s.

    >>> bool(_near("BEGIN HIDDEN TESTS").search("### begin  hidden test")), bool(_near("END SOLUTION").search("ENDING"))
    (True, False)
    """
    words = re.findall(r"\w+", marker)
    if not words:
        raise ValueError(f"the nbgrader marker {marker!r} has no words; give markers such as 'BEGIN SOLUTION'")
    body = r"\s+".join(re.escape(w[:-1] if w[-1] in "sS" else w) + "s?" for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _marker_in(line: str, markers: tuple[Region, ...]) -> str | None:
    for region in markers:
        for pattern in (region.begin_pattern, region.end_pattern):
            match = pattern.search(line)
            if match:
                return match.group(0)
    return None


def secret_lines(nb, markers: tuple[Region, ...]) -> set[str]:
    """Lines an author wrote for graders only: inside any of the ``markers``' regions.

    A solution cell without markers is secret as a whole (nbgrader replaces it).
    Short or generic lines, and lines that also appear outside a secret region,
    are left out because finding them in a release proves nothing.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nanswer = team_win_rate * 2\\n### END SOLUTION")
    >>> cell.metadata["nbgrader"] = {"solution": True, "grade_id": "a"}
    >>> sorted(secret_lines(nbformat.v4.new_notebook(cells=[cell]), regions()))
    ['answer = team_win_rate * 2']
    """
    secret, public = set(), set()
    for cell in nb.cells:
        lines = cell.source.split("\n")
        meta = cell.metadata.get("nbgrader", {})
        whole = meta.get("solution") and not any(_marker_in(line, markers) for line in lines)
        depth = 0
        for line in lines:
            if any(r.begin_pattern.search(line) for r in markers):
                depth += 1
                continue
            if any(r.end_pattern.search(line) for r in markers):
                depth = max(depth - 1, 0)
                continue
            (secret if whole or depth else public).add(line.strip())
    return {line for line in secret - public if len(line) >= MIN_SECRET_LENGTH}


def leaks(release_nb, source_nb=None, *, markers: tuple[Region, ...]) -> list[str]:
    """Where a released notebook shows what only graders should see; empty if nowhere.

    Looks for the ``markers`` (and near misses) and, given the source notebook,
    for any of its :func:`secret_lines`.
    """
    secrets = secret_lines(source_nb, markers) if source_nb is not None else set()
    found = []
    for number, cell in enumerate(release_nb.cells, start=1):
        for line in cell.source.split("\n"):
            marker = _marker_in(line, markers)
            if marker:
                found.append(f"cell {number}: the marker {marker!r} (nbgrader did not remove a region)")
            elif line.strip() in secrets:
                found.append(f"cell {number}: a line only graders should see: {line.strip()!r}")
    return found


def in_release(course_dir: str | os.PathLike = ".") -> list[str]:
    """Every leak in the course's released notebooks, each named by its file; empty if none.

    Uses the markers of the course's nbgrader_config.py and compares each released
    notebook with its source (the same path in the source folder).
    """
    where = layout.of(course_dir)
    markers = regions(layout.nbgrader_config(where.root))
    found = []
    for path in notebooks.find([where.release_path]) if where.release_path.is_dir() else []:
        relpath = path.relative_to(where.release_path)
        source = where.source_path / relpath
        source_nb = notebooks.read(source) if source.exists() else None
        found += [f"{where.release}/{relpath.as_posix()} {p}"
                  for p in leaks(notebooks.read(path), source_nb, markers=markers)]
    return found
