"""The properties every fuzzed input must keep, whatever its bytes.

- linting never raises, and no rule crashes (AL004 is a caught crash: still a bug);
- every finding and related location lies inside the file, start before end;
- every output format renders and parses as its consumers parse it.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from artlint import engine, file_phase, readers, rule_meta
from artlint.model import Finding, Location
from artlint.reporters import FORMATS, ReportContext, render

#: `::error file=...,line=N,...::message`, as the Actions runner reads it.
_GITHUB = re.compile(r"::(error|warning|notice) file=[^,:\n]*,line=\d+(,[a-zA-Z]+=[^,:\n]*)*::.*")


@contextmanager
def chdir(path: Path) -> Iterator[None]:
    """`contextlib.chdir` (Python 3.11+) for 3.10."""
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def line_lengths(data: bytes) -> list[int] | None:
    """Each line's length in characters, as artlint reads the file (None: not text)."""
    try:
        text = readers.decode(data)
    except readers.DecodeError:
        return None
    return [len(line) for line in text.split("\n")]


def check_location(loc: Location, lengths: list[int] | None, what: str) -> None:
    if lengths is None:  # undecodable: only the AL002 at the very start
        assert (loc.line, loc.column, loc.end_line, loc.end_column) == (1, 1, 1, 1), what
        return
    n = len(lengths)
    assert 1 <= loc.line <= loc.end_line <= n, f"{what}: lines {loc} of {n}"
    assert 1 <= loc.column <= lengths[loc.line - 1] + 1, f"{what}: column {loc}"
    assert 1 <= loc.end_column <= lengths[loc.end_line - 1] + 1, f"{what}: end column {loc}"
    if loc.line == loc.end_line:
        assert loc.column <= loc.end_column, f"{what}: ends before it starts {loc}"


def check_findings(
    findings: Sequence[Finding],
    lengths_by_path: dict[str, list[int] | None],
) -> None:
    for f in findings:
        assert f.code != file_phase.AL_RULE_CRASHED[0], f.message
        assert f.location.path in lengths_by_path, f.location
        check_location(f.location, lengths_by_path[f.location.path], f"{f.code} {f.message}")
        for r in f.related:
            assert r.location.path in lengths_by_path, r.location
            check_location(
                r.location, lengths_by_path[r.location.path], f"{f.code} related {r.message}"
            )


def check_reports(findings: Sequence[Finding], ctx: ReportContext) -> None:
    """Render every format and parse it back the way its reader would."""
    for fmt in FORMATS:
        out = render(fmt, findings, ctx)
        check_output(fmt, out, len(findings))


def check_output(fmt: str, out: str, n: int | None) -> None:
    """`n`: how many findings the report must hold (None: any number)."""
    if fmt == "json":
        data = json.loads(out)
        assert isinstance(data, list) and n in (None, len(data))
        for item in data:
            assert {"path", "line", "column", "end_line", "end_column", "code"} <= item.keys()
    elif fmt == "sarif":
        data = json.loads(out)
        assert data["version"] == "2.1.0" and "$schema" in data
        (run,) = data["runs"]
        assert run["tool"]["driver"]["name"] == "artlint"
        assert n in (None, len(run["results"]))
        for res in run["results"]:
            assert {"ruleId", "level", "message", "locations"} <= res.keys()
            region = res["locations"][0]["physicalLocation"]["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
    elif fmt == "gitlab":
        data = json.loads(out)
        assert isinstance(data, list) and n in (None, len(data))
        for item in data:
            assert item["location"]["lines"]["begin"] >= 1
            assert isinstance(item["fingerprint"], str)
    elif fmt == "junit":
        root = ET.fromstring(out)
        assert root.tag in ("testsuites", "testsuite")
    elif fmt == "github":
        lines = out.split("\n")
        assert lines[-1] == ""
        assert n in (None, len(lines) - 1), "an annotation spans more than one line"
        for line in lines[:-1]:
            assert _GITHUB.fullmatch(line), line
    else:
        assert isinstance(out, str)


#: House rules of every kind, for the configured linter.
HOUSE = """\
rules:
  - code: HS001
    name: no-remote
    forbid: [remote, "work-life"]
  - code: HS002
    name: no-shouting
    pattern: '^#+ .*!\\s*$'
  - code: HS003
    name: needs-conclusion
    require-section: [Conclusion]
  - code: HS004
    name: needs-tags
    require-field: {tags: list, date: date}
"""


class Linter:
    """The engine in-process for files under `folder`: the default rules, or with
    `configured` the example site's config (schema, field types, date order) plus
    house rules of every kind."""

    def __init__(self, folder: Path, configured: bool = False) -> None:
        self.folder = folder
        self.settings = engine.Settings()
        if configured:
            examples = Path(__file__).resolve().parents[2] / "examples"
            config = (examples / "remote-jobs.artlint.yaml").read_text(encoding="utf-8")
            (folder / ".artlint.yaml").write_text(
                config + "house-rules: [house.yaml]\n", encoding="utf-8"
            )
            schema = examples / "remote-jobs.schema.json"
            (folder / schema.name).write_bytes(schema.read_bytes())
            (folder / "house.yaml").write_text(HOUSE, encoding="utf-8")
            self.settings = engine.Settings(
                config_path=str(folder / ".artlint.yaml"),
                house_rules=(str(folder / "house.yaml"),),
            )
        self.ctx = file_phase.Context(self.settings)

    def check(self, data: bytes, name: str = "article.md") -> list[Finding]:
        """Lint one file's bytes and assert every property; returns its findings."""
        path = str(self.folder / name)
        findings = file_phase.lint_bytes(path, data, self.ctx).findings
        lengths = line_lengths(data)
        check_findings(findings, {path: lengths})
        text = readers.decode(data).split("\n") if lengths is not None else []

        def source(_path: str, n: int) -> str | None:
            return text[n - 1] if 0 < n <= len(text) else None

        check_reports(
            findings,
            ReportContext(
                files=[path],
                source=source,
                rules=rule_meta.metadata(findings, self.ctx.registry),
                version="0",
            ),
        )
        return findings

    def check_run(self, files: dict[str, bytes]) -> list[Finding]:
        """Write `files`, run the whole engine (per-file and corpus phases) over them."""
        for name, data in files.items():
            (self.folder / name).write_bytes(data)
        with chdir(self.folder):
            result = engine.execute(engine.Run(sorted(files), self.settings, jobs=1))
            assert not result.errors, result.errors
            findings = result.findings
            check_findings(findings, {name: line_lengths(data) for name, data in files.items()})
            check_reports(
                findings,
                ReportContext(
                    files=result.files,
                    source=result.source,
                    rules=rule_meta.metadata(findings, self.ctx.registry),
                    version="0",
                ),
            )
        for name in files:
            (self.folder / name).unlink()
        return findings
