"""Word case: what style a heading is in and which of its words break it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from artlint import pages

TITLE = "title"
SENTENCE = "sentence"
MIXED = "mixed"
NEUTRAL = "neutral"


@dataclass(frozen=True)
class Lexicon:
    minor: frozenset[str]
    long_prepositions: frozenset[str]
    spellings: frozenset[str]

    @property
    def spellings_lower(self) -> dict[str, str]:
        return {s.lower(): s for s in self.spellings}


@lru_cache(maxsize=8)
def lexicon(extra: str = "") -> Lexicon:
    data = pages.lexicon("casing")
    if extra:
        data = pages.extend_lexicon(data, extra)
    return Lexicon(
        frozenset(w.lower() for w in data.get("minor", [])),
        frozenset(w.lower() for w in data.get("long_prepositions", [])),
        frozenset(str(w) for w in data.get("spellings", [])),
    )


_ODD_UPPER_LOWER = re.compile(r"[A-Z]{2,}[a-z]+")  # "SKill"
_ODD_LOWER_UPPER = re.compile(r"[a-z]+[A-Z]{2,}[A-Za-z]*")  # "cONTROL"
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "APIs", "CEOs"


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def odd_case(part: str, lex: Lexicon) -> bool:
    """Case inside one word that no style produces ("SKill", "cONTROL")."""
    if part in lex.spellings or not part.isalpha():
        return False
    if _PLURAL_ACRONYM.fullmatch(part):
        return False
    return bool(_ODD_UPPER_LOWER.fullmatch(part) or _ODD_LOWER_UPPER.fullmatch(part))


def parts(word: str) -> list[tuple[int, str]]:
    """Hyphen- or slash-separated parts of a word with their offsets."""
    out = []
    pos = 0
    for piece in re.split(r"([-/])", word):
        if piece and piece not in "-/":
            out.append((pos, piece))
        pos += len(piece)
    return out


def fixed(word: str, lex: Lexicon, proper: Iterable[str] = ()) -> bool:
    """Words whose case says nothing about the heading's style."""
    return (
        word in lex.spellings
        or is_acronym(word)
        or not word[:1].isalpha()
        or word in proper
        or any(c.isupper() for c in word[1:])  # CamelCase brands: YouTube, HubSpot
    )
