"""Markdown bodies through markdown-it-py.

markdown-it gives block tokens with 0-based `[begin, end)` line maps but no
columns, so each label's column is found by searching its own source line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from artlint.article import Block, Heading, HeadingKind, ItemList, ListItem, Table, TableCell

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from artlint.article import LineIndex

_BOLD_LABEL = re.compile(r"(\*\*|__)(?P<label>[^*_\n]+?)\1\s*(?::|\s[-–—]\s|$)")
_BOLD_COLON = re.compile(r"(\*\*|__)(?P<label>[^*_\n]+?):\1")
_COLON_LABEL = re.compile(r"(?P<label>[A-Z][^:\n]{0,60}?):\s+\S")
#: "Label - explanation" (hyphen, en or em dash set off by spaces).
_DASH_LABEL = re.compile(r"(?P<label>[^\s\-–—\[(][^\n\[\]()]{0,60}?)\s+[-–—]{1,2}\s+\S")
_SENTENCE_END = re.compile(r"[.!;,]\s*$")

#: A label is short; longer first lines are sentences, not item names.
MAX_LABEL_WORDS = 10


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Only block tokens and the raw `content` of inline tokens are read, never their
    # children, so inline parsing (more than half of markdown-it's time) is skipped.
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def _find(text: str, index: LineIndex, line0: int, needle: str, after: int = -1) -> int:
    """Offset of `needle` on 0-based line `line0`, at or after `after` (falls back to
    the line's start)."""
    start = index.starts[line0] if line0 < len(index.starts) else len(text)
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    pos = text.find(needle, max(start, after), end) if needle else -1
    return pos if pos != -1 else start


def _marker(text: str, index: LineIndex, line0: int) -> int:
    """Offset of a list item's marker ("-", "1."): the first non-blank of its line.

    Searching for the marker's character would find the "." inside "1." or a
    hyphen in the label; the marker is what the line starts with.
    """
    start = index.starts[line0]
    pos = start
    while pos < len(text) and text[pos] in " \t>":
        pos += 1
    return pos


def _item_label(content: str) -> tuple[HeadingKind, str, bool] | None:
    """The name of a list item, if it has one: (kind, raw label, bare).

    `bare` is True when the whole item is a short phrase with no explanation set
    off from it (a list of places or tools), as opposed to a label followed by a
    line break, a colon or a dash and then its explanation.
    """
    m = _BOLD_COLON.match(content) or _BOLD_LABEL.match(content)
    if m:
        return HeadingKind.BOLD, m["label"].strip(), False
    first, _, rest = content.partition("\n")
    first = first.strip()
    if (rest and len(first.split()) <= MAX_LABEL_WORDS and not _SENTENCE_END.search(first)
            and (first.endswith(":") or (rest.lstrip()[:1].isupper()
                                         and len(rest.split()) >= 3))):
        # A hard-wrapped sentence continues in lower case (or with a stray word or
        # two); a label line is followed by its explanation, a new sentence.
        return HeadingKind.ITEM, first.rstrip(":").rstrip(), False
    m = _COLON_LABEL.match(content)
    if m and len(m["label"].split()) <= 6:
        return HeadingKind.ITEM, m["label"], False
    m = _DASH_LABEL.match(first)
    if m and len(m["label"].split()) <= MAX_LABEL_WORDS and not _SENTENCE_END.search(m["label"]):
        return HeadingKind.ITEM, m["label"], False
    if not rest and len(first.split()) <= 6 and not _SENTENCE_END.search(first):
        return HeadingKind.ITEM, first, True
    return None


def read(
    text: str, index: LineIndex, body_start: int, lists: list[ItemList] | None = None
) -> tuple[list[Heading], list[Block], list[Table]]:
    """Headings, item labels, paragraphs and tables of the body starting at `body_start`.

    Every list, with all its items, is appended to `lists` when it is given.
    """
    first_line = index.position(body_start)[0] - 1  # 0-based line of the body's start
    tokens = _parser().parse(text[body_start:])
    headings: list[Heading] = []
    blocks: list[Block] = []
    tables: list[Table] = []
    section_level = 0
    list_depth = 0
    ordered: list[bool] = []
    open_lists: list[tuple[int, list[ListItem]]] = []  # (slot in `found`, items)
    found: list[ItemList | None] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        ttype = tok.type
        if ttype == "heading_open":
            inline = tokens[i + 1]
            level = int(tok.tag[1])
            assert tok.map is not None
            line0 = tok.map[0] + first_line
            raw = inline.content
            kind = HeadingKind.ATX if tok.markup.startswith("#") else HeadingKind.SETEXT
            after = _marker(text, index, line0)
            if kind is HeadingKind.ATX:
                after += len(tok.markup)
            start = _find(text, index, line0, raw.split("\n")[0], after)
            raw = raw.split("\n")[0]
            m = re.match(r"(\d{1,3})\\?[.)]\s", raw)
            headings.append(
                Heading(kind, level, raw, start, line0 + 1, int(m[1]) if m else None,
                        index.starts[line0])
            )
            section_level = level
            i += 3
            continue
        if ttype in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered.append(ttype == "ordered_list_open")
            open_lists.append((len(found), []))
            found.append(None)
        elif ttype in ("bullet_list_close", "ordered_list_close"):
            slot, items = open_lists.pop()
            found[slot] = ItemList(ordered[-1], list_depth, tuple(items))
            list_depth -= 1
            ordered.pop()
        if ttype == "list_item_open" and tok.map is not None:
            line0 = tok.map[0] + first_line
            marker = _marker(text, index, line0)
            mark = (tok.info + tok.markup) if ordered[-1] else tok.markup
            number = int(tok.info) if ordered[-1] and tok.info.isdigit() else None
            text_at = marker + len(mark)
            while text_at < len(text) and text[text_at] in " \t":
                text_at += 1
            open_lists[-1][1].append(ListItem(number, marker, line0 + 1, text_at))
        if ttype == "list_item_open" and list_depth == 1:
            j = i + 1
            if j < n and tokens[j].type == "paragraph_open" and tokens[j + 1].type == "inline":
                inline = tokens[j + 1]
                assert inline.map is not None
                line0 = inline.map[0] + first_line
                label = _item_label(inline.content)
                if label is not None:
                    kind, raw, bare = label
                    number = int(tok.info) if ordered[-1] and tok.info.isdigit() else None
                    if number is not None:
                        kind = HeadingKind.NUMBERED
                    marker = _marker(text, index, line0)
                    start = _find(text, index, line0, raw, marker + 1)
                    headings.append(
                        Heading(kind, section_level + 1, raw, start, line0 + 1, number,
                                marker, bare)
                    )
        if ttype == "paragraph_open" and list_depth == 0:
            inline = tokens[i + 1]
            assert tok.map is not None
            line0 = tok.map[0] + first_line
            start = index.starts[line0]
            end_line0 = tok.map[1] + first_line - 1
            end = text.find("\n", index.starts[end_line0])
            end = len(text) if end == -1 else end
            first_text = inline.content.split("\n")[0]
            blocks.append(Block(first_text, start, end, line0 + 1, end_line0 + 1))
            _bold_paragraph(inline.content, text, index, line0, section_level, headings)
        elif ttype == "table_open":
            i = _table(tokens, i, text, index, first_line, tables)
        i += 1
    if lists is not None:
        lists.extend(x for x in found if x is not None)
    return headings, blocks, tables


def _bold_paragraph(
    content: str, text: str, index: LineIndex, line0: int, level: int, headings: list[Heading]
) -> None:
    """A paragraph that opens with a bold label ("**Pay:** ...") names an item too."""
    m = _BOLD_COLON.match(content) or _BOLD_LABEL.match(content)
    if m and len(m["label"].split()) <= MAX_LABEL_WORDS:
        raw = m["label"].strip()
        headings.append(
            Heading(HeadingKind.BOLD, level + 1, raw, _find(text, index, line0, raw), line0 + 1,
                    None, index.starts[line0])
        )


def _table(
    tokens: list[Token], i: int, text: str, index: LineIndex, first_line: int, tables: list[Table]
) -> int:
    header: list[TableCell] = []
    rows: list[list[TableCell]] = []
    row_line0 = 0
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            assert tok.map is not None
            row_line0 = tok.map[0] + first_line
            if not in_head:
                rows.append([])
        elif tok.type == "inline":
            cell = TableCell(tok.content, _find(text, index, row_line0, tok.content), row_line0 + 1)
            (header if in_head else rows[-1]).append(cell)
        i += 1
    tables.append(Table(tuple(header), tuple(tuple(r) for r in rows)))
    return i
