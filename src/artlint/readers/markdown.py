"""Markdown bodies through markdown-it-py.

markdown-it gives block tokens with 0-based `[begin, end)` line maps but no
columns, so each label's column is found by searching its own source line.
Only the block parse runs, with each line offered only to the block rules that
can start there (`_dispatcher`): the tokens are markdown-it's own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from artlint.article import Block, Heading, HeadingKind, ItemList, ListItem, Table, TableCell

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

    from artlint.article import LineIndex

    BlockRule = Callable[[StateBlock, int, int, bool], bool]

_BOLD_LABEL = re.compile(r"(\*\*|__)(?P<label>[^*_\n]+?)\1\s*(?::|\s[-–—]\s|$)")
_BOLD_COLON = re.compile(r"(\*\*|__)(?P<label>[^*_\n]+?):\1")
_COLON_LABEL = re.compile(r"(?P<label>[A-Z][^:\n]{0,60}?):\s+\S")
#: "Label - explanation" (hyphen, en or em dash set off by spaces).
_DASH_LABEL = re.compile(r"(?P<label>[^\s\-–—\[(][^\n\[\]()]{0,60}?)\s+[-–—]{1,2}\s+\S")
_SENTENCE_END = re.compile(r"[.!;,]\s*$")
#: The number a heading starts with, in bold or not ("## 2. Network", "### **2. Network**").
_HEADING_NUMBER = re.compile(r"(?:\*\*|__)?(\d{1,3})\\?[.)]\s")
#: The tokens `read` looks at; it steps over the others (closings, inline content).
_READ = frozenset(
    {
        "heading_open",
        "bullet_list_open",
        "ordered_list_open",
        "bullet_list_close",
        "ordered_list_close",
        "list_item_open",
        "paragraph_open",
        "table_open",
    }
)

#: A label is short; longer first lines are sentences, not item names.
MAX_LABEL_WORDS = 10


#: The first non-blank character a line must start with for each block rule to
#: match there (CommonMark's own conditions: a heading starts with "#", a list
#: item with a bullet or a digit, ...).  Rules not named here may match anywhere.
_STARTS: dict[str, frozenset[str]] = {
    "fence": frozenset("`~"),
    "blockquote": frozenset(">"),
    "hr": frozenset("*-_"),
    "list": frozenset("*-+0123456789"),
    "reference": frozenset("["),
    "html_block": frozenset("<"),
    "heading": frozenset("#"),
}
#: A table's second line (its delimiter row) starts with one of these.
_TABLE_DELIMITER = frozenset("|-:")
_CHAINS = ("", "paragraph", "reference", "blockquote", "list")


def _dispatcher(rules: tuple[BlockRule, ...], names: dict[BlockRule, str]) -> BlockRule:
    """One block rule that runs, in order, only the rules of `rules` that can match.

    markdown-it tries every block rule on every line (and every terminator rule on
    every line of a paragraph or list item), though most can only match a line
    that starts with one character; they return False at once, but the calls cost
    most of the block parse.  Here the line's first non-blank character (and, for
    tables and setext headings, the next line) picks the rules that can match, so
    the tokens are the same and most calls go.

    The rules skipped return False without touching the state when they do not
    match, except "lheading", which leaves `parentType` at "paragraph": when it is
    skipped, the dispatcher does that for it.  A line indented as code, where every
    rule decides differently, gets the whole chain.
    """

    def can_match(name: str | None, ch: str | None, table: bool) -> bool:
        if name == "code":
            return False  # the line is not indented as code (checked below)
        if name == "table":
            return table
        starts = _STARTS.get(name or "")
        return starts is None or ch in starts

    # (first character, next line may be a table's delimiter row, next line blank)
    # -> the rules to try, None standing for an "lheading" that cannot match.
    by_start: dict[tuple[str | None, bool, bool], tuple[BlockRule | None, ...]] = {}
    for ch in (*frozenset().union(*_STARTS.values()), None):
        for table in (False, True):
            for lone in (False, True):
                by_start[ch, table, lone] = tuple(
                    None if lone and names.get(f) == "lheading" else f
                    for f in rules
                    if can_match(names.get(f), ch, table)
                )

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if state.sCount[line] - state.blkIndent >= 4:
            candidates: tuple[BlockRule | None, ...] = rules  # indented code: all of them
        else:
            src = state.src
            pos = state.bMarks[line] + state.tShift[line]
            ch = src[pos] if pos < state.eMarks[line] else None
            table = False
            lone = True
            nxt = line + 1
            if nxt < end:
                # What every version of the table rule asks of the next line first:
                # nothing but "|", "-", ":" and blanks, starting with one of the three.
                at = state.bMarks[nxt] + state.tShift[nxt]
                stop = state.eMarks[nxt]
                lone = at >= stop
                table = (
                    not lone and src[at] in _TABLE_DELIMITER and not src[at:stop].strip("|-: \t")
                )
            found = by_start.get((ch, table, lone))
            candidates = by_start[None, table, lone] if found is None else found
        for rule in candidates:
            if rule is None:
                # A setext heading needs an underline before the next blank line;
                # markdown-it's rule only sets this on its way to returning False.
                state.parentType = "paragraph"
            elif rule(state, line, end, silent):
                return True
        return False

    return dispatch


def _dispatching(md: MarkdownIt) -> MarkdownIt:
    """`md` with each block-rule chain replaced by its dispatcher (see `_dispatcher`).

    Only for a parser whose rules are not changed afterwards.  Should markdown-it
    ever lay out its rulers differently, the parser is left as it was.
    """
    ruler = md.block.ruler
    try:
        names = {r.fn: r.name for r in ruler.__rules__}
        original = ruler.getRules
        chains = {c: [_dispatcher(tuple(original(c)), names)] for c in _CHAINS}
    except (AttributeError, TypeError):
        return md

    def get_rules(chainName: str = "") -> list[BlockRule]:  # markdown-it's signature
        found = chains.get(chainName)
        return found if found is not None else original(chainName)

    ruler.getRules = get_rules  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported here: markdown-it is among the costliest imports of a run, and
    # `artlint rules`, `explain` and a run of plain-text exports never need it.
    from markdown_it import MarkdownIt

    # Only block tokens and the raw `content` of inline tokens are read, never their
    # children, so inline parsing (more than half of markdown-it's time) is skipped.
    # "normalize" (line ends and NUL) is done by `_parse` only when it has work.
    md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join", "normalize"])
    return _dispatching(md)


def _parse(body: str) -> list[Token]:
    """markdown-it's block tokens for `body`, as `MarkdownIt("commonmark")` with
    tables gives them."""
    if "\r" in body or "\0" in body:  # what markdown-it's "normalize" rule does
        body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    tokens: list[Token] = _parser().parse(body)
    return tokens


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
    if (
        rest
        and len(first.split()) <= MAX_LABEL_WORDS
        and not _SENTENCE_END.search(first)
        and (first.endswith(":") or (rest.lstrip()[:1].isupper() and len(rest.split()) >= 3))
    ):
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


def _paragraph(tok: Token, inline: Token, text: str, index: LineIndex, first_line: int) -> Block:
    """A top-level paragraph's block: its first line's text and the span of all its lines."""
    assert tok.map is not None
    line0 = tok.map[0] + first_line
    end_line0 = tok.map[1] + first_line - 1
    end = text.find("\n", index.starts[end_line0])
    end = len(text) if end == -1 else end
    first_text = inline.content.split("\n")[0]
    return Block(first_text, index.starts[line0], end, line0 + 1, end_line0 + 1)


def _item_heading(
    tok: Token,
    inline: Token,
    ordered: bool,
    text: str,
    index: LineIndex,
    line0: int,
    marker: int,
    level: int,
) -> Heading | None:
    """The item a top-level list item's first paragraph names ("Pay: ...", a short line),
    if it names one; `marker` is -1 when the paragraph is not on the marker's line."""
    label = _item_label(inline.content)
    if label is None:
        return None
    kind, raw, bare = label
    number = int(tok.info) if ordered and tok.info.isdigit() else None
    if number is not None:
        kind = HeadingKind.NUMBERED
    if marker == -1:
        marker = _marker(text, index, line0)
    start = _find(text, index, line0, raw, marker + 1)
    return Heading(kind, level, raw, start, line0 + 1, number, marker, bare)


