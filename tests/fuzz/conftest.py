"""The fuzzers' shared linters: one engine context each for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fuzz_checks import Linter


@pytest.fixture(scope="session")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Linter]:
    yield Linter(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="session")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Linter]:
    yield Linter(tmp_path_factory.mktemp("fuzz-configured"), configured=True)
