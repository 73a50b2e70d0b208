"""HD: headings — capitalisation, odd case inside words, numbering, levels, repeats."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from artlint.article import Article, Heading, HeadingKind, ItemList, ListItem
from artlint.language import casing
from artlint.language.words import normalise
from artlint.model import Finding, Related, Severity
from artlint.rule import Options, Rule

#: Section headings and item labels are judged apart: a site may write its
#: headings in Title Case and its list labels as sentence-case phrases.
SECTION_CASED = frozenset({HeadingKind.ATX, HeadingKind.SETEXT, HeadingKind.IMPLICIT,
                           HeadingKind.LABEL})
LABEL_CASED = frozenset({HeadingKind.NUMBERED, HeadingKind.BOLD, HeadingKind.ITEM})
_TIER_NOUN = {"section": "headings", "label": "list labels"}


def article_usage(article: Article) -> casing.Usage:
    """How the article writes words outside its headings (see `casing.usage`)."""
    spans = [(h.start, h.end) for h in article.headings]
    return casing.usage(article.text, spans, article.body_start)


def title_heading(article: Article) -> Heading | None:
    """The title as a heading whose `raw` is exactly its source text, if it is."""
    return _as_written(article, article.title)


def _as_written(article: Article, title: Heading | None) -> Heading | None:
    if title is None or article.text[title.start:title.end] != title.raw:
        return None
    return title


def _own_style(judged: list[casing.Part], lex: casing.Lexicon) -> str:
    """The style a mixed heading leans to: more capitalised words than lower-case ones
    means Title Case (ties too: the capitals were typed on purpose)."""
    caps = sum(1 for p in judged if p.position == casing.PLAIN and not p.fixed
               and p.capitalised and p.common)
    lows = sum(1 for p in judged if p.position == casing.PLAIN and not p.fixed
               and not p.capitalised and p.text.lower() not in lex.minor)
    return casing.SENTENCE if lows > caps else casing.TITLE


class HeadingCase(Rule):
    code = "HD001"
    name = "heading-case"
    summary = "Heading capitalisation differs from the article's (or the configured) style"
    options: ClassVar[Options] = {
        "style": casing.CONSISTENT,
        "style-choices": list(casing.STYLES),
        "min-headings": 3,
        "lexicon": "",
    }
    path_options: ClassVar[frozenset[str]] = frozenset({"lexicon"})

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = casing.lexicon(options["lexicon"])
        use: casing.Usage | None = None  # only once some heading is judged
        #: `Article.title` builds a new Heading for a front-matter title: read it once.
        own_title = article.title
        title = _as_written(article, own_title)
        tiers: dict[str, list[tuple[Heading, list[casing.Part], str]]] = {
            "section": [], "label": []}
        #: Headings of one level: a level whose headings all agree keeps its own
        #: convention (sentence-case H2s from a template, Title Case H4s), and so
        #: does a lone subheading below every heading of the majority's style.
        #: Lists get no such licence: two lists of one article should match.
        group_of: dict[int, tuple[str, int]] = {}
        parent = -1
        for h in article.headings:
            if h.is_section:
                parent = h.start
            if h.bare or h is own_title:
                continue
            tier = "section" if h.kind in SECTION_CASED else \
                "label" if h.kind in LABEL_CASED else None
            if tier is None:
                continue
            if use is None:
                use = article_usage(article)
            judged = casing.judge(h.raw, lex, use)
            if judged:
                tiers[tier].append((h, judged, casing.classify(judged, lex)))
                group_of[h.start] = (tier, h.level if tier == "section" else parent)
        groups: dict[tuple[str, int], set[str]] = {}
        sizes: dict[tuple[str, int], int] = {}
        for items in tiers.values():
            for h, _, cls in items:
                if cls in (casing.TITLE, casing.SENTENCE):
                    key = group_of[h.start]
                    groups.setdefault(key, set()).add(cls)
                    sizes[key] = sizes.get(key, 0) + 1
        if title is not None:
            # The title is judged only for mixing styles inside itself: its style may
            # differ from the headings', and a title may be a name ("toggl").
            if use is None:
                use = article_usage(article)
            judged = casing.judge(title.raw, lex, use)
            if judged and casing.classify(judged, lex) == casing.MIXED:
                yield from self._judge(article, title, judged, casing.MIXED, None, "", lex,
                                       leading=False)
        configured = options["style"]
        for tier, items in tiers.items():
            style: str | None = None
            evidence = ""
            if configured != casing.CONSISTENT:
                style = configured
                evidence = ", the configured style"
            else:
                n_title = sum(1 for *_, c in items if c == casing.TITLE)
                n_sentence = sum(1 for *_, c in items if c == casing.SENTENCE)
                n_mixed = sum(1 for *_, c in items if c == casing.MIXED)
                decided = n_title + n_sentence
                n = max(n_title, n_sentence)
                if decided >= options["min-headings"] and n_title != n_sentence:
                    style = casing.TITLE if n_title > n_sentence else casing.SENTENCE
                    evidence = (f" ({n} of {decided + n_mixed} {_TIER_NOUN[tier]} use "
                                f"{casing.style_name(style)})")
            majority_top = min((h.level for h, _, c in items if c == style), default=0)
            for h, judged, cls in items:
                key = group_of[h.start]
                own = style
                if (configured == casing.CONSISTENT and tier == "section" and cls != style
                        and groups.get(key) == {cls}
                        and (sizes[key] >= 2 or h.level > majority_top)):
                    own = None  # its level agrees with itself, or it is a lone subheading
                yield from self._judge(article, h, judged, cls, own, evidence, lex)

    def _judge(self, article: Article, h: Heading, judged: list[casing.Part], cls: str,
               style: str | None, evidence: str, lex: casing.Lexicon,
               leading: bool = True) -> Iterator[Finding]:
        """At most one finding per heading: at its first word that breaks the style."""
        if style is None and cls == casing.MIXED:
            style = _own_style(judged, lex)
            evidence = ", which the rest of this heading uses"
        bad = casing.offenders(judged, style, lex) if style else []
        first = judged[0]
        leads_lower = (leading and first.position == casing.LEAD and not first.fixed
                       and not first.capitalised)
        if leads_lower:
            bad.insert(0, first)
        if not bad:
            return
        word = bad[0]
        own = cls if cls in (casing.TITLE, casing.SENTENCE) else casing.SENTENCE
        suggestion = casing.suggest(h.raw, judged, style or own, lex)
        start = h.start + word.offset
        if word is first and leads_lower:
            message = f"heading starts with lower-case {word.text!r}; write {suggestion!r}"
        else:
            assert style is not None
            message = (f"{word.text!r} breaks {casing.style_name(style)}{evidence}; "
                       f"write {suggestion!r}")
        yield self.at(article, start, start + len(word.text), message, text=h.raw)


class OddWordCase(Rule):
    code = "HD002"
    name = "odd-word-case"
    summary = "Odd capitalisation inside a word or a hyphenated compound"
    options: ClassVar[Options] = {"lexicon": ""}
    path_options: ClassVar[frozenset[str]] = frozenset({"lexicon"})

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = casing.lexicon(options["lexicon"])
        use: casing.Usage | None = None  # read only for a heading that may be flagged
        for h in article.headings:
            if h.bare:
                continue
            spots = casing.odd_spots(h.raw, lex)
            if not spots:
                continue
            if use is None:
                use = article_usage(article)
            forms, proper = use.forms, use.proper
            for spot in spots:
                if spot.word in forms:
                    continue  # a spelling the article uses in its prose too
                for offset, part, message in spot.odd:
                    if part not in forms:
                        start = h.start + offset
                        yield self.at(article, start, start + len(part), message)
                if spot.compound is not None:
                    offset, message, first, later = spot.compound
                    if (first[0] not in proper and first[1] not in proper
                            and any(p not in proper and bare not in proper for p, bare in later)):
                        start = h.start + offset
                        yield self.at(article, start, start + len(spot.word), message)


class Numbering(Rule):
    code = "HD003"
    name = "numbering"
    summary = "Numbered items skip or repeat a number"
    severity = Severity.WARNING

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        yield from self._lists(article)
        yield from self._headings(article)

    def _flag(self, article: Article, start: int, number: int, prev: int) -> Finding:
        end = article.text.find("\n", start)
        end = len(article.text) if end == -1 else end
        what = f"repeats {number}" if number == prev else f"skips from {prev} to {number}"
        return self.at(article, start, end,
                       f"numbering {what}; expected {prev + 1} (renumber the items)")

    def _lists(self, article: Article) -> Iterator[Finding]:
        """Ordered lists, item by item.

        A list numbered 1, 1, 1 is Markdown's lazy numbering and fine.  A list that
        starts above 1 continues the previous one of the same section (a paragraph
        or picture between items splits a Markdown list in two); a 1 starts afresh.
        """
        events: list[tuple[int, ItemList | None]] = [
            (h.mark_start if h.mark_start >= 0 else h.start, None)
            for h in article.headings if h.is_section
        ]
        events += [(lst.items[0].start, lst) for lst in article.lists
                   if lst.ordered and lst.items]
        events.sort(key=lambda e: (e[0], e[1] is not None))
        chain: ListItem | None = None
        for _, lst in events:
            if lst is None:
                chain = None
                continue
            numbers = [i.number for i in lst.items if i.number is not None]
            if len(numbers) >= 2 and len(set(numbers)) == 1:
                chain = None
                continue
            prev = chain if lst.depth == 1 else None
            for item in lst.items:
                if item.number is None:
                    continue
                if prev is not None and prev.number is not None and item.number != 1 \
                        and item.number != prev.number + 1:
                    yield self._flag(article, item.start, item.number, prev.number)
                prev = item
            if lst.depth == 1:
                chain = prev

    def _headings(self, article: Article) -> Iterator[Finding]:
        """Numbered headings ("### 2. Network"), among siblings of one parent."""
        last: dict[int, Heading] = {}
        for h in article.headings:
            if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
                continue
            for level in [lv for lv in last if lv > h.level]:
                del last[level]
            if h.number is None:
                last.pop(h.level, None)
                continue
            prev = last.get(h.level)
            if prev is not None and prev.number is not None and h.number != 1 \
                    and h.number != prev.number + 1:
                yield self._flag(article, h.mark_start if h.mark_start >= 0 else h.start,
                                 h.number, prev.number)
            last[h.level] = h


class LevelJump(Rule):
    code = "HD004"
    name = "heading-level-jump"
    summary = "A heading is more than one level deeper than the one before it"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        last = 0
        title = article.title
        if article.front_matter is not None and title is not None:
            last = 1  # the front-matter title stands for the H1
        for h in article.headings:
            if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
                continue
            if last and h.level > last + 1:
                yield self.at(article, h.start, h.end,
                              f"heading level jumps from H{last} to H{h.level}; "
                              f"use H{last + 1}")
            last = h.level


class DuplicateHeading(Rule):
    code = "HD005"
    name = "duplicate-heading"
    summary = "The same heading twice among siblings"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        seen: dict[tuple[int, str], Heading] = {}
        parents: list[Heading] = []
        for h in article.headings:
            if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
                continue
            while parents and parents[-1].level >= h.level:
                parents.pop()
            parent_key = parents[-1].start if parents else -1
            key = (parent_key, normalise(h.text))
            first = seen.get(key)
            if first is not None:
                yield self.at(
                    article, h.start, h.end,
                    f"heading {h.text!r} already appears in this section at line {first.line}",
                    related=[Related(article.location(first.start, first.end), "the first one")],
                )
            else:
                seen[key] = h
            parents.append(h)


RULES = (HeadingCase, OddWordCase, Numbering, LevelJump, DuplicateHeading)
