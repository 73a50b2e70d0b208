"""PC: pros and cons that contradict each other, or list the same item on both sides."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from artlint.article import Article, Heading
from artlint.language import polarity
from artlint.language.words import normalise
from artlint.model import Finding, Related
from artlint.rule import Options, Rule


@dataclass(frozen=True)
class Item:
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Side:
    side: str
    heading: Heading | None
    parent: int  # offset of the enclosing heading, -1 at top level
    items: tuple[Item, ...]


def sides(article: Article, lex: polarity.Polarity) -> list[Side]:
    """Every pros or cons list in the article: sections, labels and table columns."""
    out: list[Side] = []
    parents: list[Heading] = []
    for h, children, _ in article.sections():
        while parents and parents[-1].level >= h.level:
            parents.pop()
        side = polarity.side_of(h.text, lex)
        if side is not None and children:
            depth = min(c.level for c in children)
            items = tuple(Item(c.text, c.start, c.end) for c in children if c.level == depth)
            out.append(Side(side, h, parents[-1].start if parents else -1, items))
        parents.append(h)
    for table in article.tables:
        for col, cell in enumerate(table.header):
            side = polarity.side_of(cell.text, lex)
            if side is None:
                continue
            items = tuple(Item(row[col].text, row[col].start, row[col].start + len(row[col].text))
                          for row in table.rows if col < len(row) and row[col].text.strip())
            out.append(Side(side, None, -2 - id(table) % 1000, items))
    return out


class _PairRule(Rule):
    options = {"lexicon": ""}

    def pairs(self, article: Article, options: Options
              ) -> Iterator[tuple[Item, Item, polarity.ItemMeaning, polarity.ItemMeaning]]:
        lex = polarity.lexicon(options["lexicon"])
        found = sides(article, lex)
        for pros in (s for s in found if s.side == polarity.PROS):
            for cons in (s for s in found if s.side == polarity.CONS and s.parent == pros.parent):
                for p in pros.items:
                    pm = polarity.meaning(p.label, lex)
                    for c in cons.items:
                        yield p, c, pm, polarity.meaning(c.label, lex)


class ProConContradiction(_PairRule):
    code = "PC001"
    name = "pro-con-contradiction"
    summary = "A pro and a con on the same topic lean opposite ways"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        for p, c, pm, cm in self.pairs(article, options):
            if pm.key != cm.key and polarity.contradicts(pm, cm):
                yield self.at(
                    article, c.start, c.end,
                    f"con {c.label!r} contradicts pro {p.label!r}; keep one, or say how both hold",
                    related=[Related(article.location(p.start, p.end), "the pro it contradicts")],
                )


class SameItemBothSides(_PairRule):
    code = "PC002"
    name = "same-item-both-sides"
    summary = "The same item is listed as a pro and as a con"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        for p, c, _, _ in self.pairs(article, options):
            if normalise(p.label) == normalise(c.label):
                yield self.at(
                    article, c.start, c.end,
                    f"{c.label!r} is listed as both a pro and a con; say what differs, or keep one",
                    related=[Related(article.location(p.start, p.end), "the same item as a pro")],
                )


RULES = (ProConContradiction, SameItemBothSides)
