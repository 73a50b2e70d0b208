"""Serial, parallel, cold and warm runs report the very same findings, in the same order.

The corpus is ~150 generated articles (benchmarks/generate.py, fixed seed): enough
for the engine to start a process pool with several chunks per worker, and full
of the cross-file cases (duplicate and near-duplicate titles, shared lines) whose
results depend on every file being seen exactly once.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from artlint import engine, pool
from artlint.cache import Cache
from artlint.cli import main
from artlint.model import Finding

REPO = Path(__file__).resolve().parents[1]
COUNT = 150


pytestmark = pytest.mark.usefixtures("pinned_cache_key")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "artlint_bench_generate", REPO / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    paths = _generator().generate(root, COUNT, seed=11)
    assert len(paths) == COUNT
    past = 1_600_000_000_000_000_000  # out of the cache's racy window
    for p in paths:
        os.utime(p, ns=(past, past))
    return root


def _run(root: Path, jobs: int, cache_dir: Path | None) -> tuple[list[Finding], Cache | None]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        settings = engine.Settings()
        cache = Cache(str(cache_dir), settings, engine.registry(settings)) if cache_dir else None
        result = engine.execute(engine.Run(["."], settings, jobs, None, cache))
    finally:
        os.chdir(cwd)
    assert not result.errors
    return result.findings, cache


def test_serial_parallel_cold_and_warm_agree(corpus: Path, tmp_path: Path) -> None:
    serial, _ = _run(corpus, 1, None)
    parallel, _ = _run(corpus, 2, None)
    cold, cold_cache = _run(corpus, 2, tmp_path / "cache")
    warm, warm_cache = _run(corpus, 2, tmp_path / "cache")
    warm_serial, _ = _run(corpus, 1, tmp_path / "cache")
    assert cold_cache is not None and cold_cache.misses == COUNT
    assert warm_cache is not None and warm_cache.hits == COUNT and warm_cache.misses == 0
    assert serial == parallel == cold == warm == warm_serial
    codes = {f.code for f in serial}
    assert {"TI002", "TI003", "ST002"} <= codes  # the cross-file rules had work to do


def test_parallel_results_keep_the_input_order(corpus: Path) -> None:
    cwd = Path.cwd()
    os.chdir(corpus)
    try:
        files = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*.md"))
        files.reverse()  # not the walk's order: the output must follow the input
        settings = engine.Settings()
        assert pool.effective_jobs(2, len(files)) == 2
        results = list(pool.lint_many(files, settings, 2))
        ticks: list[int] = []
        serial = list(pool.lint_many(files, settings, 1, ticks.append))
    finally:
        os.chdir(cwd)
    assert [r.path for r in results] == files
    assert [r.findings for r in results] == [r.findings for r in serial]
    assert sum(ticks) == len(files)


def test_the_cli_reports_the_same_json_serial_and_parallel(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(corpus)
    try:
        outs = [
            runner.invoke(main, ["check", ".", "--format", "json", "--jobs", jobs, *extra])
            for jobs, extra in (
                ("1", ["--no-cache"]),
                ("2", ["--no-cache"]),
                ("2", ["--cache-dir", str(tmp_path / "c")]),
                ("2", ["--cache-dir", str(tmp_path / "c")]),
            )
        ]
    finally:
        os.chdir(cwd)
    assert all(o.exit_code == 1 for o in outs), [o.output[-500:] for o in outs]
    parsed = [json.loads(o.stdout) for o in outs]
    assert parsed[0] == parsed[1] == parsed[2] == parsed[3]


def test_chunks_stay_within_bounds() -> None:
    assert pool.effective_jobs(8, 10) == 1  # too few files for a pool
    assert pool.effective_jobs(1, 10_000) == 1
    assert pool.effective_jobs(4, 100) == 4
    for n, jobs in ((100, 2), (10_000, 2), (100_000, 2), (100_000, 64)):
        size = pool.chunk_size(n, jobs)
        assert pool.MIN_CHUNK <= size <= pool.MAX_CHUNK


def test_the_progress_line_is_throttled_and_finished() -> None:
    from artlint import progress

    now = [0.0]
    stream = io.StringIO()
    tick = progress.progress_bar(100, 0, stream=stream, clock=lambda: now[0])
    tick(10)  # before the delay: nothing drawn
    assert stream.getvalue() == ""
    for _ in range(8):
        now[0] += 0.2
        tick(10)
    drawn = stream.getvalue()
    assert "90/100 files" in drawn and "files/s" in drawn and "left" in drawn
    now[0] += 0.2
    tick(10)
    final = stream.getvalue()[len(drawn) :]
    assert final.startswith("\r") and final.endswith("\r") and not final.strip()


def test_a_short_run_draws_nothing() -> None:
    from artlint import progress

    stream = io.StringIO()
    tick = progress.progress_bar(3, 0, stream=stream, clock=lambda: 0.0)
    for _ in range(3):
        tick(1)
    assert stream.getvalue() == ""
