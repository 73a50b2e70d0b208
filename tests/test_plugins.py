"""Rules from outside artlint: installed packages, local plugin files, YAML house rules.

The example plugin is installed for real with pip, into a folder of its own that
only the artlint subprocess sees (PYTHONPATH), so the shared environment the rest
of the suite runs in never gains an EX001 rule.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN, FLAWED, Lint, codes, findings

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PLUGIN = REPO / "examples" / "plugin"

PAY = """\
---
title: What a Junior Data Analyst Earns
description: Pay for junior data analysts in their first two years.
date: 2024-02-01
slug: junior-data-analyst-pay
---

Most junior analysts earn 48,000 a year in their first role.

In 2023 the median salary rose to $52,000, and a senior analyst can earn 75k.

Teams of 12 people are common, and contractors are paid 350 EUR a day.
"""


def _artlint(
    cwd: Path, *args: str, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(pythonpath), env.get("PYTHONPATH", "")) if p
        )
    return subprocess.run(
        [sys.executable, "-m", "artlint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the example package


@pytest.fixture(scope="module")
def installed_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/plugin installed by pip into a folder of its own (put on PYTHONPATH)."""
    target = tmp_path_factory.mktemp("site-packages")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-input",
        "--disable-pip-version-check",
        "--target",
        str(target),
        str(EXAMPLE_PLUGIN),
    ]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.insert(4, "--no-build-isolation")  # the build backend is here already: no download
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "artlint_example_plugin" / "__init__.py").is_file()
    return target


def test_installed_plugin_adds_its_rule_through_the_entry_point(
    installed_example: Path, tmp_path: Path
) -> None:
    _write(tmp_path, "pay.md", PAY)
    done = _artlint(
        tmp_path, "--no-cache", "--format", "json", "pay.md", pythonpath=installed_example
    )
    assert done.returncode == 1, done.stderr
    found = [(f["code"], f["name"], f["line"], f["column"]) for f in json.loads(done.stdout)]
    assert found == [
        ("EX001", "salary-without-currency", 8, 27),
        ("EX001", "salary-without-currency", 10, 74),
    ]
    message = json.loads(done.stdout)[0]["message"]
    assert "'48,000'" in message


def test_installed_plugin_is_listed_selectable_and_explained(
    installed_example: Path, tmp_path: Path
) -> None:
    listed = _artlint(tmp_path, "rules", pythonpath=installed_example)
    row = next(line for line in listed.stdout.splitlines() if line.startswith("EX001"))
    assert row.split()[:4] == ["EX001", "salary-without-currency", "plugin", "(EX)"]
    _write(tmp_path, "pay.md", PAY)
    _write(tmp_path, "flawed.md", FLAWED)
    only = _artlint(
        tmp_path,
        "--no-cache",
        "--format",
        "json",
        "--select",
        "EX",
        ".",
        pythonpath=installed_example,
    )
    assert {f["code"] for f in json.loads(only.stdout)} == {"EX001"}
    ignored = _artlint(
        tmp_path,
        "--no-cache",
        "--ignore",
        "salary-without-currency",
        "pay.md",
        pythonpath=installed_example,
    )
    assert ignored.returncode == 0, ignored.stdout
    page = _artlint(tmp_path, "explain", "EX001", pythonpath=installed_example)
    assert page.returncode == 0
    assert "salary-without-currency" in page.stdout and "currencies" in page.stdout


def test_plugin_options_come_from_config(installed_example: Path, tmp_path: Path) -> None:
    _write(tmp_path, "pay.md", PAY)
    _write(
        tmp_path, ".artlint.yaml", "rules:\n  salary-without-currency: {context: [wage, wages]}\n"
    )
    done = _artlint(
        tmp_path,
        "--no-cache",
        "--format",
        "json",
        "--select",
        "EX001",
        "pay.md",
        pythonpath=installed_example,
    )
    assert done.returncode == 0, done.stdout + done.stderr  # "earn", "salary" no longer count


def test_without_the_package_the_rule_is_unknown(tmp_path: Path) -> None:
    _write(tmp_path, "pay.md", PAY)
    done = _artlint(tmp_path, "--no-cache", "--select", "EX001", "pay.md")
    assert done.returncode == 2
    assert "unknown rule selector 'EX001'" in done.stderr


# --------------------------------------------------------------------------- entry points by hand


