"""PC: pros and cons that contradict each other, or list the same item on both sides.

Pros and cons come in many shapes: "Pros"/"Cons", "Benefits"/"Drawbacks" or
"Advantages of X"/"Risks of X" headings, "Pros:" lines, with items as `### Item`
headings, numbered lines, "**Item:** text" bullets, plain bullets or whole
sentences, or as the columns of a table.  This module finds every such list and
its items; `artlint.language.polarity` says what each item means.

A pros list is only compared with a cons list under the same parent heading and
about the same subject, so "Remote Work > Cons" is never read against
"In-Person Work > Pros", nor "Drawbacks for Businesses" against "Benefits for
Consumers".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from artlint.article import Article, Format, Heading, HeadingKind
from artlint.language import polarity, wordpass
from artlint.model import Finding, Related
from artlint.options import Option
from artlint.rule import Options, Rule

#: A list item's first line: indentation, marker, text.
_BULLET = re.compile(r"^(?P<indent>[ \t]{0,3})(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<text>\S.*?)\s*$", re.M)
#: A bullet that opens with its name in bold, whatever ends the name: "**Pay.**
#: text", "**Pay!** text", "**Pay:** text", "**Pay** - text".
_BOLD_LEAD = re.compile(r"(\*\*|__)(?P<label>[^*_\n]{1,80}?)\1(?=\s|[:.;,!?]|$)")
#: "Item: explanation" on a line of a plain-text export.
_COLON_LINE = re.compile(r"^(?P<text>[A-Za-z][^:\n]{0,60}?):[ \t]+\S", re.M)
_LIST_KINDS = frozenset({HeadingKind.BOLD, HeadingKind.ITEM, HeadingKind.NUMBERED})
#: A paragraph that only names a list: "Pros:", "**Cons:**", "Advantages".
_MAX_LABEL_WORDS = 5


@dataclass(frozen=True)
class Item:
    """One pro or con: its name's span and the span of its explanation."""

    label: str
    start: int
    end: int
    body_start: int
    body_end: int


@dataclass(frozen=True)
class Side:
    side: str
    start: int  # where the list's heading or label starts
    parent: int  # offset of the enclosing section heading, -1 at top level
    subject: frozenset[str]
    items: tuple[Item, ...]


def _parents(found: list[tuple[Heading, list[Heading], int]]) -> list[tuple[int, int, int, int]]:
    """(start, end, level, heading start) of every section, for finding enclosing ones."""
    return [
        (h.mark_start if h.mark_start >= 0 else h.start, end, h.level, h.start)
        for h, _, end in found
    ]


def _enclosing(sections: list[tuple[int, int, int, int]], offset: int, below: int = 99) -> int:
    """The innermost section heading (of level < `below`) containing `offset`, or -1."""
    best, level = -1, -1
    for start, end, lvl, head in sections:
        if start <= offset < end and lvl < below and lvl > level:
            best, level = head, lvl
    return best


def _items(
    article: Article, children: list[Heading], span_start: int, span_end: int
) -> tuple[Item, ...]:
    """The items of one list: its named entries, plus bullets the reader left unnamed."""
    kids = [c for c in children if span_start <= c.start < span_end]
    if kids:
        depth = min(c.level for c in kids)
        kids = [c for c in kids if c.level == depth]
    found: list[tuple[int, int, int, str]] = [
        (c.mark_start if c.mark_start >= 0 else c.start, c.start, c.end, c.text) for c in kids
    ]
    if all(c.kind in _LIST_KINDS for c in kids):
        lines = {c.line for c in kids}
        text = article.text
        for m in _BULLET.finditer(text, span_start, span_end):
            if m.start() < span_start or m["indent"].count(" ") > 1:
                continue
            line, _ = article.index.position(m.start("text"))
            if line not in lines:
                lines.add(line)
                lead = _BOLD_LEAD.match(m["text"])
                if lead is not None:  # "**Label.** text": the bold part names it
                    at = m.start("text") + lead.start("label")
                    name = lead["label"].rstrip(":.;,!? ")
                    found.append((m.start(), at, at + len(name), polarity.normalise_label(name)))
                else:
                    found.append(
                        (
                            m.start(),
                            m.start("text"),
                            m.end("text"),
                            polarity.normalise_label(m["text"]),
                        )
                    )
        if article.format is Format.TEXT:
            # Consecutive "Item: explanation" lines with no blank line between them.
            for m in _COLON_LINE.finditer(text, span_start, span_end):
                line, _ = article.index.position(m.start())
                if line not in lines and len(m["text"].split()) <= 6:
                    lines.add(line)
                    found.append((m.start(), m.start(), m.end("text"), m["text"].strip()))
    found.sort()
    items = []
    sections = {c.start for c in kids if c.is_section}
    for n, (_, start, end, label) in enumerate(found):
        body_end = found[n + 1][0] if n + 1 < len(found) else span_end
        if start not in sections:
            # A list item explains itself in its own paragraph; what follows the
            # list (a conclusion, the next topic) is not part of it.
            body_end = min(body_end, _paragraph_end(article.text, end, body_end))
        if label:
            items.append(Item(label, start, end, end, max(end, body_end)))
    return tuple(items)


