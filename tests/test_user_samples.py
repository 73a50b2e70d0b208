"""The user's three sample articles, as issue 2 states the outcome on them.

The samples live beside the project in `../shared/seeds/` (CI clones the project
next to it); they are copied to a temporary folder at test time, never into the
repository.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need_outside

from artlint.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PLAIN = ("000_297b8deb1a54fe6c.txt", "001_08f1f4f52f7a1ba4.txt")
MARKDOWN = "004_f557b05114a22bc4.txt"


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    need_outside(SEEDS, "the user's samples (../shared/seeds)")
    for name in (*PLAIN, MARKDOWN):
        shutil.copy(SEEDS / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--no-cache", *args])
    return result.exit_code, result.output


def _json() -> list[dict[str, object]]:
    code, out = _run("--format", "json", ".")
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def _where(findings: list[dict[str, object]], path: str, prefix: str) -> set[tuple[str, int]]:
    return {
        (str(f["code"]), int(str(f["line"])))
        for f in findings
        if f["path"] == path and str(f["code"]).startswith(prefix)
    }


def test_plain_samples_report_every_family(samples: Path) -> None:
    findings = _json()
    for name in PLAIN:
        assert ("FM001", 1) in _where(findings, name, "FM"), name
        assert ("TI001", 3) in _where(findings, name, "TI"), name  # line 1 repeated at 3
        assert _where(findings, name, "HD"), f"{name}: no heading finding"
        assert ("ST001", 5) in _where(findings, name, "ST"), name  # category label
    # "Opportunity to work Remotely" and "work-Life Balance".
    assert ("HD001", 15) in _where(findings, PLAIN[0], "HD")
    assert any(line == 20 for _, line in _where(findings, PLAIN[1], "HD"))


def test_contradiction_carries_the_other_item(samples: Path) -> None:
    findings = _json()
    pc = [f for f in findings if f["path"] == PLAIN[0] and f["code"] == "PC001"]
    assert [(f["line"], f["column"]) for f in pc] == [(35, 4)]
    related = pc[0]["related"]
    assert isinstance(related, list)
    assert [(r["path"], r["line"], r["column"]) for r in related] == [(PLAIN[0], 18, 4)]


def test_near_duplicate_titles_across_the_plain_samples(samples: Path) -> None:
    findings = _json()
    ti003 = {f["path"]: f for f in findings if f["code"] == "TI003"}
    assert set(ti003) == set(PLAIN)
    related = ti003[PLAIN[0]]["related"]
    assert isinstance(related, list)
    assert [r["path"] for r in related] == [PLAIN[1]]


def test_markdown_sample_has_front_matter(samples: Path) -> None:
    findings = _json()
    fm = _where(findings, MARKDOWN, "FM")
    assert ("FM001", 1) not in fm
    assert not [c for c, _ in fm if c in ("FM003", "FM006")], "Jekyll dates are dates"


def test_sarif_and_github_carry_the_same_findings(samples: Path) -> None:
    expected = {(f["code"], f["path"], f["line"], f["column"]) for f in _json()}
    code, out = _run("--format", "sarif", ".")
    assert code == 1
    sarif = json.loads(out)
    got = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in sarif["runs"][0]["results"]
    }
    assert got == expected
    code, out = _run("--format", "github", ".")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("::")]
    assert len(lines) == len(expected)
    for c, path, line, col in expected:
        assert any(
            f"file={path},line={line},col={col}," in x and f"title={c} " in x for x in lines
        ), (c, path, line, col)
