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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from artlint import pages

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
TITLE_STYLES = frozenset({TITLE, TITLE_ANY, TITLE_AP, TITLE_CHICAGO})


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
    def minor(self) -> frozenset[str]:
        """Every word some title-case style keeps lower-case."""
        return (self.articles | self.conjunctions | self.prepositions | self.loose
                | self.name_particles | {"to"})

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
    data = pages.lexicon("casing")
    if extra:
        data = pages.extend_lexicon(data, extra)
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
_NOT_PROSE = re.compile(
    r"\]\([^)]*\)|<[^>\n]*>|`[^`\n]*`|https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|\{[^}\n]*\}"
)
WORD = re.compile(r"[^\W_](?:[\w'’./&+-]*[^\W_])?")
#: A clause may restart with a capital after these ("Pay: What to Expect").
_BREAK = re.compile(r"[:?!;|]|\.\s|\s[-–—]{1,2}\s|—|\(|\"|“")
_LEADING_NUMBER = re.compile(r"\s*(?:\d{1,3}\\?[.)]|step\s+\d+[:.]?|#\d+)\s+", re.I)
_ODD_UPPER_LOWER = re.compile(r"[A-Z]{2,}[a-z]+")  # "SKill"
_ODD_LOWER_UPPER = re.compile(r"[a-z]+[A-Z]{2,}[A-Za-z]*")  # "cONTROL"
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "APIs", "CEOs"
_POSSESSIVE = re.compile(r"['’]s$")


def mask(raw: str) -> str:
    """`raw` with non-prose spans blanked out, so offsets stay valid."""
    return _NOT_PROSE.sub(lambda m: " " * len(m.group()), raw)


def parts(word: str) -> list[tuple[int, str]]:
    """Hyphen- or slash-separated parts of a word with their offsets."""
    out = []
    pos = 0
    for piece in re.split(r"([-/])", word):
        if piece and piece not in "-/":
            out.append((pos, piece))
        pos += len(piece)
    return out


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def fixed(word: str, lex: Lexicon, proper: Iterable[str] = ()) -> bool:
    """Words whose case says nothing about a heading's style: names, acronyms, code."""
    bare = _POSSESSIVE.sub("", word)
    return (
        word in lex.spellings
        or bare in lex.spellings
        or is_acronym(bare)
        or not word[:1].isalpha()
        or any(c.isdigit() or c in "._&+" for c in word)
        or word in proper
        or bare in proper
        or any(c.isupper() for c in bare[1:])  # CamelCase brands: YouTube, HubSpot
    )


def odd_case(part: str, lex: Lexicon) -> bool:
    """Case inside one word that no style produces ("SKill", "cONTROL")."""
    if part in lex.spellings or not part.isalpha() or _PLURAL_ACRONYM.fullmatch(part):
        return False
    return bool(_ODD_UPPER_LOWER.fullmatch(part) or _ODD_LOWER_UPPER.fullmatch(part))


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

    def common(self, word: str, lex: Lexicon) -> bool:
        """Is `word` a common word (one the article, or title case, writes lower-case)?"""
        low = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
        if low in lex.minor or low in lex.common or low in self.lower:
            return True
        variants = {low + "s", low + "es"}
        if low.endswith("s"):
            variants.add(low[:-1])
        if low.endswith("es"):
            variants.add(low[:-2])
        if low.endswith("ies"):
            variants.add(low[:-3] + "y")
        if low.endswith("y"):
            variants.add(low[:-1] + "ies")
        return bool(variants & self.lower)


_LINE_LEAD = re.compile(r"[ \t]*(?:(?:[#>]+|[-*+]|\d{1,3}[.)]|\|)[ \t]*)*[\"'“‘(\[*_]*")
_SENTENCE_BREAK = re.compile(r"(?:[.!?:;|]|\s[-–—]{1,2})[\"'”’)\]*_]*\s+[\"'“‘(\[*_]*")


def _plain_word(word: str) -> str:
    """`word` without a possessive ending, curly apostrophe straightened."""
    if "'" in word or "’" in word:
        return _POSSESSIVE.sub("", word.replace("’", "'"))
    return word


def usage(text: str, headings: Sequence[tuple[int, int]], start: int = 0) -> Usage:
    """Collect `Usage` from `text[start:]`, leaving out capitals inside `headings`
    (offset spans), which are capitalised by style rather than as names.

    Memoised on its arguments: HD001 and HD002 both ask for the same article's.
    """
    return _usage(text, tuple(headings), start)


@lru_cache(maxsize=4)
def _usage(text: str, headings: tuple[tuple[int, int], ...], start: int) -> Usage:
    body = mask(text[start:])
    spans = sorted((s - start, e - start) for s, e in headings if e > start)
    caps: Counter[str] = Counter()
    lower: set[str] = set()
    forms: set[str] = set()
    sentence_starts: set[int] = set()
    pos = 0
    for line in body.split("\n"):
        lead = _LINE_LEAD.match(line)
        sentence_starts.add(pos + (lead.end() if lead else 0))
        for m in _SENTENCE_BREAK.finditer(line):
            sentence_starts.add(pos + m.end())
        pos += len(line) + 1
    si = 0
    runs: set[str] = set()
    run: list[str] = []
    run_end = -1
    for m in WORD.finditer(body):
        at = m.start()
        while si < len(spans) and spans[si][1] <= at:
            si += 1
        in_heading = si < len(spans) and spans[si][0] <= at < spans[si][1]
        word = m.group()
        if word.islower():
            if "-" in word or "/" in word:
                lower.update(_plain_word(p) for _, p in parts(word))
            else:
                lower.add(_plain_word(word))
        elif "-" in word or "/" in word:
            lower.update(_plain_word(p) for _, p in parts(word) if p.islower())
        if in_heading or not word[0].isupper() or body[run_end:at] != " ":
            if len(run) >= 2:
                runs.add(" ".join(run))
            run = []
        if in_heading:
            continue
        forms.add(word)
        if word[0].isupper():
            run.append(word)
            run_end = m.end()
            if at not in sentence_starts:
                caps[_plain_word(word)] += 1
    if len(run) >= 2:
        runs.add(" ".join(run))
    proper = frozenset(w for w in caps if w.lower() not in lower)
    phrases = set()
    for r in runs:
        ws = r.split(" ")
        for i in range(len(ws) - 1):
            for j in range(i + 2, min(len(ws), i + 4) + 1):
                phrase = " ".join(ws[i:j])
                if phrase.lower() not in body:
                    phrases.add(phrase)
    return Usage(proper, frozenset(lower), frozenset(forms), frozenset(phrases))


