"""artlint's own codes (AL): registered like every rule, raised by artlint itself.

They check nothing (`runs` is False): the file phase, the readers and the rule
guard report them.  Being in the registry is what lets `--select AL009`,
`--ignore AL003`, per-file-ignores, directives, `artlint rules` and `artlint
explain AL007` treat them as any other code.  Their codes, names and summaries
are `rule_meta.INTERNAL`'s, the one place they are written.
"""

from __future__ import annotations

from typing import ClassVar

from artlint.model import Severity
from artlint.rule import Rule
from artlint.rule_meta import INTERNAL


class Internal(Rule):
    """A code artlint reports about a file or a rule rather than about the article."""

    runs: ClassVar[bool] = False


def _internal(code: str, name: str, summary: str, severity: str) -> type[Internal]:
    attrs = {"code": code, "name": name, "summary": summary, "severity": Severity(severity)}
    return type(f"Internal{code}", (Internal,), {**attrs, "__module__": __name__})


RULES = tuple(_internal(code, *spec) for code, spec in INTERNAL.items())
