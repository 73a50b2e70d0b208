"""artlint's SARIF checked by Microsoft's SARIF validator in its GitHub mode.

GitHub code scanning drops or hides what its own checks reject (rules without a
full description or help, related locations the message does not link), and the
checks in tests/test_reporters.py only restate what we read of them. This runs
the real validator (`Sarif.Multitool validate --rule-kind "Gh;Ghas"`, from the
npm package @microsoft/sarif-multitool) on the examples' report and on a report
with related locations. It skips when the validator is absent, unless
ARTLINT_REQUIRE_SARIF_VALIDATOR is set, as .ci/run does after installing it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FLAWED

from artlint.cli import main

REPO = Path(__file__).resolve().parents[1]
TOOL = Path(
    os.environ.get(
        "ARTLINT_SARIF_MULTITOOL",
        REPO / ".ci-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool",
    )
)


@pytest.fixture
def validator() -> Path:
    if not TOOL.is_file():
        if os.environ.get("ARTLINT_REQUIRE_SARIF_VALIDATOR"):
            pytest.fail(f"the SARIF validator is required but absent at {TOOL}")
        pytest.skip(f"no SARIF validator at {TOOL} (npm install @microsoft/sarif-multitool)")
    return TOOL


def _problems(tool: Path, sarif: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "validation.sarif"
    done = subprocess.run(
        [
            str(tool),
            "validate",
            "--rule-kind",
            "Gh;Ghas",
            "--level",
            "Error;Warning",
            "-o",
            str(out),
            str(sarif),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.is_file(), done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    return [
        f"{r['ruleId']} {r['message'].get('id')} {r['message'].get('arguments')}" for r in results
    ]


def _sarif(tmp_path: Path, *paths: str) -> Path:
    result = CliRunner().invoke(main, ["--no-cache", "--format", "sarif", "--exit-zero", *paths])
    assert result.exit_code == 0, result.output
    target = tmp_path / "artlint.sarif"
    target.write_text(result.stdout, encoding="utf-8")
    return target


def test_the_examples_report_passes_githubs_checks(
    validator: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert _problems(validator, _sarif(tmp_path, "examples/articles"), tmp_path) == []


def test_related_locations_pass_githubs_checks(
    validator: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    body = "# Remote Work Jobs\n\nSome text about the work.\n"
    for name in ("a.md", "b.md"):  # one title twice: TI002 with a related location
        (site / name).write_text(f"---\ntitle: Remote Work Jobs\n---\n{body}", encoding="utf-8")
    (site / "flawed.md").write_text(FLAWED, encoding="utf-8")
    monkeypatch.chdir(site)
    sarif = _sarif(tmp_path, ".")
    related = [
        r
        for r in json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
        if r.get("relatedLocations")
    ]
    assert related  # the case this test is for
    assert _problems(validator, sarif, tmp_path) == []