def _fake_distribution(site: Path, name: str, module_source: str, entry: str) -> None:
    """A module plus the dist-info that declares its `artlint.rules` entry point."""
    _write(site, f"{name}.py", module_source)
    info = site / f"{name}-0.1.dist-info"
    _write(info, "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    _write(info, "entry_points.txt", f"[artlint.rules]\n{name} = {entry}\n")


def test_an_entry_point_that_raises_on_import_is_one_line_exit_2(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_distribution(site, "broken_rules", "import no_such_module_here\n", "broken_rules")
    _write(tmp_path, "clean.md", CLEAN)
    done = _artlint(tmp_path, "--no-cache", "clean.md", pythonpath=site)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(
        "artlint: error: plugin broken_rules (broken_rules): failed to load: ModuleNotFoundError"
    )
    assert "Traceback" not in done.stderr


def test_an_entry_point_reusing_a_built_in_code_names_both_origins(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = (
        "from artlint.rule import Rule\n\n"
        "class Clash(Rule):\n"
        "    code = 'FM001'\n"
        "    name = 'my-front-matter'\n"
        "    summary = 'Clashes with a built-in code'\n\n"
        "RULES = [Clash]\n"
    )
    _fake_distribution(site, "clashing_rules", source, "clashing_rules:RULES")
    _write(tmp_path, "clean.md", CLEAN)
    done = _artlint(tmp_path, "--no-cache", "clean.md", pythonpath=site)
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "plugin clashing_rules (clashing_rules:RULES)" in line
    assert "rule code FM001 is already used by plugin builtin" in line
    assert "(missing-front-matter)" in line


# --------------------------------------------------------------------------- local plugin files

LOCAL_PLUGIN = '''\
"""House rules of a careers site: no "unpaid internship" adverts."""
from artlint.rule import Rule


class UnpaidInternship(Rule):
    code = "LH001"
    name = "unpaid-internship"
    summary = "The article promotes an unpaid internship"

    def check(self, article, options):
        needle = "unpaid internship"
        start = article.text.lower().find(needle, article.body_start)
        if start != -1:
            yield self.at(article, start, start + len(needle), "we do not advertise unpaid work")
'''

INTERN = CLEAN.replace(
    "Then name a single number",
    "An unpaid internship is not an offer.\n\nThen name a single number",
)


def test_local_plugin_file_named_in_config(project: Path, lint: Lint) -> None:
    _write(project, "lint/house_rules.py", LOCAL_PLUGIN)
    _write(project, ".artlint.yaml", "plugins: [lint/house_rules.py]\n")
    _write(project, "intern.md", INTERN)
    result = lint("--format", "json", "intern.md")
    assert result.exit_code == 1
    [f] = findings(result)
    assert (f["code"], f["name"], f["line"], f["column"]) == ("LH001", "unpaid-internship", 11, 4)
    assert f["message"] == "we do not advertise unpaid work"
    listed = lint("rules").stdout
    assert any(line.split()[:2] == ["LH001", "unpaid-internship"] for line in listed.splitlines())


def test_local_plugin_paths_are_relative_to_the_config(project: Path, lint: Lint) -> None:
    _write(project, "site/lint/house_rules.py", LOCAL_PLUGIN)
    _write(project, "site/.artlint.yaml", "plugins: [lint/house_rules.py]\n")
    _write(project, "site/posts/intern.md", INTERN)
    assert [c for _, c, _ in codes(lint("--format", "json", "site"))] == ["LH001"]


def test_a_missing_local_plugin_file(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", "plugins: [lint/nowhere.py]\n")
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"artlint: error: {project / 'lint' / 'nowhere.py'}: plugin file does not exist "
        "(named in 'plugins' of the config)"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import json\nraise RuntimeError('house rules need a database')\n",
            "plugin failed to load at line 2: RuntimeError: house rules need a database",
        ),
        ("def broken(:\n", "plugin failed to load at line 1: SyntaxError"),
        ("from artlint.rule import Rule\nRULES = [42]\n", "42 is not an artlint Rule"),
    ],
)
def test_a_local_plugin_that_fails_to_load_is_one_line_exit_2(
    project: Path, lint: Lint, source: str, expected: str
) -> None:
    plugin = _write(project, "lint/house_rules.py", source)
    _write(project, ".artlint.yaml", "plugins: [lint/house_rules.py]\n")
    _write(project, "clean.md", CLEAN)
    for args in (["clean.md"], ["rules"], ["explain", "FM001"]):
        result = lint(*args)
        assert result.exit_code == 2, args
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"artlint: error: {plugin}: ")
        assert expected in lines[0]
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("HD001", "my-heading-rule", "rule code HD001 is already used by plugin builtin"),
        ("LH001", "heading-case", "rule name 'heading-case' is already used by plugin builtin"),
        ("lh1", "x", "rule code 'lh1' must be two capital letters and three digits"),
        ("LH001", "Not Kebab", "rule name 'Not Kebab' must be kebab-case"),
    ],
)
def test_bad_or_duplicate_codes_and_names_are_a_clear_error(
    project: Path, lint: Lint, code: str, name: str, expected: str
) -> None:
    source = LOCAL_PLUGIN.replace('"LH001"', repr(code)).replace('"unpaid-internship"', repr(name))
    plugin = _write(project, "lint/house_rules.py", source)
    _write(project, ".artlint.yaml", "plugins: [lint/house_rules.py]\n")
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith(f"artlint: error: {plugin}: ")  # the newcomer's origin...
    assert expected in line  # ...and the one that had it first


