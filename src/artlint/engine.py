"""The run: discover files, lint each (in parallel), compare facts across files, filter.

The per-file phase is a pure function of (path, bytes, settings), which is what
lets it run in worker processes and be replayed from the cache.  The corpus phase
sees only the small facts each file yields, never whole articles.
"""

# os.path, not pathlib, on purpose: it runs per file, where Path objects cost more
# than the work itself.
# ruff: noqa: PTH100, PTH109, PTH118, PTH120, PTH123

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol, TypeVar

from artlint import config as config_mod
from artlint import guard, results, selection
from artlint.article import Article
from artlint.codec import Row
from artlint.config import Config
from artlint.discover import Listing, discover_paths, walk
from artlint.errors import ConfigError
from artlint.model import RELATED_LIMIT, Finding, Location, Severity, capped
from artlint.registry import Registry
from artlint.results import FileResult, LinesByPath, Rendered, RunResult, rendered
from artlint.rule import CorpusRule
from artlint.selection import CliSelection, RuleSet
from artlint.stamps import Dependency, StatKey, content_digest
from artlint.suppress import Suppressions

# Codes of artlint's own findings (family AL).
AL_UNREADABLE = ("AL001", "unreadable-file")
AL_NOT_TEXT = ("AL002", "not-utf8")
AL_UNKNOWN_DIRECTIVE = ("AL003", "unknown-rule-in-directive")
AL_RULE_CRASHED = ("AL004", "rule-crashed")
AL_TOO_LARGE = ("AL005", "file-too-large")
AL_RULE_TIMEOUT = ("AL007", "rule-timeout")
AL_RULE_MISBEHAVED = ("AL008", "rule-misbehaved")
AL_MISSPELT_DIRECTIVE = ("AL009", "unknown-directive")


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
        from artlint import registry

        self.settings = settings
        self.registry: Registry = registry.load(
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
    from artlint import patterns

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
    from artlint import codec

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
    from artlint import codec, suppress

    rs = ctx.ruleset_for(article.path)
    ignored = rs.ignored_for(article.path)
    enabled = frozenset(r.code for r in rs.rules) - ignored
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
                    facts[code] = codec.dumps(fact, path)
                except Exception as exc:
                    trouble = _crash(code, rule.name, path, exc)
            if trouble is not None:
                raw.append(trouble)
                complete = complete and trouble.code != AL_RULE_TIMEOUT[0]
    problem = guard.checker(article)
    for rule in rs.rules:
        if rule.code not in enabled or isinstance(rule, CorpusRule):
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
        if (f.code in enabled or f.code.startswith("AL"))
        and not sup.suppressed(f.code, f.location.line)
    ]
    res = _file_result(article.path, findings, _line_texts(article, findings), facts, sup, enabled)
    res.complete = complete
    return res


def lint_bytes(path: str, data: bytes, ctx: Context) -> FileResult:
    from artlint import readers

    try:
        article = readers.read_bytes(path, data)
    except readers.DecodeError as exc:
        return _file_result(
            path, [al_finding(AL_NOT_TEXT, Location(path, 1, 1, 1, 1), str(exc))], {}
        )
    return lint_article(article, ctx)


def lint_stdin(name: str, text: str, ctx: Context) -> FileResult:
    """Lint text read from standard input (bytes that are not UTF-8 kept as
    surrogates) exactly as the same bytes in a file would be."""
    from artlint.safe_io import FileTooLarge

    data = text.encode("utf-8", "surrogateescape")
    limit = ctx.config_for(name).max_file_size
    if limit and len(data) > limit:
        return _unreadable(name, FileTooLarge(name, len(data), limit, at_least=True))
    return lint_bytes(name, data, ctx)


def _unreadable(path: str, exc: OSError) -> FileResult:
    from artlint.safe_io import FileTooLarge

    reason = exc.strerror or str(exc)
    if isinstance(exc, FileTooLarge):
        return _file_result(
            path,
            [
                al_finding(
                    AL_TOO_LARGE,
                    Location(path, 1, 1, 1, 1),
                    f"file not read: {reason} (raise 'max-file-size' in the config to lint it)",
                )
            ],
            {},
        )
    return _file_result(
        path,
        [al_finding(AL_UNREADABLE, Location(path, 1, 1, 1, 1), f"cannot read file: {reason}")],
        {},
    )


