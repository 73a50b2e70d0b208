"""The word pass: one split of an article's words and lines for HD, PC and ST.

Each view must equal what the rules computed for themselves before they shared
it, whatever the article holds, and a rule run must make one pass per article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artlint import readers
from artlint.article import Article, Format, LineIndex, plain
from artlint.language import casing, wordpass
from artlint.language.words import normalise
from artlint.rules import structure
from artlint.rules.headings import HeadingCase, OddWordCase
from artlint.rules.proscons import ProConContradiction
from artlint.rules.structure import BoilerplateLines, CategoryLabel, EmptySection

ARTICLE = """---
title: Night Shift Nursing
---
Night Work

# Night Shift Nursing

## Pros

- **Higher Pay:** the night rate adds a fifth to the wage.
- **Quiet Wards:** fewer visitors &amp; calmer rounds.

## Cons

- **Lower Pay Growth:** raises come slowly.

## Empty

## Tips for the Night

Keep a Sleep Diary and drink water. <div class="related-posts-widget">

Calm wards &amp; fewer visitors make the nights pass.

<div class="related-posts-widget">

Night Work
"""


def _options(rule: Any) -> dict[str, Any]:
    return dict(rule.defaults())


def test_views_equal_what_the_rules_computed_themselves() -> None:
    article = readers.parse("a.md", ARTICLE)
    words = wordpass.of(article)
    spans = [(h.start, h.end) for h in article.headings]
    assert article.body_start > 0 and ARTICLE[article.body_start - 1] == "\n"
    assert words.lines == ARTICLE.split("\n")
    assert words.body_lines() == ARTICLE[article.body_start :].split("\n")
    assert words.usage(spans) == casing.usage(ARTICLE, spans, article.body_start)
    assert words.plain_blocks() == [plain(b.text) for b in article.blocks]
    assert "Calm wards & fewer visitors make the nights pass." in words.plain_blocks()


def test_a_body_that_starts_inside_a_line_is_split_from_there() -> None:
    text = "lead-in text\nsecond line\nthird"
    article = Article("a.txt", text, Format.TEXT, LineIndex(text), None, body_start=5)
    assert wordpass.of(article).body_lines() == ["in text", "second line", "third"]
    whole = Article("b.txt", text, Format.TEXT, LineIndex(text))
    assert wordpass.of(whole).body_lines() == text.split("\n")


def test_one_pass_per_article_and_a_new_one_after_an_edit_in_place() -> None:
    article = readers.parse("a.md", ARTICLE)
    first = wordpass.of(article)
    assert wordpass.of(article) is first is article.memo(wordpass.WordPass)
    article.text = ARTICLE.replace("Night Work\n", "Day Work\n")
    again = wordpass.of(article)
    assert again is not first
    assert again.lines[3] == "Day Work"
    article.blocks.append(article.blocks[0])
    assert wordpass.of(article) is not again


def test_heading_pros_cons_and_structure_rules_share_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[wordpass.WordPass] = []

    class Counted(wordpass.WordPass):
        __slots__ = ()

        def __init__(self, article: Article) -> None:
            super().__init__(article)
            made.append(self)

    monkeypatch.setattr(wordpass, "WordPass", Counted)
    article = readers.parse("a.md", ARTICLE)
    assert HeadingCase().fact(article, _options(HeadingCase)) is not None
    OddWordCase().fact(article, _options(OddWordCase))
    list(ProConContradiction().check(article, _options(ProConContradiction)))
    assert BoilerplateLines().fact(article, _options(BoilerplateLines))
    empty = list(EmptySection().check(article, {}))
    labels = list(CategoryLabel().check(article, _options(CategoryLabel)))
    assert len(made) == 1
    # What users see is what the rules said before they shared the pass.
    assert [(f.code, f.location.line) for f in empty] == [("ST004", 17)]
    assert [(f.code, f.location.line, f.location.column) for f in labels] == [("ST001", 4, 1)]


def _reference_blocks(article: Article, min_words: int) -> Iterator[tuple[str, int, int]]:
    """ST002's blocks as the rule found them before the word pass: every paragraph
    normalised for itself, every body line tried against the markup pattern."""
    body = article.body_start
    for b in article.blocks:
        if b.start >= body:
            key = normalise(b.text)
            if len(key.split()) >= min_words:
                yield key, b.start, max(b.end, b.start + len(b.text))
    text = article.text
    for found in article.lists:
        items = found.items
        if found.depth != 1 or len(items) < 2 or items[0].start < body:
            continue
        names = []
        for item in items:
            stop = text.find("\n", item.text_start)
            names.append(normalise(text[item.text_start : len(text) if stop == -1 else stop]))
        key = "\n".join(names)
        if len(key.split()) >= min_words:
            last = text.find("\n", items[-1].text_start)
            yield "list:" + key, items[0].start, len(text) if last == -1 else last
    fenced = False
    start = body
    for line in text[body:].split("\n"):
        end = start + len(line)
        if re.match(r"[ \t]{0,3}(```|~~~)", line):
            fenced = not fenced
        elif not fenced and len(line.strip()) >= 12 and structure._MARKUP_LINE.fullmatch(line):
            lead = len(line) - len(line.lstrip())
            yield "markup:" + " ".join(line.split()), start + lead, end
        start = end + 1


_PIECES = [
    "---\ntitle: Remote Pay\n---\n",
    "+++\ntitle = 'Remote Pay'\n+++\n",
    "# Remote Pay\n",
    "## Working From Home\n",
    "Pros:\n",
    "- **Flexible Hours:** you plan the Day yourself.\n",
    "1. Lower Costs\n",
    "The Visual Studio Code setup, then `code here` and [a Link](/x).\n",
    '<div class="related-posts-widget">\n',
    "&nbsp;&nbsp;&nbsp;&nbsp;\n",
    "```html\n",
    "~~~\n",
    "Fewer commutes &amp; more SLEEP.\n",
    "\n",
    "\r\n",
    "Ünïcode Wörds here — and Más.\n",
    "| Pros | Cons |\n|---|---|\n| Pay | Hours |\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.booleans())
def test_views_equal_the_old_computations_on_any_article(parts: list[str], tail: bool) -> None:
    text = "".join(parts) + ("Closing words" if tail else "")
    article = readers.parse("a.md", text)
    words = wordpass.of(article)
    spans = [(h.start, h.end) for h in article.headings]
    assert words.lines == article.text.split("\n")
    assert words.body_lines() == article.text[article.body_start :].split("\n")
    assert words.usage(spans) == casing.usage(article.text, spans, article.body_start)
    assert words.plain_blocks() == [plain(b.text) for b in article.blocks]
    assert list(structure._blocks(article, 3)) == list(_reference_blocks(article, 3))
