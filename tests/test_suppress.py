"""Inline suppressions and the `artlint:` front-matter key."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HOUSE_YAML, Lint, codes, findings

FRONT = """\
---
title: Life as a Ferry Deckhand
description: Shifts, pay and seasickness on a coastal ferry.
date: 2024-06-01
slug: ferry-deckhand
{extra}---

"""

#: With the house rules of conftest: HS001 on the first and last lines, HS002 on the middle one.
BODY = """\
We are hiring a rockstar deckhand for the summer season.

The skipper is a knot-tying guru who trained half the crew.

Every new ninja learns to throw a line in the first week.
"""

ROCKSTAR, GURU, NINJA = "We are hiring", "The skipper", "Every new ninja"
ALL = (ROCKSTAR, GURU, NINJA)


def _article(project: Path, body: str = BODY, extra: str = "") -> Path:
    (project / "house.yaml").write_text(HOUSE_YAML, encoding="utf-8")
    (project / ".artlint.yaml").write_text("house-rules: [house.yaml]\n", encoding="utf-8")
    path = project / "deckhand.md"
    path.write_text(FRONT.format(extra=extra) + body, encoding="utf-8")
    return path


def _lines(lint: Lint, prefix: str = "HS") -> list[int]:
    """Lines of the findings of the house rules (or of `prefix`) in deckhand.md."""
    return [
        line
        for _, c, line in codes(lint("--format", "json", "deckhand.md"))
        if c.startswith(prefix)
    ]


def _at(project: Path, *starts: str) -> list[int]:
    """Lines of deckhand.md that start with each of `starts` (where findings should be)."""
    lines = (project / "deckhand.md").read_text(encoding="utf-8").splitlines()
    return [next(i for i, line in enumerate(lines, 1) if line.startswith(s)) for s in starts]


def test_without_directives_every_heading_is_flagged(project: Path, lint: Lint) -> None:
    _article(project)
    assert _lines(lint) == _at(project, *ALL)


def _insert(before: str, comment: str, body: str = BODY) -> str:
    """The body with `comment` on its own line just before the line starting `before`."""
    at = body.index(before)
    return body[:at] + comment + "\n" + body[at:]


@pytest.mark.parametrize("selector", ["HS001", "no-rockstar", "HS", "hs001", "HS0", ""])
def test_disable_next_line(project: Path, lint: Lint, selector: str) -> None:
    _article(project, f"<!-- artlint-disable-next-line {selector} -->\n" + BODY)
    assert _lines(lint) == _at(project, GURU, NINJA)


def test_disable_next_line_only_covers_the_next_line(project: Path, lint: Lint) -> None:
    _article(project, "<!-- artlint-disable-next-line HS001 -->\n\n" + BODY)
    assert _lines(lint) == _at(project, *ALL)  # a blank line after the comment


def test_disable_next_line_for_another_rule_changes_nothing(project: Path, lint: Lint) -> None:
    _article(project, "<!-- artlint-disable-next-line HS002 TI -->\n" + BODY)
    assert _lines(lint) == _at(project, *ALL)


def test_disable_until_enable(project: Path, lint: Lint) -> None:
    body = _insert(ROCKSTAR, "<!-- artlint-disable HS001 HS002 -->")
    body = _insert(NINJA, "<!-- artlint-enable HS001 HS002 -->", body)
    _article(project, body)
    assert _lines(lint) == _at(project, NINJA)


def test_disable_without_enable_runs_to_the_end(project: Path, lint: Lint) -> None:
    _article(project, _insert(GURU, "<!-- artlint-disable no-guru no-rockstar -->"))
    assert _lines(lint) == _at(project, ROCKSTAR)


def test_disable_all_then_enable_one_rule(project: Path, lint: Lint) -> None:
    """A blanket disable, then re-enabling one rule: only that rule comes back."""
    body = BODY + "\nAnother guru line and a rockstar line.\n"
    body = _insert(ROCKSTAR, "<!-- artlint-disable -->", body)
    body = _insert(NINJA, "<!-- artlint-enable HS001 -->", body)
    _article(project, body)
    assert _lines(lint) == _at(project, NINJA, "Another guru")  # HS001 only
    assert _lines(lint, "HS002") == []


def test_enable_one_code_of_a_disabled_prefix(project: Path, lint: Lint) -> None:
    body = _insert(ROCKSTAR, "<!-- artlint-disable HS -->")
    body = _insert(GURU, "<!-- artlint-enable HS002 -->", body)
    _article(project, body)
    assert _lines(lint) == _at(project, GURU)


def test_enable_without_disable_is_harmless(project: Path, lint: Lint) -> None:
    _article(project, "<!-- artlint-enable HS -->\n" + BODY)
    assert _lines(lint) == _at(project, *ALL)


@pytest.mark.parametrize("selector", ["HS001 HS002", "no-rockstar, no-guru", "HS", ""])
def test_disable_file(project: Path, lint: Lint, selector: str) -> None:
    _article(project, BODY + f"\n<!-- artlint-disable-file {selector} -->\n")
    assert _lines(lint) == []


def test_disable_file_of_one_rule(project: Path, lint: Lint) -> None:
    _article(project, "<!-- artlint-disable-file HS001 -->\n" + BODY)
    assert _lines(lint) == _at(project, GURU)


def test_several_selectors_in_one_comment(project: Path, lint: Lint) -> None:
    body = "<!-- artlint-disable-next-line TI001, HS001 -->\n" + BODY.replace(
        "rockstar deckhand", "rockstar guru deckhand"
    )
    _article(project, body)
    assert _lines(lint, "HS001") == _at(project, NINJA)
    assert _lines(lint, "HS002") == _at(project, ROCKSTAR, GURU)


@pytest.mark.parametrize(
    ("extra", "left"),
    [
        ("artlint: [no-rockstar]\n", [GURU]),
        ("artlint: HS002\n", [ROCKSTAR, NINJA]),
        ("artlint:\n  disable: [HS]\n", []),
        ("artlint: {disable: [HS001, no-guru]}\n", []),
        ("artlint: {disable: [FM]}\n", [ROCKSTAR, GURU, NINJA]),
    ],
)
def test_front_matter_key(project: Path, lint: Lint, extra: str, left: list[str]) -> None:
    _article(project, extra=extra)
    assert _lines(lint) == _at(project, *left)


# --------------------------------------------------------------------------- misspelt: AL009


@pytest.mark.parametrize(
    ("comment", "meant"),
    [
        ("<!-- artlint-disable-line HS001 -->", "artlint-disable-next-line"),
        ("<!-- artlint-disabel HS -->", "artlint-disable"),
        ("<!-- artlint-disable-nextline -->", "artlint-disable-next-line"),
        ("<!-- artlint-enabel HS -->", "artlint-enable"),
        ("<!-- artlint-ignore -->", ""),
    ],
)
def test_a_misspelt_directive_is_a_finding_and_disables_nothing(
    project: Path, lint: Lint, comment: str, meant: str
) -> None:
    _article(project, comment + "\n" + BODY)
    result = lint("--format", "json", "deckhand.md")
    al009 = [f for f in findings(result) if f["code"] == "AL009"]
    assert [(f["line"], f["column"], f["end_column"]) for f in al009] == [
        (_at(project, comment)[0], 1, 1 + len(comment))
    ]
    assert al009[0]["name"] == "unknown-directive"
    assert (
        ("did you mean '" + meant + "'") in al009[0]["message"]
        if meant
        else "did you mean" not in al009[0]["message"]
    )
    assert _lines(lint) == _at(project, *ALL)  # every heading still flagged


def test_well_formed_directives_are_not_misspelt(project: Path, lint: Lint) -> None:
    _article(project, "<!-- artlint-disable-next-line HS001 -->\n" + BODY)
    assert [
        f for f in findings(lint("--format", "json", "deckhand.md")) if f["code"] == "AL009"
    ] == []


# --------------------------------------------------------------------------- unknown rules: AL003


def test_a_directive_naming_an_unknown_rule_is_a_finding_at_the_comment(
    project: Path, lint: Lint
) -> None:
    comment = "<!-- artlint-disable-next-line HS002 XX999 -->"
    _article(project, _insert(GURU, comment))
    result = lint("--format", "json", "deckhand.md")
    al003 = [f for f in findings(result) if f["code"] == "AL003"]
    assert len(al003) == 1
    f = al003[0]
    [line] = _at(project, comment)
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (
        line,
        1,
        line,
        1 + len(comment),
    )
    assert "XX999" in f["message"]
    assert f["name"] == "unknown-rule-in-directive"
    assert result.exit_code == 1
    # The known part still works.
    assert _lines(lint) == _at(project, ROCKSTAR, NINJA)


def test_each_unknown_name_is_reported(project: Path, lint: Lint) -> None:
    _article(project, "<!-- artlint-disable-file no-such-rule QQ -->\n" + BODY)
    al003 = [
        f["message"]
        for f in findings(lint("--format", "json", "deckhand.md"))
        if f["code"] == "AL003"
    ]
    assert len(al003) == 2
    assert {m.split()[-1] for m in al003} == {"'no-such-rule'", "'QQ'"}


def test_an_unknown_rule_in_the_front_matter_key_is_reported_at_the_key(
    project: Path, lint: Lint
) -> None:
    _article(project, extra="artlint: {disable: [HS, made-up-rule]}\n")
    result = lint("--format", "json", "deckhand.md")
    [f] = findings(result)
    assert (f["code"], f["line"], f["column"]) == ("AL003", 6, 1)
    assert "made-up-rule" in f["message"]


def test_al003_is_reported_whatever_the_selection(project: Path, lint: Lint) -> None:
    """artlint's own findings are not rules one selects: a typo must not hide itself."""
    _article(project, "<!-- artlint-disable-next-line XX999 -->\n" + BODY)
    assert _lines(lint, "AL003") == _at(project, "<!-- artlint")
    result = lint("--format", "json", "--select", "HS002", "deckhand.md")
    assert [c for _, c, _ in codes(result)] == ["AL003", "HS002"]


