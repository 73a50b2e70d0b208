"""Config, baseline and tree shapes that used to abort a run, or to be silently ignored."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN, FLAWED, Lint, codes, findings


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_a_tool_table_with_an_artlint_key_is_read(project: Path, lint: Lint) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "site"\n\n[tool]\nartlint = { ignore = ["FM001"] }\n', encoding="utf-8"
    )
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--format", "json", ".")
    assert result.exit_code == 0, result.output
    assert findings(result) == []


def test_a_non_utf8_pyproject_with_an_artlint_table_is_one_error(project: Path, lint: Lint) -> None:
    (project / "pyproject.toml").write_bytes(b'[tool.artlint]\nignore = ["FM001"] # caf\xe9\n')
    (project / "docs").mkdir()
    (project / "docs" / "a.md").write_text(FLAWED, encoding="utf-8")
    result = lint("docs/a.md")
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: {project / 'pyproject.toml'}: not valid UTF-8 (byte offset 39)\n"
    )


def test_a_non_utf8_pyproject_of_another_tool_is_not_artlints_business(
    project: Path, lint: Lint
) -> None:
    (project / "pyproject.toml").write_bytes(b'[tool.other]\nname = "caf\xe9"\n')
    (project / "a.md").write_text(FLAWED, encoding="utf-8")
    assert codes(lint("--format", "json", "a.md")) == [("a.md", "FM001", 1)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".artlint.yaml", "select: " + _deep(500) + "\n"),
        ("pyproject.toml", "[tool.artlint]\nselect = " + _deep(500) + "\n"),
    ],
)
def test_a_config_nested_very_deep_is_one_error(
    project: Path, lint: Lint, name: str, text: str
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    result = lint(".")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"artlint: error: {project / name}: invalid ")
    assert line.endswith("nested too deeply")


def test_a_baseline_nested_very_deep_is_one_error(project: Path, lint: Lint) -> None:
    (project / "baseline.json").write_text(_deep(100_000), encoding="utf-8")
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    result = lint("--baseline", "baseline.json", ".")
    assert result.exit_code == 2
    assert result.stderr == (
        "artlint: error: baseline.json: not an artlint baseline: nested too deeply\n"
    )


def test_a_file_five_hundred_folders_deep_is_linted(project: Path, lint: Lint) -> None:
    folder = project.joinpath(*["d"] * 500)
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--format", "json", ".")
    assert result.exit_code == 1, result.output
    assert codes(result) == [("/".join(["d"] * 500) + "/a.md", "FM001", 1)]


def test_an_unreadable_folder_is_an_error_not_silence(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "ok").mkdir()
    (project / "ok" / "a.md").write_text(FLAWED, encoding="utf-8")
    (project / "locked").mkdir()
    (project / "locked" / "b.md").write_text(FLAWED, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        # Root reads any folder whatever its mode: refuse this one the way the
        # system refuses a chmod 000 folder to anyone else.
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for _ in range(2):  # a remembered walk must not hide it on the next run
        result = lint("--format", "json", ".", cache=True)
        assert result.exit_code == 2
        assert codes(result) == [("ok/a.md", "FM001", 1)]
        assert "artlint: error: locked: cannot read folder: Permission denied" in result.stderr


def test_a_nul_past_the_first_8_kib_is_al002(project: Path, lint: Lint) -> None:
    (project / "a.md").write_bytes(CLEAN.encode() + b"x" * 9000 + b"\0tail\n")
    [f] = findings(lint("--format", "json", "a.md"))
    assert (f["code"], f["message"]) == (
        "AL002",
        f"binary file (NUL byte at byte offset {len(CLEAN) + 9000})",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            CLEAN.encode() + b"caf\xe9\n",
            f"not valid UTF-8 (byte 0xe9 at byte offset {len(CLEAN) + 3})",
        ),
        (
            CLEAN.encode() + b"x" * 9000 + b"\0",
            f"binary file (NUL byte at byte offset {len(CLEAN) + 9000})",
        ),
    ],
)
def test_stdin_gets_the_same_al002_as_a_file(
    project: Path, lint: Lint, data: bytes, message: str
) -> None:
    (project / "a.md").write_bytes(data)
    from_file = findings(lint("--format", "json", "a.md"))
    from_stdin = findings(lint("--format", "json", "--stdin-filename", "a.md", "-", input=data))
    assert [(f["code"], f["message"]) for f in from_stdin] == [("AL002", message)]
    assert from_stdin == from_file
