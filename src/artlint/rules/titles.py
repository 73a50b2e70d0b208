"""TI: titles — repeated inside the article, duplicated or near-duplicated across the site.

A title is the front-matter `title`, else the first H1, else the first line of a
plain-text export (`Article.title`).  The cross-file rules see only a small
`TitleFact` per article; near-duplicates are found by blocking on shared keys
and rare words, never by comparing every pair of titles.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from artlint import pages
from artlint.article import Article, Block, Heading, HeadingKind
from artlint.language.words import normalise, stem, tokens
from artlint.model import Finding, Location, Related
from artlint.rule import CorpusRule, Options, Rule

# --------------------------------------------------------------------------- TI001


def _key(text: str) -> str:
    """What two restatements of a title share: no case, markup, entities or punctuation."""
    return normalise(text)


class TitleRepeated(Rule):
    """The title said again inside the article.

    Sites print the title above the body, so a repeat shows twice: the first H1
    or setext heading after front matter, the line-3 repeat of a plain export, a
    later heading that restates it, or the first body line.  A description that
    is only the title says nothing either.  Short titles (a company name) recur
    legitimately in bodies, so they are only compared at the top of the body.
    """

    code = "TI001"
    name = "title-repeated"
    summary = "The article's title is repeated inside it"
    options: ClassVar[Mapping[str, Any]] = {
        "min-words": 3,
        "summary-keys": ("description", "excerpt", "summary"),
    }

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        title = article.title
        if title is None:
            return
        key = _key(title.text)
        if not key:
            return
        from_fm = title.kind is HeadingKind.TITLE and title.level == 0
        where = f"front matter, line {title.line}" if from_fm else f"line {title.line}"
        related = [Related(article.location(title.start, title.end), "the title")]
        long_title = len(key.split()) >= options["min-words"]
        top = True  # nothing but the title has been seen yet
        first_block = _first_block(article, title)
        for h in article.headings:
            if h.start == title.start:
                continue
            if not h.is_section:
                if h.line > title.line:
                    top = False
                continue
            if first_block is not None and first_block.start < h.start:
                top = False
            if _key(h.text) == key and (top or long_title):
                how = ("as a heading" if h.kind in (HeadingKind.ATX, HeadingKind.SETEXT)
                       else "on a line of its own")
                yield self.at(article, h.start, h.end,
                              f"the title ({where}) is repeated here {how}; "
                              "remove the repeat (the site shows the title)",
                              related=related)
            top = False
        if first_block is not None and _key(first_block.text) == key:
            yield self.at(article, first_block.start, first_block.start + len(first_block.text),
                          f"the first line of the body repeats the title ({where}); remove it",
                          related=related)
        fm = article.front_matter
        if fm is not None and from_fm:
            for name in options["summary-keys"]:
                entry = fm.entry(name)
                if entry is None or not isinstance(entry.value, str):
                    continue
                if _key(entry.value) == key:
                    yield self.at(article, entry.value_start, entry.value_end,
                                  f"'{name}' only repeats the title; say what the reader will "
                                  "get from the article", related=related)


def _first_block(article: Article, title: Heading) -> Block | None:
    """The body's first paragraph, if nothing but the title comes before it."""
    body = max(article.body_start, title.end if title.level else 0)
    block = next((b for b in article.blocks if b.start >= body), None)
    if block is None:
        return None
    for h in article.headings:
        if h.start != title.start and body <= h.start < block.start:
            return None
    return block


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class TitleLexicon:
    """Low-information words and phrases (stemmed), and the small words to drop."""

    phrases: tuple[tuple[str, ...], ...]  # longest first
    stopwords: frozenset[str]


@lru_cache(maxsize=8)
def title_lexicon(extra: str = "") -> TitleLexicon:
    data = pages.lexicon("titles")
    if extra:
        data = pages.extend_lexicon(data, extra)
    entries = [*data.get("setting", []), *data.get("framing", [])]
    phrases = {tuple(tokens(str(e))) for e in entries}
    phrases.discard(())
    return TitleLexicon(
        tuple(sorted(phrases, key=len, reverse=True)),
        frozenset(str(w) for w in data.get("stopwords", [])),
    )


