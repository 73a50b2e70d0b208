"""Plain-text article exports: structure recovered from layout alone.

An export has the title on its first line, blocks separated by blank lines, and
structure shown by short lines: "Pros:" labels, "1. Item" lines (the explanation
may follow on the next line), "Item: explanation" lines, and short standalone
lines acting as headings (a category label, a restated title).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from artlint.article import Block, Heading, HeadingKind, ItemList, ListItem

if TYPE_CHECKING:
    from artlint.article import LineIndex

_NUMBERED = re.compile(r"(?P<mark>\d{1,3})[.)]\s+(?P<label>\S.*?)\s*")
_NUMBER_MARK = re.compile(r"[ \t]*(?P<mark>\d{1,3})[.)][ \t]+(?=\S)")
_COLON_ITEM = re.compile(r"(?P<label>[A-Za-z][^:\n]{0,60}?):\s+\S")
_TERMINAL = re.compile(r"[.!;,]$")

#: "Label - explanation" and "Label: explanation" after a number or alone.
_DASH_ITEM = re.compile(r"(?P<label>[^\s\-–—][^:\n]{0,60}?)\s+[-–—]{1,2}\s+\S")
_SPLIT = re.compile(r"(?P<label>[^:\n]{1,60}?)(?::|\s+[-–—]{1,2})\s+\S")

MAX_HEADING_WORDS = 12
MAX_LABEL_WORDS = 6


def _short(line: str, limit: int = MAX_HEADING_WORDS) -> bool:
    return 0 < len(line.split()) <= limit and not _TERMINAL.search(line)


def _numbered(line: str) -> tuple[int, str, int, bool] | None:
    """A numbered item line: (number, label, label offset in the line, whole line).

    The label is the whole text after the number when it is short, or the part
    before a colon or a spaced dash ("2. Low Costs - you save on rent.").
    """
    m = _NUMBERED.fullmatch(line)
    if not m:
        return None
    label = m["label"]
    if _short(label):
        return int(m["mark"]), label, m.start("label"), True
    split = _SPLIT.match(label)
    if split and _short(split["label"], MAX_LABEL_WORDS):
        return int(m["mark"]), split["label"].strip(), m.start("label"), False
    return None


def read(
    text: str, index: LineIndex, lists: list[ItemList] | None = None
) -> tuple[list[Heading], list[Block]]:
    """Headings, item labels and paragraphs of a plain export.

    Every numbered line ("3. ...", label or not) is an item of `lists` (one list
    per section, since an export has no other list boundary), when it is given.
    """
    headings: list[Heading] = []
    blocks: list[Block] = []
    lines = text.split("\n")
    starts = index.starts
    for gi, (first, last) in enumerate(_groups(lines)):
        line = lines[first].strip()
        lead = starts[first] + (len(lines[first]) - len(lines[first].lstrip()))
        single = last - first == 1
        body_first = first
        if gi == 0 and _short(line, 20):
            headings.append(Heading(HeadingKind.TITLE, 1, line, lead, first + 1, None, lead))
            body_first = first + 1
        elif (item := _numbered(line)) is not None:
            number, label, off, whole = item
            headings.append(
                Heading(HeadingKind.NUMBERED, 3, label, lead + off, first + 1, number, lead)
            )
            body_first = first + 1 if whole else first
        elif line.endswith(":") and single and _short(line[:-1], MAX_LABEL_WORDS):
            headings.append(
                Heading(HeadingKind.LABEL, 2, line[:-1].rstrip(), lead, first + 1, None, lead)
            )
            body_first = last
        elif (m := _COLON_ITEM.match(line)) and len(m["label"].split()) <= MAX_LABEL_WORDS:
            headings.append(Heading(HeadingKind.ITEM, 3, m["label"], lead, first + 1, None, lead))
        elif _short(line) and (single or not _short(lines[first + 1].strip(), 4)):
            headings.append(Heading(HeadingKind.IMPLICIT, 2, line, lead, first + 1, None, lead))
            body_first = first + 1
        elif (m := _DASH_ITEM.match(line)) and _short(m["label"], MAX_LABEL_WORDS):
            headings.append(Heading(HeadingKind.ITEM, 3, m["label"], lead, first + 1, None, lead))
        # Numbered items written on consecutive lines, with no blank line between.
        for no in range(first + 1, last):
            item = _numbered(lines[no].strip())
            if item is not None:
                number, label, off, _ = item
                at = starts[no] + (len(lines[no]) - len(lines[no].lstrip()))
                headings.append(
                    Heading(HeadingKind.NUMBERED, 3, label, at + off, no + 1, number, at)
                )
        if body_first < last:
            end = starts[last - 1] + len(lines[last - 1])
            blocks.append(
                Block(lines[body_first].strip(), starts[body_first], end, body_first + 1, last)
            )
    if lists is not None:
        lists.extend(_numbered_lists(lines, starts, headings))
    return headings, blocks


def _groups(lines: list[str]) -> list[tuple[int, int]]:
    """(first, past-the-last) line numbers of each run of lines between blank lines: an
    export's only paragraph boundary."""
    groups: list[tuple[int, int]] = []
    start = None
    for no, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = no
        elif start is not None:
            groups.append((start, no))
            start = None
    if start is not None:
        groups.append((start, len(lines)))
    return groups


def _numbered_lists(lines: list[str], starts: list[int], headings: list[Heading]) -> list[ItemList]:
    """Numbered lines grouped by section (a title, label or implicit heading ends one)."""
    breaks = {h.line for h in headings if h.is_section}
    out: list[ItemList] = []
    items: list[ListItem] = []
    for no, line in enumerate(lines):
        if no + 1 in breaks and items:
            out.append(ItemList(True, 1, tuple(items)))
            items = []
        m = _NUMBER_MARK.match(line)
        if m:
            mark = starts[no] + m.start("mark")
            items.append(ListItem(int(m["mark"]), mark, no + 1, starts[no] + m.end()))
    if items:
        out.append(ItemList(True, 1, tuple(items)))
    return out
