"""Short commands stay short: the imports that cost the most are made only where needed.

`artlint --version`, `rules` and `explain` run by hand and from editors, and a
pre-commit hook often lints one plain-text export; none of them should pay for the
run machinery, markdown-it or pygls (cli.py's docstring says which imports are late
and why).  The test runs each command in a fresh interpreter and lists the modules
it ended with.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_LIST_MODULES = """
import atexit, sys
atexit.register(lambda: print("MODULES", *sorted(sys.modules), file=sys.stderr))
from artlint.cli import main
main(sys.argv[1:], prog_name="artlint")
"""


def _modules(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LIST_MODULES, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--version"], {"artlint.engine", "artlint.rules", "yaml", "markdown_it", "difflib"}),
        (["rules"], {"artlint.engine", "markdown_it", "pygls"}),
        (["explain", "HD001"], {"artlint.engine", "markdown_it", "pygls"}),
    ],
)
def test_a_command_that_lints_nothing_loads_no_linting_machinery(
    args: list[str], absent: set[str], tmp_path: Path
) -> None:
    assert _modules(args, tmp_path) & absent == set()


def test_a_plain_text_export_is_linted_without_markdown_it_or_pygls(tmp_path: Path) -> None:
    (tmp_path / "nurse.txt").write_text(
        "Night Shifts for New Nurses\n\nA short note on sleeping by day.\n", encoding="utf-8"
    )
    loaded = _modules(["--no-cache", "nurse.txt"], tmp_path)
    assert "artlint.engine" in loaded  # it did lint
    assert loaded & {"markdown_it", "pygls", "artlint.server"} == set()
