"""What a run produced: each file's outcome and the whole run's, in report order.

A file's findings travel as plain rows (see `artlint.codec`) together with the
text the text report prints for each of them, both made in the worker that
linted the file, both kept by the cache and both left packed until a phase of
the run needs them.  A rerun of a large site then prints its unchanged files by
joining stored text: Finding objects are built only for what needs them (another
format, colour, a baseline, statistics), which is what keeps a warm run of a
large site fast and a very large one within memory (`benchmarks/README.md`).
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from artlint import codec, heap
from artlint.model import FileError, Finding, Severity
from artlint.reporters.text import finding_text
from artlint.stamps import Dependency, StatKey
from artlint.suppress import Suppressions

_SEVERITY = {s.value: s for s in Severity}

#: Findings on one file as `codec` rows in report order, and each one's text report.
Rendered = tuple[list[codec.Row], list[str]]


def rendered(
    findings: Iterable[Finding],
    source: Callable[[str, int], str | None],
    path: str | None = None,
    shared: dict[object, object] | None = None,
) -> dict[str, Rendered]:
    """`findings` by path (all under `path` when given), as rows with their text.

    Done where findings are made (a worker, a cross-file rule's first run), so
    that a rerun which replays them never builds them as objects again.  The
    rows share equal messages and related entries (`codec.finding_rows`) with
    each other and with those of earlier calls given the same `shared`.
    """
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(path or f.location.path, []).append(f)
    out: dict[str, Rendered] = {}
    if shared is None:
        shared = {}
    for where, group in groups.items():
        group.sort(key=Finding.sort_key)
        rows = codec.finding_rows(group, where, shared)
        out[where] = (rows, [finding_text(f, source) for f in group])
    return out


class Unpacked(NamedTuple):
    """A file's findings (rows in report order), suppressions, enabled codes and the
    text of the lines its findings point at."""

    rows: list[codec.Row]
    suppressions: Suppressions
    enabled: frozenset[str]
    lines: dict[int, str]


#: One instance of each distinct enabled-code set, and one empty Suppressions:
#: nearly every file of a site has the same ones.  Nothing mutates them.
_ENABLED: dict[str, frozenset[str]] = {}
_NO_SUPPRESSIONS = Suppressions()
_NOTHING = Unpacked([], _NO_SUPPRESSIONS, frozenset(), {})
#: A packed result opens with a checksum of the rest (a CRC: it only has to
#: tell a damaged entry, the cache file's MAC keeps out planted ones, and a warm
#: run checks every file's) and the length of the filters' part, which comes first.
_CHECK = struct.Struct("<I")
_PREFIX = struct.Struct("<II")
#: The filters of a file without suppressions, by their packed bytes: the corpus
#: phase asks for every file's, and nearly all of a site's are the same few.
_FILTERS: dict[bytes, tuple[Suppressions, frozenset[str]]] = {}


def pack(
    path: str,
    rows: list[codec.Row],
    suppressions: Suppressions,
    enabled: frozenset[str],
    lines: dict[int, str],
) -> bytes:
    """What `unpack` reads, led by a checksum: a result stays packed through the
    run (unpacked when the corpus phase or the report needs it, and let go), and
    the check lets the cache tell a damaged entry without unpickling it.

    The suppressions and enabled codes come first, apart from the rows and lines,
    so that `filters` reads them alone."""
    # The codes as one string: it unpickles faster than a tuple of them.
    sup = None if suppressions.empty() else suppressions
    head = codec.dumps((sup, " ".join(sorted(enabled))), path)
    payload = b"".join((_CHECK.pack(len(head)), head, codec.dumps((rows, lines), path)))
    return _CHECK.pack(zlib.crc32(payload)) + payload


def intact(packed: bytes) -> bool:
    if len(packed) < _PREFIX.size:
        return False
    check: int = _CHECK.unpack_from(packed)[0]
    return zlib.crc32(memoryview(packed)[_CHECK.size :]) == check


def filters(packed: bytes, path: str) -> tuple[Suppressions, frozenset[str]]:
    """The suppressions and enabled codes of a packed result, its rows left packed."""
    if not packed:
        return _NO_SUPPRESSIONS, _NOTHING.enabled
    head = packed[_PREFIX.size : _PREFIX.size + _PREFIX.unpack_from(packed)[1]]
    known = _FILTERS.get(head)
    if known is not None:
        return known
    sup, enabled = codec.loads(head, path)
    codes = _ENABLED.get(enabled)
    if codes is None:
        codes = _ENABLED[enabled] = frozenset(enabled.split())
    if sup is not None:
        return sup, codes
    known = _FILTERS[head] = (_NO_SUPPRESSIONS, codes)
    return known


def unpack(packed: bytes, path: str) -> Unpacked:
    if not packed:
        return _NOTHING
    sup, codes = filters(packed, path)
    rows, lines = codec.loads(packed[_PREFIX.size + _PREFIX.unpack_from(packed)[1] :], path)
    return Unpacked(rows, sup, codes, lines)


class StaleFacts(Exception):
    """A cached file's facts were asked for and the cache no longer holds them as
    its index said (a facts file damaged, left from a run that stopped between
    its writes, or written anew by another run since).  The run has to start
    again: through the cache once more, then without it."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: its cached corpus facts are gone")


