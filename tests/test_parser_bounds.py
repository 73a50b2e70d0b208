"""Front matter that breaks the parser is a finding at the right line, never an aborted run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import Lint, findings

BODY = "# Night Shift Pay\n\nThe premium is paid per hour worked after ten.\n"


def _lint(project: Path, lint: Lint, text: str, *select: str) -> list[tuple[str, int, int]]:
    (project / "a.md").write_text(text, encoding="utf-8")
    args = ["--format", "json", "-j", "1", *(["--select", ",".join(select)] if select else [])]
    result = lint(*args, "a.md")
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["line"], f["column"]) for f in findings(result)]


def _fm003(project: Path, lint: Lint, text: str) -> list[tuple[int, int, str]]:
    (project / "a.md").write_text(text, encoding="utf-8")
    result = lint("--format", "json", "--select", "FM003", "a.md")
    assert result.exit_code == 1, result.output
    return [(f["line"], f["column"], f["message"]) for f in findings(result)]


def test_an_unclosed_flow_list_at_the_end_of_the_file(project: Path, lint: Lint) -> None:
    assert _lint(project, lint, "---\na: [", "FM002", "FM003") == [("FM002", 1, 1), ("FM003", 2, 4)]


def test_an_error_at_the_end_of_the_block_points_at_its_last_text(
    project: Path, lint: Lint
) -> None:
    text = "---\ntitle: Night Shifts\ndate: [2024-01-02\n\n---\n" + BODY
    [(line, column, message)] = _fm003(project, lint, text)
    assert (line, column) == (3, 17)
    assert message.startswith("front matter is not valid YAML:")


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_in_a_value_do_not_shift_later_lines(
    project: Path, lint: Lint, sep: str
) -> None:
    text = (
        f"---\ntitle: \"Night{sep}Shifts\"\ndescription: 'pay{sep}and sleep'\n"
        "date: 2024-02-30\n---\n" + BODY
    )
    assert _lint(project, lint, text, "FM006") == [("FM006", 4, 7)]
    broken = f'---\ntitle: "Night{sep}Shifts"\nslug: [a\n---\n' + BODY
    assert [(ln, col) for ln, col, _ in _fm003(project, lint, broken)] == [(3, 8)]


def test_toml_nested_five_hundred_deep(project: Path, lint: Lint) -> None:
    text = '+++\ntitle = "Night Shifts"\nx = ' + "[" * 500 + "]" * 500 + "\n+++\n" + BODY
    [(line, column, message)] = _fm003(project, lint, text)
    assert (line, column) == (3, 5 + 100)
    assert message == "front matter is not valid TOML: nested more than 100 levels deep"


def test_toml_brackets_inside_strings_do_not_count(project: Path, lint: Lint) -> None:
    text = '+++\ntitle = "' + "[" * 300 + '"\n+++\n' + BODY
    assert _lint(project, lint, text, "FM003") == []


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_yaml_nested_five_hundred_deep(project: Path, lint: Lint, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = "---\ntitle: Night Shifts\nx: " + opener * 500 + "1" + closer * 500 + "\n---\n" + BODY
    [(line, _, message)] = _fm003(project, lint, text)
    assert line == 3
    assert message == "front matter is not valid YAML: nested more than 100 levels deep"


def _bomb(levels: int, last: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghij"[:levels]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "---\ntitle: Night Shifts\n" + "\n".join(lines) + f"\n{last}: *{prev}\n---\n" + BODY


@pytest.mark.parametrize("key", ["tags", "description", "artlint"])
def test_a_yaml_alias_bomb_is_refused_quickly(project: Path, lint: Lint, key: str) -> None:
    text = _bomb(6, key)
    assert len(text.split("---")[1]) < 400
    started = time.perf_counter()
    [(line, column, message)] = _fm003(project, lint, text)
    assert time.perf_counter() - started < 5
    assert (line, column) == (7, 4)  # the first list whose expansion passes the bound
    assert message == (
        "front matter is not valid YAML: aliases expand to more than 10,000 "
        "values (an alias bomb?); artlint does not expand them"
    )


def test_a_few_aliases_are_fine(project: Path, lint: Lint) -> None:
    text = (
        "---\ntitle: Night Shifts\nbase: &base {pay: hourly, unit: hour}\n"
        "night: {<<: *base, premium: 10}\nday: *base\n---\n" + BODY
    )
    assert _lint(project, lint, text, "FM003") == []


def test_an_alias_inside_its_own_value_is_refused(project: Path, lint: Lint) -> None:
    text = "---\ntitle: Night Shifts\nloop: &x [1, *x]\n---\n" + BODY
    [(line, _, message)] = _fm003(project, lint, text)
    assert line == 3
    assert "refers to a value that contains it" in message
