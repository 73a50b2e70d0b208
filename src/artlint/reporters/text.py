"""Human output: `path:line:col: CODE [name] message`, the source line, a caret, notes."""

from __future__ import annotations

from collections.abc import Sequence

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


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    out: list[str] = []
    color = ctx.color
    for f in findings:
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
    return "\n".join(out) + ("\n" if out else "")
