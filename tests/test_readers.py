"""Readers: bytes to `Article`, with exact positions for everything rules point at."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artlint import readers
from artlint.article import Article, Format, Heading, HeadingKind, LineIndex
from artlint.readers import markdown

if TYPE_CHECKING:
    from markdown_it.token import Token


def pos(article: Article, offset: int) -> tuple[int, int]:
    return article.index.position(offset)


def heads(article: Article) -> list[tuple[str, int, str, tuple[int, int]]]:
    return [(h.kind.value, h.level, h.raw, pos(article, h.start)) for h in article.headings]


# --------------------------------------------------------------------------- decoding


def test_bom_and_crlf_keep_lines_and_columns() -> None:
    data = "\ufeff---\r\ntitle: Night Work\r\n---\r\n## Pay  Rates\r\n\r\nText.\r\n".encode()
    a = readers.read_bytes("a.md", data)
    assert a.text.startswith("---\ntitle")
    entry = a.front_matter.entry("title") if a.front_matter else None
    assert entry is not None and pos(a, entry.value_start) == (2, 8)
    assert heads(a) == [("atx", 2, "Pay  Rates", (4, 4))]


def test_old_mac_line_ends() -> None:
    a = readers.read_bytes("a.md", b"# T\r\r## Two\r")
    assert heads(a)[1] == ("atx", 2, "Two", (3, 4))


def test_invalid_utf8_reports_the_byte_offset() -> None:
    with pytest.raises(readers.DecodeError) as err:
        readers.read_bytes("a.md", b"# Title\n\ncaf\xe9 au lait\n")
    assert err.value.offset == 12
    assert "byte offset 12" in str(err.value)


def test_binary_reports_the_nul_byte() -> None:
    with pytest.raises(readers.DecodeError) as err:
        readers.read_bytes("a.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert err.value.offset == 8
    assert "binary" in str(err.value)


def test_bom_offset_counts_in_decode_errors() -> None:
    with pytest.raises(readers.DecodeError) as err:
        readers.read_bytes("a.md", b"\xef\xbb\xbfab\xff")
    assert err.value.offset == 5


# --------------------------------------------------------------------------- Markdown

MD = """\
Setext Title
============

Intro paragraph
over two lines.

## Pros and **Cons**

- **Flexible hours:** you choose.
- Paid Training
  Explanation that follows the label.
- Short bullet
- A long sentence that is an item, not a label, and ends with a full stop.

1. First step - do this
2. Second step
   continues here with lower case

<!--
## Not a heading
-->

| Pros | Cons |
|------|------|
| Pay  | Hours |

### 3\\. Escaped number
"""


def test_markdown_structures_with_positions() -> None:
    a = readers.parse("a.md", MD)
    assert a.format is Format.MARKDOWN
    assert heads(a) == [
        ("setext", 1, "Setext Title", (1, 1)),
        ("atx", 2, "Pros and **Cons**", (7, 4)),
        ("bold", 3, "Flexible hours", (9, 5)),
        ("item", 3, "Paid Training", (10, 3)),
        ("item", 3, "Short bullet", (12, 3)),
        ("numbered", 3, "First step", (15, 4)),
        ("atx", 3, "3\\. Escaped number", (27, 5)),
    ]
    by_raw = {h.raw: h for h in a.headings}
    assert by_raw["Short bullet"].bare and not by_raw["Paid Training"].bare
    assert by_raw["3\\. Escaped number"].number == 3
    assert by_raw["First step"].number == 1 and pos(a, by_raw["First step"].mark_start) == (15, 1)
    assert by_raw["Pros and **Cons**"].text == "Pros and Cons"
    assert [(b.line, b.end_line, b.text) for b in a.blocks] == [(4, 5, "Intro paragraph")]
    (table,) = a.tables
    assert [c.text for c in table.header] == ["Pros", "Cons"]
    assert [(c.text, c.line, pos(a, c.start)) for c in table.rows[0]] == [
        ("Pay", 25, (25, 3)),
        ("Hours", 25, (25, 10)),
    ]


def test_markdown_lists_keep_every_item_and_number() -> None:
    a = readers.parse("a.md", "# T\n\n1. a\n2. b\n   - nested\n4. A long item that has no label.\n")
    ordered = [lst for lst in a.lists if lst.ordered]
    assert [(i.number, i.line, pos(a, i.start)) for i in ordered[0].items] == [
        (1, 3, (3, 1)),
        (2, 4, (4, 1)),
        (4, 6, (6, 1)),
    ]
    nested = [lst for lst in a.lists if lst.depth == 2]
    assert [pos(a, i.start) for i in nested[0].items] == [(5, 4)]


def test_hard_wrapped_bullets_are_not_labels() -> None:
    a = readers.parse("a.md", "# T\n\n- We build web solutions for\n  enterprises across Europe.\n")
    assert [h.kind for h in a.headings] == [HeadingKind.ATX]


def test_dash_labels_do_not_cross_links() -> None:
    a = readers.parse(
        "a.md",
        "# T\n\n- Toronto [Toronto - 200 Bay St](https://example.com)\n"
        "- Reduced Costs - you save on fuel and lunches\n",
    )
    assert [h.raw for h in a.headings[1:] if not h.bare] == ["Reduced Costs"]


def test_markdown_is_detected_by_content_not_extension() -> None:
    assert readers.parse("a.txt", "---\ntitle: x\n---\nBody\n").format is Format.MARKDOWN
    assert readers.parse("a.md", "Title\n\nJust text.\n").format is Format.TEXT


# --------------------------------------------------------------------------- plain text

EXPORT = """\
Freelance Design - Is It Worth It

