"""The result cache: a rerun lints only the files that changed.

What is stored, per file, is everything the engine's per-file phase produces (a
`FileResult`: findings with their text reports, corpus facts, suppressions,
enabled codes), so a cached file costs a stat and a dictionary lookup, and a
pre-commit run on three files still sees the facts of the whole configured
corpus.

Keys.  An entry is valid when the file's content digest and its config's
fingerprint match, and every other file its rules read for it (`stamps.note`:
an article's own `$schema`) is unchanged.  Everything else that changes findings
is folded into the *environment key*, which names the folder the entries live
in: artlint's version and its own source and lexicon files (so an editable
install notices edits), the Python version (pickles of facts), the plugins'
modules, the contents of local plugin and house-rule files, and the command
line's rule selection.  Rule options that name files (a lexicon, a schema) add
the content of those files to the per-file config key.

Speed.  Reading and hashing every file of a site would cost more than a warm run may, so
each entry also keeps the file's stamp (`stamps.StatKey`): when `os.stat` shows
the same stamp the content is not read at all, and a stamp too fresh to trust is
not kept (see `artlint.stamps`).  Entries are grouped into a few shard files per
environment, each a single pickle loaded in one read; a run rewrites only the
shards it changed.  Each entry's payloads are encoded in the worker that linted
the file (see `artlint.codec` and `artlint.results`), so the parent stores bytes
as they came and the run hands the same bytes on: findings are unpacked when the
report needs them, each corpus rule's facts only when that rule has to run
again.  A corpus rule's output is kept too, keyed by its options and the exact
(path, fact) list it saw, so a run in which no fact changed runs no corpus rule
at all.

Safety.  The cache folder is usually in the linted repository, so what is in
it may have been planted: `artlint.cachedir` decides which folder is artlint's
(it deletes or rewrites nothing else) and reads back only files this user's
artlint signed (a pickle that runs code never gets unpickled).  What passes is
still checked for shape here and in `discover.walk`: a malformed entry, listing
or corpus output, or a listing naming a file outside the folder it walked, is
ignored and rebuilt, never a crash.

Writes go to a temporary file renamed over the old one, so a reader never sees
half a shard.  Entries not used in the last `KEEP_RUNS` writes of their shard are
dropped, each shard holds at most `MAX_ENTRIES // SHARDS` entries, and at most
`MAX_ENVIRONMENTS` environment folders are kept (least recently used go first).
`python -m artlint.cache clean [DIR]` (or deleting the folder) empties it.
"""

# os.path, not pathlib, on purpose: these run per file on warm runs, where Path
# objects cost more than the work itself.
# ruff: noqa: PTH100, PTH116, PTH118, PTH119, PTH120, PTH123

from __future__ import annotations

import contextlib
import os
import re
import sys
import weakref
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, TypeGuard

from artlint import __version__, cachedir, codec, pages, results, selection
from artlint.cachedir import FORMAT, cache_root, load_file, store_file
from artlint.cachedir import clean as clean
from artlint.codec import FACT_SUM, row_ok
from artlint.discover import absolute
from artlint.incremental import Stored
from artlint.results import FileResult, StaleFacts, StoredFacts, interned, sum_at, sums_of
from artlint.safe_io import DEFAULT_MAX_FILE_SIZE
from artlint.stamps import StatKey, content_digest, file_digest, stat_key, trusted, unchanged

if TYPE_CHECKING:
    from artlint.config import Config
    from artlint.corpus_phase import CorpusOutput
    from artlint.discover import Listing
    from artlint.file_phase import Settings
    from artlint.registry import Registry

SHARDS = 16
KEEP_RUNS = 32
MAX_ENTRIES = 400_000
MAX_ENVIRONMENTS = 6
MAX_LISTINGS = 16
#: Outputs (and incremental states) kept per corpus rule: enough for a site run,
#: a one-file run and a run over a folder to each keep their own.
MEMO_ENTRIES = 4


# --------------------------------------------------------------------------- keys


