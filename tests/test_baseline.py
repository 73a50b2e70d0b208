"""Baselines: accept today's findings once, then report only new ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FLAWED, JARGON, Lint, codes


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def baselined(house: Path, lint: Lint) -> Path:
    """jargon.md and flawed.md with today's findings recorded in baseline.json."""
    (house / "flawed.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--write-baseline", "baseline.json", ".")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.search(r"^Wrote \d+ findings to baseline\.json\.$", result.stderr, re.M)
    return house / "baseline.json"


def test_write_baseline_records_todays_findings(baselined: Path) -> None:
    data = json.loads(baselined.read_text(encoding="utf-8"))
    assert data["version"] == 1
    fm = [e for e in data["entries"] if e["code"] == "FM001"]
    assert [(e["path"], e["count"]) for e in fm] == [("flawed.md", 1)]
    house = {
        (e["code"], e["path"], e["text"], e["count"])
        for e in data["entries"]
        if e["code"].startswith("HS")
    }
    assert house == {
        ("HS001", "jargon.md", "rockstar", 1),
        ("HS001", "jargon.md", "ninja", 1),
        ("HS002", "jargon.md", "guru", 1),
    }


def test_baseline_hides_the_recorded_findings(baselined: Path, lint: Lint) -> None:
    result = lint("--baseline", "baseline.json", ".")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert lint(".").exit_code == 1  # without it, they are all still there


def test_entries_survive_edits_elsewhere_in_the_file(baselined: Path, lint: Lint) -> None:
    article = baselined.parent / "jargon.md"
    _edit(
        article,
        "We are hiring",
        "A new paragraph pushes everything down.\n\nPay is weekly.\n\nWe are hiring",
    )
    _edit(article, "two weeks of paid training", "three weeks of paid training")
    assert lint("--baseline", "baseline.json", ".").exit_code == 0


def test_a_new_copy_of_a_problem_is_reported(baselined: Path, lint: Lint) -> None:
    article = baselined.parent / "jargon.md"
    _edit(article, "Every new ninja", "Every new ninja and every rockstar")
    result = lint("--format", "json", "--baseline", "baseline.json", ".")
    assert result.exit_code == 1
    line = JARGON.splitlines().index("Every new ninja gets two weeks of paid training.") + 1
    assert codes(result) == [("jargon.md", "HS001", line)]


def test_a_new_problem_in_a_new_file_is_reported(baselined: Path, lint: Lint) -> None:
    (baselined.parent / "posts").mkdir()
    (baselined.parent / "posts" / "second.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--format", "json", "--baseline", "baseline.json", ".")
    assert codes(result) == [("posts/second.md", "FM001", 1)]


def test_a_fixed_problem_does_not_hide_a_later_one_elsewhere(baselined: Path, lint: Lint) -> None:
    """Entries are per file: removing 'guru' here does not allow one in another file."""
    article = baselined.parent / "jargon.md"
    _edit(article, "customer-care guru", "customer-care lead")
    (baselined.parent / "other.md").write_text(
        JARGON.replace("rockstar", "skilled")
        .replace("ninja", "starter")
        .replace("support-agent-job-advert", "other"),
        encoding="utf-8",
    )
    result = lint("--format", "json", "--baseline", "baseline.json", "--select", "HS", ".")
    assert [(p, c) for p, c, _ in codes(result)] == [("other.md", "HS002")]


def test_the_baseline_works_from_another_folder(
    baselined: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = baselined.parent / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    result = lint("--baseline", "../baseline.json", "../jargon.md", "../flawed.md")
    assert result.exit_code == 0, result.output


def test_a_missing_or_broken_baseline_exits_2(house: Path, lint: Lint) -> None:
    missing = lint("--baseline", "nope.json", ".")
    assert missing.exit_code == 2
    assert missing.stderr.strip() == (
        "artlint: error: nope.json: cannot read baseline: No such file or directory"
    )
    (house / "broken.json").write_text('{"version": 99, "entries": []}', encoding="utf-8")
    broken = lint("--baseline", "broken.json", ".")
    assert broken.exit_code == 2
    assert "broken.json: not an artlint baseline: unsupported version 99" in broken.stderr
    (house / "list.json").write_text("[]", encoding="utf-8")
    assert lint("--baseline", "list.json", ".").exit_code == 2
    assert "Traceback" not in missing.output + broken.output


def test_rewriting_the_baseline_accepts_the_new_state(baselined: Path, lint: Lint) -> None:
    article = baselined.parent / "jargon.md"
    _edit(article, "Every new ninja", "Every new ninja and every rockstar")
    assert lint("--baseline", "baseline.json", ".").exit_code == 1
    assert lint("-q", "--write-baseline", "baseline.json", ".").exit_code == 0
    assert lint("--baseline", "baseline.json", ".").exit_code == 0