Freelance Design - Is It Worth It

Creative Careers

Freelancers pick their own clients and set their own hours.

Pros:

1. Creative Control
You choose the projects and the style.

2. Flexible Hours
Work when you are at your best.

Cons:

Irregular income: some months pay twice as much as others.

Creative Careers
"""


def test_plain_export_structures() -> None:
    a = readers.parse("a.txt", EXPORT)
    assert a.format is Format.TEXT
    assert heads(a) == [
        ("title", 1, "Freelance Design - Is It Worth It", (1, 1)),
        ("implicit", 2, "Freelance Design - Is It Worth It", (3, 1)),
        ("implicit", 2, "Creative Careers", (5, 1)),
        ("label", 2, "Pros", (9, 1)),
        ("numbered", 3, "Creative Control", (11, 4)),
        ("numbered", 3, "Flexible Hours", (14, 4)),
        ("label", 2, "Cons", (17, 1)),
        ("item", 3, "Irregular income", (19, 1)),
        ("implicit", 2, "Creative Careers", (21, 1)),
    ]
    assert [h.number for h in a.headings if h.kind is HeadingKind.NUMBERED] == [1, 2]
    assert [[i.number for i in lst.items] for lst in a.lists] == [[1, 2]]
    assert a.title is not None and a.title.line == 1


# --------------------------------------------------------------------------- front matter

YAML_FM = """\
---
title: "Night Shifts: Worth It?"
date: 2023-04-02 01:08:17 +0300
updated: 2023-06-31
description: a
description: b
tags:
  - pay
