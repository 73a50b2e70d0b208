"""GitHub Actions workflow commands: each line becomes an annotation on the diff.

The runner parses `::command key=value,...::data`, so a colon or comma inside a
property value, or a newline anywhere, would end the field early; the escapes
below are the ones the runner's own toolkit (`@actions/core`) applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from artlint.model import Finding, Severity
from artlint.reporters import ReportContext, per_file
from artlint.reporters.escape import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _line(f: Finding) -> str:
    loc = f.location
    props = [("file", visible(loc.path)), ("line", str(loc.line))]
    # GitHub honours columns only on single-line spans; on a multi-line one it
    # would mark the wrong range, so the annotation covers whole lines instead.
    if loc.end_line == loc.line:
        props += [
            ("col", str(loc.column)),
            ("endLine", str(loc.end_line)),
            ("endColumn", str(loc.end_column)),
        ]
    else:
        props.append(("endLine", str(loc.end_line)))
    props.append(("title", visible(f"{f.code} {f.name}")))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    # Related places go into the message: an annotation has only one location.
    # Control characters of the article are drawn, not passed to the runner's log.
    message = visible(f.message, keep_cr=True) + "".join(
        f"\n{visible(r.location.path)}:{r.location.line}:{r.location.column}: "
        f"{visible(r.message, keep_cr=True)}"
        for r in f.related
    )
    return f"::{COMMANDS[f.severity]} {head}::{escape_data(message)}"


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    for group in per_file(findings):
        yield "".join(_line(f) + "\n" for f in group)


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
