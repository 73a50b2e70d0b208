"""The run: discover files, lint each (cached, in parallel), compare facts across files.

The phases live in modules of their own: `file_phase` (one file's bytes to its
findings and facts), `pool` (that over many files, in worker processes) and
`corpus_phase` (cross-file rules over the facts).  This module resolves what a
run covers and strings the phases together.
"""

# os.path, not pathlib, on purpose: it runs per file, where Path objects cost more
# than the work itself.
# ruff: noqa: PTH100, PTH109, PTH118

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from artlint import config as config_mod
from artlint import selection
from artlint.config import Config
from artlint.corpus_phase import _merge_lines, corpus_findings
from artlint.discover import Listing, discover_paths, walk
from artlint.errors import ConfigError
from artlint.file_phase import Context, Settings, _context, lint_stdin, registry, reset
from artlint.pool import lint_many
from artlint.results import FileResult, RunResult
from artlint.rule import CorpusRule


@dataclass
class Run:
    """Inputs of one run, resolved from the command line."""

    paths: Sequence[str]
    settings: Settings = field(default_factory=Settings)
    jobs: int = 1
    stdin: tuple[str, str] | None = None  # (filename, text) for `-`
    cache: Any = None  # artlint.cache.Cache or None
    progress: Callable[[int, int], Callable[[int], None]] | None = None
    respect_gitignore: bool = True
    #: Files named one by one go through include/exclude (the pre-commit hook).
    force_exclude: bool = False


def project_config(settings: Settings) -> Config:
    if settings.config_path:
        return config_mod.find_for_file(Path(settings.config_path))
    return config_mod.find_for_dir(Path.cwd())


def absolute(paths: Iterable[str]) -> list[str]:
    """`os.path.abspath` of many paths with one `getcwd` (it costs a syscall per call).

    A relative path with no `.`, `..` or doubled separator in it (what discovery
    yields) is simply appended to the working folder: normalising it again cost
    more than the rest of a warm run's bookkeeping for the file.
    """
    cwd = os.getcwd()
    here = os.path.join(cwd, "")
    sep, alt = os.sep, os.altsep or os.sep
    dot, double, leading = sep + ".", sep + sep, (sep, alt, ".")
    join, norm, isabs = os.path.join, os.path.normpath, os.path.isabs
    return [
        here + p
        if p
        and p[:1] not in leading
        and dot not in p
        and double not in p
        and alt not in p
        and ":" not in p
        else norm(p)
        if isabs(p)
        else norm(join(cwd, p))
        for p in paths
    ]


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


def execute(run: Run) -> RunResult:
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
    if run.cache is not None:
        results.extend(run.cache.lint(files, run.settings, run.jobs, tick))
    else:
        results.extend(lint_many(files, run.settings, run.jobs, tick))
    extra: list[FileResult] = []
    if project.corpus and any(isinstance(r, CorpusRule) for r in project_rules.rules):
        corpus_files = _corpus_files(
            project, run.paths, [r.path for r in results], listings, run.respect_gitignore
        )
        ctick = run.progress(len(corpus_files), 0) if run.progress and corpus_files else None
        source: Iterable[FileResult] = (
            run.cache.lint(corpus_files, run.settings, run.jobs, ctick, facts_only=True)
            if run.cache is not None
            else lint_many(corpus_files, run.settings, run.jobs, ctick, facts_only=True)
        )
        extra = list(source)
    if run.cache is not None:
        run.cache.flush()
    found, lines = corpus_findings(results, extra, ctx, project_rules, run.cache, run.stdin)
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
