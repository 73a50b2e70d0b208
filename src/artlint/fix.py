"""Applying findings' fixes to files: `--fix`, `--diff`, `--fix-only`.

Rules attach a `Fix` (edits over `Article.text`) to a finding when there is one
right answer.  The fixer applies the non-overlapping edits of one pass, lints
the result again and repeats until nothing fixable is left, as ruff and mdsmith
do; a fix that would overlap another waits for a later pass, when it is worked
out again against the new text.

What users rely on is that nothing else is lost: the edits are mapped from the
normalised text back onto the file's own characters, so bytes outside the edits,
line endings (CRLF, lone CR, mixed), the BOM and the presence or absence of a
final newline stay as they were; a file that cannot be decoded and parsed in
full is never touched; a file that changed on disk since it was read is not
written; a file whose fixes do not settle within the pass bound is left alone
with a message naming it; writes are atomic (`safe_io.write_atomic`).

The rules build the edits with `edits.py`.  What only the runner needs (engine,
discovery, codec, selection) is imported late, inside the functions that run it,
so that importing this module for its pass helpers (as the editor server does)
stays cheap.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as replaced
from typing import TYPE_CHECKING

import click

from artlint import readers, safe_io
from artlint.article import LineIndex
from artlint.model import Edit, Finding, Fix
from artlint.rule import CorpusRule

if TYPE_CHECKING:
    from artlint.engine import Settings
    from artlint.results import FileResult, RunResult

#: Findings that mean the file was not read in full: such a file is never fixed.
UNPARSED = frozenset({"AL001", "AL002", "AL005", "FM002", "FM003"})
#: Passes before a file counts as not converging (fixes that keep undoing each other).
MAX_PASSES = 10
_BOM = b"\xef\xbb\xbf"

Lint = Callable[[bytes], list[Finding]]
#: Findings by path of files given as path to bytes, linted together.
LintAll = Callable[[dict[str, bytes]], dict[str, list[Finding]]]


# --------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Source:
    """A file's text as written: BOM flag, original characters (CR kept) and the
    normalised offsets of the "\\n" of each CRLF, to map rule offsets back."""

    bom: bool
    text: str
    crlf: tuple[int, ...]

    @classmethod
    def of(cls, data: bytes) -> Source:
        bom = data.startswith(_BOM)
        text = data[3 if bom else 0 :].decode("utf-8")
        crlf: list[int] = []
        pos = text.find("\r\n")
        while pos != -1:
            crlf.append(pos - len(crlf))
            pos = text.find("\r\n", pos + 2)
        return cls(bom, text, tuple(crlf))

    def encode(self) -> bytes:
        return (_BOM if self.bom else b"") + self.text.encode("utf-8")

    def raw(self, offset: int) -> int:
        """The offset into `text` of normalised offset `offset`."""
        return offset + bisect.bisect_left(self.crlf, offset)

    @property
    def newline(self) -> str:
        """The line end new lines get: the file's most common one."""
        crlf = len(self.crlf)
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def apply(self, edits: Sequence[Edit]) -> Source:
        out, last = [], 0
        nl = self.newline
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            a, b = self.raw(e.start), self.raw(e.end)
            out.append(self.text[last:a])
            out.append(e.text.replace("\n", nl) if nl != "\n" else e.text)
            last = b
        out.append(self.text[last:])
        return Source.of((_BOM if self.bom else b"") + "".join(out).encode("utf-8"))


def resolve(findings: Sequence[Finding], data: bytes) -> list[Finding]:
    """`findings` with every edit placed by offset in the text of `data` (see `placed`)."""
    if not any(f.fix is not None and any(e.start < 0 for e in f.fix.edits) for f in findings):
        return list(findings)
    return placed(findings, readers.decode(data))


