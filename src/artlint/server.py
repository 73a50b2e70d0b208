"""`artlint server`: the Language Server Protocol over stdio, on pygls.

A buffer is linted as the file it names, the way `artlint --stdin-filename PATH -`
lints it, and the cross-file rules see the rest of the site through the same
cache as the command line.  The other files' facts are read once and kept: a
keystroke costs the buffer's own lint and the corpus rules whose input changed,
never a walk of the site.  They are refreshed per file on save and on the
client's file events, and in full when a config changes.

Only this module imports pygls, and the CLI imports it only for `artlint server`.
"""

# os.path.abspath, not Path.resolve: names must match the engine's, which keep symlinks.
# ruff: noqa: PTH100

from __future__ import annotations

import asyncio
import os
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from artlint import (
    __version__,
    codec,
    corpus_phase,
    engine,
    file_phase,
    pages,
    readers,
    rule_meta,
    selection,
)
from artlint import config as config_mod
from artlint.article import Article
from artlint.cache import Cache
from artlint.discover import walk
from artlint.errors import ConfigError
from artlint.fix import choose, placed
from artlint.model import Edit, Finding, Location, Severity
from artlint.results import FileResult
from artlint.rule import CorpusRule

FIX_ALL = "source.fixAll.artlint"
#: Seconds to wait after a change before linting, so that a burst of keystrokes
#: costs one lint (the client's `initializationOptions.debounce` overrides it, in ms).
DEBOUNCE = 0.03
#: A cross-file rule whose last run took longer than this many seconds is not rerun
#: on a keystroke: its last findings stay up until typing pauses for IDLE seconds.
SLOW = 0.05
IDLE = 0.5
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_WATCHED = (
    "**/.artlint.yaml",
    "**/.artlint.yml",
    "**/pyproject.toml",
    "**/*.md",
    "**/*.markdown",
    "**/*.txt",
)


# --------------------------------------------------------------------------- positions