def _list_item(tok: Token, ordered: bool, text: str, index: LineIndex, line0: int) -> ListItem:
    """The item a `list_item_open` token on 0-based line `line0` opens: its marker, its number
    in an ordered list, and where its text starts after the marker and the spaces."""
    marker = _marker(text, index, line0)
    mark = (tok.info + tok.markup) if ordered else tok.markup
    number = int(tok.info) if ordered and tok.info.isdigit() else None
    text_at = marker + len(mark)
    while text_at < len(text) and text[text_at] in " \t":
        text_at += 1
    return ListItem(number, marker, line0 + 1, text_at)


def _heading(tok: Token, inline: Token, text: str, index: LineIndex, first_line: int) -> Heading:
    """The heading a `heading_open` token and its inline token stand for, placed in `text`."""
    assert tok.map is not None
    line0 = tok.map[0] + first_line
    kind = HeadingKind.ATX if tok.markup.startswith("#") else HeadingKind.SETEXT
    after = _marker(text, index, line0)
    if kind is HeadingKind.ATX:
        after += len(tok.markup)
    raw = inline.content.split("\n")[0]
    start = _find(text, index, line0, raw, after)
    m = _HEADING_NUMBER.match(raw)
    return Heading(
        kind, int(tok.tag[1]), raw, start, line0 + 1, int(m[1]) if m else None, index.starts[line0]
    )


