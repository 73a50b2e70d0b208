"""The corpus phase: cross-file rules over the facts every file yielded.

It sees only facts (small, encoded by `artlint.codec`), never whole articles, so
it stays small on a large site; a rule whose input is unchanged since the last
run is not run at all (see `CorpusMemo`).  Its findings are filtered by each
file's own suppressions, enabled codes and severities, like the file's own.
"""

# os.path, not pathlib: excerpt lines are read per file.
# ruff: noqa: PTH120, PTH123

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from hashlib import blake2b
from operator import attrgetter
from typing import Any, NamedTuple, Protocol

from artlint import codec, guard, heap, incremental, readers
from artlint.codec import Row
from artlint.file_phase import Context, _checked, _guarded, _listed
from artlint.model import Finding, Severity
from artlint.results import (
    FileResult,
    LinesByPath,
    Rendered,
    Spill,
    StoredFacts,
    rendered,
    rule_facts,
)
from artlint.rule import CorpusRule
from artlint.selection import RuleSet

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

    def let_go(self, code: str) -> None:
        """Let go of the facts of `code` read from the memo's store this run."""
        ...


def _signature(files: Sequence[FileResult], project: RuleSet) -> str:
    """What every corpus rule's input is a function of: each file's name and facts
    (by `facts_digest`), and the rules' options.  Two joins over the files, where
    working out each rule's own key reads every fact: a run in which no fact
    changed only needs this.  "" when a file has no facts digest (text read from
    standard input): then each rule's key is worked out from its facts."""
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


def _inputs_key(code: str, options: Any, paths: Iterable[str], sums: Sequence[bytes]) -> str:
    """The key of a rule's input: its options, the paths, and each fact's digest
    (`sums`, which the incremental step reuses to tell which facts changed),
    built by joins rather than a string per input."""
    h = blake2b(
        repr((code, sorted(options.items()))).encode("utf-8", "surrogatepass"), digest_size=16
    )
    h.update("\0".join(paths).encode("utf-8", "surrogatepass"))
    h.update(b"".join(sums))  # of one length each: unambiguous
    return h.hexdigest()


class _Keyed(NamedTuple):
    """A corpus rule's input (encoded facts by path), each fact's digest, and the
    key they make."""

    inputs: RuleInputs
    sums: list[bytes]
    key: str


def _keyed(code: str, options: Any, files: Iterable[FileResult]) -> _Keyed:
    inputs = RuleInputs(code, files)
    sums = inputs.sums()
    return _Keyed(inputs, sums, _inputs_key(code, options, inputs, sums))


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
            data = readers.piped(stdin[1])
        else:
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
        try:  # the lines as the file's own findings number them: CR, BOM and all
            text = readers.decode(data).split("\n")
        except readers.DecodeError:
            continue
        out[path] = {n: text[n - 1] for n in numbers if 0 < n <= len(text)}
    return out