def units(text: str, encoding: str) -> int:
    """Length of `text` in the client's position units (LSP counts UTF-16 by default)."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class Lines:
    """The lines of one text, to turn artlint's 1-based character columns and
    offsets into LSP positions (0-based lines, columns in the client's units)."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line(self, n: int) -> str:
        """Line `n` (1-based) without its line ending; "" past the end."""
        if not 0 < n <= len(self.starts):
            return ""
        start = self.starts[n - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end != -1 else len(self.text)].rstrip("\r")

    def position(self, line: int, column: int) -> types.Position:
        text = self.line(line)
        return types.Position(max(line - 1, 0), units(text[: max(column - 1, 0)], self.encoding))

    def range(self, loc: Location) -> types.Range:
        return types.Range(
            self.position(loc.line, loc.column), self.position(loc.end_line, loc.end_column)
        )

    def at_offset(self, offset: int) -> types.Position:
        line = bisect_right(self.starts, offset)
        return self.position(line, offset - self.starts[line - 1] + 1)


# --------------------------------------------------------------------------- the linter


@dataclass
class Linted:
    """One buffer's last lint: what code actions and hover answer from."""

    version: int | None
    lines: Lines
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    body_start: int = 0


@dataclass
class Linter:
    """The project as the command line sees it from `root`, with its corpus facts."""

    root: str
    use_cache: bool = True
    settings: engine.Settings = field(default_factory=engine.Settings)
    cache: Any = None
    #: Per corpus rule: (path, decoded fact) of every corpus file that has one, by
    #: path, decoded once rather than on every keystroke.
    decoded: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    #: By (buffer, rule): the buffer's encoded fact and the rule's findings on it,
    #: so a keystroke that leaves a rule's fact alone does not rerun the rule.
    cross: dict[tuple[str, str], tuple[bytes, list[Finding]]] = field(default_factory=dict)
    #: Seconds each corpus rule took on its last run.
    cost: dict[str, float] = field(default_factory=dict)
    #: Facts of the corpus files as on disk, by the name the command line gives them.
    corpus: dict[str, FileResult] | None = None
    #: (path, mtime_ns) of each config file the last lints used.
    config_stamps: dict[str, int] = field(default_factory=dict)
    pages: dict[str, str | None] = field(default_factory=dict)

    def reload(self) -> None:
        """Forget configs, plugins and corpus facts: read them again as they are now."""
        engine.reset()
        project = engine.project_config(engine.Settings())
        configs = [project]
        plugins, house = config_mod.plugin_files(configs)
        self.settings = engine.Settings(plugins=plugins, house_rules=house)
        self.cache = None
        if self.use_cache:
            directory = str(project.root / (project.cache_dir or ".artlint_cache"))
            self.cache = Cache(directory, self.settings, engine.registry(self.settings))
        self.forget_facts()
        self.corpus = None
        self.pages.clear()
        self.config_stamps = {}
        if project.path is not None:
            self._stamp(project.path)

    def _stamp(self, path: Path) -> None:
        try:
            self.config_stamps[str(path)] = path.stat().st_mtime_ns
        except OSError:
            self.config_stamps[str(path)] = -1

    def forget_facts(self) -> None:
        self.decoded.clear()
        self.cross.clear()
        self.cost.clear()

    def configs_changed(self) -> bool:
        for path, mtime in self.config_stamps.items():
            try:
                now = Path(path).stat().st_mtime_ns
            except OSError:
                now = -1
            if now != mtime:
                return True
        return False

    def name(self, path: str) -> str:
        """`path` as the command line names it: relative to the root when inside it."""
        rel = os.path.relpath(os.path.abspath(path), self.root)
        return path if rel == ".." or rel.startswith(".." + os.sep) else rel

    def _corpus_paths(self) -> list[str]:
        project = engine.project_config(self.settings)
        listings = self.cache.listings if self.cache is not None else None
        if project.corpus:
            return engine._corpus_files(project, [], [], listings)
        # No corpus configured: the site is what `artlint` at the root would lint.
        return walk(".", project, (), listings)

    def _facts(self, paths: Sequence[str]) -> Iterable[FileResult]:
        return engine.read_facts(paths, self.settings, os.cpu_count() or 1, self.cache)

    def corpus_facts(self) -> dict[str, FileResult]:
        if self.corpus is None:
            paths = self._corpus_paths()
            self.corpus = {r.path: r for r in self._facts(paths)}
            if self.cache is not None:
                self.cache.flush()
        return self.corpus

    def refresh(self, paths: Iterable[str]) -> None:
        """Read again the facts of files that changed on disk (saved, or changed by
        another program); a file that is gone leaves the corpus."""
        if self.corpus is None:
            return
        names = [self.name(p) for p in paths]
        gone = [n for n in names if not Path(n).is_file()]
        for n in gone:
            self.corpus.pop(n, None)
        present = [n for n in names if n not in gone and n in self.corpus]
        added = [n for n in names if n not in gone and n not in self.corpus]
        if added:  # a new file: whether it belongs takes the corpus globs
            wanted = set(self._corpus_paths())
            present += [n for n in added if n in wanted]
        for res in self._facts(present):
            self.corpus[res.path] = res
        self.forget_facts()
        if self.cache is not None and present:
            self.cache.flush()

    def lint(
        self, path: str, text: str, quick: bool = False
    ) -> tuple[list[Finding], Article | None, bool]:
        """The findings of `text` as the file `path`, its own and cross-file, and
        whether some are stale: with `quick` (a keystroke), a slow cross-file rule
        whose input changed keeps its last findings instead of running."""
        if self.configs_changed():
            self.reload()
        name = self.name(path)
        ctx = file_phase._context(self.settings)
        cfg = ctx.config_for(name)
        if cfg.path is not None and str(cfg.path) not in self.config_stamps:
            self._stamp(cfg.path)
        data = readers.piped(text)
        article = None
        if not cfg.max_file_size or len(data) <= cfg.max_file_size:
            try:
                article = readers.read_bytes(name, data)
            except readers.DecodeError:
                article = None
        res = (
            file_phase.lint_article(article, ctx)
            if article is not None
            else file_phase.lint_stdin(name, text, ctx)
        )
        findings = res.findings
        cross, stale = self._cross_file(name, res, ctx, quick)
        if cross:
            findings = sorted([*findings, *cross], key=Finding.sort_key)
        return findings, article, stale

    def _cross_file(
        self, name: str, res: FileResult, ctx: file_phase.Context, quick: bool
    ) -> tuple[list[Finding], bool]:
        """The corpus rules' findings on the buffer `res`, against the corpus facts.

        The rules see what a one-file run gives them (every corpus file's fact, the
        buffer's in place of the file's on disk, in path order); only the findings
        on the buffer are kept, filtered as `corpus_phase.corpus_findings` filters them.
        """
        project = engine.project_config(self.settings)
        rules = selection.build(project, ctx.registry, self.settings.cli)
        corpus_rules = [r for r in rules.rules if isinstance(r, CorpusRule)]
        if not corpus_rules:
            return [], False
        stale = False
        _, suppressions, enabled, _ = res.unpack()
        severity = ctx.ruleset_for(name).severity
        out: list[Finding] = []
        for rule in corpus_rules:
            code = rule.code
            mine = res.facts.get(code, b"")
            memo = self.cross.get((name, code))
            if memo is not None and (memo[0] == mine or (quick and self.cost.get(code, 0) > SLOW)):
                found = memo[1]
                stale = stale or memo[0] != mine
            else:
                start = time.perf_counter()
                found = self._run(rule, rules.options[code], res, mine)
                self.cost[code] = time.perf_counter() - start
                self.cross[(name, code)] = (mine, found)
            out.extend(
                f
                if f.severity is severity.get(f.code, f.severity)
                else replace(f, severity=severity[f.code])
                for f in found
                if f.code.startswith("AL")
                or (f.code in enabled and not suppressions.suppressed(f.code, f.location.line))
            )
        return out, stale

    def _run(self, rule: CorpusRule, options: Any, res: FileResult, mine: bytes) -> list[Finding]:
        """`rule` over the corpus with the buffer's fact `mine`: its findings on the
        buffer, under the same guard as the command line's corpus phase."""
        code, name = rule.code, res.path
        decoded = self.decoded.get(code)
        if decoded is None:
            decoded = self.decoded[code] = [
                (p, codec.loads_fact(r.facts[code], p))
                for p, r in sorted(self.corpus_facts().items())
                if code in r.facts
            ]
        facts = list(decoded)
        at = bisect_left(facts, name, key=lambda pf: pf[0])
        if at < len(facts) and facts[at][0] == name:
            del facts[at]
        if mine:
            facts.insert(at, (name, codec.loads_fact(mine, name)))
        got, trouble = file_phase._guarded(
            code,
            rule.name,
            name,
            partial(file_phase._listed, rule.check_corpus, facts, options),
            0,
            "check_corpus",
        )
        found: list[Finding] = []
        if got is not None:
            # Findings on other files are dropped unchecked: the buffer shows none of them.
            own = [f for f in got if not isinstance(f, Finding) or f.location.path == name]
            found, trouble = file_phase._checked(
                code, rule.name, name, own, corpus_phase._corpus_checker([res])
            )
        return found if trouble is None else [*found, trouble]

    def page(self, code: str) -> str | None:
        if code not in self.pages:
            self.pages[code] = rule_meta.explain(code, None)
        return self.pages[code]

    def page_uri(self, code: str) -> str | None:
        rule = engine.registry(self.settings).get(code)
        path = pages.page_path(rule.code, rule.name) if rule is not None else None
        return path.resolve().as_uri() if path is not None else None


# --------------------------------------------------------------------------- LSP


class ArtlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("artlint", __version__)
        self.linter: Linter | None = None
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.debounce = DEBOUNCE
        self.use_cache = True

    # ------------------------------------------------------------------ linting

    def encoding(self) -> str:
        enc = self.workspace.position_encoding
        return str(enc) if enc else types.PositionEncodingKind.Utf16

    def get_linter(self) -> Linter:
        if self.linter is None:
            self.linter = Linter(str(Path.cwd()), self.use_cache)
            self.linter.reload()
        return self.linter

    def lint_and_publish(self, uri: str, quick: bool = False) -> None:
        self.pending.pop(uri, None)
        doc = self.workspace.get_text_document(uri)
        path = to_fs_path(uri)
        if path is None:
            return
        lines = Lines(doc.source, self.encoding())
        try:
            findings, article, stale = self.get_linter().lint(path, doc.source, quick)
        except ConfigError as exc:
            diag = types.Diagnostic(
                types.Range(types.Position(0, 0), types.Position(0, 0)),
                f"artlint: {exc}",
                types.DiagnosticSeverity.Error,
                source="artlint",
            )
            self.linted[uri] = Linted(doc.version, lines, [], [diag])
            self.publish(uri, doc.version, [diag])
            return
        except Exception as exc:  # artlint itself is broken: say so, keep serving
            self.window_log_message(
                types.LogMessageParams(
                    types.MessageType.Error,
                    f"artlint: internal error linting {path}: {type(exc).__name__}: {exc}",
                )
            )
            return
        if article is not None:  # offsets of fixes are into the parsed text
            lines = Lines(article.text, lines.encoding)
            findings = placed(findings, article.text)  # HD001's fixes come by line
        diagnostics = [self.diagnostic(f, lines) for f in findings]
        self.linted[uri] = Linted(
            doc.version,
            lines,
            findings,
            diagnostics,
            article.body_start if article is not None else 0,
        )
        self.publish(uri, doc.version, diagnostics)
        if stale:  # the slow rules run once typing pauses
            loop = asyncio.get_running_loop()
            self.pending[uri] = loop.call_later(IDLE, self.lint_and_publish, uri)

    def publish(self, uri: str, version: int | None, diags: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
        )

    def schedule(self, uri: str, delay: float, quick: bool = False) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        if delay <= 0:
            self.lint_and_publish(uri, quick)
            return
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self.lint_and_publish, uri, quick)

    def diagnostic(self, f: Finding, lines: Lines) -> types.Diagnostic:
        linter = self.get_linter()
        href = linter.page_uri(f.code)
        related = []
        other: dict[str, Lines] = {}
        for r in f.related:
            loc = r.location
            if loc.path == f.location.path:
                rel_lines = lines
            else:
                rel_lines = other.get(loc.path) or other.setdefault(
                    loc.path, Lines(_read(loc.path), lines.encoding)
                )
            related.append(
                types.DiagnosticRelatedInformation(
                    types.Location(
                        from_fs_path(os.path.abspath(loc.path)) or loc.path, rel_lines.range(loc)
                    ),
                    r.message,
                )
            )
        return types.Diagnostic(
            range=lines.range(f.location),
            message=f.message,
            severity=_SEVERITY[f.severity],
            code=f.code,
            source="artlint",
            code_description=types.CodeDescription(href) if href else None,
            related_information=related or None,
            data={"fixable": f.fix is not None},
        )

    # ------------------------------------------------------------------ code actions

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = self.linted.get(uri)
        if linted is None:
            return []
        only = params.context.only
        want_quick = not only or any(str(k).startswith("quickfix") for k in only)
        want_all = not only or any(FIX_ALL.startswith(str(k)) for k in only)
        out: list[types.CodeAction] = []
        if want_quick:
            for f, diag in zip(linted.findings, linted.diagnostics, strict=True):
                if not _overlaps(diag.range, params.range):
                    continue
                if f.fix is not None and f.fix.edits:
                    title = f.fix.message or f"Fix {f.code}: {f.message}"
                    if not f.fix.safe:
                        title += " (unsafe)"
                    out.append(
                        types.CodeAction(
                            title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag],
                            is_preferred=f.fix.safe,
                            edit=_workspace_edit(uri, linted, f.fix.edits),
                        )
                    )
                disable = self.disable_action(uri, f, diag, linted)
                if disable is not None:
                    out.append(disable)
        if want_all:
            edits = fix_all(linted.findings)
            if edits:
                out.append(
                    types.CodeAction(
                        "Fix all safely fixable artlint findings",
                        kind=FIX_ALL,
                        edit=_workspace_edit(uri, linted, edits),
                    )
                )
        return out

    def disable_action(
        self, uri: str, f: Finding, diag: types.Diagnostic, linted: Linted
    ) -> types.CodeAction | None:
        """`<!-- artlint-disable-next-line CODE -->` above the finding's line; not
        inside front matter, where an HTML comment would break the YAML or TOML."""
        line = f.location.line
        if not 0 < line <= len(linted.lines.starts) or f.code.startswith("AL"):
            return None
        if linted.lines.starts[line - 1] < linted.body_start:
            return None
        text = linted.lines.line(line)
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        at = types.Position(line - 1, 0)
        edit = types.TextEdit(
            types.Range(at, at), f"{indent}<!-- artlint-disable-next-line {f.code} -->\n"
        )
        return types.CodeAction(
            f"Disable {f.code} for this line",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            edit=types.WorkspaceEdit(changes={uri: [edit]}),
        )

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        linted = self.linted.get(params.text_document.uri)
        if linted is None:
            return None
        pos = params.position
        codes: list[str] = []
        for diag in linted.diagnostics:
            code = str(diag.code) if diag.code is not None else ""
            if code and code not in codes and _contains(diag.range, pos):
                codes.append(code)
        pages = [p for p in (self.get_linter().page(c) for c in codes) if p]
        if not pages:
            return None
        return types.Hover(
            types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(pages))
        )


