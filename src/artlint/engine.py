"""The run: discover files, lint each (in parallel), compare facts across files, filter.

The per-file phase is a pure function of (path, bytes, settings), which is what
lets it run in worker processes and be replayed from the cache.  The corpus phase
sees only the small facts each file yields, never whole articles.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from artlint import config as config_mod
from artlint import selection
from artlint.article import Article
from artlint.config import Config
from artlint.discover import discover_paths, in_globs
from artlint.errors import ConfigError
from artlint.model import FileError, Finding, Location, RunResult, Severity
from artlint.registry import Registry
from artlint.rule import CorpusRule
from artlint.selection import CliSelection, RuleSet
from artlint.suppress import Suppressions

# Codes of artlint's own findings (family AL).
AL_UNREADABLE = ("AL001", "unreadable-file")
AL_NOT_TEXT = ("AL002", "not-utf8")
AL_UNKNOWN_DIRECTIVE = ("AL003", "unknown-rule-in-directive")
AL_RULE_CRASHED = ("AL004", "rule-crashed")


@dataclass(frozen=True)
class Settings:
    """Everything about a run that a worker process needs to lint a file."""

    cli: CliSelection = CliSelection()
    config_path: str | None = None
    #: The project config's plugin files and house rules (absolute paths).
    plugins: tuple[str, ...] = ()
    house_rules: tuple[str, ...] = ()


@dataclass
class FileResult:
    """One file's outcome: what the cache stores and the corpus phase reads."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    suppressions: Suppressions = field(default_factory=Suppressions)
    enabled: frozenset[str] = frozenset()
    digest: str = ""


def al_finding(code_name: tuple[str, str], loc: Location, message: str,
               severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code_name[0], code_name[1], severity, message, loc)


# --------------------------------------------------------------------------- worker state

class Context:
    """Per-process memo of the registry and of one rule set per config file."""

    def __init__(self, settings: Settings) -> None:
        from artlint import registry

        self.settings = settings
        self.registry: Registry = registry.load(
            [Path(p) for p in settings.plugins], [Path(p) for p in settings.house_rules]
        )
        self._rulesets: dict[str | None, RuleSet] = {}

    def config_for(self, path: str) -> Config:
        if self.settings.config_path:
            return config_mod.find_for_file(Path(self.settings.config_path))
        return config_mod.find_for_dir(Path(os.path.abspath(path)).parent)

    def ruleset_for(self, path: str) -> RuleSet:
        cfg = self.config_for(path)
        key = str(cfg.path) if cfg.path else None
        rs = self._rulesets.get(key)
        if rs is None:
            rs = self._rulesets[key] = selection.build(cfg, self.registry, self.settings.cli)
        return rs


_CONTEXT: Context | None = None


def _context(settings: Settings) -> Context:
    global _CONTEXT
    if _CONTEXT is None or _CONTEXT.settings != settings:
        _CONTEXT = Context(settings)
    return _CONTEXT


# --------------------------------------------------------------------------- per-file phase

def _crash(rule_code: str, rule_name: str, path: str, exc: BaseException) -> Finding:
    return al_finding(
        AL_RULE_CRASHED, Location(path, 1, 1, 1, 1),
        f"rule {rule_code} ({rule_name}) crashed: {type(exc).__name__}: {exc}; other rules ran",
    )


def lint_article(article: Article, ctx: Context) -> FileResult:
    """Run every enabled rule on one parsed article and apply its suppressions."""
    from artlint import suppress

    rs = ctx.ruleset_for(article.path)
    ignored = rs.ignored_for(article.path)
    enabled = frozenset(r.code for r in rs.rules) - ignored
    sup, unknown = suppress.build(article, ctx.registry)
    raw: list[Finding] = []
    for directive, sel in unknown:
        raw.append(al_finding(
            AL_UNKNOWN_DIRECTIVE, article.location(directive.start, directive.end),
            f"suppression names unknown rule '{sel}'", Severity.WARNING))
    facts: dict[str, Any] = {}
    for code, rule in ctx.registry.rules.items():
        if isinstance(rule, CorpusRule):
            try:
                facts[code] = rule.fact(article, rs.options[code])
            except Exception as exc:
                raw.append(_crash(code, rule.name, article.path, exc))
    for rule in rs.rules:
        if rule.code not in enabled or isinstance(rule, CorpusRule):
            continue
        try:
            raw.extend(rule.check(article, rs.options[rule.code]))
        except Exception as exc:
            raw.append(_crash(rule.code, rule.name, article.path, exc))
    findings = [
        f if f.severity is rs.severity.get(f.code, f.severity) else replace(f, severity=rs.severity[f.code])
        for f in raw
        if (f.code in enabled or f.code.startswith("AL")) and not sup.suppressed(f.code, f.location.line)
    ]
    return FileResult(article.path, findings, facts, sup, enabled)


def lint_bytes(path: str, data: bytes, ctx: Context) -> FileResult:
    from artlint import readers

    try:
        article = readers.read_bytes(path, data)
    except readers.DecodeError as exc:
        return FileResult(path, [al_finding(AL_NOT_TEXT, Location(path, 1, 1, 1, 1), str(exc))])
    return lint_article(article, ctx)


