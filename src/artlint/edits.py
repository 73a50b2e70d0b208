"""The edits rules attach to their findings: the offsets, line/column spans and
wording of each fix, worked out against `Article.text`.

They live apart from `fix.py`, which applies them, because that runner calls the
engine: rules importing it would depend on a layer above their own.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from typing import TYPE_CHECKING

from artlint.model import Edit, Fix

if TYPE_CHECKING:
    from artlint.article import Article


def parsed_in_full(article: Article) -> bool:
    """Was the article's front matter (if any) closed and parsed?  Its findings
    offer no fix otherwise, as the fixer would not apply them (a `[*]` that
    `--fix` ignores misleads)."""
    fm = article.front_matter
    return fm is None or (fm.closed and fm.error is None)


def _fix(article: Article, edits: tuple[Edit, ...], safe: bool, message: str) -> Fix | None:
    """The fix, unless the article was not parsed in full."""
    return Fix(edits, safe, message) if parsed_in_full(article) else None


def edit(article: Article, start: int, end: int, text: str) -> Edit:
    """An edit replacing `article.text[start:end]`, with its line/column span."""
    line, col = article.index.position(start)
    end_line, end_col = article.index.position(end)
    return Edit(start, end, text, line, col, end_line, end_col)


def replace(
    article: Article, start: int, end: int, text: str, message: str, safe: bool = True
) -> Fix | None:
    """A fix of one edit."""
    return _fix(article, (edit(article, start, end, text),), safe, message)


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete for lines `text[start:end]` (whole lines, `end` past a
    line end or at the end of the text): with one blank line after them, or, at
    the end of the file, with the blank lines before them instead, so that the
    file keeps its final newline, or its lack of one."""
    if text[end:].strip():
        if end < len(text) and text[end] == "\n" and (start == 0 or text[start - 1] == "\n"):
            end += 1
        return start, end
    q = len(text[:start].rstrip())
    return (q + 1 if q and text.endswith("\n") else q), len(text)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end + 1


def remove_line(article: Article, offset: int, message: str, safe: bool = True) -> Fix | None:
    """A fix removing the line at `offset` (see `_cut` for the blank lines)."""
    text = article.text
    start, end = _cut(text, text.rfind("\n", 0, offset) + 1, _line_end(text, offset))
    return replace(article, start, end, "", message, safe)


def _case_only(old: str, new: str) -> str | None:
    """`old` with the case of `new`, when the two differ only in case (spaces of
    any kind count as one: a message shows a no-break space as a space); None
    otherwise, as anything more is not a case fix's to make."""
    if len(old) != len(new):
        return None
    out = []
    for a, b in zip(old, new, strict=True):
        if a.casefold() == b.casefold():
            out.append(b)
        elif a.isspace() and b.isspace():
            out.append(a)
        else:
            return None
    return "".join(out)


def recase(
    article: Article, start: int, old: str, new: str, message: str, safe: bool = True
) -> Fix | None:
    """A fix turning `old` (at `start`) into `new`: one edit per changed run of
    characters when only case changes, so the fix touches nothing else."""
    new = _case_only(old, new) or old
    if old == new:
        return None
    if article.text[start : start + len(old)] != old:
        return None
    if len(old) != len(new):
        return replace(article, start, start + len(old), new, message, safe)
    edits, i = [], 0
    while i < len(old):
        if old[i] == new[i]:
            i += 1
            continue
        j = i
        while j < len(old) and old[j] != new[j]:
            j += 1
        edits.append(edit(article, start + i, start + j, new[i:j]))
        i = j
    return _fix(article, tuple(edits), safe, message)


#: A Python literal as `{text!r}` writes it into a message.
_LITERAL = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_WRITE = re.compile(r"write " + _LITERAL + r"(?: or " + _LITERAL + r")?")


def suggestions(message: str) -> list[str]:
    """The texts of a message's "write 'X'" (or "write 'X' or 'Y'"): a fix writes
    what the message says.  Messages quote them with `!r`, so they are read back
    as literals (a no-break space is written there as an escape)."""
    m = _WRITE.search(message)
    if m is None:
        return []
    return [ast.literal_eval(g) for g in m.groups() if g is not None]


def suggested(message: str) -> str | None:
    """The first text a message says to write."""
    found = suggestions(message)
    return found[0] if found else None