def _read(path: str) -> str:
    try:
        with Path(path).open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            return fh.read()
    except OSError:
        return ""


def _before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)


def _contains(r: types.Range, p: types.Position) -> bool:
    return not _before(p, r.start) and not _before(r.end, p)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return not _before(a.end, b.start) and not _before(b.end, a.start)


def fix_all(findings: Sequence[Finding]) -> list[Edit]:
    """The edits of the safe fixes one `--fix` pass would apply (`fix.choose`):
    what overlaps waits for the next fix-all, made on the fixed text."""
    chosen = choose(findings, unsafe=False)
    return sorted((e for f in chosen if f.fix for e in f.fix.edits), key=lambda e: (e.start, e.end))


def _workspace_edit(uri: str, linted: Linted, edits: Iterable[Edit]) -> types.WorkspaceEdit:
    lines = linted.lines
    text_edits = [
        types.TextEdit(types.Range(lines.at_offset(e.start), lines.at_offset(e.end)), e.text)
        for e in edits
    ]
    return types.WorkspaceEdit(changes={uri: text_edits})


def _initialize(ls: ArtlintServer, params: types.InitializeParams) -> None:
    """Work from the workspace's folder, as `artlint` run there would, at the client's pace."""
    root = None
    if params.workspace_folders:
        root = to_fs_path(params.workspace_folders[0].uri)
    elif params.root_uri:
        root = to_fs_path(params.root_uri)
    elif params.root_path:
        root = params.root_path
    if root and Path(root).is_dir():
        os.chdir(root)  # configs and names resolve as for `artlint` run there
    opts = params.initialization_options
    if isinstance(opts, dict) and isinstance(opts.get("debounce"), (int, float)):
        ls.debounce = max(0.0, float(opts["debounce"]) / 1000)


