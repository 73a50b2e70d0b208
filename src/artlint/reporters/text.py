"""Human output: `path:line:col: CODE [name] message`, the source line, a caret, notes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from artlint.model import Finding, Severity
from artlint.reporters import ReportContext

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _c(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def _excerpt(f: Finding, ctx: ReportContext) -> list[str]:
    loc = f.location
    line = ctx.source(loc.path, loc.line)
    if line is None:
        return []
    src = line.replace("\t", " ")
    end = loc.end_column if loc.end_line == loc.line else len(src) + 1
    width = max(1, end - loc.column)
    gutter = f"{loc.line:>4} | "
    caret = " " * (len(gutter) + loc.column - 1) + _c("^" * width, "1;31", ctx.color)
    return [f"{gutter}{src}", caret]


#: Findings per piece of output: a site-wide report is written as it is made
#: instead of held whole (at 100,000 articles it runs to a hundred megabytes).
BATCH = 512


def chunks(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    out: list[str] = []
    color = ctx.color
    for i, f in enumerate(findings, 1):
        loc = f.location
        head = f"{loc.path}:{loc.line}:{loc.column}: "
        if color:
            out.append(f"{_c(head, '1', True)}{_c(f.code, _COLORS[f.severity], True)} "
                       f"[{f.name}] {f.message}")
        else:
            out.append(f"{head}{f.code} [{f.name}] {f.message}")
        out.extend(_excerpt(f, ctx))
        for r in f.related:
            rl = r.location
            out.append(f"     = {rl.path}:{rl.line}:{rl.column}: {r.message}")
        if i % BATCH == 0:
            yield "\n".join(out) + "\n"
            out = []
    if out:
        yield "\n".join(out) + "\n"


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
