""".gitignore files, honoured by the folder walk as ruff and markdownlint-cli2 do.

A site's build output, vendored themes and editors' scratch files are usually
ignored by git already; linting them only buries the real findings.  `pathspec`
is imported only when a folder holds a .gitignore, so a site without one pays a
name check per folder and nothing more.

Each file's patterns apply to the paths below its own folder.  The folders above
the walk count up to the repository root (the first one holding `.git`), and a
walk outside any repository reads only the .gitignore files at or below its top.
"""

# ruff: noqa: PTH110, PTH113, PTH118, PTH120

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from artlint.safe_io import read_regular

NAME = ".gitignore"


@dataclass(frozen=True)
class Ignore:
    """One .gitignore: the folder its patterns are relative to, and the patterns."""

    folder: str  # absolute
    path: str
    spec: Any  # pathspec.GitIgnoreSpec
    #: The file's size and mtime when read: a remembered walk is keyed by it.
    stamp: tuple[int, int] = (0, 0)

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether `path` (absolute, below `folder`) is ignored by this file."""
        rel = path[len(self.folder) :].lstrip(os.sep)
        if os.sep != "/":
            rel = rel.replace(os.sep, "/")
        return bool(self.spec.match_file(rel + "/" if is_dir else rel))


def load(folder: str) -> Ignore | None:
    """The .gitignore of `folder` (absolute), or None when it has none or it cannot
    be read or is no regular file (it does not stop the lint)."""
    path = os.path.join(folder, NAME)
    try:  # a planted FIFO or device named .gitignore must not block the walk
        data, st = read_regular(path)
    except OSError:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    import pathspec  # late: see the module docstring

    return Ignore(
        folder, path, pathspec.GitIgnoreSpec.from_lines(lines), (st.st_size, st.st_mtime_ns)
    )


def above(top: str) -> list[Ignore]:
    """The .gitignore files of the folders above `top` (absolute) up to the root of
    its repository, outermost first; none when `top` is in no repository."""
    found: list[Ignore] = []
    folder = top
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return []  # no repository: git would not read them either
        folder = parent
        ignore = load(folder) if os.path.isfile(os.path.join(folder, NAME)) else None
        if ignore is not None:
            found.append(ignore)
    return found[::-1]


def ignored(ignores: list[Ignore], path: str, is_dir: bool) -> bool:
    return any(i.matches(path, is_dir) for i in ignores)
