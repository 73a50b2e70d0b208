"""artlint's own AL codes are registered rules: selectors, config and directives know them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Lint, codes

from artlint import registry

#: AL003 on line 8 (an unknown rule named) and AL009 on line 9 (a misspelt verb).
DIRECTIVES = """\
---
title: Packing for a Ski Season Job
description: What seasonal resort staff bring for five months in the mountains.
date: 2024-10-02
slug: ski-season-packing
---

<!-- artlint-disable QQ123 -->
<!-- artlint-disabel HD001 -->
Bring two pairs of gloves: one is always drying.
"""


@pytest.fixture
def site(project: Path) -> Path:
    (project / "notes.md").write_text(DIRECTIVES, encoding="utf-8")
    (project / "binary.md").write_bytes(b"\xff\xfe\x00 not text\n")
    return project


def _codes(result_codes: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    return [(path, code) for path, code, _ in result_codes]


ALL = [("binary.md", "AL002"), ("notes.md", "AL003"), ("notes.md", "AL009")]


def test_every_al_code_is_in_the_registry() -> None:
    rules = registry.load().rules
    own = sorted(c for c, r in rules.items() if not r.runs)
    assert own == [f"AL00{n}" for n in range(1, 10)]
    assert rules["AL003"].name == "unknown-rule-in-directive"
    assert registry.load().resolve("rule-timeout") == {"AL007"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ALL),
        (("--select", "AL009"), [("notes.md", "AL009")]),
        (("--select", "AL"), ALL),
        (("--ignore", "AL003"), [("binary.md", "AL002"), ("notes.md", "AL009")]),
        (("--ignore", "unknown-directive"), ALL[:2]),
        (("--select", "AL009", "--extend-select", "AL002"), [ALL[0], ALL[2]]),
        # A select that names no AL code keeps them: it must not hide an unread file.
        (("--select", "FM"), ALL),
    ],
)
def test_selectors_reach_al_codes(
    site: Path, lint: Lint, args: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    result = lint("--format", "json", *args, ".")
    assert _codes(codes(result)) == expected, result.output


def test_config_ignore_and_per_file_ignores_reach_al_codes(site: Path, lint: Lint) -> None:
    (site / ".artlint.yaml").write_text(
        "ignore: [AL009]\nper-file-ignores:\n  binary.md: [AL002]\n", encoding="utf-8"
    )
    assert _codes(codes(lint("--format", "json", "."))) == [("notes.md", "AL003")]


def test_a_directive_can_disable_an_al_code(site: Path, lint: Lint) -> None:
    text = DIRECTIVES.replace("---\n\n", "---\n\n<!-- artlint-disable AL009 -->\n", 1)
    (site / "notes.md").write_text(text, encoding="utf-8")
    found = _codes(codes(lint("--format", "json", "notes.md")))
    assert found == [("notes.md", "AL003")]


def test_rules_lists_al_codes_last_and_explain_knows_them(lint: Lint) -> None:
    rows = json.loads(lint("rules", "--format", "json").stdout)
    listed = [r["code"] for r in rows]
    assert listed[-9:] == [f"AL00{n}" for n in range(1, 10)]
    assert not [c for c in listed[:-9] if c.startswith("AL")]
    result = lint("explain", "AL007")
    assert result.exit_code == 0
    assert result.stdout.startswith("# AL007 rule-timeout\n\nA rule ran past its time budget")
    assert "Severity: error." in result.stdout
