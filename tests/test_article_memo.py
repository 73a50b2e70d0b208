"""`Article.memo`: what several rules derive from one article, worked out once for it."""

from __future__ import annotations

import pytest

from artlint import readers
from artlint.article import Article
from artlint.language import casing
from artlint.rules.headings import HeadingCase, OddWordCase
from artlint.rules.titles import DuplicateTitle, NearDuplicateTitle

TEXT = """\
---
title: Running a Night Shift Food Truck
---

## Choosing a Pitch Near the Stadium

Pitches by the arena fill early, and the council wants a permit for each one.

## Keeping the fryer Clean

Oil goes off fast when it runs six hours a night.

## Paying the Staff

Two people are enough on a weekday; three on a match night.
"""


def test_memo_computes_once_per_article_and_not_across_articles() -> None:
    calls: list[str] = []

    def words(article: Article) -> int:
        calls.append(article.path)
        return len(article.text.split())

    first, second = readers.parse("a.md", TEXT), readers.parse("b.md", TEXT)
    assert first.memo(words) == first.memo(words) == second.memo(words)
    assert calls == ["a.md", "b.md"]  # same text, two articles: nothing is shared


def test_hd001_and_hd002_read_one_usage_of_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # Through the article's word pass, which `Article.memo` keeps.
    seen: list[str] = []
    real = casing.usage_of_words

    def counted(*args: object, **kw: object) -> casing.Usage:
        seen.append("usage")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(casing, "usage_of_words", counted)
    article = readers.parse("truck.md", TEXT)
    for rule in (HeadingCase(), OddWordCase()):
        rule.fact(article, rule.defaults())
    assert seen == ["usage"]


def test_ti002_and_ti003_share_the_title_key_strings() -> None:
    article = readers.parse("truck.md", TEXT)
    key = DuplicateTitle().fact(article, DuplicateTitle.defaults())
    near = NearDuplicateTitle().fact(article, NearDuplicateTitle.defaults())
    assert key is not None and near is not None
    assert key[0] is near[0] and key[1] is near[1]
    assert key[:2] == ("Running a Night Shift Food Truck", "running a night shift food truck")