# --------------------------------------------------------------------------- facts

#: Where a subtitle starts: a colon, a spaced dash, a question mark, a pipe.
_SUBTITLE = re.compile(r":\s|\s[-–—|]\s|\?\s*\S")
#: A trailing clause addressed to the reader: "... to Boost Your Income".
_PURPOSE = re.compile(r"\s(?:to|for)\s(?=(?:\S+\s+){0,4}your\b)", re.I)


@dataclass(frozen=True, slots=True)
class TitleFact:
    """What the corpus rules know about one article's title.

    `core` holds the stemmed words that say what the article is about; `head`
    those before a subtitle ("Data Entry Jobs" in "Data Entry Jobs: A Guide") and
    `tail` those after it.  `qualifiers` are the low-information words present
    (setting and framing), kept only to price the difference in the message.
    """

    text: str
    key: str
    core: tuple[str, ...]
    head: tuple[str, ...]
    tail: tuple[str, ...]
    qualifiers: tuple[str, ...]
    #: The subtitle has framing or setting words ("A Guide to ..."): a tagline.
    framed: bool
    location: Location


def _split(text: str) -> tuple[str, str]:
    m = _SUBTITLE.search(text)
    if m and m.start() > 0:
        return text[: m.start()], text[m.start():]
    m = _PURPOSE.search(text)
    if m and len(text[: m.start()].split()) >= 2:
        return text[: m.start()], text[m.start():]
    return text, ""


def _analyse(text: str, lex: TitleLexicon) -> tuple[list[str], list[str]]:
    """(content stems, qualifier phrases) of a piece of title."""
    toks = tokens(text)
    content: list[str] = []
    quals: list[str] = []
    i = 0
    while i < len(toks):
        for phrase in lex.phrases:
            if tuple(toks[i:i + len(phrase)]) == phrase:
                quals.append(" ".join(phrase))
                i += len(phrase)
                break
        else:
            tok = toks[i]
            if tok not in lex.stopwords and not tok.isdigit():
                content.append(stem(tok))
            i += 1
    return content, quals


def title_fact(article: Article, lex: TitleLexicon | None = None) -> TitleFact | None:
    title = article.title
    if title is None or not title.text.strip():
        return None
    lex = lex or title_lexicon()
    text = title.text
    head_text, tail_text = _split(text)
    head, q1 = _analyse(head_text, lex)
    tail, q2 = _analyse(tail_text, lex)
    core = tuple(sorted(set(head) | set(tail)))
    return TitleFact(text, normalise(text), core, tuple(sorted(set(head))),
                     tuple(sorted(set(tail) - set(head))), tuple(sorted(set(q1 + q2))),
                     bool(q2), article.location(title.start, title.end))


def _report(rule: Rule, fact: TitleFact, others: Sequence[tuple[TitleFact, str]],
            what: str, limit: int = 20) -> Finding:
    """One finding for one file, naming the other files it is grouped with (the first
    `limit` as related locations, the count of the rest in the message)."""
    names = ", ".join(f"{o.location.path} ({note})" if note else o.location.path
                      for o, note in others[:3])
    more = f" and {len(others) - 3} more" if len(others) > 3 else ""
    return rule.finding(
        fact.location, f"{what} {names}{more}; give each article its own title",
        related=[Related(o.location, f"{o.text!r}" + (f" ({note})" if note else ""))
                 for o, note in others[:limit]],
        text=fact.text,
    )


# --------------------------------------------------------------------------- TI002


class DuplicateTitle(CorpusRule):
    """Two articles with the same title compete for the same search and confuse readers.

    Titles are compared without case, markup and punctuation ("Title?" and
    "Title" are the same title).
    """

    code = "TI002"
    name = "duplicate-title"
    summary = "The same title in two or more articles"

    def fact(self, article: Article, options: Options) -> TitleFact | None:
        return title_fact(article)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        groups: dict[str, list[TitleFact]] = defaultdict(list)
        for _, f in facts:
            if isinstance(f, TitleFact) and f.key:
                groups[f.key].append(f)
        for group in groups.values():
            if len(group) < 2:
                continue
            for fact in group:
                others = [(o, "") for o in group if o is not fact]
                yield _report(self, fact, others, "same title as")


