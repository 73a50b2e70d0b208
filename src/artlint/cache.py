"""The result cache: a rerun lints only the files that changed.

What is stored, per file, is everything the engine's per-file phase produces (a
`FileResult`: findings with their text reports, corpus facts, suppressions,
enabled codes), so a cached file costs a stat and a dictionary lookup, and a
pre-commit run on three files still sees the facts of the whole configured
corpus.

Keys.  An entry is valid when the file's content digest and its config's
fingerprint match.  Everything else that changes findings is folded into the
*environment key*, which names the folder the entries live in: artlint's version
and its own source and lexicon files (so an editable install notices edits), the
Python version (pickles of facts), the plugins' distributions and versions, the
contents of local plugin and house-rule files, and the command line's rule
selection.  Rule options that name files (a lexicon, a schema) add the content of
those files to the per-file config key.

Speed.  Reading and hashing 10,000 files would cost more than a warm run may, so
each entry also keeps the file's (mtime_ns, size, inode): when `os.stat` shows the
same triple the content is not read at all.  A file modified within a second of
being linted is stored without a stat (timestamps have a coarse tick, so a second
edit could keep the same mtime) and is re-hashed next time, as git does for
"racily clean" files.  Entries are grouped into a few shard files per environment,
each a single pickle loaded in one read; a run rewrites only the shards it changed.
Each entry's payloads are encoded in the worker that linted the file (see
`artlint.codec` and `artlint.results`), so the parent stores bytes as they came
and the run hands the same bytes on: findings are unpacked when the report
needs them, each corpus rule's facts only when that rule has to run again.  A
corpus rule's output is kept too, keyed by its options and the exact (path,
fact) list it saw, so a run in which no fact changed runs no corpus rule at all.

Safety and bounds.  Writes go to a temporary file renamed over the old one, so a
reader never sees half a shard; a shard or entry that fails to load is ignored and
rebuilt.  Entries not used in the last `KEEP_RUNS` writes of their shard are
dropped, each shard holds at most `MAX_ENTRIES // SHARDS` entries, and at most
`MAX_ENVIRONMENTS` environment folders are kept (least recently used go first).
`python -m artlint.cache clean [DIR]` (or deleting the folder) empties it.
"""

# os.path, not pathlib, on purpose: these run per file on warm runs, where Path
# objects cost more than the work itself.
# ruff: noqa: PTH100, PTH103, PTH105, PTH108, PTH110, PTH112, PTH113, PTH116, PTH118, PTH119, PTH120, PTH123, PTH202

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from artlint.config import Config
    from artlint.discover import Listing
    from artlint.engine import Context, CorpusOutput, Record, Settings
    from artlint.registry import Registry
    from artlint.results import FileResult

#: Bumped whenever the layout of shards or entries changes.
FORMAT = 3
SHARDS = 16
KEEP_RUNS = 32
MAX_ENTRIES = 400_000
MAX_ENVIRONMENTS = 6
MAX_LISTINGS = 16
PROTOCOL = pickle.HIGHEST_PROTOCOL
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by artlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


# --------------------------------------------------------------------------- keys

def _hash(*parts: object) -> str:
    from hashlib import blake2b

    h = blake2b(digest_size=12)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _file_digest(path: str) -> str:
    from hashlib import blake2b

    try:
        with open(path, "rb") as fh:
            return blake2b(fh.read(), digest_size=16).hexdigest()
    except OSError:
        return "-"


