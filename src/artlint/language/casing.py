"""Word case: which style a heading is written in, and which of its words break a style.

Two sources of knowledge decide whether a capitalised word is a common word (so
it is evidence of Title Case, and wrong in sentence case) or a name (right in
every style):

* the shared lexicon `rules/lexicon/casing.yaml`: minor words by grammatical
  class (so AP and Chicago title case can be told apart), prefixes, and spellings
  that are always right (acronyms, brands, languages, months);
* the article's own usage (`Usage`): a word it writes in lower case somewhere is a
  common word; a word it capitalises in mid-sentence and never writes in lower
  case is one of the site's names.  A word with neither kind of evidence is
  "unknown": it counts towards Title Case but is never lower-cased in a
  suggestion, because it may be a name ("San Antonio", "Visual Studio Code").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import accumulate, compress, pairwise
from operator import itemgetter
from typing import NamedTuple, TypeVar

from artlint import lexicon as lexicon_data
from artlint.article import plain

TITLE = "title"
SENTENCE = "sentence"
MIXED = "mixed"
NEUTRAL = "neutral"

#: Style option values: inferred by majority, or fixed by config.
CONSISTENT = "consistent"
TITLE_ANY = "title"
TITLE_AP = "title-ap"
TITLE_CHICAGO = "title-chicago"
STYLES = (CONSISTENT, TITLE_ANY, TITLE_AP, TITLE_CHICAGO, SENTENCE)


@dataclass(frozen=True)
class Lexicon:
    """The casing lexicon: minor words by class, prefixes and fixed spellings."""

    articles: frozenset[str]
    conjunctions: frozenset[str]
    prepositions: frozenset[str]
    particles: frozenset[str]
    loose: frozenset[str]
    prefixes: frozenset[str]
    spellings: frozenset[str]
    name_particles: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()

    @cached_property
    def memo(self) -> _Memos:
        """Verdicts that depend on nothing but a string and this lexicon: not part of
        the lexicon's value, so neither compared nor hashed."""
        return _Memos()

    @cached_property
    def minor(self) -> frozenset[str]:
        """Every word some title-case style keeps lower-case."""
        return (
            self.articles
            | self.conjunctions
            | self.prepositions
            | self.loose
            | self.name_particles
            | {"to"}
        )

    def lower_ok(self, low: str, style: str) -> bool:
        """May `low` stay lower-case inside a heading in this title-case style?"""
        if low in self.name_particles:
            return True
        if style == TITLE_AP:
            short = self.conjunctions | self.prepositions
            return low in self.articles or low == "to" or (low in short and len(low) <= 3)
        if style == TITLE_CHICAGO:
            return low in self.articles | self.conjunctions | self.prepositions | {"to", "as"}
        return low in self.minor

    def upper_ok(self, low: str, style: str) -> bool:
        """May the minor word `low` be capitalised inside a heading in this style?

        An inferred or unspecified title style accepts a capitalised minor word;
        AP and Chicago do not, unless the word may be a verb's particle ("Log In").
        """
        if style in (TITLE_AP, TITLE_CHICAGO):
            return low in self.particles or not self.lower_ok(low, style)
        return True


def _words(data: dict[str, object], key: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"casing lexicon: '{key}' must be a list")
    return frozenset(str(w).lower() for w in value)


@lru_cache(maxsize=8)
def lexicon(extra: str = "") -> Lexicon:
    """The built-in lexicon, extended by a house lexicon file when one is named."""
    data = lexicon_data.load("casing", extra)
    spellings = data.get("spellings", [])
    return Lexicon(
        _words(data, "articles"),
        _words(data, "conjunctions"),
        _words(data, "prepositions"),
        _words(data, "particles"),
        _words(data, "loose"),
        _words(data, "prefixes"),
        frozenset(str(w) for w in spellings) if isinstance(spellings, list) else frozenset(),
        _words(data, "name_particles"),
        _words(data, "common"),
    )


# --------------------------------------------------------------------------- words