def lint_path(path: str, ctx: Context) -> FileResult:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return FileResult(path, [al_finding(AL_UNREADABLE, Location(path, 1, 1, 1, 1),
                                            f"cannot read file: {reason}")])
    return lint_bytes(path, data, ctx)


def _worker_chunk(args: tuple[Settings, list[str]]) -> list[FileResult]:
    settings, paths = args
    ctx = _context(settings)
    return [lint_path(p, ctx) for p in paths]


def lint_many(paths: Sequence[str], settings: Settings, jobs: int,
              progress: Callable[[int], None] | None = None) -> Iterator[FileResult]:
    """Lint files in order, in worker processes when there are enough of them."""
    if jobs <= 1 or len(paths) < 64:
        ctx = _context(settings)
        for p in paths:
            yield lint_path(p, ctx)
            if progress:
                progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, min(256, len(paths) // (jobs * 8) or 16))
    chunks = [list(paths[i:i + size]) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for results in pool.map(_worker_chunk, [(settings, c) for c in chunks]):
            yield from results
            if progress:
                progress(len(results))


# --------------------------------------------------------------------------- corpus phase

def corpus_findings(results: Iterable[FileResult], extra_facts: dict[str, dict[str, Any]],
                    ctx: Context, project: RuleSet) -> list[Finding]:
    """Run enabled corpus rules over the facts of the run's files plus the corpus's."""
    by_path = {r.path: r for r in results}
    out: list[Finding] = []
    for rule in project.rules:
        if not isinstance(rule, CorpusRule):
            continue
        facts = [(p, r.facts[rule.code]) for p, r in by_path.items()
                 if r.facts.get(rule.code) is not None]
        facts += [(p, f[rule.code]) for p, f in extra_facts.items()
                  if p not in by_path and f.get(rule.code) is not None]
        try:
            found = list(rule.check_corpus(facts, project.options[rule.code]))
        except Exception as exc:
            out.append(_crash(rule.code, rule.name, "<corpus>", exc))
            continue
        for f in found:
            res = by_path.get(f.location.path)
            if res is None or f.code not in res.enabled:
                continue
            if res.suppressions.suppressed(f.code, f.location.line):
                continue
            sev = ctx.ruleset_for(res.path).severity.get(f.code, f.severity)
            out.append(f if f.severity is sev else replace(f, severity=sev))
    return out


# --------------------------------------------------------------------------- the run

@dataclass
class Run:
    """Inputs of one run, resolved from the command line."""

    paths: Sequence[str]
    settings: Settings = Settings()
    jobs: int = 1
    stdin: tuple[str, str] | None = None  # (filename, text) for `-`
    cache: Any = None  # artlint.cache.Cache or None
    progress: Callable[[int, int], Callable[[int], None]] | None = None


def project_config(settings: Settings) -> Config:
    if settings.config_path:
        return config_mod.find_for_file(Path(settings.config_path))
    return config_mod.find_for_dir(Path.cwd())


def execute(run: Run) -> RunResult:
    result = RunResult()
    project = project_config(run.settings)
    files, errors = discover_paths(run.paths, project, run.settings.config_path is not None)
    result.errors.extend(errors)
    ctx = _context(run.settings)
    project_rules = selection.build(project, ctx.registry, run.settings.cli)
    results: list[FileResult] = []
    if run.stdin is not None:
        name, text = run.stdin
        results.append(lint_bytes(name, text.encode("utf-8"), ctx))
    tick = run.progress(len(files), 0) if run.progress and files else None
    if run.cache is not None:
        results.extend(run.cache.lint(files, run.settings, run.jobs, tick))
    else:
        results.extend(lint_many(files, run.settings, run.jobs, tick))
    extra: dict[str, dict[str, Any]] = {}
    if project.corpus and any(isinstance(r, CorpusRule) for r in project_rules.rules):
        in_run = {os.path.normpath(r.path) for r in results}
        corpus_files = [p for p in discover_paths([str(project.root)], project, False)[0]
                        if in_globs(p, project.corpus, project.root)
                        and os.path.normpath(p) not in in_run]
        source: Iterable[FileResult] = (
            run.cache.lint(corpus_files, run.settings, run.jobs, None, facts_only=True)
            if run.cache is not None else lint_many(corpus_files, run.settings, run.jobs)
        )
        extra = {r.path: r.facts for r in source}
    for r in results:
        result.findings.extend(r.findings)
        result.files.append(r.path)
    result.findings.extend(corpus_findings(results, extra, ctx, project_rules))
    result.findings.sort(key=Finding.sort_key)
    return result


def find_config_error(paths: Sequence[str], settings: Settings) -> None:
    """Load every config the run will use up front, so a bad one stops the run early."""
    ctx = _context(settings)
    seen: set[str] = set()
    for p in paths:
        cfg = ctx.config_for(p)
        key = str(cfg.path)
        if key not in seen:
            seen.add(key)
            ctx.ruleset_for(p)


__all__ = ["ConfigError", "FileResult", "Run", "Settings", "execute"]