def heading_case_at(line: int, column: int, raw: str, message: str) -> Fix | None:
    """HD001 from the corpus phase, which has no article at hand: edits by line
    and column (offsets -1), placed by the fixer on the text it lints (`fix.resolve`)."""
    new = _case_only(raw, suggested(message) or "")
    if new is None or new == raw:
        return None
    edits, i = [], 0
    while i < len(raw):
        if raw[i] == new[i]:
            i += 1
            continue
        j = i
        while j < len(raw) and raw[j] != new[j] and raw[j] != "\n":
            j += 1
        before = raw[:i]
        ln = line + before.count("\n")
        col = (i - before.rfind("\n")) if "\n" in before else column + i
        edits.append(Edit(-1, -1, new[i:j], ln, col, ln, col + (j - i)))
        i = j
    return Fix(tuple(edits), True, f"rewrite the heading as {new!r}")


def odd_case(
    article: Article, raw: str, start: int, offset: int, word: str, message: str
) -> Fix | None:
    """HD002: a word (`raw[offset:]` at `start + offset`) as the message writes it.

    A compound the message offers two ways ('Work-Life' or 'work-life') follows
    the heading's other words: capitalised ones (or the compound leading the
    heading) take the first, lower-case ones the second.
    """
    options = suggestions(message)
    if not options:
        return None
    new = options[0]
    if len(options) > 1:
        others = re.findall(r"[^\W\d_][\w'-]*", raw[:offset] + " " + raw[offset + len(word) :])
        leads = not re.search(r"[^\W\d_]", raw[:offset])
        ups = sum(1 for w in others[1:] if w[:1].isupper())
        lows = sum(1 for w in others[1:] if w[:1].islower() and len(w) > 3)
        if not leads and lows > ups:
            new = options[1]
    return recase(article, start + offset, word, new, f"write {new!r}")


def renumber(article: Article, start: int, expected: int) -> Fix | None:
    """HD003: the number of the item or heading at `start` made `expected`."""
    m = re.compile(r"[ \t#>*+-]*(\d{1,9})").match(article.text, start)
    if m is None:
        return None
    return replace(article, m.start(1), m.end(1), str(expected), f"renumber the item as {expected}")


def remove_heading(
    article: Article, start: int, setext: bool, message: str, safe: bool
) -> Fix | None:
    """TI001: a heading's line (both lines of a setext heading), see `_cut`."""
    text = article.text
    end = _line_end(text, start)
    if setext:
        end = _line_end(text, end)
    begin, end = _cut(text, text.rfind("\n", 0, start) + 1, end)
    return replace(article, begin, end, "", message, safe)


def remove_label(article: Article, top: int, bottom: int) -> Fix | None:
    """ST001: the label's line at the top and its last line, see `_cut` (one
    edit when nothing but blank lines stands between them)."""
    text = article.text
    top_start = text.rfind("\n", 0, top) + 1
    first = _cut(text, top_start, _line_end(text, top))
    bottom_end = _line_end(text, bottom)
    last = _cut(text, text.rfind("\n", 0, bottom) + 1, bottom_end)
    spans = [_cut(text, top_start, bottom_end)] if last[0] <= first[1] else [first, last]
    message = "remove the category label at the top and the end"
    return _fix(article, tuple(edit(article, a, b, "") for a, b in spans), True, message)


def remove_entry(article: Article, key_start: int, value_end: int, message: str) -> Fix | None:
    """FM004: a front-matter entry's whole lines."""
    text = article.text
    start = text.rfind("\n", 0, key_start) + 1
    end = _line_end(text, max(key_start, value_end - 1))
    return replace(article, start, end, "", message)


_PLAIN_YAML = re.compile(r"[A-Za-z0-9][^:#\n'\"{}\[\],&*!|>%@`]*")


def _yaml_str(value: str) -> str:
    if _PLAIN_YAML.fullmatch(value) and value == value.strip():
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slug(title: str) -> str:
    flat = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", flat.lower()))


def scaffold(article: Article) -> Fix | None:
    """FM001 (unsafe): front matter from what the article says: its title (first
    line or H1), a slug made from it, and an empty `description` that FM005 flags
    until someone writes it."""
    title = article.title
    if title is None or not title.text:
        return None
    block = f'---\ntitle: {_yaml_str(title.text)}\nslug: {slug(title.text)}\ndescription: ""\n---\n'
    return replace(article, 0, 0, block, "add front matter (fill in the description)", safe=False)