def test_words_inside_html_comments_are_not_house_rule_findings(project: Path, lint: Lint) -> None:
    _article(project, "<!-- editor: no rockstar talk here -->\n" + BODY)
    assert _lines(lint) == _at(project, *ALL)


def test_plain_text_mention_of_a_directive_without_comment_syntax(
    project: Path, lint: Lint
) -> None:
    _article(project, BODY + "\nWrite artlint-disable HS001 inside an HTML comment.\n")
    assert _lines(lint) == _at(project, *ALL)


def test_cross_file_findings_answer_to_each_files_own_comments_and_config(
    project: Path, lint: Lint
) -> None:
    """A cross-file rule runs once over the site; what of it each file keeps is
    up to that file: its comments, its folder's selection and severities."""
    article = FRONT.format(extra="") + "Ropes, tides and a long first week.\n"
    for name, tail in [
        ("plain.md", ""),
        ("silenced.md", "\n<!-- artlint-disable-file TI002 -->\n"),
        ("strict/harsh.md", ""),
        ("quiet/unheard.md", ""),
    ]:
        (project / name).parent.mkdir(exist_ok=True)
        (project / name).write_text(article + tail, encoding="utf-8")
    (project / "strict" / ".artlint.yaml").write_text(
        "rules:\n  TI002: {severity: error}\n", encoding="utf-8"
    )
    (project / "quiet" / ".artlint.yaml").write_text("ignore: [TI002]\n", encoding="utf-8")
    got = [
        (f["path"], f["line"], f["severity"])
        for f in findings(lint("--format", "json", "."))
        if f["code"] == "TI002"
    ]
    assert got == [("plain.md", 2, "warning"), ("strict/harsh.md", 2, "error")]