def _paragraph_end(text: str, start: int, limit: int) -> int:
    """End of the paragraph that continues the line at `start` (or, when the
    label stands alone, of the paragraph right after it), within `limit`."""
    pos = text.find("\n", start, limit)
    if pos == -1:
        return limit
    seen_text = bool(text[start:pos].strip())
    while pos < limit:
        nxt = text.find("\n", pos + 1, limit)
        line = text[pos + 1 : limit if nxt == -1 else nxt]
        if not line.strip():
            if seen_text:
                return pos
        else:
            if seen_text and text[pos - 1 : pos] == "\n" and not line[:1].isspace():
                return pos
            seen_text = True
        if nxt == -1:
            return limit
        pos = nxt
    return limit


def sides(article: Article, lex: polarity.Polarity) -> list[Side]:
    """Every pros or cons list in the article: sections, label lines and table columns."""
    out: list[Side] = []
    found = list(article.sections())
    sections = _parents(found)
    for h, children, end in found:
        side = polarity.side_of(h.text, lex)
        if side is None:
            continue
        items = _items(article, children, h.end, end)
        if items:
            out.append(
                Side(
                    side,
                    h.start,
                    _enclosing(sections, h.start, h.level),
                    polarity.side_subject(h.text, lex),
                    items,
                )
            )
    heads = sorted(
        h.mark_start if h.mark_start >= 0 else h.start for h in article.headings if h.is_section
    )
    body = [
        (b, seen)
        for b, seen in zip(article.blocks, wordpass.of(article).plain_blocks(), strict=True)
        if b.start >= article.body_start
    ]
    blocks = [b for b, _ in body]
    for n, (b, seen) in enumerate(body):
        words = polarity.plain_label(seen)
        if b.line != b.end_line or not words or len(words.split()) > _MAX_LABEL_WORDS:
            continue
        side = polarity.side_of(words, lex)
        if side is None or any(h == b.start for h in heads):
            continue
        end = min(
            [x for x in heads if x > b.start]
            + [blocks[n + 1].start if n + 1 < len(blocks) else len(article.text)]
        )
        children = [c for c in article.headings if b.end <= c.start < end]
        items = _items(article, children, b.end, end)
        if items:
            out.append(
                Side(
                    side,
                    b.start,
                    _enclosing(sections, b.start),
                    polarity.side_subject(words, lex),
                    items,
                )
            )
    for table in article.tables:
        if not table.header:
            continue
        parent = _enclosing(sections, table.header[0].start)
        for col, cell in enumerate(table.header):
            side = polarity.side_of(cell.text, lex)
            if side is None:
                continue
            cells = [row[col] for row in table.rows if col < len(row) and row[col].text.strip()]
            items = tuple(
                Item(
                    polarity.normalise_label(c.text),
                    c.start,
                    c.start + len(c.text),
                    c.start,
                    c.start,
                )
                for c in cells
            )
            out.append(Side(side, cell.start, parent, polarity.side_subject(cell.text, lex), items))
    return out


#: (pro, con, what the pro says, what the con says).
Pair = tuple[Item, Item, polarity.ItemMeaning, polarity.ItemMeaning]

