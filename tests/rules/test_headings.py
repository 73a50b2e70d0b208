"""HD rules: exact codes and positions on small articles written for these tests.

Each rule is called directly on `readers.parse`, with its default options unless a
test says otherwise; near misses sit beside the flagged forms.
"""

from __future__ import annotations

from typing import Any

import pytest

from artlint import readers
from artlint.language import casing
from artlint.rule import Rule
from artlint.rules.headings import (
    DuplicateHeading,
    HeadingCase,
    LevelJump,
    Numbering,
    OddWordCase,
)

FM = "---\ntitle: Test Article\n---\n"


def run(rule: Rule, text: str, path: str = "a.md", **options: Any) -> list[tuple[int, int]]:
    opts = rule.defaults()
    opts.update(options)
    return [
        (f.location.line, f.location.column) for f in rule.check(readers.parse(path, text), opts)
    ]


def messages(rule: Rule, text: str, **options: Any) -> list[str]:
    opts = rule.defaults()
    opts.update(options)
    return [f.message for f in rule.check(readers.parse("a.md", text), opts)]


# --------------------------------------------------------------------------- HD001

TITLE_MAJORITY = """\
# Working Nights

Nurses on nights keep the ward going.

## What the Shift Looks Like

Text.

## Pay and Night Differentials

Text.

## Sleeping during the day

Text.

## Is It Worth It?

Text.
"""


def test_hd001_flags_the_word_that_breaks_the_majority_with_evidence() -> None:
    assert run(HeadingCase(), TITLE_MAJORITY) == [(13, 24)]
    (msg,) = messages(HeadingCase(), TITLE_MAJORITY)
    assert "3 of 4 headings use Title Case" in msg
    assert "'Sleeping during the Day'" in msg


def test_hd001_sentence_majority_flags_a_known_common_word_only() -> None:
    text = """\
# Remote jobs

Remote jobs pay less in some fields, and the work varies.

## Finding remote work

Text.

## Where the jobs are

Text.

## Getting paid on time

Text.

## How the Pay Works

Text about the pay, and how the work is paid.

## Moving to New Zealand

Text.
"""
    # "Pay" and "Works" are common (the prose writes them in lower case);
    # "New Zealand" may be a name, so that heading is left alone.
    assert run(HeadingCase(), text) == [(17, 12)]
    (msg,) = messages(HeadingCase(), text)
    assert "'How the pay works'" in msg


def test_hd001_names_from_the_prose_are_never_flagged() -> None:
    text = """\
# Inside a data team

Our Data Platform team owns the pipelines. Ask Priya about it.

## How we hire

Text.

## Joining the Data Platform team

Text.

## What we build

Text.
"""
    assert run(HeadingCase(), text) == []


def test_hd001_mixed_heading_and_lower_case_start_without_a_majority() -> None:
    text = "# T\n\n## Job roles in Remote Sales\n\nText about sales roles.\n\n## develop a Plan\n"
    assert run(HeadingCase(), text) == [(3, 8), (7, 4)]


def test_hd001_lists_are_judged_apart_from_headings() -> None:
    text = """\
# Remote Work Pros and Cons

## The Good Parts

- **No commute:** you start at your desk.
- **Quiet mornings:** fewer interruptions.
- **Flexible lunch:** eat when you like.

## The Hard Parts

- **Lonely days:** nobody at the next desk.
- **Blurred Hours:** work leaks into the evening.
"""
    # Headings: 2 Title Case, too few; labels: 4 sentence case against 1.
    assert run(HeadingCase(), text) == [(12, 13)]


def test_hd001_bare_bullets_are_not_judged() -> None:
    text = "# T\n\n## Offices\n\n- san Francisco\n- Berlin office\n- remote Team\n\n## Tools\n"
    assert run(HeadingCase(), text) == []


def test_hd001_a_level_that_agrees_with_itself_keeps_its_style() -> None:
    text = """\
# Acme

## Company blurb

#### About Us

#### Our Mission

## Company size

## Remote status

## How to apply
"""
    assert run(HeadingCase(), text) == []


def test_hd001_compounds_prefixes_and_minor_words() -> None:
    ok = """\
# T

## E-commerce Work From Home

## Working with Clients in the UK

## What Is a Non-compete Clause?

## Rio de Janeiro Offices
"""
    assert run(HeadingCase(), ok) == []
    bad = "# T\n\n## A Good Start\n\n## Year-round Hiring\n\n## Cost of Living\n"
    assert run(HeadingCase(), bad) == [(5, 9)]


