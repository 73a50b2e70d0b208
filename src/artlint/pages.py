"""The `rules/` catalogue at run time: rule pages and the lexicons the rules read.

Wheels carry the folder as `artlint/_catalogue`; an editable install reads the
repository's `rules/` directly, so editing a lexicon needs no reinstall.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from artlint import safe_io


@lru_cache(maxsize=1)
def catalogue_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_catalogue"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "rules"


def page_path(code: str, name: str) -> Path | None:
    path = catalogue_dir() / f"{code}-{name}.md"
    return path if path.is_file() else None


def _loader() -> Any:
    """The C loader when PyYAML has one: lexicons load at every start."""
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=32)
def lexicon(name: str) -> dict[str, Any]:
    """A lexicon from `rules/lexicon/<name>.yaml` (a mapping of lists)."""
    path = catalogue_dir() / "lexicon" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_loader()) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a lexicon must be a mapping")
    return data


#: The built-in lexicons, which together are the one lexicon the rules share.
LEXICONS = ("casing", "polarity", "titles")


def lexicon_keys() -> dict[str, str]:
    """Every key a house lexicon may use, with the built-in lexicon that reads it."""
    return {key: name for name in reversed(LEXICONS) for key in lexicon(name)}


def extend_lexicon(base: dict[str, Any], extra_path: str) -> dict[str, Any]:
    """Merge house lexicons (same keys, lists appended) over the built-in one.

    `extra_path` may name several files, separated by `os.pathsep`: the config's
    shared `lexicon:` first, then a rule's own `lexicon` option.
    """
    merged = dict(base)
    for one in (p for p in extra_path.split(os.pathsep) if p):
        # A house file named in config: a regular file of bounded size, like an article.
        extra = yaml.load(safe_io.read_text(one), Loader=_loader()) or {}
        for key, value in extra.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = [*merged[key], *value]
            elif key in base or key not in merged:
                merged[key] = value
    return merged
