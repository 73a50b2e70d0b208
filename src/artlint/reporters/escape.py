"""What an article or a file name may hold that no report may pass on as it is.

An article is anyone's text: an ESC or OSC sequence in a heading, printed raw,
recolours or retitles the reader's terminal, or hides a line of the report; a
bidirectional override reorders what the reader sees.  A file name is bytes,
and one that is not UTF-8 reaches Python as lone surrogates (`os.fsdecode`),
which no UTF-8 stream can carry: the report crashed with UnicodeEncodeError.

`visible` draws control characters as one visible character each (the
Unicode control pictures, U+2400 onwards), so a caret under an excerpt stays
in its column; `json_text` writes surrogates as JSON escapes, which parse back
to the same name.
"""

from __future__ import annotations

import os
import re

#: C0 controls but tab and newline, DEL, C1 controls, the line and paragraph
#: separators, and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: The same but carriage return, for formats that escape CR themselves.
_CONTROL_BUT_CR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _picture(m: re.Match[str]) -> str:
    ch = ord(m.group())
    if ch < 0x20:
        return chr(0x2400 + ch)  # ESC -> U+241B, NUL -> U+2400
    if ch == 0x7F:
        return "\u2421"
    return "\ufffd"


def _byte(m: re.Match[str]) -> str:
    ch = ord(m.group())
    # os.fsdecode maps an undecodable byte b to U+DC00 + b.
    return f"\\x{ch - 0xDC00:02x}" if 0xDC80 <= ch <= 0xDCFF else f"\\u{ch:04x}"


def visible(text: str, keep_cr: bool = False) -> str:
    """`text` with control characters but newline (and, if `keep_cr`, carriage
    return) drawn, one character each, and the bytes of an undecodable file name
    written as `\\xff`."""
    if text.isascii() and text.replace("\n", "").isprintable():
        return text
    return undecodable((_CONTROL_BUT_CR if keep_cr else _CONTROL).sub(_picture, text))


def undecodable(text: str) -> str:
    """`text` with the bytes of an undecodable file name written as `\\xff`."""
    return _SURROGATE.sub(_byte, text) if _SURROGATE.search(text) else text


def json_text(text: str) -> str:
    """JSON made with `ensure_ascii=False`, with any lone surrogate (from a file
    name that is not UTF-8) written as its `\\udcff` escape: valid JSON that
    parses back to the name `os.fsencode` turns into the original bytes."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def file_bytes(path: str) -> bytes:
    """The bytes of a file name as the file system has them."""
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        return path.encode("utf-8", "surrogatepass")
