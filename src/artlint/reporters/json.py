"""JSON: one array of finding objects, the shape documented in the README."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from artlint.model import Finding
from artlint.reporters import ReportContext
from artlint.reporters.escape import json_text

#: Objects dumped at a time: `json.dumps` costs much more per call than per object.
BATCH = 256


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


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    return array(f.to_dict() for f in findings)


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
