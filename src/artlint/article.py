"""The parsed article every rule reads: built once per file by `artlint.readers`.

Rules never re-parse.  Everything here carries character offsets into
`Article.text` (newlines normalised to "\\n", BOM removed), and `Article.location`
turns an offset range into a 1-based `Location`.  Because only line endings are
normalised, lines and columns match what an editor shows for the original file.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from artlint.model import Location


class Format(str, enum.Enum):
    MARKDOWN = "markdown"
    TEXT = "text"


class HeadingKind(str, enum.Enum):
    """Where a heading-like line came from.

    Career articles mark structure in many ways; the rules treat all of these as
    headings, and some (numbering, level jumps) look only at some kinds.
    """

    ATX = "atx"  # "## Heading"
    SETEXT = "setext"  # "Heading" over "====="
    TITLE = "title"  # first line of a plain-text export
    IMPLICIT = "implicit"  # a short standalone line in a plain-text export
    LABEL = "label"  # "Pros:" alone on a line
    NUMBERED = "numbered"  # "1. Item" line or ordered-list item label
    BOLD = "bold"  # "- **Item:** explanation"
    ITEM = "item"  # "Item: explanation" line, or a short bullet


#: Kinds that are real section headings, as opposed to the labels of list items.
SECTION_KINDS = frozenset(
    {
        HeadingKind.ATX,
        HeadingKind.SETEXT,
        HeadingKind.TITLE,
        HeadingKind.IMPLICIT,
        HeadingKind.LABEL,
    }
)

_MARKUP = re.compile(r"(\*\*|__|[*_`]|~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_NUMBER = re.compile(r"^\s*(\d{1,3})\\?[.)]\s+")
_NEEDS_PLAIN = re.compile(r"[*_`~\[&]")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def plain(raw: str) -> str:
    """Inline Markdown to the words a reader sees: no emphasis, links or entities."""
    if not _NEEDS_PLAIN.search(raw):  # most labels carry no markup at all
        return " ".join(raw.split())
    import html

    text = _LINK.sub(r"\1", raw)
    text = _MARKUP.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


@lru_cache(maxsize=16384)
def _label_text(raw: str) -> str:
    """`Heading.text`: every rule asks for it, often for the same heading."""
    return plain(_NUMBER.sub("", raw)).rstrip(":").strip()


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading or heading-like label.

    `raw` is the source text of the label exactly as written (markup included) and
    `start` its offset, so rules can point at a single word inside it.
    """

    kind: HeadingKind
    level: int
    raw: str
    start: int
    line: int
    number: int | None = None
    #: Offset of the whole construct (e.g. the "1." or "- **"), for spans.
    mark_start: int = -1
    #: True for a list item that is nothing but a short phrase ("- San Francisco",
    #: "- python"): it names an item, but it is list content rather than a label set
    #: off from an explanation, so capitalisation rules leave it alone.
    bare: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.raw)

    @property
    def text(self) -> str:
        """The label as a reader sees it (markup and numbering removed)."""
        return _label_text(self.raw)

    @property
    def is_section(self) -> bool:
        return self.kind in SECTION_KINDS


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (or other text block) of the body: its first line's text and span."""

    text: str
    start: int
    end: int
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list: its marker ("-", "3.") and where it stands.

    Every item is here, with or without a label, so that rules about numbering
    see the numbers the writer typed (markdown-it keeps them in `info`).
    """

    number: int | None
    start: int  # offset of the marker
    line: int
    text_start: int  # offset of the item's text after the marker


@dataclass(frozen=True, slots=True)
class ItemList:
    """A list: ordered or not, its nesting depth (1 = top level) and its items."""

    ordered: bool
    depth: int
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class TableCell:
    text: str
    start: int
    line: int


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True, slots=True)
class FrontMatterEntry:
    """One top-level key of the front matter, with where its key and value stand."""

    key: str
    value: Any
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    #: Set when the value could not be built (e.g. a date like 2023-06-31).
    error: str | None = None


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front-matter block, parsed or not.

    `entries` keeps every key in order, duplicates included; `data` is the mapping
    with the last value winning, as YAML loaders do.
    """

    format: str  # "yaml" or "toml"
    start: int
    end: int  # offset just past the closing fence (or the guessed end if unclosed)
    entries: tuple[FrontMatterEntry, ...] = ()
    closed: bool = True
    error: str | None = None
    error_offset: int | None = None

    @property
    def data(self) -> dict[str, Any]:
        return {e.key: e.value for e in self.entries}

    def entry(self, key: str) -> FrontMatterEntry | None:
        found = None
        for e in self.entries:
            if e.key == key:
                found = e
        return found