@dataclass
class Record:
    """One freshly linted file, encoded in the worker (see `artlint.codec`).

    The parent keeps the bytes: the cache stores them as they are, and facts are
    decoded only by a corpus rule that has to run.
    """

    path: str
    stat: StatKey | None  # None: unreadable, or too recently modified to trust
    digest: str  # "" when unreadable (not cached)
    facts: dict[str, bytes]
    packed: bytes  # findings, suppressions, enabled codes, excerpt lines (`results.pack`)
    #: The findings' text reports (`codec.pack_texts`).
    texts: bytes | None
    facts_digest: bytes  # see `facts_digest`
    tally: tuple[int, str]  # see `FileResult.tally`
    #: Other files the rules read for this one (`stamps.note`).
    deps: tuple[Dependency, ...] = ()

    @classmethod
    def of(
        cls, res: FileResult, stat: StatKey | None, digest: str, deps: tuple[Dependency, ...] = ()
    ) -> Record:
        return cls(
            res.path,
            stat,
            digest,
            res.facts,
            res.packed,
            res.texts,
            res.facts_digest,
            res.tally,
            deps,
        )

    def result(self, facts_only: bool = False) -> FileResult:
        """The file's result; with `facts_only`, only its facts (a corpus file)."""
        return decode(
            self.path,
            self.digest,
            self.facts,
            None if facts_only else self.packed,
            self.texts,
            self.facts_digest,
            self.tally,
        )


def facts_digest(facts: dict[str, bytes]) -> bytes:
    """One fixed-length digest of all of a file's corpus facts.

    What the corpus rules see of a file is its name and these facts, so a run
    whose files have the same names and fact digests as the last run's gives
    every rule the same input: an edit that leaves the facts alone (most body
    edits) then costs no rule any work, not even working out its own key.
    """
    from hashlib import blake2b

    h = blake2b(digest_size=16)
    for code in sorted(facts):
        fact = facts[code]
        h.update(b"%s\0%d\0" % (code.encode(), len(fact)))
        h.update(fact)
    return h.digest()


def decode(
    path: str,
    digest: str,
    facts: dict[str, bytes],
    packed: bytes | None,
    texts: bytes | None = None,
    facts_sig: bytes = b"",
    tally: tuple[int, str] = (0, ""),
) -> FileResult:
    """A `FileResult` named `path`; with `packed` None, only its facts (corpus files)."""
    if packed is None:
        return FileResult(path, b"", facts, digest, facts_digest=facts_sig)
    return FileResult(path, packed, facts, digest, texts, facts_sig, tally)


def lint_record(path: str, ctx: Context) -> Record:
    """Read, lint and encode one file (runs in worker processes)."""
    from artlint import safe_io, stamps

    try:
        data, st = safe_io.read_regular(path, ctx.config_for(path).max_file_size)
    except OSError as exc:
        res = _unreadable(path, exc)
        return Record.of(res, None, "")
    with stamps.noting() as noted:
        res = lint_bytes(path, data, ctx)
    if not res.complete:  # a rule ran out of time: like an unreadable file, not cached
        return Record.of(res, None, "")
    return Record.of(res, stamps.trusted(st), content_digest(data), stamps.dependencies(noted))


# --------------------------------------------------------------------------- parallelism

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


def _record_chunk(args: tuple[Settings, list[str]]) -> list[Record]:
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


