"""What users of ruff and markdownlint-cli2 expect of the command line: .gitignore,
`--force-exclude`, `-o`, `--color`, `-v`, `--show-files`, `--show-settings`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CLEAN, FLAWED, Lint, codes


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _paths(result: object) -> list[str]:
    return sorted(p for p, _, _ in codes(result))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- .gitignore


def test_gitignore_is_honoured_by_default(project: Path, lint: Lint) -> None:
    _write(project, ".gitignore", "_build/\n*.draft.md\n!keep.draft.md\n")
    _write(project, "_build/page.md", FLAWED)
    _write(project, "posts/a.draft.md", FLAWED)
    _write(project, "posts/keep.draft.md", FLAWED)
    _write(project, "posts/b.md", FLAWED)
    assert _paths(lint("--format", "json", ".")) == ["posts/b.md", "posts/keep.draft.md"]
    assert _paths(lint("--format", "json", "--no-respect-gitignore", ".")) == [
        "_build/page.md",
        "posts/a.draft.md",
        "posts/b.md",
        "posts/keep.draft.md",
    ]


def test_a_nested_gitignore_applies_below_its_folder(project: Path, lint: Lint) -> None:
    _write(project, "posts/.gitignore", "old.md\n")
    _write(project, "posts/old.md", FLAWED)
    _write(project, "old.md", FLAWED)  # the same name above: not ignored
    assert _paths(lint("--format", "json", ".")) == ["old.md"]


def test_the_repository_roots_gitignore_counts_when_linting_a_subfolder(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".git").mkdir()
    _write(project, ".gitignore", "generated/\n")
    _write(project, "site/generated/x.md", FLAWED)
    _write(project, "site/y.md", FLAWED)
    monkeypatch.chdir(project / "site")
    assert _paths(lint("--format", "json", ".")) == ["y.md"]


def test_editing_the_gitignore_is_seen_by_a_cached_run(
    project: Path, lint: Lint, pinned_cache_key: None
) -> None:
    _write(project, "a.md", FLAWED)
    _write(project, "b.md", FLAWED)
    gi = _write(project, ".gitignore", "a.md\n")
    assert _paths(lint("--format", "json", ".", cache=True)) == ["b.md"]
    with gi.open("a", encoding="utf-8") as fh:  # in place: the folder's mtime stays
        fh.write("b.md\n")
    os.utime(gi, ns=(gi.stat().st_atime_ns, gi.stat().st_mtime_ns + 5_000_000_000))
    assert _paths(lint("--format", "json", ".", cache=True)) == []


def test_without_a_gitignore_pathspec_is_not_imported(project: Path) -> None:
    import subprocess
    import sys

    _write(project, "a.md", CLEAN)
    code = (
        "import sys; from artlint.cli import main\n"
        "try:\n    main(['--no-cache', '-q', '.'])\n"
        "except SystemExit:\n    pass\n"
        "print('pathspec' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_exclude_with_double_star_matches_files_directly_in_the_folder(
    project: Path, lint: Lint
) -> None:
    _write(project, ".artlint.yaml", 'exclude: ["docs/**/*.md"]\n')
    _write(project, "docs/x.md", FLAWED)
    _write(project, "docs/deep/y.md", FLAWED)
    _write(project, "posts/z.md", FLAWED)
    assert _paths(lint("--format", "json", ".")) == ["posts/z.md"]


# --------------------------------------------------------------------------- what the hook passes


def test_repository_documents_are_not_articles(project: Path, lint: Lint) -> None:
    for name in (
        "README.md",
        "CHANGELOG.md",
        "requirements.txt",
        "requirements-dev.txt",
        "CONTRIBUTING.md",
        "docs/LICENSE.txt",
    ):
        _write(project, name, FLAWED)
    _write(project, "posts/a.md", FLAWED)
    assert _paths(lint("--format", "json", ".")) == ["posts/a.md"]
    # Named one by one, as the pre-commit hook does, they are still left alone.
    result = lint(
        "--format", "json", "--force-exclude", "CHANGELOG.md", "requirements.txt", "posts/a.md"
    )
    assert _paths(result) == ["posts/a.md"]


def test_force_exclude_applies_the_configs_include_to_named_files(
    project: Path, lint: Lint
) -> None:
    _write(project, ".artlint.yaml", 'include: ["content/**/*.md"]\n')
    _write(project, "notes.md", FLAWED)
    _write(project, "content/a.md", FLAWED)
    _write(project, "content/sub/b.md", FLAWED)
    result = lint(
        "--format", "json", "--force-exclude", "notes.md", "content/a.md", "content/sub/b.md"
    )
    assert _paths(result) == ["content/a.md", "content/sub/b.md"]
    # Without the flag a file named on the command line is linted whatever its name.
    assert _paths(lint("--format", "json", "notes.md")) == ["notes.md"]


def test_the_hooks_pass_force_exclude() -> None:
    import yaml

    hooks = yaml.safe_load(
        (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    by_id = {h["id"]: h for h in hooks}
    assert by_id["artlint"]["args"] == ["--force-exclude"]


# --------------------------------------------------------------------------- -o / --output-file


def test_output_file_gets_the_report_and_stdout_stays_empty(project: Path, lint: Lint) -> None:
    _write(project, "a.md", FLAWED)
    result = lint("--format", "json", "-o", "report.json", ".")
    assert result.exit_code == 1
    assert result.stdout == ""
    data = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert [(f["path"], f["code"]) for f in data] == [("a.md", "FM001")]
    assert "Found 1 finding" not in result.stderr  # summaries are for the text format
    assert [p.name for p in project.iterdir() if p.name.startswith(".report")] == []


def test_output_file_in_a_missing_folder_is_one_error_line(project: Path, lint: Lint) -> None:
    _write(project, "a.md", FLAWED)
    result = lint("-o", "nowhere/report.txt", ".")
    assert result.exit_code == 2
    assert result.stderr.startswith("artlint: error: nowhere/report.txt: cannot write the report: ")
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- --color

ESC = "\x1b["


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": ""}, False),  # set but empty counts as unset
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": ""}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the command line wins
    ],
)
def test_color(
    project: Path,
    lint: Lint,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    coloured: bool,
) -> None:
    for key in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    _write(project, "a.md", FLAWED)
    result = lint(*args, "a.md")
    assert result.exit_code == 1
    assert (ESC in result.stdout) is coloured
    assert "FM001" in result.stdout


# --------------------------------------------------------------------------- -v, --show-*


def test_verbose_names_the_config_the_cache_and_the_time(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", "ignore: [HD]\n")
    _write(project, "a.md", CLEAN)
    result = lint("-v", ".")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert f"artlint: config {project / '.artlint.yaml'} (root {project})" in lines
    assert "artlint: cache off" in lines
    assert any(line.startswith("artlint: linted 1 file in ") for line in lines)


def test_show_files_lists_what_would_be_linted_and_lints_nothing(project: Path, lint: Lint) -> None:
    _write(project, ".gitignore", "skip.md\n")
    _write(project, "skip.md", FLAWED)
    _write(project, "b/b.md", FLAWED)
    _write(project, "a.md", FLAWED)
    result = lint("--show-files", ".")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["a.md", str(Path("b", "b.md"))]
    assert result.stderr == ""


def test_show_files_with_a_missing_path_exits_2(project: Path, lint: Lint) -> None:
    result = lint("--show-files", "nowhere")
    assert result.exit_code == 2
    assert "artlint: error: nowhere: no such file or directory" in result.stderr


def test_show_settings_names_the_config_and_the_rules_for_a_file(project: Path, lint: Lint) -> None:
    _write(
        project,
        "site/.artlint.yaml",
        'select: [FM]\nignore: [FM008]\nfail-on: warning\nper-file-ignores: {"old/*": [FM005]}\n',
    )
    _write(project, "site/old/a.md", FLAWED)
    result = lint("--show-settings", "site/old/a.md")
    assert result.exit_code == 0, result.output
    rows = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert rows["config"] == str(project / "site" / ".artlint.yaml")
    assert rows["fail-on"] == "warning"
    enabled = rows["enabled"]
    assert "FM001" in enabled and "FM008" not in enabled and "FM005" not in enabled
    assert "HD001" not in enabled
    defaults = dict(
        line.split(": ", 1) for line in lint("--show-settings", ".").stdout.splitlines()
    )
    assert defaults["config"] == "<defaults>"


# --------------------------------------------------------------------------- absolute paths


def test_sarif_and_gitlab_name_files_relative_to_the_project_for_absolute_arguments(
    project: Path, lint: Lint
) -> None:
    target = _write(project, "posts/a.md", FLAWED)
    sarif = json.loads(lint("--format", "sarif", str(target)).stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "posts/a.md", "uriBaseId": "%SRCROOT%"}
    gitlab = json.loads(lint("--format", "gitlab", str(target)).stdout)
    assert gitlab[0]["location"]["path"] == "posts/a.md"