#: The last article's pairs, with what they were computed from: PC001 and PC002
#: run one after the other on the same article and both need every pair.
_LAST: tuple[tuple[object, ...], tuple[object, ...], list[Pair]] | None = None


def _pairs(article: Article, options: Options) -> list[Pair]:
    """Every (pro, con) that the article sets against each other, with their meanings."""
    global _LAST
    lex = polarity.lexicon(options["lexicon"])
    # The article itself (held, so its id cannot be reused), and what `sides` reads
    # of it, in case a caller changed the article in place between the two rules.
    objects = (article, lex, article.text, article.headings, article.blocks, article.tables)
    values = (
        article.format,
        article.body_start,
        len(article.headings),
        len(article.blocks),
        len(article.tables),
    )
    last = _LAST
    if (
        last is not None
        and last[1] == values
        and all(a is b for a, b in zip(last[0], objects, strict=True))
    ):
        return last[2]
    found = sides(article, lex)
    pairs: list[Pair] = []
    for pros in (s for s in found if s.side == polarity.PROS):
        for cons in found:
            if (
                cons.side == polarity.CONS
                and cons.parent == pros.parent
                and polarity.same_subject(pros.subject, cons.subject)
            ):
                pairs.extend(_candidates(article.text, pros.items, cons.items, lex))
    _LAST = (objects, values, pairs)
    return pairs


def _candidates(
    text: str, pros: tuple[Item, ...], cons: tuple[Item, ...], lex: polarity.Polarity
) -> Iterator[Pair]:
    """The (pro, con) pairs of two lists that PC001 or PC002 may flag, in list order.

    Each con is filed under the keys of what its name says and what its
    explanation mentions; each pro looks up its own, so the work follows the
    pairs that share something instead of every pair (whose number grows with
    the product of the two lists' lengths).
    """
    meanings = [polarity.meaning(c.label, lex) for c in cons]
    by_name: dict[object, list[int]] = {}
    by_text: dict[object, list[int]] = {}
    by_denial: dict[object, list[int]] = {}
    for n, (c, cm) in enumerate(zip(cons, meanings, strict=True)):
        for key in polarity.pairing_keys(cm, as_pro=False):
            by_name.setdefault(key, []).append(n)
        for key in _explanation_keys(text, c, lex):
            by_text.setdefault(key, []).append(n)
        for key in _denial_keys(cm, lex):
            by_denial.setdefault(key, []).append(n)
    for p in pros:
        pm = polarity.meaning(p.label, lex)
        hits: set[int] = set()
        for key in polarity.pairing_keys(pm, as_pro=True):
            hits.update(by_name.get(key, ()))
        for key in _denial_keys(pm, lex):
            hits.update(by_text.get(key, ()))
        for key in _explanation_keys(text, p, lex):
            hits.update(by_denial.get(key, ()))
        for n in sorted(hits):
            yield p, cons[n], pm, meanings[n]


def _explanation_keys(text: str, item: Item, lex: polarity.Polarity) -> set[tuple[str, Any]]:
    if item.body_start >= item.body_end:
        return set()
    return polarity.explanation_keys(text[item.body_start : item.body_end], lex)


def _denial_keys(named: polarity.ItemMeaning, lex: polarity.Polarity) -> set[tuple[str, Any]]:
    """What an explanation must mention for `_denied` to find `named` denied there."""
    if named.subject is not None:
        return set()
    if named.head is None and named.markers:
        return {("marker", entry) for entry, _ in named.markers}
    if named.head is None or named.has_antonym or named.head in lex.vague:
        return set()
    return {("topic", named.head)}


class _PairRule(Rule):
    options: ClassVar[Mapping[str, Option]] = {"lexicon": Option("", names_file=True)}


