"""Bytes to `Article`: decoding, front matter, and the body reader chosen by content.

The file extension does not decide the format: exports arrive as `.txt` holding
Markdown with front matter, and `.md` files can be plain exports.
"""

from __future__ import annotations

import re

from artlint.article import Article, Format, LineIndex
from artlint.readers import frontmatter, markdown, plaintext


class DecodeError(Exception):
    """The bytes are not UTF-8 text; `offset` is the first bad byte."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def decode(data: bytes) -> str:
    """UTF-8 (BOM optional) to text with "\\n" line ends.

    Raises DecodeError naming the byte offset of the first NUL or invalid byte.
    """
    nul = data.find(b"\x00")  # anywhere: a NUL past the first 8 KiB is still binary
    if nul != -1:
        raise DecodeError(f"binary file (NUL byte at byte offset {nul})", nul)
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at byte offset {offset})", offset
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def piped(text: str) -> bytes:
    """Text read from standard input (bytes that are not UTF-8 kept as
    surrogates) as the bytes it came as, to go through `decode` like a file's:
    one route from bytes to text, whatever they came through."""
    return text.encode("utf-8", "surrogateescape")


_MD_SIGNS = re.compile(
    r"^(?:\#{1,6}[ \t]|[-*+][ \t]+\S|(?:=+|-{3,})[ \t]*$|```|>\s)|\*\*\S|\]\(|<!--",
    re.M,
)


def detect(text: str, has_front_matter: bool) -> Format:
    """Markdown if front matter or Markdown syntax is present, else a plain export."""
    if has_front_matter or _MD_SIGNS.search(text):
        return Format.MARKDOWN
    return Format.TEXT


def parse(path: str, text: str) -> Article:
    """Build the one `Article` every rule reads."""
    index = LineIndex(text)
    fm = None
    body_start = 0
    found = frontmatter.split(text)
    if found is not None:
        fmt, start, end, block_end, closed = found
        fm = frontmatter.parse(text, fmt, start, end)
        if not closed:
            fm = type(fm)(fm.format, fm.start, fm.end, fm.entries, False, fm.error, fm.error_offset)
        body_start = block_end
    article = Article(path, text, detect(text[body_start:], fm is not None), index, fm, body_start)
    if article.format is Format.MARKDOWN:
        article.headings, article.blocks, article.tables = markdown.read(
            text, index, body_start, article.lists
        )
    else:
        article.headings, article.blocks = plaintext.read(text, index, article.lists)
    return article


def read_bytes(path: str, data: bytes) -> Article:
    """Decode and parse; raises DecodeError for bytes that are not UTF-8 text."""
    return parse(path, decode(data))
