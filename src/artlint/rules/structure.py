"""ST: structure — category boilerplate, one-sided pros/cons, empty sections, shared lines."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from artlint.article import Article, HeadingKind
from artlint.language import polarity
from artlint.language.words import normalise
from artlint.model import Finding, Location, Related
from artlint.rule import CorpusRule, Options, Rule

#: Only a section named by the bare word is a pros (cons) list; "Benefits of Remote
#: Work" is an essay section, and one without drawbacks is fine.
_BARE = {
    polarity.PROS: frozenset({"pros", "advantages", "benefits", "upsides", "positives", "perks"}),
    polarity.CONS: frozenset({"cons", "disadvantages", "drawbacks", "downsides", "negatives"}),
}
_SECTION_HEADS = frozenset({HeadingKind.ATX, HeadingKind.SETEXT, HeadingKind.LABEL})


def _nonblank(article: Article) -> list[tuple[int, str]]:
    return [(i + 1, line.strip()) for i, line in enumerate(article.lines) if line.strip()]


class CategoryLabel(Rule):
    code = "ST001"
    name = "category-boilerplate"
    summary = "A category label stands alone at the top and again at the end"
    options = {"max-words": 5, "top-lines": 4}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lines = [(n, t) for n, t in _nonblank(article)
                 if article.index.offset(n) >= article.body_start]
        if len(lines) < 4:
            return
        last_no, last = lines[-1]
        if len(last.split()) > options["max-words"] or last.endswith((".", "!", "?")):
            return
        title = article.title
        title_key = normalise(title.text) if title else ""
        for n, text in lines[: options["top-lines"]]:
            if n != last_no and text == last and normalise(text) != title_key:
                start = article.index.offset(n) + article.lines[n - 1].index(text)
                yield self.at(article, start, start + len(text),
                              f"category label {text!r} stands alone here and again as the last "
                              "line; remove both (the site shows the category)",
                              related=[Related(article.line_location(last_no), "the same label")])
                return


class OneSidedProsCons(Rule):
    code = "ST003"
    name = "one-sided-pros-cons"
    summary = "A pros section without cons, or cons without pros"
    options = {"lexicon": ""}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = polarity.lexicon(options["lexicon"])
        found: dict[str, list[Any]] = {polarity.PROS: [], polarity.CONS: []}
        for h in article.headings:
            if not h.is_section:
                continue
            text = normalise(h.text)
            side = polarity.side_of(text, lex)
            if side is not None and text.removeprefix("the ") in _BARE[side]:
                found[side].append(h)
        for side, other in ((polarity.PROS, polarity.CONS), (polarity.CONS, polarity.PROS)):
            if found[side] and not found[other]:
                h = found[side][0]
                yield self.at(article, h.start, h.end,
                              f"a {side} section with no {other} section; add the {other} or "
                              "rename the section")


class EmptySection(Rule):
    code = "ST004"
    name = "empty-section"
    summary = "A heading followed directly by a heading of the same or a higher level"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        heads = article.headings
        lines = article.lines
        for h, nxt in zip(heads, heads[1:]):
            if h.kind not in _SECTION_HEADS or not nxt.is_section or nxt.level > h.level:
                continue
            last = h.line + (1 if h.kind is HeadingKind.SETEXT else 0)
            if all(not lines[i - 1].strip() for i in range(last + 1, nxt.line)):
                yield self.at(article, h.start, h.end,
                              f"section {h.text!r} is empty: the next heading follows directly; "
                              "write its content or remove it")


class BoilerplateLines(CorpusRule):
    code = "ST002"
    name = "boilerplate-lines"
    summary = "A line that recurs in many articles (navigation or template residue)"
    options = {"min-files": 5, "min-share": 0.3, "min-words": 3}

    def fact(self, article: Article, options: Options) -> tuple[tuple[str, Location], ...]:
        out = {}
        for b in article.blocks:
            key = normalise(b.text)
            if len(key.split()) >= options["min-words"] and b.start >= article.body_start:
                digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
                out.setdefault(digest, article.location(b.start, b.start + len(b.text)))
        return tuple(out.items())

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        where: dict[str, list[Location]] = defaultdict(list)
        for _, lines in facts:
            for digest, loc in lines:
                where[digest].append(loc)
        n = len(facts)
        need = max(options["min-files"], int(options["min-share"] * n))
        for locs in where.values():
            if len(locs) < need:
                continue
            for loc in locs:
                yield self.finding(loc, f"this line recurs in {len(locs)} of {n} articles; "
                                   "remove template or navigation residue",
                                   related=[Related(o, "same line") for o in locs if o != loc][:5])


RULES = (CategoryLabel, BoilerplateLines, OneSidedProsCons, EmptySection)
