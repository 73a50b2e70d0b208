"""Corpus facts are typed values (named tuples) that the codec carries as they are."""

from __future__ import annotations

from hashlib import blake2b

import pytest

from artlint import codec, readers, registry
from artlint.results import fact_sum
from artlint.rule import CorpusRule

ARTICLE = """\
---
title: "Dog Walking Rounds: Planning a Week"
description: How a dog walker fits twelve dogs into five mornings.
slug: /Dog-Walking-Rounds/
date: 2024-05-06
tags:
---

# Dog Walking Rounds

#### Mornings

Start with the dogs that pull least, and keep the park loop for last.

Start with the dogs that pull least, and keep the park loop for last.

## Costs and work-Life Balance

- **Leads**: two spare leads.
"""

CORPUS_RULES = sorted(
    (r for r in registry.load().rules.values() if isinstance(r, CorpusRule)),
    key=lambda r: r.code,
)


@pytest.mark.parametrize("rule", CORPUS_RULES, ids=lambda r: r.code)
def test_each_fact_is_a_named_type_and_survives_the_codec(rule: CorpusRule) -> None:
    path = "walks/rounds.md"
    fact = rule.fact(readers.parse(path, ARTICLE), rule.defaults())
    assert fact is not None
    assert type(fact) is not tuple and hasattr(type(fact), "_fields"), type(fact)
    data = codec.dumps_fact(fact, path)
    back = codec.loads_fact(data, path)
    assert type(back) is type(fact) and back == fact
    # Led by the digest of its encoding: what an edit run keys the rule's input by.
    lead, encoded = data[: codec.FACT_SUM], data[codec.FACT_SUM :]
    assert lead == blake2b(encoded, digest_size=codec.FACT_SUM).digest()
    assert fact_sum({rule.code: data}, rule.code) == lead
    assert codec.loads(encoded, "elsewhere.md") == codec.loads_fact(data, "elsewhere.md")


def test_facts_are_read_by_name() -> None:
    rules = registry.load().rules
    article = readers.parse("a.md", ARTICLE)
    slug = rules["TI004"].fact(article, {})
    assert (slug.slug, slug.location("a.md").line) == ("dog-walking-rounds", 4)  # type: ignore[union-attr]
    levels = rules["HD004"].fact(article, {"top-level": 0})
    [jump] = levels.jumps  # type: ignore[union-attr]
    assert (jump.before, jump.level, jump.at.raw, jump.at.line) == (1, 4, "Mornings", 11)
    required = rules["FM005"].fact(article, rules["FM005"].defaults())
    assert [(k.key, k.filled) for k in required.keys][-1] == ("tags", False)  # type: ignore[union-attr]
    title = rules["TI002"].fact(article, {})
    assert title.key == "dog walking rounds planning a week"  # type: ignore[union-attr]