def placed(findings: Sequence[Finding], text: str) -> list[Finding]:
    """`findings` with every edit placed by offset: edits a cross-file rule made
    from lines and columns (offset -1) get their offsets in `text` (`Article.text`)."""
    index: LineIndex | None = None
    out = []
    for f in findings:
        if f.fix is not None and any(e.start < 0 for e in f.fix.edits):
            if index is None:
                index = LineIndex(text)
            edits = tuple(
                replaced(
                    e,
                    start=index.offset(e.line, e.column),
                    end=index.offset(e.end_line, e.end_column),
                )
                if e.start < 0
                else e
                for e in f.fix.edits
            )
            f = replaced(f, fix=replaced(f.fix, edits=edits))
        out.append(f)
    return out


def applicable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and bool(f.fix.edits) and (f.fix.safe or unsafe)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions: clash when they touch
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def choose(findings: Sequence[Finding], unsafe: bool) -> list[Finding]:
    """Findings whose fixes one pass applies: each fix whole, none overlapping.

    Earlier fixes win (ruff's order); the others are worked out again next pass.
    """
    chosen: list[Finding] = []
    taken: list[Edit] = []
    for f in sorted((f for f in findings if applicable(f, unsafe)), key=Finding.sort_key):
        assert f.fix is not None
        edits = f.fix.edits
        if any(_overlaps(e, t) for e in edits for t in taken) or any(
            _overlaps(x, y) for i, x in enumerate(edits) for y in edits[i + 1 :]
        ):
            continue
        chosen.append(f)
        taken.extend(edits)
    return chosen


# --------------------------------------------------------------------------- one file


@dataclass
class FileFix:
    """What fixing one file did (or would do, for `--diff`)."""

    path: str
    before: bytes
    after: bytes
    #: Fixes applied, by rule code.
    fixed: Counter[str] = field(default_factory=Counter)
    #: The findings the fixed text has (what a plain run will report for it).
    remaining: list[Finding] = field(default_factory=list)
    #: Why the file is left as it was, when it is.
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return self.problem is None and self.after != self.before

    def diff(self) -> str:
        """A unified diff of the change (as `git diff` shows one), "" if none."""
        if not self.changed:
            return ""
        a = self.before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
        b = self.after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
        lines = []
        for line in difflib.unified_diff(a, b, f"a/{self.path}", f"b/{self.path}"):
            lines.append(line)
            if not line.endswith("\n"):
                lines.append("\n\\ No newline at end of file\n")
        return "".join(lines)


def unparsed(data: bytes) -> str | None:
    """Why `data` cannot be fixed safely (not text, front matter unclosed or
    invalid), whichever rules are selected; None when it parses in full."""
    try:
        article = readers.read_bytes("", data)
    except readers.DecodeError as exc:
        return str(exc)
    fm = article.front_matter
    if fm is not None and not fm.closed:
        return "its front matter is not closed"
    if fm is not None and fm.error is not None:
        return "its front matter does not parse"
    return None


def fix_all(
    datas: dict[str, bytes], lint: LintAll, unsafe: bool = False, max_passes: int = MAX_PASSES
) -> list[FileFix]:
    """Fix the files `datas` holds (path to bytes) in memory until no fix applies.

    Each pass lints them together (cross-file rules such as HD001 judge an article
    by the site's style), applies one round of fixes per file, and goes again.
    """
    out = {p: FileFix(p, d, d) for p, d in datas.items()}
    current = dict(datas)
    seen = {p: {d} for p, d in datas.items()}
    found = lint(current)
    stuck: set[str] = set()
    for p, d in datas.items():
        why = unparsed(d)
        if why is not None or any(f.code in UNPARSED for f in found.get(p, ())):
            out[p].problem = f"not fixed: {why or 'the file was not read'}"
            stuck.add(p)
    for _ in range(max_passes):
        moved = False
        for p in current:
            if p in stuck:
                continue
            chosen = choose(resolve(found.get(p, []), current[p]), unsafe)
            if not chosen:
                continue
            new = Source.of(current[p]).apply([e for f in chosen for e in f.fix.edits]).encode()  # type: ignore[union-attr]
            out[p].fixed.update(f.code for f in chosen)
            if new in seen[p] or unparsed(new) is not None:
                stuck.add(p)
                out[p].problem = f"not fixed: its fixes did not settle within {max_passes} passes"
                current[p] = datas[p]
            else:
                seen[p].add(new)
                current[p] = new
            moved = True
        if not moved:
            break
        found = lint(current)
    else:
        reverted = False
        for p in current:
            if p not in stuck and choose(resolve(found.get(p, []), current[p]), unsafe):
                stuck.add(p)
                out[p].problem = f"not fixed: its fixes did not settle within {max_passes} passes"
                current[p] = datas[p]
                reverted = True
        if reverted:
            found = lint(current)
    for p, res in out.items():
        if res.problem is not None:
            res.fixed.clear()
        res.after = current[p]
        res.remaining = found.get(p, [])
    return list(out.values())