class FactsSource(Protocol):
    """Where a cached file's facts are read from when a rule asks for one."""

    def fact_of(self, abspath: str, code: str, lead: bytes) -> bytes:
        """The file's fact for `code`, led by `lead` (else `StaleFacts`)."""
        ...


class StoredFacts(Mapping[str, bytes]):
    """A cached file's corpus facts, read from the cache only when a rule asks.

    Which rules have a fact, and each fact's leading digest (`codec.FACT_SUM`
    bytes), are in the cache's index: enough to key every rule's input and to
    tell which facts changed.  The facts themselves are most of what the cache
    stores, and a run that reuses every rule's output, or updates a rule from
    the few facts that changed, never decodes the rest; reading them all in
    only to let them go was most of a warm run's reading and of its memory."""

    __slots__ = ("_abspath", "_source", "codes", "sums")

    def __init__(
        self, codes: tuple[str, ...], sums: bytes, source: FactsSource, abspath: str
    ) -> None:
        self.codes = codes
        self.sums = sums
        self._source = source
        self._abspath = abspath

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, code: str) -> bytes:
        return self._source.fact_of(self._abspath, code, self.sum(code))

    def sum(self, code: str) -> bytes:
        return sum_at(self.sums, self.codes.index(code))

    def spilled(self) -> bool:
        """Were these facts spilled as they came (`spilling_facts`)?  Only a
        run that lints a very large number of files afresh spills them."""
        return type(self._source) is _SpilledFacts


#: A file's encoded facts by rule code: as a worker made them, or as the cache
#: holds them (see `StoredFacts`).
Facts = dict[str, bytes] | StoredFacts


def sum_at(sums: bytes, i: int) -> bytes:
    """The `i`-th digest of digests joined as `sums_of` joins them."""
    return sums[i * codec.FACT_SUM : (i + 1) * codec.FACT_SUM]


def fact_sum(facts: Facts, code: str) -> bytes:
    """The digest `code`'s fact is led by (`codec.dumps_fact`), without reading
    the fact from the cache."""
    if type(facts) is StoredFacts:
        return facts.sum(code)
    return facts[code][: codec.FACT_SUM]


def rule_facts(code: str, files: Iterable[FileResult]) -> tuple[dict[str, Facts], list[bytes]]:
    """The facts of each of `files` that has one for `code`, by path, and the
    digest each such fact is led by, in that order, reading no fact: one pass
    that knows both layouts, since keying a rule's input loops over every file
    of the site for every rule whose input may have changed."""
    by_path: dict[str, Facts] = {}
    sums: list[bytes] = []
    for r in files:
        facts = r.facts
        if type(facts) is StoredFacts:
            codes = facts.codes
            if code in codes:
                by_path[r.path] = facts
                sums.append(sum_at(facts.sums, codes.index(code)))
        elif code in facts:
            by_path[r.path] = facts
            sums.append(facts[code][: codec.FACT_SUM])
    if len(sums) != len(by_path):  # a path twice (piped text named like a file)
        sums = [fact_sum(f, code) for f in by_path.values()]
    return by_path, sums


def sums_of(facts: dict[str, bytes]) -> bytes:
    """Each fact's leading digest, in `facts`' order: what the cache's index
    keeps of them (see `StoredFacts`)."""
    return b"".join([f[: codec.FACT_SUM] for f in facts.values()])