#: Text that is not prose: link targets, URLs, e-mail addresses, code, HTML tags.
#: Each alternative with a string that any text it matches contains.
_NOT_PROSE_PARTS = (
    ("](", r"\]\([^)]*\)"),
    ("<", r"<[^>\n]*>"),
    ("`", r"`[^`\n]*`"),
    ("://", r"https?://\S+"),
    ("www.", r"www\.\S+"),
    ("@", r"\b[\w.+-]+@[\w-]+\.[\w.]+"),
    ("{", r"\{[^}\n]*\}"),
    ("&", r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});"),
)
_NOT_PROSE = re.compile("|".join(alt for _, alt in _NOT_PROSE_PARTS))
WORD = re.compile(r"[^\W_](?:(?:[\w'’./&+-]|\\-)*[^\W_])?")
#: A clause may restart with a capital after these ("Pay: What to Expect").
_STOP = re.compile(r"[?!]")
_FULL_STOP = re.compile(r"\.\s")
#: Brackets and quotation marks: the word after one may take any case.
_OPENING = re.compile(r"[()\"“”]")
_BREAK = re.compile(r"[:?!;|]|\.\s|\s[-–—]{1,2}\s|—|\(|\"|“")
#: A heading's enumerator, which is not a word: "2.", "3)", "Step 4:", "#5", "a)",
#: "b.", "(iii)", "iv." ("a. Start early").
_LEADING_NUMBER = re.compile(
    r"\s*(?:[*_]{1,3}\s*)?(?:\d{1,3}\\?[.)]|step\s+\d+[:.]?|#\d+|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})\)"
    r"|(?:[a-z]|[ivx]{1,5})\\?\.)\s+",
    re.I,
)
_ODD_UPPER_LOWER = re.compile(r"[A-Z]{2,}[a-z]+")  # "SKill"
_ODD_LOWER_UPPER = re.compile(r"[a-z]+[A-Z]{2,}[A-Za-z]*")  # "cONTROL"
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "APIs", "CEOs"
_POSSESSIVE = re.compile(r"['’]s$")


def mask(raw: str) -> str:
    """`raw` with non-prose spans blanked out, so offsets stay valid."""
    key = 0
    for bit, (needle, _) in enumerate(_NOT_PROSE_PARTS):
        if needle in raw:
            key |= 1 << bit
    if not key:
        return raw
    return _not_prose(key).sub(_blank, raw)


@cache
def _not_prose(key: int) -> re.Pattern[str]:
    """`_NOT_PROSE` with only the alternatives whose needle (bit of `key`) the text
    holds: the others cannot match, and trying them at every position is slow."""
    return re.compile(
        "|".join(alt for bit, (_, alt) in enumerate(_NOT_PROSE_PARTS) if key >> bit & 1)
    )


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


_PART_SEP = re.compile(r"\\?[-/]")


def parts(word: str) -> list[tuple[int, str]]:
    """Hyphen- or slash-separated parts of a word with their offsets (a Markdown
    escape before the hyphen, "Cost\\-effective", belongs to the separator)."""
    if "-" not in word and "/" not in word:
        return [(0, word)] if word else []
    out = []
    pos = 0
    for m in _PART_SEP.finditer(word):
        if m.start() > pos:
            out.append((pos, word[pos : m.start()]))
        pos = m.end()
    if pos < len(word):
        out.append((pos, word[pos:]))
    return out


def is_acronym(word: str) -> bool:
    if word.isascii():  # most words: no lower-case letter, and two letters at least
        return word.isupper() and sum(map(str.isalpha, word)) >= 2
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def fixed(word: str, lex: Lexicon, proper: Iterable[str] = ()) -> bool:
    """Words whose case says nothing about a heading's style: names, acronyms, code."""
    return _fixed_alone(word, lex) or word in proper or _bare(word) in proper


#: Entries a memo holds before it starts afresh (each lexicon has its own memos), so
#: that a memo of heading shapes does not grow with the site.
_MEMO_SIZE = 2048


class _Memos:
    """A lexicon's memos, each emptied when full (`_remember`) so that it stays small."""

    __slots__ = ("common", "fixed", "odd", "shapes", "words")

    def __init__(self) -> None:
        self.fixed: dict[str, bool] = {}
        self.common: dict[str, tuple[bool, frozenset[str]]] = {}
        self.shapes: dict[str, _Shape] = {}
        self.words: dict[str, tuple[_WordPart, ...]] = {}
        self.odd: dict[str, tuple[OddSpot, ...]] = {}


_V = TypeVar("_V")


def _remember(table: dict[str, _V], key: str, value: _V) -> _V:
    if len(table) >= _MEMO_SIZE:
        table.clear()
    table[key] = value
    return value


def _bare(word: str) -> str:
    """`word` without a possessive ending ("Bob's" -> "Bob")."""
    return _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word


#: For rules that match a word against the names a site's prose writes (which
#: `usage` keeps without possessive endings).
bare = _bare


def _fixed_alone(word: str, lex: Lexicon) -> bool:
    """`fixed` without the article's names: what the lexicon and the word itself say."""
    verdict = lex.memo.fixed.get(word)
    if verdict is None:
        bare = _bare(word)
        verdict = _remember(
            lex.memo.fixed,
            word,
            (
                word in lex.spellings
                or bare in lex.spellings
                or is_acronym(bare)
                or not word[:1].isalpha()
                or any(c.isdigit() or c in "._&+" for c in word)
                or any(c.isupper() for c in bare[1:])  # CamelCase brands: YouTube, HubSpot
            ),
        )
    return verdict


