"""Expand command-line paths into the files to lint.

Directories are walked with the config's `include` and `exclude` globs; files
named explicitly (as pre-commit does) are linted whatever their extension, but
`exclude` still applies to them, so a hook never lints what the project excluded.

Discovery runs on every file of every run, cached or not, so a warm run over a
large site is mostly this module: globs are compiled once per pattern list into a
single regex, and paths are handled as strings rather than `Path` objects.
"""

# ruff: noqa: PTH100, PTH109, PTH112, PTH113, PTH116, PTH118, PTH120, PTH207

from __future__ import annotations

import contextlib
import fnmatch
import glob
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from artlint import gitignore
from artlint.config import Config, find_for_dir
from artlint.model import FileError
from artlint.stamps import StatKey, stat_key, trusted

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
    rel = full[len(prefix) :]
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
        # `docs/**/*.md` must match `docs/x.md` too: `**/` may stand for no folder.
        for p in dict.fromkeys((pat, pat.replace("**/", ""))):
            alternatives.append(fnmatch.translate(os.path.normcase(p)))
            alternatives.append(fnmatch.translate(os.path.normcase(f"*/{p}")))
        if pat.endswith("/**"):
            prefixes.append(pat[:-2])
    regex = re.compile("|".join(f"(?:{a})" for a in alternatives)) if alternatives else None
    return regex, tuple(prefixes)


@lru_cache(maxsize=256)
def _globs_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = [
        fnmatch.translate(os.path.normcase(p))
        for pat in patterns
        for p in (pat, pat.replace("**/", ""))
    ]
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


#: What `walk` found under a folder: each folder it visited with its stamp, and
#: the files.  Keyed by the folder and the patterns (`listing_key`).
Listing = tuple[list[tuple[str, StatKey]], list[str]]


def _well_formed(top: str, listing: object) -> bool:
    """Whether a remembered walk of `top` is one `walk` could have made.

    A listing is read from the cache on disk, so it must prove itself: well
    formed, every folder inside a folder it lists (the first being `top`), and
    every file directly inside one of them.  The .gitignore files the walk read
    are listed like folders: an edit to one moves no folder's mtime.
    """
    if type(listing) is not tuple or len(listing) != 2:
        return False
    folders, files = listing
    if type(folders) is not list or type(files) is not list or not folders:
        return False
    seen: set[str] = set()
    for item in folders:
        if type(item) is not tuple or len(item) != 2 or type(item[0]) is not str:
            return False
        folder = item[0]
        if not (_inside(folder, seen) if seen else folder == top):
            return False
        seen.add(folder)
    return all(type(f) is str and _inside(f, seen) for f in files)


def _unchanged(stamp: StatKey | None, now: int, path: str) -> bool:
    """Whether `path` still has the (trusted) `stamp` it had when it was walked."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    key = trusted(stat_key(st), now)
    return key is not None and key == stamp


class _Remembered:
    """A well-formed listing by folder: what a walk may take of a folder whose
    stamp has not moved instead of listing it again.

    Adding, removing or renaming an entry moves its folder's mtime, so an
    unchanged folder holds the same files and subfolders as then, and they pass
    the same patterns.  What a .gitignore file says reaches every folder below
    it, so the listing is trusted only while none changed (`ignores_unchanged`).
    """

    def __init__(self, listing: Listing) -> None:
        folders, files = listing
        self.stamps: dict[str, StatKey | None] = {}
        self.files: dict[str, list[str]] = {}
        #: (path, name) of each subfolder walked into, by folder.
        self.subfolders: dict[str, list[tuple[str, str]]] = {}
        self.ignore_files: dict[str, StatKey | None] = {}
        for path, stamp in folders:
            parent, _, name = path.rpartition(os.sep)
            if self.stamps and name == gitignore.NAME:
                self.ignore_files[path] = stamp
                continue
            if self.stamps:
                self.subfolders.setdefault(parent or ".", []).append((path, name))
            self.stamps[path] = stamp
        for f in files:
            self.files.setdefault(f.rpartition(os.sep)[0] or ".", []).append(f)

    def ignores_unchanged(self, now: int) -> bool:
        return all(_unchanged(s, now, p) for p, s in self.ignore_files.items())


def _inside(path: str, folders: set[str]) -> bool:
    """Whether `path` names an entry directly inside one of `folders`, as `walk`
    spells it (a folder's own path, a separator, the entry's name)."""
    parent, _, name = path.rpartition(os.sep)
    if name in ("", ".", "..") or (os.altsep is not None and os.altsep in name):
        return False
    return (parent or ".") in folders


def _walk_key(
    top: str,
    config: Config,
    only: Iterable[str],
    respect_gitignore: bool,
    outer: list[gitignore.Ignore],
) -> tuple[str, ...]:
    """What a remembered walk of `top` depends on besides its folders' stamps.

    The .gitignore files above the walk lie outside what a listing can vouch for,
    so their stamps are part of the key.
    """
    return (
        top,
        str(config.root),
        *config.include,
        "\0",
        *config.exclude,
        "\0",
        *only,
        "\0",
        str(respect_gitignore),
        *(f"{i.path}:{i.stamp}" for i in outer),
    )


def _with_own_ignore(
    folder: str,
    prefix: str,
    entries: list[os.DirEntry[str]],
    ignores: list[gitignore.Ignore],
    folders: list[tuple[str, StatKey]],
) -> list[gitignore.Ignore]:
    """`ignores` and the folder's own .gitignore, if it has one; its stamp joins
    `folders`, as an edit to it moves no folder's mtime."""
    if not any(e.name == gitignore.NAME for e in entries):
        return ignores
    own = gitignore.load(os.path.abspath(folder))
    if own is None:
        return ignores
    with contextlib.suppress(OSError):
        folders.append((prefix + gitignore.NAME, stat_key(os.stat(own.path))))
    return [*ignores, own]