def _hash(*parts: object) -> str:
    h = blake2b(digest_size=12)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _tree_stats(folder: str, suffixes: tuple[str, ...]) -> list[tuple[str, StatKey]]:
    out: list[tuple[str, StatKey]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for e in sorted(entries, key=lambda e: e.name):
        if e.is_dir() and not e.name.startswith((".", "__")):
            out.extend(_tree_stats(e.path, suffixes))
        elif e.name.endswith(suffixes):
            out.append((e.path, stat_key(e.stat())))
    return out


def code_fingerprint() -> str:
    """artlint's own code and data, by stamp: an editable install can change both
    without a version bump, and a stale cache would then replay old findings."""
    here = os.path.dirname(os.path.abspath(__file__))
    stats = _tree_stats(here, (".py",))
    stats += _tree_stats(os.path.join(str(pages.catalogue_dir()), "lexicon"), (".yaml", ".yml"))
    return _hash(__version__, sys.version_info[:2], FORMAT, stats)


def plugin_fingerprint(settings: Settings, registry: Registry) -> str:
    """Every module that defines a loaded rule, by stamp, and house-rule files by content.

    This covers entry-point plugins (a new version rewrites its files), editable
    plugins (edited in place, same version) and local plugin files alike, and costs
    a few stats where asking importlib.metadata for the entry points' distributions
    would scan every installed package a second time (the registry already did).
    """
    modules: set[str] = set()
    for rule in registry.rules.values():
        module = sys.modules.get(type(rule).__module__)
        source = getattr(module, "__file__", None)
        modules.add(source or type(rule).__module__)
    stats: list[tuple[str, StatKey | None]] = []
    for source in sorted(modules):
        try:
            stats.append((source, stat_key(os.stat(source))))
        except OSError:
            stats.append((source, None))
    files = [(p, file_digest(p)) for p in (*settings.plugins, *settings.house_rules)]
    return _hash(stats, files)


def environment_key(settings: Settings, registry: Registry) -> str:
    return _hash(
        code_fingerprint(),
        plugin_fingerprint(settings, registry),
        settings.cli,
        settings.config_path,
    )


def config_key(config: Config, named_files: Sequence[str]) -> str:
    """The per-file part of the key: the config's fingerprint plus the content of
    every file its rules' options name (`RuleSet.named_files`: lexicons, schemas),
    which the fingerprint only holds by name."""
    return _hash(config.fingerprint(), [(p, file_digest(p)) for p in named_files])


# --------------------------------------------------------------------------- shapes

_SEVERITIES = frozenset(("", "error", "warning", "info"))

# A warm run checks every entry of every shard it loads and every row of each
# corpus rule's stored output: the checks below test each type inline, in plain
# loops, which costs a fraction of generators or `map(type, ...)`.


def _stamp_ok(key: object) -> bool:
    return key is None or (
        type(key) is tuple
        and len(key) == 4
        and type(key[0]) is int
        and type(key[1]) is int
        and type(key[2]) is int
        and type(key[3]) is int
    )


def _deps_ok(deps: object) -> bool:
    if type(deps) is not tuple:
        return False
    for dep in deps:
        if (
            type(dep) is not tuple
            or len(dep) != 3
            or type(dep[0]) is not str
            or not _stamp_ok(dep[1])
            or type(dep[2]) is not str
        ):
            return False
    return True


def _facts_ok(facts: object, seen: dict[int, bool]) -> bool:
    """Whether an entry's facts slot is (rule codes, their facts' digests), with
    the codes checked once per tuple: a shard's entries share a few."""
    if type(facts) is not tuple or len(facts) != 2:
        return False
    codes, sums = facts
    if type(codes) is not tuple or type(sums) is not bytes:
        return False
    ok = seen.get(id(codes))
    if ok is None:
        ok = seen[id(codes)] = all(type(c) is str for c in codes)
    return ok and len(sums) == FACT_SUM * len(codes)


def _led_by(fact: object, lead: bytes) -> TypeGuard[bytes]:
    """Whether `fact`, as a facts file holds it, is the encoded fact whose
    digest an index entry names."""
    return type(fact) is bytes and fact[:FACT_SUM] == lead


def _tags_ok(tags: object) -> bool:
    if type(tags) is not dict:
        return False
    for code, tag in tags.items():  # noqa: SIM110 (a generator costs twice the loop)
        if type(code) is not str or type(tag) is not bytes:
            return False
    return True


def _entry_ok(entry: object, seen: dict[int, bool]) -> bool:
    """Whether a stored entry has the shape `store` gives one."""
    if type(entry) is not list or len(entry) != _ENTRY_LEN:
        return False
    stamp, digest, ckey, last, facts, rest, texts, fdigest, tally, deps = entry
    return (
        type(digest) is str
        and type(ckey) is str
        and type(last) is int
        and _facts_ok(facts, seen)
        and type(rest) is bytes
        and (texts is None or type(texts) is bytes)
        and type(fdigest) is bytes
        and type(tally) is tuple
        and len(tally) == 2
        and type(tally[0]) is int
        and tally[0] >= 0
        and type(tally[1]) is str
        and tally[1] in _SEVERITIES
        and _stamp_ok(stamp)
        and (not deps or _deps_ok(deps))
    )


def _found_ok(found: dict[Any, Any]) -> bool:
    for path, rendered in found.items():
        if type(path) is not str or type(rendered) is not tuple or len(rendered) != 2:
            return False
        rows, texts = rendered
        if type(rows) is not list or type(texts) is not list or len(rows) != len(texts):
            return False
        for t in texts:
            if type(t) is not str:
                return False
        for r in rows:
            if not row_ok(r):
                return False
    return True


def _lines_ok(lines: dict[Any, Any]) -> bool:
    for path, numbers in lines.items():
        if type(path) is not str or type(numbers) is not dict:
            return False
        for n, t in numbers.items():
            if type(n) is not int or type(t) is not str:
                return False
    return True


def _output_ok(output: object) -> bool:
    """Whether a stored corpus rule output has the shape `CorpusOutput` says."""
    if type(output) is not tuple or len(output) != 3:
        return False
    found, lines, digests = output
    if type(found) is not dict or type(lines) is not dict or type(digests) is not dict:
        return False
    if not _found_ok(found) or not _lines_ok(lines):
        return False
    for p, d in digests.items():  # noqa: SIM110 (a generator costs twice the loop)
        if type(p) is not str or type(d) is not str:
            return False
    return True


#: What an output holds beside its base's: the entries of its three maps
#: (findings, lines, digests) that are new or differ, and the paths each drops.
Change = tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[str], list[str], list[str]]


