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
    opts = rule.defaults()
    opts.update(options)
    return [
        (f.location.line, f.location.column) for f in rule.check(readers.parse(path, text), opts)
    ]


ALL = (
    MissingFrontMatter(),
    UnclosedFrontMatter(),
    InvalidFrontMatter(),
    DuplicateKey(),
    RequiredField(),
    FieldType(),
    DateOrder(),
    JsonSchema(),
)


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
    assert run(InvalidFrontMatter(), '+++\ntitle = "x\n+++\nBody\n') == [(2, 11)]


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ('title = "x"\ndate = 2024-01-01\nbad = = 3\n', (4, 7)),
        ('title = "x"\n[author\nname = "Ann"\n', (3, 8)),
        ('title = "x"\ntitle = "y"\n', (3, 12)),
    ],
)
def test_fm003_toml_error_at_its_own_line(toml: str, where: tuple[int, int]) -> None:
    assert run(InvalidFrontMatter(), f"+++\n{toml}+++\nBody.\n") == [where]


NESTED = """\
---
title: Night Shifts
authors:
  - name: Ann Lee
    role: editor
    name: Bo Chan
seo:
  meta:
    title: Night work
    title: Night shifts
---
Body.
"""


def test_fm004_duplicate_keys_at_any_depth() -> None:
    findings = list(DuplicateKey().check(readers.parse("a.md", NESTED), {}))
    assert [(f.location.line, f.location.column) for f in findings] == [(6, 5), (10, 5)]
    assert findings[0].message.startswith("key 'authors[0].name' is already set at line 4")
    assert "lost its '- '" in findings[0].message
    assert findings[1].message.startswith("key 'seo.meta.title' is already set at line 9")
    assert [f.related[0].location.line for f in findings] == [4, 9]


def test_fm004_nested_near_misses() -> None:
    # Two list entries with the same keys, and one key name at two depths.
    fine = (
        "---\nauthors:\n  - name: Ann\n    role: editor\n  - name: Bo\n"
        "title: x\nseo:\n  title: y\n---\n"
    )
    assert run(DuplicateKey(), fine) == []


def test_fm004_duplicate_key_points_at_the_second() -> None:
    text = "---\ntitle: x\ndescription: a\ndescription: b\n---\n"
    findings = list(DuplicateKey().check(readers.parse("a.md", text), {}))
    assert [(f.location.line, f.location.column) for f in findings] == [(4, 1)]
    assert findings[0].related[0].location.line == 3
    assert run(DuplicateKey(), "---\na:\n  name: x\nb:\n  name: y\n---\n") == []


def fm005(files: dict[str, str], **options: Any) -> list[tuple[str, int, int, str]]:
    """FM005's findings over a run of `files` (it learns from all of them)."""
    rule = RequiredField()
    opts = rule.defaults()
    opts.update(options)
    facts = [(path, rule.fact(readers.parse(path, text), opts)) for path, text in files.items()]
    return sorted(
        (f.location.path, f.location.line, f.location.column, f.message)
        for f in rule.check_corpus(facts, opts)
    )


def where(found: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int]]:
    return [(p, line, col) for p, line, col, _ in found]


def test_fm005_missing_and_empty() -> None:
    text = "---\ntitle: \"\"\ndate: 2024-01-01\nslug: x\nexcerpt: ''\ntags:\nlist: []\n---\n"
    required = ["title", "description", "date", "slug"]
    assert where(fm005({"a.md": text}, required=required)) == [
        ("a.md", 1, 1),
        ("a.md", 2, 1),
        ("a.md", 5, 1),
        ("a.md", 6, 1),
        ("a.md", 7, 1),
    ]
    assert where(fm005({"a.md": text}, required=required, **{"allow-empty": ["tags", "list"]})) == [
        ("a.md", 1, 1),
        ("a.md", 2, 1),
        ("a.md", 5, 1),
    ]
    assert (
        fm005({"a.md": "---\ntitle: x\ndraft: false\nweight: 0\n---\n"}, required=["title"]) == []
    )


def _post(n: int, **keys: str) -> str:
    fields = {"title": f"Shift Work, Part {n}", "author": "Dana Reyes", "date": "2024-05-01"}
    fields.update(keys)
    lines = [f"{k}: {v}" if v else f"{k}:" for k, v in fields.items() if v != "-"]
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


def test_fm005_without_config_requires_what_nearly_every_article_has() -> None:
    site = {f"posts/p{n:02}.md": _post(n) for n in range(19)}
    site["posts/p19.md"] = _post(19, author="-")
    found = fm005(site)
    assert where(found) == [("posts/p19.md", 1, 1)]
    assert found[0][3].startswith("'author' is missing; 95% of this site's articles have one;")
    assert "rules: {required-field: {required:" in found[0][3]
    # A field on fewer than nine articles in ten is the site's option, not its rule.
    site.update({f"posts/p{n:02}.md": _post(n, author="-") for n in (1, 2)})
    assert fm005(site) == []
    # Fields the site never uses (description, slug) are never asked for.
    assert fm005({f"posts/p{n:02}.md": _post(n) for n in range(20)}) == []


