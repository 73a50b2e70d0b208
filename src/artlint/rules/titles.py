"""TI: titles — repeated inside the article, duplicated or near-duplicated across the site."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from artlint.article import Article, HeadingKind
from artlint.language.words import normalise, stem
from artlint.model import Finding, Location, Related
from artlint.rule import CorpusRule, Options, Rule

_STOP = frozenset("a an the and or of for to in on at by with your you is are be from as its "
                  "it how what why when who which do does".split())


class TitleRepeated(Rule):
    code = "TI001"
    name = "title-repeated"
    summary = "The article's title is repeated inside it"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        title = article.title
        if title is None:
            return
        key = normalise(title.text)
        if not key:
            return
        from_fm = title.kind is HeadingKind.TITLE and title.level == 0
        title_loc = article.location(title.start, title.end)
        for h in article.headings:
            if h.start == title.start or not h.is_section:
                continue
            if normalise(h.text) == key:
                where = "front matter" if from_fm else f"line {title.line}"
                yield self.at(article, h.start, h.end,
                              f"the title (from {where}) is repeated here; remove the repeat",
                              related=[Related(title_loc, "the title")])
        first = next((b for b in article.blocks if b.start >= article.body_start), None)
        if first is not None and normalise(first.text) == key and first.start != title.start:
            yield self.at(article, first.start, first.start + len(first.text),
                          "the first line of the body repeats the title; remove it",
                          related=[Related(title_loc, "the title")])


# --------------------------------------------------------------------------- corpus rules

@dataclass(frozen=True, slots=True)
class TitleFact:
    text: str
    key: str
    tokens: tuple[str, ...]
    main: tuple[str, ...]
    location: Location


def title_fact(article: Article) -> TitleFact | None:
    title = article.title
    if title is None or not title.text.strip():
        return None
    text = title.text
    key = normalise(text)
    tokens = tuple(sorted({stem(w) for w in key.split() if w not in _STOP}))
    head = text
    for sep in (":", " - ", " – ", " — ", "?"):
        if sep in head:
            head = head.split(sep)[0]
    main = tuple(sorted({stem(w) for w in normalise(head).split() if w not in _STOP}))
    return TitleFact(text, key, tokens, main, article.location(title.start, title.end))


def _group_findings(rule: Rule, groups: Sequence[Sequence[TitleFact]], what: str,
                    score: dict[tuple[str, str], float] | None = None) -> Iterator[Finding]:
    for group in groups:
        for fact in group:
            others = [o for o in group if o is not fact]
            sim = ""
            if score is not None:
                best = max(score.get((fact.location.path, o.location.path), 0.0) for o in others)
                sim = f" ({best:.0%} similar)"
            names = ", ".join(f"{o.location.path}" for o in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            yield rule.finding(
                fact.location,
                f"{what} {names}{more}{sim}; give each article its own title",
                related=[Related(o.location, f"{o.text!r}") for o in others],
                text=fact.text,
            )


class DuplicateTitle(CorpusRule):
    code = "TI002"
    name = "duplicate-title"
    summary = "The same title in two or more articles"

    def fact(self, article: Article, options: Options) -> TitleFact | None:
        return title_fact(article)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        groups: dict[str, list[TitleFact]] = defaultdict(list)
        for _, f in facts:
            groups[f.key].append(f)
        yield from _group_findings(self, [g for g in groups.values() if len(g) > 1],
                                   "same title as")


class NearDuplicateTitle(CorpusRule):
    code = "TI003"
    name = "near-duplicate-title"
    summary = "Titles that differ only by a qualifier or word order"
    options = {"threshold": 0.6, "max-extra-words": 2}

    def fact(self, article: Article, options: Options) -> TitleFact | None:
        return title_fact(article)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        items: list[TitleFact] = [f for _, f in facts if len(f.tokens) >= 2]
        n = len(items)
        df: dict[str, int] = defaultdict(int)
        postings: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(items):
            for t in f.tokens:
                df[t] += 1
                postings[t].append(i)
        idf = {t: math.log((n + 1) / c) + 1.0 for t, c in df.items()}
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        score: dict[tuple[str, str], float] = {}
        max_extra = options["max-extra-words"]
        for i, f in enumerate(items):
            rarest = min(f.tokens, key=lambda t: df[t])
            for j in postings[rarest]:
                if j == i:
                    continue
                g = items[j]
                if g.key == f.key:
                    continue  # exact duplicates are TI002's
                a, b = set(f.tokens), set(g.tokens)
                if not a <= b and not (len(f.main) >= 2 and f.main == g.main):
                    continue
                extra = b - a
                if a <= b and len(extra) > max(max_extra, len(a) // 2):
                    continue
                inter = sum(idf[t] for t in a & b)
                union = sum(idf[t] for t in a | b)
                sim = inter / union if union else 0.0
                if a <= b or sim >= options["threshold"] or f.main == g.main:
                    score[(f.location.path, g.location.path)] = sim
                    score[(g.location.path, f.location.path)] = sim
                    parent[find(i)] = find(j)
        groups: dict[int, list[TitleFact]] = defaultdict(list)
        for i in range(n):
            groups[find(i)].append(items[i])
        yield from _group_findings(self, [g for g in groups.values() if len(g) > 1],
                                   "title nearly repeats", score)


@dataclass(frozen=True, slots=True)
class SlugFact:
    slug: str
    location: Location


class DuplicateSlug(CorpusRule):
    code = "TI004"
    name = "duplicate-slug"
    summary = "Two articles use the same slug"

    def fact(self, article: Article, options: Options) -> SlugFact | None:
        fm = article.front_matter
        entry = fm.entry("slug") if fm is not None else None
        if entry is None or not isinstance(entry.value, str) or not entry.value.strip():
            return None
        return SlugFact(entry.value.strip().lower(), article.location(entry.value_start, entry.value_end))

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        groups: dict[str, list[SlugFact]] = defaultdict(list)
        for _, f in facts:
            groups[f.slug].append(f)
        for slug, group in groups.items():
            if len(group) < 2:
                continue
            for f in group:
                others = [o for o in group if o is not f]
                yield self.finding(
                    f.location,
                    f"slug {slug!r} is also used by {', '.join(o.location.path for o in others)}; "
                    "the pages would share a URL",
                    related=[Related(o.location, "same slug") for o in others], text=slug)


RULES = (TitleRepeated, DuplicateTitle, NearDuplicateTitle, DuplicateSlug)