class LineIndex:
    """Offset <-> (line, column) in O(log n), without padding the text."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int = 1) -> int:
        return self.starts[line - 1] + column - 1


_T = TypeVar("_T")


@dataclass(slots=True)
class Article:
    """One file, parsed once."""

    path: str
    text: str
    format: Format
    index: LineIndex
    front_matter: FrontMatter | None = None
    #: Offset where the body (after the front matter) starts.
    body_start: int = 0
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    #: Every list of the body in source order (nested lists after their parent's
    #: opening); plain-text exports get their numbered lines here.
    lists: list[ItemList] = field(default_factory=list)
    #: What `memo` has worked out for this article; it goes when the article does.
    _memo: dict[Callable[[Article], Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def memo(self, compute: Callable[[Article], _T]) -> _T:
        """`compute(self)`, worked out once for this article however many rules ask.

        The one memo for what several rules derive from an article (its word
        usage, its title's compare key): nothing outlives the article, so no
        module-level cache keyed on text can grow or hand one file's result to
        another.  `compute` is the key, so pass a module-level function.
        """
        table = self._memo
        try:
            return table[compute]  # type: ignore[no-any-return]
        except KeyError:
            value = table[compute] = compute(self)
            return value

    def forget(self, compute: Callable[[Article], Any]) -> None:
        """Drop what `memo` kept for `compute`: the caller edited the article in place."""
        self._memo.pop(compute, None)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def location(self, start: int, end: int | None = None) -> Location:
        line, col = self.index.position(start)
        if end is None or end <= start:
            return Location(self.path, line, col, line, col)
        end_line, end_col = self.index.position(end)
        return Location(self.path, line, col, end_line, end_col)

    def line_location(self, line: int) -> Location:
        """The whole of one line (1-based), for findings about a line as such."""
        start = self.index.offset(line)
        end = self.text.find("\n", start)
        return self.location(start, len(self.text) if end == -1 else end)

    @property
    def title(self) -> Heading | None:
        """The article's title: front-matter `title`, else the first H1 / title line."""
        fm = self.front_matter
        if fm is not None:
            entry = fm.entry("title")
            if entry is not None and isinstance(entry.value, str) and entry.value.strip():
                raw = entry.value
                line, _ = self.index.position(entry.value_start)
                return Heading(HeadingKind.TITLE, 0, raw, entry.value_start, line)
        for h in self.headings:
            if h.level == 1 and h.kind in (HeadingKind.ATX, HeadingKind.SETEXT, HeadingKind.TITLE):
                return h
            if h.is_section:
                break
        return None

    def sections(self) -> Iterator[tuple[Heading, list[Heading], int]]:
        """Each section heading with the heading-like entries under it.

        Yields (heading, children, end offset).  A section ends at the next
        section heading of the same or a higher level.
        """
        heads = self.headings
        # Where each section ends: at the first later section heading of the same or
        # a higher level, i.e. when that heading closes it on a stack of open sections.
        closed_by: dict[int, int] = {}
        open_sections: list[int] = []
        for j, h in enumerate(heads):
            if h.kind in SECTION_KINDS:
                while open_sections and heads[open_sections[-1]].level >= h.level:
                    closed_by[open_sections.pop()] = j
                open_sections.append(j)
        n = len(heads)
        for i, h in enumerate(heads):
            if h.kind not in SECTION_KINDS:
                continue
            j = closed_by.get(i, n)
            if j < n:
                other = heads[j]
                end = other.mark_start if other.mark_start >= 0 else other.start
            else:
                end = len(self.text)
            yield h, heads[i + 1 : j], end
