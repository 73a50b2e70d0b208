"""Output formats.  Each module has `render(findings, ctx) -> str`; loaded on demand."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from artlint.model import Finding

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


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


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    module = importlib.import_module(f"artlint.reporters.{fmt}")
    out: str = module.render(findings, ctx)
    return out
