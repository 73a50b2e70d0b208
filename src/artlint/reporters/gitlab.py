"""GitLab Code Quality: the subset of the Code Climate issue format GitLab reads.

GitLab compares the fingerprints of a merge request's report with the target
branch's to decide what is new, so they come from `sarif.fingerprints`: stable
when lines move, distinct when the same flaw appears twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from artlint.model import Finding, Severity
from artlint.reporters import ReportContext, per_file, project_path
from artlint.reporters.json import array
from artlint.reporters.sarif import fingerprints

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _issue(f: Finding, fingerprint: str, root: str) -> dict[str, Any]:
    loc = f.location
    return {
        "type": "issue",
        "check_name": f.code,
        "description": f"{f.code} {f.message}",
        "categories": ["Style"],
        "severity": SEVERITIES[f.severity],
        "fingerprint": fingerprint,
        # GitLab matches the path against the repository's files: relative to the root.
        "location": {
            "path": project_path(loc.path, root),
            "lines": {"begin": loc.line, "end": loc.end_line},
        },
    }


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    return array(
        _issue(f, fp, ctx.root)
        for group in per_file(findings)
        for f, fp in zip(group, fingerprints(group), strict=True)
    )


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
