"""What FM005 learns of a site: which front-matter fields its articles carry,
folder by folder, and each article's verdicts against that.

Kept apart from the rule because it is the rule's corpus state: it lives
between runs in the cache, and an update re-counts only the folders the
changed articles sit in.
"""

# os.path, not pathlib, for the folders: every update reads each changed path's
# folder again, where Path objects cost more than the work.
# ruff: noqa: PTH119, PTH120

from __future__ import annotations

import math
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from artlint.model import Location

#: Share of a folder's articles that must carry a field for it to be required.
SHARE = 0.9  # see `site_field`
#: Fewer articles with front matter than this: nothing to learn from.
MIN_ARTICLES = 5

#: Where FM005 says how to state the site's own required fields.
CONFIG_HINT = (
    "state the site's required fields in config: "
    "'rules: {required-field: {required: [title, ...]}}'"
)
CONFIGURED = "the config's required-field option lists it"


class Key(NamedTuple):
    """A top-level front-matter key: whether it holds a value, where it stands."""

    key: str
    filled: bool
    line: int
    column: int
    end_line: int
    end_column: int

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


class RequiredFact(NamedTuple):
    """FM005's fact: the opening fence's span, and each top-level key once."""

    fence: tuple[int, int, int, int]
    keys: tuple[Key, ...]


#: A front matter's top-level keys as FM005 learns from them: each key once, and
#: whether it holds a value.
Carried = tuple[tuple[str, bool], ...]
#: One FM005 finding without its place: the index of the key it is on (-1: the
#: opening fence), the key, the message.
Verdict = tuple[int, str, str]


class SiteFieldState:
    """FM005's view of a site, kept between runs: each article's keys (names and
    whether filled, no places) and its last verdicts.

    What an article is measured against (its folder group, the shares, the
    site's template, the keys left empty elsewhere) hangs on the whole site, so
    the counts of every folder are kept too (`learnt`, pages and section pages
    apart).  An update counts the changed articles out of their folders and the
    groups above and back in, and re-judges only the articles that can read
    differently: those whose nearest group big enough to learn from, or a
    smaller one below it, was counted again; those whose own folder was (the
    template); those with a key whose being left empty elsewhere flipped.  (A
    run that grows to the size it learns from, or shrinks below it, counted the
    group of the whole run, which every article's chain ends at.)  A change of the
    folder all paths share, or of the working folder the paths are read from,
    learns the site again from the kept keys.  It names the articles whose
    verdicts moved: only those are rendered again, and only their lines quoted.
    """

    def __init__(self, configured: tuple[str, ...] | None, allowed: frozenset[str]) -> None:
        self.configured = configured
        self.allowed = allowed
        self.carried: dict[str, Carried] = {}
        #: Only articles with findings.
        self.verdicts: dict[str, tuple[Verdict, ...]] = {}
        #: Pages' and section pages' fields, indexed by `_is_section_page`, or
        #: None: learn anew.
        self.learnt: tuple[_SiteFields, _SiteFields] | None = None
        self.cwd = ""

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        before: dict[str, Carried | None] = {}
        for path in removed:
            before.setdefault(path, self.carried.pop(path, None))
        for path, fact in added:
            before.setdefault(path, self.carried.get(path))
            if isinstance(fact, RequiredFact):
                self.carried[path] = tuple((sys.intern(k.key), k.filled) for k in fact.keys)
            else:
                self.carried.pop(path, None)
        moves = [(p, was, self.carried.get(p)) for p, was in before.items()]
        moves = [m for m in moves if m[1] != m[2]]
        if not moves:
            return set()
        redo = self._recount(moves) if self.learnt is not None else None
        if redo is None:
            return self._learn()
        old = self.verdicts
        moved = {p for p, _, now in moves if now is None and p in old}
        for path in moved:
            del old[path]
        for path in redo:
            said = self._judge(path)
            if said != old.get(path, ()):
                moved.add(path)
                if said:
                    old[path] = said
                else:
                    del old[path]
        return moved

    def _learn(self) -> set[str]:
        """Learn the site from every article's keys, and judge them all."""
        carried = self.carried
        self.cwd = str(Path.cwd())
        rows: tuple[list[tuple[str, Carried]], list[tuple[str, Carried]]] = ([], [])
        for path, keys in carried.items():
            rows[_is_section_page(path)].append((path, keys))
        self.learnt = (
            _SiteFields(rows[0], MIN_ARTICLES),
            _SiteFields(rows[1], MIN_ARTICLES, "section pages"),
        )
        old = self.verdicts
        self.verdicts = verdicts = {}
        for path in carried:
            said = self._judge(path)
            if said:
                verdicts[path] = said
        return {p for p in old.keys() | verdicts.keys() if old.get(p) != verdicts.get(p)}

    def _judge(self, path: str) -> tuple[Verdict, ...]:
        assert self.learnt is not None
        learnt = self.learnt[_is_section_page(path)]
        return tuple(_judge(path, self.carried[path], learnt, self.configured, self.allowed))

    def _recount(self, moves: list[tuple[str, Carried | None, Carried | None]]) -> set[str] | None:
        """Count `moves` (path, keys before, keys now) out and in; the articles
        to judge again, or None when the site must be learnt anew."""
        assert self.learnt is not None
        if self.cwd != str(Path.cwd()):
            return None
        redo: set[str] = set()
        for kind, learnt in enumerate(self.learnt):
            mine = [m for m in moves if _is_section_page(m[0]) == kind]
            if not mine:
                continue
            keys = {k for _, was, now in mine for k, _ in (*(was or ()), *(now or ()))}
            optional = {k: learnt.left_empty(k) > 1 for k in keys}
            counted: set[str] = set()
            for path, was, now in mine:
                if was is not None:
                    counted |= learnt.count(path, was, -1)
                if now is not None:
                    counted |= learnt.count(path, now, 1)
            if not learnt.same_top():
                return None
            flipped = {k for k, was in optional.items() if (learnt.left_empty(k) > 1) != was}
            # A changed article's own folder was counted: it is judged again too.
            reads = {d: learnt.reads(d, counted) for d in learnt.direct}
            for path, keys_now in self.carried.items():
                if _is_section_page(path) != kind:
                    continue
                if reads[learnt.folder_of(path)] or (
                    flipped and any(not full and k in flipped for k, full in keys_now)
                ):
                    redo.add(path)
        return redo


