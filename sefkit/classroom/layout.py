"""Where the course keeps its notebooks: the folders, read from nbgrader_config.py.

The repository root is the nbgrader course folder. Its ``nbgrader_config.py``
declares, once, the folder authors write assignments in
(``CourseDirectory.source_directory``: ``solutions``) and the folder trainees
open them from (``CourseDirectory.release_directory``: ``exercises``). Every tool
and test reads them from there through :func:`of`, so changing a folder there
changes it everywhere. Lessons live in ``course/`` (:data:`LESSONS_DIR`), which
nbgrader does not know about.

>>> from pathlib import Path
>>> here = of(Path(__file__).resolve().parents[2])
>>> here.source, here.release, here.notebook_dirs
('solutions', 'exercises', ('course', 'solutions', 'exercises'))
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The course's nbgrader configuration, in the course folder.
CONFIG_FILE = "nbgrader_config.py"
#: The folder of the lessons (numbered notebooks), in the course folder.
LESSONS_DIR = "course"


@dataclass(frozen=True)
class Layout:
    """The folders of one course: its ``root`` and, relative to it, the others."""

    root: Path
    source: str
    release: str
    lessons: str = LESSONS_DIR

    @property
    def source_path(self) -> Path:
        """The folder of the assignments as authors write them (``solutions/``)."""
        return self.root / self.source

    @property
    def release_path(self) -> Path:
        """The folder of the assignments as trainees get them (``exercises/``)."""
        return self.root / self.release

    @property
    def lessons_path(self) -> Path:
        return self.root / self.lessons

    @property
    def notebook_dirs(self) -> tuple[str, str, str]:
        """The folders whose notebooks are committed: lessons, sources, releases."""
        return (self.lessons, self.source, self.release)


def nbgrader_config(course_dir: str | os.PathLike = "."):
    """The course's nbgrader configuration (a traitlets ``Config``), rooted at ``course_dir``.

    Raises ValueError when ``course_dir`` has no nbgrader_config.py.
    """
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_dir).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise ValueError(f"{root} has no {CONFIG_FILE}; run this from the course's root folder "
                         "(or give it with --course-dir)")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


def of(course_dir: str | os.PathLike = ".") -> Layout:
    """The folders of the course in ``course_dir``, as its nbgrader_config.py declares them."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=nbgrader_config(course_dir))
    return Layout(Path(coursedir.root), coursedir.source_directory, coursedir.release_directory)
