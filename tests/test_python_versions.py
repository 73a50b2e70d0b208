"""artlint runs on every Python it claims (`requires-python >=3.10`).

The whole suite runs on the oldest and newest claimed Pythons in `.ci/run`; these
tests catch the likeliest slip on any interpreter: regex syntax that only newer
Pythons accept, which fails at import time and so takes every rule down with it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import artlint
from artlint import registry
from artlint.errors import ConfigError

SRC = Path(__file__).resolve().parents[1] / "src"
PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"


def _patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    """Every compiled regex held by a module of artlint (module, name, pattern)."""
    out = []
    for info in pkgutil.walk_packages(artlint.__path__, "artlint."):
        if info.name == "artlint.__main__":
            continue  # importing it runs the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                out.append((info.name, name, value))
    return out


def _newer_than_310(pattern: str) -> list[str]:
    """The 3.11-only constructs (possessive quantifiers, atomic groups) in `pattern`."""
    if sys.version_info < (3, 11):
        return []  # the pattern compiled at import, so it has none
    from re import _constants, _parser  # type: ignore[attr-defined]

    found: list[str] = []
    late = {_constants.POSSESSIVE_REPEAT, _constants.ATOMIC_GROUP}

    def visit(node: Any) -> None:
        if isinstance(node, (list, tuple, _parser.SubPattern)):
            for item in node:
                visit(item)
        elif node in late:
            found.append(str(node))

    visit(_parser.parse(pattern).data)
    return found


def test_no_regex_needs_a_python_newer_than_310() -> None:
    patterns = _patterns()
    assert len(patterns) > 20  # the walk really found artlint's modules
    bad = [(m, n, _newer_than_310(p.pattern)) for m, n, p in patterns]
    assert [b for b in bad if b[2]] == []


def test_the_scan_sees_a_possessive_quantifier() -> None:
    if sys.version_info < (3, 11):
        pytest.skip("Python 3.10 cannot even compile the example")
    assert _newer_than_310(r"[a-z]++x") and _newer_than_310(r"(?>ab)c")
    assert _newer_than_310(r"[a-z]+(?:-[a-z]+)*") == []


def _python310() -> Path | None:
    found = sorted(PYENV.glob("3.10*/bin/python3"))
    return found[-1] if found else None


def test_the_language_modules_import_on_python_310() -> None:
    python = _python310()
    if python is None:
        pytest.skip(f"no Python 3.10 under {PYENV}")
    # The bare interpreter has none of artlint's dependencies; the modules import PyYAML
    # at the top but only call it when a lexicon loads, so an empty stand-in is enough.
    code = (
        "import sys, types; sys.modules['yaml'] = types.ModuleType('yaml'); "
        "import artlint.language.casing, artlint.language.polarity"
    )
    done = subprocess.run(
        [str(python), "-c", code],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


class _BrokenEntryPoint(SimpleNamespace):
    def load(self) -> Any:
        raise re.error("multiple repeat", "x++", 2)


def test_builtin_rules_that_fail_to_load_blame_artlint_not_a_plugin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ep = _BrokenEntryPoint(name="builtin", value="artlint.rules:BUILTIN_RULES")
    monkeypatch.setattr(registry, "_entry_points", lambda: [ep])
    with pytest.raises(ConfigError) as caught:
        registry.load()
    message = str(caught.value)
    assert message.startswith("artlint's built-in rules failed to load on Python 3.")
    assert "multiple repeat at position 2" in message  # re.error; PatternError on 3.13
    assert "plugin" not in message
    assert "bug in artlint" in message


def test_a_plugin_package_that_fails_to_load_is_still_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ep = _BrokenEntryPoint(name="house", value="house_rules:RULES")
    monkeypatch.setattr(registry, "_entry_points", lambda: [ep])
    with pytest.raises(
        ConfigError,
        match=r"^plugin house \(house_rules:RULES\): failed to "
        r"load: .*fix or uninstall that plugin package$",
    ):
        registry.load()