def test_fm005_with_too_few_articles_requires_only_the_title() -> None:
    found = fm005({"a.md": "---\ndate: 2024-01-01\n---\n", "b.md": _post(1)})
    assert where(found) == [("a.md", 1, 1)]
    assert "'title' is missing" in found[0][3] and "required-field" in found[0][3]
    # An empty key in a lone file is not a template the site follows: still flagged.
    assert where(fm005({"a.md": "---\ntitle: x\ntags:\n---\n"})) == [("a.md", 3, 1)]


def test_fm005_learns_each_section_of_the_site_on_its_own() -> None:
    site = {
        f"companies/c{n:02}.md": f"---\ntitle: Firm {n}\nregion: europe\n---\n" for n in range(10)
    }
    site.update({f"blog/b{n}.md": _post(n) for n in range(9)})
    site["blog/b9.md"] = _post(9, author="-")
    found = fm005(site)
    # Measured over the whole site, `author` (9 of 20) would be nobody's rule.
    assert where(found) == [("blog/b9.md", 1, 1)]
    assert "90% of the articles in blog/ have one" in found[0][3]


def test_fm005_a_key_the_site_leaves_empty_is_its_template() -> None:
    site = {f"p{n}.md": _post(n, icon="", weight="") for n in range(8)}
    site["p8.md"] = _post(8, icon="", weight="3")
    assert fm005(site) == []  # `icon:` and `weight:` are empty nearly everywhere
    site = {f"p{n}.md": _post(n, tags="[jobs]") for n in range(8)}
    site["p8.md"] = _post(8, tags="")
    assert where(fm005(site)) == [("p8.md", 5, 1)]  # the others fill `tags` in
    # Left empty in two articles of twenty: a field the site treats as optional.
    site = {f"p{n:02}.md": _post(n, tags="[jobs]") for n in range(18)}
    site.update({f"p{n}.md": _post(n, tags="") for n in (18, 19)})
    assert fm005(site) == []
    assert len(fm005(site, required=["tags"])) == 2  # unless config requires it
    assert fm005(site, required=["title"]) == []  # config that leaves `tags` optional
    site["p19.md"] = _post(19, tags="[jobs]")
    assert where(fm005(site, required=["title"])) == [("p18.md", 5, 1)]  # a lone slip
    # The same when each empty one is alone in its own folder: the site's habit counts.
    site = {f"{d}/p{n}.md": _post(n, tags="[jobs]" if n else "") for d in "ab" for n in range(10)}
    assert fm005(site) == []
    # A configured required field must have a value, whatever the site does.
    site = {f"p{n}.md": _post(n, icon="") for n in range(8)}
    assert len(fm005(site, required=["icon"])) == 8


def test_fm005_messages_name_the_field() -> None:
    msgs = [
        m for *_, m in fm005({"a.md": "---\ntitle: x\n---\n"}, required=["title", "description"])
    ]
    assert msgs[0].startswith("required field 'description' is missing")
    assert "required-field" in msgs[0]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2023-04-02", True),
        ("2023-04-02 01:08:17 +0300", True),
        ("2023-04-02T01:08:17Z", True),
        ('"2023-04-02"', True),
        ("2023-4-2", True),
        ("2023-06-31", False),
        ('"2024-02-30"', False),
        ("March 3rd, 2023", False),
        ("yesterday", False),
    ],
)
def test_fm006_dates(value: str, ok: bool) -> None:
    text = f"---\ntitle: x\ndate: {value}\n---\n"
    assert run(FieldType(), text) == ([] if ok else [(3, 7 + (1 if value[0] == '"' else 0))])


@pytest.mark.parametrize(
    ("slug", "ok"),
    [
        ("remote-nursing-jobs", True),
        ("let-s-encrypt", True),
        ("Remote-Nursing", False),
        ("remote_nursing", False),
        ("remote--nursing", False),
    ],
)
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
    instants = (
        "---\ndate: 2023-06-20 10:00:00 +0300\nlast_modified_at: 2023-06-20 08:00:00 +0000\n---\n"
    )
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
    # The bad tag at the item itself ("Ok" at 6:5), not at the list.
    assert sorted(run(JsonSchema(), text, schema=str(schema))) == [(3, 9), (4, 1), (6, 5)]
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
        "select: [FM008]\nrules:\n  front-matter-schema:\n    schema: s.json\n", encoding="utf-8"
    )
    (site / "a.md").write_text("---\ntitle: Acme\nregion: mars\n---\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "--no-cache",
            "--format",
            "json",
            "--config",
            str(site / "conf" / "artlint.yaml"),
            str(site / "a.md"),
        ],
    )
    data = json.loads(result.output)
    assert [(d["code"], d["line"], d["column"]) for d in data] == [("FM008", 3, 9)]


