"""Rule options declared once (`artlint.options`): kinds, choices, files they name."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import Lint, codes

from artlint import options, registry, selection
from artlint.config import from_mapping
from artlint.errors import ConfigError
from artlint.options import Option
from artlint.rule import Rule

BAKERY = """\
---
title: Working Nights at a Bakery
description: What the early shift at a bakery is like.
date: 2024-02-01
slug: bakery-nights
---

Ovens start at three and the first loaves leave at six.

## Pros

- Bonuses: generous bonuses at the holidays.

## Cons

- Meagre Bonuses: the bonus shrinks in a slow year.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("code", ["PC001", "PC002", "TI003"])
def test_a_lexicon_option_is_relative_to_its_config_from_any_folder(
    project: Path, lint: Lint, code: str
) -> None:
    """PC001, PC002 and TI003 once opened `lexicon` against the working folder and
    crashed (AL004) when artlint ran from anywhere but the config's folder."""
    _write(project, "site/.artlint.yaml", f"rules:\n  {code}: {{lexicon: house.yaml}}\n")
    _write(project, "site/house.yaml", "negators: [meagre]\n")
    _write(project, "site/a.md", BAKERY)
    result = lint("--format", "json", "site")
    found = codes(result)
    assert not [c for _, c, _ in found if c.startswith("AL")], result.output
    if code == "PC001":  # the house negator reached the rule
        assert ("site/a.md", "PC001", 16) in found


def test_a_missing_option_file_is_one_config_error(project: Path, lint: Lint) -> None:
    path = _write(project, "site/.artlint.yaml", "rules:\n  PC001: {lexicon: nowhere.yaml}\n")
    _write(project, "site/a.md", BAKERY)
    result = lint("site")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"artlint: error: {path}: 'rules.PC001.lexicon': cannot read lexicon 'nowhere.yaml': "
        f"no such file (looked for {path.parent / 'nowhere.yaml'})"
    ]


def test_named_files_are_the_resolved_option_files(tmp_path: Path) -> None:
    """What the cache key reads the content of: every file a rule option names,
    the shared lexicon included, and no other string value."""
    for name in ("shared.yaml", "hd.yaml", "schema.json"):
        _write(tmp_path, name, "{}\n")
    cfg = from_mapping(
        {
            "lexicon": "shared.yaml",
            "rules": {
                "HD002": {"lexicon": "hd.yaml"},
                "FM008": {"schema": "schema.json"},
                "ST005": {"words": ["schema.json"]},  # a word, not a file
            },
        },
        tmp_path / ".artlint.yaml",
    )
    rs = selection.build(cfg, registry.load())
    assert set(rs.named_files) == {
        str(tmp_path / "shared.yaml"),
        str(tmp_path / "hd.yaml"),
        str(tmp_path / "schema.json"),
    }


def test_built_in_rules_declare_every_option_as_an_option() -> None:
    for rule in registry.load().rules.values():
        assert all(isinstance(spec, Option) for spec in rule.options.values()), rule.code
        assert not [k for k in rule.options if k.endswith("-choices")], rule.code


class _OldStylePlugin(Rule):
    """A plugin written before `Option`: plain defaults and a `-choices` pseudo-key."""

    code = "XX001"
    name = "old-style"
    summary = "Declares its options the old way"
    options: ClassVar[Any] = {"mode": "loud", "mode-choices": ["loud", "quiet"], "limit": 3}


def test_plain_defaults_from_a_plugin_become_options() -> None:
    assert _OldStylePlugin.options == {
        "mode": Option("loud", "string", ("loud", "quiet")),
        "limit": Option(3, "number"),
    }
    assert _OldStylePlugin.defaults() == {"mode": "loud", "limit": 3}


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("mode", "soft", "option 'mode' of rule XX001 (old-style) must be one of loud, quiet"),
        ("limit", True, "option 'limit' of rule XX001 (old-style) must be a number, not True"),
        ("colour", 1, "rule XX001 (old-style) has no option 'colour' (valid: severity, mode, "),
    ],
)
def test_a_bad_value_names_rule_option_and_kind(key: str, value: Any, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        options.check("XX001", "old-style", _OldStylePlugin.options, key, value, "cfg")
    assert str(err.value).startswith(f"cfg: {says}")


@pytest.mark.parametrize(
    ("spec", "good", "bad"),
    [
        (Option(None), [None, ["a"]], ["a", [1]]),
        (Option(False), [True], [0, "no"]),
        (Option(0.5), [1, 0.25], [True, "1"]),
        (Option(["a"]), [[], ["b"]], ["b", [2]]),
        (Option({}), [{"a": 1}], [["a"]]),
        (Option(""), ["x"], [1, None]),
    ],
)
def test_each_kind_accepts_its_values_only(spec: Option, good: list[Any], bad: list[Any]) -> None:
    assert all(spec.accepts(v) for v in good)
    assert not any(spec.accepts(v) for v in bad)


def test_an_unknown_kind_is_refused_when_the_rule_is_declared() -> None:
    with pytest.raises(ValueError, match="unknown option kind 'colour'"):
        Option("red", "colour")