def read(
    text: str, index: LineIndex, body_start: int, lists: list[ItemList] | None = None
) -> tuple[list[Heading], list[Block], list[Table]]:
    """Headings, item labels, paragraphs and tables of the body starting at `body_start`.

    Every list, with all its items, is appended to `lists` when it is given.
    """
    first_line = index.position(body_start)[0] - 1  # 0-based line of the body's start
    tokens = _parse(text[body_start:])
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
        if ttype not in _READ:
            pass
        elif ttype == "paragraph_open":  # the most frequent first
            if list_depth == 0:
                inline = tokens[i + 1]
                block = _paragraph(tok, inline, text, index, first_line)
                blocks.append(block)
                if inline.content[:2] in ("**", "__"):  # what `_bold_paragraph` looks for
                    line0 = block.line - 1
                    _bold_paragraph(inline.content, text, index, line0, section_level, headings)
        elif ttype == "heading_open":
            heading = _heading(tok, tokens[i + 1], text, index, first_line)
            headings.append(heading)
            section_level = heading.level
            i += 3
            continue
        elif ttype == "list_item_open":
            item_line0 = item_marker = -1
            if tok.map is not None:
                item = _list_item(tok, ordered[-1], text, index, tok.map[0] + first_line)
                open_lists[-1][1].append(item)
                item_line0, item_marker = item.line - 1, item.start
            j = i + 1
            if (
                list_depth == 1
                and j < n
                and tokens[j].type == "paragraph_open"
                and tokens[j + 1].type == "inline"
            ):
                inline = tokens[j + 1]
                assert inline.map is not None
                line0 = inline.map[0] + first_line
                marker = item_marker if line0 == item_line0 else -1
                labelled = _item_heading(
                    tok, inline, ordered[-1], text, index, line0, marker, section_level + 1
                )
                if labelled is not None:
                    headings.append(labelled)
        elif ttype in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered.append(ttype == "ordered_list_open")
            open_lists.append((len(found), []))
            found.append(None)
        elif ttype in ("bullet_list_close", "ordered_list_close"):
            slot, items = open_lists.pop()
            found[slot] = ItemList(ordered[-1], list_depth, tuple(items))
            list_depth -= 1
            ordered.pop()
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
            Heading(
                HeadingKind.BOLD,
                level + 1,
                raw,
                _find(text, index, line0, raw),
                line0 + 1,
                None,
                index.starts[line0],
            )
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