def odd_case(part: str, lex: Lexicon) -> bool:
    """Case inside one word that no style produces ("SKill", "cONTROL")."""
    if part in lex.spellings or not part.isalpha() or _PLURAL_ACRONYM.fullmatch(part):
        return False
    return bool(_ODD_UPPER_LOWER.fullmatch(part) or _ODD_LOWER_UPPER.fullmatch(part))


class OddSpot(NamedTuple):
    """A word of a heading that HD002 flags unless the article's prose vouches for it."""

    word: str
    #: Parts with case no style produces ("SKill"), each (offset in the heading's
    #: raw text, part, message): flagged unless the prose writes the part as it is.
    odd: tuple[tuple[int, str, str], ...]
    #: A compound that starts lower-case and capitalises a later part ("work-Life"),
    #: or None: (offset of the word, message, (first part, its bare form), (later
    #: capitalised parts and their bare forms)).  Flagged unless the prose has the
    #: first part as a name, or every later one.
    compound: tuple[int, str, tuple[str, str], tuple[tuple[str, str], ...]] | None
    #: Parts with a capital inside after a leading one ("SkILL", "MaNager"), as `odd`:
    #: the shape of a brand ("HubSpot"), so flagged only when the part is a common
    #: word the article writes in lower case (or the lexicon knows), and the prose
    #: never writes it as it is.
    inner: tuple[tuple[int, str, str], ...] = ()


def odd_spots(raw: str, lex: Lexicon) -> tuple[OddSpot, ...]:
    """The words of a heading that may have odd case inside them, memoised per text:
    most headings have none, and then the article's usage is never needed."""
    spots = lex.memo.odd.get(raw)
    if spots is None:
        spots = _remember(lex.memo.odd, raw, tuple(_odd_spots(raw, lex)))
    return spots


def _odd_part(at: int, part: str, first: str) -> tuple[int, str, str]:
    """A word part with an odd capital, and the message naming its spelling with
    `first` as its first letter and the rest in lower case."""
    return at, part, f"odd capitalisation inside {part!r}; write {first + part[1:].lower()!r}"


def _odd_spots(raw: str, lex: Lexicon) -> Iterator[OddSpot]:
    for m in WORD.finditer(mask(raw)):
        word = m.group()
        if word in lex.spellings:
            continue
        ps = parts(word)
        odd = tuple(
            _odd_part(m.start() + poff, part, part[0].upper())
            for poff, part in ps
            if odd_case(part, lex)
        )
        inner = tuple(
            _odd_part(m.start() + poff, part, part[0])
            for poff, part in ps
            if _inner_capital(part, lex)
        )
        compound = None
        if len(ps) >= 2 and ps[0][1][:1].islower() and not _fixed_alone(ps[0][1], lex):
            later = tuple(
                (p, _bare(p))
                for _, p in ps[1:]
                if p[:1].isupper() and not _fixed_alone(p, lex) and not odd_case(p, lex)
            )
            if later:
                title_case = "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
                compound = (
                    m.start(),
                    f"compound {word!r} mixes lower and upper case; "
                    f"write {title_case!r} or {word.lower()!r}",
                    (ps[0][1], _bare(ps[0][1])),
                    later,
                )
        if odd or compound or inner:
            yield OddSpot(word, odd, compound, inner)


def _inner_capital(part: str, lex: Lexicon) -> bool:
    """A capital after the first letter of a capitalised word that is not all capitals
    and not a known spelling, and that no other HD002 check covers."""
    bare = _bare(part)
    return (
        bare[:1].isupper()
        and bare.isalpha()
        and any(c.isupper() for c in bare[1:])
        and not is_acronym(bare)
        and part not in lex.spellings
        and bare not in lex.spellings
        and not odd_case(part, lex)
        and not _PLURAL_ACRONYM.fullmatch(bare)
    )


# --------------------------------------------------------------------------- usage


@dataclass(frozen=True)
class Usage:
    """How an article itself writes words, outside its headings.

    `proper`: exact forms capitalised in mid-sentence and never written in lower
    case (the site's names).  `lower`: words seen in lower case anywhere,
    headings included.  `forms`: every exact form seen outside headings.
    """

    proper: frozenset[str] = frozenset()
    lower: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    #: Runs of capitalised words the prose writes as a name and never in lower
    #: case ("Software Engineering", "Visual Studio Code").
    phrases: frozenset[str] = frozenset()

    @cached_property
    def phrase_starts(self) -> frozenset[str]:
        """The first two words of each of `phrases`."""
        return frozenset(" ".join(phrase.split(" ", 2)[:2]) for phrase in self.phrases)

    def common(self, word: str, lex: Lexicon) -> bool:
        """Is `word` a common word (one the article, or title case, writes lower-case)?"""
        known, forms = _common_forms(word, lex)
        return known or not forms.isdisjoint(self.lower)


