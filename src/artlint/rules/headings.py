"""HD: headings — capitalisation, odd case inside words, numbering, levels, repeats."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from artlint.article import Article, Heading, HeadingKind
from artlint.language import casing
from artlint.language.words import normalise, words
from artlint.model import Finding, Related, Severity
from artlint.rule import Options, Rule

#: Kinds whose capitalisation is judged (a title line is the title, not a heading).
CASED_KINDS = frozenset({HeadingKind.ATX, HeadingKind.SETEXT, HeadingKind.IMPLICIT,
                         HeadingKind.NUMBERED, HeadingKind.BOLD, HeadingKind.ITEM})
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+)([A-Z][a-z]+)\b")
_LEADING_NUMBER = re.compile(r"\s*\d{1,3}\\?[.)]\s+")


def proper_nouns(article: Article) -> frozenset[str]:
    """Words the article itself capitalises mid-sentence and never writes lower-case.

    These are the site's own names (a company, a product) and must not count as
    evidence of title case or be "corrected" to lower case.
    """
    caps: Counter[str] = Counter()
    lower: set[str] = set()
    text = article.text[article.body_start:]
    for block in article.blocks:
        body = text[block.start - article.body_start: block.end - article.body_start]
        starts = {m.start(1) for m in _SENTENCE_START.finditer(body)}
        for m in re.finditer(r"[A-Za-z][A-Za-z'’]+", body):
            w = m.group()
            if w[0].isupper():
                if m.start() not in starts and m.start() != 0:
                    caps[w] += 1
            else:
                lower.add(w.capitalize())
    return frozenset(w for w, n in caps.items() if w not in lower)


def judged_words(h: Heading) -> list[tuple[int, str]]:
    """(offset in source, word) for the words of a heading after any leading number."""
    raw = h.raw
    m = _LEADING_NUMBER.match(raw)
    skip = m.end() if m else 0
    return [(h.start + off, w) for off, w in words(raw) if off >= skip]


def classify(h: Heading, lex: casing.Lexicon, proper: frozenset[str]
             ) -> tuple[str, list[tuple[int, str, str]]]:
    """The heading's style and, per style, the words that break it.

    Returns (style, offenders) with offenders as (offset, word, style it breaks).
    """
    ws = judged_words(h)
    if not ws:
        return casing.NEUTRAL, []
    upper: list[tuple[int, str]] = []
    lowers: list[tuple[int, str]] = []
    for i, (off, word) in enumerate(ws):
        for poff, part in casing.parts(word):
            if casing.fixed(part, lex, proper) or casing.odd_case(part, lex):
                continue
            first_part = poff == 0
            if i == 0 and first_part:
                continue  # the first word is capitalised in every style
            low = part.lower()
            if low in lex.minor or (not first_part and low in lex.long_prepositions):
                continue
            if part[0].isupper():
                # After a colon, sentence case may restart with a capital.
                if first_part and i > 0 and h.raw[ws[i - 1][0] - h.start + len(ws[i - 1][1]):off - h.start].strip().endswith(":"):
                    continue
                upper.append((off + poff, part))
            else:
                lowers.append((off + poff, part))
    if upper and lowers:
        return casing.MIXED, [(o, w, casing.TITLE) for o, w in lowers] + [
            (o, w, casing.SENTENCE) for o, w in upper]
    if upper:
        return casing.TITLE, [(o, w, casing.SENTENCE) for o, w in upper]
    if lowers:
        return casing.SENTENCE, [(o, w, casing.TITLE) for o, w in lowers]
    return casing.NEUTRAL, []


def _suggest(h: Heading, style: str, lex: casing.Lexicon, proper: frozenset[str]) -> str:
    ws = judged_words(h)
    prev_end = h.start
    pieces = []
    for i, (off, word) in enumerate(ws):
        pieces.append(h.raw[prev_end - h.start: off - h.start])
        new_parts = []
        for poff, part in casing.parts(word):
            if casing.fixed(part, lex, proper):
                new_parts.append((poff, part))
                continue
            first = i == 0 and poff == 0
            low = part.lower()
            if first or (style == casing.TITLE and low not in lex.minor):
                new_parts.append((poff, part[0].upper() + part[1:].lower()))
            else:
                new_parts.append((poff, low))
        w = list(word)
        for poff, p in new_parts:
            w[poff:poff + len(p)] = list(p)
        pieces.append("".join(w))
        prev_end = off + len(word)
    pieces.append(h.raw[prev_end - h.start:])
    return "".join(pieces)


class HeadingCase(Rule):
    code = "HD001"
    name = "heading-case"
    summary = "Heading capitalisation differs from the article's (or the configured) style"
    options = {
        "style": "consistent",
        "style-choices": ["consistent", "title", "sentence"],
        "min-headings": 3,
        "lexicon": "",
    }

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = casing.lexicon(options["lexicon"])
        proper = proper_nouns(article)
        judged = [(h, *classify(h, lex, proper)) for h in article.headings if h.kind in CASED_KINDS]
        for h, _, _ in judged:
            first = judged_words(h)[:1]
            if first and first[0][1][:1].islower() and not casing.fixed(first[0][1], lex, proper):
                off, word = first[0]
                yield self.at(article, off, off + len(word),
                              f"heading starts with a lower-case word {word!r}; capitalise it")
        counts = Counter(style for _, style, _ in judged if style in (casing.TITLE, casing.SENTENCE))
        style = options["style"]
        evidence = ""
        if style == "consistent":
            decided = counts[casing.TITLE] + counts[casing.SENTENCE]
            if decided < options["min-headings"] or counts[casing.TITLE] == counts[casing.SENTENCE]:
                return
            style = casing.TITLE if counts[casing.TITLE] > counts[casing.SENTENCE] else casing.SENTENCE
            name = "Title Case" if style == casing.TITLE else "sentence case"
            evidence = f" ({counts[style]} of {decided} headings use {name})"
        for h, hstyle, offenders in judged:
            if hstyle in (style, casing.NEUTRAL):
                continue
            bad = [(o, w) for o, w, breaks in offenders if breaks == style]
            if not bad:
                continue
            off, word = bad[0]
            suggestion = _suggest(h, style, lex, proper)
            label = "Title Case" if style == casing.TITLE else "sentence case"
            yield self.at(article, off, off + len(word),
                          f"{word!r} breaks {label}{evidence}; write {suggestion!r}",
                          text=h.raw)


class OddWordCase(Rule):
    code = "HD002"
    name = "odd-word-case"
    summary = "Odd capitalisation inside a word or a hyphenated compound"
    options = {"lexicon": ""}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = casing.lexicon(options["lexicon"])
        for h in article.headings:
            for off, word in judged_words(h):
                if word in lex.spellings:
                    continue
                ps = casing.parts(word)
                for poff, part in ps:
                    if casing.odd_case(part, lex):
                        yield self.at(article, off + poff, off + poff + len(part),
                                      f"odd capitalisation inside {part!r}; "
                                      f"write {part[0].upper() + part[1:].lower()!r}")
                alpha = [(poff, p) for poff, p in ps if p[:1].isalpha()
                         and not casing.fixed(p, lex) and p.lower() not in lex.minor]
                if len(alpha) >= 2 and alpha[0][1][0].islower() and any(
                        p[0].isupper() for _, p in alpha[1:]):
                    poff, part = next((po, p) for po, p in alpha[1:] if p[0].isupper())
                    fixed_word = "-".join(p.capitalize() for p in word.split("-"))
                    yield self.at(article, off, off + len(word),
                                  f"compound {word!r} mixes lower and upper case; "
                                  f"write {fixed_word!r} or {word.lower()!r}")


class Numbering(Rule):
    code = "HD003"
    name = "numbering"
    summary = "Numbered items skip or repeat a number"
    severity = Severity.WARNING

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        prev: Heading | None = None
        for h in article.headings:
            if h.number is None:
                if h.is_section:
                    prev = None
                continue
            if prev is not None and prev.kind == h.kind and prev.level == h.level \
                    and prev.number is not None and h.number != 1:
                want = prev.number + 1
                if h.number != want:
                    what = "repeats" if h.number == prev.number else "skips to"
                    start = h.mark_start if h.mark_start >= 0 else h.start
                    yield self.at(article, start, h.end,
                                  f"numbering {what} {h.number} after {prev.number}; expected {want}")
            prev = h


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
