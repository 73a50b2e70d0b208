"""Output formats.  Each module has `chunks(findings, ctx)`, the report in pieces,
and `render(findings, ctx) -> str`; loaded on demand.

A reporter reads its findings once, in report order (a path's findings
together), holding at most one file's worth of them and small tallies: a site's
findings decoded at once would not fit in memory on a large site.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from artlint.model import Finding

if TYPE_CHECKING:
    from artlint.baseline import Comparison

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "html")


@dataclass
class ReportContext:
    """What a reporter may need besides the findings."""

    files: Sequence[str] = ()
    color: bool = False
    #: Line n (1-based) of a file, for excerpts (None when it cannot be read).
    source: Callable[[str, int], str | None] = field(default=lambda _p, _n: None)
    #: Rule metadata by code: (name, summary, default severity), for SARIF and the
    #: HTML report; a streamed report's caller may add each code's as it is met.
    rules: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    version: str = ""
    #: With `--baseline`, for the HTML report: which findings are new, what was fixed.
    baseline: Comparison | None = None
    #: The project root (absolute): SARIF and GitLab name files relative to it, as
    #: code scanning and merge requests expect, even when the paths given were not.
    root: str = ""


def project_path(path: str, root: str) -> str:
    """`path` relative to `root` in POSIX form when it lies inside it, else as it is."""
    if not root or not Path(path).is_absolute():
        return path
    rel = os.path.relpath(path, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path
    return rel.replace(os.sep, "/")


def by_path(findings: Sequence[Finding]) -> list[Finding]:
    """`findings` with each path's together (paths in order of first appearance,
    each one's findings in their order), as `chunks` reads them."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.location.path, []).append(f)
    return [f for group in groups.values() for f in group]


def per_file(findings: Iterable[Finding]) -> Iterator[list[Finding]]:
    """`findings` a path at a time: each run of findings on one path as a list."""
    group: list[Finding] = []
    for f in findings:
        if group and f.location.path != group[0].location.path:
            yield group
            group = []
        group.append(f)
    if group:
        yield group


def joined(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """`pieces` joined into writes of about `size` characters (a file's piece of a
    report is often a line: writing each alone costs more than making it)."""
    out: list[str] = []
    n = 0
    for piece in pieces:
        out.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(out)
            out, n = [], 0
    if out:
        yield "".join(out)


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(fmt, by_path(findings), ctx))


def chunks(fmt: str, findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    """The report in pieces, for writing as it is made; `findings` are read once,
    in report order (see `by_path`)."""
    module = importlib.import_module(f"artlint.reporters.{fmt}")
    yield from module.chunks(findings, ctx)
