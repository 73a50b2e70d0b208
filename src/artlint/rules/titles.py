"""TI: titles — repeated inside the article, duplicated or near-duplicated across the site.

A title is the front-matter `title`, else the first H1, else the first line of a
plain-text export (`Article.title`).  The cross-file rules see only a small
`TitleFact` per article; near-duplicates are found by blocking on shared keys
and rare words, never by comparing every pair of titles.
"""

from __future__ import annotations

import re
from bisect import insort
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from artlint import edits
from artlint import lexicon as lexicon_data
from artlint.article import Article, Block, Heading, HeadingKind
from artlint.language.words import normalise, stem, tokens
from artlint.model import RELATED_LIMIT, Finding, Location, Related, capped
from artlint.options import Option
from artlint.rule import CorpusRule, Options, Rule, full_findings

if TYPE_CHECKING:
    from artlint.rules.near_titles import NearTitles

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
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "min-words": Option(3),
        "summary-keys": Option(("description", "excerpt", "summary")),
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
                how = (
                    "as a heading"
                    if h.kind in (HeadingKind.ATX, HeadingKind.SETEXT)
                    else "on a line of its own"
                )
                yield self.at(
                    article,
                    h.start,
                    h.end,
                    f"the title ({where}) is repeated here {how}; "
                    "remove the repeat (the site shows the title)",
                    related=related,
                    fix=edits.remove_heading(
                        article,
                        h.start,
                        h.kind is HeadingKind.SETEXT,
                        "remove the repeated title",
                        safe=top and h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT),
                    ),
                )
            top = False
        if first_block is not None and _key(first_block.text) == key:
            yield self.at(
                article,
                first_block.start,
                first_block.start + len(first_block.text),
                f"the first line of the body repeats the title ({where}); remove it",
                related=related,
                fix=edits.remove_line(
                    article, first_block.start, "remove the line repeating the title"
                ),
            )
        elif first_block is not None and long_title:
            said = _restated(first_block.text, key)
            if said is not None:
                yield self.at(
                    article,
                    first_block.start,
                    first_block.start + said,
                    f"the first paragraph opens by restating the title ({where}); "
                    "start with what the title does not say",
                    related=related,
                )
        fm = article.front_matter
        if fm is not None and from_fm:
            for name in options["summary-keys"]:
                entry = fm.entry(name)
                if entry is None or not isinstance(entry.value, str):
                    continue
                if _key(entry.value) == key:
                    yield self.at(
                        article,
                        entry.value_start,
                        entry.value_end,
                        f"'{name}' only repeats the title; say what the reader will "
                        "get from the article",
                        related=related,
                    )


#: Where a title said at the start of a paragraph ends: "<Title>! Now that ...",
#: "<Title>: what to know", "<Title> - a guide".  No comma: "<Title>, the ..." and
#: "<Title> are ..." use the title's words in a sentence of their own.
_RESTATED_END = re.compile(r"[*_]*(?:[!:?.;]|\s[-–—]\s)[*_]*")


