"""JUnit XML, for CI dashboards that only understand test results.

Each linted file is a test case, so a clean file shows up as a pass and the
dashboard's totals mean "files checked".  The suite's `failures` therefore counts
failing files, not findings: counting findings could exceed `tests` and make
some viewers report a negative number of passes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence

from artlint.model import Finding
from artlint.reporters import ReportContext, per_file
from artlint.reporters.escape import undecodable
from artlint.reporters.spool import Spool

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


def _failure(f: Finding) -> str:
    failure = ET.Element("failure", message=_clean(f"{f.code} {f.message}"), type=f.code)
    failure.text = _describe(f)
    return ET.tostring(failure, encoding="unicode")


def _case(path: str) -> str:
    """A test case without failures; with them, its start tag is this less ` />`."""
    return ET.tostring(ET.Element("testcase", classname="artlint", name=_clean(path)), "unicode")


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    """The suite; its totals come first, so the failures wait in a spool until the
    findings are all read, and then follow the files in the order they were found."""
    spool = Spool()
    #: Where each path's failures are in the spool.
    failures: dict[str, list[tuple[int, int]]] = {}
    try:
        for group in per_file(findings):
            start = spool.tell()
            spool.write("".join(_INDENT + _failure(f) for f in group))
            failures.setdefault(group[0].location.path, []).append((start, spool.tell()))
        cases = [*dict.fromkeys(ctx.files)]
        listed = set(cases)
        cases += [path for path in failures if path not in listed]
        attrs = {
            "name": "artlint",
            "tests": str(len(cases)),
            "failures": str(len(failures)),
            "errors": "0",
        }
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if not cases:
            root = ET.Element("testsuites", attrs)
            ET.SubElement(root, "testsuite", attrs)
            ET.indent(root)
            yield ET.tostring(root, encoding="unicode") + "\n"
            return
        head = ET.tostring(ET.Element("testsuites", attrs), encoding="unicode")[: -len(" />")]
        suite = ET.tostring(ET.Element("testsuite", attrs), encoding="unicode")[: -len(" />")]
        yield f"{head}>\n  {suite}>"
        for path in cases:
            case = _case(path)
            spans = failures.get(path)
            if spans is None:
                yield f"\n    {case}"
            else:
                body = "".join(spool.read(start, end) for start, end in spans)
                yield f"\n    {case[: -len(' />')]}>{body}\n    </testcase>"
        yield "\n  </testsuite>\n</testsuites>\n"
    finally:
        spool.close()


#: A failure's indentation inside its test case, as `ET.indent` writes it.
_INDENT = "\n      "


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
