"""The values that flow out of rules: locations, findings and fixes.

All of them are frozen and built from plain data so that they pickle (the parallel
phase ships them between processes) and serialise to the cache as JSON.  A rule
never mutates a finding after yielding it; the engine makes a new one when config
overrides the severity.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class Severity(str, enum.Enum):
    """How much a finding matters; `--fail-on` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A span in one file: 1-based lines, 1-based columns counted in characters.

    The end is exclusive (`end_column` is the column just past the span), as in
    LSP and SARIF, so an empty span at the start of a file is (1, 1, 1, 1).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding: "the con that contradicts it"."""

    location: Location
    message: str


#: How many related locations a finding shows before one "and N more" entry: a
#: title shared by many articles would otherwise list every other copy in the
#: finding of each copy, a report that grows with the square of the copies.
RELATED_LIMIT = 10


def capped(related: Sequence[Related], total: int | None = None) -> tuple[Related, ...]:
    """The first RELATED_LIMIT of `total` (default: all of `related`) related places,
    then one entry saying how many more there are, at the next one's place.

    A caller that knows the total need only pass RELATED_LIMIT + 1 of them.
    """
    total = len(related) if total is None else total
    if total <= RELATED_LIMIT + 1 or len(related) <= RELATED_LIMIT:
        return tuple(related)
    rest = total - RELATED_LIMIT
    return (
        *related[:RELATED_LIMIT],
        Related(related[RELATED_LIMIT].location, f"and {rest:,} more like these"),
    )


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two character offsets of `Article.text`.

    Offsets count characters of the normalised text (BOM removed, every line end
    "\\n"), as every other span does; the fixer maps them back onto the file's own
    bytes.  The 1-based line and column of both ends (0 when not known) ride
    along so that JSON and SARIF can show the edit without the source at hand.
    """

    start: int
    end: int
    text: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that resolve a finding; unsafe fixes change meaning and need opt-in."""

    edits: tuple[Edit, ...]
    safe: bool = True
    message: str = ""

    @property
    def applicability(self) -> str:
        """ "safe" (applied by `--fix`) or "unsafe" (only with `--unsafe-fixes`), as ruff says."""
        return "safe" if self.safe else "unsafe"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place.

    `text` is the flagged source text; baselines match on it so that an entry
    survives edits elsewhere in the file.
    """

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    text: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape users read (and the cache stores)."""
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "related": [
                {
                    "path": r.location.path,
                    "line": r.location.line,
                    "column": r.location.column,
                    "end_line": r.location.end_line,
                    "end_column": r.location.end_column,
                    "message": r.message,
                }
                for r in self.related
            ],
            "fix": None
            if self.fix is None
            else {
                "applicability": self.fix.applicability,
                "safe": self.fix.safe,
                "message": self.fix.message,
                "edits": [
                    {
                        "line": e.line,
                        "column": e.column,
                        "end_line": e.end_line,
                        "end_column": e.end_column,
                        "text": e.text,
                        "start": e.start,
                        "end": e.end,
                    }
                    for e in self.fix.edits
                ],
            },
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class FileError:
    """A file the run could not lint at all (missing path, unreadable)."""

    path: str
    message: str
