"""What a run with nothing to report beyond its findings does not work out: the
tally (for the summary) under `--quiet`, every file's worst severity once one
file already fails the run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FLAWED, Lint

from artlint import cli
from artlint.model import Severity
from artlint.results import RunResult


def test_a_quiet_run_does_not_tally_its_findings(
    lint: Lint, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "night.md").write_text(FLAWED, encoding="utf-8")

    def refuse(self: RunResult) -> None:
        raise AssertionError("tallied")

    monkeypatch.setattr(RunResult, "tally", refuse)
    assert lint("-q", ".").exit_code == 1
    assert lint("-q", "--format", "json", ".").exit_code == 1


def test_the_exit_code_stops_at_the_first_file_that_fails(project: Path) -> None:
    (project / "a.md").write_text(FLAWED, encoding="utf-8")

    def worst() -> Iterator[tuple[str, Severity]]:
        yield "a.md", Severity.ERROR
        raise AssertionError("read past the first failing file")

    assert cli._fails_own_config(worst())
