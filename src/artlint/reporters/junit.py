"""JUnit XML, for CI dashboards that only understand test results.

Each linted file is a test case, so a clean file shows up as a pass and the
dashboard's totals mean "files checked".  The suite's `failures` therefore counts
failing files, not findings: counting findings could exceed `tests` and make
some viewers report a negative number of passes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from artlint.model import Finding
from artlint.reporters import ReportContext
from artlint.reporters.escape import undecodable

# Characters XML 1.0 cannot carry even escaped; ElementTree would write them raw.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    # A file name that is not UTF-8 (surrogates, which XML cannot hold) as `\xff`.
    return _INVALID_XML.sub("\ufffd", undecodable(text))


def _describe(f: Finding) -> str:
    loc = f.location
    lines = [f"{loc.path}:{loc.line}:{loc.column}: {f.code} [{f.name}] {f.message}"]
    lines += [
        f"    {r.location.path}:{r.location.line}:{r.location.column}: {r.message}"
        for r in f.related
    ]
    return _clean("\n".join(lines))


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    by_file: dict[str, list[Finding]] = {path: [] for path in ctx.files}
    for f in findings:
        by_file.setdefault(f.location.path, []).append(f)
    failing = sum(1 for found in by_file.values() if found)
    attrs = {"name": "artlint", "tests": str(len(by_file)), "failures": str(failing), "errors": "0"}
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", attrs)
    for path, found in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="artlint", name=_clean(path))
        for f in found:
            failure = ET.SubElement(
                case, "failure", message=_clean(f"{f.code} {f.message}"), type=f.code
            )
            failure.text = _describe(f)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
