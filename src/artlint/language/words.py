"""Tokenising, normalising and stemming short texts (titles, headings, item labels).

The rules compare what two short texts are *about* ("Career Advancement
Opportunities" vs "Limited career advancement"), so they need words without
markup, case or inflection.  The stemmer is deliberately light and dictionary
free: it only has to make the forms an article uses for one idea meet
("distractions"/"distracted", "flexibility"/"flexible", "scheduling"/"schedule"),
never to produce real words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from artlint.article import plain

#: A word as written: letters and digits, with inner hyphens, apostrophes, slashes
#: and dots kept so that "work-Life", "don't", "CI/CD" and "e.g." stay one token.
WORD = re.compile(r"[^\W_](?:[\w'’./&-]*[^\W_])?")
_PUNCT = re.compile(r"[^\w\s]+")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def words(raw: str) -> Iterator[tuple[int, str]]:
    """(offset in `raw`, word) for each word of a label, markup characters skipped."""
    for m in WORD.finditer(raw):
        yield m.start(), m.group()


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Compare-ready text: no markup, case, punctuation or extra space.

    Remembered: several rules normalise the same headings and lines, and sites
    repeat them across articles.
    """
    return normalise_plain(plain(text))


def normalise_plain(text: str) -> str:
    """`normalise` of a text that is `plain` already (a `wordpass` view holds
    each paragraph so, for the rules that read it)."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    return " ".join(_PUNCT.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a short text, markup gone and hyphens split.

    "Work-From-Home" gives three tokens, so a house lexicon can list "work from
    home" once and match every spelling of it; "beginner's" stays one token.
    """
    text = plain(text).lower().replace("’", "'").replace("&", " and ")
    return _TOKEN.findall(text)


#: (suffix, replacement), longest first; tried once after the inflections go.
_DERIVATIONAL = (
    ("ibility", "ible"),
    ("ability", "able"),
    ("ization", "ize"),
    ("isation", "ize"),
    ("ational", "ate"),
    ("fulness", "ful"),
    ("iveness", "ive"),
    ("ousness", "ous"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("itions", ""),
    ("ition", ""),
    ("atively", "ate"),
    ("ative", "ate"),
    ("ological", "olog"),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ities", ""),
    ("ity", ""),
    ("ions", ""),
    ("ion", ""),
    ("ively", ""),
    ("ive", ""),
    ("ably", "able"),
    ("ibly", "ible"),
    ("fully", ""),
    ("ful", ""),
    ("able", ""),
    ("ible", ""),
    ("ally", "al"),
    ("ly", ""),
    ("ical", "ic"),
    ("ology", "olog"),
    ("al", ""),
)
_VOWEL = re.compile(r"[aeiouy]")


def _inflection(w: str) -> str:
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ied", "ed", "ing"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and _VOWEL.search(w[: -len(suf)]):
            w = w[: -len(suf)] + ("y" if suf == "ied" else "")
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "planning" -> "plan"
            elif w.endswith(("at", "iz", "bl")):
                w += "e"  # "collaborating" -> "collaborate"
            break
    return w


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light stemmer: inflections, then one derivational suffix, then a final "e".

    "Opportunities"/"opportunity", "Scheduling"/"schedule", "distracted"/
    "distractions", "flexibility"/"flexible" and "collaborating"/"collaboration"
    meet; short words ("stable", "career") are left alone enough to stay apart.
    """
    w = _inflection(word.lower().replace("’", "'"))
    for _ in range(2):  # "predictability" -> "predictable" -> "predict"
        for suf, rep in _DERIVATIONAL:
            # A suffix that is replaced may leave a shorter stem ("stability" -> "stable").
            if w.endswith(suf) and len(w) - len(suf) >= (2 if rep else 3):
                w = w[: -len(suf)] + rep
                break
        else:
            break
    if len(w) > 5 and w.endswith("ate"):
        w = w[:-3]
    return w.rstrip("e") if len(w) > 4 else w
