"""The lexicon the rules share: built-in word lists in `rules/lexicon/`, house files over them.

A house lexicon is checked like config: a mapping whose keys the built-in lists
know, each value a list of the same shape as the built-in one (words, or groups
of words such as antonym pairs).  A misspelt key or a scalar where a list belongs
is an error naming the file and the key, never a silent drop of built-in words.
Built-in lists are read once per process.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from artlint import pages, safe_io
from artlint.errors import did_you_mean

#: The built-in lexicons, which together are the one lexicon house files extend.
LEXICONS = ("casing", "polarity", "titles")


class LexiconError(ValueError):
    """A house lexicon that cannot be used; the message names the file and the key."""


def _yaml() -> Any:
    """PyYAML, imported when a lexicon is first read, so that the language modules
    import without it (tests/test_python_versions.py runs them on a bare Python)."""
    import yaml

    return yaml


def _loader() -> Any:
    """The C loader when PyYAML has one: lexicons load at every start."""
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=32)
def builtin(name: str) -> dict[str, Any]:
    """A built-in lexicon from `rules/lexicon/<name>.yaml` (a mapping of lists)."""
    path = pages.catalogue_dir() / "lexicon" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = _yaml().load(fh, Loader=_loader()) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon must be a mapping")
    return data


def words(name: str, key: str) -> tuple[str, ...]:
    """A built-in word list, checked: the rules build constants from these when
    they load, so a bad entry (YAML's `on` read as true) fails at once."""
    value = builtin(name).get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise LexiconError(f"{name}.yaml: {key!r} must be a list of strings, not {value!r}")
    return tuple(value)


def keys() -> dict[str, str]:
    """Every key a house lexicon may use, with the built-in lexicon that reads it."""
    return {key: name for name in reversed(LEXICONS) for key in builtin(name)}


def _grouped(key: str) -> bool:
    """Whether the built-in list under `key` holds groups of words, not words."""
    value = builtin(keys()[key]).get(key)
    return isinstance(value, list) and bool(value) and isinstance(value[0], list)


def _why_not(value: Any, grouped: bool) -> str:
    """What is wrong with a house list ("" when nothing is)."""
    shape = "a list of lists of strings, like [[high, low]]" if grouped else "a list of strings"
    if not isinstance(value, list):
        return f"must be {shape}, not {value!r}"
    for n, entry in enumerate(value, 1):
        words = entry if grouped and isinstance(entry, list) else [entry]
        if grouped and not isinstance(entry, list):
            return f"must be {shape}; entry {n} is {entry!r}"
        for word in words:
            if not isinstance(word, str):
                hint = (
                    " (quote it: YAML reads yes, no, on, off, true and false as booleans)"
                    if isinstance(word, bool)
                    else ""
                )
                return f"must be {shape}; entry {n} holds {word!r}{hint}"
    return ""


def read_house(path: str) -> dict[str, list[Any]]:
    """A house lexicon file, checked; LexiconError names the file and what is wrong."""
    try:
        # A house file named in config: a regular file of bounded size, like an article.
        text = safe_io.read_text(path)
    except OSError as exc:
        raise LexiconError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path} is not valid UTF-8 (byte offset {exc.start})") from None
    yaml = _yaml()
    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        raise LexiconError(
            f"{path} is not valid YAML: {getattr(exc, 'problem', None) or exc}"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path} must be a mapping of word lists, like 'spellings: [GitHub]'")
    known = keys()
    for key, value in data.items():
        if key not in known:
            hint = did_you_mean(str(key), known)
            raise LexiconError(
                f"{path} has unknown key {key!r}{hint}; valid keys: {', '.join(sorted(known))}"
            )
        why = _why_not(value, _grouped(key))
        if why:
            raise LexiconError(f"{path}: {key!r} {why}")
    return data


def load(name: str, extra: str = "") -> dict[str, Any]:
    """The built-in lexicon `name` with the lists of house files appended.

    `extra` may name several files, separated by `os.pathsep`: the config's
    shared `lexicon:` first, then a rule's own `lexicon` option.
    """
    merged = dict(builtin(name))
    for one in (p for p in extra.split(os.pathsep) if p):
        for key, value in read_house(one).items():
            if key in merged:
                merged[key] = [*merged[key], *value]
    return merged