def _common_forms(word: str, lex: Lexicon) -> tuple[bool, frozenset[str]]:
    """What `Usage.common` asks of a word: whether the lexicon knows it as a common
    word, and the lower-case forms (itself, singular, plural) that make it one when
    the article writes any of them."""
    found = lex.memo.common.get(word)
    if found is None:
        low = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
        variants = {low, low + "s", low + "es"}
        if low.endswith("s"):
            variants.add(low[:-1])
        if low.endswith("es"):
            variants.add(low[:-2])
        if low.endswith("ies"):
            variants.add(low[:-3] + "y")
        if low.endswith("y"):
            variants.add(low[:-1] + "ies")
        found = _remember(
            lex.memo.common, word, (low in lex.minor or low in lex.common, frozenset(variants))
        )
    return found


_LINE_LEAD = re.compile(r"[ \t]*(?:(?:[#>]+|[-*+]|\d{1,3}[.)]|\|)[ \t]*)*[\"'“‘(\[*_]*")
#: Where a sentence restarts inside a line (the spaces it takes never include a newline).
_SENTENCE_BREAK = re.compile(r"(?:[.!?:;|]|[^\S\n][-–—]{1,2})[\"'”’)\]*_]*[^\S\n]+[\"'“‘(\[*_]*")
#: Splits a text into [gap, word, gap, word, ..., gap].
_WORD_SPLIT = re.compile(f"({WORD.pattern})")
#: The same for a text whose letters and digits are all ASCII, and faster: a
#: word is a run of letters and digits, then any runs of the other word characters
#: each followed by letters or digits (so it ends on one, as `WORD` does).  Plain
#: greedy quantifiers: possessive ones need Python 3.11, and a run of punctuation
#: not followed by a letter gives back one character at a time, so no match is
#: worse than linear.
_ASCII_WORD_SPLIT = re.compile(r"([A-Za-z0-9]+(?:[_'’./&+-]+[A-Za-z0-9]+)*)")
_ASCII = frozenset(map(chr, range(128)))


def split_words(text: str) -> list[str]:
    """`_WORD_SPLIT.split(text)`, through its faster ASCII twin when that splits the same."""
    if text.isascii() or not any(map(str.isalnum, set(text).difference(_ASCII))):
        return _ASCII_WORD_SPLIT.split(text)
    return _WORD_SPLIT.split(text)


#: Stands in for a heading's words, which count only towards `Usage.lower`.
_LEFT_OUT = "\0"
_first_char = itemgetter(0)


def _plain_word(word: str) -> str:
    """`word` without a possessive ending, curly apostrophe straightened."""
    if "'" in word or "’" in word:
        return _POSSESSIVE.sub("", word.replace("’", "'"))
    return word


def usage(text: str, headings: Sequence[tuple[int, int]], start: int = 0) -> Usage:
    """Collect `Usage` from `text[start:]`, leaving out capitals inside `headings`
    (offset spans), which are capitalised by style rather than as names.

    Not memoised here: rules ask through `Article.memo`, once per article.
    """
    return _usage(text, tuple(headings), start)


def _lower_forms(words: set[str]) -> set[str]:
    """Every form of `words` written in lower case: whole words, and the lower-case
    parts of compounds ("follow-up", "Start-up" -> "up"), without possessives."""
    plain = set(filter(str.isalnum, words))
    lower = set(filter(str.islower, plain))
    for word in words - plain:  # with a hyphen, a slash, an apostrophe, a dot...
        if word.islower():
            if "-" in word or "/" in word:
                lower.update(_plain_word(p) for _, p in parts(word))
            else:
                lower.add(_plain_word(word))
        elif "-" in word or "/" in word:
            lower.update(_plain_word(p) for _, p in parts(word) if p.islower())
    return lower


#: For the text between two words: (does it end a sentence, does the line's lead end
#: where it ends when the line starts inside it or with it).  See `_gap_verdict`.
_GAPS: dict[str, tuple[bool, bool]] = {}


def _gap_verdict(gap: str) -> tuple[bool, bool]:
    """Whether the word after `gap` starts a sentence, as far as `gap` tells.

    Sentence breaks hold no letter or digit, and neither does a gap, so the breaks
    the whole text's scan finds are those of each gap's own scan: the word after the
    gap follows a break if the gap's last break ends the gap.  A line's lead ends
    at the word if the lead of the gap's last line spans the rest of the gap (when
    the line starts before the gap, the lead may span numbers, "1. Pay", and
    `_usage` reads the line itself).
    """
    ends = [m.end() for m in _SENTENCE_BREAK.finditer(gap)]
    line = gap[gap.rfind("\n") + 1 :]
    lead = _LINE_LEAD.match(line)
    return _remember(
        _GAPS,
        gap,
        (bool(ends) and ends[-1] == len(gap), lead is not None and lead.end() == len(line)),
    )