def _judge(
    path: str,
    keys: Carried,
    learnt: _SiteFields,
    configured: tuple[str, ...] | None,
    allowed: frozenset[str],
) -> Iterator[Verdict]:
    group = learnt.group(path) if configured is None else None
    shares: dict[str, float] = {}
    if configured is not None:
        required = list(configured)
    elif group is None:
        required = ["title"]
    else:
        shares = group.shares(SHARE)
        required = sorted(shares, key=lambda k: (-shares[k], k))
    present = {k for k, _ in keys}
    for key in required:
        if key in present:
            continue
        if group is not None and key in shares:
            share = math.floor(shares[key] * 100)
            message = (
                f"{key!r} is missing; {share}% of {group.name} have one; add it, or {CONFIG_HINT}"
            )
        elif configured is None:
            message = (
                f"required field {key!r} is missing; add it (too few articles "
                f"to learn the site's fields from: {CONFIG_HINT})"
            )
        else:
            message = (
                f"required field {key!r} is missing from the front matter; add it ({CONFIGURED})"
            )
        yield -1, key, message
    for at, (key, filled) in enumerate(keys):
        if filled or key in allowed:
            continue
        if key in required and key not in shares:
            why = (
                CONFIGURED
                if configured is not None
                else f"too few articles to learn the site's fields from: {CONFIG_HINT}"
            )
            message = f"required field {key!r} is empty; give it a value ({why})"
        elif learnt.left_empty(key) > 1:
            continue  # left empty in several articles: optional, not a slip
        elif key in shares and group is not None:
            message = (
                f"{key!r} is empty; {math.floor(shares[key] * 100)}% of "
                f"{group.name} fill it in; give it a value, or {CONFIG_HINT}"
            )
        elif learnt.template_key(path, key):
            continue  # the site's template lists it, and leaves it empty
        else:
            message = (
                f"{key!r} has no value; fill it in or remove the key (or list "
                "it under the required-field option 'allow-empty')"
            )
        yield at, key, message


@dataclass
class _Group:
    """The articles of one folder (and its subfolders) that a field's share is taken over."""

    name: str
    articles: int = 0
    filled: Counter[str] = field(default_factory=Counter)
    carried: Counter[str] = field(default_factory=Counter)

    #: `shares` as worked out, by `least`: every article of the group asks, and
    #: the group changes only when `tally` counts an article in or out.
    _shares: dict[float, dict[str, float]] = field(default_factory=dict, repr=False)

    def tally(self, keys: Carried, step: int) -> None:
        """Count an article with `keys` in (`step` 1) or out (-1)."""
        self.articles += step
        for key, full in keys:
            _bump(self.carried, key, step)
            if full:
                _bump(self.filled, key, step)
        self._shares.clear()

    def shares(self, least: float) -> dict[str, float]:
        known = self._shares.get(least)
        if known is None:
            # "Have one": a key the site's template leaves empty is not a field it uses.
            known = self._shares[least] = {
                k: n / self.articles
                for k, n in self.filled.items()
                if site_field(n, self.articles, least)
            }
        return known


def _bump(counts: Counter[str], key: str, step: int) -> None:
    """Add `step` to a count, dropping it at zero (as a count built afresh has none)."""
    n = counts[key] + step
    if n:
        counts[key] = n
    else:
        del counts[key]


