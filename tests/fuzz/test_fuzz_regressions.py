"""Crashes the fuzzers found, each pinned by a small input of our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_checks import Linter

from artlint import readers
from artlint.rules.frontmatter import JsonSchema

pytest.importorskip("jsonschema")


def _fm008(path: Path, text: str) -> list[tuple[int, int, str]]:
    rule = JsonSchema()
    return [
        (f.location.line, f.location.column, f.message)
        for f in rule.check(readers.parse(str(path), text), rule.defaults())
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read schema {}: No such file or directory"),
        ("{not json", "schema {} is not valid JSON at line 1"),
        ('{"type": 12}', "schema {} is not a valid JSON Schema"),
        ("[1, 2]", "schema {} is not a JSON Schema (not an object)"),
    ],
)
def test_fm008_unusable_schema_is_a_finding(
    tmp_path: Path, content: str | None, reason: str
) -> None:
    """The mutation fuzzer's find: a schema named by the modeline that is missing or
    broken crashed FM008 (AL004 rule-crashed); it is one FM008 at the fence."""
    schema = tmp_path / "shape.json"
    if content is not None:
        schema.write_text(content, encoding="utf-8")
    text = "---\n# yaml-language-server: $schema=shape.json\ntitle: Bakery Shifts\n---\nBody.\n"
    (found,) = _fm008(tmp_path / "a.md", text)
    assert found[:2] == (1, 1)
    assert found[2].startswith(reason.format(schema)) and "\n" not in found[2]


def test_fm008_missing_schema_through_the_engine(tmp_path: Path) -> None:
    found = Linter(tmp_path).check(b"---\n$schema: nowhere.json\ntitle: Tile Setter Pay\n---\nT.\n")
    assert [
        (f.code, f.location.line, f.location.column)
        for f in found
        if f.code.startswith(("FM008", "AL"))
    ] == [("FM008", 2, 10)]
