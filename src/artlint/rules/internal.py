"""artlint's own codes (AL): registered like every rule, raised by artlint itself.

They check nothing (`runs` is False): the file phase, the readers and the rule
guard report them.  Being in the registry is what lets `--select AL009`,
`--ignore AL003`, per-file-ignores, directives, `artlint rules` and `artlint
explain AL007` treat them as any other code.  Their codes, names and summaries
are `INTERNAL`'s, the one place they are written.
"""

from __future__ import annotations

from typing import ClassVar

from artlint.model import Severity
from artlint.rule import Rule

#: artlint's own codes, defined here alone: (name, summary, severity).
INTERNAL = {
    "AL001": ("unreadable-file", "A file could not be read", "error"),
    "AL002": ("not-utf8", "A file is binary or not valid UTF-8", "error"),
    "AL003": (
        "unknown-rule-in-directive",
        "A suppression comment names an unknown rule",
        "warning",
    ),
    "AL004": (
        "rule-crashed",
        "A rule raised an exception on a file (other rules still ran)",
        "error",
    ),
    "AL005": ("file-too-large", "A file is larger than 'max-file-size' and was not read", "error"),
    "AL006": (
        "pattern-timeout",
        "A house-rule or schema pattern ran past its time budget",
        "error",
    ),
    "AL007": ("rule-timeout", "A rule ran past its time budget on a file and was stopped", "error"),
    "AL008": (
        "rule-misbehaved",
        "A rule exited, or yielded something that is not a valid finding on the file",
        "error",
    ),
    "AL009": (
        "unknown-directive",
        "A suppression comment is misspelt, so it disables nothing",
        "warning",
    ),
}


class Internal(Rule):
    """A code artlint reports about a file or a rule rather than about the article."""

    runs: ClassVar[bool] = False


def _internal(code: str, name: str, summary: str, severity: str) -> type[Internal]:
    attrs = {"code": code, "name": name, "summary": summary, "severity": Severity(severity)}
    return type(f"Internal{code}", (Internal,), {**attrs, "__module__": __name__})


RULES = tuple(_internal(code, *spec) for code, spec in INTERNAL.items())