# --------------------------------------------------------------------------- judging

#: Where a word part stands: leading (first word, or the first after a colon or a
#: dash, which any style may capitalise), after a prefix ("E-commerce"), or plain.
LEAD = "lead"
AFTER_PREFIX = "after-prefix"
PLAIN = "plain"


@dataclass(frozen=True)
class Part:
    """One word, or one part of a hyphenated word, of a heading."""

    offset: int  # in the heading's raw text
    text: str
    position: str
    fixed: bool
    common: bool  # for capitalised parts: known to be a common word

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def judge(raw: str, lex: Lexicon, use: Usage) -> list[Part]:
    """The parts of a heading that carry case, each with what is known about it."""
    text = mask(raw)
    m = _LEADING_NUMBER.match(text)
    skip = m.end() if m else 0
    out: list[Part] = []
    prev_end = skip
    first = True
    named = _named(text, skip, use) if use.phrases else set()
    for wm in WORD.finditer(text, skip):
        gap = text[prev_end:wm.start()]
        lead = first or bool(_BREAK.search(gap))
        first = False
        prev_end = wm.end()
        word = wm.group()
        whole = word in lex.spellings or _POSSESSIVE.sub("", word) in lex.spellings
        ps = parts(word)
        if len(ps) > 1 and ps[0][1][:1].islower() and any(p[:1].isupper() for _, p in ps[1:]):
            whole = True  # "work-Life": odd case inside a compound, HD002's finding
        prev_part = ""
        for poff, part in ps:
            if poff == 0:
                position = LEAD if lead else PLAIN
            elif prev_part.lower() in lex.prefixes:
                position = AFTER_PREFIX
            else:
                position = PLAIN
            is_fixed = whole or wm.start() in named or fixed(part, lex, use.proper)
            out.append(Part(wm.start() + poff, part, position, is_fixed,
                            use.common(part, lex)))
            prev_part = part
    return out


def _named(text: str, skip: int, use: Usage) -> set[int]:
    """Offsets of heading words inside a phrase the prose writes as a name."""
    caps = [m for m in WORD.finditer(text, skip) if m.group()[0].isupper()]
    out: set[int] = set()
    for i in range(len(caps)):
        j = i
        while j + 1 < len(caps) and text[caps[j].end():caps[j + 1].start()] == " ":
            j += 1
            if " ".join(m.group() for m in caps[i:j + 1]) in use.phrases:
                out.update(m.start() for m in caps[i:j + 1])
    return out


def classify(judged: Sequence[Part], lex: Lexicon) -> str:
    """TITLE, SENTENCE, MIXED or NEUTRAL, from the parts that carry evidence.

    A capitalised word known to be common and a lower-case word that title case
    would capitalise make a heading MIXED; an unknown capitalised word (perhaps a
    name) beside lower-case words leaves it SENTENCE.
    """
    upper = lower = known_upper = False
    for p in judged:
        if p.position != PLAIN or p.fixed:
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


def offenders(judged: Sequence[Part], style: str, lex: Lexicon) -> list[Part]:
    """The parts that break `style` (a title style or SENTENCE), in order."""
    out = []
    for p in judged:
        if p.position != PLAIN or p.fixed:
            continue
        low = p.text.lower()
        if style == SENTENCE:
            if p.capitalised and p.common:
                out.append(p)
        elif p.capitalised:
            if low in lex.minor and not lex.upper_ok(low, style):
                out.append(p)
        elif not lex.lower_ok(low, style):
            out.append(p)
    return out


def suggest(raw: str, judged: Sequence[Part], style: str, lex: Lexicon) -> str:
    """`raw` rewritten in `style`, names kept as written.

    In sentence case, words with no evidence either way are lower-cased too when
    the heading capitalises a known common word: it was typed in Title Case, and
    its names are known from the article's prose.  Otherwise they are kept.
    """
    chars = list(raw)
    lowers_unknown = style == SENTENCE and any(
        p.position == PLAIN and not p.fixed and p.capitalised and p.common for p in judged)
    for p in judged:
        low = p.text.lower()
        new = p.text
        if p.fixed:
            continue
        if p.position != PLAIN:
            if p is judged[0] and not p.capitalised:
                new = p.text[0].upper() + p.text[1:]
        elif style == SENTENCE:
            if p.capitalised and (p.common or lowers_unknown):
                new = low
        elif p.capitalised:
            if low in lex.minor and not lex.upper_ok(low, style):
                new = low
        elif not lex.lower_ok(low, style):
            new = p.text[0].upper() + p.text[1:]
        chars[p.offset:p.offset + len(p.text)] = list(new)
    return "".join(chars)


def style_name(style: str) -> str:
    return {
        SENTENCE: "sentence case",
        TITLE_AP: "AP title case",
        TITLE_CHICAGO: "Chicago title case",
    }.get(style, "Title Case")