def test_two_local_plugins_with_the_same_code_name_both_files(project: Path, lint: Lint) -> None:
    first = _write(project, "lint/a.py", LOCAL_PLUGIN)
    second = _write(
        project, "lint/b.py", LOCAL_PLUGIN.replace('"unpaid-internship"', '"no-unpaid-work"')
    )
    _write(project, ".artlint.yaml", "plugins: [lint/a.py, lint/b.py]\n")
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"artlint: error: {second}: rule code LH001 is already used by {first} (unpaid-internship)"
    )


CRASHING = """\
from artlint.rule import Rule


class Crashes(Rule):
    code = "LH002"
    name = "always-crashes"
    summary = "A rule with a bug"

    def check(self, article, options):
        yield from ()
        raise KeyError("missing-lexicon-entry")
"""


def test_a_rule_that_raises_is_an_al004_finding_and_the_others_run(
    project: Path, lint: Lint
) -> None:
    _write(project, "lint/crash.py", CRASHING)
    _write(project, "lint/house_rules.py", LOCAL_PLUGIN)
    _write(project, ".artlint.yaml", "plugins: [lint/crash.py, lint/house_rules.py]\n")
    _write(project, "intern.md", INTERN)
    _write(project, "flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    found = codes(result)
    assert ("intern.md", "LH001", 11) in found  # other rules still ran, on the same file
    assert ("flawed.md", "FM001", 1) in found  # and on the other files
    crashes = [f for f in findings(result) if f["code"] == "AL004"]
    assert [f["path"] for f in crashes] == ["flawed.md", "intern.md"]
    assert "LH002" in crashes[0]["message"] and "always-crashes" in crashes[0]["message"]
    assert "KeyError" in crashes[0]["message"]
    assert crashes[0]["severity"] == "error"
    text = lint(".")
    assert "Traceback" not in text.output


# --------------------------------------------------------------------------- YAML house rules

HOUSE = """\
rules:
  - code: HS001
    name: no-dream-job
    forbid: ["dream job", "passion"]
    message: "Avoid {match!r}: describe the work"
    severity: error
  - code: HS002
    name: no-shouting-headings
    pattern: "^#+ .*!\\\\s*$"
    message: "Headings do not shout"
  - code: HS003
    name: needs-next-steps
    require-section: ["Next Steps", "What to Do Next"]
    message: "End with a next-steps section"
  - code: HS004
    name: needs-author
    require-field: {author: string, tags: list, updated: date}
    severity: info
"""

HOUSE_ARTICLE = """\
---
title: Turning a Hobby Into a Job
description: When a hobby can pay the rent, and when it should stay a hobby.
date: 2024-08-01
slug: hobby-into-job
author: Sam Okafor
tags: careers
---

Following your passion sounds easy until the rent is due.

## Count the Hours!

A hobby you love can become a dream job, or a chore.

## Where to Start

Sell one thing to a stranger before you quit anything.
"""


def _house(project: Path, rules: str = HOUSE, article: str = HOUSE_ARTICLE) -> None:
    _write(project, "lint/style.yaml", rules)
    _write(project, ".artlint.yaml", "house-rules: [lint/style.yaml]\nselect: [HS]\n")
    _write(project, "hobby.md", article)


def _brief(result: Any) -> list[tuple[str, int, str, str]]:
    return [(f["code"], f["line"], f["severity"], f["message"]) for f in findings(result)]


def test_yaml_house_rules_of_every_kind(project: Path, lint: Lint) -> None:
    _house(project)
    result = lint("--format", "json", "hobby.md")
    assert result.exit_code == 1
    assert _brief(result) == [
        ("HS003", 1, "warning", "End with a next-steps section"),
        ("HS004", 1, "info", "required field 'updated' is missing"),
        ("HS004", 7, "info", "tags: 'careers' is not a list"),
        ("HS001", 10, "error", "Avoid 'passion': describe the work"),
        ("HS002", 12, "warning", "Headings do not shout"),
        ("HS001", 14, "error", "Avoid 'dream job': describe the work"),
    ]


def test_a_fine_article_passes_the_house_rules(project: Path, lint: Lint) -> None:
    fine = (
        HOUSE_ARTICLE.replace("tags: careers", "tags: [careers]\nupdated: 2024-08-10")
        .replace("your passion", "a hobby")
        .replace("a dream job", "a living")
        .replace("Count the Hours!", "Count the Hours")
        .replace("## Where to Start", "## Next Steps")
    )
    _house(project, article=fine)
    result = lint("--format", "json", "hobby.md")
    assert (result.exit_code, findings(result)) == (0, [])


def test_house_rules_are_selected_and_configured_like_any_rule(project: Path, lint: Lint) -> None:
    _house(project)
    _write(
        project,
        ".artlint.yaml",
        "house-rules: [lint/style.yaml]\nselect: [HS]\n"
        "ignore: [needs-author, HS003]\n"
        "rules:\n  no-dream-job: {severity: info}\n",
    )
    assert _brief(lint("--format", "json", "hobby.md")) == [
        ("HS001", 10, "info", "Avoid 'passion': describe the work"),
        ("HS002", 12, "warning", "Headings do not shout"),
        ("HS001", 14, "info", "Avoid 'dream job': describe the work"),
    ]


def test_house_rules_describe_themselves_in_the_rules_table(project: Path, lint: Lint) -> None:
    _house(project)
    rows = {r["code"]: r for r in json.loads(lint("rules", "--format", "json").stdout)}
    assert rows["HS001"]["family"] == "house (YAML)"
    assert rows["HS001"]["summary"] == "Forbidden phrases: dream job, passion"
    assert rows["HS004"]["summary"] == (
        "Requires front-matter fields: author (string), tags (list), updated (date)"
    )
    assert rows["HS004"]["severity"] == "info"


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            "rules:\n  - code: HS001\n    name: x\n",
            "rule HS001 needs exactly one of forbid, pattern",
        ),
        ("rules:\n  - {code: HS001, name: x, forbid: [a], pattern: b}\n", "needs exactly one of"),
        (
            "rules:\n  - {code: HS001, name: x, forbid: 3}\n",
            "'forbid' must be a string or a list of strings, not 3",
        ),
        ("rules:\n  - {code: HS001, name: x, pattern: '(unclosed'}\n", "bad pattern"),
        (
            "rules:\n  - {code: HS001, name: x, forbid: a, severity: fatal}\n",
            "'severity' must be one of error, warning, info, not 'fatal'",
        ),
        (
            "rules:\n  - {code: HS001, name: x, require-field: {author: person}}\n",
            "field 'author' has unknown kind 'person' (valid: string, date",
        ),
        (
            "rules:\n  - {code: HS001, name: x, forbid: a, colour: red}\n",
            "unknown key 'colour' (valid: code, forbid, message",
        ),
        ("rules:\n  - {code: H1, name: x, forbid: a}\n", "rule code 'H1' must be two capital"),
        ("rules: {code: HS001}\n", "a house-rules file holds a 'rules:' list"),
        ("rules: [\n", "invalid YAML at line 2"),
    ],
)
def test_bad_house_rules_stop_the_run_with_one_line(
    project: Path, lint: Lint, rules: str, expected: str
) -> None:
    _house(project, rules=rules)
    result = lint("hobby.md")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"artlint: error: {project / 'lint' / 'style.yaml'}: ")
    assert expected in lines[0]


def test_a_missing_house_rules_file(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", "house-rules: [lint/nowhere.yaml]\n")
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    assert "nowhere.yaml: cannot read house rules: No such file or directory" in result.stderr