def _restated(text: str, key: str) -> int | None:
    """The length of the title restated at the start of `text`, punctuation
    included, when more follows; None when the paragraph does not open with it."""
    window = text[: 2 * len(key) + 20]
    for m in _RESTATED_END.finditer(window):
        if _key(text[: m.start()]) == key:
            return m.end() if text[m.end() :].strip() else None
        if len(_key(text[: m.start()])) > len(key):
            return None
    return None


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
    #: Small words that join a new subject to a title ("Marketplaces *for* ...").
    joiners: frozenset[str] = frozenset()
    #: Words that qualify a subject without naming another ("Winning", "Healthy").
    modifiers: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset({"and", "or"})
    #: The phrases by their first word, still longest first: each word of a title
    #: is tried against the few phrases it can start, not against all of them.
    by_first: Mapping[str, tuple[tuple[str, ...], ...]] = field(
        init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in self.phrases:
            by_first[phrase[0]].append(phrase)
        object.__setattr__(
            self, "by_first", {word: tuple(group) for word, group in by_first.items()}
        )


@lru_cache(maxsize=8)
def title_lexicon(extra: str = "") -> TitleLexicon:
    data = lexicon_data.load("titles", extra)
    entries = [*data.get("setting", []), *data.get("framing", [])]
    phrases = {tuple(tokens(str(e))) for e in entries}
    phrases.discard(())
    return TitleLexicon(
        tuple(sorted(phrases, key=len, reverse=True)),
        frozenset(str(w) for w in data.get("stopwords", [])),
        frozenset(str(w) for w in data.get("joiners", [])),
        frozenset(str(w).lower() for w in data.get("modifiers", [])),
    )


# --------------------------------------------------------------------------- facts

# The facts of every file of a site are held at once and cached, so they are flat
# named tuples of strings and small ints: a location is four ints, made a
# `Location` again (with the path the corpus phase pairs the fact with) only for
# the titles that are reported, and what is cheap to recompute is not kept.


class KeyFact(NamedTuple):
    """TI002's: the title, its compare key and where it is."""

    title: str
    key: str
    line: int
    column: int
    end_line: int
    end_column: int

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


class TitleFact(NamedTuple):
    """TI003's.  Stems are sorted and each followed by a space (see `_join`); the
    subtitle's are those not also in the main title.  The qualifiers (setting and
    framing phrases, kept to price the difference) are sorted and separated by
    "|".  `framed`: the subtitle has framing or setting words ("A Guide to ..."),
    so it is a tagline."""

    title: str
    key: str
    stems: str
    subtitle_stems: str
    qualifiers: str
    framed: bool
    line: int
    column: int
    end_line: int
    end_column: int

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


class SlugFact(NamedTuple):
    """TI004's: the slug as compared (no slashes, lower case) and where it is."""

    slug: str
    line: int
    column: int
    end_line: int
    end_column: int

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


#: Where a subtitle starts: a colon, a spaced dash, a question mark, a pipe.
_SUBTITLE = re.compile(r":\s|\s[-–—|]\s|\?\s*\S")
#: A trailing clause addressed to the reader: "... to Boost Your Income".
_PURPOSE = re.compile(r"\s(?:to|for)\s(?=(?:\S+\s+){0,4}your\b)", re.I)


def _split(text: str) -> tuple[str, str]:
    m = _SUBTITLE.search(text)
    if m and m.start() > 0:
        return text[: m.start()], text[m.start() :]
    m = _PURPOSE.search(text)
    if m and len(text[: m.start()].split()) >= 2:
        return text[: m.start()], text[m.start() :]
    return text, ""


def _analyse(text: str, lex: TitleLexicon, opening: bool = True) -> tuple[list[str], list[str]]:
    """(content stems, qualifier phrases) of a piece of title."""
    content: list[str] = []
    quals: list[str] = []
    for kind, word, _ in _words(text, lex, opening):
        if kind == _CONTENT:
            content.append(word)
        elif kind == _QUALIFIER:
            quals.append(word)
    return content, quals


_CONTENT, _QUALIFIER, _JOINER, _CONJUNCTION = 0, 1, 2, 3


def _count(toks: Sequence[str], i: int) -> bool:
    """Is the number at `i` the count of a list title ("7 Ways", "Top 5 ...")?"""
    return i == 0 or (i == 1 and toks[0] in ("top", "best"))


def _words(text: str, lex: TitleLexicon, opening: bool = True) -> Iterator[tuple[int, str, str]]:
    """A piece of title as (kind, compared form, word) in order: content stems,
    qualifier phrases, joiners and conjunctions; other small words left out.

    A number is content ("Level 1" and "Level 2" are two articles), except the
    count that opens a list title ("7 Ways to ...", "Top 5 ..."), when `opening`.
    """
    toks = tokens(text)
    i = 0
    while i < len(toks):
        tok = toks[i]
        for phrase in lex.by_first.get(tok, ()):
            if tuple(toks[i : i + len(phrase)]) == phrase:
                yield _QUALIFIER, " ".join(phrase), tok
                i += len(phrase)
                break
        else:
            if tok in lex.joiners:
                yield _JOINER, tok, tok
            elif tok in lex.conjunctions:
                yield _CONJUNCTION, tok, tok
            elif tok not in lex.stopwords and not (tok.isdigit() and opening and _count(toks, i)):
                yield _CONTENT, stem(tok), tok
            i += 1


def _join(words: Iterable[str]) -> str:
    """Stems as one string, each ended by a space: a stem can be empty ("eeeee")."""
    return "".join(w + " " for w in words)


def _unjoin(text: str) -> list[str]:
    return text[:-1].split(" ") if text else []


def _title_strings(article: Article) -> tuple[str, str]:
    """(title, compare key), the same two string objects for TI002's fact and
    TI003's (through `Article.memo`): the key is computed once, and the cache
    stores each string once."""
    text = article.title.text if article.title is not None else ""
    return text, normalise(text)


def _span(article: Article, start: int, end: int) -> tuple[int, int, int, int]:
    loc = article.location(start, end)
    return loc.line, loc.column, loc.end_line, loc.end_column


def key_fact(article: Article) -> KeyFact | None:
    title = article.title
    if title is None or not title.text.strip():
        return None
    return KeyFact(*article.memo(_title_strings), *_span(article, title.start, title.end))


def title_fact(article: Article, lex: TitleLexicon | None = None) -> TitleFact | None:
    title = article.title
    if title is None or not title.text.strip():
        return None
    lex = lex or title_lexicon()
    text, key = article.memo(_title_strings)
    head_text, tail_text = _split(text)
    head, q1 = _analyse(head_text, lex)
    tail, q2 = _analyse(tail_text, lex, opening=False)
    sub = set(tail).difference(head)
    return TitleFact(
        text,
        key,
        _join(sorted(sub.union(head))),
        _join(sorted(sub)),
        "|".join(sorted(set(q1 + q2))),
        bool(q2),
        *_span(article, title.start, title.end),
    )


def _report(
    rule: Rule,
    here: Location,
    text: str,
    others: Sequence[tuple[Location, str, str]],
    count: int,
    what: str,
) -> Finding:
    """One finding for one file, naming the other files it is grouped with: `others`
    holds the first of them (location, title, note), `count` says how many there are."""
    names = ", ".join(f"{loc.path} ({note})" if note else loc.path for loc, _, note in others[:3])
    more = f" and {count - 3:,} more" if count > 3 else ""
    return rule.finding(
        here,
        f"{what} {names}{more}; give each article its own title",
        related=capped(
            [
                Related(loc, f"{title!r}" + (f" ({note})" if note else ""))
                for loc, title, note in others
            ],
            count,
        ),
        text=text,
    )


#: How many of the other files a finding names (see `capped`).
_RELATED = RELATED_LIMIT + 1


class Groups:
    """A site's files grouped by one field of their fact, each group in path order
    (TI002's titles, TI004's slugs): a file's finding is a function of its group
    alone, so an edit re-judges the files of the groups it leaves and joins.

    A fact that is not a `kind`, or whose field is "" (unless `empty`), is in no
    group.
    """

    def __init__(self, kind: type, field: Callable[[Any], Hashable], empty: bool = False) -> None:
        self.kind = kind
        self.field = field
        self.empty = empty
        self.facts: dict[str, Any] = {}
        self.groups: dict[Hashable, list[str]] = {}

    def _key(self, fact: Any) -> Hashable | None:
        if isinstance(fact, self.kind):
            key = self.field(fact)
            if self.empty or key:
                return key
        return None

    def fact(self, path: str) -> Any:
        return self.facts[path]

    def group(self, path: str) -> list[str]:
        """The paths in `path`'s group, `path` among them (in none: [])."""
        key = self._key(self.facts.get(path))
        return self.groups.get(key, []) if key is not None else []

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        touched: set[str] = set()
        groups = self.groups
        for path in removed:
            key = self._key(self.facts.pop(path, None))
            if key is not None:
                group = groups[key]
                group.remove(path)
                if group:
                    touched.update(group)
                else:
                    del groups[key]
        for path, fact in added:
            self.facts[path] = fact
            key = self._key(fact)
            if key is None:
                continue
            have = groups.get(key)
            if have is None:
                groups[key] = [path]
            else:
                if path > have[-1]:
                    have.append(path)  # facts come in path order: the usual case
                else:
                    insort(have, path)
                touched.update(have)
        return touched


# --------------------------------------------------------------------------- TI002


class DuplicateTitle(CorpusRule):
    """Two articles with the same title compete for the same search and confuse readers.

    Titles are compared without case, markup and punctuation ("Title?" and
    "Title" are the same title).
    """

    code = "TI002"
    name = "duplicate-title"
    summary = "The same title in two or more articles"

    def fact(self, article: Article, options: Options) -> KeyFact | None:
        return key_fact(article)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> Groups:
        return Groups(KeyFact, attrgetter("key"))

    def state_findings(
        self, state: Groups, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        for path in facts:
            fact, group = state.fact(path), state.group(path)
            if len(group) < 2:
                continue
            # A site-wide "Untitled" has thousands of copies: each finding lists the
            # first few others, so the work stays linear in the size of the group.
            first = [
                (f.location(p), f.title, "")
                for p, f in ((p, state.fact(p)) for p in group[: _RELATED + 1])
                if p != path
            ]
            here = fact.location(path)
            yield _report(self, here, fact.title, first[:_RELATED], len(group) - 1, "same title as")


# --------------------------------------------------------------------------- TI003


def _series(ta: set[str], tb: set[str], framed_a: bool, framed_b: bool) -> bool:
    """One main title with subtitles that each name a subject: "Tools: Slack",
    "Tools: Zoom"; "Pay Report: Nurses in Texas", "Pay Report: Electricians in Texas".

    What differs is the subject: a word or two on each side that stand in for
    each other, whatever else the subtitles share.  A subtitle with framing words
    ("A Guide to ...", "Tips for ...") is a tagline, not a subject, so titles that
    differ only there stay near-duplicates.
    """
    only_a, only_b = ta - tb, tb - ta
    if not only_a or not only_b:
        return False
    if framed_a or framed_b:
        # Taglines, unless one word stands for another ("The Employer's Guide",
        # "The Employee's Guide"): two audiences.
        return len(only_a) == 1 and len(only_b) == 1
    # Subjects: what each says on its own outweighs what they share ("ABCs of
    # Payroll: Budgets and Approvals" / "ABCs of Payroll: Talking to Vendors").
    return len(ta & tb) < min(len(only_a), len(only_b)) or (len(only_a) <= 2 and len(only_b) <= 2)


_SAME_WORDS = "same words apart from qualifiers"
_SAME_HEAD = "same main title, other subtitle"
_SUBSET = "adds only words common on this site"
_ADDS = "one adds a word or two"


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
    options: ClassVar[Mapping[str, Option]] = {
        "threshold": Option(0.85),
        "lexicon": Option("", names_file=True),
    }

    #: Weight of subtitle words and of qualifiers relative to main-title words.
    TAIL = 0.5
    QUALIFIER = 0.15
    #: A title whose rarest word is in more titles than this is not compared word by word.
    MAX_CANDIDATES = 1000
    #: A title with more words than this light enough to drop is matched through its
    #: words' postings rather than by trying each set of them (see `_subsets`).
    MAX_DROPPABLE = 10
    #: Words one title may add to the other and still be about the same subject.
    MAX_ADDED = 2
    #: Titles sharing all but a few words with more than this many others are a
    #: templated series ("Welding Schools in <City>"), not near-duplicates.
    MAX_BUCKET = 24

    def fact(self, article: Article, options: Options) -> TitleFact | None:
        return title_fact(article, title_lexicon(options["lexicon"]))

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> NearTitles:
        # The index is built on this module's helpers: imported when first used.
        from artlint.rules.near_titles import NearTitles

        return NearTitles(float(options["threshold"]), options["lexicon"])

    def state_findings(
        self, state: NearTitles, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        from artlint.rules.near_titles import similar

        for path in facts:
            found = state.finding_of(path)
            if found is None:
                continue
            fact, ranked, count = found
            others = [
                (
                    state.facts[p].location(p),
                    state.facts[p].title,
                    f"{similar(minus)} similar: {why}",
                )
                for minus, p, why in ranked
            ]
            yield _report(
                self, fact.location(path), fact.title, others, count, "title nearly repeats"
            )


def _parts(a: str, b: str, lex: TitleLexicon) -> bool:
    """Two parts of one piece, told apart only by small words: "Break It Up: The
    How" and "Break It Up: The Why"."""
    ta, tb = tokens(_split(a)[1]), tokens(_split(b)[1])
    return bool(ta) and bool(tb) and ta != tb and all(t in lex.stopwords for t in (*ta, *tb))


#: Endings of words that qualify rather than name: participles and adjectives.
_MODIFIER_END = re.compile(r"(?:ing|ed|ful|ive|ous|able|ible|less|est)$")


def _sequence(fact: TitleFact, lex: TitleLexicon) -> list[tuple[int, str, str]]:
    """A title's words as `_adds_words` lines them up: qualifiers left out."""
    head, tail = _split(fact.title)
    return [
        w
        for part, opening in ((head, True), (tail, False))
        for w in _words(part, lex, opening)
        if w[0] != _QUALIFIER
    ]


def _cannot_add(
    sa: list[tuple[int, str, str]], sb: list[tuple[int, str, str]], lex: TitleLexicon
) -> bool:
    """What rules most pairs out before they are lined up (`_lined_up`, which
    this must never contradict): a word on each side that the other lacks, with
    no conjunction to coordinate one of them, is another subject; a word on one
    side only that does not qualify names something."""
    ca = {w[1] for w in sa if w[0] == _CONTENT}
    cb = {w[1] for w in sb if w[0] == _CONTENT}
    only_a, only_b = ca - cb, cb - ca
    if not only_a and not only_b:
        return False
    if any(w[0] == _CONJUNCTION for w in (*sa, *sb)):
        return False
    if only_a and only_b:
        return True  # both add: only a coordinated verb could keep the subject
    # One side adds (the other's words are all in its): only words that qualify.
    side, only = (sa, only_a) if only_a else (sb, only_b)
    return not all(
        w[2] in lex.modifiers or _MODIFIER_END.search(w[2])
        for w in side
        if w[0] == _CONTENT and w[1] in only
    )


def _adds_words(
    a: TitleFact,
    sa: list[tuple[int, str, str]],
    b: TitleFact,
    sb: list[tuple[int, str, str]],
    lex: TitleLexicon,
    most: int,
) -> bool:
    """Do two titles say the same with a word or two more on one side or both
    ("Writing a [Winning] Cover Letter"; "How to Build [and Keep] a Healthy Team
    [Culture]")?

    What a title may add: words that qualify (`modifiers`, participles and
    adjectives), and, when the other title adds too, a verb coordinated with one
    of the shared words ("Build and Keep") or one word closing the title.  Not
    when a word stands in for another at the same place ("Nursing" for
    "Tutoring", "1" for "2", "B2B" for "B2C"): two subjects.  Not when an added
    word is in a joiner's phrase ("... in New York [City]", "... for Bloggers [and
    Creators]") or comes with a joiner ("Marketplaces for ..."): another place,
    audience or subject.  Not when it is a whole subtitle naming a subject.
    `sa`, `sb`: the two titles' `_sequence` (a title is in many pairs).
    """
    return not _cannot_add(sa, sb, lex) and _lined_up(a, sa, b, sb, lex, most)


def _lined_up(
    a: TitleFact,
    sa: list[tuple[int, str, str]],
    b: TitleFact,
    sb: list[tuple[int, str, str]],
    lex: TitleLexicon,
    most: int,
) -> bool:
    """`_adds_words` in full: the two titles' words lined up and told apart."""
    shared = 0
    added: list[list[str]] = [[], []]
    kinds: list[set[str]] = [set(), set()]
    for op, i1, i2, j1, j2 in SequenceMatcher(
        None, [w[:2] for w in sa], [w[:2] for w in sb], autojunk=False
    ).get_opcodes():
        if op == "equal":
            shared += sum(w[0] == _CONTENT for w in sa[i1:i2])
            continue
        chunks = ((0, sa, i1, i2), (1, sb, j1, j2))
        if all(any(w[0] == _CONTENT for w in seq[x:y]) for _, seq, x, y in chunks):
            return False  # one word for another: another subject
        for side, seq, x, y in chunks:
            chunk = seq[x:y]
            words = [w[2] for w in chunk if w[0] == _CONTENT]
            if not words:
                continue
            if any(w[0] == _JOINER for w in seq[:x] + chunk):
                return False  # in or with a joiner's phrase: another place or audience
            added[side] += words
            if all(w in lex.modifiers or _MODIFIER_END.search(w) for w in words):
                kinds[side].add("qualifies")
            elif chunk[0][0] == _CONJUNCTION and x > 0 and seq[x - 1][0] == _CONTENT:
                kinds[side].add("coordinated")
            elif y == len(seq) and len(words) == 1:
                kinds[side].add("closing")
            else:
                return False  # a word that names something: another subject
    if shared < 3 or not any(added) or max(map(len, added)) > most:
        return False
    if all(added):
        if "coordinated" not in kinds[0] | kinds[1]:
            return False  # both add, and neither only does more with the same thing
    elif kinds[0] | kinds[1] != {"qualifies"}:
        return False  # alone, only qualifying words keep the subject
    for fact, extra in ((a, added[0]), (b, added[1])):
        subtitle = _unjoin(fact.subtitle_stems)
        if extra and subtitle and len(subtitle) == len(extra) and not fact.framed:
            return False  # the added words are a subtitle naming a subject
    return True


def _pairs(group: Sequence[str], limit: int = 50) -> Iterator[tuple[str, str]]:
    """Pairs within a group; a huge group (a templated series) pairs each title with
    its `limit` neighbours only, so the work stays linear in the number of titles."""
    for a, x in enumerate(group):
        for y in group[a + 1 : a + 1 + limit]:
            yield x, y


# --------------------------------------------------------------------------- TI004


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
        return SlugFact(
            entry.value.strip().strip("/").lower(),
            *_span(article, entry.value_start, entry.value_end),
        )

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> Groups:
        return Groups(SlugFact, attrgetter("slug"), empty=True)  # even "/"

    def state_findings(
        self, state: Groups, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        for path in facts:
            fact, group = state.fact(path), state.group(path)
            if len(group) < 2:
                continue
            slug = fact.slug
            # Each finding names the first few others: linear in the group's size.
            others = [state.fact(p).location(p) for p in group[: _RELATED + 1] if p != path]
            others = others[:_RELATED]
            names = ", ".join(o.path for o in others[:3])
            more = f" and {len(group) - 4:,} more" if len(group) > 4 else ""
            yield self.finding(
                fact.location(path),
                f"slug {slug!r} is also used by {names}{more}; "
                "the pages would share a URL: give each article its own slug",
                related=capped([Related(o, "same slug") for o in others], len(group) - 1),
                text=slug,
            )


RULES = (TitleRepeated, DuplicateTitle, NearDuplicateTitle, DuplicateSlug)
