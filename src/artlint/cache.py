"""Placeholder until the cache lands: lints without storing anything."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any


class Cache:
    def __init__(self, directory: str, settings: Any) -> None:
        self.directory = directory
        self.settings = settings

    def lint(self, paths: Sequence[str], settings: Any, jobs: int,
             progress: Callable[[int], None] | None, facts_only: bool = False) -> Iterator[Any]:
        from artlint.engine import lint_many

        return lint_many(paths, settings, jobs, progress)
