"""Expand command-line paths into the files to lint.

Directories are walked with the config's `include` and `exclude` globs; files
named explicitly (as pre-commit does) are linted whatever their extension, but
`exclude` still applies to them, so a hook never lints what the project excluded.

Discovery runs on every file of every run, cached or not, so a warm run over a
large site is mostly this module: globs are compiled once per pattern list into a
single regex, and paths are handled as strings rather than `Path` objects.
"""

# ruff: noqa: PTH100, PTH112, PTH113, PTH116, PTH207

from __future__ import annotations

import fnmatch
import glob
import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from artlint.config import Config
from artlint.model import FileError

_GLOB_CHARS = frozenset("*?[")


@lru_cache(maxsize=64)
def _resolved_root(root: Path) -> str:
    return str(root.resolve()).rstrip(os.sep) or os.sep


def _rel(path: str, root: Path) -> str:
    """`path` relative to `root` in POSIX form, or `path` itself when outside it."""
    base = _resolved_root(root)
    full = os.path.abspath(path)
    if full == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not full.startswith(prefix):
        return Path(path).as_posix()
    rel = full[len(prefix):]
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def _as_tuple(patterns: Iterable[str]) -> tuple[str, ...]:
    return patterns if isinstance(patterns, tuple) else tuple(patterns)


@lru_cache(maxsize=256)
def _match_regex(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """`_matcher`'s globs as one regex, plus the prefixes of its `dir/**` patterns.

    Matching the name against `*/pattern` can never succeed (a name holds no
    slash), so one regex of `pattern` and `*/pattern` serves both the name and the
    relative path, exactly as three fnmatch calls per pattern did.
    """
    alternatives: list[str] = []
    prefixes: list[str] = []
    for pat in patterns:
        pat = pat.rstrip("/")
        if pat.startswith("/"):
            pat = pat[1:]
        alternatives.append(fnmatch.translate(os.path.normcase(pat)))
        alternatives.append(fnmatch.translate(os.path.normcase(f"*/{pat}")))
        if pat.endswith("/**"):
            prefixes.append(pat[:-2])
    regex = re.compile("|".join(f"(?:{a})" for a in alternatives)) if alternatives else None
    return regex, tuple(prefixes)


@lru_cache(maxsize=256)
def _globs_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = [fnmatch.translate(os.path.normcase(p)) for pat in patterns
                    for p in (pat, pat.replace("**/", ""))]
    return re.compile("|".join(f"(?:{a})" for a in alternatives)) if alternatives else None


def _excluded(path: str, config: Config) -> bool:
    rel = _rel(path, config.root)
    parts = rel.split("/")
    excluded = _matcher(config.exclude)
    # Any excluded ancestor folder excludes the file.
    return any(excluded("/".join(parts[: i + 1])) for i in range(len(parts)))


def _matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether a relative path (or its last name) matches one of `patterns`; the
    regex is looked up once, not per path."""
    regex, prefixes = _match_regex(_as_tuple(patterns))
    match = regex.match if regex is not None else None
    normcase = os.path.normcase

    def matches(rel: str) -> bool:
        if match is not None:
            name = rel.rsplit("/", 1)[-1]
            if match(normcase(name)) or match(normcase(rel)):
                return True
        if prefixes:
            probe = rel + "/"
            return any(probe.startswith(p) for p in prefixes)
        return False

    return matches


#: What `walk` found under a folder: each folder it visited with its mtime, and
#: the files.  Keyed by the folder and the patterns (`listing_key`).
Listing = tuple[list[tuple[str, int]], list[str]]

#: A file or folder changed this recently may change again within its timestamp
#: tick without its mtime moving ("racy git"): the cache does not trust such a
#: file's stat, nor a walk a listing that includes such a folder.
RACY_WINDOW_NS = 1_000_000_000


def _still_valid(listing: Listing) -> bool:
    import time

    now = time.time_ns()
    for folder, mtime in listing[0]:
        try:
            st = os.stat(folder)
        except OSError:
            return False
        if st.st_mtime_ns != mtime or now - mtime < RACY_WINDOW_NS:
            return False
    return True


def walk(directory: str, config: Config, only: Iterable[str] = (),
         listings: dict[tuple[str, ...], Listing] | None = None,
         errors: list[FileError] | None = None) -> list[str]:
    """Files under `directory` in sorted order, a folder's own files before its
    subfolders', without descending into symbolic links to folders.

    Each folder's path relative to the project root is worked out once and
    extended by name, rather than recomputed for every file.  With `only`, just
    the files whose path relative to the project root matches one of those globs
    (`**` allowed).

    With `listings` (kept by the cache), a walk is remembered with the mtime of
    every folder it visited: adding, removing or renaming an entry changes its
    folder's mtime, so when none changed the remembered files are the answer, for
    a stat per folder instead of a match per file (git's untracked cache does the
    same).  A folder that cannot be read is added to `errors`.
    """
    key = (os.path.normpath(directory), str(config.root), *config.include, "\0",
           *config.exclude, "\0", *only)
    if listings is not None:
        listing = listings.get(key)
        if listing is not None and _still_valid(listing):
            return list(listing[1])
    folders: list[tuple[str, int]] = []
    out: list[str] = []
    excluded, included = _matcher(config.exclude), _matcher(config.include)
    only_regex = _globs_regex(_as_tuple(only)) if only else None
    normcase = os.path.normcase

    failed = False

    def visit(folder: str, rel: str) -> list[tuple[str, str]]:
        nonlocal failed
        try:
            mtime = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            failed = True
            if errors is not None:
                errors.append(FileError(folder, f"cannot read folder: {exc.strerror or exc}"))
            return []
        folders.append((folder, mtime))
        subfolders = []
        prefix = "" if folder == "." else folder + os.sep
        for e in entries:
            child = e.name if rel == "." else f"{rel}/{e.name}"
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not e.is_symlink() and not excluded(child) and not excluded(e.name):
                    subfolders.append((prefix + e.name, child))
            elif included(e.name) and not excluded(child) and (
                    only_regex is None or only_regex.match(normcase(child))):
                out.append(prefix + e.name)
        return subfolders

    # Depth first with a stack of its own, not by recursion: a tree 1,000
    # folders deep must not end the run in RecursionError.
    top = os.path.normpath(directory)
    stack = [(top, _rel(top, config.root))]
    while stack:
        stack.extend(reversed(visit(*stack.pop())))
    if listings is not None and not failed:  # remembered, a failure would go unreported
        listings[key] = (folders, list(out))
    return out


def discover_paths(paths: Sequence[str], config: Config, _explicit_config: bool,
                   listings: dict[tuple[str, ...], Listing] | None = None,
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
            for f in walk(p, config, listings=listings, errors=errors):
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