@dataclass(slots=True)
class FileResult:
    """One file's outcome: what a worker returns, the cache stores and replays,
    and the corpus phase and the report read.

    It stays packed (a large site's results held unpacked would not fit in
    memory): `unpack` gives its parts when a phase needs them.
    """

    path: str
    #: Findings, suppressions, enabled codes and excerpt lines (see `pack`); b""
    #: for a corpus file the run only consults (facts alone).
    packed: bytes = b""
    #: Each corpus rule's fact, encoded by `artlint.codec` with the path factored
    #: out; decoded only when that rule has to run (a None fact has no entry).
    facts: Facts = field(default_factory=dict)
    digest: str = ""
    #: The text report of each finding (no colour), packed by `codec.pack_texts`
    #: (None: render them from the findings).
    texts: bytes | None = None
    #: `engine.facts_digest` of `facts` (b"" when not worked out: piped text).
    facts_digest: bytes = b""
    #: How many findings the file has and the worst one's severity ("": none),
    #: which is all the summary line and the exit code need of an unchanged file.
    tally: tuple[int, str] = (0, "")
    #: False when a rule ran out of time on the file: the result must not be cached.
    complete: bool = True
    #: The file's stamp as read (`stamps.stat_key`) and when it was taken (ns):
    #: the cache judges from both whether the stamp can be trusted.  None: not
    #: read from disk, or not to be cached.
    stat: StatKey | None = None
    stat_at: int = 0
    #: Other files the rules read for this one (`stamps.note`).
    deps: tuple[Dependency, ...] = ()
    #: Where `spill` moved `packed` and `texts` to: (the file, offset, bytes of
    #: `packed`, bytes of `texts` or -1 for None); both fields are then empty,
    #: and `packed_bytes` and `text_bytes` read them back.
    spilled: tuple[Spill, int, int, int] | None = None

    def unpack(self) -> Unpacked:
        return unpack(self.packed_bytes(), self.path)

    def filters(self) -> tuple[Suppressions, frozenset[str]]:
        """`unpack().suppressions` and `.enabled`, without decoding the rows."""
        return filters(self.packed_bytes(), self.path)

    def packed_bytes(self) -> bytes:
        """`packed`, read back if it was spilled."""
        if self.spilled is None:
            return self.packed
        store, at, packed, _ = self.spilled
        return store.read(at, packed)

    def text_bytes(self) -> bytes | None:
        """`texts`, read back if they were spilled."""
        if self.spilled is None:
            return self.texts
        store, at, packed, texts = self.spilled
        return None if texts < 0 else store.read(at + packed, texts)

    def corpus_part(self) -> FileResult:
        """Only what the corpus phase reads of a file the run consults but does
        not report on: its name, digest and facts."""
        return FileResult(self.path, b"", self.facts, self.digest, facts_digest=self.facts_digest)

    @property
    def findings(self) -> list[Finding]:
        return codec.findings_from_rows(self.unpack().rows, self.path)


#: Runs over at least this many files spill their results' findings (see `spill`).
SPILL_FILES = 20_000


def _spills(count: int, least: int | None = None) -> bool:
    """Whether `count` results are enough to spill (at least `least`, default
    `SPILL_FILES`) and the system reads a file at an offset."""
    return count >= (SPILL_FILES if least is None else least) and hasattr(os, "pread")


class Spill:
    """An unnamed temporary file that holds a large run's packed findings and
    text reports between the per-file phase and the report."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as its results)
        self._end = 0
        self._unflushed = False

    def write(self, data: bytes) -> int:
        at = self._end
        self._file.write(data)
        self._end += len(data)
        self._unflushed = True
        return at

    def flush(self) -> None:
        self._file.flush()
        self._unflushed = False

    def read(self, at: int, size: int) -> bytes:
        if self._unflushed:
            self.flush()
        return os.pread(self._file.fileno(), size, at)

    def dump(self, obj: Any) -> int:
        """Pickle `obj` onto the end, a frame at a time (never as one bytes
        object); where it starts, for `load`."""
        at = self._end
        self._file.seek(at)
        pickle.dump(obj, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._end = self._file.tell()
        self._unflushed = True
        return at

    def load(self, at: int) -> Any:
        """What `dump` wrote at `at`, read a frame at a time."""
        self._file.seek(at)
        obj = pickle.load(self._file)  # this run's own, unnamed: nothing else writes it
        self._file.seek(self._end)
        return obj


#: One tuple of each set of rule codes that files' facts name (`interned`).
_CODES: dict[tuple[str, ...], tuple[str, ...]] = {}


def interned(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The one tuple of these rule codes: a site's files name a few sets, and
    each file holding its own (in the cache's shards, pickled once a shard, and
    in spilled facts) would cost a tuple a file."""
    return _CODES.setdefault(codes, codes)