# --------------------------------------------------------------------------- TI003


@dataclass(frozen=True, slots=True)
class _Match:
    other: int
    similarity: float
    why: str


class _Weights:
    """How much each word tells titles apart on this site (inverse document frequency)."""

    def __init__(self, items: Sequence[TitleFact]) -> None:
        df: dict[str, int] = defaultdict(int)
        for f in items:
            for t in f.core:
                df[t] += 1
            for q in f.qualifiers:
                df["\0" + q] += 1
        self.df = df
        self.n = len(items)

    def __call__(self, token: str) -> float:
        return math.log(1.0 + self.n / self.df.get(token, 1))

    def of(self, fact: TitleFact, *, tail: float, qualifier: float) -> dict[str, float]:
        out = {t: self(t) for t in fact.head}
        for t in fact.tail:
            out.setdefault(t, tail * self(t))
        for q in fact.qualifiers:
            out["\0" + q] = qualifier * self("\0" + q)
        return out


def _similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard: the share of the two titles' weight they have in common."""
    keys = a.keys() | b.keys()
    top = sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    bottom = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    return top / bottom if bottom else 0.0


def _series(a: TitleFact, b: TitleFact) -> bool:
    """One main title with short subtitles that each name a subject: "Tools: Slack", "Tools: Zoom".

    A subtitle with framing words ("A Guide to ...", "Tips for ...") is a tagline,
    not a subject, so titles that differ only there stay near-duplicates.
    """
    ta, tb = set(a.tail), set(b.tail)
    return (bool(ta) and bool(tb) and len(ta) <= 2 and len(tb) <= 2 and not ta & tb
            and not a.framed and not b.framed)


_SAME_WORDS = "same words apart from qualifiers"
_SAME_HEAD = "same main title, other subtitle"
_SUBSET = "adds only words common on this site"


