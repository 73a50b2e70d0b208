"""Groups of colliding titles and slugs, rebuilt from the cross-file findings.

TI002 and TI003 report each article of a collision once, with the others as
related locations; an editor wants the collision itself: which pages, what
titles, how alike.  Joining every finding's file with its related files gives
the groups without going back to the corpus facts, so the report works the same
on findings read back from a cache or a baseline run.  Exact and near duplicates
join into one group: "A = B, B ~ C" is one set of pages competing for one search.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from artlint.model import Finding, Location

TITLE_CODES = ("TI002", "TI003")
SLUG_CODE = "TI004"
_SIMILAR = re.compile(r"\((\d+)% similar: ([^()]*)\)$")


@dataclass
class Member:
    """One page of a group: its title (or slug), where it is, and its closest match."""

    location: Location
    text: str
    #: (similarity 0..1, the closest other page's path, why they match).
    closest: tuple[float, str, str] = (0.0, "", "")


@dataclass
class Cluster:
    kind: str  # "title" or "slug"
    members: list[Member] = field(default_factory=list)


def _quoted(message: str) -> str:
    """The title a related location quotes (`'Title'` or `'Title' (note)`)."""
    head = message
    while True:
        try:
            value = ast.literal_eval(head)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        if isinstance(value, str):
            return value
        cut = head.rfind(" (")
        if cut < 0:
            return message
        head = head[:cut]


def _similarity(code: str, message: str) -> tuple[float, str]:
    if code != "TI003":
        return 1.0, "same title" if code == "TI002" else "same slug"
    m = _SIMILAR.search(message)
    return (int(m.group(1)) / 100, m.group(2)) if m else (0.0, "similar")


class _Groups:
    """Union-find over paths."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class ClusterIndex:
    """The groups of one kind, built a finding at a time: a page per path, not a
    finding each, so a report can keep it while it reads a site's findings once."""

    def __init__(self, codes: Sequence[str], kind: str) -> None:
        self.codes, self.kind = codes, kind
        self.groups = _Groups()
        self.members: dict[str, Member] = {}

    def add(self, f: Finding) -> None:
        if f.code not in self.codes:
            return
        groups, members = self.groups, self.members
        here = f.location.path
        own = members.get(here)
        if own is None:
            own = members[here] = Member(f.location, f.text)
        elif f.text:
            own.text = f.text  # the page's own finding quotes its title best
        groups.find(here)
        for r in f.related:
            there = r.location.path
            groups.join(here, there)
            other = members.get(there)
            if other is None:
                text = _quoted(r.message) if self.kind == "title" else f.text
                members[there] = other = Member(r.location, text)
            sim, why = _similarity(f.code, r.message)
            if sim > own.closest[0] or (sim == own.closest[0] and not own.closest[1]):
                own.closest = (sim, there, why)
            if sim > other.closest[0]:
                other.closest = (sim, here, why)

    def clusters(self) -> list[Cluster]:
        """The groups of more than one page, largest first."""
        by_root: dict[str, Cluster] = {}
        for path in sorted(self.members):
            root = self.groups.find(path)
            by_root.setdefault(root, Cluster(self.kind)).members.append(self.members[path])
        out = [c for c in by_root.values() if len(c.members) > 1]
        out.sort(key=lambda c: (-len(c.members), c.members[0].location.path))
        return out


def _build(findings: Iterable[Finding], codes: Sequence[str], kind: str) -> list[Cluster]:
    index = ClusterIndex(codes, kind)
    for f in findings:
        index.add(f)
    return index.clusters()


def title_clusters(findings: Iterable[Finding]) -> list[Cluster]:
    """Pages whose titles are the same or nearly so, largest group first."""
    return _build(findings, TITLE_CODES, "title")


def slug_clusters(findings: Iterable[Finding]) -> list[Cluster]:
    """Pages that share a slug (one URL), largest group first."""
    return _build(findings, (SLUG_CODE,), "slug")