def walk(
    directory: str,
    config: Config,
    only: Iterable[str] = (),
    listings: dict[tuple[str, ...], Listing] | None = None,
    errors: list[FileError] | None = None,
    respect_gitignore: bool = True,
) -> list[str]:
    """Files under `directory` in sorted order, a folder's own files before its
    subfolders', without descending into symbolic links to folders.

    Each folder's path relative to the project root is worked out once and
    extended by name, rather than recomputed for every file.  With `only`, just
    the files whose path relative to the project root matches one of those globs
    (`**` allowed).  With `respect_gitignore`, what .gitignore files ignore is
    left out (`artlint.gitignore`).

    With `listings` (kept by the cache), a walk is remembered with the stamp of
    every folder it visited: adding, removing or renaming an entry changes its
    folder's mtime, so when no stamp changed the remembered files are the answer,
    for a stat per folder instead of a match per file (git's untracked cache does
    the same), and when some changed only those are listed again.  A folder that
    cannot be read is added to `errors`.
    """
    top = os.path.normpath(directory)
    outer = gitignore.above(os.path.abspath(top)) if respect_gitignore else []
    key = _walk_key(top, config, only, respect_gitignore, outer)
    remembered = None
    if listings is not None:
        listing = listings.get(key)
        if listing is not None and _well_formed(top, listing):
            remembered = _Remembered(listing)
            now = time.time_ns()
            if not remembered.ignores_unchanged(now):
                remembered = None
            elif all(_unchanged(s, now, f) for f, s in remembered.stamps.items()):
                return list(listing[1])
    walker = _Walker(config, only, respect_gitignore, remembered, errors)
    # Depth first with a stack of its own, not by recursion: a tree 1,000
    # folders deep must not end the run in RecursionError.
    stack = [(top, _rel(top, config.root), outer)]
    while stack:
        stack.extend(reversed(walker.visit(*stack.pop())))
    if listings is not None and not walker.failed:  # remembered, a failure would go unreported
        listings[key] = (walker.folders, list(walker.out))
    return walker.out


_Ignores = list[gitignore.Ignore]
#: A folder still to visit: its path, its path relative to the project root,
#: and the .gitignore files that apply to it.
_Visit = tuple[str, str, _Ignores]