@pytest.mark.parametrize(
    ("style", "heading", "flagged"),
    [
        ("title-ap", "Working From Home", False),
        ("title-ap", "Working from Home", True),
        ("title-chicago", "Working from Home", False),
        ("title-chicago", "Working From Home", True),
        ("title", "Working From Home", False),
        ("title", "Working from Home", False),
        ("title-chicago", "What is Freelancing?", True),
        ("title", "What is Freelancing?", False),
        ("sentence", "Working from home", False),
        ("sentence", "Working From Home", True),
        ("sentence", "Learning to Log In", True),
        ("title-chicago", "Learning to Log In", False),
    ],
)
def test_hd001_configured_styles(style: str, heading: str, flagged: bool) -> None:
    text = f"# T\n\nText about working from home.\n\n## {heading}\n"
    assert bool(run(HeadingCase(), text, style=style)) is flagged


def test_hd001_title_is_judged_only_for_mixing() -> None:
    mixed = "---\ntitle: Work-from-home Customer Service Jobs\n---\nText.\n"
    assert run(HeadingCase(), mixed) == [(2, 18)]
    lower_name = "---\ntitle: toggl for teams\n---\nText.\n"
    assert run(HeadingCase(), lower_name) == []


def test_hd001_links_and_code_in_headings_are_not_words() -> None:
    text = "# T\n\n## [Apply here](https://example.com/jobs/apply)\n\n## Using `npm ci`\n"
    assert run(HeadingCase(), text) == []


def test_casing_classify() -> None:
    lex = casing.lexicon()
    use = casing.Usage(lower=frozenset({"remote", "work"}))
    assert casing.classify(casing.judge("Remote Work Tips", lex, use), lex) == casing.TITLE
    assert casing.classify(casing.judge("Remote work tips", lex, use), lex) == casing.SENTENCE
    assert casing.classify(casing.judge("Remote work Tips", lex, use), lex) == casing.MIXED
    assert casing.classify(casing.judge("Flexibility", lex, use), lex) == casing.NEUTRAL


# --------------------------------------------------------------------------- HD002


@pytest.mark.parametrize(
    ("heading", "where"),
    [
        ("SKill Building", [(3, 4)]),
        ("Creative cONTROL", [(3, 13)]),
        ("A Better work-Life Balance", [(3, 13)]),
        ("Why e-Learning Works", [(3, 8)]),
        ("Work-Life Balance", []),
        ("APIs and KPIs for CEOs", []),
        ("Using iOS and macOS", []),
        ("Non-US Clients", []),
        ("An MSc or a PhD", []),
        ("YouTube and PostgreSQL", []),
        ("low-cost setup", []),
    ],
)
def test_hd002(heading: str, where: list[tuple[int, int]]) -> None:
    assert run(OddWordCase(), f"# T\n\n## {heading}\n") == where


def test_hd002_accepts_a_spelling_the_prose_uses() -> None:
    text = "# T\n\nThe AIOps team runs the alerts.\n\n## Joining AIOps\n"
    assert run(OddWordCase(), text) == []
    assert run(OddWordCase(), "# T\n\n## Joining AIOps\n") == [(3, 12)]


def test_hd002_judges_list_labels_and_plain_exports() -> None:
    text = "Title Line\n\nPros:\n\n1. Creative cONTROL\nYou choose the work.\n"
    assert run(OddWordCase(), text, path="a.txt") == [(5, 13)]


# --------------------------------------------------------------------------- HD003


@pytest.mark.parametrize(
    ("items", "where"),
    [
        ("1. a\n2. b\n4. c\n5. d\n", [(5, 1)]),
        ("1. a\n2. b\n2. c\n3. d\n", [(5, 1)]),
        ("1. a\n1. b\n1. c\n", []),
        ("1. a\n2. b\n3. c\n", []),
        ("1. a\n2. b\n\ntext\n\n3. c\n", []),
        ("1. a\n2. b\n\ntext\n\n4. c\n", [(8, 1)]),
        ("3. a\n4. b\n", []),
        # One item numbered twice, and the list goes on right: one slip, one finding.
        ("1. a\n2. b\n2. c\n4. d\n5. e\n", [(5, 1)]),
        ("1. a\n2. b\n4. c\n4. d\n", [(5, 1)]),
        # Near miss: a second slip after the first is its own finding.
        ("1. a\n2. b\n2. c\n4. d\n6. e\n", [(5, 1), (7, 1)]),
    ],
)
def test_hd003_lists(items: str, where: list[tuple[int, int]]) -> None:
    assert run(Numbering(), "# T\n\n" + items) == where


def test_hd003_items_without_labels_still_count() -> None:
    text = (
        "# T\n\n1. Determine the commission you will pay your affiliates for each sale.\n"
        "2. Pick a platform.\n3. Write the terms of the program and its rules clearly.\n"
    )
    assert run(Numbering(), text) == []