def _watch_files(ls: ArtlintServer) -> None:
    """Ask the client to report changes to articles and configs, where it can."""
    caps = ls.client_capabilities
    watched = caps.workspace.did_change_watched_files if caps.workspace else None
    if watched is not None and watched.dynamic_registration:
        ls.client_register_capability(
            types.RegistrationParams(
                [
                    types.Registration(
                        "artlint-watch",
                        types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        types.DidChangeWatchedFilesRegistrationOptions(
                            [types.FileSystemWatcher(glob) for glob in _WATCHED]
                        ),
                    )
                ]
            )
        )


def _files_changed(ls: ArtlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    """A changed config reloads the site; a changed article refreshes its facts."""
    paths = [p for p in (to_fs_path(c.uri) for c in params.changes) if p]
    if ls.linter is None or not paths:
        return
    names = {Path(p).name for p in paths}
    if names & {*config_mod.CONFIG_NAMES, "pyproject.toml"}:
        ls.linter.reload()
    else:
        ls.linter.refresh(paths)
    for uri in list(ls.linted):
        ls.schedule(uri, ls.debounce)


def build(use_cache: bool = True, debounce: float = DEBOUNCE) -> ArtlintServer:
    server = ArtlintServer()
    server.use_cache = use_cache
    server.debounce = debounce

    @server.feature(types.INITIALIZE)
    def initialize(ls: ArtlintServer, params: types.InitializeParams) -> None:
        _initialize(ls, params)

    @server.feature(types.INITIALIZED)
    def initialized(ls: ArtlintServer, params: types.InitializedParams) -> None:
        _watch_files(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArtlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArtlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce, quick=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ArtlintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is not None and ls.linter is not None:
            ls.linter.refresh([path])
        for uri in list(ls.linted):
            ls.schedule(uri, 0 if uri == params.text_document.uri else ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArtlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.linted.pop(uri, None)
        ls.publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: ArtlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        _files_changed(ls, params)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: ArtlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ArtlintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    return server


def serve(use_cache: bool = True) -> None:
    """Speak LSP on standard input and output until the client says exit."""
    build(use_cache).start_io()
