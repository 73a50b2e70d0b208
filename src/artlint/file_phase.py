"""The per-file phase: one file's bytes to its findings, facts and suppressions.

It is a pure function of (path, bytes, settings), which is what lets it run in
worker processes (`artlint.pool`) and be replayed from the cache.  The worker
state it needs (the registry, one rule set per config) is memoised per process
in a `Context`.
"""

# os.path, not pathlib, on purpose: it runs per file, where Path objects cost more
# than the work itself.
# ruff: noqa: PTH100, PTH120

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from hashlib import blake2b
from pathlib import Path
from typing import Any, TypeVar

from artlint import codec, guard, patterns, readers, results, safe_io, selection, stamps, suppress
from artlint import config as config_mod
from artlint import registry as registry_mod
from artlint.article import Article
from artlint.config import Config
from artlint.model import RELATED_LIMIT, Finding, Location, Severity, capped
from artlint.registry import Registry
from artlint.results import FileResult, rendered
from artlint.rule import CorpusRule
from artlint.rules.internal import INTERNAL
from artlint.selection import CliSelection, RuleSet
from artlint.stamps import content_digest
from artlint.suppress import Suppressions


def _al(code: str) -> tuple[str, str]:
    """An AL code and its name, as the registry of artlint's own codes has them
    (`rules.internal.INTERNAL`): they are defined there alone."""
    return code, INTERNAL[code][0]


AL_UNREADABLE = _al("AL001")
AL_NOT_TEXT = _al("AL002")
AL_UNKNOWN_DIRECTIVE = _al("AL003")
AL_RULE_CRASHED = _al("AL004")
AL_TOO_LARGE = _al("AL005")
AL_RULE_TIMEOUT = _al("AL007")
AL_RULE_MISBEHAVED = _al("AL008")
AL_MISSPELT_DIRECTIVE = _al("AL009")


@dataclass(frozen=True)
class Settings:
    """Everything about a run that a worker process needs to lint a file."""

    cli: CliSelection = field(default_factory=CliSelection)
    config_path: str | None = None
    #: The project config's plugin files and house rules (absolute paths).
    plugins: tuple[str, ...] = ()
    house_rules: tuple[str, ...] = ()
    #: Seconds each per-file rule may spend on one file (0: no limit).
    rule_timeout: float = guard.DEFAULT_BUDGET


def al_finding(
    code_name: tuple[str, str], loc: Location, message: str, severity: Severity = Severity.ERROR
) -> Finding:
    return Finding(code_name[0], code_name[1], severity, message, loc)


# --------------------------------------------------------------------------- worker state


