"""Plugins that misbehave: exits, interrupts, stray yields, places outside the file, hangs.

Each becomes an AL finding naming the rule; the other rules and files still run,
and the exit code says what was found (once, `sys.exit(0)` in a rule ended the
run with exit 0 and no output at all).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN, FLAWED, Lint, codes, findings

from artlint import guard

GOOD_RULE = """
class Good(Rule):
    code = "LX001"
    name = "good-rule"
    summary = "Flags the word 'salary'"

    def check(self, article, options):
        start = article.text.find("salary")
        if start != -1:
            yield self.at(article, start, start + 6, "a fine finding")
"""


def _plugin(project: Path, body: str, imports: str = "") -> None:
    source = (
        f"import sys\nfrom artlint.rule import CorpusRule, Rule\n{imports}\n{GOOD_RULE}\n{body}"
    )
    (project / "lint").mkdir(exist_ok=True)
    (project / "lint" / "plug.py").write_text(source, encoding="utf-8")
    (project / ".artlint.yaml").write_text("plugins: [lint/plug.py]\n", encoding="utf-8")
    (project / "a.md").write_text(CLEAN + "\nA salary line.\n", encoding="utf-8")
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")


def _al(result: Any, code: str) -> list[dict[str, Any]]:
    return [f for f in findings(result) if f["code"] == code]


def _others_ran(result: Any) -> None:
    found = codes(result)
    assert ("flawed.md", "FM001", 1) in found
    assert any(path == "a.md" and code == "LX001" for path, code, _ in found)


@pytest.mark.parametrize(
    ("statement", "said"),
    [
        ("sys.exit(0)", "called sys.exit(0)"),
        ("sys.exit()", "called sys.exit(None)"),
        ("raise SystemExit(3)", "called sys.exit(3)"),
        ("raise KeyboardInterrupt", "raised KeyboardInterrupt"),
    ],
)
def test_an_exit_inside_check_is_an_al008_and_the_run_goes_on(
    project: Path, lint: Lint, statement: str, said: str
) -> None:
    _plugin(
        project,
        f"""
class Quits(Rule):
    code = "LX002"
    name = "quits"
    summary = "Leaves"

    def check(self, article, options):
        yield from ()
        {statement}
""",
    )
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    _others_ran(result)
    bad = _al(result, "AL008")
    assert [f["path"] for f in bad] == ["a.md", "flawed.md"]
    assert all(
        "LX002 (quits)" in f["message"] and said in f["message"] and "in check" in f["message"]
        for f in bad
    )
    assert bad[0]["severity"] == "error"


def test_sys_exit_zero_in_a_rule_no_longer_gives_a_silent_exit_0(project: Path, lint: Lint) -> None:
    _plugin(
        project,
        """
class Quits(Rule):
    code = "LX002"
    name = "quits"
    summary = "Leaves"

    def check(self, article, options):
        sys.exit(0)
""",
    )
    result = lint(".")
    assert result.exit_code == 1
    assert "AL008" in result.stdout and "FM001" in result.stdout
    assert "Found" in result.stderr


def test_exits_in_fact_and_check_corpus_name_the_rule(project: Path, lint: Lint) -> None:
    _plugin(
        project,
        """
class FactQuits(CorpusRule):
    code = "LX003"
    name = "fact-quits"
    summary = "Leaves in fact"

    def fact(self, article, options):
        raise KeyboardInterrupt

    def check_corpus(self, facts, options):
        return iter(())


class CorpusQuits(CorpusRule):
    code = "LX004"
    name = "corpus-quits"
    summary = "Leaves in check_corpus"

    def fact(self, article, options):
        return 1

    def check_corpus(self, facts, options):
        sys.exit(0)
""",
    )
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    _others_ran(result)
    messages = [f["message"] for f in _al(result, "AL008")]
    assert sum("LX003 (fact-quits) raised KeyboardInterrupt in fact" in m for m in messages) == 2
    assert (
        sum("LX004 (corpus-quits) called sys.exit(0) in check_corpus" in m for m in messages) == 1
    )


BAD_YIELDS = """
from artlint.model import Finding, Location, Severity


class Sloppy(Rule):
    code = "LX005"
    name = "sloppy"
    summary = "Yields odd things"

    def check(self, article, options):
        n = article.text.count("\\n") + 1
        p = article.path
        yield "not a finding"
        yield self.finding(Location(p, n + 50, 1, n + 50, 2), "past the end")
        yield self.finding(Location(p, 1, 400, 1, 401), "past the line")
        yield self.finding(Location(p, 3, 5, 2, 1), "backwards")
        yield self.finding(Location(p, 0, 1, 1, 1), "line zero")
        yield self.finding(Location("elsewhere.md", 1, 1, 1, 2), "another file")
        yield self.finding(Location(p, 2, 1, 2, 3), "the one good one")
