"""The process pool: the per-file phase over many files, in input order.

Workers are forked after the parent has linted a small warm-up article, so that
lazily built state (compiled patterns, lexicons) is inherited, not rebuilt per
worker; files go out in chunks sized to balance slow files against per-task
overhead.
"""

# ruff: noqa: PTH120, PTH118

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from artlint.file_phase import Context, Settings, _context, lint_bytes, lint_record
from artlint.results import FileResult

#: Below this many files a process pool costs more than it saves (start-up and
#: pickling against a few milliseconds per file).
MIN_PARALLEL = 48
#: Chunks are small enough to balance two slow files and keep progress moving, and
#: large enough that the per-task overhead (a pickled list of paths) is noise.
MIN_CHUNK, MAX_CHUNK = 8, 64

#: A small article touching every reader and rule, linted once in the parent before
#: forking so that lazy imports, lexicons and compiled patterns are inherited by
#: every worker instead of being loaded once per worker.
_WARMUP = (
    b"---\ntitle: Warm Up\ndate: 2024-01-02\nslug: warm-up\n---\n# Warm Up\n\n"
    b"## Pros and cons\n\n### Pros\n\n1. **Flexible hours:** yes.\n\n### Cons\n\n"
    b"- Long Hours\n\n| Pros | Cons |\n| --- | --- |\n| a | b |\n"
)
_WARMUP_TEXT = b"Warm Up Title\n\nPros:\n\n1. Flexible hours\nYes indeed.\n"


def chunk_size(n: int, jobs: int) -> int:
    """About eight chunks per worker, within [MIN_CHUNK, MAX_CHUNK]."""
    return max(MIN_CHUNK, min(MAX_CHUNK, -(-n // (jobs * 8))))


def effective_jobs(jobs: int, n: int) -> int:
    """Worker processes worth starting for `n` files (1 means: lint in this process)."""
    if jobs <= 1 or n < MIN_PARALLEL:
        return 1
    return max(1, min(jobs, -(-n // MIN_CHUNK)))


def _init_worker(settings: Settings) -> None:
    _context(settings)


def _record_chunk(args: tuple[Settings, list[str]]) -> list[FileResult]:
    settings, paths = args
    ctx = _context(settings)
    return [lint_record(p, ctx) for p in paths]


def _prewarm(paths: Sequence[str], ctx: Context) -> None:
    for sample, suffix in ((_WARMUP, ".md"), (_WARMUP_TEXT, ".txt")):
        name = os.path.join(os.path.dirname(paths[0]), f"__artlint_warmup__{suffix}")
        lint_bytes(name, sample, ctx)


def _map_ordered(
    fn: Callable[[tuple[Settings, list[str]]], list[Any]],
    paths: Sequence[str],
    settings: Settings,
    jobs: int,
    progress: Callable[[int], None] | None,
) -> Iterator[Any]:
    """`fn` over chunks of `paths`, in input order, in a process pool when it pays."""
    ctx = _context(settings)
    workers = effective_jobs(jobs, len(paths))
    if workers <= 1:
        for p in paths:
            yield from fn((settings, [p]))
            if progress:
                progress(1)
        return
    # Imported here: the pool's modules take tens of milliseconds to import (see
    # `python -X importtime`), which a warm or small run, never parallel, would pay.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else None)
    if mp.get_start_method() == "fork":
        _prewarm(paths, ctx)
    size = chunk_size(len(paths), workers)
    chunks = [(settings, list(paths[i : i + size])) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=mp, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        for out in pool.map(fn, chunks):
            yield from out
            if progress:
                progress(len(out))


def lint_many(
    paths: Sequence[str],
    settings: Settings,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    facts_only: bool = False,
) -> Iterator[FileResult]:
    """Lint and encode files, in the order of `paths` whatever the worker count;
    with `facts_only`, keep only what the corpus phase reads of them."""
    for res in _map_ordered(_record_chunk, paths, settings, jobs, progress):
        yield res.corpus_part() if facts_only else res
