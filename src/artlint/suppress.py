"""Inline suppressions: HTML comments in the text and an `artlint:` front-matter key.

    <!-- artlint-disable HD001 TI -->      ... until artlint-enable or the end
    <!-- artlint-enable HD001 -->
    <!-- artlint-disable-next-line PC001 -->
    <!-- artlint-disable-file ST -->
    artlint: {disable: [FM003]}            (front matter; a plain list works too)

Selectors are codes, prefixes or rule names; none means every rule.  The result
is plain data (it is cached and shipped between processes with the findings).
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from artlint.article import Article
    from artlint.registry import Registry

#: Any `<!-- artlint-WORD ... -->`: a word that is not one of `VERBS` is a
#: misspelt directive, reported and never obeyed (`artlint-disable-line` must
#: not read as `artlint-disable` of a rule called "-line").
_DIRECTIVE = re.compile(r"<!--\s*artlint-(?P<verb>[A-Za-z][\w-]*)(?P<args>[^>]*?)\s*-->")
VERBS = ("disable-next-line", "disable-file", "disable", "enable")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment (or the front-matter key): what it says and where it is."""

    verb: str
    selectors: tuple[str, ...]
    start: int
    end: int
    line: int


@dataclass(slots=True)
class Suppressions:
    """Which codes are off on which lines.  `None` as a code set means all rules."""

    file_codes: set[str] | None = field(default_factory=set)
    #: (codes or None, first line, last line) inclusive.
    ranges: list[tuple[frozenset[str] | None, int, int]] = field(default_factory=list)
    #: Built by `index`: for each code (None: every rule), the lines the ranges
    #: cover as sorted, disjoint (first, last) lists, so that a lookup is two
    #: bisections however many comments there are (scanning every range for every
    #: finding grows with comments times findings, which a generated file makes huge).
    by_code: dict[str | None, tuple[list[int], list[int]]] = field(default_factory=dict)
    #: len(ranges) when `by_code` was built (-1: never), to tell a stale index.
    indexed: int = -1

    def index(self) -> None:
        spans: dict[str | None, list[tuple[int, int]]] = {}
        for codes, lo, hi in self.ranges:
            for code in (None,) if codes is None else codes:
                spans.setdefault(code, []).append((lo, hi))
        self.by_code = {}
        for code, found in spans.items():
            found.sort()
            firsts, lasts = [found[0][0]], [found[0][1]]
            for lo, hi in found[1:]:
                if lo <= lasts[-1] + 1:
                    lasts[-1] = max(lasts[-1], hi)
                else:
                    firsts.append(lo)
                    lasts.append(hi)
            self.by_code[code] = (firsts, lasts)
        self.indexed = len(self.ranges)

    def empty(self) -> bool:
        """Whether nothing is suppressed (most files: no directive at all)."""
        return self.file_codes is not None and not self.file_codes and not self.ranges

    def suppressed(self, code: str, line: int) -> bool:
        if self.file_codes is None or code in self.file_codes:
            return True
        if not self.ranges:  # most files: asked once per cross-file finding on a site
            return False
        if self.indexed != len(self.ranges):
            return any(
                lo <= line <= hi and (codes is None or code in codes)
                for codes, lo, hi in self.ranges
            )
        for key in (code, None):
            spans = self.by_code.get(key)
            if spans is not None:
                i = bisect_right(spans[0], line) - 1
                if i >= 0 and spans[1][i] >= line:
                    return True
        return False


def directives(article: Article) -> list[Directive]:
    """Every `<!-- artlint-... -->` comment of the article, in order."""
    if "artlint-" not in article.text:
        return []
    out = []
    for m in _DIRECTIVE.finditer(article.text):
        args = tuple(a for a in re.split(r"[\s,]+", m["args"]) if a)
        line = article.index.position(m.start())[0]
        out.append(Directive(m["verb"], args, m.start(), m.end(), line))
    return out


def _front_matter_selectors(article: Article) -> tuple[str, ...]:
    """Selectors of the `artlint:` front-matter key: a list, or a mapping with `disable`."""
    fm = article.front_matter
    value = fm.data.get("artlint") if fm is not None else None
    if isinstance(value, dict):
        value = value.get("disable", [])
    if isinstance(value, str):
        value = [value]
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def misspelt(directive: Directive) -> str | None:
    """For a directive whose verb is not one of `VERBS`: the one it was likely
    meant to be ("" when none is close); None for a well-formed directive."""
    if directive.verb in VERBS or directive.verb == "front-matter":
        return None
    parts = set(directive.verb.lower().split("-"))
    for verb in VERBS:  # "disable-line" is "disable-next-line" with a word left out
        if parts < set(verb.split("-")):
            return verb
    close = difflib.get_close_matches(directive.verb.lower(), VERBS, n=1, cutoff=0.6)
    return close[0] if close else ""


def _enable(
    sup: Suppressions,
    open_ranges: dict[frozenset[str] | None, int],
    codes: frozenset[str] | None,
    line: int,
    every: frozenset[str],
) -> None:
    """`enable` closes every open range it covers and keeps the rest of a partial one open:
    `disable` then `enable HD001` leaves every other rule disabled from the next line."""
    for key in list(open_ranges):
        if codes is None or (key is not None and key <= codes):
            sup.ranges.append((key, open_ranges.pop(key), line))
        elif key is None or key & codes:
            sup.ranges.append((key, open_ranges.pop(key), line))
            rest = (every if key is None else key) - codes
            if rest:
                open_ranges.setdefault(rest, line + 1)


def build(article: Article, registry: Registry) -> tuple[Suppressions, list[tuple[Directive, str]]]:
    """Suppressions for one article, plus what to report: directives naming unknown
    rules (with the name), and misspelt directives (with "", see `misspelt`)."""
    sup = Suppressions()
    unknown: list[tuple[Directive, str]] = []
    last_line = article.text.count("\n") + 1

    def codes(d: Directive) -> frozenset[str] | None:
        if not d.selectors:
            return None
        out: set[str] = set()
        for sel in d.selectors:
            try:
                out |= registry.resolve(sel)
            except Exception:
                unknown.append((d, sel))
        return frozenset(out)

    every = frozenset(registry.rules)
    open_ranges: dict[frozenset[str] | None, int] = {}
    for d in directives(article):
        if misspelt(d) is not None:
            unknown.append((d, ""))
            continue
        c = codes(d)
        if d.verb == "disable-next-line":
            sup.ranges.append((c, d.line + 1, d.line + 1))
        elif d.verb == "disable-file":
            if c is None:
                sup.file_codes = None
            elif sup.file_codes is not None:
                sup.file_codes |= c
        elif d.verb == "disable":
            open_ranges.setdefault(c, d.line)
        else:
            _enable(sup, open_ranges, c, d.line, every)
    for key, start in open_ranges.items():
        sup.ranges.append((key, start, last_line))
    fm_sel = _front_matter_selectors(article)
    if fm_sel and sup.file_codes is not None:
        fm_entry = article.front_matter.entry("artlint") if article.front_matter else None
        start, end = (fm_entry.key_start, fm_entry.value_end) if fm_entry else (0, 0)
        line = article.index.position(start)[0]
        resolved = codes(Directive("front-matter", fm_sel, start, end, line))
        sup.file_codes = None if resolved is None else sup.file_codes | resolved
    sup.index()
    return sup, unknown
