"""JSON: one array of finding objects, the shape documented in the README."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from artlint.model import Finding
from artlint.reporters import ReportContext, per_file
from artlint.reporters.escape import json_text


def array(items: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """A JSON array of `items` (a list of objects at a time), as `json.dumps` with
    `indent=2` writes it, a piece per list: an object dumped alone and indented
    one level is the same text, since no string holds a raw line end."""
    opened = False
    for objects in items:
        if not objects:
            continue
        text = ",\n".join(
            "  " + json.dumps(o, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            for o in objects
        )
        yield json_text((",\n" if opened else "[\n") + text)
        opened = True
    yield "\n]\n" if opened else "[]\n"


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    return array([f.to_dict() for f in group] for group in per_file(findings))


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