class Context:
    """Per-process memo of the registry and of one rule set per config file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.registry: Registry = registry_mod.load(
            [Path(p) for p in settings.plugins], [Path(p) for p in settings.house_rules]
        )
        #: By the identity of the Config object (the config loader memoises one per
        #: file), so a config reloaded after an edit gets a fresh rule set; the
        #: RuleSet holds its Config, which keeps the id from being reused.
        self._rulesets: dict[int, RuleSet] = {}
        #: By absolute folder: a site has thousands of files in a few folders, and
        #: building a Path per file costs more than replaying a cached one.
        self._by_folder: dict[str, Config] = {}

    def config_for(self, path: str) -> Config:
        if self.settings.config_path:
            return config_mod.find_for_file(Path(self.settings.config_path))
        folder = os.path.dirname(os.path.abspath(path))
        cfg = self._by_folder.get(folder)
        if cfg is None:
            cfg = self._by_folder[folder] = config_mod.find_for_dir(Path(folder))
        return cfg

    def ruleset_for(self, path: str) -> RuleSet:
        cfg = self.config_for(path)
        rs = self._rulesets.get(id(cfg))
        if rs is None or rs.config is not cfg:
            rs = self._rulesets[id(cfg)] = selection.build(cfg, self.registry, self.settings.cli)
        return rs


_CONTEXT: Context | None = None


def _context(settings: Settings) -> Context:
    global _CONTEXT
    if _CONTEXT is None or _CONTEXT.settings != settings:
        _CONTEXT = Context(settings)
    return _CONTEXT


def reset() -> None:
    """Forget configs and plugins read by earlier runs in this process.

    One process may run several checks (an editor, the tests); each must see the
    configs and plugins as they are now.
    """
    global _CONTEXT
    config_mod.clear_caches()
    patterns.forget()
    _CONTEXT = None


def registry(settings: Settings) -> Registry:
    """The rules a run with `settings` uses (for reporters' rule metadata)."""
    return _context(settings).registry


# --------------------------------------------------------------------------- per-file phase


def _crash(rule_code: str, rule_name: str, path: str, exc: BaseException) -> Finding:
    return al_finding(
        AL_RULE_CRASHED,
        Location(path, 1, 1, 1, 1),
        f"rule {rule_code} ({rule_name}) crashed: {type(exc).__name__}: {exc}; other rules ran",
    )


_T = TypeVar("_T")
_A = TypeVar("_A")


def _guarded(
    code: str, name: str, path: str, call: Callable[[], _T], budget: float, where: str = "check"
) -> tuple[_T | None, Finding | None]:
    """`call()` under the rule's time budget, or None and the AL finding that says
    why the rule's output on `path` is missing."""
    try:
        return guard.within(call, budget), None
    except guard.RuleTimeout:
        return None, al_finding(
            AL_RULE_TIMEOUT,
            Location(path, 1, 1, 1, 1),
            f"rule {code} ({name}) ran past its {budget:g} s budget on this file and was "
            "stopped; its findings here are missing (see --rule-timeout); other rules ran",
        )
    except guard.Misbehaved as exc:
        return None, al_finding(
            AL_RULE_MISBEHAVED,
            Location(path, 1, 1, 1, 1),
            f"rule {code} ({name}) {exc} in {where}; its findings here are missing; "
            "other rules ran",
        )
    except Exception as exc:
        return None, _crash(code, name, path, exc)


def _listed(produce: Callable[[_A, Any], Iterable[Any]], subject: _A, options: Any) -> list[Any]:
    """Everything a rule yields, drawn while its budget runs."""
    return list(produce(subject, options))


def _checked(
    code: str, name: str, path: str, items: list[Any], problem: Callable[[object], str | None]
) -> tuple[list[Finding], Finding | None]:
    """The findings among what a rule yielded that a report can show, and one AL
    finding for the rest (a plugin's non-Finding, or a place outside the file)."""
    kept: list[Finding] = []
    bad: list[str] = []
    for item in items:
        why = problem(item)
        if why is None:
            if len(item.related) > RELATED_LIMIT + 1:  # a plugin's, say: the same cap
                item = replace(item, related=capped(item.related))
            kept.append(item)
        else:
            bad.append(why)
    if not bad:
        return kept, None
    more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
    return kept, al_finding(
        AL_RULE_MISBEHAVED,
        Location(path, 1, 1, 1, 1),
        f"rule {code} ({name}) yielded {bad[0]}{more}; left out of the report",
    )


def _line_texts(article: Article, findings: Iterable[Finding]) -> dict[int, str]:
    starts, text = article.index.starts, article.text
    out: dict[int, str] = {}
    for f in findings:
        n = f.location.line
        if n not in out and 0 < n <= len(starts):
            end = text.find("\n", starts[n - 1])
            out[n] = text[starts[n - 1] : end if end != -1 else len(text)].rstrip("\r")
    return out


def _file_result(
    path: str,
    findings: list[Finding],
    lines: dict[int, str],
    facts: dict[str, bytes] | None = None,
    suppressions: Suppressions | None = None,
    enabled: frozenset[str] = frozenset(),
) -> FileResult:
    """A file's findings packed as rows in report order, each with its text report."""

    def source(_path: str, n: int) -> str | None:
        return lines.get(n)

    rows, texts = rendered(findings, source, path).get(path, ([], []))
    facts = facts or {}
    return FileResult(
        path,
        results.pack(path, rows, suppressions or Suppressions(), enabled, lines),
        facts,
        texts=codec.pack_texts(path, texts),
        facts_digest=facts_digest(facts),
        tally=results.tally_of(rows),
    )


def lint_article(article: Article, ctx: Context) -> FileResult:
    """Run every enabled rule on one parsed article and apply its suppressions."""
    rs = ctx.ruleset_for(article.path)
    enabled = rs.reported_for(article.path)
    sup, unknown = suppress.build(article, ctx.registry)
    raw: list[Finding] = []
    for directive, sel in unknown:
        meant = suppress.misspelt(directive)
        if meant is not None:
            hint = f" (did you mean 'artlint-{meant}'?)" if meant else ""
            raw.append(
                al_finding(
                    AL_MISSPELT_DIRECTIVE,
                    article.location(directive.start, directive.end),
                    f"unknown directive 'artlint-{directive.verb}'{hint}; it disables nothing",
                    Severity.WARNING,
                )
            )
            continue
        raw.append(
            al_finding(
                AL_UNKNOWN_DIRECTIVE,
                article.location(directive.start, directive.end),
                f"suppression names unknown rule '{sel}'",
                Severity.WARNING,
            )
        )
    facts: dict[str, bytes] = {}
    budget, path = ctx.settings.rule_timeout, article.path
    complete = True
    for code, rule in ctx.registry.rules.items():
        if isinstance(rule, CorpusRule):
            fact, trouble = _guarded(
                code, rule.name, path, partial(rule.fact, article, rs.options[code]), budget, "fact"
            )
            if fact is not None:
                try:
                    facts[code] = codec.dumps_fact(fact, path)
                except Exception as exc:
                    trouble = _crash(code, rule.name, path, exc)
            if trouble is not None:
                raw.append(trouble)
                complete = complete and trouble.code != AL_RULE_TIMEOUT[0]
    problem = guard.checker(article)
    for rule in rs.rules:
        if rule.code not in enabled or not rule.runs or isinstance(rule, CorpusRule):
            continue
        found, trouble = _guarded(
            rule.code,
            rule.name,
            path,
            partial(_listed, rule.check, article, rs.options[rule.code]),
            budget,
        )
        if found is not None:
            found, trouble = _checked(rule.code, rule.name, path, found, problem)
            raw.extend(found)
        if trouble is not None:
            raw.append(trouble)
            complete = complete and trouble.code != AL_RULE_TIMEOUT[0]
    severity = rs.severity
    findings = [
        f
        if f.severity is severity.get(f.code, f.severity)
        else replace(f, severity=severity[f.code])
        for f in raw
        if f.code in enabled and not sup.suppressed(f.code, f.location.line)
    ]
    res = _file_result(article.path, findings, _line_texts(article, findings), facts, sup, enabled)
    res.complete = complete
    return res


def lint_bytes(path: str, data: bytes, ctx: Context) -> FileResult:
    try:
        article = readers.read_bytes(path, data)
    except readers.DecodeError as exc:
        found = al_finding(AL_NOT_TEXT, Location(path, 1, 1, 1, 1), str(exc))
        return _file_result(path, _reported([found], ctx, path), {})
    return lint_article(article, ctx)


def _reported(findings: list[Finding], ctx: Context, path: str) -> list[Finding]:
    """The AL findings of a file no rule saw that its selection reports."""
    codes = ctx.ruleset_for(path).reported_for(path)
    return [f for f in findings if f.code in codes]


def lint_stdin(name: str, text: str, ctx: Context) -> FileResult:
    """Lint text read from standard input (bytes that are not UTF-8 kept as
    surrogates) exactly as the same bytes in a file would be."""
    data = readers.piped(text)
    limit = ctx.config_for(name).max_file_size
    if limit and len(data) > limit:
        return _unreadable(name, safe_io.FileTooLarge(name, len(data), limit, at_least=True), ctx)
    return lint_bytes(name, data, ctx)


def _unreadable(path: str, exc: OSError, ctx: Context) -> FileResult:
    reason = exc.strerror or str(exc)
    if isinstance(exc, safe_io.FileTooLarge):
        found = al_finding(
            AL_TOO_LARGE,
            Location(path, 1, 1, 1, 1),
            f"file not read: {reason} (raise 'max-file-size' in the config to lint it)",
        )
    else:
        found = al_finding(AL_UNREADABLE, Location(path, 1, 1, 1, 1), f"cannot read file: {reason}")
    return _file_result(path, _reported([found], ctx, path), {})


def facts_digest(facts: dict[str, bytes]) -> bytes:
    """One fixed-length digest of all of a file's corpus facts.

    What the corpus rules see of a file is its name and these facts, so a run
    whose files have the same names and fact digests as the last run's gives
    every rule the same input: an edit that leaves the facts alone (most body
    edits) then costs no rule any work, not even working out its own key.
    """
    h = blake2b(digest_size=16)
    for code in sorted(facts):
        fact = facts[code]
        h.update(b"%s\0%d\0" % (code.encode(), len(fact)))
        h.update(fact)
    return h.digest()


def lint_record(path: str, ctx: Context) -> FileResult:
    """Read, lint and encode one file (runs in worker processes), with what the
    cache needs to store it: digest, stamp and the other files its rules read."""
    try:
        data, st = safe_io.read_regular(path, ctx.config_for(path).max_file_size)
    except OSError as exc:
        return _unreadable(path, exc, ctx)  # no digest: not cached
    stat_at = time.time_ns()
    with stamps.noting() as noted:
        res = lint_bytes(path, data, ctx)
    if not res.complete:  # a rule ran out of time: like an unreadable file, not cached
        return res
    res.digest = content_digest(data)
    res.stat, res.stat_at = stamps.stat_key(st), stat_at
    res.deps = stamps.dependencies(noted)
    return res
