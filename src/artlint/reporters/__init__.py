"""Output formats.  Each module has `render(findings, ctx) -> str`, and a format that
can be written piece by piece also `chunks(findings, ctx)`; loaded on demand."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Sequence
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
    #: Rule metadata by code: (name, summary, default severity), for SARIF.
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


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(fmt, findings, ctx))


def chunks(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    """The report in pieces, for writing as it is made."""
    module = importlib.import_module(f"artlint.reporters.{fmt}")
    if hasattr(module, "chunks"):
        yield from module.chunks(findings, ctx)
    else:
        yield module.render(findings, ctx)