def fix_bytes(
    path: str, data: bytes, lint: Lint, unsafe: bool = False, max_passes: int = MAX_PASSES
) -> FileFix:
    """Fix one file's bytes in memory, `lint` giving its findings."""
    (res,) = fix_all({path: data}, lambda d: {p: lint(b) for p, b in d.items()}, unsafe, max_passes)
    return res


def write(result: FileFix) -> str | None:
    """Write a fixed file atomically unless it changed on disk; the reason if not."""
    try:
        now, _ = safe_io.read_regular(result.path, None)
    except OSError as exc:
        return f"not written: {exc.strerror or exc}"
    if now != result.before:
        return "not written: the file changed while it was being fixed"
    try:
        safe_io.write_atomic(result.path, result.after)
    except OSError as exc:
        return f"not written: {exc.strerror or exc}"
    return None


# --------------------------------------------------------------------------- a run


@dataclass
class Outcome:
    files: list[FileFix] = field(default_factory=list)
    #: One-line messages for the user ("path: not fixed: ...").
    messages: list[str] = field(default_factory=list)

    @property
    def fixed(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for f in self.files:
            if f.changed:
                total.update(f.fixed)
        return total

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.files if f.changed]


def site_linter(settings: Settings, paths: Sequence[str] = ()) -> LintAll:
    """Lint files' bytes as a run with `settings` over `paths` would: per-file
    rules, then the cross-file rules over their facts and those of the configured
    corpus (read once), suppressions and selection applied."""
    from artlint import (
        codec,
        corpus_phase,
        engine,
        file_phase,
        pool,
        selection,
    )  # late: see the module docstring

    ctx = file_phase._context(settings)
    project = engine.project_config(settings)
    rules = selection.build(project, ctx.registry, settings.cli)
    extra: list[FileResult] | None = None
    memo: dict[tuple[str, bytes], FileResult] = {}

    def lint(current: dict[str, bytes]) -> dict[str, list[Finding]]:
        nonlocal extra
        if extra is None:
            extra = []
            if project.corpus and any(isinstance(r, CorpusRule) for r in rules.rules):
                more = engine._corpus_files(project, paths, list(current))
                extra = list(pool.lint_many(more, settings, 1, None, facts_only=True))
        results = []
        for p, d in current.items():
            res = memo.get((p, d))
            if res is None:
                res = memo[(p, d)] = file_phase.lint_bytes(p, d, ctx)
            results.append(res)
        for key in [k for k in memo if current.get(k[0]) != k[1]]:
            del memo[key]
        cross, _ = corpus_phase.corpus_findings(results, extra, ctx, rules)
        out: dict[str, list[Finding]] = {}
        for res in results:
            own = res.findings
            if res.path in cross:
                own = own + codec.findings_from_rows(cross[res.path][0], res.path)
            out[res.path] = sorted(own, key=Finding.sort_key)
        return out

    return lint


def linter(settings: Settings, path: str) -> Lint:
    """Lint one file's bytes as `path`, alone (see `site_linter`)."""
    site = site_linter(settings, [path])

    def lint(data: bytes) -> list[Finding]:
        return site({path: data})[path]

    return lint