_NEWLINE = re.compile("\n")


def _usage(text: str, headings: tuple[tuple[int, int], ...], start: int) -> Usage:
    body = mask(text[start:])
    return usage_of_words(body, split_words(body), headings, start)


def usage_of_words(
    body: str, pieces: list[str], headings: Iterable[tuple[int, int]], start: int
) -> Usage:
    """`usage` of a body already masked and split by `split_words` (as
    `wordpass.WordPass` holds it), `start` being where the body starts in the text
    the `headings` spans point into."""
    words = pieces[1::2]
    lower = _lower_forms(set(words))
    #: `starts[i]`: offset of words[i]; `pieces[2 * i]`: the text just before it.
    starts = list(accumulate(map(len, pieces)))[0:-1:2]
    kept = words
    for s, e in sorted((s - start, e - start) for s, e in headings if e > start):
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        if lo < hi:
            if kept is words:
                kept = words.copy()
            kept[lo:hi] = [_LEFT_OUT] * (hi - lo)
    forms = set(kept)
    forms.discard(_LEFT_OUT)
    caps: set[str] = set()
    runs: set[str] = set()
    # A run, words[first:prev + 1]: capitalised words one space apart, none of them
    # in a heading.
    first = prev = -2
    newlines: list[int] | None = None
    for i in compress(range(len(kept)), map(str.isupper, map(_first_char, kept))):
        gap = pieces[2 * i]
        if i != prev + 1 or gap != " ":
            if prev > first:
                runs.add(" ".join(words[first : prev + 1]))
            first = i
        prev = i
        breaks, leads = _GAPS.get(gap) or _gap_verdict(gap)
        if breaks:
            continue
        if i and "\n" not in gap:
            # The line starts before the previous word: its lead ends here only if
            # it spans that word, a number ("1. Pay").
            leads = False
            if words[i - 1][0].isdigit():
                at = starts[i]
                if newlines is None:  # by bisection: rfind on one long line was quadratic
                    newlines = [-1, *(m.start() for m in _NEWLINE.finditer(body))]
                lead = _LINE_LEAD.match(body, newlines[bisect_left(newlines, at) - 1] + 1)
                leads = lead is not None and lead.end() == at
        if not leads:
            caps.add(_plain_word(words[i]))
    if prev > first:
        runs.add(" ".join(words[first : prev + 1]))
    proper = frozenset(w for w in caps if w.lower() not in lower)
    candidates: dict[str, set[str]] = {}  # by the phrase in lower case
    for r in runs:
        ws = r.split(" ")
        for i in range(len(ws) - 1):
            for j in range(i + 2, min(len(ws), i + 4) + 1):
                phrase = " ".join(ws[i:j])
                candidates.setdefault(phrase.lower(), set()).add(phrase)
    written = _written_lower(words, pieces, candidates)
    phrases = {p for key, found in candidates.items() if key not in written for p in found}
    return Usage(proper, frozenset(lower), frozenset(forms), frozenset(phrases))


def _written_lower(words: list[str], pieces: list[str], wanted: Mapping[str, object]) -> set[str]:
    """Which of `wanted` (phrases of 2 to 4 words in lower case) the text writes,
    words one space apart.  One pass over the words: searching the text for each
    phrase in turn was quadratic on a long list item full of capitalised words."""
    if not wanted:
        return set()
    firsts = {key.split(" ", 1)[0] for key in wanted}
    found: set[str] = set()
    last = len(words)
    # Only the words that may open a phrase, picked out in C: most words do not.
    for i in compress(range(last), map(firsts.__contains__, words)):
        phrase = words[i]
        for n in range(1, 4):
            if i + n >= last or pieces[2 * (i + n)] != " ":
                break
            phrase = f"{phrase} {words[i + n]}"
            if phrase in wanted:
                found.add(phrase)
    return found


# --------------------------------------------------------------------------- judging

#: Where a word part stands: leading (first word, or the first after a colon or a
#: dash, which any style may capitalise), after a prefix ("E-commerce"), or plain.
LEAD = "lead"
#: The first word after a question mark, an exclamation mark or a full stop: a new
#: sentence, capitalised in every style.
AFTER_STOP = "after-stop"
#: A word in brackets, or the first after a quotation mark: any case ("Set a
#: Budget (and Stick to It)").
OPENING = "opening"
AFTER_PREFIX = "after-prefix"
PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class Part:
    """One word, or one part of a hyphenated word, of a heading.

    `capitalised` and `shouted` are worked out when the part is made: the corpus
    phase remakes every part of every heading from its fact and asks both of
    each, and a `cached_property` computes (under a lock) on every first ask.
    """

    offset: int  # in the heading's raw text
    text: str
    position: str
    fixed: bool
    common: bool  # for capitalised parts: known to be a common word
    capitalised: bool = field(init=False, repr=False, compare=False)
    #: A common word in capitals ("The DOS and DON'TS"): wrong in every style.
    #: Acronyms are `fixed`, so an unfixed part in capitals is one of these.
    shouted: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "capitalised", self.text[:1].isupper())
        object.__setattr__(self, "shouted", not self.fixed and is_acronym(self.text))


