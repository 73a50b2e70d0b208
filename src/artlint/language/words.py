"""Tokenising and normalising short texts (titles, headings, item labels)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from artlint.article import plain

#: A word as written: letters and digits, with inner hyphens, apostrophes, slashes
#: and dots kept so that "work-Life", "don't", "CI/CD" and "e.g." stay one token.
WORD = re.compile(r"[^\W_](?:[\w'’./&-]*[^\W_])?")
_PUNCT = re.compile(r"[^\w\s]+")


def words(raw: str) -> Iterator[tuple[int, str]]:
    """(offset in `raw`, word) for each word of a label, markup characters skipped."""
    for m in WORD.finditer(raw):
        yield m.start(), m.group()


def normalise(text: str) -> str:
    """Compare-ready text: no markup, case, punctuation or extra space."""
    text = plain(text).lower().replace("&", " and ").replace("’", "'")
    return " ".join(_PUNCT.sub(" ", text).split())


_SUFFIXES = ("ations", "ation", "ities", "ity", "ings", "ing", "ness", "ments", "ment",
             "ies", "es", "ed", "ers", "er", "s")


def stem(word: str) -> str:
    """A light suffix stripper: enough to match "Opportunities"/"opportunity",
    "Scheduling"/"Schedule", without a dictionary."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            if suf == "ies":
                w += "y"
            break
    return w.rstrip("e") if len(w) > 4 else w
