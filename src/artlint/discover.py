"""Expand command-line paths into the files to lint.

Directories are walked with the config's `include` and `exclude` globs; files
named explicitly (as pre-commit does) are linted whatever their extension, but
`exclude` still applies to them, so a hook never lints what the project excluded.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from artlint.config import Config
from artlint.model import FileError

_GLOB_CHARS = frozenset("*?[")


def _rel(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _match(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        pat = pat.rstrip("/")
        if pat.startswith("/"):
            pat = pat[1:]
        if fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, f"*/{pat}"):
            return True
        if pat.endswith("/**") and (rel + "/").startswith(pat[:-2]):
            return True
    return False


def in_globs(path: str, patterns: Iterable[str], root: Path) -> bool:
    """Whether `path` matches any of `patterns` (relative to `root`, `**` allowed)."""
    rel = _rel(path, root)
    for pat in patterns:
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.replace("**/", "")):
            return True
    return False


def _excluded(path: str, config: Config) -> bool:
    rel = _rel(path, config.root)
    parts = rel.split("/")
    # Any excluded ancestor folder excludes the file.
    return any(_match("/".join(parts[: i + 1]), config.exclude) for i in range(len(parts)))


def walk(directory: str, config: Config) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(
            d for d in dirnames if not _match(_rel(os.path.join(dirpath, d), config.root), config.exclude)
            and not _match(d, config.exclude)
        )
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if _match(name, config.include) and not _match(_rel(full, config.root), config.exclude):
                out.append(os.path.normpath(full))
    return out


def discover_paths(paths: Sequence[str], config: Config, _explicit_config: bool
                   ) -> tuple[list[str], list[FileError]]:
    files: list[str] = []
    errors: list[FileError] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normpath(p)
        if key not in seen:
            seen.add(key)
            files.append(key)

    for p in paths:
        if p == "-":
            continue
        if os.path.isdir(p):
            for f in walk(p, config):
                add(f)
        elif os.path.isfile(p):
            if not _excluded(p, config):
                add(p)
        elif _GLOB_CHARS & set(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                errors.append(FileError(p, "no files match this pattern"))
            for m in matches:
                if os.path.isfile(m) and not _excluded(m, config):
                    add(m)
        elif os.path.lexists(p):
            errors.append(FileError(p, "not a regular file or directory"))
        else:
            errors.append(FileError(p, "no such file or directory"))
    return files, errors
