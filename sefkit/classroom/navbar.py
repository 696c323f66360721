"""The navigation bar at the top of every lesson: previous · contents · next, and Binder.

Each lesson in course/ starts with one Markdown cell that begins with the marker
``<!--NAVIGATION-->``. This tool writes that cell from the lesson order (the
numbered file names) and each lesson's title (its first ``# `` heading), and adds
a Binder badge that opens the lesson itself. Running it again changes nothing
unless a lesson was added, renamed or retitled::

    sefkit navbar            # update course/*.ipynb (make navbar)
    sefkit navbar --check    # exit 1 if a lesson's bar is out of date

The Binder repository comes from the badge in README.md, so changing the address
there (see README) and re-running this tool updates every lesson.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import quote

from . import layout, notebooks

MARKER = "<!--NAVIGATION-->"
NAV_CELL_ID = "navigation"
CONTENTS = "00_welcome.ipynb"
_BINDER = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+")
DEFAULT_BINDER = "https://mybinder.org/v2/gh/sef-course/sef-course/HEAD"


def binder_base(readme: str | Path) -> str:
    """The Binder address of the repository, read from the README badge.

    >>> binder_base("no readme here")
    'https://mybinder.org/v2/gh/sef-course/sef-course/HEAD'
    """
    path = Path(readme)
    text = path.read_text(encoding="utf-8") if path.is_file() else str(readme)
    match = _BINDER.search(text)
    return match.group(0) if match else DEFAULT_BINDER


def title(nb, fallback: str) -> str:
    """A lesson's title: its first level-one heading outside the navigation cell."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.source.startswith(MARKER):
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return fallback


def nav_source(names: list[str], titles: dict[str, str], name: str, binder: str, folder: str = "course") -> str:
    """The Markdown of the navigation cell of lesson ``name``.

    >>> print(nav_source(["00_welcome.ipynb", "05_pipeline.ipynb"],
    ...                  {"00_welcome.ipynb": "Welcome", "05_pipeline.ipynb": "Pipeline"},
    ...                  "05_pipeline.ipynb", "https://mybinder.org/v2/gh/o/r/HEAD"))
    <!--NAVIGATION-->
    < [Welcome](00_welcome.ipynb) | [Contents](00_welcome.ipynb)
    <BLANKLINE>
    [![Open in Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/o/r/HEAD?labpath=course%2F05_pipeline.ipynb)
    """
    i = names.index(name)
    prev = f"[{titles[names[i - 1]]}]({names[i - 1]})" if i > 0 else ""
    nxt = f"[{titles[names[i + 1]]}]({names[i + 1]})" if i + 1 < len(names) else ""
    links = " | ".join(part for part in (prev, f"[Contents]({CONTENTS})", nxt) if part)
    left = "< " if prev else ""
    right = " >" if nxt else ""
    badge = f"[![Open in Binder](https://mybinder.org/badge_logo.svg)]({binder}?labpath={quote(f'{folder}/{name}', safe='')})"
    return f"{MARKER}\n{left}{links}{right}\n\n{badge}"


def updated(course_dir: str | Path = "course", readme: str | Path = "README.md") -> dict[Path, object]:
    """Every lesson whose navigation cell would change, with its new notebook."""
    import nbformat

    course_dir = Path(course_dir)
    paths = sorted(p for p in course_dir.glob("[0-9]*.ipynb"))
    lessons = {p.name: notebooks.read(p) for p in paths}
    titles = {name: title(nb, name.removesuffix(".ipynb")) for name, nb in lessons.items()}
    names = list(lessons)
    binder = binder_base(readme)
    changed = {}
    for path in paths:
        nb = lessons[path.name]
        source = nav_source(names, titles, path.name, binder, folder=course_dir.name)
        new = nbformat.from_dict(nb)
        cells = [c for c in new.cells if c.cell_type == "markdown" and c.source.startswith(MARKER)]
        if cells:
            cells[0].source = source
        else:
            cell = nbformat.v4.new_markdown_cell(source)
            cell["id"] = NAV_CELL_ID
            if new.nbformat_minor < 5:
                del cell["id"]
            new.cells.insert(0, cell)
        if notebooks.dumps(new) != notebooks.dumps(nb):
            changed[path] = new
    return changed


def stale(course_dir: str | Path = "course", readme: str | Path = "README.md") -> list[Path]:
    """The lessons that have a navigation bar which is out of date (lessons without one are left alone)."""
    return [p for p in updated(course_dir, readme) if MARKER in p.read_text(encoding="utf-8")]


def add_command(commands) -> None:
    """Register ``sefkit navbar`` with the ``sefkit`` command line."""
    parser = commands.add_parser("navbar", help="write the navigation bar at the top of every lesson",
                                 description=__doc__.splitlines()[0])
    parser.add_argument("--course-dir", default=".",
                        help=f"the course folder, with {layout.LESSONS_DIR}/ and README.md (default: the current folder)")
    parser.add_argument("--check", action="store_true", help="only report lessons whose bar is out of date (exit 1)")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    root = Path(args.course_dir)
    lessons = root / layout.LESSONS_DIR
    if not lessons.is_dir():
        raise ValueError(f"{root.resolve()} has no {layout.LESSONS_DIR}/ folder of lessons; "
                         "run this from the course's root folder (or give it with --course-dir)")
    changed = updated(lessons, root / "README.md")
    for path, nb in changed.items():
        if args.check:
            print(f"{path}: navigation bar out of date (run `sefkit navbar`)")
        else:
            notebooks.write(nb, path)
            print(f"updated {path}")
    if not changed:
        print("every lesson's navigation bar is up to date")
    return 1 if changed and args.check else 0