def _change(base: CorpusOutput, output: CorpusOutput) -> Change:
    """`output` as the difference from `base`.  Values are compared by identity:
    an update keeps the unchanged files' entries as the objects it was given, and
    an equal value stored again costs a few bytes, never a wrong answer."""
    put: list[dict[str, Any]] = []
    drop: list[list[str]] = []
    maps: list[tuple[dict[str, Any], dict[str, Any]]] = list(zip(base, output, strict=True))
    for was, now in maps:
        put.append({p: v for p, v in now.items() if was.get(p) is not v})
        drop.append([p for p in was if p not in now])
    return put[0], put[1], put[2], drop[0], drop[1], drop[2]


def _changed(base: CorpusOutput, change: Change) -> CorpusOutput:
    """`base` with `change` applied (`_change`'s inverse), findings in path order
    as `incremental` leaves them."""
    bases: tuple[dict[str, Any], ...] = base
    maps: list[dict[str, Any]] = []
    for was, put, drop in zip(bases, change[:3], change[3:], strict=True):
        gone = set(drop)
        now = {p: v for p, v in was.items() if p not in gone}
        now.update(put)
        maps.append(now)
    return dict(sorted(maps[0].items())), maps[1], maps[2]


def _change_ok(change: object) -> TypeGuard[Change]:
    """Whether a stored change has the shape `_change` gives one."""
    if type(change) is not tuple or len(change) != 6:
        return False
    if not _output_ok(change[:3]):
        return False
    for paths in change[3:]:
        if type(paths) is not list:
            return False
        for p in paths:
            if type(p) is not str:
                return False
    return True


# --------------------------------------------------------------------------- the index

#: One file's cached outcome: [stamp or None, content digest, config key, last
#: run that used it, (rule codes with a fact, each fact's digest), rest payload,
#: packed text reports, digest of the facts, (count, worst severity), other
#: files read for it].  A plain list rather than a dataclass: a shard then
#: unpickles entirely in C, where slotted dataclasses would each go through a
#: Python-level __setstate__.  The facts themselves are in the shard's facts
#: files (see `_ShardFacts`).
STAT, DIGEST, CONFIG, LAST_RUN, FACTS, REST, TEXTS, FACTS_DIGEST, TALLY, DEPS = range(10)
_ENTRY_LEN = 10


class _ShardFacts:
    """The facts of one shard's files, beside the shard in a file per rule.

    They are most of what a shard would hold, and a run reads them only when a
    rule has to run over a cached file's facts (`StoredFacts`): then that
    rule's file, once for the shard's files.  A cold run reads each rule's
    back as the rule comes to run, and lets it go after: it never holds every
    rule's facts at once.  The shard names the tag each file was written with,
    so a file left from a run that stopped between writes is told apart from
    the one the shard was written with."""

    def __init__(self, prefix: str, tags: dict[str, bytes]) -> None:
        self.prefix = prefix
        #: Each rule's file's tag (none: no file).
        self.tags = tags
        self.loaded: dict[str, dict[str, bytes]] = {}

    def path(self, code: str) -> str:
        return f"{self.prefix}{_safe_code(code)}.pickle"

    def of(self, code: str) -> dict[str, bytes]:
        """The rule's facts by file, as its file holds them ({}: none or not
        the file the shard names)."""
        got = self.loaded.get(code)
        if got is None:
            tag = self.tags.get(code)
            loaded: Any = load_file(self.path(code)) if tag else None
            fits = (
                type(loaded) is tuple
                and len(loaded) == 2
                and loaded[0] == tag
                and type(loaded[1]) is dict
            )
            got = self.loaded[code] = loaded[1] if fits else {}
        return got

    def holds(self, abspath: str, codes: tuple[str, ...], sums: bytes) -> bool:
        """Whether each of the file's facts is in its rule's file, led by the
        digest the entry names."""
        return all(_led_by(self.of(c).get(abspath), sum_at(sums, i)) for i, c in enumerate(codes))

    def fact_of(self, abspath: str, code: str, lead: bytes) -> bytes:
        fact = self.of(code).get(abspath)
        if not _led_by(fact, lead):
            raise StaleFacts(abspath)
        return fact


