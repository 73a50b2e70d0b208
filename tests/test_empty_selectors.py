"""An option that names no rule is a usage error, not a run of no rules ("All clear")."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FLAWED, Lint


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
@pytest.mark.parametrize("value", ["", ",", " , ", ",,"])
def test_an_empty_selector_list_is_exit_2_on_one_line(
    project: Path, lint: Lint, option: str, value: str
) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    result = lint(option, value, "flawed.md")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"artlint: error: {option} ") and "names no rule" in line
    assert "All clear" not in result.output


def test_a_trailing_comma_beside_a_rule_is_still_fine(project: Path, lint: Lint) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--select", "FM001,", "flawed.md")
    assert result.exit_code == 1
    assert "FM001" in result.stdout
