"""A demo cohort: a throw-away course with about 30 trainees' files, to walk the grading in minutes.

:func:`build` makes a course folder holding one assignment (copied from this
course's ``solutions/<assignment>/``, released into the demo's own gradebook), a
roster (``trainees.csv``) and an ``inbox/`` of notebooks named the way an LMS
download or an e-mail thread names them ("Lopez, Ana - 05_pipeline.ipynb",
"05_pipeline (Ben Okafor).ipynb", ...). The trainees are the assignment's own
personas (``solutions/<assignment>/personas.py``: strong, rounded by hand, one per
common mistake, siloed, blank, a faker), in a realistic mix (a persona that types its own
id, ``declare.LEARNER_ID``, types the demo trainee's), plus three hostile or
broken hand-ins that any assignment can have: test cells replaced by ``pass``
with 100 points, code that goes looking for the answer key and the gradebook, and
a file cut off in transit. Two files are misnamed or doubled, so the intake's
list of files set aside has something in it.

    sefkit demo-cohort demo/          # the course, then:
    cd demo && sefkit grade 05_pipeline --from inbox --trainees trainees.csv

>>> [t.id for t in trainees(3)]
['alopez', 'bokafor', 'cnguyen']
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import layout
from .declare import load, load_personas
from .intake import Trainee
from .pool import course_config, tools_on_path
from .submissions import persona_answers, read_notebook, submission

_NAMES = [
    ("Ana", "Lopez"), ("Ben", "Okafor"), ("Chi", "Nguyen"), ("Dora", "Schmidt"), ("Emeka", "Eze"),
    ("Fatima", "Haddad"), ("Gustav", "Lind"), ("Hana", "Sato"), ("Ivan", "Petrov"), ("Julia", "Rossi"),
    ("Kofi", "Mensah"), ("Lena", "Fischer"), ("Marco", "Bianchi"), ("Nadia", "Karimi"), ("Oscar", "Diaz"),
    ("Priya", "Sharma"), ("Quentin", "Moreau"), ("Rosa", "Alves"), ("Sven", "Berg"), ("Tara", "Walsh"),
    ("Umar", "Farouk"), ("Vera", "Novak"), ("Wei", "Zhang"), ("Ximena", "Ruiz"), ("Yusuf", "Demir"),
    ("Zoe", "Martin"), ("Aiko", "Tanaka"), ("Bruno", "Costa"), ("Clara", "Weber"), ("Dev", "Patel"),
    ("Elif", "Yilmaz"), ("Farid", "Rahman"), ("Greta", "Holm"), ("Hugo", "Laurent"), ("Ines", "Silva"),
]

#: The hostile or broken hand-ins every demo cohort has, beside the assignment's personas.
HOSTILE = ("tampered_tests", "snooper", "cut_off")


@dataclass
class Demo:
    """A demo course: its folder, the inbox of files, the roster, and who is who."""

    course: Path
    inbox: Path
    trainees_csv: Path
    assignment: str
    personas: dict[str, str]  # trainee id -> the persona (or hostile hand-in) they are


def trainees(n: int) -> list[Trainee]:
    """``n`` made-up trainees with distinct ids (first initial and last name)."""
    if n > len(_NAMES):
        raise ValueError(f"a demo cohort has at most {len(_NAMES)} trainees, not {n}")
    return [Trainee(f"{first[0]}{last}".lower(), first, last, f"{first}.{last}@example.org".lower())
            for first, last in _NAMES[:n]]


def _file_name(n: int, who: Trainee, assignment: str) -> str:
    """File names as LMS downloads and e-mail attachments come."""
    return [f"{who.id}_{assignment}.ipynb", f"{who.last_name}, {who.first_name} - {assignment}.ipynb",
            f"{assignment} ({who.first_name} {who.last_name}).ipynb",
            f"{who.first_name}_{who.last_name}_{assignment} (1).ipynb"][n % 4]


def kind(persona) -> str:
    """``"strong"`` (the model, perhaps typed by hand), ``"mistake"`` (loses some items) or ``"blank"``."""
    if persona.base != "model":
        return "blank"
    return "mistake" if persona.loses else "strong"


def mix(personas, n: int, seed: int = 0) -> list[str]:
    """Persona names for ``n`` trainees, in a shuffled order.

    First one of each kind in turn (strong, mistake, blank, strong, ...) until every
    persona is in, then more strong and common-mistake learners than blank ones.
    """
    kinds = {k: [p.name for p in personas if kind(p) == k] for k in ("strong", "mistake", "blank")}
    turns = [kinds[k].pop(0) for _ in range(len(personas)) for k in kinds if kinds[k]][: len(personas)]
    weights = {"strong": 3, "mistake": 2, "blank": 1}
    names = [p.name for p in personas]
    rng = random.Random(seed)
    chosen = turns[:n] + rng.choices(names, weights=[weights[kind(p)] for p in personas], k=max(0, n - len(names)))
    rng.shuffle(chosen)
    return chosen


def _tampered(release, assignment) -> nbformat.NotebookNode:
    """Every test cell replaced by ``pass`` and worth 100 points; wrong answers."""
    nb = submission(release, {item.answer_cell: f"{item.answer} = 0" for item in assignment.items})
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            cell.source = "pass"
            meta["points"] = 100
    return nb


_SNOOP = '''import glob, os
found = []
for pattern in ["../../solutions/*/answer_key.py", "../../../solutions/*/answer_key.py",
                "/*/solutions/*/answer_key.py", "/*/*/solutions/*/answer_key.py", "../../gradebook.db",
                os.path.expanduser("~/*/gradebook.db")]:
    found += glob.glob(pattern)[:3]
{variable} = len(found)   # nothing to find in the sandbox
'''


def build(folder, assignment: str = "05_pipeline", n: int = 30, *, source=None, seed: int = 0) -> Demo:
    """Make a demo course in ``folder`` (new or empty) with ``n`` trainees' files in its inbox.

    ``source`` is the course folder the assignment comes from (default: the one
    holding this sefkit checkout, or the current folder).
    """
    from nbgrader.apps import NbGraderAPI

    tools_on_path()
    folder = Path(folder).resolve()
    source = Path(source or _source_course()).resolve()
    where = layout.of(source)
    if not (where.source_path / assignment / "answer_key.py").is_file():
        raise ValueError(f"{where.source_path / assignment}/ declares no answer_key.py: a demo cohort needs an "
                         "assignment declared as docs/AUTHORING.md describes")
    if folder.exists() and any(folder.iterdir()):
        raise ValueError(f"{folder} exists and is not empty: give a new folder for the demo course")
    people = load_personas(source, assignment)
    declared = load(source, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / layout.CONFIG_FILE, folder / layout.CONFIG_FILE)
    shutil.copytree(where.source_path / assignment, folder / where.source / assignment,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    result = NbGraderAPI(config=course_config(folder)).generate_assignment(assignment, force=True, create=True)
    if not result.get("success"):
        raise ValueError(f"nbgrader could not release {assignment} in the demo course: "
                         f"{(result.get('error') or result.get('log') or '')[-800:]}")
    source_nb = read_notebook(folder / where.source / assignment / f"{declared.notebook}.ipynb")
    release = read_notebook(folder / where.release / assignment / f"{declared.notebook}.ipynb")
    by_name = {p.name: p for p in people}
    cohort = trainees(n)
    who_is = mix(people, n - len(HOSTILE), seed) + list(HOSTILE)
    inbox = folder / "inbox"
    inbox.mkdir()
    made: dict[str, str] = {}
    for number, (trainee, persona) in enumerate(zip(cohort, who_is, strict=True)):
        path = inbox / _file_name(number, trainee, assignment)
        if persona == "cut_off":
            text = nbformat.writes(submission(release, {}))
            path.write_text(text[: len(text) // 3])
        else:
            if persona == "tampered_tests":
                nb = _tampered(release, declared)
            elif persona == "snooper":
                first = declared.items[0]
                nb = submission(release, {first.answer_cell: _SNOOP.format(variable=first.answer)})
            else:
                answers = persona_answers(by_name[persona], declared, source_nb, release, learner=trainee.id)
                nb = submission(release, answers)
            nbformat.write(nb, str(path))
        made[trainee.id] = persona
    # An e-mail thread: one trainee sent a first draft too, and someone sent a file without a name on it.
    first = cohort[0]
    draft = inbox / f"draft {first.first_name} {first.last_name} {assignment}.ipynb"
    nbformat.write(submission(release, {}), str(draft))
    newer = inbox / _file_name(0, first, assignment)
    stamp = newer.stat().st_mtime
    os.utime(draft, (stamp - 3600, stamp - 3600))
    nbformat.write(submission(release, {}), str(inbox / "final version.ipynb"))
    (inbox / "notes for the facilitator.txt").write_text("Sorry it is late!\n")
    roster = folder / "trainees.csv"
    with open(roster, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "first_name", "last_name", "email"])
        for t in cohort:
            writer.writerow([t.id, t.first_name, t.last_name, t.email])
    (folder / "demo_cohort.json").write_text(json.dumps(made, indent=1, sort_keys=True))
    return Demo(folder, inbox, roster, assignment, made)


def _source_course() -> Path:
    here = Path(__file__).resolve().parents[3]
    if (here / layout.CONFIG_FILE).is_file() and layout.of(here).source_path.is_dir():
        return here
    return Path.cwd()