class _Walker:
    """One `walk`: the folders it visited (with their stamps) and the files it
    took, in order."""

    def __init__(
        self,
        config: Config,
        only: Iterable[str],
        respect_gitignore: bool,
        remembered: _Remembered | None,
        errors: list[FileError] | None,
    ) -> None:
        self.excluded, self.included = _matcher(config.exclude), _matcher(config.include)
        self.only = _globs_regex(_as_tuple(only)) if only else None
        self.respect_gitignore = respect_gitignore
        self.remembered = remembered
        self.errors = errors
        self.folders: list[tuple[str, StatKey]] = []
        self.out: list[str] = []
        self.failed = False

    def visit(self, folder: str, rel: str, ignores: _Ignores) -> list[_Visit]:
        """Take `folder`'s files; return its subfolders to visit."""
        try:
            stamp = stat_key(os.stat(folder))
            known = self.remembered
            if known is not None:
                then, now = known.stamps.get(folder), trusted(stamp)
                if now is not None and then == now:
                    return self._reuse(known, folder, rel, stamp, ignores)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.failed = True
            if self.errors is not None:
                self.errors.append(FileError(folder, f"cannot read folder: {exc.strerror or exc}"))
            return []
        self.folders.append((folder, stamp))
        prefix = "" if folder == "." else folder + os.sep
        if self.respect_gitignore:
            had = len(ignores)
            ignores = _with_own_ignore(folder, prefix, entries, ignores, self.folders)
            if self.remembered is not None and (len(ignores) > had) != (
                prefix + gitignore.NAME in self.remembered.ignore_files
            ):
                # A .gitignore came or went here: what was remembered below is stale.
                self.remembered = None
        base = os.path.abspath(folder) if ignores else ""
        excluded, normcase = self.excluded, os.path.normcase
        subfolders = []
        for e in entries:
            child = e.name if rel == "." else f"{rel}/{e.name}"
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if ignores and gitignore.ignored(ignores, os.path.join(base, e.name), is_dir):
                continue
            if is_dir:
                if not e.is_symlink() and not excluded(child) and not excluded(e.name):
                    subfolders.append((prefix + e.name, child, ignores))
            elif (
                self.included(e.name)
                and not excluded(child)
                and (self.only is None or self.only.match(normcase(child)))
            ):
                self.out.append(prefix + e.name)
        return subfolders

    def _reuse(
        self, known: _Remembered, folder: str, rel: str, stamp: StatKey, ignores: _Ignores
    ) -> list[_Visit]:
        """An unchanged folder as the remembered walk found it: its files, its
        subfolders, and its own .gitignore (read again: a folder below it that
        changed needs it)."""
        self.folders.append((folder, stamp))
        own = ("" if folder == "." else folder + os.sep) + gitignore.NAME
        if own in known.ignore_files:
            ignore = gitignore.load(os.path.abspath(folder))
            if ignore is not None:
                ignores = [*ignores, ignore]
                with contextlib.suppress(OSError):
                    self.folders.append((own, stat_key(os.stat(ignore.path))))
        self.out.extend(known.files.get(folder, ()))
        return [
            (sub, name if rel == "." else f"{rel}/{name}", ignores)
            for sub, name in known.subfolders.get(folder, ())
        ]


def _force_excluded(path: str, config: Config, explicit_config: bool) -> bool:
    """`--force-exclude`: a file named on the command line is linted only when its
    config's `include` takes it and its `exclude` does not, as in a folder walk."""
    if not explicit_config:
        config = find_for_dir(Path(os.path.dirname(os.path.abspath(path))))
    rel = _rel(path, config.root)
    return _excluded(path, config) or not _matcher(config.include)(rel)


def discover_paths(
    paths: Sequence[str],
    config: Config,
    explicit_config: bool,
    listings: dict[tuple[str, ...], Listing] | None = None,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> tuple[list[str], list[FileError]]:
    """The files `paths` name.  Files named one by one are linted whatever their
    extension unless the project's `exclude` takes them; with `force_exclude` (the
    pre-commit hook) they go through `include` and `exclude` like a folder's."""
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
            for f in walk(
                p, config, listings=listings, errors=errors, respect_gitignore=respect_gitignore
            ):
                add(f)
        elif os.path.isfile(p):
            if not _excluded(p, config) and not (
                force_exclude and _force_excluded(p, config, explicit_config)
            ):
                add(p)
        elif _GLOB_CHARS & set(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                errors.append(FileError(p, "no files match this pattern"))
            for m in matches:
                if (
                    os.path.isfile(m)
                    and not _excluded(m, config)
                    and not (force_exclude and _force_excluded(m, config, explicit_config))
                ):
                    add(m)
        elif os.path.lexists(p):
            errors.append(FileError(p, "not a regular file or directory"))
        else:
            errors.append(FileError(p, "no such file or directory"))
    return files, errors


def absolute(paths: Iterable[str]) -> list[str]:
    """`os.path.abspath` of many paths with one `getcwd` (it costs a syscall per call).

    A relative path with no `.`, `..` or doubled separator in it (what discovery
    yields) is simply appended to the working folder: normalising it again cost
    more than the rest of a warm run's bookkeeping for the file.
    """
    cwd = os.getcwd()
    here = os.path.join(cwd, "")
    # No second separator (POSIX has none): "/" would then be "in" every path
    # with a folder in it, and every path would be normalised.
    sep, alt = os.sep, os.altsep or "\0"
    dot, double, leading = sep + ".", sep + sep, (sep, alt, ".")
    join, norm, isabs = os.path.join, os.path.normpath, os.path.isabs
    return [
        here + p
        if p
        and p[:1] not in leading
        and p[-1:] not in leading
        and dot not in p
        and double not in p
        and alt not in p
        and ":" not in p
        else norm(p)
        if isabs(p)
        else norm(join(cwd, p))
        for p in paths
    ]
