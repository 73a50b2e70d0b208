"""The rule pages in `rules/` are documentation and test cases at once.

Every built-in rule must have a page whose front matter matches the rule, with at
least one flagged and one fine example; every example is linted and must produce
exactly the findings its "Expected:" line names (sqlfluff only checks that
examples exist; here they run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from artlint import engine
from artlint.registry import load
from artlint.selection import CliSelection

CATALOGUE = Path(__file__).resolve().parents[1] / "rules"
_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_EXPECTED = re.compile(r"^Expected:\s*(?P<items>.+?)\s*$", re.M)
_ITEM = re.compile(r"`(?P<code>[A-Z]{2}\d{3})`\s+at\s+(?P<where>[^`]+?)(?=,\s*`|$)")
_WHERE = re.compile(r"(?:(?P<file>[\w./-]+\.\w+):)?(?P<line>\d+):(?P<col>\d+)")


@dataclass
class Example:
    page: str
    code: str
    title: str
    flagged: bool
    files: dict[str, str] = field(default_factory=dict)
    expected: set[tuple[str, int, int]] = field(default_factory=set)

    @property
    def id(self) -> str:
        return f"{self.page}::{self.title}"


def _pages() -> list[Path]:
    return sorted(p for p in CATALOGUE.glob("*.md") if re.match(r"[A-Z]{2}\d{3}-", p.name))


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def _sections(text: str) -> list[str]:
    """The page split at its `### ` headings, ignoring lines inside code fences.

    Example articles may hold `### Item` headings of their own.
    """
    sections: list[list[str]] = []
    fenced = False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("### "):
            sections.append([line[4:]])
        elif sections:
            sections[-1].append(line)
    return ["".join(s) for s in sections]


def _examples(path: Path) -> list[Example]:
    meta = _front_matter(path)
    code = str(meta["code"])
    text = path.read_text(encoding="utf-8")
    out = []
    for section in _sections(text):
        title = section.split("\n", 1)[0].strip()
        kind = title.split(":")[0].strip().lower()
        if kind not in ("flagged", "fine"):
            continue
        ex = Example(path.name, code, title, kind == "flagged")
        for m in _FENCE.finditer(section):
            info = m["info"].split()
            fmt = info[0] if info else "markdown"
            names = [w.split("=", 1)[1] for w in info if w.startswith("file=")]
            name = names[0] if names else ("article.txt" if fmt == "text" else "article.md")
            ex.files[name] = m["body"]
        default = next(iter(ex.files), "article.md")
        for m in _EXPECTED.finditer(section):
            for item in _ITEM.finditer(m["items"]):
                if item["code"] != code:
                    continue
                for w in _WHERE.finditer(item["where"]):
                    ex.expected.add((w["file"] or default, int(w["line"]), int(w["col"])))
        out.append(ex)
    return out


ALL_EXAMPLES = [ex for page in _pages() for ex in _examples(page)]


def test_every_rule_has_a_page_that_matches_it() -> None:
    registry = load()
    pages = {p.name: _front_matter(p) for p in _pages()}
    by_code = {str(meta["code"]): (name, meta) for name, meta in pages.items()}
    # artlint's own AL codes have no article to show, so no page: `explain`
    # builds theirs from the registry (tests/test_internal_codes.py).
    missing = sorted(c for c, r in registry.rules.items() if r.runs and c not in by_code)
    assert not missing, f"rules without a page in rules/: {missing}"
    for code, (name, meta) in by_code.items():
        rule = registry.rules.get(code)
        assert rule is not None, f"{name}: no rule has code {code}"
        assert name == f"{rule.code}-{rule.name}.md"
        assert meta["name"] == rule.name
        assert meta["summary"] == rule.summary, f"{name}: summary differs from the rule's"
        assert meta["severity"] == rule.severity.value
        assert bool(meta.get("fixable", False)) == rule.fixable


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_page_has_flagged_and_fine_examples(page: Path) -> None:
    examples = _examples(page)
    assert any(e.flagged for e in examples), f"{page.name}: no 'Flagged' example"
    assert any(not e.flagged for e in examples), f"{page.name}: no 'Fine' example"
    for e in examples:
        assert e.files, f"{e.id}: no code block"
        if e.flagged:
            assert e.expected, f"{e.id}: no 'Expected:' line for {e.code}"


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: e.id)
def test_example(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, body in example.files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = engine.Settings(cli=CliSelection(select=(example.code,)))
    result = engine.execute(engine.Run(["."], settings, jobs=1))
    got = {
        (Path(f.location.path).name, f.location.line, f.location.column)
        for f in result.findings
        if f.code == example.code
    }
    assert got == example.expected, "\n".join(
        f"{f.location.path}:{f.location.line}:{f.location.column} {f.code} {f.message}"
        for f in result.findings
    )