def site_field(filled: int, articles: int, least: float = 0.9) -> bool:
    """Is a field filled in by `filled` of `articles` one the site requires?  Nine
    in ten at least, and at most one article in thirty without it (or a single
    one on a small site): on a big site an optional field is also filled in
    by most articles, just not by nearly all."""
    return filled >= least * articles and articles - filled <= max(1, articles // 30)


def _is_section_page(path: str) -> bool:
    """A generator's list page for a folder (Hugo's `_index.md`), not an article."""
    return os.path.basename(path).startswith("_index.")


def _parent(path: str) -> str:
    """The absolute folder of `path` (as pathlib reads it: ".." is kept)."""
    return str(Path(os.path.dirname(path) or ".").absolute())


#: Marks the group of section pages one folder below a folder (see `_folders`).
_SIBLINGS = "\0*"


class _SiteFields:
    """Which fields a site's articles carry, folder by folder.

    A site's sections can have shapes of their own (company profiles beside blog
    posts), so an article is measured against the nearest folder above it with
    enough articles to learn from; the whole run when no smaller one has.
    """

    def __init__(
        self, rows: Sequence[tuple[str, Carried]], least: int, what: str = "articles"
    ) -> None:
        self.least = least
        self.what = what
        #: Each folder name made absolute, worked out once: learning a site
        #: asks for every article's, and pathlib dominated that.
        self.absolute: dict[str, str] = {}
        self.groups: dict[str, _Group] = {}
        #: Each folder's own articles, without its subfolders'.
        self.direct: dict[str, _Group] = {}
        self.total = len(rows)
        # Absolute: a run may name its files one way and the corpus's another.
        self.top = os.path.commonpath({self._up(p) for p, _ in rows}) if rows else ""
        for path, keys in rows:
            own = self.direct.setdefault(self._up(path), _Group(""))
            own.articles += 1
            own.carried.update(k for k, _ in keys)
            own.filled.update(k for k, full in keys if full)
        # Each folder's articles counted into every group above them at once: the
        # groups an article counts in hang on its folder alone.
        for where, own in self.direct.items():
            for folder in self._above(where):
                group = self.groups.get(folder)
                if group is None:
                    group = self.groups[folder] = _Group(self._name(folder))
                group.articles += own.articles
                group.carried.update(own.carried)
                group.filled.update(own.filled)

    def _up(self, path: str) -> str:
        folder = os.path.dirname(path)
        up = self.absolute.get(folder)
        if up is None:
            up = self.absolute[folder] = _parent(path)
        return up

    folder_of = _up

    def count(self, path: str, keys: Carried, step: int) -> set[str]:
        """Count an article in (`step` 1) or out (-1); the folders whose counts
        moved, its own and every group it counts in."""
        where = self._up(path)
        own = self.direct.get(where)
        if own is None:
            own = self.direct[where] = _Group("")
        own.tally(keys, step)
        if not own.articles:
            del self.direct[where]
        moved = {where}
        for folder in self._above(where):
            group = self.groups.get(folder)
            if group is None:
                group = self.groups[folder] = _Group(self._name(folder))
            group.tally(keys, step)
            if not group.articles:
                del self.groups[folder]
            moved.add(folder)
        self.total += step
        return moved

    def same_top(self) -> bool:
        """Do the articles still share the folder they were learnt under?  (Every
        group's name and extent hangs on it.)"""
        return self.top == (os.path.commonpath(self.direct) if self.direct else "")

    def reads(self, folder: str, moved: set[str]) -> bool:
        """May an article in `folder` read differently now that the counts of
        `moved` changed?  Its own folder's count says whether the site's
        template holds there; its group is the nearest one above with enough
        articles, and the ones below it decide that they have too few."""
        if folder in moved:
            return True
        for above in self._above(folder):
            if above in moved:
                return True
            group = self.groups.get(above)
            if group is not None and group.articles >= self.least:
                return False
        return False

    def _folders(self, path: str) -> Iterator[str]:
        return self._above(self._up(path))

    def _above(self, folder: str) -> Iterator[str]:
        """The groups, nearest first, that an article in `folder` counts in."""
        if self.what != "articles" and len(folder) > len(self.top):
            # A section page is measured against the section pages beside its own
            # folder (every trade's landing page), not against those below it.
            folder = self._up(folder)
            yield folder + _SIBLINGS
        while True:
            yield folder
            if len(folder) <= len(self.top) or self._up(folder) == folder:
                return
            folder = self._up(folder)

    def _name(self, folder: str) -> str:
        if folder.endswith(_SIBLINGS):
            where = os.path.relpath(folder[: -len(_SIBLINGS)], self.top)
            return f"the {self.what} of the folders in {where}/"
        if len(folder) <= len(self.top):
            return f"this site's {self.what}"
        return f"the {self.what} in {os.path.relpath(folder, self.top)}/"

    def group(self, path: str) -> _Group | None:
        for folder in self._folders(path):
            group = self.groups[folder]
            if group.articles >= self.least:
                return group
        return None

    def left_empty(self, key: str) -> int:
        """How many of the site's articles carry `key` with no value."""
        site = self.groups.get(self.top)
        return 0 if site is None else site.carried[key] - site.filled[key]

    def template_key(self, path: str, key: str) -> bool:
        """Is an empty `key` the site's template rather than a placeholder left
        behind?  Unless the article's own folder has enough articles and most of
        them fill it in: pages of another kind (a section's landing page beside
        its subsections) may leave other keys empty.  A run too small to learn
        from has no template: every empty key is reported."""
        if self.total < self.least:
            return False
        own = self.direct.get(self._up(path))
        return own is None or own.articles < self.least or 2 * own.filled[key] <= own.carried[key]
