"""Collecting a cohort's submissions into nbgrader's ``submitted/<trainee>/<assignment>/``.

Three ways in, one place out:

* **JupyterHub**: nbgrader's exchange (:func:`collect_exchange`, nbgrader's own
  ``collect``), which already writes ``submitted/``;
* **already there**: ``submitted/<trainee>/<assignment>/`` filled by hand (:func:`submitted`);
* **a folder or a zip of files**, as an LMS download or e-mail delivers them
  (:func:`from_files`): each file's name is mapped to a trainee id, first by the
  course's ``c.FileNameCollectorPlugin.named_regexp`` (nbgrader's zip_collect
  setting, in nbgrader_config.py), then by the trainees in the gradebook or a
  roster CSV (id, first_name, last_name, email): a file whose name holds exactly
  one trainee's id, e-mail name, or first and last name is theirs. Files that
  match nobody, match several trainees, are not notebooks, or are a second file
  for the same trainee are listed with the reason (:class:`Intake`), never
  dropped silently; the folder or zip is left as it was.

>>> people = [Trainee("t07", "Ana", "Lopez"), Trainee("t12", "Ben", "Okafor", "ben.o@example.org")]
>>> [who.id for who in match_name("Lopez, Ana - 05_pipeline.ipynb", people)]
['t07']
>>> [who.id for who in match_name("05_pipeline (ben.o).ipynb", people)]
['t12']
>>> match_name("final version.ipynb", people)
[]
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .pool import course_config, course_directory, submitted_folder


@dataclass(frozen=True)
class Trainee:
    """A trainee of the roster: their id (nbgrader's student id) and names."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


@dataclass
class Intake:
    """What collecting found: the trainees whose submission is in ``submitted/``, and every file set aside."""

    assignment: str
    students: list[str] = field(default_factory=list)
    copied: dict[str, str] = field(default_factory=dict)  # trainee -> the file handed in
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (file, why it was not used)

    def summary(self) -> str:
        lines = [f"{self.assignment}: {len(self.students)} submissions to grade"
                 + (f", {len(self.copied)} of them copied from the files given" if self.copied else "")]
        if self.set_aside:
            lines.append(f"  {len(self.set_aside)} file(s) not used (rename them or put them in "
                         "submitted/<trainee id>/<assignment>/ yourself, then grade again):")
            lines += [f"    {name}: {why}" for name, why in self.set_aside]
        return "\n".join(lines)


def submitted(course, assignment: str) -> list[str]:
    """The trainees with a folder ``submitted/<trainee>/<assignment>/``."""
    coursedir = course_directory(course)
    root = Path(coursedir.format_path(coursedir.submitted_directory, "x", assignment)).parent.parent
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / assignment).is_dir())


def collect_exchange(course, assignment: str) -> str:
    """Run nbgrader's ``collect`` (the JupyterHub exchange into ``submitted/``); its log."""
    from nbgrader.apps import NbGraderAPI

    result = NbGraderAPI(config=course_config(course)).collect(assignment)
    if not result.get("success"):
        raise ValueError(f"nbgrader could not collect {assignment} from the exchange: "
                         f"{(result.get('error') or result.get('log') or '').strip()[-500:]}")
    return result.get("log", "")


# -- the roster ---------------------------------------------------------------------------------


def roster(course, csv_path=None) -> list[Trainee]:
    """The trainees: those in the gradebook, and those of a roster CSV (added to the gradebook).

    The CSV has nbgrader's columns: ``id`` (required), ``first_name``, ``last_name``, ``email``.
    """
    from nbgrader.api import Gradebook

    coursedir = course_directory(course)
    people: dict[str, Trainee] = {}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        for s in gb.students:
            people[s.id] = Trainee(s.id, s.first_name or "", s.last_name or "", s.email or "")
        if csv_path is not None:
            for row in read_roster(csv_path):
                people[row.id] = row
                gb.update_or_create_student(row.id, first_name=row.first_name or None,
                                            last_name=row.last_name or None, email=row.email or None)
    return sorted(people.values(), key=lambda t: t.id)