---
Body
"""


def test_yaml_front_matter_locations_duplicates_and_dates() -> None:
    a = readers.parse("a.md", YAML_FM)
    fm = a.front_matter
    assert fm is not None and fm.format == "yaml" and fm.closed and fm.error is None
    assert [e.key for e in fm.entries] == [
        "title",
        "date",
        "updated",
        "description",
        "description",
        "tags",
    ]
    title = fm.entry("title")
    assert title is not None
    assert pos(a, title.key_start) == (2, 1)
    assert a.text[title.value_start : title.value_end] == "Night Shifts: Worth It?"
    date = fm.entry("date")
    assert date is not None and date.error is None
    assert date.value == dt.datetime(
        2023, 4, 2, 1, 8, 17, tzinfo=dt.timezone(dt.timedelta(hours=3))
    )
    updated = fm.entry("updated")
    assert updated is not None and updated.error is not None  # June has 30 days
    assert fm.data["description"] == "b"
    assert fm.entry("description") is not None
    assert pos(a, fm.entries[4].key_start) == (6, 1)
    assert a.body_start == a.index.offset(10)
    assert a.title is not None and a.title.raw == "Night Shifts: Worth It?"


def test_yaml_parse_error_line() -> None:
    a = readers.parse("a.md", "---\ntitle: ok\nbad: one: two\n---\nBody\n")
    fm = a.front_matter
    assert fm is not None and fm.error and fm.error_offset is not None
    assert pos(a, fm.error_offset) == (3, 9)


def test_unclosed_front_matter_ends_at_the_first_blank_line() -> None:
    a = readers.parse("a.md", "---\ntitle: x\n\n## Body Heading\n")
    assert a.front_matter is not None and not a.front_matter.closed
    assert heads(a) == [("atx", 2, "Body Heading", (4, 4))]


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "Night Work"\ndate = 2024-01-05\n[extra]\nkey = 1\n+++\nBody\n'
    a = readers.parse("a.md", text)
    fm = a.front_matter
    assert fm is not None and fm.format == "toml" and fm.error is None
    title = fm.entry("title")
    assert title is not None and pos(a, title.key_start) == (2, 1)
    assert fm.data["date"] == dt.date(2024, 1, 5)
    bad = readers.parse("a.md", '+++\ntitle = "x"\ntitle = "y"\n+++\n').front_matter
    assert bad is not None and bad.error is not None
    assert pos(a, a.body_start) == (7, 1)


def test_no_front_matter() -> None:
    a = readers.parse("a.md", "# Title\n\n---\n\ntitle: not front matter\n")
    assert a.front_matter is None
    assert a.title is not None and a.title.raw == "Title"


def test_plain_items_on_one_line_and_on_consecutive_lines() -> None:
    text = (
        "Title Here\n\nIntro text.\n\nPros:\n\n1. Low Costs - you save on rent.\n"
        "2. Free Time: you choose hours.\n"
        "3. A long sentence that is not a label at all and keeps going on and on.\n\n"
        "Flexible Hours - you pick the shifts you like.\n"
    )
    a = readers.parse("a.txt", text)
    assert heads(a)[2:] == [
        ("numbered", 3, "Low Costs", (7, 4)),
        ("numbered", 3, "Free Time", (8, 4)),
        ("item", 3, "Flexible Hours", (11, 1)),
    ]
    assert [[i.number for i in lst.items] for lst in a.lists] == [[1, 2, 3]]


# ---------------------------------------------------------------- markdown-it, dispatched


def _stock_tokens(text: str) -> list[tuple[object, ...]]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    return _token_facts(md.parse(text))


def _token_facts(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.map, t.content, t.markup, t.info, t.level, t.nesting, t.hidden, t.attrs)
        for t in tokens
    ]


#: Line openings that decide which block rule matches: every rule's own character,
#: look-alikes that must stay paragraphs, setext underlines, table rows, lazy lines.
_LINES = (
    "# H",
    "## Two words",
    "#no space",
    "####### seven",
    "- item",
    "* item",
    "+ item",
    "-item",
    "1. one",
    "2) two",
    "10. ten",
    "1.",
    "- ",
    "* * *",
    "---",
    "___",
    "***",
    "- - -",
    "===",
    "Setext",
    "> quote",
    ">",
    "> - in quote",
    "```",
    "```py",
    "~~~",
    "    code",
    "\tcode",
    "  - nested",
    "   1. x",
    "<div>",
    "</div>",
    "<!-- c -->",
    "[ref]: /url",
    "[ref]: /url 't'",
    "[a]",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "a | b",
    "--- | ---",
    ":--|--:",
    "- | -",
    "|-",
    "text line",
    "Another Line.",
    "**Bold:** text",
    "",
    "",
    "  ",
    " \t",
)


@pytest.mark.parametrize(
    "text",
    [
        MD,
        "Title\n=====\n\nPara\n---\n\n- a\n- b\n  ---\n\n> # Quoted\n> text\n===\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n- not a row\n\n- | -\n- x\n\na | b\n- | -\n",
        "a | b\n--- | ---\n1 | 2\n\n| a | b |\n| --- | :-: |\n|\tx | y |\n",
        "    code\n  # not code\n\n\tcode\n- item\n\n      code in item\n",
        "para\n- item\n1. one\n2. two\n\npara\n2. two\n* * *\n- - -\n",
        "> - a\n>   b\n> ---\n>\n> [x]: /u\n\n<div>\n*html*\n</div>\n",
        "a\r\nb\r\n\r\n# c\rd\0e\n",
    ],
)
def test_block_tokens_are_markdown_its(text: str) -> None:
    assert _token_facts(markdown._parse(text)) == _stock_tokens(text)


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("", "", "", " ", "  ", "   ", "    ", "\t", "> ", "- ", "1. ", ">")),
            st.sampled_from(_LINES),
        ),
        max_size=14,
    )
)
def test_any_mix_of_blocks_tokenises_as_markdown_it(lines: list[tuple[str, str]]) -> None:
    text = "\n".join(lead + line for lead, line in lines)
    assert _token_facts(markdown._parse(text)) == _stock_tokens(text)


def test_an_unknown_ruler_layout_keeps_the_stock_parser() -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.block.ruler = object()  # no rules to read: nothing is replaced
    assert markdown._dispatching(md) is md


# --------------------------------------------------------------------------- sections


def _plain_sections(a: Article) -> list[tuple[str, list[str], int]]:
    """`Article.sections` as a scan from every heading to the next one that closes it."""
    out = []
    for i, h in enumerate(a.headings):
        if not h.is_section:
            continue
        children, end = [], len(a.text)
        for other in a.headings[i + 1 :]:
            if other.is_section and other.level <= h.level:
                end = other.mark_start if other.mark_start >= 0 else other.start
                break
            children.append(other.raw)
        out.append((h.raw, children, end))
    return out


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(HeadingKind), st.integers(0, 4)), max_size=12))
def test_sections_end_where_a_heading_of_the_same_or_a_higher_level_starts(
    kinds: list[tuple[HeadingKind, int]],
) -> None:
    text = "x\n" * (len(kinds) + 1)
    a = Article("a.md", text, Format.MARKDOWN, LineIndex(text))
    a.headings = [
        Heading(kind, level, f"h{n}", 2 * n, n + 1, None, 2 * n - 1 if n % 2 else -1)
        for n, (kind, level) in enumerate(kinds)
    ]
    got = [(h.raw, [c.raw for c in children], end) for h, children, end in a.sections()]
    assert got == _plain_sections(a)


def test_heading_text_drops_numbering_and_markup() -> None:
    h = Heading(HeadingKind.ATX, 2, "3. **Pay** &amp; [Hours](x):", 0, 1)
    assert h.text == "Pay & Hours"
    assert Heading(HeadingKind.ATX, 2, "3. **Pay** &amp; [Hours](x):", 5, 2).text == h.text