class _SpilledFacts:
    """Where one file's facts went in a `Spill`: the `FactsSource` of the
    `StoredFacts` that `spill_facts` leaves in the result."""

    __slots__ = ("at", "codes", "ends", "store")

    def __init__(self, store: Spill, at: int, codes: tuple[str, ...], ends: bytes) -> None:
        self.store = store
        self.at = at
        self.codes = codes
        #: Where each fact ends, from `at`, as unsigned 32-bit integers.
        self.ends = ends

    def fact_of(self, abspath: str, code: str, lead: bytes) -> bytes:
        i = self.codes.index(code)
        start = _END.unpack_from(self.ends, (i - 1) * _END.size)[0] if i else 0
        end = _END.unpack_from(self.ends, i * _END.size)[0]
        fact = self.store.read(self.at + start, end - start)
        if fact[: codec.FACT_SUM] != lead:
            raise StaleFacts(abspath)
        return fact


_END = struct.Struct("=I")


def spill_facts(res: FileResult, store: Spill) -> None:
    """Move the facts of a freshly linted `res` to `store`, leaving a
    `StoredFacts` that reads each back when a rule asks.

    Most of what a large cold run's parent holds at the end of its per-file
    phase is facts, kept for the cache to write and the corpus phase to read;
    held in a file instead, they cost a few dozen bytes a file."""
    facts = res.facts
    if type(facts) is not dict or not facts:
        return
    codes = interned(tuple(facts))
    values = list(facts.values())
    ends, end = [], 0
    for v in values:
        end += len(v)
        ends.append(end)
    at = store.write(b"".join(values))
    source = _SpilledFacts(store, at, codes, struct.pack(f"={len(ends)}I", *ends))
    res.facts = StoredFacts(codes, sums_of(facts), source, res.path)


def spill(results: Sequence[FileResult], least: int | None = None) -> None:
    """Move the packed findings and text reports of `results` to a `Spill`, when
    there are at least `least` (default `SPILL_FILES`) and the system reads at
    an offset.

    What the corpus phase reads of a file's own outcome is its facts and, for a
    file with cross-file findings, its filters: a very large site's findings
    and texts held through that phase would set the run's peak memory.  Call it
    once the cache has stored the results (it keeps their payloads).
    """
    if not _spills(len(results), least):
        return
    store = Spill()
    for r in results:
        if r.spilled is None and (r.packed or r.texts is not None):
            texts = r.texts
            at = store.write(r.packed + (texts or b""))
            r.spilled = (store, at, len(r.packed), -1 if texts is None else len(texts))
            r.packed, r.texts = b"", None
    store.flush()
    heap.trim()


class LinesByPath(Mapping[str, dict[int, str]]):
    """The excerpt lines packed with each file's findings, by path, unpacked only
    for the paths asked for (a path linted twice has the lines of both)."""

    def __init__(self, results: Iterable[FileResult]) -> None:
        self._by_path: dict[str, list[FileResult]] = {}
        for r in results:
            self._by_path.setdefault(r.path, []).append(r)
        self._memo: dict[str, dict[int, str]] = {}

    def __getitem__(self, path: str) -> dict[int, str]:
        lines = self._memo.get(path)
        if lines is None:
            lines = {}
            for r in self._by_path[path]:
                lines.update(r.unpack().lines)
            self._memo[path] = lines
        return lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_path)

    def __len__(self) -> int:
        return len(self._by_path)


def _stored_texts(res: FileResult) -> list[str] | None:
    """The texts stored with `res`, or None to render them: none stored, stored
    under another spelling of the path (the texts name it), or a damaged cache
    entry, or one of the wrong shape (the report must not suffer for it)."""
    stored = res.text_bytes()
    if stored is None:
        return None
    try:
        spelling, texts = codec.unpack_texts(stored)
    except Exception:
        return None
    if spelling != res.path or type(texts) is not list or len(texts) != res.tally[0]:
        return None
    for t in texts:  # a loop: a generator costs twice as much on a warm run
        if type(t) is not str:
            return None
    return texts


def tally_of(rows: Sequence[codec.Row]) -> tuple[int, str]:
    """`FileResult.tally` of a file with these rows."""
    worst = max((_SEVERITY[codec.severity_of(r)] for r in rows), key=lambda s: s.rank, default=None)
    return len(rows), worst.value if worst is not None else ""


def _key(f: Finding) -> tuple[int, int, str, str]:
    loc = f.location
    return loc.line, loc.column, f.code, f.message


@dataclass(frozen=True)
class Tally:
    """What the summary line and the exit code need to know of the findings."""

    findings: int = 0
    files: int = 0
    worst: Severity | None = None

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> Tally:
        return cls(
            len(findings),
            len({f.location.path for f in findings}),
            max((f.severity for f in findings), key=lambda s: s.rank, default=None),
        )