def read_roster(path) -> list[Trainee]:
    """The trainees of a roster CSV (nbgrader's columns), each id checked to be usable as a file name."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if rows and "id" not in rows[0]:
        raise ValueError(f"{path}: the roster needs an 'id' column (and first_name, last_name, email); "
                         f"it has {', '.join(rows[0])}")
    found = []
    for n, row in enumerate(rows, start=2):
        trainee_id = (row.get("id") or "").strip()
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", trainee_id):
            raise ValueError(f"{path}, line {n}: {trainee_id!r} is not a usable trainee id "
                             "(letters, digits, '.', '_' and '-')")
        found.append(Trainee(trainee_id, *((row.get(k) or "").strip() for k in ("first_name", "last_name", "email"))))
    return found


# -- files to trainees --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def match_name(filename: str, people: list[Trainee]) -> list[Trainee]:
    """The trainees a file name points to: by id, e-mail name, or first and last name."""
    words = _words(Path(filename).stem)
    found = []
    for who in people:
        keys = [_words(who.id)]
        if who.email:
            keys.append(_words(who.email.split("@")[0]))
        names = [_words(who.first_name), _words(who.last_name)]
        by_name = all(names) and all(_contains(words, n) for n in names)
        if by_name or any(_contains(words, k) for k in keys):
            found.append(who)
    return found


def _regexp_id(config, path: Path, people: list[Trainee]) -> str | None:
    """The trainee id the course's zip_collect setting (FileNameCollectorPlugin) reads off the file name."""
    regexp = config.FileNameCollectorPlugin.get("named_regexp") if "FileNameCollectorPlugin" in config else None
    if not regexp:
        return None
    match = re.match(regexp, str(path))
    student = match.groupdict().get("student_id") if match else None
    return student if student in {p.id for p in people} else None


def from_files(course, assignment: str, source, people: list[Trainee]) -> Intake:
    """Copy the notebooks of a folder or zip into ``submitted/<trainee>/<assignment>/``.

    Each notebook matched to one trainee is copied as the assignment's notebook
    (``<notebook>.ipynb``, whatever the file was called), with a ``timestamp.txt``
    of the file's own time. Returns what was copied and every file set aside.
    """
    source = Path(source)
    if not source.exists():
        raise ValueError(f"{source} does not exist: give the folder or the .zip of the submissions")
    config = course_config(course)
    coursedir = course_directory(course)
    notebook = _notebook_name(coursedir, assignment)
    intake = Intake(assignment)
    with tempfile.TemporaryDirectory(prefix="sef-intake-") as tmp:
        folder = _unpacked(source, Path(tmp))
        chosen: dict[str, tuple[Path, float, str]] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            shown = str(path.relative_to(folder))
            if path.name.startswith(".") or "__MACOSX" in path.parts:
                continue
            if path.suffix.lower() != ".ipynb":
                intake.set_aside.append((shown, "not a notebook (.ipynb) file"))
                continue
            student = _regexp_id(config, path, people)
            matched = [student] if student else [p.id for p in match_name(path.name, people)]
            if not matched:
                intake.set_aside.append((shown, "its name holds no trainee's id, e-mail name, or first and "
                                                "last name"))
                continue
            if len(matched) > 1:
                intake.set_aside.append((shown, f"its name fits several trainees ({', '.join(matched)})"))
                continue
            when = path.stat().st_mtime
            who = matched[0]
            if who in chosen:
                older, newer = sorted([chosen[who], (path, when, shown)], key=lambda c: c[1])
                intake.set_aside.append((older[2], f"a second file for {who}: the newer one, {newer[2]}, is graded"))
                chosen[who] = newer
            else:
                chosen[who] = (path, when, shown)
        for who, (path, when, shown) in sorted(chosen.items()):
            dest = submitted_folder(coursedir, who, assignment)
            dest.mkdir(parents=True, exist_ok=True)
            target = dest / f"{notebook}.ipynb"
            if target.exists() and target.read_bytes() == path.read_bytes():
                intake.copied[who] = shown
                continue  # the same file again: keep its timestamp, so it is not graded twice
            shutil.copyfile(path, target)
            stamp = datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
            (dest / "timestamp.txt").write_text(stamp)
            intake.copied[who] = shown
    intake.students = submitted(course, assignment)
    return intake


def _notebook_name(coursedir, assignment: str) -> str:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            names = [nb.name for nb in gb.find_assignment(assignment).notebooks]
        except MissingEntry:
            raise ValueError(f"the gradebook has no assignment {assignment!r}: run `make release` "
                             "(or nbgrader generate_assignment) first") from None
    if len(names) != 1:
        raise ValueError(f"{assignment} has {len(names)} notebooks: a folder of files can only be mapped to "
                         "an assignment of one notebook; put each trainee's files in "
                         "submitted/<trainee id>/<assignment>/ instead")
    return names[0]


def _unpacked(source: Path, tmp: Path) -> Path:
    if source.is_dir():
        return source
    if not zipfile.is_zipfile(source):
        raise ValueError(f"{source} is neither a folder nor a .zip file")
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            name = Path(info.filename)
            if info.is_dir() or name.is_absolute() or ".." in name.parts:
                continue
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            stamp = datetime(*info.date_time).timestamp()
            os.utime(target, (stamp, stamp))
    return tmp