NESTED_SCHEMA = {
    "type": "object",
    "properties": {
        "author": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        },
        "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
        "category": {"enum": ["Careers", *(f"Topic {n}" for n in range(79))]},
        "region": {"enum": ["europe", "americas"]},
    },
}


def _fm008(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps(NESTED_SCHEMA), encoding="utf-8")
    rule = JsonSchema()
    found = rule.check(readers.parse("a.md", text), {"schema": str(schema)})
    return sorted((f.location.line, f.location.column, f.message) for f in found)


def test_fm008_nested_errors_at_the_nested_key_in_plain_words(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Acme\nauthor:\n  name: Ann\n  age: old\n  emial: a@b.c\n"
        "tags: [ok, Bad1]\ncategory: Carrers\nregion: mars\n---\n"
    )
    assert _fm008(tmp_path, text) == [
        (5, 8, "'author.age' must be a whole number, not text"),
        (
            6,
            3,
            "'author.emial' is not allowed by the schema (misspelt, or missing from the "
            "schema's properties)",
        ),
        (7, 12, "'tags[1]' does not have the form the schema asks for (^[a-z]+$): 'Bad1'"),
        (
            8,
            11,
            "'category' must be one of the schema's 80 values; 'Carrers' is close to 'Careers'",
        ),
        (9, 9, "'region' must be one of 'europe', 'americas', not 'mars'"),
    ]


def test_fm008_a_long_enum_is_never_printed(tmp_path: Path) -> None:
    [(_, _, message)] = _fm008(tmp_path, "---\ncategory: Plumbing\n---\n")
    assert message == "'category' must be one of the schema's 80 values, not 'Plumbing'"


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({}, "cannot read schema"),
        ({"s.json": '{"type": '}, "is not valid JSON at line"),
        ({"s.json": '{"type": 12}'}, "is not a valid JSON Schema"),
        ({"s.json": "[1, 2]"}, "is not a JSON Schema"),
    ],
)
def test_fm008_an_unusable_schema_is_a_config_error(
    tmp_path: Path, files: dict[str, str], says: str
) -> None:
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / ".artlint.yaml").write_text(
        "rules:\n  front-matter-schema: {schema: s.json}\n", encoding="utf-8"
    )
    for n in range(3):
        (tmp_path / f"a{n}.md").write_text("---\ntitle: Acme\n---\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-cache", str(tmp_path)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert ".artlint.yaml: 'rules.front-matter-schema.schema': " in line and says in line
    assert "AL004" not in result.output


def test_fm008_an_articles_own_missing_schema_is_one_finding_at_its_key(tmp_path: Path) -> None:
    text = "---\n$schema: gone.json\ntitle: Acme\n---\n"
    found = list(JsonSchema().check(readers.parse(str(tmp_path / "a.md"), text), {"schema": ""}))
    assert [(f.location.line, f.location.column) for f in found] == [(2, 10)]
    assert "cannot read schema" in found[0].message


def test_fm005_section_pages_and_landing_pages_have_their_own_template() -> None:
    # Each trade's landing page leaves `related` empty; the city pages below fill it.
    site = {}
    for trade in ("welder", "plumber", "roofer", "glazier", "baker"):
        site[f"near/{trade}/_index.md"] = "---\ntitle: T\nrelated:\n---\n"
        for city in ("a", "b", "c", "d", "e"):
            site[f"near/{trade}/{city}/_index.md"] = "---\ntitle: C\nrelated: [x]\n---\n"
            site[f"near/{trade}/{city}/page.md"] = "---\ntitle: P\nrelated: [x]\n---\n"
    assert fm005(site) == []
    # A city page of a folder that fills it in, left empty, is reported.
    for n in range(5):
        site[f"near/welder/a/p{n}.md"] = "---\ntitle: P\nrelated: [x]\n---\n"
    site["near/welder/a/page.md"] = "---\ntitle: P\nrelated:\n---\n"
    assert where(fm005(site)) == [("near/welder/a/page.md", 3, 1)]


def test_fm005_on_a_big_site_nearly_every_article_must_have_it() -> None:
    site = {f"p{n:03}.md": _post(n % 12) for n in range(95)}
    site.update({f"q{n}.md": _post(n, author="-") for n in range(5)})
    assert fm005(site) == []  # 95 of 100: an optional field most fill in
    site = {f"p{n:03}.md": _post(n % 12) for n in range(98)}
    site.update({f"q{n}.md": _post(n, author="-") for n in range(2)})
    found = fm005(site)
    assert where(found) == [("q0.md", 1, 1), ("q1.md", 1, 1)]
    assert "98% of this site's articles have one" in found[0][3]