"""


def test_findings_outside_the_file_are_dropped_with_one_al008(project: Path, lint: Lint) -> None:
    _plugin(project, BAD_YIELDS)
    result = lint("--format", "json", "a.md")
    assert result.exit_code == 1
    mine = [f for f in findings(result) if f["code"] == "LX005"]
    assert [(f["line"], f["column"], f["message"]) for f in mine] == [(2, 1, "the one good one")]
    [bad] = _al(result, "AL008")
    assert "LX005 (sloppy) yielded a str instead of a Finding (and 5 more)" in bad["message"]
    assert (bad["line"], bad["column"]) == (1, 1)


@pytest.mark.parametrize("fmt", ["sarif", "json", "gitlab", "junit", "github"])
def test_plugin_locations_are_checked_before_any_reporter(
    project: Path, lint: Lint, fmt: str
) -> None:
    _plugin(project, BAD_YIELDS)
    result = lint("--format", fmt, "a.md")
    assert result.exit_code == 1
    if fmt == "sarif":
        lines = (project / "a.md").read_text(encoding="utf-8").count("\n") + 1
        for res in json.loads(result.stdout)["runs"][0]["results"]:
            region = res["locations"][0]["physicalLocation"]["region"]
            assert 1 <= region["startLine"] <= lines
            assert region.get("endLine", region["startLine"]) <= lines
    assert "past the end" not in result.stdout and "backwards" not in result.stdout


SLOW = """
import os


class Slow(Rule):
    code = "LX006"
    name = "slow-rule"
    summary = "Hangs on files that say so"

    def check(self, article, options):
        with open(os.path.join(os.path.dirname(__file__), "calls.log"), "a") as fh:
            fh.write(article.path + "\\n")
        if "hang here" in article.text:
            # Forever. A `for`: CPython 3.10 never checks for signals in a `while`
            # loop whose body is only a try statement, so no budget can stop that one.
            for _ in iter(int, 1):
                try:
                    pass
                except Exception:  # a rule's own handler must not swallow the budget
                    pass
        yield from ()
"""


def test_a_rule_past_its_budget_is_stopped_with_al007_and_not_cached(
    project: Path, lint: Lint
) -> None:
    _plugin(project, SLOW)
    (project / "slow.md").write_text(CLEAN + "\nhang here\n", encoding="utf-8")
    start = time.monotonic()
    first = lint("--format", "json", "--rule-timeout", "0.5", ".", cache=True)
    assert time.monotonic() - start < 60  # stopped, not hung
    assert first.exit_code == 1
    _others_ran(first)
    [late] = _al(first, "AL007")
    assert late["path"] == "slow.md" and "LX006 (slow-rule)" in late["message"]
    assert "0.5 s" in late["message"]
    second = lint("--format", "json", "--rule-timeout", "0.5", ".", cache=True)
    assert codes(second) == codes(first)
    calls = (project / "lint" / "calls.log").read_text(encoding="utf-8").split()
    # The complete results came from the cache the second time; the cut-short one did not.
    assert sorted(calls) == ["a.md", "flawed.md", "slow.md", "slow.md"]


def test_the_budget_is_off_with_zero_and_on_by_default() -> None:
    from artlint.engine import Settings

    assert Settings().rule_timeout == guard.DEFAULT_BUDGET == 10.0
    assert guard.within(lambda: time.sleep(0.05) or "done", 0) == "done"


def test_off_the_main_thread_a_slow_rule_is_measured_instead() -> None:
    out: list[BaseException | str] = []

    def work() -> None:
        try:
            out.append(guard.within(lambda: time.sleep(0.3) or "done", 0.05))
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert len(out) == 1 and isinstance(out[0], guard.RuleTimeout)


def test_an_interrupt_raised_off_the_main_thread_is_the_rule_s_own() -> None:
    out: list[BaseException] = []

    def work() -> None:
        def bad() -> None:
            raise KeyboardInterrupt

        try:
            guard.within(bad, 1)
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert isinstance(out[0], guard.Misbehaved)


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")
def test_the_user_s_ctrl_c_still_interrupts() -> None:
    def pressed() -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)

    with pytest.raises(KeyboardInterrupt):
        guard.within(pressed, 30)
    # And the timer was disarmed on the way out.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


STUBBORN = """
class Stubborn(Rule):
    code = "LX007"
    name = "stubborn-rule"
    summary = "Swallows everything"

    def check(self, article, options):
        try:
            while True:
                pass
        except BaseException:
            pass
        while True:
            pass
        yield from ()
"""


def test_a_rule_that_swallows_the_first_alarm_is_stopped_by_the_next(
    project: Path, lint: Lint
) -> None:
    _plugin(project, STUBBORN)
    start = time.monotonic()
    result = lint("--format", "json", "--rule-timeout", "0.3", "a.md")
    assert time.monotonic() - start < 60
    [late] = _al(result, "AL007")
    assert "LX007 (stubborn-rule)" in late["message"]


def test_the_budget_holds_in_worker_processes(project: Path, lint: Lint) -> None:
    _plugin(project, SLOW)
    for k in range(60):  # past pool.MIN_PARALLEL, so a process pool lints them
        (project / f"p{k:02}.md").write_text(CLEAN, encoding="utf-8")
    (project / "slow.md").write_text(CLEAN + "\nhang here\n", encoding="utf-8")
    result = lint("--format", "json", "--rule-timeout", "0.5", "-j", "2", ".")
    assert result.exit_code == 1
    [late] = _al(result, "AL007")
    assert late["path"] == "slow.md"
    _others_ran(result)
