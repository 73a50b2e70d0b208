"""FM rules: exact codes and positions on small articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from artlint import readers
from artlint.cli import main
from artlint.rule import Rule
from artlint.rules.frontmatter import (
    DateOrder,
    DuplicateKey,
    FieldType,
    InvalidFrontMatter,
    JsonSchema,
    MissingFrontMatter,
    RequiredField,
    UnclosedFrontMatter,
)

GOOD = """\
---
title: Night Shifts in a Warehouse
description: What changes when you work while the city sleeps.
date: 2023-04-02 01:08:17 +0300
last_modified_at: 2023-04-02 01:08:17 +0300
slug: night-shifts-warehouse
---
Body text.
"""


def run(rule: Rule, text: str, path: str = "a.md", **options: Any) -> list[tuple[int, int]]:
    opts = dict(rule.options)
    opts.update(options)
    return [(f.location.line, f.location.column)
            for f in rule.check(readers.parse(path, text), opts)]


ALL = (MissingFrontMatter(), UnclosedFrontMatter(), InvalidFrontMatter(), DuplicateKey(),
       RequiredField(), FieldType(), DateOrder(), JsonSchema())


def test_a_good_article_has_no_fm_finding() -> None:
    for rule in ALL:
        assert run(rule, GOOD) == [], rule.code


def test_fm001_missing() -> None:
    assert run(MissingFrontMatter(), "# Title\n\nText.\n") == [(1, 1)]
    assert run(MissingFrontMatter(), "Title line\n\nText.\n", path="a.txt") == [(1, 1)]
    assert run(MissingFrontMatter(), "+++\ntitle = 'x'\n+++\nText.\n") == []
    # A thematic break later in the file is not front matter.
    assert run(MissingFrontMatter(), "Intro.\n\n---\n\ntitle: x\n") == [(1, 1)]


def test_fm002_unclosed() -> None:
    text = "---\ntitle: x\nslug: y\n\n# Body\n"
    assert run(UnclosedFrontMatter(), text) == [(1, 1)]
    assert run(UnclosedFrontMatter(), GOOD) == []
    assert run(UnclosedFrontMatter(), "---\ntitle: x\n...\nBody\n") == []


def test_fm003_invalid_at_the_yaml_error() -> None:
    text = "---\ntitle: Gig Driving: What Nobody Says\ndate: 2024-01-01\n---\nBody\n"
    assert run(InvalidFrontMatter(), text) == [(2, 19)]
    (f,) = InvalidFrontMatter().check(readers.parse("a.md", text), {})
    assert "quote values" in f.message
    assert run(InvalidFrontMatter(), "---\n- a\n- b\n---\nBody\n") == [(2, 1)]
    assert run(InvalidFrontMatter(), "+++\ntitle = \"x\n+++\nBody\n") == [(2, 1)]


def test_fm004_duplicate_key_points_at_the_second() -> None:
    text = "---\ntitle: x\ndescription: a\ndescription: b\n---\n"
    findings = list(DuplicateKey().check(readers.parse("a.md", text), {}))
    assert [(f.location.line, f.location.column) for f in findings] == [(4, 1)]
    assert findings[0].related[0].location.line == 3
    assert run(DuplicateKey(), "---\na:\n  name: x\nb:\n  name: y\n---\n") == []


def test_fm005_missing_and_empty() -> None:
    text = "---\ntitle: \"\"\ndate: 2024-01-01\nslug: x\nexcerpt: ''\ntags:\nlist: []\n---\n"
    assert run(RequiredField(), text) == [(1, 1), (2, 1), (5, 1), (6, 1), (7, 1)]
    assert run(RequiredField(), text, **{"allow-empty": ["tags", "list"]}) == [
        (1, 1), (2, 1), (5, 1)]
    assert run(RequiredField(), "---\ntitle: x\ndraft: false\nweight: 0\n---\n",
               required=["title"]) == []


def test_fm005_messages_name_the_field() -> None:
    text = "---\ntitle: x\n---\n"
    msgs = [f.message for f in RequiredField().check(readers.parse("a.md", text),
                                                     dict(RequiredField.options))]
    assert msgs[0].startswith("required field 'description' is missing")


@pytest.mark.parametrize(("value", "ok"), [
    ("2023-04-02", True),
    ("2023-04-02 01:08:17 +0300", True),
    ("2023-04-02T01:08:17Z", True),
    ('"2023-04-02"', True),
    ("2023-4-2", True),
    ("2023-06-31", False),
    ('"2024-02-30"', False),
    ("March 3rd, 2023", False),
    ("yesterday", False),
])
def test_fm006_dates(value: str, ok: bool) -> None:
    text = f"---\ntitle: x\ndate: {value}\n---\n"
    assert run(FieldType(), text) == ([] if ok else [(3, 7 + (1 if value[0] == '"' else 0))])


@pytest.mark.parametrize(("slug", "ok"), [
    ("remote-nursing-jobs", True),
    ("let-s-encrypt", True),
    ("Remote-Nursing", False),
    ("remote_nursing", False),
    ("remote--nursing", False),
])
def test_fm006_slugs(slug: str, ok: bool) -> None:
    assert bool(run(FieldType(), f"---\nslug: {slug}\n---\n")) is not ok


def test_fm006_configured_kinds() -> None:
    text = "---\nwebsite: acme.example\nsize: big\nremote: yes please\n---\n"
    types = {"website": "url", "size": "number", "remote": "bool"}
    assert run(FieldType(), text, types=types) == [(2, 10), (3, 7), (4, 9)]


def test_fm007_order() -> None:
    bad = "---\ndate: 2023-06-20\nlast_modified_at: 2023-05-02\n---\n"
    assert run(DateOrder(), bad) == [(3, 19)]
    same_day = "---\ndate: 2023-06-20\nlast_modified_at: 2023-06-20 00:30:00 +0300\n---\n"
    assert run(DateOrder(), same_day) == []
    instants = ("---\ndate: 2023-06-20 10:00:00 +0300\n"
                "last_modified_at: 2023-06-20 08:00:00 +0000\n---\n")
    assert run(DateOrder(), instants) == []
    custom = "---\naddedAt: 2020-05-01\nupdatedAt: 2020-04-01\n---\n"
    assert run(DateOrder(), custom, order=["addedAt", "updatedAt"]) == [(3, 12)]


SCHEMA = {
    "type": "object",
    "required": ["title", "region"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "region": {"enum": ["worldwide", "europe"]},
        "added": {"type": "string", "format": "date"},
        "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
    },
}


def test_fm008_errors_at_the_offending_key(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    text = "---\ntitle: Acme\nregion: mars\nwebiste: x\ntags:\n  - Ok\n---\n"
    assert sorted(run(JsonSchema(), text, schema=str(schema))) == [(3, 9), (4, 1), (6, 3)]
    missing = "---\ntitle: Acme\nadded: 2020-01-01\n---\n"
    assert run(JsonSchema(), missing, schema=str(schema)) == [(1, 1)]
    assert run(JsonSchema(), "---\ntitle: Acme\nregion: europe\n---\n", schema=str(schema)) == []
    assert run(JsonSchema(), text) == []  # no schema, no check


def test_fm008_schema_named_by_the_article(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    text = "---\n$schema: s.json\ntitle: Acme\nregion: mars\n---\n"
    assert run(JsonSchema(), text, path=str(tmp_path / "a.md")) == [(4, 9)]
    modeline = "---\n# yaml-language-server: $schema=s.json\ntitle: Acme\nregion: europe\n---\n"
    assert run(JsonSchema(), modeline, path=str(tmp_path / "a.md")) == []


def test_fm008_schema_path_is_relative_to_the_config(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "conf").mkdir(parents=True)
    (site / "conf" / "s.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (site / "conf" / "artlint.yaml").write_text(
        "select: [FM008]\nrules:\n  front-matter-schema:\n    schema: s.json\n", encoding="utf-8")
    (site / "a.md").write_text("---\ntitle: Acme\nregion: mars\n---\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-cache", "--format", "json", "--config",
                                       str(site / "conf" / "artlint.yaml"), str(site / "a.md")])
    data = json.loads(result.output)
    assert [(d["code"], d["line"], d["column"]) for d in data] == [("FM008", 3, 9)]
