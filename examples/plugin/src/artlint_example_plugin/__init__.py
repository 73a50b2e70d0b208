"""An example artlint plugin: a salary figure should say which currency it is in.

Career articles travel: a reader in Toronto and one in Dublin both read "junior
analysts earn 48,000 a year", and each assumes their own money.  The rule looks
at each sentence that talks about pay and flags a large figure (48,000, 48000,
48k) with no currency symbol or code next to it.

Register it the way artlint registers its own rules, through the entry-point
group `artlint.rules` (see this package's pyproject.toml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from artlint.article import Article
from artlint.model import Finding, Severity
from artlint.rule import Options, Rule

__all__ = ["RULES", "SalaryWithoutCurrency"]

# 48,000 / 48.000 (grouped), 48000 (five digits or more), 48k / 48.5K.  Four-digit
# numbers alone are left out: they are far more often years than salaries.
_AMOUNT = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:[,.]\d{3})+|\d{5,}|\d+(?:\.\d+)?[kK])(?![\w,]|\.\d)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


class SalaryWithoutCurrency(Rule):
    """A pay figure without a currency: readers in other countries misread it."""

    code = "EX001"
    name = "salary-without-currency"
    summary = "A salary or wage figure without a currency"
    severity = Severity.WARNING
    options: ClassVar[Mapping[str, Any]] = {
        "currencies": [
            "$",
            "£",
            "€",
            "¥",
            "₹",
            "USD",
            "EUR",
            "GBP",
            "CAD",
            "AUD",
            "INR",
            "CHF",
            "dollars",
            "euros",
            "pounds",
            "rupees",
        ],
        "context": [
            "salary",
            "salaries",
            "pay",
            "paid",
            "pays",
            "earn",
            "earns",
            "earned",
            "earning",
            "wage",
            "wages",
            "income",
            "compensation",
            "stipend",
        ],
    }

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        context = re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in options["context"]) + r")\b", re.I
        )
        symbols = [c for c in options["currencies"] if not c.isalpha()]
        words = [c.lower() for c in options["currencies"] if c.isalpha()]
        text = article.text
        start = article.body_start
        for end_match in [*_SENTENCE_END.finditer(text, start), None]:
            end = end_match.start() if end_match else len(text)
            if end > start and context.search(text, start, end):
                for m in _AMOUNT.finditer(text, start, end):
                    if not _has_currency(text, m.start(), m.end(), symbols, words):
                        yield self.at(
                            article,
                            m.start(),
                            m.end(),
                            f"salary figure {m.group()!r} has no currency; say which, "
                            f"as in '${m.group()}' or '{m.group()} EUR'",
                        )
            start = end_match.end() if end_match else len(text)


def _has_currency(text: str, start: int, end: int, symbols: list[str], words: list[str]) -> bool:
    """A symbol or code right before the figure, or a code/word right after it."""
    before = text[max(0, start - 6) : start].rstrip()
    after = text[end : end + 12].lstrip()
    if any(before.endswith(s) or after.startswith(s) for s in symbols):
        return True
    before_word = re.search(r"([A-Za-z]+)$", before)
    after_word = re.match(r"[A-Za-z]+", after)
    return any(w is not None and w.group(0).lower() in words for w in (before_word, after_word))


RULES = (SalaryWithoutCurrency,)