def _tree_stats(folder: str, suffixes: tuple[str, ...]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for e in sorted(entries, key=lambda e: e.name):
        if e.is_dir() and not e.name.startswith((".", "__")):
            out.extend(_tree_stats(e.path, suffixes))
        elif e.name.endswith(suffixes):
            st = e.stat()
            out.append((e.path, st.st_mtime_ns, st.st_size))
    return out


def code_fingerprint() -> str:
    """artlint's own code and data, by stat: an editable install can change both
    without a version bump, and a stale cache would then replay old findings."""
    from artlint import __version__, pages

    here = os.path.dirname(os.path.abspath(__file__))
    stats = _tree_stats(here, (".py",))
    stats += _tree_stats(os.path.join(str(pages.catalogue_dir()), "lexicon"), (".yaml", ".yml"))
    return _hash(__version__, sys.version_info[:2], FORMAT, stats)


def plugin_fingerprint(settings: Settings, registry: Registry) -> str:
    """Every module that defines a loaded rule, by stat, and house-rule files by content.

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
    stats = []
    for source in sorted(modules):
        try:
            st = os.stat(source)
            stats.append((source, st.st_mtime_ns, st.st_size))
        except OSError:
            stats.append((source, 0, 0))
    files = [(p, _file_digest(p)) for p in (*settings.plugins, *settings.house_rules)]
    return _hash(stats, files)


def environment_key(settings: Settings, registry: Registry) -> str:
    return _hash(code_fingerprint(), plugin_fingerprint(settings, registry), settings.cli,
                 settings.config_path)


def config_key(config: Config) -> str:
    """The per-file part of the key: the config's fingerprint plus the content of
    any file a rule option names (lexicons, schemas), which the fingerprint only
    holds by name."""
    files = []
    for _, items in config.rules:
        for _, value in items:
            if isinstance(value, str) and value:
                candidate = os.path.join(str(config.root), value)
                if os.path.isfile(candidate):
                    files.append((value, _file_digest(candidate)))
    return _hash(config.fingerprint(), files)


# --------------------------------------------------------------------------- the index

#: One file's cached outcome: [stat key or None, content digest, config key,
#: last run that used it, {rule code: fact payload}, rest payload, packed text
#: reports, digest of the facts, (count, worst severity)].  A plain list rather than a
#: dataclass: a shard of 10,000 entries then unpickles entirely in C, where slotted
#: dataclasses would each go through a Python-level __setstate__.
Entry = list
STAT, DIGEST, CONFIG, LAST_RUN, FACTS, REST, TEXTS, FACTS_DIGEST, TALLY = range(9)


@dataclass
class _Shard:
    run: int = 0
    entries: dict[str, list[Any]] = field(default_factory=dict)
    dirty: bool = False


def _shard_of(abspath: str) -> int:
    return zlib.crc32(abspath.encode("utf-8", "surrogatepass")) % SHARDS


def _write_atomic(path: str, data: bytes) -> None:
    import tempfile

    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Cache:
    """Per-file results under `directory`, for one set of run settings.

    The engine calls `lint` for the run's files and again (facts only) for the
    corpus files, then `flush` once to write what changed.
    """

    def __init__(self, directory: str, settings: Settings) -> None:
        self.directory = os.path.abspath(directory)
        self.settings = settings
        self._env: str | None = None
        self._shards: list[_Shard] | None = None
        self._used: set[str] = set()
        self._config_keys: dict[str, str] = {}
        self._by_config: dict[int, str] = {}
        self._listings: dict[tuple[str, ...], Listing] | None = None
        self._listings_loaded: dict[tuple[str, ...], Listing] = {}
        self.hits = 0
        self.misses = 0

    # ------------------------------------------------------------------ folder listings

    def _listings_path(self) -> str:
        return os.path.join(self.env_dir, "listings.pickle")

    @property
    def listings(self) -> dict[tuple[str, ...], Listing]:
        """What `discover.walk` found under each folder it walked, kept between runs."""
        if self._listings is None:
            try:
                with open(self._listings_path(), "rb") as fh:
                    loaded = pickle.load(fh)
                if not isinstance(loaded, dict):
                    raise ValueError("not a listing table")
            except Exception:  # missing or damaged: walk afresh
                loaded = {}
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
            self._prepare_dir()
            _write_atomic(self._listings_path(), pickle.dumps(keep, protocol=PROTOCOL))
            self._listings_loaded = dict(keep)
        except OSError:
            pass

    # ------------------------------------------------------------------ loading

    @property
    def env_dir(self) -> str:
        if self._env is None:
            from artlint import engine

            self._env = environment_key(self.settings, engine._context(self.settings).registry)
        return os.path.join(self.directory, f"v{FORMAT}-{self._env}")

    def _shard_path(self, i: int) -> str:
        return os.path.join(self.env_dir, f"shard-{i:02d}.pickle")

    def _load(self) -> list[_Shard]:
        if self._shards is not None:
            return self._shards
        shards = []
        for i in range(SHARDS):
            shard = _Shard()
            try:
                with open(self._shard_path(i), "rb") as fh:
                    data = fh.read()
                run, entries = pickle.loads(data)
                if not isinstance(run, int) or not isinstance(entries, dict):
                    raise ValueError("not a shard")
                shard.run, shard.entries = run, entries
            except FileNotFoundError:
                pass
            except Exception:  # corrupt or from another layout: start it afresh
                shard.dirty = True
            shards.append(shard)
        self._shards = shards
        return shards

    def _config_key(self, ctx: Context, path: str, abspath: str) -> str:
        folder = abspath.rpartition(os.sep)[0]
        key = self._config_keys.get(folder)
        if key is None:
            cfg = ctx.config_for(path)
            key = self._by_config.get(id(cfg))
            if key is None:
                key = self._by_config[id(cfg)] = config_key(cfg)
            self._config_keys[folder] = key
        return key

    # ------------------------------------------------------------------ the run

    def lint(self, paths: Sequence[str], settings: Settings, jobs: int,
             progress: Callable[[int], None] | None,
             facts_only: bool = False) -> Iterator[FileResult]:
        """Results for `paths` in order: replayed when valid, linted (and stored) if not."""
        from artlint import engine

        ctx = engine._context(settings)
        shards = self._load()
        out: list[FileResult | None] = [None] * len(paths)
        todo: list[int] = []
        keys: dict[int, tuple[str, str]] = {}
        config_key, replay = self._config_key, self._replay
        for i, (path, abspath) in enumerate(zip(paths, engine.absolute(paths), strict=True)):
            ckey = config_key(ctx, path, abspath)
            shard = shards[_shard_of(abspath)]
            entry = shard.entries.get(abspath)
            res = None
            if entry is not None and entry[CONFIG] == ckey:
                res = replay(path, abspath, entry, shard, facts_only)
            if res is None:
                todo.append(i)
                keys[i] = (abspath, ckey)
            else:
                out[i] = res
        self.hits += len(paths) - len(todo)
        self.misses += len(todo)
        if progress and len(paths) > len(todo):
            progress(len(paths) - len(todo))
        if todo:
            records = engine.lint_records([paths[i] for i in todo], settings, jobs, progress)
            for i, rec in zip(todo, records, strict=True):
                abspath, ckey = keys[i]
                out[i] = self._store(rec, abspath, ckey, facts_only)
        for res in out:
            assert res is not None
            yield res

    def _replay(self, path: str, abspath: str, entry: list[Any], shard: _Shard,
                facts_only: bool) -> FileResult | None:
        """The stored result if the file is unchanged, else None (re-lint it)."""
        from stat import S_ISREG

        from artlint.discover import RACY_WINDOW_NS
        from artlint.engine import content_digest, decode, stat_key
        from artlint.safe_io import DEFAULT_MAX_FILE_SIZE

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
            import time

            fresh = time.time_ns() - st.st_mtime_ns < RACY_WINDOW_NS
            new_stat = None if fresh else key
            if new_stat != entry[STAT]:
                entry[STAT] = new_stat
                shard.dirty = True
        from artlint import results

        packed = None if facts_only else entry[REST]
        if packed is not None and not results.intact(packed):
            return None  # a damaged entry: lint the file again
        self._used.add(abspath)
        return decode(path, entry[DIGEST], entry[FACTS], packed, entry[TEXTS],
                      entry[FACTS_DIGEST], entry[TALLY])

    def _store(self, rec: Record, abspath: str, ckey: str, facts_only: bool) -> FileResult:
        from artlint.engine import decode

        res = decode(rec.path, rec.digest, rec.facts, None if facts_only else rec.packed,
                     rec.texts, rec.facts_digest, rec.tally)
        if rec.digest:  # unreadable files are not cached
            shard = self._load()[_shard_of(abspath)]
            shard.entries[abspath] = [rec.stat, rec.digest, ckey, shard.run + 1,
                                      rec.facts, rec.packed, rec.texts, rec.facts_digest,
                                      rec.tally]
            shard.dirty = True
            self._used.add(abspath)
        return res

    # ------------------------------------------------------------------ corpus rules

    def _corpus_path(self, code: str) -> str:
        return os.path.join(self.env_dir, f"corpus-{code}.pickle")

    def get(self, code: str, key: str) -> CorpusOutput | None:
        """The output a corpus rule gave for inputs with this key, if it was the last."""
        try:
            with open(self._corpus_path(code), "rb") as fh:
                stored_key, payload = pickle.load(fh)
            if stored_key != key:
                return None
            found, lines, digests = pickle.loads(payload)
        except Exception:  # missing, corrupt or from another layout: run the rule
            return None
        return found, lines, digests

    def put(self, code: str, key: str, output: CorpusOutput) -> None:
        """Keep one rule's latest output (one entry per rule: it is only ever
        reused by the next run over the same facts)."""
        from artlint import codec

        payload = codec.dumps_plain(output)
        try:
            self._prepare_dir()
            _write_atomic(self._corpus_path(code), pickle.dumps((key, payload), protocol=PROTOCOL))
        except OSError:
            pass

    def _run_path(self) -> str:
        return os.path.join(self.env_dir, "corpus-run.pickle")

    def keys(self, signature: str) -> dict[str, str] | None:
        try:
            with open(self._run_path(), "rb") as fh:
                stored, keys = pickle.load(fh)
        except Exception:
            return None
        return keys if stored == signature and isinstance(keys, dict) else None

    def remember(self, signature: str, keys: dict[str, str]) -> None:
        try:
            self._prepare_dir()
            _write_atomic(self._run_path(), pickle.dumps((signature, keys), protocol=PROTOCOL))
        except OSError:
            pass

    # ------------------------------------------------------------------ writing

    def flush(self) -> None:
        """Write the shards this run changed, prune old entries and environments, and
        let go of the loaded shards.

        A cache that cannot be written (read-only checkout, full disk) costs speed,
        never the run, so errors are swallowed.
        """
        self._write_listings()
        shards, self._shards = self._shards, None
        if shards is None or not any(s.dirty for s in shards):
            return
        try:
            self._prepare_dir()
            for i, shard in enumerate(shards):
                if shard.dirty:
                    self._write_shard(i, shard)
            _prune_environments(self.directory, keep=os.path.basename(self.env_dir))
        except OSError:
            pass
        finally:
            # The stored payloads are not needed by the corpus phase that follows;
            # releasing them here lowers a large run's peak memory.  A later
            # `lint` call reloads the shards from disk.
            self._used.clear()

    def _prepare_dir(self) -> None:
        os.makedirs(self.env_dir, exist_ok=True)
        tag = os.path.join(self.directory, "CACHEDIR.TAG")
        if not os.path.exists(tag):
            _write_atomic(tag, _TAG.encode())
            _write_atomic(os.path.join(self.directory, ".gitignore"),
                          b"# Created by artlint: the whole folder is a cache.\n*\n")

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
        _write_atomic(self._shard_path(i), pickle.dumps((run, entries), protocol=PROTOCOL))
        shard.dirty = False


def _prune_environments(directory: str, keep: str) -> None:
    """Drop the least recently written environment folders beyond MAX_ENVIRONMENTS."""
    try:
        envs = [e for e in os.scandir(directory) if e.is_dir() and e.name.startswith("v")]
    except OSError:
        return
    if len(envs) <= MAX_ENVIRONMENTS:
        return
    envs.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
    for e in envs[MAX_ENVIRONMENTS:]:
        if e.name != keep:
            _remove_tree(e.path)


def _remove_tree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def clean(directory: str) -> bool:
    """Delete an artlint cache folder; refuses a folder that is not one."""
    if not os.path.isdir(directory):
        return False
    if not os.path.exists(os.path.join(directory, "CACHEDIR.TAG")):
        raise ValueError(f"{directory}: not an artlint cache (no CACHEDIR.TAG); not deleting")
    _remove_tree(directory)
    return True


def info(directory: str) -> dict[str, Any]:
    """Environments, entries and bytes held, for `python -m artlint.cache info`."""
    envs = 0
    entries = 0
    size = 0
    for root, _, files in os.walk(directory):
        for name in files:
            full = os.path.join(root, name)
            size += os.path.getsize(full)
            if name.startswith("shard-"):
                try:
                    with open(full, "rb") as fh:
                        entries += len(pickle.load(fh)[1])
                except Exception:
                    pass
        if os.path.basename(root).startswith("v"):
            envs += 1
    return {"directory": directory, "environments": envs, "entries": entries, "bytes": size}


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