def run(
    paths: Sequence[str],
    settings: Settings,
    unsafe: bool = False,
    apply: bool = True,
    max_passes: int = MAX_PASSES,
) -> Outcome:
    """Fix the files `paths` names (as the lint run discovers them); write them when
    `apply`, else only work out the changes (`--diff`)."""
    from artlint import engine, file_phase  # late: see the module docstring
    from artlint.discover import discover_paths

    outcome = Outcome()
    project = engine.project_config(settings)
    files, _errors = discover_paths(paths, project, settings.config_path is not None)
    ctx = file_phase._context(settings)
    datas: dict[str, bytes] = {}
    for path in files:
        try:
            datas[path], _ = safe_io.read_regular(path, ctx.config_for(path).max_file_size)
        except OSError:
            continue  # the lint run that follows reports it
    for result in fix_all(datas, site_linter(settings, paths), unsafe, max_passes):
        outcome.files.append(result)
        if result.problem is not None:
            outcome.messages.append(f"{result.path}: {result.problem}")
            continue
        if apply and result.changed:
            problem = write(result)
            if problem is not None:
                result.problem = problem
                outcome.messages.append(f"{result.path}: {problem}")
    return outcome


# --------------------------------------------------------------------------- the command


def summary(outcome: Outcome) -> str:
    """ "Fixed 3 findings (HD002 2, ST001 1) in 2 files." or "No fixes applied."."""
    fixed = outcome.fixed
    n = sum(fixed.values())
    if not n:
        return "No fixes applied."
    per = ", ".join(f"{code} {k}" for code, k in sorted(fixed.items()))
    files = len(outcome.changed)
    return (
        f"Fixed {n} finding{'' if n == 1 else 's'} ({per}) in "
        f"{files} file{'' if files == 1 else 's'}."
    )


def command(
    paths: Sequence[str],
    settings: Settings,
    *,
    unsafe: bool,
    diff: bool,
    show_fixes: bool,
    quiet: bool,
) -> Outcome:
    """The fixing half of `artlint --fix` / `--diff` / `--fix-only`: the caller then
    reports what is left (or, for `--diff` and `--fix-only`, stops)."""
    outcome = run(paths, settings, unsafe=unsafe, apply=not diff)
    for message in outcome.messages:
        click.echo(f"artlint: {message}", err=True)
    if diff:
        for result in outcome.changed:
            click.echo(result.diff(), nl=False)
    if show_fixes and outcome.fixed:
        verb = "Would fix" if diff else "Fixed"
        for result in outcome.changed:
            per = ", ".join(f"{code} ({k})" for code, k in sorted(result.fixed.items()))
            click.echo(f"{verb} in {result.path}: {per}", err=True)
    if not quiet:
        text = summary(outcome)
        click.echo(text.replace("Fixed", "Would fix", 1) if diff else text, err=True)
    return outcome


def run_fixes(result: RunResult) -> Iterator[Fix | None]:
    """The fix of each finding of a run, read from its packed rows (a file's
    own, then the cross-file rules'), without building the findings."""
    from artlint.codec import fix_of

    for res in result.results:
        if res.tally[0]:
            for row in res.unpack().rows:
                yield fix_of(row)
    for rows, *_ in result.cross.values():
        for row in rows:
            yield fix_of(row)


def hint(fixes: Iterable[Fix | None], unsafe: bool) -> str:
    """ruff's "[*] 3 fixable with the `--fix` option (1 hidden fix can be enabled
    with the `--unsafe-fixes` option)." line; "" when nothing is fixable."""
    safe = hidden = 0
    for fix in fixes:
        if fix is None or not fix.edits:
            continue
        if fix.safe or unsafe:
            safe += 1
        else:
            hidden += 1
    if not safe and not hidden:
        return ""
    opt = "--fix --unsafe-fixes" if unsafe else "--fix"
    text = f"[*] {safe} fixable with the `{opt}` option" if safe else "No fixes available"
    if hidden:
        text += (
            f" ({hidden} hidden fix{'' if hidden == 1 else 'es'} can be enabled with the "
            "`--unsafe-fixes` option)"
        )
    return text + "."
