"""The `rules/` catalogue at run time: rule pages (and the folder `artlint.lexicon` reads).

Wheels carry the folder as `artlint/_catalogue`; an editable install reads the
repository's `rules/` directly, so editing a lexicon needs no reinstall.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


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
