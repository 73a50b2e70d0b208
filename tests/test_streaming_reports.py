"""Every format is written from findings consumed once, a file at a time.

The reports a site-wide run writes must not need every finding decoded at once,
so each reporter reads its findings as a one-shot stream in report order.  The
expected reports in `tests/streaming/` were written by the list-based reporters
this replaced, from the same findings: the stream must reproduce them byte for
byte (the large case is pinned by its digest, its report runs to megabytes).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import Lint

from artlint import pages
from artlint.baseline import compare
from artlint.model import Edit, Finding, Fix, Location, Related, Severity
from artlint.reporters import FORMATS, ReportContext, chunks, html, sarif

EXPECTED = Path(__file__).parent / "streaming"
STREAMED = [f for f in FORMATS if f != "text"]
EXT = {"json": "json", "sarif": "sarif", "github": "txt", "gitlab": "json", "junit": "xml"}
EXT["html"] = "html"

RULES = {
    "TI002": ("duplicate-title", "Two articles share a title", "warning"),
    "TI003": ("similar-title", "Two titles are nearly the same", "info"),
    "TI004": ("duplicate-slug", "Two articles publish to one URL", "error"),
    "HD001": ("heading-case", "Headings use sentence case", "warning"),
    "FM001": ("missing-front-matter", "The article has no front matter", "error"),
    # ZZ901 is a plugin's: its descriptor comes from its findings.
}


def _loc(path: str, line: int, col: int = 1, end: int = 9, end_line: int = 0) -> Location:
    return Location(path, line, col, end_line or line, end)


def _article(k: int) -> list[Finding]:
    """The findings of made-up article `k`: every kind a report draws."""
    path = f"posts/{k // 40:02d}/article-{k:04d}.md"
    out = [
        Finding(
            "HD001",
            "heading-case",
            Severity.WARNING,
            f"heading {k} is in title case; write it in sentence case",
            _loc(path, 3 + k % 5, 3, 17),
            fix=Fix((Edit(10, 14, "case", 3, 7, 3, 11),), safe=k % 2 == 0, message="lower it"),
            text="Title Case",
        )
    ]
    if k % 3 == 0:
        out.append(
            Finding(
                "FM001",
                "missing-front-matter",
                Severity.ERROR,
                "no front matter",
                _loc(path, 1, 1, 1, end_line=2),
            )
        )
    if k % 7 == 0:  # the same flaw twice: two fingerprints
        for line in (20, 30):
            out.append(
                Finding(
                    "ZZ901",
                    "house-rule",
                    Severity.INFO,
                    "say 'the team' [house]",
                    _loc(path, line, 5, 12),
                    text="the guys",
                )
            )
    if k % 4 == 1:  # a title shared with the next article, and one nearly so
        other = f"posts/{(k + 1) // 40:02d}/article-{k + 1:04d}.md"
        near = "corpus/old.md" if k < 10 else f"posts/{(k + 2) // 40:02d}/article-{k + 2:04d}.md"
        out.append(
            Finding(
                "TI002",
                "duplicate-title",
                Severity.WARNING,
                f"the title is also {other}'s; give each article its own",
                _loc(path, 2, 8, 30),
                related=(Related(_loc(other, 2, 8, 30), f"'Working shifts {k}'"),),
                text=f"Working shifts {k}",
            )
        )
        out.append(
            Finding(
                "TI003",
                "similar-title",
                Severity.INFO,
                "the title is nearly another's (87% similar: same words)",
                _loc(path, 2, 8, 30),
                related=(
                    Related(_loc(near, 2, 8, 30), "'Working shift' (87% similar)"),
                    Related(_loc(path, 9, 1, 4), "the heading that repeats it"),
                )
                + (
                    (Related(_loc("corpus/older.md", 2, 8, 30), "'Shifts at work'"),)
                    if k < 10
                    else ()
                ),
                text=f"Working shifts {k}",
            )
        )
    return sorted(out, key=Finding.sort_key)


def _tricky() -> list[Finding]:
    """Text every format must escape: controls, markup, brackets, a byte that is not UTF-8."""
    odd = "posts/caf\udcff, 50%: <b>.md"
    return [
        Finding(
            "FM001",
            "missing-front-matter",
            Severity.ERROR,
            "a \x1b[31mred\x1b[0m title & a <script> tag; fix the \"quotes\" 'here'",
            _loc(odd, 1, 1, 5),
            related=(Related(_loc("posts/00/article-0001.md", 4, 2, 6), "see [this]\r\nline"),),
            text="\u202eevil",
        ),
        Finding(
            "TI004",
            "duplicate-slug",
            Severity.ERROR,
            "the slug 'café' is also corpus/old.md's; rename one",
            _loc(odd, 1, 3, 8),
            related=(Related(_loc("corpus/old.md", 1, 3, 8), "'café'"),),
            text="café",
        ),
    ]


def run_findings(n: int) -> list[Finding]:
    """Findings of `n` articles and two odd files, in report order (by path)."""
    found = [f for k in range(n) for f in _article(k)] + _tricky()
    # Cross-file findings on a corpus file that was only consulted, not linted.
    found.append(
        Finding(
            "TI004",
            "duplicate-slug",
            Severity.ERROR,
            "the slug 'café' is also another article's; rename one",
            _loc("corpus/old.md", 1, 3, 8),
            related=(Related(_loc("posts/caf\udcff, 50%: <b>.md", 1, 3, 8), "'café'"),),
            text="café",
        )
    )
    return sorted(found, key=lambda f: (f.location.path, *f.sort_key()[1:]))


def _source(path: str, n: int) -> str | None:
    if path.startswith("corpus/"):
        return None
    return f"line {n} of {path}: Title Case\there, a wide line {'x' * (n % 3) * 150}"


def context(n: int, findings: Sequence[Finding], baseline: bool = False) -> ReportContext:
    files = [f"posts/{k // 40:02d}/article-{k:04d}.md" for k in range(n + 3)]
    files.insert(1, "posts/caf\udcff, 50%: <b>.md")  # discovery order, not sorted
    comparison = None
    if baseline:
        known = Counter({("HD001", "posts/00/article-0000.md", "Title Case"): 1})
        known[("ZZ901", "posts/gone.md", "the guys")] = 2
        comparison = compare(findings, known, "baseline.json")
    return ReportContext(
        files=files,
        source=_source,
        rules=RULES,
        version="9.9.9",
        baseline=comparison,
        root="/site",
    )


@pytest.fixture(autouse=True)
def _fixed_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rule pages and project links as they are fixed here, not as the checkout has them."""
    monkeypatch.setattr(pages, "page_path", lambda _code, _name: None)
    monkeypatch.setattr(sarif, "project_urls", lambda: {"Homepage": "https://example.org"})
    html._page.cache_clear()
    yield
    html._page.cache_clear()


