"""Shared fixtures: a project folder to run artlint in, and articles written for the tests.

The pipeline tests must not break when a heuristic rule learns something new, so
they lean on findings whose logic is trivial: FM001 (no front matter) and the
YAML house rules below (forbidden words), which this project's own code defines.

- `CLEAN` gives no finding with the default rules;
- `FLAWED` gives exactly one: FM001 at 1:1, an error;
- `JARGON` with `HOUSE_YAML` named in config gives HS001 on lines 8 and 12 and
  HS002 on line 10, all warnings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from artlint.cli import main

CLEAN = """\
---
title: How to Negotiate Your First Salary
description: A short plan for the salary talk at the end of a first job offer.
date: 2024-03-05
slug: negotiate-first-salary
---

A first offer is rarely the last word. Employers expect a counter and plan for one,
so ask for **two days** to think it over and collect figures from people in the same job.

Then name a single number near the top of your range and give the reason behind it.
"""

FLAWED = """\
Night nurses earn a **night premium** on top of base pay, and most wards rotate the
shifts every few weeks.

Sleep during the day takes practice: blackout blinds and a fixed routine help most.
"""

JARGON = """\
---
title: Writing a Job Advert for a Support Agent
description: Words that put good applicants off a customer support advert.
date: 2024-07-01
slug: support-agent-job-advert
---

We are hiring a rockstar support agent for the night shift.

Our team lead is a customer-care guru with ten years on the phones.

Every new ninja gets two weeks of paid training.
"""

HOUSE_YAML = """\
rules:
  - code: HS001
    name: no-rockstar
    forbid: [rockstar, ninja]
    message: "say what the job needs instead of {match!r}"
  - code: HS002
    name: no-guru
    forbid: guru
"""

#: Config lines that load `HOUSE_YAML` from house.yaml.
HOUSE_CONFIG = "house-rules: [house.yaml]\n"

Lint = Callable[..., Result]

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def config_ceiling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep configs outside the suite's folders out of its runs.

    An `.artlint.yaml` in /tmp (or above a clone) would otherwise be found by the
    walk up from every test project and change what the tests see.  Set in the
    environment, so artlint started as a subprocess stops there too.
    """
    from artlint.config import CEILING_ENV

    old = os.environ.get(CEILING_ENV)
    os.environ[CEILING_ENV] = os.pathsep.join(
        [str(tmp_path_factory.getbasetemp().resolve()), str(REPO)]
    )
    yield
    if old is None:
        os.environ.pop(CEILING_ENV, None)
    else:
        os.environ[CEILING_ENV] = old


#: Set by `.ci/run`: tests that need material beside the repository fail instead
#: of skipping when it is missing.
REQUIRE_SHARED = os.environ.get("ARTLINT_REQUIRE_SHARED", "") not in ("", "0")


def need_outside(path: Path, what: str) -> None:
    """Skip (or, under `.ci/run`, fail) a test whose material outside the repository
    at `path` is absent: a fresh clone alone must pass the suite."""
    if path.exists():
        return
    message = f"{what} expected at {path}, which does not exist"
    if REQUIRE_SHARED:
        pytest.fail(f"{message} (ARTLINT_REQUIRE_SHARED is set)")
    pytest.skip(message)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, made the working directory, with no config above it that counts."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def lint(project: Path) -> Lint:
    """Run the artlint CLI in-process (`--no-cache` unless `cache=True`)."""

    def run(*args: str, input: str | bytes | None = None, cache: bool = False) -> Result:
        plain = cache or (args and args[0] in ("rules", "explain", "--version", "--help"))
        argv = [*args] if plain else ["--no-cache", *args]
        return CliRunner().invoke(main, argv, input=input)

    return run


@pytest.fixture
def house(project: Path) -> Path:
    """house.yaml and a config naming it, plus jargon.md that breaks its rules."""
    (project / "house.yaml").write_text(HOUSE_YAML, encoding="utf-8")
    (project / ".artlint.yaml").write_text(HOUSE_CONFIG, encoding="utf-8")
    (project / "jargon.md").write_text(JARGON, encoding="utf-8")
    return project


def findings(result: Result) -> list[dict[str, Any]]:
    """The JSON findings of a `--format json` run."""
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def codes(result: Result) -> list[tuple[str, str, int]]:
    """(path, code, line) of each JSON finding, in report order."""
    return [(f["path"], f["code"], f["line"]) for f in findings(result)]


@pytest.fixture
def pinned_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the parts of the cache key that stat artlint's own source files.

    Editing artlint while the suite runs (as in a working copy) would otherwise
    start a fresh cache between a test's cold and warm runs.
    """
    from artlint import cache

    monkeypatch.setattr(cache, "code_fingerprint", lambda: "pinned")
    monkeypatch.setattr(cache, "plugin_fingerprint", lambda settings, registry: "pinned")


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    """An in-process `artlint check` tunes the collector for a process that ends
    with its run (`heap.one_shot`); the suite's process goes on."""
    import gc

    from artlint import heap

    thresholds = gc.get_threshold()
    yield
    heap._ONE_SHOT = False
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the cache's signing key (`artlint.cache.user_key`) in a folder of the
    suite's own, never in the home folder of whoever runs the tests."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
