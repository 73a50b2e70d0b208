"""ST rules: exact codes and positions on small articles written for these tests.

Per-file rules are called on `readers.parse`; ST002 (cross-file) goes through its
`fact` and `check_corpus`, as the engine's corpus phase does, and once through
the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from artlint import readers
from artlint.cli import main
from artlint.rule import Rule
from artlint.rules.structure import (
    BoilerplateLines,
    CategoryLabel,
    EmptySection,
    IntroductionHeading,
    OneSidedProsCons,
)


def run(rule: Rule, text: str, path: str = "a.md", **options: Any) -> list[tuple[int, int]]:
    opts = rule.defaults()
    opts.update(options)
    return [
        (f.location.line, f.location.column) for f in rule.check(readers.parse(path, text), opts)
    ]


EXPORT = """\
Caring for Patients at Home

Caring for Patients at Home

Healthcare Careers

Aides help people stay in their own homes.

Most visits last an hour.

Healthcare Careers
"""


def test_st001_label_at_top_and_bottom() -> None:
    findings = list(CategoryLabel().check(readers.parse("a.txt", EXPORT), CategoryLabel.defaults()))
    assert [(f.location.line, f.location.column) for f in findings] == [(5, 1)]
    assert findings[0].related[0].location.line == 11


def test_st001_near_misses() -> None:
    closing_sentence = EXPORT.replace("Healthcare Careers\n", "Good luck out there.\n")
    assert run(CategoryLabel(), closing_sentence, path="a.txt") == []
    once = EXPORT.rsplit("Healthcare Careers", 1)[0] + "Shadow an aide first.\n"
    assert run(CategoryLabel(), once, path="a.txt") == []
    long_label = EXPORT.replace("Healthcare Careers", "Careers in Health and Social Care Work")
    assert run(CategoryLabel(), long_label, path="a.txt") == []


@pytest.mark.parametrize("markup", ["<br/>", "&nbsp;", "</div>", "<p>&nbsp;</p>", "{{< spacer >}}"])
def test_st001_markup_only_lines_are_never_labels(markup: str) -> None:
    body = "Aides help people at home.\n\nVisits last an hour.\n\nCall us.\n\n"
    text = f"---\ntitle: Home Care Work\n---\n{markup}\n\n{body}{markup}\n"
    assert run(CategoryLabel(), text, path="a.md") == []
    # A label wrapped in markup is still a label.
    wrapped = EXPORT.replace("Healthcare Careers", "<b>Healthcare Careers</b>")
    assert run(CategoryLabel(), wrapped, path="a.txt") == [(5, 1)]


def test_st003_one_side() -> None:
    assert run(OneSidedProsCons(), "# T\n\n## Cons\n\nx\n") == [(3, 4)]
    assert run(OneSidedProsCons(), "# T\n\n## Pros:\n\nx\n") == [(3, 4)]
    plain = "Title Line\n\nSome intro.\n\nPros:\n\n1. Good\nYes.\n"
    assert run(OneSidedProsCons(), plain, path="a.txt") == [(5, 1)]


def test_st003_near_misses() -> None:
    assert run(OneSidedProsCons(), "# T\n\n## Pros\n\nx\n\n## The Downsides\n\ny\n") == []
    assert run(OneSidedProsCons(), "# T\n\n## Benefits\n\nHealth cover.\n") == []
    assert run(OneSidedProsCons(), "# T\n\n## Benefits of Remote Work\n\nx\n") == []
    assert run(OneSidedProsCons(), "# T\n\n## Drawbacks\n\nx\n\n## Benefits\n\ny\n") == []


def test_st004_empty_sections() -> None:
    assert run(EmptySection(), "# T\n\n## Pay\n\n## Hours\n\nx\n") == [(3, 4)]
    assert run(EmptySection(), "# T\n\n## Pay\n\nx\n\n## Hours\n") == [(7, 4)]
    assert run(EmptySection(), "# T\n\n## Region\n\n### Worldwide\n\n## Size\n\nx\n") == [(5, 5)]
    plain = "Title Line\n\nIntro text here.\n\nSkills You Need:\n\nPros:\n\n1. Good\nYes.\n"
    assert run(EmptySection(), plain, path="a.txt") == [(5, 1)]


def test_st004_near_misses() -> None:
    assert run(EmptySection(), "# T\n\n## Pay\n\n### Nights\n\nx\n") == []
    assert run(EmptySection(), "# T\n\n## Pay\n\n- nights\n\n## Hours\n\nx\n") == []
    assert run(EmptySection(), "# T\n\n## Pay\n\n<!-- todo -->\n\n## Hours\n\nx\n") == []
    assert run(EmptySection(), "# T\n\n## Pay\n\n| a | b |\n|---|---|\n| 1 | 2 |\n") == []


def test_st005_introduction_heading() -> None:
    fm = "---\ntitle: T\n---\n"
    assert run(IntroductionHeading(), fm + "## Introduction\n\nText.\n") == [(4, 4)]
    assert run(IntroductionHeading(), "# T\n\n## Intro:\n\nText.\n") == [(3, 4)]
    assert run(IntroductionHeading(), "# T\n\nText.\n\n## Introduction\n\nMore.\n") == []
    assert run(IntroductionHeading(), "# T\n\n## Introduction to Payroll\n\nText.\n") == []
    assert run(IntroductionHeading(), "# T\n\n## Pay\n\n## Introduction\n") == []


LINE = "Sign up for our weekly career newsletter today."


def _facts(texts: dict[str, str]) -> list[tuple[str, Any]]:
    rule = BoilerplateLines()
    return [
        (name, rule.fact(readers.parse(name, text), rule.defaults()))
        for name, text in texts.items()
    ]


def test_st002_a_line_in_many_articles() -> None:
    texts = {f"{i}.md": f"# Article {i}\n\nOwn text number {i} here.\n\n{LINE}\n" for i in range(6)}
    texts["other.md"] = "# Other\n\nNothing shared.\n"
    rule = BoilerplateLines()
    found = list(rule.check_corpus(_facts(texts), rule.defaults()))
    assert sorted((f.location.path, f.location.line, f.location.column) for f in found) == [
        (f"{i}.md", 5, 1) for i in range(6)
    ]
    assert "recurs in 6 of 7 articles" in found[0].message


def test_st002_near_misses() -> None:
    rule = BoilerplateLines()
    few = {f"{i}.md": f"# A{i}\n\n{LINE}\n" for i in range(4)}
    assert list(rule.check_corpus(_facts(few), rule.defaults())) == []
    rare = {f"{i}.md": f"# A{i}\n\nText {i} only.\n" for i in range(30)}
    rare.update({f"s{i}.md": f"# S{i}\n\n{LINE}\n" for i in range(5)})
    assert list(rule.check_corpus(_facts(rare), rule.defaults())) == []
    headings = {f"{i}.md": f"# A{i}\n\n## How to apply today\n\nText {i}.\n" for i in range(8)}
    assert list(rule.check_corpus(_facts(headings), rule.defaults())) == []


RELATED = (
    "## Related articles\n\n- [Night shifts](/night)\n- [Day rates](/day)\n- [Sick pay](/sick)\n"
)


def test_st002_a_list_in_many_articles_at_all_its_lines() -> None:
    texts = {f"{i}.md": f"# A{i}\n\nOwn text {i} here.\n\n{RELATED}" for i in range(6)}
    rule = BoilerplateLines()
    found = list(rule.check_corpus(_facts(texts), rule.defaults()))
    assert sorted((f.location.path, f.location.line, f.location.end_line) for f in found) == [
        (f"{i}.md", 7, 9) for i in range(6)
    ]
    assert "this block recurs in 6 of 6 articles" in found[0].message


def test_st002_lists_that_differ_are_the_articles_own() -> None:
    texts = {
        f"{i}.md": f"# A{i}\n\n- [Shift {i}](/s{i})\n- [Rate {i}](/r{i})\n- Sick pay rules\n"
        for i in range(6)
    }
    rule = BoilerplateLines()
    assert list(rule.check_corpus(_facts(texts), rule.defaults())) == []


def test_st002_template_markup_in_many_articles() -> None:
    div = '<div class="related-posts-widget">'
    texts = {
        f"{i}.md": f"# A{i}\n\nOwn text {i} here.\n\n{div}\n</div>\n<br>\n<!--more-->\n"
        for i in range(6)
    }
    texts["fenced.md"] = f"# B\n\n```html\n{div}\n```\n"
    rule = BoilerplateLines()
    found = list(rule.check_corpus(_facts(texts), rule.defaults()))
    # Not the short `</div>` and `<br>`, nor the excerpt marker, nor code.
    assert sorted((f.location.path, f.location.line, f.location.column) for f in found) == [
        (f"{i}.md", 5, 1) for i in range(6)
    ]
    assert "this line recurs in 6 of 7 articles" in found[0].message


def test_st002_locations_past_two_bytes() -> None:
    # A fact keeps positions in two bytes each when they fit, else in four.
    long_line = " ".join(["boilerplate"] * 7000)
    texts = {f"{i}.md": f"# A{i}\n\nOwn text {i}.\n\n{long_line}\n\n{LINE}\n" for i in range(5)}
    rule = BoilerplateLines()
    found = list(rule.check_corpus(_facts(texts), rule.defaults()))
    assert sorted(
        (f.location.line, f.location.end_column) for f in found if f.location.path == "0.md"
    ) == [(5, len(long_line) + 1), (7, len(LINE) + 1)]
    assert len(found) == 10 and len(found[0].related) == 4


def test_st002_through_the_cli(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.md").write_text(
            f"# Article {i}\n\nText {i}.\n\n{LINE}\n", encoding="utf-8"
        )
    result = CliRunner().invoke(
        main, ["--no-cache", "--format", "json", "--select", "ST002", str(tmp_path)]
    )
    data = json.loads(result.output)
    assert sorted((Path(d["path"]).name, d["line"]) for d in data) == [
        (f"{i}.md", 5) for i in range(5)
    ]


def test_st004_a_sentence_set_as_a_heading_is_prose_not_a_section() -> None:
    sentence = (
        "#### Solution: teams that move their requests into one shared tracker "
        "send far fewer emails, because every task has an owner."
    )
    text = f"# Busy Teams\n\n## Problem One\n\nText.\n\n{sentence}\n\n## Problem Two\n\nText.\n"
    assert run(EmptySection(), text) == []
    short = "# Busy Teams\n\n## Problem One\n\n## Problem Two\n\nText.\n"
    assert run(EmptySection(), short) == [(3, 4)]


def test_st004_an_image_set_as_a_heading_is_the_sections_content() -> None:
    text = "# Busy Teams\n\n## Problem One\n\n## ![A chart](chart.png)\n\n## Problem Two\n\nText.\n"
    assert run(EmptySection(), text) == []
