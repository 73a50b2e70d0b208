"""JSON: one array of finding objects, the shape documented in the README.

The report is written from `codec` rows, a file at a time, each object put
together from string pieces: `json.dumps` with an indent runs the encoder in
pure Python, and building a `Finding` and its dict per row costs as much again,
which made a warm JSON run of a large site cost twice its text run.  The text is
that of `json.dumps(findings, indent=2, ensure_ascii=False)`; a row holding
something else than the plain types `codec.finding_rows` gives (a plugin's odd
value) is written by `json.dumps` itself, so the two never differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any

from artlint import codec
from artlint.codec import Row
from artlint.model import Edit, Finding, Fix
from artlint.reporters import ReportContext, per_file
from artlint.reporters.escape import json_text

#: Objects dumped at a time: `json.dumps` costs much more per call than per object.
BATCH = 256

#: A string as `json.dumps(..., ensure_ascii=False)` writes it (the C encoder).
_s = encode_basestring
#: The types of a plain row's code, name, severity, message, line, column, end
#: line and end column.
_HEAD = (str, str, str, str, int, int, int, int)


def items(objects: list[Any], depth: int = 1) -> str:
    """`objects` as the items of an array `depth` levels deep, as `json.dumps`
    with `indent=2` writes them there (no brackets): dumping them apart from the
    rest of the document gives the same text, since no string holds a raw line
    end."""
    text = json.dumps(objects, indent=2, ensure_ascii=False)[2:-2]
    pad = "  " * (depth - 1)
    return json_text(pad + text.replace("\n", "\n" + pad) if pad else text)


def array(objects: Iterable[Any]) -> Iterator[str]:
    """The JSON array of `objects` (read once), `BATCH` objects at a time."""
    opened = False
    batch = []
    for o in objects:
        batch.append(o)
        if len(batch) == BATCH:
            yield (",\n" if opened else "[\n") + items(batch)
            opened, batch = True, []
    if batch:
        yield (",\n" if opened else "[\n") + items(batch)
        opened = True
    yield "\n]\n" if opened else "[]\n"


def _related(path_json: str, related: tuple[Any, ...]) -> str | None:
    out = []
    for rel in related:
        if not codec.related_ok(rel):
            return None
        p, line, col, end_line, end_col, message = rel
        out.append(
            f'      {{\n        "path": {path_json if p is None else _s(p)},\n'
            f'        "line": {line},\n        "column": {col},\n'
            f'        "end_line": {end_line},\n        "end_column": {end_col},\n'
            f'        "message": {_s(message)}\n      }}'
        )
    return "[\n" + ",\n".join(out) + "\n    ]"


def _edit(e: object) -> str | None:
    if type(e) is not Edit:
        return None
    if not (
        type(e.line) is int
        and type(e.column) is int
        and type(e.end_line) is int
        and type(e.end_column) is int
        and type(e.text) is str
        and type(e.start) is int
        and type(e.end) is int
    ):
        return None
    return (
        f'        {{\n          "line": {e.line},\n          "column": {e.column},\n'
        f'          "end_line": {e.end_line},\n          "end_column": {e.end_column},\n'
        f'          "text": {_s(e.text)},\n          "start": {e.start},\n'
        f'          "end": {e.end}\n        }}'
    )


def _fix(fix: object) -> str | None:
    if type(fix) is not Fix or type(fix.safe) is not bool or type(fix.message) is not str:
        return None
    if type(fix.edits) is not tuple:
        return None
    edits = "[]"
    if fix.edits:
        parts = []
        for e in fix.edits:
            part = _edit(e)
            if part is None:
                return None
            parts.append(part)
        edits = "[\n" + ",\n".join(parts) + "\n      ]"
    safe = "true" if fix.safe else "false"
    return (
        f'{{\n      "applicability": "{"safe" if fix.safe else "unsafe"}",\n'
        f'      "safe": {safe},\n      "message": {_s(fix.message)},\n'
        f'      "edits": {edits}\n    }}'
    )


def _object(path: str, path_json: str, row: Row) -> str:
    """One row as an item of the report's array (`items` of its finding's dict)."""
    if type(row) is tuple and len(row) == 11 and tuple(map(type, row[:8])) == _HEAD:
        code, name, sev, message, line, col, end_line, end_col, related, fix, text = row
        rel = None
        if type(related) is tuple:
            rel = _related(path_json, related) if related else "[]"
        fixed = "null" if fix is None else _fix(fix)
        if rel is not None and fixed is not None and type(text) is str:
            return (
                f'  {{\n    "path": {path_json},\n    "line": {line},\n'
                f'    "column": {col},\n    "end_line": {end_line},\n'
                f'    "end_column": {end_col},\n    "code": {_s(code)},\n'
                f'    "name": {_s(name)},\n    "severity": {_s(sev)},\n'
                f'    "message": {_s(message)},\n    "related": {rel},\n'
                f'    "fix": {fixed},\n    "text": {_s(text)}\n  }}'
            )
    return items([f.to_dict() for f in codec.findings_from_rows([row], path)])


def row_chunks(groups: Iterable[tuple[str, Sequence[Row]]]) -> Iterator[str]:
    """The report of each (path, its rows in report order), read once, in pieces."""
    sep = "[\n"
    out: list[str] = []
    for path, rows in groups:
        path_json = _s(path)
        for row in rows:
            out.append(sep)
            out.append(_object(path, path_json, row))
            sep = ",\n"
        if len(out) >= 2 * BATCH:
            yield json_text("".join(out))
            out = []
    out.append("[]\n" if sep == "[\n" else "\n]\n")
    yield json_text("".join(out))


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    return row_chunks(
        (group[0].location.path, codec.finding_rows(group, group[0].location.path))
        for group in per_file(findings)
    )


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