def corpus_findings(
    results: Sequence[FileResult],
    extra: Sequence[FileResult],
    ctx: Context,
    project: RuleSet,
    memo: CorpusMemo | None = None,
    stdin: tuple[str, str] | None = None,
    release: bool = False,
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    """Run enabled corpus rules over the facts of the run's files plus the corpus's.

    `extra` holds corpus files the run did not lint (facts only); `stdin` is the
    (name, text) of a file read from standard input.  Returns the findings on the
    run's own files, by path as rows with their text, and the text of the lines
    they point at.  With `release`, the facts of each rule that had to run are
    dropped from the results once it is done (for a caller that will not run
    the phase again over them): on a large site a rule's transient memory then
    does not sit on top of the facts of the rules before it.
    """
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
    out = _Kept(spill=release and any(_spilled(r) for r in everything))
    lines: dict[str, dict[int, str]] = {}
    for rule in project.rules:
        if not isinstance(rule, CorpusRule):
            continue
        code = rule.code
        options = project.options[code]
        keyed: _Keyed | None = None
        key = last_keys.get(code) if last_keys is not None else None
        if key is None:
            keyed = _keyed(code, options, everything)
            key = keyed.key
        keys[code] = key
        memoised = memo.get(code, key) if memo is not None else None
        ran = memoised is None  # the rule reads its facts
        if memoised is None and memo is not None:  # a rule that keeps state: the difference
            keyed = keyed or _keyed(code, options, everything)
            render = partial(_with_lines, stdin=stdin)
            memoised = incremental.output(
                rule, options, key, keyed.inputs, keyed.sums, memo, render, known, digests
            )
        if memoised is not None:
            found, found_lines = _refreshed(memoised, digests, known, stdin)
        else:
            inputs = keyed.inputs if keyed is not None else RuleInputs(code, everything)
            facts = [(p, codec.loads_fact(b, p)) for p, b in inputs.items()]
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
                    out.add(path, rows, texts)
                if got is None:
                    continue
            found, found_lines = _with_lines(findings, known, stdin=stdin)
            if memo is not None:
                memo.put(code, key, (found, found_lines, {p: digests.get(p, "") for p in found}))
        _let_go(everything, code, memo, release=release, ran=ran)
        _merge_lines(lines, found_lines)
        for path, (rows, texts) in found.items():
            res = by_path.get(path)
            if res is None:
                continue
            severity = _folder_severity(path, ctx, severities)
            out.add(path, *_kept(rows, texts, res, severity))
        out.rule_done()
        del memoised, found, found_lines  # not under the next rule's state
    if memo is not None and signature and keys != last_keys:
        memo.remember(signature, keys)
    return out.found(), lines


def _spilled(res: FileResult) -> bool:
    facts = res.facts
    return type(facts) is StoredFacts and facts.spilled()


class _Kept:
    """The cross-file findings the phase keeps for the report, by path, rule by
    rule.  A run that lets go of each rule's facts (`release`) and spilled them
    (it linted a very large number of files afresh: each of its rules builds
    its state from scratch) writes each rule's findings to a temporary file
    once the rule is done, and reads them all back when every rule is: else
    the findings of the rules that ran first sit under the next rule's state,
    and a large site's heaviest rule then set its peak.  A warm run or an edit
    runs few rules, and from kept states, which cost less than writing and
    reading back every finding of the site would."""

    def __init__(self, *, spill: bool) -> None:
        self.out: dict[str, Rendered] = {}
        self.spill = Spill() if spill else None
        self.pending: list[tuple[str, list[Row], list[str]]] = []
        self.parts: list[int] = []

    def add(self, path: str, rows: list[Row], texts: list[str]) -> None:
        if self.spill is None:
            _extend(self.out, path, rows, texts)
        elif rows:
            self.pending.append((path, rows, texts))

    def rule_done(self) -> None:
        if self.spill is not None and self.pending:
            self.parts.append(self.spill.dump(self.pending))
            self.pending = []

    def found(self) -> dict[str, Rendered]:
        """Every rule's findings, in the order the rules gave them."""
        if self.spill is not None:
            for at in self.parts:
                for path, rows, texts in self.spill.load(at):
                    _extend(self.out, path, rows, texts)
            self.spill = None
        return self.out


def _refreshed(
    output: CorpusOutput,
    digests: Mapping[str, str],
    known: Mapping[str, dict[int, str]],
    stdin: tuple[str, str] | None,
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    """A remembered output, cut to this run's files, with the lines it quotes read
    again where a file changed since."""
    found, found_lines, then = output
    # Read from disk: it may quote and re-read only files of this run.
    found = {p: v for p, v in found.items() if p in digests}
    found_lines = {p: v for p, v in found_lines.items() if p in digests}
    for path in [p for p in found if then.get(p) != digests.get(p)]:
        # Edited without changing this rule's facts: same findings, but
        # the lines they quote may read differently now.
        rows = codec.findings_from_rows(found[path][0], path)
        again, fresh = _with_lines(rows, known, stdin=stdin)
        found[path], found_lines[path] = again[path], fresh.get(path, {})
    return found, found_lines


def _folder_severity(
    path: str, ctx: Context, seen: dict[str, dict[str, Severity]]
) -> dict[str, Severity]:
    """The severities set by the config of `path`'s folder, worked out once per
    folder (`seen`): configs apply per folder, and a site has far fewer folders
    than files."""
    folder = os.path.dirname(path)
    severity = seen.get(folder)
    if severity is None:
        severity = seen[folder] = ctx.ruleset_for(path).severity
    return severity


def _kept(
    rows: list[Row], texts: list[str], res: FileResult, severity: Mapping[str, Severity]
) -> tuple[list[Row], list[str]]:
    """The cross-file findings on one file that its own config and comments keep:
    a rule its folder's config enables, not suppressed there, at the severity
    that config gives it (the rule ran once, under the project's settings)."""
    suppressions, enabled = res.filters()
    if suppressions.empty() and all(
        code in enabled and severity.get(code, value) == value
        for code, value in codec.codes_and_severities(rows)
    ):  # most files: every row kept as it is, with no row looked at in Python
        return rows, texts
    kept_rows, kept_texts = [], []
    for row, text in zip(rows, texts, strict=True):
        row_code = codec.code_of(row)
        if row_code not in enabled or suppressions.suppressed(row_code, codec.line_of(row)):
            continue
        sev = severity.get(row_code)  # a str enum: equal to its value
        if sev is not None and sev != codec.severity_of(row):
            row = codec.with_severity(row, sev.value)
        kept_rows.append(row)
        kept_texts.append(text)
    return kept_rows, kept_texts


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
    shared: dict[object, object] | None = None,
    *,
    stdin: tuple[str, str] | None = None,
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    """Cross-file `findings` rendered by path, quoting their lines from `known` or
    else as the files read now, and the lines that had to be read; `shared` as
    `results.rendered` takes it."""
    read = _read_lines(findings, known, stdin)

    def source(path: str, n: int) -> str | None:
        line = read.get(path, {}).get(n)
        return line if line is not None else known.get(path, {}).get(n)

    return rendered(findings, source, shared=shared), read


def _extend(out: dict[str, Rendered], path: str, rows: list[Row], texts: list[str]) -> None:
    if rows:
        have_rows, have_texts = out.setdefault(path, ([], []))
        have_rows.extend(rows)
        have_texts.extend(texts)


def _let_go(
    files: Iterable[FileResult], code: str, memo: CorpusMemo | None, *, release: bool, ran: bool
) -> None:
    """Drop `code`'s facts after a releasing run read them (those of files linted
    now from `files`, those read from the cache from `memo`), and hand the freed
    memory back to the system (`heap.trim`)."""
    if release and ran:
        for r in files:
            facts = r.facts
            if type(facts) is dict:
                facts.pop(code, None)
        if memo is not None:
            memo.let_go(code)
        heap.trim()


class RuleInputs(Mapping[str, bytes]):
    """One rule's input: the encoded fact of every file of `files` that has one
    for `code`, by path, in the files' order.  A cached file's fact is read
    from the cache only when looked up (`results.StoredFacts`): keying the
    input needs each fact's digest alone, and an update only the facts that
    changed."""

    def __init__(self, code: str, files: Iterable[FileResult]) -> None:
        self.code = code
        self.facts, self._sums = rule_facts(code, files)

    def __getitem__(self, path: str) -> bytes:
        return self.facts[path][self.code]

    def __contains__(self, path: object) -> bool:  # `Mapping`'s would read the fact
        return path in self.facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def sums(self) -> list[bytes]:
        """Each fact's leading digest, in order, as `results.rule_facts` read it."""
        return self._sums


def _merge_lines(into: dict[str, dict[int, str]], more: dict[str, dict[int, str]]) -> None:
    for path, numbers in more.items():
        into.setdefault(path, {}).update(numbers)