CASES = {"small": (6, False), "baseline": (6, True), "large": (650, True)}


def report(fmt: str, case: str) -> str:
    n, baseline = CASES[case]
    findings = run_findings(n)
    ctx = context(n, findings, baseline)
    return "".join(chunks(fmt, iter(findings), ctx))


def _expected(fmt: str, case: str) -> Path:
    return EXPECTED / f"{case}.{fmt}.{EXT[fmt]}"


@pytest.mark.parametrize(
    ("fmt", "case"), [*((fmt, "small") for fmt in STREAMED), ("html", "baseline")]
)
def test_stream_equals_the_list_based_report(fmt: str, case: str) -> None:
    expected = _expected(fmt, case).read_bytes().decode("utf-8")
    assert report(fmt, case) == expected


@pytest.mark.parametrize("fmt", STREAMED)
def test_large_stream_equals_the_list_based_report(fmt: str) -> None:
    digests = dict(line.split() for line in (EXPECTED / "large.sha256").read_text().splitlines())
    text = report(fmt, "large")
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digests[fmt]


class OneShot:
    """Findings that can be iterated once, and nothing else: no `len`, no index."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self._it: Iterator[Finding] | None = iter(findings)

    def __iter__(self) -> Iterator[Finding]:
        it, self._it = self._it, None
        assert it is not None, "the findings were iterated twice"
        return it

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the reporter used findings.{name}")


@pytest.mark.parametrize("fmt", STREAMED)
def test_reporters_read_findings_once_without_len_or_index(fmt: str) -> None:
    findings = run_findings(6)
    ctx = context(6, findings, baseline=fmt == "html")
    streamed = "".join(chunks(fmt, OneShot(findings), ctx))  # type: ignore[arg-type]
    assert streamed == "".join(chunks(fmt, iter(findings), ctx))


@pytest.mark.parametrize("fmt", ["json", "github", "gitlab"])
def test_pieces_come_before_the_stream_ends(fmt: str) -> None:
    """Formats that need nothing from later files write a file's part as they go
    (SARIF, JUnit and HTML put totals first, so they spool until the end)."""
    findings = run_findings(650)
    taken = 0

    def counted() -> Iterator[Finding]:
        nonlocal taken
        for f in findings:
            taken += 1
            yield f

    first = next(iter(chunks(fmt, counted(), context(650, findings))))
    assert first and taken < len(findings) // 2


# -- the CLI -----------------------------------------------------------------------

ARTICLE = """\
---
title: {title}
description: What to bring to a pay talk with your manager, and how to follow it up.
date: 2024-0{month}-01
---