@dataclass
class _Shard:
    run: int = 0
    entries: dict[str, list[Any]] = field(default_factory=dict)
    dirty: bool = False
    facts: _ShardFacts | None = None
    #: The facts of the files stored this run, for the rules' files.
    fresh: dict[str, Mapping[str, bytes]] = field(default_factory=dict)
    #: The rules whose facts changed for some file this run: their files are
    #: written again.
    changed: set[str] = field(default_factory=set)


def _safe_code(code: str) -> str:
    """A rule code as it names a file: anything but a plain name is kept nowhere."""
    return code if re.fullmatch(r"[A-Za-z0-9_]+", code) else f"x{_hash(code)}"


def _shard_of(abspath: str) -> int:
    return zlib.crc32(abspath.encode("utf-8", "surrogatepass")) % SHARDS


class Cache:
    """Per-file results under `directory`, for one set of run settings.

    Passive, as ruff's: the engine asks it (`lookup`) for the run's files and
    again (facts only) for the corpus files, lints what it missed and hands it
    back (`store`), then calls `flush` once to write what changed.  `registry`
    holds the run's rules, whose modules are part of the environment key.
    """

    def __init__(self, directory: str, settings: Settings, registry: Registry) -> None:
        #: The folder the cache really lives in (see `cache_root`).
        self.directory = cache_root(directory)
        self.settings = settings
        self.registry = registry
        #: (absolute path, config key) of each file `lookup` missed, for `store`.
        self._pending: dict[str, tuple[str, str]] = {}
        #: The absolute path of each file stored this run, by the run's name.
        self._stored: dict[str, str] = {}
        #: Each file whose facts this run wrote: by absolute path while the
        #: shards are written, then by the run's name, for `read_back`.
        self._written: dict[str, tuple[str, tuple[str, ...], bytes, _ShardFacts]] = {}
        self._env: str | None = None
        self._shards: list[_Shard] | None = None
        #: Every shard's facts that a file's `StoredFacts` may still read from:
        #: those of the shards loaded now, and of earlier loads this run.
        self._sources: weakref.WeakSet[_ShardFacts] = weakref.WeakSet()
        self._used: set[str] = set()
        self._config_keys: dict[str, str] = {}
        self._by_config: dict[int, str] = {}
        self._listings: dict[tuple[str, ...], Listing] | None = None
        self._listings_loaded: dict[tuple[str, ...], Listing] = {}
        #: Each dependency checked this run, and whether it was unchanged.
        self._deps_seen: dict[Any, bool] = {}
        self._writable: bool | None = None  # see `_prepare_dir`
        self.hits = 0
        self.misses = 0

    # ------------------------------------------------------------------ folder listings

    def _listings_path(self) -> str:
        return os.path.join(self.env_dir, "listings.pickle")

    @property
    def listings(self) -> dict[tuple[str, ...], Listing]:
        """What `discover.walk` found under each folder it walked, kept between runs
        (`discover.walk` checks each one before it trusts it)."""
        if self._listings is None:
            loaded = load_file(self._listings_path())
            if type(loaded) is not dict or not all(
                type(k) is tuple and all(type(p) is str for p in k) for k in loaded
            ):
                loaded = {}  # missing, not ours or damaged: walk afresh
            self._listings_loaded = dict(loaded)
            self._listings = loaded
        return self._listings

    def _write_listings(self) -> None:
        listings = self._listings
        if listings is None or listings == self._listings_loaded:
            return
        # The latest walks only: a walk stores its listing anew, so they come last.
        keep = dict(list(listings.items())[-MAX_LISTINGS:])
        try:
            if self._prepare_dir():
                store_file(self._listings_path(), keep)
                self._listings_loaded = dict(keep)
        except OSError:
            pass

    # ------------------------------------------------------------------ loading

    @property
    def env_dir(self) -> str:
        if self._env is None:
            self._env = environment_key(self.settings, self.registry)
        return os.path.join(self.directory, f"v{FORMAT}-{self._env}")

    def _shard_path(self, i: int) -> str:
        return os.path.join(self.env_dir, f"shard-{i:02d}.pickle")

    def _facts_prefix(self, i: int) -> str:
        return os.path.join(self.env_dir, f"facts-{i:02d}-")

    def _load(self) -> list[_Shard]:
        if self._shards is not None:
            return self._shards
        shards = []
        seen: dict[int, bool] = {}
        for i in range(SHARDS):
            shard = _Shard()
            tags: dict[str, bytes] = {}
            loaded = load_file(self._shard_path(i))
            if (
                type(loaded) is tuple
                and len(loaded) == 3
                and type(loaded[0]) is int
                and _tags_ok(loaded[1])
                and type(loaded[2]) is dict
            ):
                shard.run, tags, entries = loaded
                shard.entries = {
                    k: e for k, e in entries.items() if type(k) is str and _entry_ok(e, seen)
                }
                shard.dirty = len(shard.entries) != len(entries)  # drop the malformed
            else:  # damaged, not ours or of another layout: write it afresh
                shard.dirty = os.path.lexists(self._shard_path(i))
            shard.facts = _ShardFacts(self._facts_prefix(i), tags)
            self._sources.add(shard.facts)
            shards.append(shard)
        self._shards = shards
        return shards

    def _config_key(self, config_for: Callable[[str], Config], path: str, abspath: str) -> str:
        folder = abspath.rpartition(os.sep)[0]
        key = self._config_keys.get(folder)
        if key is None:
            cfg = config_for(path)
            key = self._by_config.get(id(cfg))
            if key is None:
                files = selection.build(cfg, self.registry, self.settings.cli).named_files
                key = self._by_config[id(cfg)] = config_key(cfg, files)
            self._config_keys[folder] = key
        return key

    # ------------------------------------------------------------------ the run

    def lookup(
        self, paths: Sequence[str], config_for: Callable[[str], Config], facts_only: bool = False
    ) -> list[FileResult | None]:
        """The stored result of each of `paths` that is still valid, None for the
        others (lint them and `store` the results).

        `config_for` names each file's config (the engine's, which memoises them
        by folder): the per-file key is worked out from it here, once a folder."""
        shards = self._load()
        out: list[FileResult | None] = []
        pending, config_key, replay = self._pending, self._config_key, self._replay
        for path, abspath in zip(paths, absolute(paths), strict=True):
            ckey = config_key(config_for, path, abspath)
            shard = shards[_shard_of(abspath)]
            entry = shard.entries.get(abspath)
            res = None
            if entry is not None and entry[CONFIG] == ckey:
                res = replay(path, abspath, entry, shard, facts_only)
            if res is None:
                pending[path] = (abspath, ckey)
                self.misses += 1
            else:
                self.hits += 1
            out.append(res)
        return out

    def store(self, res: FileResult) -> None:
        """Store a file `lookup` missed, freshly linted (unless it could not be
        read, or a rule ran out of time on it: then it has no digest)."""
        keys = self._pending.get(res.path)
        if keys is None or not res.digest:
            return
        abspath, ckey = keys
        shard = self._load()[_shard_of(abspath)]
        # The worker's own dict (or the facts a large run spilled), not a copy:
        # a cold run stores every file of a site, and the copies would all be
        # held until the shards are written.
        facts: Mapping[str, bytes] = res.facts
        if type(facts) is StoredFacts:
            codes, sums = facts.codes, facts.sums
        else:
            facts = facts if type(facts) is dict else dict(facts)
            codes, sums = tuple(facts), sums_of(facts)
        before = shard.entries.get(abspath)
        then: dict[str, bytes] = {}
        if before is not None:
            then_codes, then_sums = before[FACTS]
            then = {c: sum_at(then_sums, i) for i, c in enumerate(then_codes)}
        shard.changed.update(c for i, c in enumerate(codes) if then.get(c) != sum_at(sums, i))
        shard.fresh[abspath] = facts
        self._stored[res.path] = abspath
        shard.entries[abspath] = [
            None if res.stat is None else trusted(res.stat, res.stat_at),
            res.digest,
            ckey,
            shard.run + 1,
            (interned(codes), sums),
            res.packed,
            res.texts,
            res.facts_digest,
            res.tally,
            res.deps,
        ]
        shard.dirty = True
        self._used.add(abspath)

    def _deps_unchanged(self, deps: tuple[Any, ...]) -> bool:
        seen = self._deps_seen
        for dep in deps:
            ok = seen.get(dep)
            if ok is None:
                ok = seen[dep] = unchanged(dep)
            if not ok:
                return False
        return True

    def _replay(
        self, path: str, abspath: str, entry: list[Any], shard: _Shard, facts_only: bool
    ) -> FileResult | None:
        """The stored result if the file is unchanged, else None (re-lint it)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not S_ISREG(st.st_mode) or st.st_size > DEFAULT_MAX_FILE_SIZE:
            return None  # lint it again: `safe_io` reports it without reading it
        key = stat_key(st)
        if entry[STAT] is None or entry[STAT] != key:
            # Touched, checked out again, or too fresh to trust: compare content.
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                return None
            if content_digest(data) != entry[DIGEST]:
                return None
            new_stat = trusted(key)
            if new_stat != entry[STAT]:
                entry[STAT] = new_stat
                shard.dirty = True
        if entry[DEPS] and not self._deps_unchanged(entry[DEPS]):
            return None
        assert shard.facts is not None  # `_load` gave it one
        codes, sums = entry[FACTS]
        facts = StoredFacts(codes, sums, shard.facts, abspath)
        if facts_only:
            self._used.add(abspath)
            return FileResult(path, b"", facts, entry[DIGEST], facts_digest=entry[FACTS_DIGEST])
        packed = entry[REST]
        if not results.intact(packed):
            return None  # a damaged entry: lint the file again
        self._used.add(abspath)
        return FileResult(
            path,
            packed,
            facts,
            entry[DIGEST],
            entry[TEXTS],
            entry[FACTS_DIGEST],
            entry[TALLY],
        )

    # ------------------------------------------------------------------ corpus rules

    def _corpus_prefix(self, code: str, kind: str = "corpus") -> str:
        return os.path.join(self.env_dir, f"{kind}-{_safe_code(code)}-")

    def _corpus_path(self, code: str, key: str) -> str:
        return f"{self._corpus_prefix(code)}{_key_tail(key)}.pickle"

    def get(self, code: str, key: str) -> CorpusOutput | None:
        """The output a corpus rule gave for inputs with this key, if it was one of
        the last `MEMO_ENTRIES`: kept whole, or as a change to the output of the
        state it was updated from (`put`), which is kept whole."""
        stored = self._memo_entry(code, key)
        if stored is None:
            return None
        if len(stored) == 3:
            output = stored[2]
            return output if _output_ok(output) else None
        change, base_key = stored[2], stored[3]
        if type(base_key) is not str or not _change_ok(change):
            return None
        base = self._memo_entry(code, base_key)
        if base is None or len(base) != 3 or not _output_ok(base[2]):
            return None
        return _changed(base[2], change)

    def _memo_entry(self, code: str, key: str) -> tuple[Any, ...] | None:
        """The memo's file for the rule and key as `put` writes it, unchecked
        inside: (code, key, output) or (code, key, change, base key)."""
        stored = load_file(self._corpus_path(code, key))
        if type(stored) is not tuple or len(stored) not in (3, 4):
            return None
        return stored if stored[0] == code and stored[1] == key else None

    def put(
        self,
        code: str,
        key: str,
        output: CorpusOutput,
        base: tuple[str, CorpusOutput] | None = None,
    ) -> None:
        """Keep one rule's output beside its last few (a one-file run and a site
        run see different inputs, and neither may evict the other's).  Its fixes'
        edits are pickled as calls: they read back at twice the speed of a
        dataclass's own state.

        With `base` (the key and output of the kept state the output was
        updated from), only what differs from the base output is written: an
        edit changes the findings of a few files, and writing a large site's
        output whole after every edit cost more than the rule's update.  The
        memo keeps the base output for as long as its state is kept; once it
        is gone, so is this entry (the rule is then updated again)."""
        stored: tuple[Any, ...] = (code, key, output)
        if base is not None and base[0] != key:
            change = _change(base[1], output)
            if len(change[0]) * 2 < len(output[0]) + 1:  # else whole reads back faster
                stored = (code, key, change, base[0])
        try:
            if self._prepare_dir():
                store_file(self._corpus_path(code, key), stored, codec.Calls)
                pinned = {self._corpus_path(code, tail) for tail in self._states(code).values()}
                _keep_newest(self._corpus_prefix(code), MEMO_ENTRIES, pinned)
        except OSError:
            pass

    def _run_path(self) -> str:
        return os.path.join(self.env_dir, "corpus-run.pickle")

    def _runs(self) -> dict[str, dict[str, str]]:
        stored = load_file(self._run_path())
        if type(stored) is not dict:
            return {}
        return {
            s: keys
            for s, keys in stored.items()
            if type(s) is str
            and type(keys) is dict
            and all(type(c) is str and type(k) is str for c, k in keys.items())
        }

    def keys(self, signature: str) -> dict[str, str] | None:
        return self._runs().get(signature)

    def remember(self, signature: str, keys: dict[str, str]) -> None:
        runs = self._runs()
        runs.pop(signature, None)
        runs[signature] = keys  # newest last
        try:
            if self._prepare_dir():
                store_file(self._run_path(), dict(list(runs.items())[-MEMO_ENTRIES:]))
        except OSError:
            pass

    # ------------------------------------------------------------------ writing

    def flush(self) -> None:
        """Write the shards this run changed, prune old entries and environments, and
        let go of the loaded shards.

        A cache that cannot be written (read-only checkout, full disk, no key) costs
        speed, never the run, so errors are swallowed.
        """
        self._write_listings()
        self._pending.clear()
        self._written = {}
        shards, self._shards = self._shards, None
        if shards is None or not any(s.dirty for s in shards):
            return
        try:
            if self._prepare_dir():
                for i, shard in enumerate(shards):
                    if shard.dirty:
                        self._write_shard(i, shard)
                cachedir.prune(self.directory, os.path.basename(self.env_dir), MAX_ENVIRONMENTS)
        except OSError:
            pass
        finally:
            # The stored payloads are not needed by the corpus phase that follows;
            # releasing them here lowers a large run's peak memory.  A later
            # `lookup` call reloads the shards from disk.
            self._used.clear()
            written = self._written
            self._written = {p: written[a] for p, a in self._stored.items() if a in written}
            self._stored.clear()

    def read_back(self, results: Iterable[FileResult]) -> None:
        """Let the facts of the files this run stored, now written, be read back
        from the cache as their rules come to run instead of held: a cold run
        of a large site held every file's facts through its corpus phase.

        Facts a large run spilled (`results.spilling_facts`) stay where they
        are: read back one at a time, where a rule's facts read from the cache
        come a shard's file at a time and stay until the rule is done."""
        written = self._written
        for res in results:
            got = written.get(res.path)
            if got is not None and type(res.facts) is not StoredFacts:
                abspath, codes, sums, source = got
                res.facts = StoredFacts(codes, sums, source, abspath)
        self._written = {}

    def _prepare_dir(self) -> bool:
        """Whether the cache can be written (see `cachedir.prepare`), once a run."""
        if self._writable is None:
            self._writable = cachedir.prepare(self.directory, os.path.basename(self.env_dir))
        return self._writable

    def _write_shard(self, i: int, shard: _Shard) -> None:
        shard.run += 1
        run = shard.run
        entries = shard.entries
        for path, entry in list(entries.items()):
            if path in self._used:
                entry[LAST_RUN] = run
            elif entry[LAST_RUN] < run - KEEP_RUNS:
                del entries[path]
        limit = MAX_ENTRIES // SHARDS
        if len(entries) > limit:
            keep = sorted(entries.items(), key=lambda kv: kv[1][LAST_RUN], reverse=True)[:limit]
            shard.entries = entries = dict(keep)
        assert shard.facts is not None
        for code in sorted(shard.changed):
            self._write_facts(shard, code)
        shard.changed.clear()
        store_file(self._shard_path(i), (run, shard.facts.tags, shard.entries))
        shard.dirty = False
        for abspath in shard.fresh:
            stored = shard.entries.get(abspath)
            if stored is not None:
                codes, sums = stored[FACTS]
                self._written[abspath] = (abspath, codes, sums, shard.facts)
        shard.fresh = {}

    def _write_facts(self, shard: _Shard, code: str) -> None:
        """Write one rule's facts file of the shard anew, under a new tag, before
        the shard that names it: the files stored this run, the others as they
        were (an entry whose fact cannot be found is dropped, and its file
        linted again next time)."""
        assert shard.facts is not None
        old = shard.facts.of(code)
        facts: dict[str, bytes] = {}
        for path, entry in list(shard.entries.items()):
            codes, sums = entry[FACTS]
            if code not in codes:
                continue
            fresh = shard.fresh.get(path)
            fact = fresh[code] if fresh is not None else old.get(path)
            if not _led_by(fact, sum_at(sums, codes.index(code))):
                del shard.entries[path]
                continue
            facts[path] = fact
        tag = os.urandom(8)
        store_file(shard.facts.path(code), (tag, facts))
        shard.facts.tags[code] = tag
        shard.facts.loaded.pop(code, None)  # read back as the rule comes to run

    def let_go(self, code: str) -> None:
        """Let go of the facts of `code` read in so far (a run done with that
        rule): read again from the cache if a rule asks for them after all."""
        for source in self._sources:
            source.loaded.pop(code, None)

    def forget_lost(self) -> None:
        """Drop the entries whose facts are gone from their shard's facts file
        (`StaleFacts`: damaged, or left from a run that stopped between its two
        writes), so that the next run lints those files again."""
        self._shards = None
        try:
            for i, shard in enumerate(self._load()):
                held = shard.facts
                assert held is not None
                kept = {p: e for p, e in shard.entries.items() if held.holds(p, *e[FACTS])}
                if len(kept) != len(shard.entries) and self._prepare_dir():
                    store_file(self._shard_path(i), (shard.run, held.tags, kept))
        except OSError:
            pass
        finally:
            self._shards = None

    # ------------------------------------------------------------------ incremental states

    def _states(self, code: str) -> dict[int, str]:
        """The key tail of each kept state of the rule, by the size it was kept
        for: both are in its file's name, so that keeping the memo's outputs
        (`put`) knows which to keep without reading the states."""
        folder, start = os.path.split(self._corpus_prefix(code, "state"))
        found: dict[int, str] = {}
        with contextlib.suppress(OSError), os.scandir(folder) as it:
            for e in it:
                if e.name.startswith(start) and e.name.endswith(".pickle"):
                    size, _, tail = e.name[len(start) : -len(".pickle")].partition("-")
                    if size.isdigit() and _KEY_TAIL.fullmatch(tail):
                        found[int(size)] = tail
        return found

    def load_state(self, code: str, size: int) -> Any:
        """The kept state (`artlint.incremental.Stored`) of a corpus rule over the
        input set nearest `size` files, with the output it gave, or None."""
        states = self._states(code)
        if not states:
            return None
        n = min(states, key=lambda k: (abs(k - size), k))
        stored = load_file(f"{self._corpus_prefix(code, 'state')}{n}-{states[n]}.pickle")
        if isinstance(stored, Stored):
            # The memo's entry under the state's key, which `put` keeps for as
            # long as the state is kept; without one the rule starts afresh.
            stored.output = self.get(code, stored.key)
        return stored

    def keep_state(self, code: str, size: int, stored: Any) -> None:
        """Keep `stored` for input sets near `size` files.  Its output is the
        memo's entry under its key (written there now if it is not already):
        one copy of each output, where a copy kept beside the state doubled
        what a cold run of a large site pickled and wrote."""
        if not self._prepare_dir():
            return
        prefix = self._corpus_prefix(code, "state")
        name = f"{prefix}{size}-{_key_tail(stored.key)}.pickle"
        output, stored.output = stored.output, None
        try:
            store_file(name, stored, codec.Calls)
        finally:
            stored.output = output
        folder, start = os.path.split(f"{prefix}{size}-")
        with contextlib.suppress(OSError), os.scandir(folder) as it:
            for e in it:  # the state this one replaces
                if e.name.startswith(start) and e.path != name:
                    Path(e.path).unlink()
        if output is not None and not Path(self._corpus_path(code, stored.key)).exists():
            self.put(code, stored.key, output)
        _keep_newest(prefix, MEMO_ENTRIES)


