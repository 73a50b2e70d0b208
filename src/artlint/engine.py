"""The run: discover files, lint each (cached, in parallel), compare facts across files.

The phases live in modules of their own: `file_phase` (one file's bytes to its
findings and facts), `pool` (that over many files, in worker processes) and
`corpus_phase` (cross-file rules over the facts).  This module resolves what a
run covers and strings the phases together.
"""

# os.path, not pathlib, on purpose: it runs per file, where Path objects cost more
# than the work itself.
# ruff: noqa: PTH100

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from artlint import config as config_mod
from artlint import selection
from artlint.cache import Cache
from artlint.config import Config
from artlint.corpus_phase import _merge_lines, corpus_findings
from artlint.discover import Listing, absolute, discover_paths, walk
from artlint.errors import ConfigError
from artlint.file_phase import Context, Settings, _context, lint_stdin, registry, reset
from artlint.pool import lint_many
from artlint.results import FileResult, RunResult, StaleFacts, spill, spilling_facts
from artlint.rule import CorpusRule


@dataclass
class Run:
    """Inputs of one run, resolved from the command line."""

    paths: Sequence[str]
    settings: Settings = field(default_factory=Settings)
    jobs: int = 1
    stdin: tuple[str, str] | None = None  # (filename, text) for `-`
    cache: Cache | None = None
    progress: Callable[[int, int], Callable[[int], None]] | None = None
    respect_gitignore: bool = True
    #: Files named one by one go through include/exclude (the pre-commit hook).
    force_exclude: bool = False


def project_config(settings: Settings) -> Config:
    if settings.config_path:
        return config_mod.find_for_file(Path(settings.config_path))
    return config_mod.find_for_dir(Path.cwd())


def _corpus_files(
    project: Config,
    run_paths: Sequence[str],
    linted: Iterable[str],
    listings: dict[tuple[str, ...], Listing] | None = None,
    respect_gitignore: bool = True,
) -> list[str]:
    """Files of the configured corpus that the run did not lint itself.

    The project root is walked under the spelling the user's own paths get (relative
    to the working folder when it lies inside it), so that a corpus file has the same
    name, and the same cache entry, whether it is linted or only consulted.
    """
    root = os.path.abspath(project.root)
    if any(os.path.abspath(p) == root for p in run_paths):
        return []  # the run walked the whole project with the same include/exclude
    rel = os.path.relpath(root)
    walk_from = rel if rel != ".." and not rel.startswith(".." + os.sep) else root
    in_run = set(absolute(linted))
    if walk_from == rel:  # the walk's names are relative: compare the run's files so
        in_run = {os.path.relpath(a) for a in in_run}
    found = (
        walk(walk_from, project, project.corpus, listings, respect_gitignore=respect_gitignore)
        if project.corpus
        else []
    )
    return [p for p in found if p not in in_run]


def lint_files(
    paths: Sequence[str],
    settings: Settings,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    cache: Cache | None = None,
    facts_only: bool = False,
) -> list[FileResult]:
    """The per-file phase over `paths`, in order: what `cache` holds is replayed,
    the rest linted (in parallel when it pays) and handed to the cache; with
    `facts_only`, only what the corpus phase reads of each file."""
    if cache is None:
        return list(
            spilling_facts(lint_many(paths, settings, jobs, progress, facts_only), len(paths))
        )
    found = cache.lookup(paths, _context(settings).config_for, facts_only)
    missed = [p for p, res in zip(paths, found, strict=True) if res is None]
    if progress and len(paths) > len(missed):
        progress(len(paths) - len(missed))
    fresh = spilling_facts(lint_many(missed, settings, jobs, progress), len(missed))
    out: list[FileResult] = []
    for res in found:
        if res is None:
            res = next(fresh)
            cache.store(res)
            if facts_only:
                res = res.corpus_part()
        out.append(res)
    return out


def read_facts(
    paths: Sequence[str], settings: Settings, jobs: int, cache: Cache | None
) -> list[FileResult]:
    """What the corpus phase reads of each of `paths`, with the facts read in
    from the cache now: for a caller that keeps them past the run (the editor
    server), whose cache a later run may write anew."""
    found = lint_files(paths, settings, jobs, None, cache, facts_only=True)
    try:
        for res in found:
            res.facts = dict(res.facts)
    except StaleFacts:
        if cache is None:
            raise
        cache.forget_lost()
        return read_facts(paths, settings, jobs, None)
    return found


def execute(run: Run, retry: bool = True) -> RunResult:
    """One whole run: per-file phase (cached, parallel), then the corpus phase."""
    result = RunResult()
    project = project_config(run.settings)
    listings = run.cache.listings if run.cache is not None else None
    files, errors = discover_paths(
        run.paths,
        project,
        run.settings.config_path is not None,
        listings,
        run.respect_gitignore,
        run.force_exclude,
    )
    result.errors.extend(errors)
    ctx = _context(run.settings)
    project_rules = selection.build(project, ctx.registry, run.settings.cli)
    results: list[FileResult] = []
    if run.stdin is not None:
        results.append(lint_stdin(*run.stdin, ctx))
    tick = run.progress(len(files), 0) if run.progress and files else None
    results.extend(lint_files(files, run.settings, run.jobs, tick, run.cache))
    extra: list[FileResult] = []
    if project.corpus and any(isinstance(r, CorpusRule) for r in project_rules.rules):
        corpus_files = _corpus_files(
            project, run.paths, [r.path for r in results], listings, run.respect_gitignore
        )
        ctick = run.progress(len(corpus_files), 0) if run.progress and corpus_files else None
        extra = lint_files(corpus_files, run.settings, run.jobs, ctick, run.cache, True)
    if run.cache is not None:
        run.cache.flush()
        run.cache.read_back(results)
        run.cache.read_back(extra)
    spill(results)
    try:
        found, lines = corpus_findings(
            results, extra, ctx, project_rules, run.cache, run.stdin, True
        )
    except StaleFacts:
        if run.cache is None:
            raise
        # The cache lost facts it said it had (or another run wrote a shard
        # anew since this one read it): drop what lost them and run once more
        # on what it holds now, and then without it.
        run.cache.forget_lost()
        return execute(run if retry else replace(run, cache=None), retry=False)
    del extra
    for r in results:
        r.facts = {}  # the corpus phase is over: let a large run's facts go
    result.results = results
    result.cross = found
    _merge_lines(result.lines, lines)
    return result


__all__ = [
    "ConfigError",
    "Context",
    "FileResult",
    "Run",
    "Settings",
    "execute",
    "registry",
    "reset",
]