@dataclass
class RunResult:
    """What one lint run produced, before reporting."""

    #: Every linted file, in the order they were found (the report sorts by path).
    results: list[FileResult] = field(default_factory=list)
    #: Findings of the cross-file rules, by the path they point at.
    cross: dict[str, Rendered] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    #: By path, the text of the lines cross-file findings point at (for excerpts;
    #: the lines of a file's own findings are packed with them).
    lines: dict[str, dict[int, str]] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        return [r.path for r in self.results]

    @cached_property
    def _groups(self) -> list[tuple[str, FileResult | None, Rendered | None]]:
        """(path, its result if it was linted, its cross-file findings) by path.

        A path linted twice (piped text named like a file) keeps both results; its
        cross-file findings go with the first."""
        seen: set[str] = set()
        groups: list[tuple[str, FileResult | None, Rendered | None]] = []
        for r in self.results:
            groups.append((r.path, r, None if r.path in seen else self.cross.get(r.path)))
            seen.add(r.path)
        groups += [(path, None, c) for path, c in self.cross.items() if path not in seen]
        groups.sort(key=itemgetter(0))  # stable: equal paths keep their order
        return groups

    @cached_property
    def findings(self) -> list[Finding]:
        """Every finding as an object, sorted by path, line, column, code and message."""
        return list(self.iter_findings())

    def iter_findings(self) -> Iterator[Finding]:
        """`findings`, in the same order, decoded a file at a time: a report read
        once holds one file's findings, not the site's."""
        for path, rows in self.iter_rows():
            yield from codec.findings_from_rows(rows, path)

    def iter_rows(self) -> Iterator[tuple[str, list[codec.Row]]]:
        """Each path with findings and its findings as rows, in `findings`' order: a
        report written from rows builds no Finding at all."""
        for path, res, cross in self._groups:
            rows = res.unpack().rows if res is not None else []
            if cross:
                rows = sorted([*rows, *cross[0]], key=codec.row_key)
            if rows:
                yield path, rows

    @cached_property
    def _own_lines(self) -> LinesByPath:
        return LinesByPath(self.results)

    def source(self, path: str, n: int) -> str | None:
        """Line `n` of `path`: the run keeps the text of every line a finding points at."""
        line = self._own_lines.get(path, {}).get(n)
        return line if line is not None else self.lines.get(path, {}).get(n)

    def tally(self) -> Tally:
        """The run's `Tally`, without building the findings."""
        count = files = 0
        severities: set[str] = set()
        for _, res, cross in self._groups:
            n, worst = res.tally if res is not None else (0, "")
            if cross:
                n += len(cross[0])
                severities.update(map(codec.severity_of, cross[0]))
            if n:
                files += 1
                count += n
                severities.add(worst)
        severities.discard("")
        return Tally(
            count,
            files,
            max((_SEVERITY[s] for s in severities), key=lambda s: s.rank, default=None),
        )

    def worst_by_path(self) -> Iterator[tuple[str, Severity]]:
        """Each path with findings and its worst one's severity (a path linted twice
        may come twice), without building the findings: the exit code weighs each
        file against its own config's `fail-on`, and stops at the first that fails."""
        for path, res, cross in self._groups:
            severities = {res.tally[1]} if res is not None and res.tally[0] else set()
            if cross:
                severities.update(map(codec.severity_of, cross[0]))
            severities.discard("")
            if severities:
                yield path, max((_SEVERITY[s] for s in severities), key=lambda s: s.rank)

    def texts(self) -> Iterator[str]:
        """The text report (no colour), a piece per file, each finding's text as the
        worker made it."""
        source = self.source
        for _, res, cross in self._groups:
            texts = _stored_texts(res) if res is not None else None
            if res is None:
                items: Sequence[tuple[tuple[int, int, str, str], str]] = []
            elif texts is None:
                items = [(_key(f), finding_text(f, source)) for f in res.findings]
            else:
                if not cross:
                    yield "".join(texts)
                    continue
                rows = res.unpack().rows
                items = [(codec.row_key(row), t) for row, t in zip(rows, texts, strict=True)]
            if cross:
                items = sorted(
                    [*items, *zip(map(codec.row_key, cross[0]), cross[1], strict=True)],
                    key=itemgetter(0),
                )
            yield "".join(text for _, text in items)


def spilling_facts(found: Iterator[FileResult], count: int) -> Iterator[FileResult]:
    """`found` (`count` freshly linted results), each one's facts moved to a
    temporary file as it comes (`spill_facts`) when there are at least
    `SPILL_FILES` and the system reads at an offset."""
    if not _spills(count):
        yield from found
        return
    store = Spill()
    for res in found:
        spill_facts(res, store)
        yield res