def lint_records(
    paths: Sequence[str],
    settings: Settings,
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Lint and encode files, in the order of `paths` whatever the worker count."""
    return _map_ordered(_record_chunk, paths, settings, jobs, progress)


def lint_many(
    paths: Sequence[str],
    settings: Settings,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    facts_only: bool = False,
) -> Iterator[FileResult]:
    """Lint files without a cache, yielding results in the order of `paths`."""
    for rec in lint_records(paths, settings, jobs, progress):
        yield rec.result(facts_only)


# --------------------------------------------------------------------------- corpus phase

#: A corpus rule's findings by path, the text of the lines they point at, and
#: the content digest each of those files had then.
CorpusOutput = tuple[dict[str, Rendered], dict[str, dict[int, str]], dict[str, str]]


class CorpusMemo(Protocol):
    """Where a corpus rule's output is kept between runs (`artlint.cache.Cache`).

    A rule's output is a pure function of its options and of the (path, fact)
    list it is given, so when no fact changed since the last run the rule need
    not run at all, nor its facts be decoded.
    """

    def get(self, code: str, key: str) -> CorpusOutput | None: ...

    def put(self, code: str, key: str, output: CorpusOutput) -> None: ...

    def keys(self, signature: str) -> dict[str, str] | None:
        """Each rule's input key of the last run, if that run had this signature."""
        ...

    def remember(self, signature: str, keys: dict[str, str]) -> None: ...


def _signature(files: Sequence[FileResult], project: RuleSet) -> str:
    """What every corpus rule's input is a function of: each file's name and facts
    (by `facts_digest`), and the rules' options.  Two joins over the files, where
    working out each rule's own key reads every fact: a run in which no fact
    changed only needs this.  "" when a file has no facts digest (text read from
    standard input): then each rule's key is worked out from its facts."""
    from hashlib import blake2b

    sigs = [r.facts_digest for r in files]
    if not all(sigs):
        return ""
    options = [
        (r.code, sorted(project.options[r.code].items()))
        for r in project.rules
        if isinstance(r, CorpusRule)
    ]
    h = blake2b(repr(options).encode("utf-8", "surrogatepass"), digest_size=16)
    h.update("\0".join([r.path for r in files]).encode("utf-8", "surrogatepass"))
    h.update(b"".join(sigs))  # each one 16 bytes: no ambiguity
    return h.hexdigest()


def _inputs_key(code: str, options: Any, inputs: Sequence[tuple[str, bytes]]) -> str:
    from array import array
    from hashlib import blake2b

    h = blake2b(
        repr((code, sorted(options.items()))).encode("utf-8", "surrogatepass"), digest_size=16
    )
    # The paths, then each fact's length, then every fact: one unambiguous stream
    # (a path holds no NUL), built by joins rather than a string per input.
    h.update("\0".join([p for p, _ in inputs]).encode("utf-8", "surrogatepass"))
    h.update(array("Q", [len(f) for _, f in inputs]).tobytes())
    h.update(b"".join([f for _, f in inputs]))
    return h.hexdigest()


def _read_lines(
    findings: Iterable[Finding],
    known: Mapping[str, dict[int, str]],
    stdin: tuple[str, str] | None = None,
) -> dict[str, dict[int, str]]:
    """The text of the lines `findings` point at that `known` lacks, read from disk
    (or from `stdin`, a (name, text) pair, for the file read from standard input)."""
    wanted: dict[str, set[int]] = {}
    for f in findings:
        loc = f.location
        if loc.line not in known.get(loc.path, {}):
            wanted.setdefault(loc.path, set()).add(loc.line)
    out: dict[str, dict[int, str]] = {}
    for path, numbers in wanted.items():
        if stdin is not None and path == stdin[0]:
            text = stdin[1].split("\n")
        else:
            try:
                with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
                    text = fh.read().split("\n")
            except OSError:
                continue
        out[path] = {n: text[n - 1].rstrip("\r") for n in numbers if 0 < n <= len(text)}
    return out


def corpus_findings(
    results: Sequence[FileResult],
    extra: Sequence[FileResult],
    ctx: Context,
    project: RuleSet,
    memo: CorpusMemo | None = None,
    stdin: tuple[str, str] | None = None,
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    """Run enabled corpus rules over the facts of the run's files plus the corpus's.

    `extra` holds corpus files the run did not lint (facts only); `stdin` is the
    (name, text) of a file read from standard input.  Returns the findings on the
    run's own files, by path as rows with their text, and the text of the lines
    they point at.
    """
    from artlint import codec

    by_path = {r.path: r for r in results}
    known = LinesByPath(results)
    # By path: a pre-commit run over one file then gives each rule the same input
    # (and the run the same signature) as a whole-site run, and reuses its output.
    everything = sorted(
        [*results, *(r for r in extra if r.path not in by_path)], key=attrgetter("path")
    )
    digests = {r.path: r.digest for r in everything}
    signature = _signature(everything, project) if memo is not None else ""
    last_keys = memo.keys(signature) if memo is not None and signature else None
    keys: dict[str, str] = {}
    severities: dict[str, dict[str, Severity]] = {}
    out: dict[str, Rendered] = {}
    lines: dict[str, dict[int, str]] = {}
    for rule in project.rules:
        if not isinstance(rule, CorpusRule):
            continue
        code = rule.code
        options = project.options[code]
        inputs: list[tuple[str, bytes]] | None = None
        key = last_keys.get(code) if last_keys is not None else None
        if key is None:
            inputs = _rule_inputs(code, everything)
            key = _inputs_key(code, options, inputs)
        keys[code] = key
        memoised = memo.get(code, key) if memo is not None else None
        if memoised is not None:
            found, found_lines, then = memoised
            # Read from disk: it may quote and re-read only files of this run.
            found = {p: v for p, v in found.items() if p in digests}
            found_lines = {p: v for p, v in found_lines.items() if p in digests}
            for path in [p for p in found if then.get(p) != digests.get(p)]:
                # Edited without changing this rule's facts: same findings, but
                # the lines they quote may read differently now.
                again, fresh = _with_lines(
                    codec.findings_from_rows(found[path][0], path), known, stdin
                )
                found[path], found_lines[path] = again[path], fresh.get(path, {})
        else:
            if inputs is None:
                inputs = _rule_inputs(code, everything)
            facts = [(p, codec.loads(b, p)) for p, b in inputs]
            got, trouble = _guarded(
                code,
                rule.name,
                "<corpus>",
                partial(_listed, rule.check_corpus, facts, options),
                0,
                "check_corpus",
            )
            findings: list[Finding] = []
            if got is not None:
                findings, trouble = _checked(
                    code, rule.name, "<corpus>", got, _corpus_checker(everything)
                )
            if trouble is not None:
                for path, (rows, texts) in rendered([trouble], _no_source).items():
                    _extend(out, path, rows, texts)
                if got is None:
                    continue
            found, found_lines = _with_lines(findings, known, stdin)
            if memo is not None:
                memo.put(code, key, (found, found_lines, {p: digests.get(p, "") for p in found}))
        _merge_lines(lines, found_lines)
        for path, (rows, texts) in found.items():
            res = by_path.get(path)
            if res is None:
                continue
            folder = os.path.dirname(path)  # configs apply per folder
            severity = severities.get(folder)
            if severity is None:
                severity = severities[folder] = ctx.ruleset_for(path).severity
            kept_rows, kept_texts = [], []
            _, suppressions, enabled, _ = res.unpack()
            for row, text in zip(rows, texts, strict=True):
                row_code = row[0]
                if row_code not in enabled or suppressions.suppressed(row_code, row[4]):
                    continue
                sev = severity.get(row_code)
                if sev is not None and sev.value != row[2]:
                    row = (*row[:2], sev.value, *row[3:])
                kept_rows.append(row)
                kept_texts.append(text)
            _extend(out, path, kept_rows, kept_texts)
    if memo is not None and signature and keys != last_keys:
        memo.remember(signature, keys)
    return out, lines


def _corpus_checker(files: Sequence[FileResult]) -> Callable[[object], str | None]:
    """`guard.finding_problem` for a cross-file rule's findings: on a file of the
    corpus, in shape (the files' texts are not at hand)."""
    paths = {r.path for r in files}

    def problem(obj: object) -> str | None:
        loc = getattr(obj, "location", None)
        path = getattr(loc, "path", None)
        if isinstance(obj, Finding) and path not in paths:
            return f"a finding on a file outside the corpus ({path!r})"
        return guard.finding_problem(obj, path if isinstance(path, str) else "", 0)

    return problem


def _no_source(_path: str, _n: int) -> str | None:
    return None


def _with_lines(
    findings: list[Finding],
    known: Mapping[str, dict[int, str]],
    stdin: tuple[str, str] | None = None,
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    """Cross-file `findings` rendered by path, quoting their lines from `known` or
    else as the files read now, and the lines that had to be read."""
    read = _read_lines(findings, known, stdin)

    def source(path: str, n: int) -> str | None:
        line = read.get(path, {}).get(n)
        return line if line is not None else known.get(path, {}).get(n)

    return rendered(findings, source), read


def _extend(out: dict[str, Rendered], path: str, rows: list[Row], texts: list[str]) -> None:
    if rows:
        have_rows, have_texts = out.setdefault(path, ([], []))
        have_rows.extend(rows)
        have_texts.extend(texts)


def _rule_inputs(code: str, files: Iterable[FileResult]) -> list[tuple[str, bytes]]:
    """(path, encoded fact) of every file of `files` with a fact for `code`."""
    return [(r.path, r.facts[code]) for r in files if code in r.facts]


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


def _merge_lines(into: dict[str, dict[int, str]], more: dict[str, dict[int, str]]) -> None:
    for path, numbers in more.items():
        into.setdefault(path, {}).update(numbers)


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


__all__ = ["ConfigError", "FileResult", "Run", "Settings", "execute", "registry", "reset"]
