"""The README's snippets run as written: the CI jobs' artlint commands, the pre-commit
config, the install lines and the test command that `.ci/run` runs."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import CLEAN, FLAWED

from artlint import __version__
from artlint.cli import main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
WHEEL = f"artlint-{__version__}-py3-none-any.whl"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _yaml_blocks() -> list[Any]:
    return [yaml.safe_load(block) for block in _blocks("yaml")]


def _github_steps() -> list[dict[str, Any]]:
    (workflow,) = [b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" in b]
    return list(workflow["jobs"]["artlint"]["steps"])


def _gitlab_script() -> list[str]:
    (job,) = [
        b["artlint"]
        for b in _yaml_blocks()
        if isinstance(b, dict) and "script" in b.get("artlint", {})
    ]
    return list(job["script"])


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "content" / "flawed.md").write_text(FLAWED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run_artlint(command: str) -> int:
    argv = shlex.split(command)
    assert argv[0] == "artlint"
    return CliRunner().invoke(main, ["--no-cache", *argv[1:]]).exit_code


def test_the_github_workflow_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, monkeypatch)
    steps = _github_steps()
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == f"pip install tools/{WHEEL}"
    assert [_run_artlint(r) for r in runs[1:]] == [1, 0]  # annotations fail; SARIF does not
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    sarif = json.loads((site / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"content/flawed.md"}


def test_the_gitlab_job_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path, monkeypatch)
    install, lint = _gitlab_script()
    assert install == f"pip install tools/{WHEEL}"
    assert _run_artlint(lint) == 1
    (job,) = [b["artlint"] for b in _yaml_blocks() if isinstance(b, dict) and "artlint" in b]
    report = job["artifacts"]["reports"]["codequality"]
    issues = json.loads((site / report).read_text(encoding="utf-8"))
    assert [(i["check_name"], i["location"]["path"]) for i in issues] == [
        ("FM001", "content/flawed.md")
    ]


def test_no_snippet_installs_from_the_package_index() -> None:
    for block in _blocks("sh") + _blocks("yaml"):
        assert not re.search(r"pip install artlint\b", block), block


def test_the_precommit_snippet_pins_a_commit_and_names_real_hooks() -> None:
    (config,) = [b for b in _yaml_blocks() if isinstance(b, dict) and "repos" in b]
    (repo,) = config["repos"]
    assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"])
    hooks = {
        h["id"]
        for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    for hook in repo["hooks"]:
        assert hook["id"] in hooks
        re.compile(hook.get("files", ""))
    assert "pre-commit autoupdate" in README


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    (command,) = [b.strip() for b in _blocks("sh") if b.strip().endswith("&& pytest")]
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_projects_own_precommit_files_are_valid() -> None:
    import subprocess
    import sys

    for command, name in (
        ("validate-config", ".pre-commit-config.yaml"),
        ("validate-manifest", ".pre-commit-hooks.yaml"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, name],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
