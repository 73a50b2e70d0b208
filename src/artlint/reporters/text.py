"""Human output: `path:line:col: CODE [name] message`, the source line, a caret, notes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from artlint.model import Finding, Severity
from artlint.reporters import ReportContext
from artlint.reporters.escape import visible

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}

#: Line n (1-based) of a file, or None when it is not known.
Source = Callable[[str, int], "str | None"]


def _c(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def finding_text(f: Finding, source: Source, color: bool = False) -> str:
    """One finding as the report prints it, ending in a newline.

    A worker renders each finding it finds this way (without colour) and the cache
    keeps the text, so a rerun prints unchanged files without rebuilding their
    findings: this function is the one place the format is defined.
    """
    loc = f.location
    # The article's own text (message, excerpt) and the file name never reach
    # the terminal raw: see `escape`.
    head = f"{visible(loc.path)}:{loc.line}:{loc.column}: "
    name, message = visible(f.name), visible(f.message)
    # ruff's marker for a finding `--fix` fixes (unsafe fixes are not marked).
    mark = " [*]" if f.fix is not None and f.fix.safe and f.fix.edits else ""
    if color:
        out = [
            f"{_c(head, '1', True)}{_c(visible(f.code), _COLORS[f.severity], True)}{mark} "
            f"[{name}] {message}"
        ]
    else:
        out = [f"{head}{visible(f.code)}{mark} [{name}] {message}"]
    line = source(loc.path, loc.line)
    if line is not None:
        src = visible(line.replace("\t", " "))  # one character for one: carets stay put
        end = loc.end_column if loc.end_line == loc.line else len(src) + 1
        gutter = f"{loc.line:>4} | "
        out.append(f"{gutter}{src}")
        out.append(
            " " * (len(gutter) + loc.column - 1) + _c("^" * max(1, end - loc.column), "1;31", color)
        )
    for r in f.related:
        rl = r.location
        out.append(f"     = {visible(rl.path)}:{rl.line}:{rl.column}: {visible(r.message)}")
    out.append("")
    return "\n".join(out)


#: Texts per piece of output: a site-wide report is written as it is made
#: instead of held whole (a large site's would grow with every file).
BATCH = 512


def batched(texts: Iterator[str]) -> Iterator[str]:
    """`texts` (each a finding's, or a file's) joined `BATCH` at a time."""
    out: list[str] = []
    for text in texts:
        out.append(text)
        if len(out) == BATCH:
            yield "".join(out)
            out = []
    if out:
        yield "".join(out)


def chunks(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    source, color = ctx.source, ctx.color
    return batched(finding_text(f, source, color) for f in findings)


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