def judge(raw: str, lex: Lexicon, use: Usage) -> list[Part]:
    """The parts of a heading that carry case, each with what is known about it."""
    shape = _shape(raw, lex)
    named: Iterable[int] = ()
    if shape.pairs and use.phrases and not shape.pairs.isdisjoint(use.phrase_starts):
        named = _named(shape.runs, use.phrases)
    proper = use.proper
    lower = use.lower
    out: list[Part] = []
    for offset, text, position, whole, bare, word_start, known, forms, shout, made in shape.slots:
        is_fixed = whole or word_start in named or text in proper or bare in proper
        common = known or not forms.isdisjoint(lower)
        if shout and common and word_start not in named and text not in use.forms:
            is_fixed = False  # a common word in capitals that the prose never writes so
        key = 2 * is_fixed + common
        part = made[key]
        if part is None:
            part = made[key] = Part(offset, text, position, is_fixed, common)
        out.append(part)
    return out


#: What a heading's word part is, whatever the article (see `_shape`): its offset in
#: the heading's raw text, text, position; whether it is fixed whatever the article
#: says (a spelling, an acronym, "work-Life"); its bare form and where its whole word
#: starts (for the names of `Usage.proper` and `Usage.phrases` it may be); what
#: `Usage.common` needs (known to the lexicon, the forms the article may write);
#: whether it may be a common word in capitals ("DOS"); and the `Part`s made of it
#: so far, by 2 * fixed + common (parts are immutable).
_Slot = tuple[int, str, str, bool, str, int, bool, frozenset[str], bool, list[Part | None]]
#: A word's parts as `_Slot`s without the heading: offset in the word, text, position
#: when not the first part (None for the first), then fixed, bare, known, forms and
#: whether it may be a common word in capitals.
_WordPart = tuple[int, str, str | None, bool, str, bool, frozenset[str], bool]


class _Shape(NamedTuple):
    slots: tuple[_Slot, ...]
    #: Runs of two or more capitalised words one space apart, as (word, offset) pairs:
    #: the names of `Usage.phrases` they may hold (see `_named`).
    runs: tuple[tuple[tuple[str, int], ...], ...]
    #: The first two words of each run's every stretch of two or more words, as
    #: written: a heading without one of `Usage.phrase_starts` holds none of its names.
    pairs: frozenset[str]
    #: `word_starts` and `phrase_spans`, asked of every heading a fact holds.
    starts: tuple[int, ...]
    spans: tuple[tuple[str, tuple[int, ...]], ...]


def _shape(raw: str, lex: Lexicon) -> _Shape:
    """All of `judge` that does not depend on the article, memoised per heading text."""
    shape = lex.memo.shapes.get(raw)
    if shape is None:
        shape = _remember(lex.memo.shapes, raw, _read_shape(raw, lex))
    return shape


def _read_shape(raw: str, lex: Lexicon) -> _Shape:
    text = mask(raw)
    m = _LEADING_NUMBER.match(text)
    skip = m.end() if m else 0
    slots: list[_Slot] = []
    prev_end = skip
    first = True
    prev_word = ""
    depth = 0  # of brackets
    words = list(WORD.finditer(text, skip))
    for wm in words:
        gap = text[prev_end : wm.start()]
        depth = max(0, depth + gap.count("(") - gap.count(")"))
        lead: str | None = LEAD if first else None
        if first:
            pass
        elif depth or (gap and not any(c.isspace() for c in gap)):
            lead = OPENING  # an aside in brackets, or a suffix ("401(k)s")
        elif gap != " " and _BREAK.search(gap) is not None:
            lead = clause_start(gap, prev_word)
        first = False
        prev_end = wm.end()
        prev_word = wm.group()
        start = wm.start()
        word = wm.group()
        word_parts = lex.memo.words.get(word)
        if word_parts is None:
            word_parts = _remember(lex.memo.words, word, _word_parts(word, lex))
        for poff, part, position, is_fixed, bare, known, forms, shout in word_parts:
            if position is None:
                position = lead or PLAIN
            elif lead == OPENING:
                position = OPENING
            slots.append(
                (
                    start + poff,
                    part,
                    position,
                    is_fixed,
                    bare,
                    start,
                    known,
                    forms,
                    shout,
                    [None, None, None, None],
                )
            )
    # Runs of capitalised words one space apart.
    runs: list[list[tuple[str, int]]] = []
    end = -1
    for m in words:
        if m.group()[0].isupper():
            if runs and text[end : m.start()] == " ":
                runs[-1].append((m.group(), m.start()))
            else:
                runs.append([(m.group(), m.start())])
            end = m.end()
    long_runs = tuple(tuple(run) for run in runs if len(run) > 1)
    spans = []
    for run in long_runs:
        for i in range(len(run) - 1):
            for j in range(i + 2, min(len(run), i + 4) + 1):
                spans.append((" ".join(w for w, _ in run[i:j]), tuple(o for _, o in run[i:j])))
    return _Shape(
        tuple(slots),
        long_runs,
        frozenset(f"{a} {b}" for run in runs for (a, _), (b, _) in pairwise(run)),
        tuple(s[5] for s in slots),
        tuple(spans),
    )