#: A key that ends a file's name as it is (any other is hashed first).
_KEY_TAIL = re.compile(r"[0-9a-f]{1,64}")


def _key_tail(key: str) -> str:
    """A key as it ends a file's name."""
    return key if _KEY_TAIL.fullmatch(key) else _hash(key)


def _keep_newest(prefix: str, keep: int, pinned: Collection[str] = ()) -> None:
    """Delete all but the `keep` newest files whose path starts with `prefix`;
    a file `pinned` (by path) is neither deleted nor counted."""
    folder, start = os.path.split(prefix)
    try:
        with os.scandir(folder) as it:
            found = [
                e for e in it if e.name.startswith(start) and e.is_file() and e.path not in pinned
            ]
        found.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for e in found[keep:]:
            Path(e.path).unlink()
    except OSError:
        pass


# --------------------------------------------------------------------------- commands


def info(directory: str) -> dict[str, Any]:
    """Environments, entries and bytes held, for `python -m artlint.cache info`.

    Only artlint's own files count, and a shard is read only when it passes the
    check `load_file` makes."""
    root = cache_root(directory)
    envs = entries = size = 0
    for env in cachedir.environments(root) if cachedir.owns(root) else []:
        envs += 1
        with contextlib.suppress(OSError), os.scandir(env.path) as it:
            for e in list(it):
                if not cachedir.is_own_file(e) or not e.is_file(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    size += e.stat(follow_symlinks=False).st_size
                if e.name.startswith("shard-"):
                    loaded = load_file(e.path)
                    if type(loaded) is tuple and len(loaded) == 3 and type(loaded[2]) is dict:
                        entries += len(loaded[2])
    return {"directory": root, "environments": envs, "entries": entries, "bytes": size}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m artlint.cache {clean,info} [DIR]` (DIR defaults to .artlint_cache)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("clean", "info"):
        print("usage: python -m artlint.cache {clean,info} [DIR]", file=sys.stderr)
        return 2
    directory = args[1] if len(args) > 1 else ".artlint_cache"
    if args[0] == "info":
        for key, value in info(directory).items():
            print(f"{key}: {value}")
        return 0
    try:
        removed = clean(directory)
    except ValueError as exc:
        print(f"artlint: error: {exc}", file=sys.stderr)
        return 2
    print(f"{'removed' if removed else 'no cache at'} {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
