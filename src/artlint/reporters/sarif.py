"""SARIF 2.1.0, the format GitHub code scanning and most IDE viewers ingest.

Columns are code points, as artlint counts them, and the run says so
(`columnKind`); SARIF's default of UTF-16 units would shift every column after an
astral character.  Fingerprints hang on the flagged text rather than on the line,
so an alert keeps its identity when edits elsewhere move it down the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from artlint import pages
from artlint.model import Finding, Location, Severity
from artlint.reporters import ReportContext, per_file, project_path
from artlint.reporters.escape import file_bytes, json_text
from artlint.reporters.json import BATCH, items
from artlint.reporters.spool import Spool

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_LEVEL_BY_NAME = {s.value: level for s, level in LEVELS.items()}


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A stable hash per finding, unique within the run (given all of a path's
    findings: the hash does not depend on other paths').

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


def project_urls() -> dict[str, str]:
    """The installed package's `Project-URL`s by label (pyproject's [project.urls]).

    SARIF's `informationUri` and each rule's `helpUri` come from them, and are left
    out while there are none: a link to a page that does not exist is worse than
    no link, and the rule's whole page travels in `help` anyway."""
    try:
        entries = metadata.metadata("artlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    out = {}
    for entry in entries:
        label, _, url = str(entry).partition(",")
        if url.strip().startswith("https://"):
            out[label.strip()] = url.strip()
    return out


def _escape(text: str) -> str:
    """Message text with literal brackets escaped: SARIF reads `[text](n)` as a link."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _message(f: Finding) -> str:
    """The message, with each related location linked by its id (`[the pro](1)`):
    GitHub shows a related location only when the message links to it."""
    links = ", ".join(f"[{_escape(r.message)}]({n})" for n, r in enumerate(f.related, 1))
    return _escape(f.message) + (f" (see {links})" if links else "")


def _physical(loc: Location, ctx: ReportContext) -> dict[str, Any]:
    # Relative paths resolve against the checkout (%SRCROOT%), which is what code
    # scanning expects, so a path inside the project is made relative to its root
    # even when it was given absolute; one outside it becomes a file URI.
    path = project_path(loc.path, ctx.root)
    if PurePosixPath(path).is_absolute():
        artifact = {"uri": PurePosixPath(path).as_uri()}
    else:
        # A name that is not UTF-8 is percent-encoded as the bytes it is.
        artifact = {"uri": quote(file_bytes(path)), "uriBaseId": "%SRCROOT%"}
    region: dict[str, Any] = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
    }
    line = ctx.source(loc.path, loc.line)
    if line is not None and loc.end_line == loc.line:
        region["snippet"] = {"text": line}
    return {"artifactLocation": artifact, "region": region}


def _page(code: str, name: str) -> str | None:
    """The rule's page from `rules/`, without its front matter."""
    path = pages.page_path(code, name)
    if path is None:
        return None
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        text = text[end + 5 :] if end != -1 else text
    return text.strip() + "\n"


def _first_paragraph(markdown: str) -> str:
    """The page's first paragraph of prose, joined into one line."""
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "```", "|", "-")):
            return " ".join(block.split())
    return ""


def _fixes(f: Finding, ctx: ReportContext) -> dict[str, Any]:
    """SARIF `fixes` (§3.55): the finding's edits as replacements of regions."""
    if f.fix is None or not f.fix.edits:
        return {}
    physical = _physical(f.location, ctx)
    replacements = [
        {
            "deletedRegion": {
                "startLine": e.line,
                "startColumn": e.column,
                "endLine": e.end_line,
                "endColumn": e.end_column,
            },
            "insertedContent": {"text": e.text},
        }
        for e in f.fix.edits
    ]
    fix = {
        "description": {"text": f.fix.message or f"{f.fix.applicability} fix"},
        "artifactChanges": [
            {"artifactLocation": physical["artifactLocation"], "replacements": replacements}
        ],
    }
    return {"fixes": [fix]}


def _rules(meta: dict[str, tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The rules table: one descriptor per code in `meta`, by code."""
    urls = project_urls()
    home, rule_pages = urls.get("Homepage"), urls.get("Rules")
    out = []
    for code, (name, summary, severity) in sorted(meta.items()):
        page = _page(code, name)
        full = (_first_paragraph(page) if page else "") or summary
        help_uri = f"{rule_pages.rstrip('/')}/{code}-{name}.md" if rule_pages and page else home
        out.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": full},
                "help": {"text": page or f"{summary}.", "markdown": page or f"{summary}."},
                **({"helpUri": help_uri} if help_uri else {}),
                "defaultConfiguration": {"level": _LEVEL_BY_NAME.get(severity, "warning")},
                "properties": {"tags": ["content"]},
            }
        )
    return out


def _result(f: Finding, fingerprint: str, rule_index: int, ctx: ReportContext) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": _message(f)},
        "locations": [{"physicalLocation": _physical(f.location, ctx)}],
        **(
            {
                "relatedLocations": [
                    {
                        "id": n,
                        "physicalLocation": _physical(r.location, ctx),
                        "message": {"text": _escape(r.message)},
                    }
                    for n, r in enumerate(f.related, 1)
                ]
            }
            if f.related
            else {}
        ),
        "partialFingerprints": {"artlint/v1": fingerprint},
        **_fixes(f, ctx),
    }


#: Where a result's rule index goes before the rules table is known: a code's
#: placeholder is minus one minus its number (no index is negative).  Only the key
#: itself follows a line end so, since no string holds a raw one; the spool is
#: read back in blocks cut before line ends, so none is cut in two.
_INDEX = re.compile(r'(\n {10}"ruleIndex": )-(\d+),')


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    """The log; results wait in a spool until the findings are all read, since
    the rules table before them lists the rules they use and they point into it."""
    meta: dict[str, tuple[str, str, str]] = {}
    number: dict[str, int] = {}
    spool = Spool()

    def spill(results: list[dict[str, Any]]) -> None:
        # Results are items of `runs[0].results`: four levels deep.
        spool.write((",\n" if spool.tell() else "") + items(results, depth=4))

    try:
        results = []
        for group in per_file(findings):
            for f, fp in zip(group, fingerprints(group), strict=True):
                n = number.get(f.code)
                if n is None:
                    n = number[f.code] = len(number)
                    # Findings from plugins may lack metadata; their own name and
                    # severity stand in.
                    meta[f.code] = ctx.rules.get(f.code) or (f.name, f.name, f.severity.value)
                results.append(_result(f, fp, -1 - n, ctx))
            if len(results) >= BATCH:
                spill(results)
                results = []
        if results:
            spill(results)
        rules = _rules(meta)
        index = {1 + number[rule["id"]]: str(i) for i, rule in enumerate(rules)}
        head, _, tail = _log(rules, ctx).rpartition(json.dumps(_RESULTS))
        if not spool.tell():
            yield f"{head}[]{tail}"
            return
        yield head + "[\n"
        yield from spool.replay(
            lambda text: _INDEX.sub(lambda m: m.group(1) + index[int(m.group(2))] + ",", text)
        )
        yield "\n      ]" + tail
    finally:
        spool.close()


#: Stands for the results in the log around them (the last value of the log).
_RESULTS = "\0results\0"


def _log(rules: list[dict[str, Any]], ctx: ReportContext) -> str:
    urls = project_urls()
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "artlint",
                        **({"version": ctx.version} if ctx.version else {}),
                        **({"informationUri": urls["Homepage"]} if "Homepage" in urls else {}),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": _RESULTS,
            }
        ],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
