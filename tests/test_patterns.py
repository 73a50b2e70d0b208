"""Regular expressions from house rules and schemas run under a time budget."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CLEAN

HOUSE = """\
rules:
  - code: HS001
    name: no-shouting
    pattern: "(a+)+$"
  - code: HS002
    name: no-guru
    forbid: guru
"""

SLOW_LINE = "a" * 40 + "!"


def _artlint(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "artlint", "--no-cache", "-j", "1", "--format", "json", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_backtracking_house_pattern_is_one_al006_and_the_run_goes_on(project: Path) -> None:
    (project / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (project / ".artlint.yaml").write_text(
        "house-rules: [house.yaml]\nselect: [HS]\n", encoding="utf-8"
    )
    for name in ("a.md", "b.md"):
        (project / name).write_text(f"{CLEAN}\nOur guru says:\n\n{SLOW_LINE}\n", encoding="utf-8")
    started = time.perf_counter()
    proc = _artlint(project, ".")
    assert time.perf_counter() - started < 30
    assert proc.returncode == 1, proc.stderr
    got = [(f["path"], f["code"], f["message"]) for f in json.loads(proc.stdout)]
    # Once over budget, the pattern is skipped for the rest of the run: one finding.
    assert [(p, c) for p, c, _ in got] == [("a.md", "AL006"), ("a.md", "HS002"), ("b.md", "HS002")]
    assert got[0][2].startswith("house rule HS001 (no-shouting): its pattern took more than 2 s")


def test_a_backtracking_schema_pattern_is_al006(project: Path) -> None:
    pytest.importorskip("jsonschema")
    schema = {"type": "object", "properties": {"slug": {"type": "string", "pattern": "^(a+)+$"}}}
    (project / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    (project / ".artlint.yaml").write_text(
        "rules: {FM008: {schema: s.json}}\nselect: [FM008]\n", encoding="utf-8"
    )
    slug = "a" * 40 + "!"
    (project / "a.md").write_text(CLEAN.replace("negotiate-first-salary", slug), encoding="utf-8")
    proc = _artlint(project, ".")
    assert proc.returncode == 1, proc.stderr
    [f] = json.loads(proc.stdout)
    assert f["code"] == "AL006"
    assert "rule FM008 (front-matter-schema)" in f["message"]


def test_the_budget_interrupts_and_keeps_an_outer_timer() -> None:
    from artlint import patterns

    fired: list[int] = []

    def outer(signum: int, frame: object) -> None:
        fired.append(signum)

    old = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        import re

        started = time.perf_counter()
        with pytest.raises(patterns.PatternTimeout), patterns.time_budget(0.2):
            re.search(r"(a+)+$", SLOW_LINE)
        assert time.perf_counter() - started < 5
        assert signal.getsignal(signal.SIGALRM) is outer
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < left <= 30
        with patterns.time_budget(5):  # a quick match leaves no timer of its own behind
            re.search(r"a+", "aaa")
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 20
        assert fired == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_an_outer_deadline_that_comes_first_still_fires() -> None:
    from artlint import patterns

    class Outer(Exception):
        pass

    def outer(signum: int, frame: object) -> None:
        raise Outer

    old = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        import re

        with pytest.raises(Outer), patterns.time_budget(10):
            re.search(r"(a+)+$", SLOW_LINE)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_each_run_gives_a_slow_pattern_its_budget_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from artlint import patterns
    from artlint.cli import main

    monkeypatch.setattr(patterns, "PATTERN_BUDGET", 0.2)
    (project / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (project / ".artlint.yaml").write_text(
        "house-rules: [house.yaml]\nselect: [HS001]\n", encoding="utf-8"
    )
    (project / "a.md").write_text(f"{CLEAN}\n{SLOW_LINE}\n", encoding="utf-8")
    for _ in range(2):  # one process, two runs (an editor, the tests)
        result = CliRunner().invoke(main, ["--no-cache", "-j", "1", "--format", "json", "."])
        assert [f["code"] for f in json.loads(result.stdout)] == ["AL006"]
        assert "took more than 0.2 s" in json.loads(result.stdout)[0]["message"]
