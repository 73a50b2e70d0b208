"""An article's words and lines, split once for every rule family that reads them.

The heading rules read how the prose writes each word (the body with its code and
links blanked, split into words and the gaps between them, for `casing.Usage`);
the structure rules read the article's lines; the pros-and-cons and boilerplate
rules read each paragraph as a reader sees it.  Each rule used to work these out
for itself, some of them once per call.  `of(article)` makes one `WordPass` per
article, kept in `Article.memo`, and each view is made on first ask, so a run
that selects one family pays for that family's views only.
"""

from __future__ import annotations

from collections.abc import Sequence

from artlint.article import Article, plain
from artlint.language import casing


class WordPass:
    """The views of one article's text that several rules read."""

    __slots__ = (
        "_blocks",
        "_lines",
        "_n_blocks",
        "_pieces",
        "_plain",
        "_usage",
        "body_start",
        "text",
    )

    def __init__(self, article: Article) -> None:
        self.text = article.text
        self.body_start = article.body_start
        self._blocks = article.blocks
        self._n_blocks = len(article.blocks)
        self._lines: list[str] | None = None
        self._pieces: tuple[str, list[str]] | None = None
        self._usage: dict[tuple[tuple[int, int], ...], casing.Usage] = {}
        self._plain: list[str] | None = None

    def fits(self, article: Article) -> bool:
        """Was this pass made from `article` as it is now?  A caller that edits an
        article in place gets a new pass rather than the old text's words."""
        return (
            self.text is article.text
            and self.body_start == article.body_start
            and self._blocks is article.blocks
            and self._n_blocks == len(article.blocks)
        )

    @property
    def lines(self) -> list[str]:
        """`text.split("\\n")`: the article's lines, without their newlines."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def body_lines(self) -> list[str]:
        """`text[body_start:].split("\\n")`, sliced from `lines` when the body starts
        a line (after front matter it does)."""
        start = self.body_start
        if not start:
            return self.lines
        if self.text[start - 1] == "\n":
            return self.lines[self.text.count("\n", 0, start) :]
        return self.text[start:].split("\n")

    def words(self) -> tuple[str, list[str]]:
        """The body with its non-prose spans blanked (`casing.mask`), and its
        pieces, `[gap, word, gap, ..., word, gap]` (`casing.split_words`)."""
        if self._pieces is None:
            body = casing.mask(self.text[self.body_start :])
            self._pieces = body, casing.split_words(body)
        return self._pieces

    def usage(self, headings: Sequence[tuple[int, int]]) -> casing.Usage:
        """`casing.usage` of the article, its capitals inside `headings` left out."""
        key = tuple(headings)
        found = self._usage.get(key)
        if found is None:
            body, pieces = self.words()
            found = self._usage[key] = casing.usage_of_words(body, pieces, key, self.body_start)
        return found

    def plain_blocks(self) -> list[str]:
        """`article.plain(b.text)` of each of the article's blocks, in order."""
        if self._plain is None:
            self._plain = [plain(b.text) for b in self._blocks]
        return self._plain


def of(article: Article) -> WordPass:
    """The article's `WordPass`, made on first ask."""
    found = article.memo(WordPass)
    if not found.fits(article):
        article.forget(WordPass)
        found = article.memo(WordPass)
    return found
