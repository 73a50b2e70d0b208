"""What a pro or con item is about, and which way it leans.

An item label is reduced to its topic (stemmed content words, generic words
removed) and a polarity marker (a negator or one side of an antonym pair).  Two
items contradict when their topics agree and their markers disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from artlint import pages
from artlint.language.words import normalise, stem

PROS = "pros"
CONS = "cons"


@dataclass(frozen=True)
class Polarity:
    pros_headings: tuple[str, ...]
    cons_headings: tuple[str, ...]
    negators: frozenset[str]
    positive: dict[str, str]  # positive word -> its pair id
    negative: dict[str, set[str]]  # negative word -> positive words it opposes
    generic: frozenset[str]
    stopwords: frozenset[str]


@lru_cache(maxsize=8)
def lexicon(extra: str = "") -> Polarity:
    data = pages.lexicon("polarity")
    if extra:
        data = pages.extend_lexicon(data, extra)
    positive: dict[str, str] = {}
    negative: dict[str, set[str]] = {}
    for pos, neg in data.get("antonyms", []):
        positive[pos] = pos
        negative.setdefault(neg, set()).add(pos)
    return Polarity(
        tuple(sorted(data.get("pros_headings", []), key=len, reverse=True)),
        tuple(sorted(data.get("cons_headings", []), key=len, reverse=True)),
        frozenset(data.get("negators", [])),
        positive,
        negative,
        frozenset(stem(w) for w in data.get("generic", [])) | frozenset(data.get("generic", [])),
        frozenset(data.get("stopwords", [])),
    )


def side_of(heading: str, lex: Polarity) -> str | None:
    """PROS or CONS for a heading that opens such a list ("Pros", "Benefits of X")."""
    text = normalise(heading)
    if not text:
        return None
    has_pro = any(re.search(rf"\b{re.escape(w)}\b", text) for w in lex.pros_headings)
    has_con = any(re.search(rf"\b{re.escape(w)}\b", text) for w in lex.cons_headings)
    if has_pro and has_con:
        return None  # "Pros and Cons": the parent of both lists
    for side, words in ((PROS, lex.pros_headings), (CONS, lex.cons_headings)):
        for w in words:
            if re.match(rf"(?:the |key |main |potential |some )?{re.escape(w)}\b", text):
                return side
    return None


@dataclass(frozen=True)
class ItemMeaning:
    topic: frozenset[str]
    negated: bool
    markers: frozenset[str]  # polarity words present, as written (lower-case)
    key: str  # normalised whole label


def meaning(label: str, lex: Polarity) -> ItemMeaning:
    text = normalise(label).replace("-", " ")
    tokens = text.split()
    markers: set[str] = set()
    negated = False
    content: list[str] = []
    for tok in tokens:
        un = tok[2:] if tok.startswith(("un", "in", "ir", "im")) else ""
        if tok in lex.negators:
            negated = True
            markers.add(tok)
        elif tok in lex.negative:
            negated = True
            markers.add(tok)
        elif un and (un in lex.positive or stem(un) in {stem(p) for p in lex.positive}):
            negated = True
            markers.add(tok)
        elif tok in lex.positive:
            markers.add(tok)
        elif tok not in lex.stopwords:
            content.append(stem(tok))
    topic = frozenset(t for t in content if t not in lex.generic) or frozenset(content)
    return ItemMeaning(topic, negated, frozenset(markers), " ".join(tokens))


def contradicts(pro: ItemMeaning, con: ItemMeaning) -> bool:
    """Same topic, opposite lean (a negator on exactly one side)."""
    if not pro.topic or pro.topic != con.topic:
        return False
    return pro.negated != con.negated