class NearDuplicateTitle(CorpusRule):
    """Titles that say the same thing in other words.

    Near-duplicates split a site's readers and search traffic between two pages on
    one subject.  Two titles are near-duplicates when, once the words that say
    little are set aside (a setting such as "online" or "from home", framing such
    as "A Beginner's Guide", small words), they have the same words in any order;
    or the same main title with different subtitles; or one adds only words that
    are common across the site.  A word that differs on both sides ("Nursing" vs
    "Tutoring", "B2B" vs "B2C", "Plai" vs "Plaid") names a different subject and
    is never flagged.  Words are weighed by how rare they are among the titles of
    the run (or the configured corpus).
    """

    code = "TI003"
    name = "near-duplicate-title"
    summary = "Titles that differ only by a qualifier or word order"
    options: ClassVar[Mapping[str, Any]] = {"threshold": 0.85, "lexicon": ""}

    #: Weight of subtitle words and of qualifiers relative to main-title words.
    TAIL = 0.5
    QUALIFIER = 0.15
    #: A title whose rarest word is in more titles than this is not compared word by word.
    MAX_CANDIDATES = 1000

    def fact(self, article: Article, options: Options) -> TitleFact | None:
        return title_fact(article, title_lexicon(options["lexicon"]))

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        items = sorted((f for _, f in facts if isinstance(f, TitleFact) and f.core),
                       key=lambda f: f.location.path)
        weights = _Weights(items)
        # Seen as "same words", order does not matter: a subtitle counts in full.
        # Seen as "same main title", a subtitle counts no more than a qualifier.
        # Otherwise a subtitle counts half: it qualifies the main title.
        views = {
            _SAME_WORDS: [weights.of(f, tail=1.0, qualifier=self.QUALIFIER) for f in items],
            _SAME_HEAD: [weights.of(f, tail=self.QUALIFIER, qualifier=self.QUALIFIER)
                         for f in items],
            _SUBSET: [weights.of(f, tail=self.TAIL, qualifier=self.QUALIFIER) for f in items],
        }
        matches: dict[int, dict[int, _Match]] = defaultdict(dict)

        def add(i: int, j: int, why: str) -> None:
            if items[i].key == items[j].key or j in matches[i]:
                return  # exact duplicates are TI002's
            sim = _similarity(views[why][i], views[why][j])
            matches[i][j] = _Match(j, sim, why)
            matches[j][i] = _Match(i, sim, why)

        # 1. The same words in any order, qualifiers aside: one hash group each.
        by_core = _index(items, "core")
        for group in by_core.values():
            for x, y in _pairs(group):
                add(x, y, _SAME_WORDS)
        # 2. The same main title (at least two words) with another subtitle.
        by_head: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, f in enumerate(items):
            if len(f.head) >= 2 and f.tail:
                by_head[f.head].append(i)
        for head, group in by_head.items():
            members = sorted(set(group) | set(by_core.get(head, [])))
            for x, y in _pairs(members):
                if not _series(items[x], items[y]):
                    add(x, y, _SAME_HEAD)
        # 3. One title's words all in the other, the extra ones common on the site.
        #    Candidates share the title's rarest word (blocking, not all pairs).
        threshold = float(options["threshold"])
        sets = [frozenset(f.core) for f in items]
        total = [sum(b.values()) for b in views[_SUBSET]]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(items):
            for t in f.core:
                postings[t].append(i)
        for i, f in enumerate(items):
            if len(f.core) < 2:
                continue
            rarest = min(f.core, key=lambda t: (len(postings[t]), t))
            if len(postings[rarest]) > self.MAX_CANDIDATES:
                continue  # only words found everywhere: nothing to tell it apart by
            for j in postings[rarest]:
                if (j == i or total[i] < threshold * total[j] or j in matches.get(i, {})
                        or not sets[i] < sets[j]):
                    continue
                if _similarity(views[_SUBSET][i], views[_SUBSET][j]) >= threshold:
                    add(i, j, _SUBSET)
        for i, found in sorted(matches.items()):
            ranked = sorted(found.values(),
                            key=lambda m: (-m.similarity, items[m.other].location.path))
            notes = [(items[m.other], f"{m.similarity:.0%} similar: {m.why}") for m in ranked]
            yield _report(self, items[i], notes, "title nearly repeats")


def _pairs(group: Sequence[int], limit: int = 50) -> Iterator[tuple[int, int]]:
    """Pairs within a group; a huge group (a templated series) pairs each title with
    its `limit` neighbours only, so the work stays linear in the number of titles."""
    for a, x in enumerate(group):
        for y in group[a + 1 : a + 1 + limit]:
            yield x, y


def _index(items: Sequence[TitleFact], attr: str) -> dict[tuple[str, ...], list[int]]:
    out: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, f in enumerate(items):
        out[getattr(f, attr)].append(i)
    return out


# --------------------------------------------------------------------------- TI004


@dataclass(frozen=True, slots=True)
class SlugFact:
    slug: str
    location: Location


class DuplicateSlug(CorpusRule):
    """Two articles with one slug publish to one URL: one of them disappears."""

    code = "TI004"
    name = "duplicate-slug"
    summary = "Two articles use the same slug"

    def fact(self, article: Article, options: Options) -> SlugFact | None:
        fm = article.front_matter
        entry = fm.entry("slug") if fm is not None else None
        if entry is None or not isinstance(entry.value, str) or not entry.value.strip():
            return None
        return SlugFact(entry.value.strip().strip("/").lower(),
                        article.location(entry.value_start, entry.value_end))

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        groups: dict[str, list[SlugFact]] = defaultdict(list)
        for _, f in facts:
            if isinstance(f, SlugFact):
                groups[f.slug].append(f)
        for slug, group in groups.items():
            if len(group) < 2:
                continue
            for f in group:
                others = [o for o in group if o is not f]
                yield self.finding(
                    f.location,
                    f"slug {slug!r} is also used by {', '.join(o.location.path for o in others)}; "
                    "the pages would share a URL: give each article its own slug",
                    related=[Related(o.location, "same slug") for o in others], text=slug)


RULES = (TitleRepeated, DuplicateTitle, NearDuplicateTitle, DuplicateSlug)
