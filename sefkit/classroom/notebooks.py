"""Reading, writing and finding notebook files, the same way every course tool does.

Notebooks are written the way Jupyter saves them (sorted keys, one-space indent,
a final newline) and only when their text changes, so running a tool twice
leaves git with nothing to commit.

>>> import nbformat, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write(nbformat.v4.new_notebook(), folder / "a.ipynb"), write(read(folder / "a.ipynb"), folder / "a.ipynb")
(True, False)
>>> [p.name for p in find([folder])]
['a.ipynb']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: Folders Jupyter and Python leave behind, never part of the course.
SCRATCH = (".ipynb_checkpoints", "__pycache__")


def read(path: str | os.PathLike):
    """Read a notebook file (nbformat 4)."""
    import nbformat

    return nbformat.read(os.fspath(path), as_version=4)


def dumps(nb) -> str:
    """The notebook as text, the way Jupyter saves it (sorted keys, one-space indent).

    >>> import nbformat
    >>> dumps(nbformat.v4.new_notebook()).endswith("}\\n")
    True
    """
    import nbformat

    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def write(nb, path: str | os.PathLike) -> bool:
    """Write ``nb`` to ``path``; return True if the file changed."""
    path = Path(path)
    text = dumps(nb)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def find(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The notebooks among ``paths``: files as given, folders searched (checkpoints left out).

    Raises ValueError for a path that is neither a notebook nor a folder.
    """
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if not set(SCRATCH) & set(p.parts))
        elif path.suffix == ".ipynb" and path.exists():
            found.append(path)
        else:
            raise ValueError(f"{path} is not a notebook or a folder; give .ipynb files or folders")
    return found


def relative(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """``path`` from ``root``, with forward slashes (``path`` itself when it lies outside).

    >>> relative("/course/solutions/a/a.ipynb", "/course")
    'solutions/a/a.ipynb'
    """
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