class ProConContradiction(_PairRule):
    """A pro and a con that cannot both be true.

    Readers stop trusting a list that says "Career Advancement" is a pro and
    "Limited Career Advancement" a con.  An item's name is reduced to its topic
    and its lean (a negator such as "limited", "lack of", "few"; or one end of an
    antonym pair such as high/low, flexible/rigid); a con on the pro's topic with
    the other lean is flagged.  A con whose explanation denies what the pro's
    name promises (pro "Passive Income", con text "most fail to earn an income")
    is flagged too.  Items that only share a word ("Paid Training" vs "Long
    Training Period") are different topics.
    """

    code = "PC001"
    name = "pro-con-contradiction"
    summary = "A pro and a con on the same topic lean opposite ways"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = polarity.lexicon(options["lexicon"])
        text = article.text
        for p, c, pm, cm in _pairs(article, options):
            if polarity.same_item(pm, cm):
                continue  # PC002's
            if polarity.contradicts(pm, cm):
                yield self.at(
                    article,
                    c.start,
                    c.end,
                    f"con {c.label!r} contradicts pro {p.label!r}; keep one, or say how both hold",
                    related=[_pro_location(article, p)],
                )
                continue
            for named, other, whose in ((pm, c, "the con's"), (cm, p, "the pro's")):
                said = _denied(
                    named, cm if other is c else pm, text, other.body_start, other.body_end, lex
                )
                if said is not None:
                    start, end = said
                    yield self.at(
                        article,
                        c.start,
                        c.end,
                        f"con {c.label!r} contradicts pro {p.label!r}: {whose} explanation "
                        f"says {_clause(text, start, end)!r}; keep one, or say how both hold",
                        related=[
                            _pro_location(article, p),
                            Related(article.location(start, end), f"what {whose} explanation says"),
                        ],
                    )
                    break


def _pro_location(article: Article, pro: Item) -> Related:
    return Related(article.location(pro.start, pro.end), "the pro it contradicts")


def _denied(
    named: polarity.ItemMeaning,
    other: polarity.ItemMeaning,
    text: str,
    start: int,
    end: int,
    lex: polarity.Polarity,
) -> tuple[int, int] | None:
    """Where the other item's explanation leans against this item's name, if it does.

    Only names that lean by a negator or not at all are read this way: "Fewer
    Distractions" against a text where you "get distracted", "Passive Income"
    against one where most "fail to earn" it.
    """
    if start >= end or named.subject is not None:
        return None
    if named.head is None and named.markers:
        # "Cost-Effective" against an explanation that says "expensive".
        # Not when the sentence is about the other item's own topic: "Cost Savings"
        # is not denied by "Shipping: the cost of shipping can be expensive".
        for s, e, (entry, pole), denied in polarity.marker_mentions(text[start:end], lex):
            if not any(entry == x and (pole != y) != denied for x, y in named.markers):
                continue
            around = polarity.stems(_clause(text, start + s, start + e, 200))
            if not (around - polarity.stems(text[start + s : start + e])) & other.content:
                return start + s, start + e
        return None
    if named.head is None or named.has_antonym or named.head in lex.vague:
        return None
    for m in polarity.mentions(text[start:end], named.head, lex):
        if m.negated == named.negated:
            continue
        if named.negated and not named.narrowing <= m.clause:
            continue  # "Minimal Startup Costs" is not denied by "the cost of products"
        if m.narrowing and not m.narrowing <= named.narrowing:
            continue  # "the risk of losing money" is not "Project Risk"
        return start + m.start, start + m.end
    return None


def _clause(text: str, start: int, end: int, width: int = 40) -> str:
    """A few words around a mention, for the message."""
    left = max(text.rfind(c, 0, start) for c in ".;:!?\n") + 1
    right = min((i for i in (text.find(c, end) for c in ".;:!?\n") if i != -1), default=len(text))
    left, right = max(left, start - width), min(right, end + width)
    return " ".join(text[left:right].split())


class SameItemBothSides(_PairRule):
    """One item listed as a pro and as a con.

    An item that is both tells the reader nothing: say what differs ("Quality of
    the work" vs "Quality control takes time") or keep it on one side.  Names are
    compared without case, markup, inflection and small words.
    """

    code = "PC002"
    name = "same-item-both-sides"
    summary = "The same item is listed as a pro and as a con"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        for p, c, pm, cm in _pairs(article, options):
            if polarity.same_item(pm, cm):
                yield self.at(
                    article,
                    c.start,
                    c.end,
                    f"{c.label!r} is listed as both a pro and a con; say what differs, or keep one",
                    related=[Related(article.location(p.start, p.end), "the same item as a pro")],
                )


RULES = (ProConContradiction, SameItemBothSides)