# {title}

Bring numbers from your last review and a figure you would accept.
"""


def _findings_in(fmt: str, out: str) -> int:
    """How many findings a report of `fmt` lists."""
    import json
    import xml.etree.ElementTree as ET

    if fmt in ("json", "gitlab"):
        return len(json.loads(out))
    if fmt == "sarif":
        return len(json.loads(out)["runs"][0]["results"])
    if fmt == "github":
        return len(out.splitlines())
    assert fmt == "junit"
    return len(ET.fromstring(out).findall(".//failure"))


@pytest.fixture
def site(project: Path) -> Path:
    """Two articles with one title (a cross-file finding on each) and a third."""
    for name, title, month in (("a", "Asking for a raise", 3), ("b", "Asking for a raise", 4)):
        (project / f"{name}.md").write_text(ARTICLE.format(title=title, month=month), "utf-8")
    (project / "c.md").write_text(ARTICLE.format(title="Night shifts", month=5), "utf-8")
    return project


@pytest.fixture
def no_whole_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the run's findings are decoded all at once."""
    from artlint.results import RunResult

    def whole(_self: RunResult) -> list[Finding]:
        raise AssertionError("RunResult.findings: every finding decoded at once")

    monkeypatch.setattr(RunResult, "findings", property(whole))


@pytest.mark.parametrize("fmt", [f for f in STREAMED if f != "html"])
def test_check_streams_every_report(site: Path, lint: Lint, no_whole_list: None, fmt: str) -> None:
    result = lint("--format", fmt, ".")
    assert result.exit_code == 1, result.output
    assert _findings_in(fmt, result.stdout) == 5


@pytest.mark.parametrize("fmt", STREAMED)
def test_check_streams_past_a_baseline(
    site: Path, lint: Lint, no_whole_list: None, fmt: str
) -> None:
    written = lint("--write-baseline", "baseline.json", "a.md", "b.md")
    assert written.exit_code == 0, written.output
    assert "Wrote 4 findings" in written.stderr
    result = lint("--format", fmt, "--baseline", "baseline.json", ".")
    assert result.exit_code == 1, result.output  # c.md's finding is new
    if fmt == "html":  # every finding, the new one marked
        assert 'id="n-new">1<' in result.stdout and 'id="n-findings">5<' in result.stdout
    else:
        assert _findings_in(fmt, result.stdout) == 1
    c = site / "c.md"
    c.write_text(c.read_text("utf-8").replace("# Night shifts", "# Nights"), "utf-8")
    assert lint("--format", fmt, "--baseline", "baseline.json", ".").exit_code == 0


def test_statistics_stream_past_a_baseline(site: Path, lint: Lint, no_whole_list: None) -> None:
    assert lint("--write-baseline", "baseline.json", "a.md", "b.md").exit_code == 0
    every = lint("--format", "json", "--statistics", ".")
    assert every.exit_code == 1
    assert [line.split()[:2] for line in every.stdout.splitlines()] == [
        ["3", "TI001"],
        ["2", "TI002"],
    ]
    new = lint("--format", "json", "--statistics", "--baseline", "baseline.json", ".")
    assert new.exit_code == 1
    assert [line.split()[:2] for line in new.stdout.splitlines()] == [["1", "TI001"]]
