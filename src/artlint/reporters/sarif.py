"""SARIF 2.1.0, the format GitHub code scanning and most IDE viewers ingest.

Columns are code points, as artlint counts them, and the run says so
(`columnKind`); SARIF's default of UTF-16 units would shift every column after an
astral character.  Fingerprints hang on the flagged text rather than on the line,
so an alert keeps its identity when edits elsewhere move it down the file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from artlint.model import Finding, Location, Severity
from artlint.reporters import ReportContext
from artlint.reporters.escape import file_bytes, json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: No project homepage is recorded anywhere yet; the package index page stands in.
INFORMATION_URI = "https://pypi.org/project/artlint/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_LEVEL_BY_NAME = {s.value: level for s, level in LEVELS.items()}


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A stable hash per finding, unique within the run.

    Code, path and flagged text identify a finding across runs without its line;
    an ordinal among identical triples (in file order) keeps repeats apart, so
    two copies of the same flaw stay two alerts instead of collapsing into one.
    """
    order = sorted(range(len(findings)), key=lambda i: findings[i].sort_key())
    seen: Counter[tuple[str, str, str]] = Counter()
    out = [""] * len(findings)
    for i in order:
        f = findings[i]
        key = (f.code, f.location.path, f.text)
        seen[key] += 1
        raw = "\0".join((*key, str(seen[key])))
        out[i] = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return out


def _physical(loc: Location) -> dict[str, Any]:
    # Relative paths resolve against the checkout (%SRCROOT%), which is what code
    # scanning expects; an absolute path outside the project becomes a file URI.
    if PurePosixPath(loc.path).is_absolute():
        artifact = {"uri": PurePosixPath(loc.path).as_uri()}
    else:
        # A name that is not UTF-8 is percent-encoded as the bytes it is.
        artifact = {"uri": quote(file_bytes(loc.path)), "uriBaseId": "%SRCROOT%"}
    return {
        "artifactLocation": artifact,
        "region": {
            "startLine": loc.line,
            "startColumn": loc.column,
            "endLine": loc.end_line,
            "endColumn": loc.end_column,
        },
    }


def _rules(findings: Sequence[Finding], ctx: ReportContext) -> list[dict[str, Any]]:
    # Findings from plugins may lack metadata; their own name and severity stand in.
    meta = dict(ctx.rules)
    for f in findings:
        meta.setdefault(f.code, (f.name, f.name, f.severity.value))
    return [
        {
            "id": code,
            "name": name,
            "shortDescription": {"text": summary},
            "defaultConfiguration": {"level": _LEVEL_BY_NAME.get(severity, "warning")},
        }
        for code, (name, summary, severity) in sorted(meta.items())
    ]


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    rules = _rules(findings, ctx)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": _physical(f.location)}],
            **(
                {
                    "relatedLocations": [
                        {"id": n, "physicalLocation": _physical(r.location),
                         "message": {"text": r.message}}
                        for n, r in enumerate(f.related)
                    ]
                }
                if f.related
                else {}
            ),
            "partialFingerprints": {"artlint/v1": fp},
        }
        for f, fp in zip(findings, fingerprints(findings), strict=True)
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "artlint",
                        **({"version": ctx.version} if ctx.version else {}),
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