def _shouted(text: str, bare: str, lex: Lexicon) -> bool:
    """Capitals that may be a common word shouted rather than an acronym: three
    letters or more ("OR" in "Portland, OR" is a state), apostrophes aside, and no
    known spelling."""
    letters = bare.replace("'", "").replace("’", "")
    return (
        is_acronym(bare)
        and letters.isalpha()
        and len(letters) >= 3
        and text not in lex.spellings
        and bare not in lex.spellings
    )


def word_starts(raw: str, lex: Lexicon) -> tuple[int, ...]:
    """Where the word of each part that `judge` yields for `raw` starts."""
    return _shape(raw, lex).starts


def phrase_spans(raw: str, lex: Lexicon) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each stretch of two to four capitalised words one space apart in a heading,
    with where its words start: the names of a site that the heading may hold."""
    return _shape(raw, lex).spans


def named_parts(
    judged: Sequence[Part],
    starts: Sequence[int],
    names: frozenset[str],
    phrases: frozenset[str],
    spans: Iterable[tuple[str, tuple[int, ...]]],
) -> list[Part]:
    """`judged` (whose words start at `starts`) with the parts that `phrases` (runs
    of capitalised words, found among `spans`) hold marked fixed, and those of
    `names` (single words) that nothing says are common words: what a site writes
    as a name is one in every article whose own prose has nothing against it."""
    named: set[int] = set()
    for phrase, offsets in spans:
        if phrase in phrases:
            named.update(offsets)
    out = []
    for p, start in zip(judged, starts, strict=True):
        if (
            not p.fixed
            and p.capitalised
            and not p.shouted
            and ((not p.common and (p.text in names or _bare(p.text) in names)) or start in named)
        ):
            p = Part(p.offset, p.text, p.position, True, p.common)
        out.append(p)
    return out


def clause_start(gap: str, before: str) -> str:
    """The position of a word after `gap`, a break that follows the word `before`.

    After a bracket or a quotation mark any case is right; after a question or
    exclamation mark a sentence starts; so it does after a full stop, unless the
    word before is an abbreviation ("Mr. and Mrs.", "the U.S. market"): short, or
    dotted itself, and then the full stop is no break at all."""
    if _OPENING.search(gap):
        return OPENING
    if _STOP.search(gap):
        return AFTER_STOP
    if _FULL_STOP.search(gap):
        if (len(before) >= 4 or before.isdigit()) and "." not in before:
            return AFTER_STOP
        if _BREAK.search(_FULL_STOP.sub(" ", gap)) is None:
            return PLAIN
    return LEAD


def _named(runs: Iterable[Sequence[tuple[str, int]]], phrases: frozenset[str]) -> set[int]:
    """Offsets of heading words inside a phrase the prose writes as a name."""
    out: set[int] = set()
    for run in runs:
        for i in range(len(run) - 1):
            for j in range(i + 2, len(run) + 1):
                if " ".join(w for w, _ in run[i:j]) in phrases:
                    out.update(start for _, start in run[i:j])
    return out


def _word_parts(word: str, lex: Lexicon) -> tuple[_WordPart, ...]:
    whole = word in lex.spellings or _POSSESSIVE.sub("", word) in lex.spellings
    ps = parts(word)
    if len(ps) > 1 and ps[0][1][:1].islower() and any(p[:1].isupper() for _, p in ps[1:]):
        whole = True  # "work-Life": odd case inside a compound, HD002's finding
    out: list[_WordPart] = []
    prev_part = ""
    for poff, part in ps:
        if poff == 0:
            position = None  # LEAD or PLAIN: where the word stands in the heading
        elif prev_part.lower() in lex.prefixes:
            position = AFTER_PREFIX
        else:
            position = PLAIN
        known, forms = _common_forms(part, lex)
        bare = _bare(part)
        out.append(
            (
                poff,
                part,
                position,
                whole or _fixed_alone(part, lex),
                bare,
                known,
                forms,
                not whole and _shouted(part, bare, lex),
            )
        )
        prev_part = part
    return tuple(out)


def classify(judged: Sequence[Part], lex: Lexicon) -> str:
    """TITLE, SENTENCE, MIXED or NEUTRAL, from the parts that carry evidence.

    A capitalised word known to be common and a lower-case word that title case
    would capitalise make a heading MIXED; an unknown capitalised word (perhaps a
    name) beside lower-case words leaves it SENTENCE.
    """
    upper = lower = known_upper = False
    for p in judged:
        if p.position != PLAIN or p.fixed or p.shouted:
            continue
        low = p.text.lower()
        if p.capitalised:
            upper = True
            known_upper = known_upper or p.common
        elif low not in lex.minor:
            lower = True
    if lower and known_upper:
        return MIXED
    if lower:
        return SENTENCE
    if upper:
        return TITLE
    return NEUTRAL


def offenders(judged: Sequence[Part], style: str, lex: Lexicon, strict: bool = False) -> list[Part]:
    """The parts that break `style` (a title style or SENTENCE), in order.

    `strict` (a configured sentence case): a capitalised word breaks it unless it is
    known as a name, even when nothing says it is a common word ("Keeping Records
    Tidy").  The first word of a clause after a colon or a dash is capitalised in
    title case; after a question mark or a full stop, in every style.
    """
    out = []
    for i, p in enumerate(judged):
        if p.fixed:
            continue
        if p.shouted:
            out.append(p)
            continue
        if p.position in (LEAD, AFTER_STOP):
            if i and not p.capitalised and (p.position == AFTER_STOP or style != SENTENCE):
                out.append(p)
            continue
        if p.position != PLAIN:
            continue
        low = p.text.lower()
        if style == SENTENCE:
            if p.capitalised and (p.common or strict):
                out.append(p)
        elif p.capitalised:
            if low in lex.minor and not lex.upper_ok(low, style):
                out.append(p)
        elif not lex.lower_ok(low, style):
            out.append(p)
    return out


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def suggest(
    raw: str, judged: Sequence[Part], style: str, lex: Lexicon, strict: bool = False
) -> str:
    """`raw` rewritten in `style`, names kept as written, as a reader would type it:
    no emphasis, escapes, links or entities (see `display`).

    In sentence case, words with no evidence either way are lower-cased too when
    the heading capitalises a known common word: it was typed in Title Case, and
    its names are known from the article's prose.  Otherwise they are kept.
    """
    chars = list(raw)
    lowers_unknown = strict or (
        style == SENTENCE
        and any(p.position == PLAIN and not p.fixed and p.capitalised and p.common for p in judged)
    )
    for i, p in enumerate(judged):
        low = p.text.lower()
        new = p.text
        if p.fixed:
            continue
        starts = i == 0 or p.position == AFTER_STOP or (p.position == LEAD and style != SENTENCE)
        if p.shouted:
            if starts or p.position == LEAD:
                new = _cap(low)
            elif style == SENTENCE or (low in lex.minor and not lex.upper_ok(low, style)):
                new = low
            else:
                new = _cap(low)
        elif p.position in (LEAD, AFTER_STOP):
            if starts and not p.capitalised:
                new = _cap(p.text)
        elif p.position != PLAIN:
            pass
        elif style == SENTENCE:
            if p.capitalised and (p.common or lowers_unknown):
                new = low
        elif p.capitalised:
            if low in lex.minor and not lex.upper_ok(low, style):
                new = low
        elif not lex.lower_ok(low, style):
            new = p.text[0].upper() + p.text[1:]
        chars[p.offset : p.offset + len(p.text)] = list(new)
    return display("".join(chars))


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def display(text: str) -> str:
    """Heading source as a reader sees it: Markdown escapes, emphasis, code marks,
    links and HTML entities gone, so a suggestion can be typed as it stands."""
    return plain(_ESCAPE.sub(r"\1", text))


def style_name(style: str) -> str:
    return {
        SENTENCE: "sentence case",
        TITLE_AP: "AP title case",
        TITLE_CHICAGO: "Chicago title case",
    }.get(style, "Title Case")


@lru_cache(maxsize=8192)
def shouting(raw: str) -> bool:
    """Is every letter of the heading a capital?  Then it is written in capitals as a
    whole ("FREQUENTLY ASKED QUESTIONS"), a style of its own that says nothing of
    Title or sentence case."""
    letters = [c for c in display(mask(raw)) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def enumerator_end(raw: str) -> int:
    """Where a heading's leading enumerator ("2.", "a)", "Step 3:") ends, or 0."""
    m = _LEADING_NUMBER.match(mask(raw))
    return m.end() if m else 0
