"""HD: headings — capitalisation, odd case inside words, numbering, levels, repeats."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from operator import attrgetter
from typing import Any, ClassVar, NamedTuple, Protocol

from artlint import edits
from artlint import lexicon as lexicon_data
from artlint.article import Article, Heading, HeadingKind, ItemList
from artlint.language import casing, wordpass
from artlint.language.words import normalise
from artlint.model import Finding, Location, Related, Severity
from artlint.options import Option
from artlint.rule import CorpusRule, Options, Rule, full_findings

#: `label-style` that follows `style`.
SAME = "same"

#: Section headings and item labels are judged apart: a site may write its
#: headings in Title Case and its list labels as sentence-case phrases.
SECTION_CASED = frozenset(
    {HeadingKind.ATX, HeadingKind.SETEXT, HeadingKind.IMPLICIT, HeadingKind.LABEL}
)
LABEL_CASED = frozenset({HeadingKind.NUMBERED, HeadingKind.BOLD, HeadingKind.ITEM})
_TIER_NOUN = {"section": "headings", "label": "list labels"}
TIERS = ("section", "label")
#: The share of an article's decided headings one style needs to be
#: its style (3 in 5): 12 Title Case against 11 sentence case is no majority.
MAJORITY = 0.6
#: Articles that must decide a style before the site has one.
SITE_MIN_ARTICLES = 5
#: The share of those articles one style needs to be the site's: a site whose
#: writers disagree has no style to lend an article.
SITE_MAJORITY = 0.8
#: Words of a whole-line bold lead-in ending in a colon ("**Here is what you
#: need:**"): a sentence that introduces what follows, not a label.
LEAD_IN_WORDS = 4
#: Section headings under which list items are references, not labels.
#: Words of a bullet's opening that, with lower case after its colon or dash, make
#: it a sentence rather than a label and its explanation.
SENTENCE_WORDS = 5
_SOURCES = frozenset(lexicon_data.words("english", "reference_headings"))
#: Words that open a sentence rather than a label ("You will need a licence").
_SUBJECTS = frozenset(lexicon_data.words("english", "sentence_subjects"))
_VALUE = re.compile(r":\s*(?=[\d$€£¥%#(+~<>≈]|\W*\d)")
_LABEL_COLON = re.compile(r":\s+\S")
_DATA_VALUE = re.compile(r"\s*(?::|\s[-–—]{1,2})\s*[\d$€£¥]")

#: A judged part as a fact holds it: offset, text, position, fixed, common.
PartRow = tuple[int, str, str, bool, bool]
#: A heading HD001 judges, as the corpus phase needs it: tier ("section", "label" or
#: "title"), group level, level, the text judged (a label's value cut off), the
#: heading as written, line, column, its parts, where each part's word starts, its
#: runs of capitalised words (`casing.phrase_spans`), and its vote before the site's
#: names are known.
Candidate = tuple[
    str,
    int,
    int,
    str,
    str,
    int,
    int,
    tuple[PartRow, ...],
    tuple[int, ...],
    tuple[tuple[str, tuple[int, ...]], ...],
    str | None,
]


class CaseFact(NamedTuple):
    """What HD001 knows of one article before it has seen the site."""

    candidates: tuple[Candidate, ...]
    #: Words and runs of words the article's prose writes as names.
    names: frozenset[str]
    phrases: frozenset[str]
    #: Runs of capitalised words in the candidates that the article also writes in
    #: lower case: not names here, whatever the rest of the site does.
    lowered: frozenset[str] = frozenset()
    #: False when the article was not parsed in full: its findings offer no fix.
    fixable: bool = True


def article_usage(article: Article) -> casing.Usage:
    """How the article writes words outside its headings (see `casing.usage`),
    worked out once per article for HD001 and HD002 alike (the word pass keeps it)."""
    return wordpass.of(article).usage([(h.start, h.end) for h in article.headings])


def _as_written(article: Article, title: Heading | None) -> Heading | None:
    if title is None or article.text[title.start : title.end] != title.raw:
        return None
    return title


def _own_style(judged: Sequence[casing.Part], lex: casing.Lexicon) -> str:
    """The style a mixed heading leans to: more capitalised words than lower-case ones
    means Title Case (ties too: the capitals were typed on purpose)."""
    caps = sum(
        1
        for p in judged
        if p.position == casing.PLAIN
        and not p.fixed
        and not p.shouted
        and p.capitalised
        and p.common
    )
    lows = sum(
        1
        for p in judged
        if p.position == casing.PLAIN
        and not p.fixed
        and not p.capitalised
        and p.text.lower() not in lex.minor
    )
    return casing.SENTENCE if lows > caps else casing.TITLE


#: The vote of a Title Case heading whose capitals may all be names.
WEAK_TITLE = "weak-title"


def vote(judged: Sequence[casing.Part], cls: str) -> str | None:
    """The style a heading counts for when an article's style is decided: a Title
    Case heading whose capitals may all be names ("Moving to New Zealand") is a
    weak vote, left out when the article is split with it (see `decide`)."""
    if cls == casing.TITLE and not any(
        p.position == casing.PLAIN and p.capitalised and p.common and not p.fixed for p in judged
    ):
        return WEAK_TITLE
    return cls if cls in (casing.TITLE, casing.SENTENCE) else None


def decide(votes: Sequence[str | None], least: int) -> tuple[str | None, int, int]:
    """The style of an article's (or a tier's) votes, with the votes for it and the
    votes counted: the whole count first, then without the weak votes."""
    n_sentence = votes.count(casing.SENTENCE)
    n_strong = votes.count(casing.TITLE)
    for n_title in (n_strong + votes.count(WEAK_TITLE), n_strong):
        style = majority(n_title, n_sentence, least)
        if style is not None:
            return style, max(n_title, n_sentence), n_title + n_sentence
    return None, 0, 0


def majority(n_title: int, n_sentence: int, least: int, share: float = MAJORITY) -> str | None:
    """The style of at least `share` of `least` or more decided votes, or None."""
    decided = n_title + n_sentence
    if decided < least or not decided:
        return None
    if n_title >= share * decided:
        return casing.TITLE
    if n_sentence >= share * decided:
        return casing.SENTENCE
    return None


def judged_text(article: Article, h: Heading) -> str | None:
    """The part of a heading or label that HD001 judges, or None when the line does
    not work as a heading or an item label at all.

    A bold lead-in sentence ("**Here is how it went:**"), a bold line that ends
    in a full stop, an item of a sources list, a link's text and a bullet that is a
    sentence are read as prose; in "Median Salary: $48,000" only the label is judged.
    """
    raw = h.raw
    if h.kind in LABEL_CASED:
        if "](" in raw or raw.startswith("["):
            return None  # a link's text is another page's title
        line_end = article.text.find("\n", h.end)
        after = article.text[h.end : len(article.text) if line_end < 0 else line_end]
        rest = after.strip().strip("*_").strip()
        words = casing.display(raw).split()
        stripped = raw.rstrip().rstrip("*_").rstrip()
        if h.kind != HeadingKind.BOLD and _DATA_VALUE.match(after):
            return None  # "Welders - $48,000": a row of data, not a label and its text
        if h.kind == HeadingKind.BOLD:
            whole = rest in ("", ":")
            if whole and stripped.endswith((".", "!")):
                return None
            if whole and (stripped.endswith(":") or rest == ":") and len(words) >= LEAD_IN_WORDS:
                return None
        if stripped.endswith((".", "!")) and len(words) >= 3:
            return None
        if words and words[0].lower().strip("'’") in _SUBJECTS and len(words) >= 4:
            return None
        if (
            h.kind != HeadingKind.BOLD
            and len(words) >= SENTENCE_WORDS
            and after.lstrip(" :–—-")[:1].islower()
        ):
            return None  # "Other good news about it: they ...": one sentence, no label
        m = _LABEL_COLON.search(raw, casing.enumerator_end(raw))
        if m is not None:
            raw = raw[: m.start()]
    m = _VALUE.search(raw)
    if m is not None:
        raw = raw[: m.start()]
    return raw if raw.strip() else None


#: The level of a bold line standing alone (`_bold_line`): below every Markdown
#: heading, a level of its own.
BOLD_LINE_LEVEL = 7


def _bold_line(article: Article, h: Heading) -> bool:
    """Is `h` a bold paragraph of its own ("**Make It a Habit**" alone on its line)?

    Such a line works as a subheading, not as the label of a list item: writers
    case it like their headings, and their list labels apart ("- **Pay it off:**
    text"), so it is judged with the headings, at a level of its own.
    """
    if h.kind != HeadingKind.BOLD:
        return False
    text = article.text
    if text[text.rfind("\n", 0, h.start) + 1 : h.start].strip() not in ("**", "__"):
        return False
    line_end = text.find("\n", h.end)
    after = text[h.end : len(text) if line_end < 0 else line_end]
    return after.strip().strip("*_").strip() in ("", ":")


def _under_sources(article: Article) -> set[int]:
    """Starts of the labels that are items of a sources or further-reading section."""
    out: set[int] = set()
    inside = False
    for h in article.headings:
        if h.is_section:
            inside = casing.display(h.text).lower().strip(" :") in _SOURCES
        elif inside:
            out.add(h.start)
    return out


def case_fact(article: Article, lex: casing.Lexicon) -> CaseFact:
    """The article's HD001 candidates, judged with what its own prose says."""
    use: casing.Usage | None = None  # only once some heading is judged
    own_title = article.title
    title = _as_written(article, own_title)
    sources: set[int] | None = None
    prose: str | None = None  # the text without its headings, once `_written_so` needs it
    out: list[Candidate] = []
    parent_level = -1
    for h in article.headings:
        if h.is_section:
            parent_level = h.start
        if h.bare or h is own_title:
            continue
        tier = "section" if h.kind in SECTION_CASED else "label" if h.kind in LABEL_CASED else None
        if tier is None:
            continue
        level = h.level
        if tier == "label" and _bold_line(article, h):
            tier, level = "section", BOLD_LINE_LEVEL
        if tier == "label":
            if sources is None:
                sources = _under_sources(article)
            if h.start in sources:
                continue
        text = judged_text(article, h)
        if text is None or casing.shouting(text):
            continue
        if use is None:
            use = article_usage(article)
        judged = casing.judge(text, lex, use)
        if judged:
            judged, prose = _written_so(article, text, judged, lex, prose)
            out.append(
                _candidate(
                    article,
                    h,
                    tier,
                    level if tier == "section" else parent_level,
                    text,
                    judged,
                    lex,
                    level,
                )
            )
    if title is not None and not casing.shouting(title.raw):
        # The title is judged only for mixing styles inside itself: its style may
        # differ from the headings', and a title may be a name ("toggl").
        if use is None:
            use = article_usage(article)
        judged = casing.judge(title.raw, lex, use)
        if judged:
            judged, prose = _written_so(article, title.raw, judged, lex, prose)
            out.append(_candidate(article, title, "title", 0, title.raw, judged, lex))
    if use is None:
        return CaseFact(tuple(out), frozenset(), frozenset())
    runs = {phrase for c in out for phrase, _ in c[9]}
    lowered: frozenset[str] = frozenset()
    if runs:
        body = article.text[article.body_start :]  # a heading's own capitals never match
        lowered = frozenset(r for r in runs if r.lower() in body)
    return CaseFact(tuple(out), use.proper, use.phrases, lowered)


def _written_so(
    article: Article, text: str, judged: list[casing.Part], lex: casing.Lexicon, prose: str | None
) -> tuple[list[casing.Part], str | None]:
    """`judged` with each capitalised common word marked fixed that the prose writes
    capitalised mid-sentence before the same lower-case word ("open the Status
    column" for "## Sorting by the Status column"): the name of a thing on a screen
    or a form, not a slip of style, though the article writes "status" elsewhere.
    Also the prose, made once per article when first needed."""
    out = judged
    for i, (p, nxt) in enumerate(pairwise(judged)):
        if (
            p.fixed
            or p.shouted
            or not p.capitalised
            or p.position != casing.PLAIN
            or nxt.capitalised
            or nxt.text.lower() in lex.minor
            or text[p.offset + len(p.text) : nxt.offset] not in (" ", "\xa0")
        ):
            continue
        if prose is None:  # the body, its headings (a title among them) blanked
            chars = list(article.text)
            for h in (*article.headings, *([article.title] if article.title else [])):
                chars[h.start : h.end] = " " * (h.end - h.start)
            prose = "".join(chars[article.body_start :])
        if re.search(
            rf"[^\W_][,;)\]]?(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)[\[(\"“‘'*_]*"
            rf"{re.escape(p.text)}[^\S\n]{re.escape(nxt.text)}\b",
            prose,
        ):
            if out is judged:
                out = list(judged)
            out[i] = casing.Part(p.offset, p.text, p.position, True, p.common)
    return out, prose


#: A `casing.Part` as a `PartRow`.
_PART_ROW = attrgetter("offset", "text", "position", "fixed", "common")


def _candidate(
    article: Article,
    h: Heading,
    tier: str,
    group: int,
    text: str,
    judged: Sequence[casing.Part],
    lex: casing.Lexicon,
    level: int | None = None,
) -> Candidate:
    line, col = article.index.position(h.start)
    return (
        tier,
        group,
        h.level if level is None else level,
        text,
        h.raw,
        line,
        col,
        tuple(map(_PART_ROW, judged)),
        casing.word_starts(text, lex),
        casing.phrase_spans(text, lex),
        vote(judged, casing.classify(judged, lex)),
    )


@dataclass(frozen=True)
class SiteCasing:
    """What the whole site says about case: its names, and its style per tier.

    A word or run of words is one of the site's names when the prose of at least
    `min_articles` articles writes it capitalised mid-sentence and never in lower
    case; a tier's style is the one at least `MAJORITY` of the articles that decide
    one use, once `SITE_MIN_ARTICLES` do.
    """

    names: frozenset[str] = frozenset()
    phrases: frozenset[str] = frozenset()
    styles: Mapping[str, str | None] = field(default_factory=dict)
    #: Per tier: (articles in the site's style, articles that decide one).
    votes: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    min_articles: int = 2

    @classmethod
    def of(cls, facts: Iterable[CaseFact], least: int) -> SiteCasing:
        counts = SiteCounts(least)
        for fact in facts:
            counts.add(CaseShare.of(fact, least), 1)
        return counts.casing()

    def reason(self, tier: str) -> str:
        """Why the tier has the style it has, or none: for `artlint init` and messages."""
        n, decided = self.votes.get(tier, (0, 0))
        style = self.styles.get(tier)
        noun = _TIER_NOUN[tier]
        if style is not None:
            return (
                f"{n} of {decided} articles that decide write their {noun} in "
                f"{casing.style_name(style)}"
            )
        if decided < SITE_MIN_ARTICLES:
            return f"only {decided} articles have enough {noun} to decide a style"
        return (
            f"no style for {noun}: the most common is used by {n} of {decided} articles, "
            f"short of {SITE_MAJORITY:.0%}"
        )


class NameFact(Protocol):
    """What an article's prose says of names, as HD001's and HD002's facts and
    the shares their states keep of them hold it."""

    @property
    def names(self) -> Collection[str]: ...
    @property
    def phrases(self) -> Collection[str]: ...
    @property
    def lowered(self) -> Collection[str]: ...


class NameCounts:
    """How many articles' prose writes each word and run of words as a name (and
    each run in lower case), and the site's names that makes: the words and runs
    the prose of at least `need` articles writes as names (see `casing.Usage`),
    runs that more articles write as names than also write them in lower case.
    One reading of the site for HD001 and HD002, so that they agree on what a
    name is; counts, so that a file's fact can be taken out again."""

    def __init__(self, need: int) -> None:
        self.need = need
        self.name_counts: Counter[str] = Counter()
        self.phrase_counts: Counter[str] = Counter()
        self.lowered_counts: Counter[str] = Counter()
        self.names: set[str] = set()
        self.phrases: set[str] = set()

    def add(self, fact: NameFact, sign: int) -> set[str]:
        """Count `fact` in (`sign` 1) or out (-1); the words and runs whose standing
        as the site's names changed."""
        flipped: set[str] = set()
        need = self.need
        for word in fact.names:
            n = self.name_counts[word] = self.name_counts[word] + sign
            if (n >= need) != (n - sign >= need):
                flipped.add(word)
                (self.names.add if n >= need else self.names.discard)(word)
            if not n:
                del self.name_counts[word]
        moved = (fact.phrases, self.phrase_counts), (fact.lowered, self.lowered_counts)
        for runs, counts in moved:
            for run in runs:
                counts[run] += sign
        for run in {*fact.phrases, *fact.lowered}:
            n, low = self.phrase_counts[run], self.lowered_counts[run]
            now = n >= need and n > low
            if now != (run in self.phrases):
                flipped.add(run)
                (self.phrases.add if now else self.phrases.discard)(run)
            for counts in (self.phrase_counts, self.lowered_counts):
                if not counts[run]:
                    del counts[run]
        return flipped


class SiteCounts(NameCounts):
    """`NameCounts` plus, per tier, how many articles decide each style: all a
    `SiteCasing` is made of, kept as counts (see `SiteCaseState`)."""

    def __init__(self, least: int) -> None:
        super().__init__(SiteCasing.min_articles)
        self.least = least
        self.decided: dict[str, Counter[str]] = {t: Counter() for t in TIERS}

    def add(self, fact: NameFact, sign: int) -> set[str]:
        assert isinstance(fact, CaseShare)
        for tier, own in zip(TIERS, fact.styles, strict=True):
            if own is not None:
                self.decided[tier][own] += sign
        return super().add(fact, sign)

    def tier(self, tier: str) -> tuple[str | None, tuple[int, int]]:
        """The tier's style (or none) and its votes (see `SiteCasing.votes`)."""
        n_title, n_sentence = self.decided[tier][casing.TITLE], self.decided[tier][casing.SENTENCE]
        style = majority(n_title, n_sentence, SITE_MIN_ARTICLES, SITE_MAJORITY)
        return style, (max(n_title, n_sentence), n_title + n_sentence)

    def casing(self) -> SiteCasing:
        tiers = {t: self.tier(t) for t in TIERS}
        return SiteCasing(
            frozenset(self.names),
            frozenset(self.phrases),
            {t: style for t, (style, _) in tiers.items()},
            {t: votes for t, (_, votes) in tiers.items()},
        )


def _clauses(judged: Sequence[casing.Part]) -> list[list[casing.Part]]:
    """The parts split where a clause starts (after a colon, a dash, a full stop)."""
    out: list[list[casing.Part]] = []
    for i, p in enumerate(judged):
        if not i or p.position in (casing.LEAD, casing.AFTER_STOP, casing.OPENING):
            out.append([])
        out[-1].append(p)
    return out


def _parts(cand: Candidate) -> list[casing.Part]:
    return [casing.Part(*row) for row in cand[7]]


def _article_style(fact: CaseFact, tier: str, least: int) -> str | None:
    return decide([cand[10] for cand in fact.candidates if cand[0] == tier], least)[0]


class CaseShare(NamedTuple):
    """What counting one article into `SiteCounts` took, kept to count it out
    again: far less than its fact, which the state does not keep."""

    names: tuple[str, ...]
    phrases: tuple[str, ...]
    lowered: tuple[str, ...]
    #: Per tier of `TIERS`, the style its own headings decide, if any.
    styles: tuple[str | None, ...]
    #: What of the site's names judging its headings looks up: each word that may
    #: be one (capitalised, not fixed, not a known common word), bare of a
    #: possessive too, and each run of capitalised words.
    keys: tuple[str, ...]

    @classmethod
    def of(cls, fact: CaseFact, least: int) -> CaseShare:
        keys: set[str] = set()
        for cand in fact.candidates:
            for _, text, _, fixed, common in cand[7]:
                if not fixed and not common and text[:1].isupper():
                    keys.add(text)
                    keys.add(casing.bare(text))
            keys.update(phrase for phrase, _ in cand[9])
        return cls(
            packed(fact.names),
            packed(fact.phrases),
            packed(fact.lowered),
            tuple(_article_style(fact, tier, least) for tier in TIERS),
            packed(keys),
        )


def packed(words: Iterable[str]) -> tuple[str, ...]:
    """`words` as a share keeps them: sorted, in a tuple, each string interned.
    A large site keeps one share per article and the same words recur across
    its articles, so each is held (and pickled) once, not once per article; a
    tuple costs a fraction of a set, and a share is only ever walked."""
    return tuple(map(sys.intern, sorted(words)))


class SiteCaseState:
    """HD001's view of a site, kept between runs: what the site says about case, as
    counts (`SiteCounts`), and of each article only its `CaseShare`.

    An article is judged by its own fact and the site's names and styles, so an
    edit re-judges only the articles it can change: those whose headings hold a
    word or run of words that became a site name or stopped being one, and, when
    a tier's style or its votes move, those that borrow the site's style for that
    tier (`borrowers`, noted as they are judged).
    """

    def __init__(self, least: int, lexicon: str) -> None:
        self.least = least
        self.lexicon = lexicon
        self.counts = SiteCounts(least)
        self.site: SiteCasing | None = None
        self.shares: dict[str, CaseShare] = {}
        #: Per tier, the articles whose own headings decide no style for it.
        self.borrowers: dict[str, set[str]] = {t: set() for t in TIERS}

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        before = {t: self._lent(t) for t in TIERS}
        flipped: set[str] = set()
        for path in removed:
            share = self.shares.pop(path, None)
            if share is not None:
                flipped |= self.counts.add(share, -1)
                for borrowers in self.borrowers.values():
                    borrowers.discard(path)
        for path, fact in added:
            if isinstance(fact, CaseFact):
                share = self.shares[path] = CaseShare.of(fact, self.least)
                flipped |= self.counts.add(share, 1)
        self.site = self.counts.casing() if self.shares else None
        dirty: set[str] = set()
        if flipped:  # a scan of the shares: rarer than an index would be large
            dirty.update(
                p for p, share in self.shares.items() if not flipped.isdisjoint(share.keys)
            )
        for tier in TIERS:
            if self._lent(tier) != before[tier]:
                dirty.update(self.borrowers[tier])
        return dirty

    def _lent(self, tier: str) -> tuple[str | None, tuple[int, int] | None]:
        """What an article that borrows the tier's style reads of it: the style,
        and the votes its messages quote (none without a style)."""
        style, votes = self.counts.tier(tier)
        return style, votes if style is not None else None

    def judged(self, path: str, borrowed: set[str]) -> None:
        """Note which tiers `path` borrows the site's style for, as just judged."""
        for tier, borrowers in self.borrowers.items():
            (borrowers.add if tier in borrowed else borrowers.discard)(path)


class HeadingCase(CorpusRule):
    """Headings and item labels whose case differs from their article's style.

    A cross-file rule: an article's own headings decide its style per tier when at
    least `MAJORITY` of them agree; the site's style decides for an article too short
    or too split to; and the site's names (words its prose writes capitalised
    wherever they appear) are names in every article.  The facts hold each article's
    candidates already judged against its own prose, so a change in the site's names
    or style re-judges every article in the next corpus phase.
    """

    code = "HD001"
    name = "heading-case"
    summary = "Heading capitalisation differs from the article's (or the configured) style"
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {
        "style": Option(casing.CONSISTENT, choices=tuple(casing.STYLES)),
        "label-style": Option(SAME, choices=(SAME, *casing.STYLES)),
        "min-headings": Option(3),
        "lexicon": Option("", names_file=True),
    }

    def fact(self, article: Article, options: Options) -> CaseFact | None:
        found = case_fact(article, casing.lexicon(options["lexicon"]))
        if not found.candidates:
            return None
        return found if edits.parsed_in_full(article) else found._replace(fixable=False)

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        """The article judged as a site of one (for callers outside the engine)."""
        fact = self.fact(article, options)
        if fact is not None:
            yield from self.check_corpus([(article.path, fact)], options)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> SiteCaseState:
        return SiteCaseState(options["min-headings"], options["lexicon"])

    def state_findings(
        self, state: SiteCaseState, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        if state.site is None:
            return  # (a lexicon that cannot be read is reported with each file's fact)
        lex = casing.lexicon(options["lexicon"])
        for path in facts:
            fact = facts[path]
            if isinstance(fact, CaseFact):
                borrowed: set[str] = set()
                found = self._article(path, fact, state.site, options, lex, borrowed)
                yield from found if fact.fixable else (replace(f, fix=None) for f in found)
                state.judged(path, borrowed)

    def _article(
        self,
        path: str,
        fact: CaseFact,
        site: SiteCasing,
        options: Options,
        lex: casing.Lexicon,
        borrowed: set[str],
    ) -> Iterator[Finding]:
        """The article's findings; `borrowed` gets the tiers whose style its own
        headings do not decide (the site's style, if any, decides them)."""
        # A site's name holds where the article has no word of its own on it: a part
        # it writes in lower case (or the lexicon knows as common) is not a name here.
        phrases = (site.phrases - fact.lowered) | fact.phrases
        tiers: dict[str, list[tuple[Candidate, list[casing.Part], str]]] = {
            "section": [],
            "label": [],
            "title": [],
        }
        for cand in fact.candidates:
            judged = casing.named_parts(_parts(cand), cand[8], site.names, phrases, cand[9])
            tiers[cand[0]].append((cand, judged, casing.classify(judged, lex)))
        for cand, judged, cls in tiers.pop("title"):
            if cls == casing.MIXED and all(
                casing.classify(c, lex) != casing.MIXED for c in _clauses(judged)
            ):
                continue  # "Pyrus Updates: a new reminder in the app": a label, a subtitle
            if cls == casing.MIXED:
                yield from self._judge(path, cand, judged, cls, None, "", lex, leading=False)
        #: Headings of one level: a level whose headings all agree keeps its own
        #: convention (sentence-case H2s from a template, Title Case H4s), and so
        #: does a lone subheading below every heading of the majority's style.
        #: Lists get no such licence: two lists of one article should match.
        groups: dict[tuple[str, int], set[str]] = {}
        sizes: Counter[tuple[str, int]] = Counter()
        for tier, items in tiers.items():
            for cand, _, cls in items:
                if cls in (casing.TITLE, casing.SENTENCE):
                    groups.setdefault((tier, cand[1]), set()).add(cls)
                    sizes[(tier, cand[1])] += 1
        for tier, items in tiers.items():
            configured = options["style"]
            if tier == "label" and options["label-style"] != SAME:
                configured = options["label-style"]
            style: str | None = None
            evidence = ""
            if configured != casing.CONSISTENT:
                style = configured
                evidence = ", the configured style"
            else:
                style, n, counted = decide(
                    [vote(j, c) for _, j, c in items], options["min-headings"]
                )
                n_mixed = sum(1 for *_, c in items if c == casing.MIXED)
                if style is None and items:
                    borrowed.add(tier)
                if style is not None:
                    evidence = (
                        f" ({n} of {counted + n_mixed} "
                        f"{_TIER_NOUN[tier]} use {casing.style_name(style)})"
                    )
                elif site.styles.get(tier) is not None:
                    style = site.styles[tier]
                    n, decided = site.votes[tier]
                    evidence = (
                        f" (this site's style: {n} of {decided} articles write "
                        f"their {_TIER_NOUN[tier]} so)"
                    )
            strict = configured == casing.SENTENCE
            # With no heading of the style in the article (it is the site's), no
            # heading is "below" the majority.
            majority_top = min((c[2] for c, _, k in items if k == style), default=99)
            for cand, judged, cls in items:
                key = (tier, cand[1])
                own = style
                if (
                    configured == casing.CONSISTENT
                    and tier == "section"
                    and cls != style
                    and groups.get(key) == {cls}
                    and (sizes[key] >= 2 or cand[2] > majority_top)
                ):
                    own = None  # its level agrees with itself, or it is a lone subheading
                yield from self._judge(path, cand, judged, cls, own, evidence, lex, strict=strict)

    def _judge(
        self,
        path: str,
        cand: Candidate,
        judged: list[casing.Part],
        cls: str,
        style: str | None,
        evidence: str,
        lex: casing.Lexicon,
        leading: bool = True,
        strict: bool = False,
    ) -> Iterator[Finding]:
        """At most one finding per heading: at its first word that breaks the style."""
        if style is None and cls == casing.MIXED:
            style = _own_style(judged, lex)
            evidence = ", which the rest of this heading uses"
        bad = (
            casing.offenders(judged, style, lex, strict)
            if style
            else [p for p in judged if p.shouted]
        )
        first = judged[0]
        leads_lower = (
            leading and first.position == casing.LEAD and not first.fixed and not first.capitalised
        )
        if leads_lower:
            bad.insert(0, first)
        if not bad:
            return
        word = bad[0]
        own = cls if cls in (casing.TITLE, casing.SENTENCE) else casing.SENTENCE
        text, raw = cand[3], cand[4]
        suggestion = casing.suggest(text, judged, style or own, lex, strict)
        if len(text) < len(raw):
            suggestion += casing.display(raw[len(text) :])
        if word is first and leads_lower:
            message = f"heading starts with lower-case {word.text!r}; write {suggestion!r}"
        elif word.shouted:
            message = (
                f"{word.text!r} is a common word in capitals"
                f"{'' if style is None else ' in ' + casing.style_name(style)}; "
                f"write {suggestion!r}"
            )
        else:
            assert style is not None
            message = (
                f"{word.text!r} breaks {casing.style_name(style)}{evidence}; write {suggestion!r}"
            )
        line, col = cand[5], cand[6]
        before = raw[: word.offset]
        if "\n" in before:
            line += before.count("\n")
            col = len(before) - before.rfind("\n")
        else:
            col += word.offset
        yield self.finding(
            Location(path, line, col, line, col + len(word.text)),
            message,
            text=raw,
            fix=edits.heading_case_at(cand[5], cand[6], raw, message),
        )


#: A word HD002 flags unless the site vouches for it: the finding, then what clears
#: it, as groups of spellings: it stands unless the site's names hold a spelling of
#: every group (an empty group is one nothing clears).
OddCandidate = tuple[Finding, tuple[tuple[str, ...], ...]]


class OddFact(NamedTuple):
    """What HD002 knows of one article before it has seen the site: its candidates,
    already cleared by what its own prose writes, and the names its prose writes
    (for `NameCounts`; HD002's words are single, so it has no runs of its own)."""

    candidates: tuple[OddCandidate, ...]
    names: frozenset[str]
    phrases: frozenset[str] = frozenset()
    lowered: frozenset[str] = frozenset()


class OddWordCase(CorpusRule):
    """Odd case inside a word, unless the article's prose or the site's writes it so.

    A cross-file rule like HD001: a spelling that the site's prose writes as a name
    (`NameCounts`, the same reading HD001 uses) is one in every article, so the
    "MasterClass" of a heading stands when other articles write "MasterClass"
    mid-sentence.  For a compound's capitalised part ("work-Life") the site's name
    holds only where the article has no lower-case word of its own on it, as in HD001.
    """

    code = "HD002"
    name = "odd-word-case"
    summary = "Odd capitalisation inside a word or a hyphenated compound"
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {"lexicon": Option("", names_file=True)}

    def fact(self, article: Article, options: Options) -> OddFact | None:
        lex = casing.lexicon(options["lexicon"])
        if not any(not h.bare for h in article.headings):
            return None
        use = article_usage(article)
        found = OddFact(tuple(self._candidates(article, lex, use)), use.proper)
        return found if found.candidates or found.names else None

    def _candidates(
        self, article: Article, lex: casing.Lexicon, use: casing.Usage
    ) -> Iterator[OddCandidate]:
        forms, proper = use.forms, use.proper
        for h in article.headings:
            if h.bare:
                continue
            for spot in casing.odd_spots(h.raw, lex):
                if spot.word in forms:
                    continue  # a spelling the article uses in its prose too
                inner = [odd for odd in spot.inner if use.common(odd[1], lex)]
                for offset, part, message in [*spot.odd, *inner]:
                    if part not in forms:
                        start = h.start + offset
                        yield (
                            self.at(
                                article,
                                start,
                                start + len(part),
                                message,
                                fix=edits.odd_case(article, h.raw, h.start, offset, part, message),
                            ),
                            ((part, casing.bare(part)),),
                        )
                if spot.compound is not None:
                    offset, message, first, later = spot.compound
                    rest = [
                        (p, bare) for p, bare in later if p not in proper and bare not in proper
                    ]
                    if first[0] not in proper and first[1] not in proper and rest:
                        start = h.start + offset
                        yield (
                            self.at(
                                article,
                                start,
                                start + len(spot.word),
                                message,
                                fix=edits.odd_case(
                                    article, h.raw, h.start, offset, spot.word, message
                                ),
                            ),
                            tuple(() if use.common(p, lex) else (p, bare) for p, bare in rest),
                        )

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        """The article judged as a site of one (for callers outside the engine)."""
        fact = self.fact(article, options)
        if fact is not None:
            yield from self.check_corpus([(article.path, fact)], options)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> OddNames:
        return OddNames()

    def state_findings(
        self, state: OddNames, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        names = state.counts.names
        for path in facts:
            fact = facts[path]
            if isinstance(fact, OddFact):
                for finding, needs in fact.candidates:
                    if not all(any(n in names for n in group) for group in needs):
                        yield finding


class OddShare(NamedTuple):
    """What counting one article into HD002's `NameCounts` took, and the
    spellings whose standing as site names its findings turn on."""

    names: tuple[str, ...]
    #: As `CaseShare.keys`.
    keys: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    lowered: tuple[str, ...] = ()


class OddNames:
    """HD002's view of a site, kept between runs: the site's name counts and each
    article's `OddShare`.  A finding stands unless the site's names vouch for
    it, so an edit re-judges only the articles whose findings name a spelling
    that became a site name or stopped being one."""

    def __init__(self) -> None:
        self.counts = NameCounts(SiteCasing.min_articles)
        self.shares: dict[str, OddShare] = {}

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        flipped: set[str] = set()
        for path in removed:
            share = self.shares.pop(path, None)
            if share is not None:
                flipped |= self.counts.add(share, -1)
        for path, fact in added:
            if isinstance(fact, OddFact):
                keys = {n for _, needs in fact.candidates for group in needs for n in group}
                share = OddShare(packed(fact.names), packed(keys))
                self.shares[path] = share
                flipped |= self.counts.add(share, 1)
        if not flipped:
            return set()
        return {p for p, share in self.shares.items() if not flipped.isdisjoint(share.keys)}


#: Where a numbering stands after an item: the item's number, and the number it
#: should have had when that differs (else the same number).
_Count = tuple[int, int]


def _breaks(number: int, prev: _Count) -> bool:
    """Does `number` break the sequence after `prev`?  The item after a slip may
    follow either the slip (1, 2, 4, 5) or the count it broke (1, 2, 2, 4: one
    item numbered twice, and the list goes on right): one slip, one finding."""
    return number != 1 and number != prev[0] + 1 and number != prev[1] + 1


def _count(number: int, prev: _Count | None) -> _Count:
    if prev is None or not _breaks(number, prev):
        return number, number
    return number, prev[0] + 1


class Numbering(Rule):
    code = "HD003"
    name = "numbering"
    summary = "Numbered items skip or repeat a number"
    fixable = True
    severity = Severity.WARNING

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        yield from self._lists(article)
        yield from self._headings(article)

    def _flag(self, article: Article, start: int, number: int, prev: int) -> Finding:
        end = article.text.find("\n", start)
        end = len(article.text) if end == -1 else end
        what = f"repeats {number}" if number == prev else f"skips from {prev} to {number}"
        return self.at(
            article,
            start,
            end,
            f"numbering {what}; expected {prev + 1} (renumber the items)",
            fix=edits.renumber(article, start, prev + 1),
        )

    def _lists(self, article: Article) -> Iterator[Finding]:
        """Ordered lists, item by item.

        A list numbered 1, 1, 1 is Markdown's lazy numbering and fine.  A list that
        starts above 1 continues the previous one of the same section (a paragraph
        or picture between items splits a Markdown list in two); a 1 starts afresh.
        """
        events: list[tuple[int, ItemList | None]] = [
            (h.mark_start if h.mark_start >= 0 else h.start, None)
            for h in article.headings
            if h.is_section
        ]
        events += [(lst.items[0].start, lst) for lst in article.lists if lst.ordered and lst.items]
        events.sort(key=lambda e: (e[0], e[1] is not None))
        chain: _Count | None = None
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
                if prev is not None and _breaks(item.number, prev):
                    yield self._flag(article, item.start, item.number, prev[0])
                prev = _count(item.number, prev)
            if lst.depth == 1:
                chain = prev

    def _headings(self, article: Article) -> Iterator[Finding]:
        """Numbered headings ("### 2. Network"), among siblings of one parent."""
        last: dict[int, _Count] = {}
        for h in article.headings:
            if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
                continue
            for level in [lv for lv in last if lv > h.level]:
                del last[level]
            if h.number is None:
                last.pop(h.level, None)
                continue
            prev = last.get(h.level)
            if prev is not None and _breaks(h.number, prev):
                yield self._flag(
                    article, h.mark_start if h.mark_start >= 0 else h.start, h.number, prev[0]
                )
            last[h.level] = _count(h.number, prev)


class Span(NamedTuple):
    """Where a heading is, and its source text: what HD004 reports at."""

    line: int
    column: int
    end_line: int
    end_column: int
    raw: str

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


class Jump(NamedTuple):
    """A heading `level` deep right after one `before` deep."""

    at: Span
    before: int
    level: int


class LevelFact(NamedTuple):
    """What HD004 knows of one article: the level of its first heading under a
    title (0 with no title) and where that heading is, then each later jump."""

    first: int
    where: Span
    jumps: tuple[Jump, ...]


#: Articles that must start below H2 in one way before that is the site's convention.
CONVENTION_MIN_ARTICLES = 3


def level_fact(article: Article) -> LevelFact | None:
    """Levels relative to the article's own first heading: its depth under the title
    is the site's business (see `LevelJump`), every later step the article's."""
    has_title = article.title is not None and (
        article.front_matter is not None or article.title.kind is not HeadingKind.TITLE
    )
    first = 0
    where = Span(0, 0, 0, 0, "")
    jumps: list[Jump] = []
    last = 0
    for h in article.headings:
        if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
            continue
        loc = article.location(h.start, h.end)
        span = Span(loc.line, loc.column, loc.end_line, loc.end_column, h.raw)
        if not last:
            if h.level == 1 and article.front_matter is None:
                last = 1  # the title itself, as the body's H1
                continue
            first, where = (h.level if has_title else 0), span
        elif h.level > last + 1:
            jumps.append(Jump(span, last, h.level))
        last = h.level
    if not first and not jumps:
        return None
    return LevelFact(first, where, tuple(jumps))


class LevelJump(CorpusRule):
    """A heading more than one level deeper than the one before it.

    Levels are judged relative to the article's own first heading.  How deep that
    first heading sits under the title is a site's convention when most of its
    articles do the same (every article opens with H3 under its title): the run
    reports the convention once, as a note on one article, and flags only the
    articles that start deeper than it.  `top-level` states the level articles
    start at (0: learn it from the site).
    """

    code = "HD004"
    name = "heading-level-jump"
    summary = "A heading is more than one level deeper than the one before it"
    options: ClassVar[Mapping[str, Option]] = {"top-level": Option(0)}

    def fact(self, article: Article, options: Options) -> LevelFact | None:
        return level_fact(article)

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        """The article judged as a site of one (for callers outside the engine)."""
        fact = self.fact(article, options)
        if fact is not None:
            yield from self.check_corpus([(article.path, fact)], options)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> SiteLevels:
        return SiteLevels(options["top-level"])

    def state_findings(
        self, state: SiteLevels, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        expected, noted, starts, total = state.summary()
        for path in sorted(facts):
            fact = facts[path]
            if not isinstance(fact, LevelFact):
                continue
            first, where, jumps = fact
            if first and first > expected:
                yield self.finding(
                    where.location(path),
                    f"heading level jumps from the title to H{first}; use H{expected}"
                    + ("" if expected == 2 else " (where this site's articles start)"),
                    text=where.raw,
                )
            elif path == noted:
                yield self.finding(
                    where.location(path),
                    f"site convention: {starts} of {total} articles start at H{expected} "
                    f"under their title, not H2 (noted once per run, not per file); set "
                    f"HD004's `top-level: {expected}` in config to accept it",
                    text=where.raw,
                )
            for span, before, level in jumps:
                yield self.finding(
                    span.location(path),
                    f"heading level jumps from H{before} to H{level}; use H{before + 1}",
                    text=span.raw,
                )


class SiteLevels:
    """HD004's view of a site, kept between runs: each titled article's first
    level and their counts.  An article's findings turn only on its own fact and
    the site's expected level, and the note on the first article (in path order)
    that starts at it, so an edit re-judges the articles at or below the levels
    that moved and the article the note leaves or lands on."""

    def __init__(self, configured: int = 0) -> None:
        self.configured = configured
        #: Articles with a title and a heading: the level of that first heading.
        self.firsts: dict[str, int] = {}
        self.counts: Counter[int] = Counter()

    def summary(self) -> tuple[int, str | None, int, int]:
        """The level articles should start at, the article that carries the
        convention's note (None: no note), and the note's numbers."""
        top, starts, total = _top_level(self.counts)
        expected = self.configured or top or 2
        if self.configured or top is None:
            return expected, None, 0, 0
        noted = min(p for p, first in self.firsts.items() if first == expected)
        return expected, noted, starts, total

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        expected, noted, _, _ = before = self.summary()
        for path in removed:
            first = self.firsts.pop(path, 0)
            if first:
                self.counts[first] -= 1
                if not self.counts[first]:
                    del self.counts[first]
        for path, fact in added:
            if isinstance(fact, LevelFact) and fact.first:
                self.firsts[path] = fact.first
                self.counts[fact.first] += 1
        after = self.summary()
        if after == before:
            return set()
        touched = {p for p in (noted, after[1]) if p is not None}
        if after[0] != expected:
            # At the lower of the two levels an article is either fine or the
            # note's (taken above), and below it fine either way.
            low = min(expected, after[0])
            touched.update(p for p, first in self.firsts.items() if first > low)
        return touched


def site_top_level(facts: Iterable[LevelFact]) -> tuple[int | None, int, int]:
    """The level most of a site's articles start at under their title when that is
    deeper than H2 (else None), the articles that start there, and the articles
    with a title and a heading."""
    return _top_level(Counter(f.first for f in facts if f.first))


def _top_level(firsts: Counter[int]) -> tuple[int | None, int, int]:
    total = sum(firsts.values())
    if not firsts:
        return None, 0, 0
    level, n = firsts.most_common(1)[0]
    if level > 2 and n >= CONVENTION_MIN_ARTICLES and n > total / 2:
        return level, n, total
    return None, n, total


class DuplicateHeading(Rule):
    code = "HD005"
    name = "duplicate-heading"
    summary = "The same heading twice among siblings"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        """Markdown headings among siblings, and a bold subheading (`_bold_line`)
        that repeats the bold line just before it in the same section: how bold
        lines nest is not written down ("**1. A College**", then "**Courses**"
        under each), so only a repeat with no other bold line between is sure."""
        seen: dict[tuple[int, str], Heading] = {}
        parents: list[Heading] = []
        last_bold: Heading | None = None
        for h in article.headings:
            if h.kind is HeadingKind.BOLD and _bold_line(article, h):
                if last_bold is not None and normalise(h.text) == normalise(last_bold.text):
                    yield self._repeat(article, h, last_bold)
                last_bold = h
                continue
            if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
                continue
            last_bold = None
            while parents and parents[-1].level >= h.level:
                parents.pop()
            parent_key = parents[-1].start if parents else -1
            key = (parent_key, normalise(h.text))
            first = seen.get(key)
            if first is not None:
                yield self._repeat(article, h, first)
            else:
                seen[key] = h
            parents.append(h)

    def _repeat(self, article: Article, h: Heading, first: Heading) -> Finding:
        return self.at(
            article,
            h.start,
            h.end,
            f"heading {h.text!r} already appears in this section at line {first.line}",
            related=[Related(article.location(first.start, first.end), "the first one")],
        )


RULES = (HeadingCase, OddWordCase, Numbering, LevelJump, DuplicateHeading)


# --------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class SiteHeadings:
    """How a site writes its headings, as `artlint init` reports and configures it.

    `styles` maps each tier ("section" for headings, "label" for list labels) to
    the style for HD001's `style` / `label-style` options, or None with the reason
    in `reasons`; `top_level` is the level the site's articles start at under their
    title (for HD004's `top-level`), or None when most do not agree on one below H2.
    """

    styles: Mapping[str, str | None]
    reasons: Mapping[str, str]
    top_level: int | None


def infer_site(articles: Iterable[Article], lexicon: str = "") -> SiteHeadings:
    """Read a site's heading style per tier and its top heading level, with the same
    facts and thresholds HD001 and HD004 use in a run."""
    case, levels = HeadingCase(), LevelJump()
    case_options = HeadingCase.defaults()
    case_options["lexicon"] = lexicon
    case_facts: list[CaseFact] = []
    level_facts: list[LevelFact] = []
    for article in articles:
        cf = case.fact(article, case_options)
        if cf is not None:
            case_facts.append(cf)
        lf = levels.fact(article, {"top-level": 0})
        if lf is not None:
            level_facts.append(lf)
    site = SiteCasing.of(case_facts, case_options["min-headings"])
    top, _, _ = site_top_level(level_facts)
    return SiteHeadings(dict(site.styles), {t: site.reason(t) for t in TIERS}, top)