def test_hd003_lists_restart_in_a_new_section() -> None:
    text = "# T\n\n## Pros\n\n1. a\n2. b\n\n## Cons\n\n1. c\n3. d\n"
    assert run(Numbering(), text) == [(11, 1)]


def test_hd003_numbered_headings_among_siblings() -> None:
    text = "# T\n\n## 1. Learn\n\n## 2. Build\n\n## 4. Apply\n\n# U\n\n## 1. Again\n"
    assert run(Numbering(), text) == [(7, 1)]
    escaped = "# T\n\n## 1\\. Learn\n\n## 3\\. Apply\n"
    assert run(Numbering(), escaped) == [(5, 1)]
    bold = "# T\n\n### **1\\. Rent**\n\n### **3\\. Fuel**\n\n### **4\\. Food**\n"
    assert run(Numbering(), bold) == [(5, 1)]
    twice = "# T\n\n### 1\\. Rent\n\n### 2\\. Fuel\n\n### 2\\. Tolls\n\n### 4\\. Food\n"
    assert run(Numbering(), twice) == [(7, 1)]


def test_hd003_plain_export() -> None:
    text = (
        "Dog Walking\n\nPros:\n\n1. Exercise\nYou walk a lot.\n\n2. Cheap\nNo rent.\n\n"
        "2. Loyal Clients\nThey stay.\n\nCons:\n\n1. Weather\nRain.\n"
    )
    assert run(Numbering(), text, path="a.txt") == [(11, 1)]


def test_hd003_message() -> None:
    (msg,) = messages(Numbering(), "# T\n\n1. a\n2. b\n4. c\n")
    assert msg.startswith("numbering skips from 2 to 4; expected 3")


# --------------------------------------------------------------------------- HD004


def test_hd004() -> None:
    assert run(LevelJump(), "# T\n\n### Deep\n") == [(3, 5)]
    assert run(LevelJump(), FM + "## A\n\n#### B\n\n## C\n") == [(6, 6)]
    assert run(LevelJump(), FM + "### Too Deep\n") == [(4, 5)]
    assert run(LevelJump(), FM + "## A\n\n### B\n\n#### C\n\n## D\n") == []
    assert run(LevelJump(), "# T\n\n- **Bold:** label\n\n## B\n") == []


# --------------------------------------------------------------------------- HD005


def test_hd005() -> None:
    text = "# T\n\n## Pay\n\nx\n\n## Hours\n\nx\n\n## pay!\n"
    assert run(DuplicateHeading(), text) == [(11, 4)]
    cousins = "# T\n\n## Remote\n\n### Pros\n\n### Cons\n\n## Office\n\n### Pros\n\n### Cons\n"
    assert run(DuplicateHeading(), cousins) == []


def test_hd005_a_bold_subheading_repeated_in_a_row() -> None:
    text = "# T\n\n## Steps\n\n**Pick a Trade**\n\nText.\n\n**Pick a Trade**\n\nMore.\n"
    assert run(DuplicateHeading(), text) == [(9, 3)]
    # Near misses: a bold line under each of two bold lines (nesting unknown), under
    # two headings, or a bold label with its text.
    nested = (
        "# T\n\n## Schools\n\n**1. North College**\n\n**Courses**\n\nA.\n\n"
        "**2. South College**\n\n**Courses**\n\nB.\n"
    )
    assert run(DuplicateHeading(), nested) == []
    apart = "# T\n\n## North\n\n**Courses**\n\nA.\n\n## South\n\n**Courses**\n\nB.\n"
    assert run(DuplicateHeading(), apart) == []
    labels = "# T\n\n## Steps\n\n- **Cost:** low\n- **Cost:** high\n"
    assert run(DuplicateHeading(), labels) == []


def test_hd001_house_lexicon_from_config(tmp_path: Any) -> None:
    import json

    from click.testing import CliRunner

    from artlint.cli import main

    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "house.yaml").write_text("spellings: [Harvest]\n", encoding="utf-8")
    (tmp_path / "conf" / "artlint.yaml").write_text(
        "select: [HD001]\nrules:\n  heading-case:\n    lexicon: house.yaml\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(
        "# T\n\n## Remote work\n\n## Paid training\n\n## Flexible hours\n\n"
        "## Tracking time in Harvest\n\n## Working Hours\n\n"
        "Text about working hours in the harvest season.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "--no-cache",
            "--format",
            "json",
            "--config",
            str(tmp_path / "conf" / "artlint.yaml"),
            str(tmp_path / "a.md"),
        ],
    )
    data = json.loads(result.output)
    assert [(d["line"], d["column"]) for d in data] == [(11, 12)]
