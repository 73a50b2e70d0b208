"""Encoding of per-file results for the trip from worker to parent and into the cache.

A result is encoded once, in the worker that linted the file, and the parent keeps
the bytes: the cache stores them as they are, and each corpus rule's facts are
decoded only when that rule actually has to run again (most warm runs decode no
facts at all).

The same file can be named `docs/a.md` in one run and `/site/docs/a.md` in
another, so the file's own path is factored out of every payload and put back
under whatever name the current run uses.  Dataclasses (findings, locations,
facts) are reduced to a call of the class with their fields: the default
pickling of frozen slotted dataclasses restores them through a Python-level
`__setstate__`, which is slow, and decoding is what a warm run spends its
time on.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from operator import itemgetter
from typing import Any

from artlint.model import Edit, Finding, Fix, Location, Related, Severity

PROTOCOL = pickle.HIGHEST_PROTOCOL
_PATH_ID = "p"
#: First byte of a payload: whether it holds references to the path (a payload
#: without any decodes with the plain C `pickle.loads`, which is faster than
#: going through an Unpickler subclass).
_PLAIN, _WITH_PATH = b"0", b"1"

#: Per dataclass: its field names when it can be rebuilt by calling it with them.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _init_fields(cls: type) -> tuple[str, ...] | None:
    names = _FIELDS.get(cls, ())
    if names == ():
        fields = dataclasses.fields(cls)
        ok = all(f.init for f in fields) and not hasattr(cls, "__post_init__")
        names = _FIELDS[cls] = tuple(f.name for f in fields) if ok else None
    return names


class Calls(pickle.Pickler):
    """Pickles dataclasses as calls: smaller than their own reduce, and read
    back in C rather than through their `__setstate__`."""

    def reducer_override(self, obj: Any) -> Any:
        cls = obj.__class__
        if hasattr(cls, "__dataclass_fields__") and not isinstance(obj, type):
            names = _init_fields(cls)
            if names is not None:
                return cls, tuple(getattr(obj, n) for n in names)
        return NotImplemented


class _Pickler(Calls):
    """Pickles with `path` replaced by a reference and dataclasses as calls."""

    def __init__(self, buf: io.BytesIO, path: str) -> None:
        super().__init__(buf, protocol=PROTOCOL)
        self._path = path
        self.used_path = False

    def persistent_id(self, obj: Any) -> str | None:
        if obj.__class__ is str and obj == self._path:
            self.used_path = True
            return _PATH_ID
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes | memoryview, path: str) -> None:
        super().__init__(io.BytesIO(data))
        self._path = path

    def persistent_load(self, pid: Any) -> str:
        if pid != _PATH_ID:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self._path


def dumps(obj: Any, path: str) -> bytes:
    """`obj` as bytes, with `path` factored out.

    Pickled first without looking for the path (a Python call per object, a
    large share of encoding a file's facts, which mostly hold no path): the
    path's bytes can only be missing from the result when no string in it is
    the path, and then that result is the same as the slower pass gives."""
    plain = _PLAIN + dumps_plain(obj)
    if path.encode("utf-8", "surrogatepass") not in plain:
        return plain
    buf = io.BytesIO()
    buf.write(_PLAIN)
    pickler = _Pickler(buf, path)
    pickler.dump(obj)
    data = buf.getbuffer()
    if pickler.used_path:
        data[0:1] = _WITH_PATH
    return bytes(data)


#: Bytes of the digest a fact's encoding is led by (see `dumps_fact`).
FACT_SUM = 12


def dumps_fact(fact: Any, path: str) -> bytes:
    """A corpus fact as a file's result carries it: a digest of its encoding,
    then the encoding.  An edit run keys each cross-file rule's input by every
    file's fact digest, and working those out again from the facts cost more
    than reading them off."""
    data = dumps(fact, path)
    return blake2b(data, digest_size=FACT_SUM).digest() + data


def loads_fact(data: bytes, path: str) -> Any:
    """The fact `dumps_fact` encoded."""
    return loads(memoryview(data)[FACT_SUM:], path)


def loads(data: bytes | memoryview, path: str) -> Any:
    """What `dumps` encoded, with its path references read as `path`."""
    if data[:1] == _PLAIN:
        return pickle.loads(memoryview(data)[1:])
    if data[:1] != _WITH_PATH:
        raise pickle.UnpicklingError("not an artlint payload")
    return _Unpickler(data[1:], path).load()


def dumps_plain(obj: Any) -> bytes:
    """`obj` as bytes, dataclasses as calls."""
    buf = io.BytesIO()
    Calls(buf, protocol=PROTOCOL).dump(obj)
    return buf.getvalue()


def pack_texts(path: str, texts: list[str]) -> bytes:
    """A file's text reports as one bytes object: kept that way through the run (a
    large site's reports held as strings would cost far more memory), unpacked
    one file at a time while the report is written.  The texts name the file as
    `path` spelled it, which is kept with them."""
    return pickle.dumps((path, texts), PROTOCOL)


def unpack_texts(data: bytes) -> tuple[str, list[str]]:
    """(the path as the texts spell it, the texts)."""
    path, texts = pickle.loads(data)
    return path, texts


# --------------------------------------------------------------------------- findings

#: One finding as plain data: (code, name, severity, message, line, column,
#: end_line, end_column, related, fix, text), each related location as (path or
#: None for the file's own, line, column, end_line, end_column, message).  Plain
#: tuples unpickle in C; only the dataclasses themselves are built in Python.
Row = tuple[Any, ...]


def finding_rows(
    findings: Sequence[Finding], path: str, shared: dict[Any, Any] | None = None
) -> list[Row]:
    """Findings on `path` as rows.  Equal messages and related entries are one
    object in all the rows made with the same `shared` dict: a cross-file
    rule's findings on a cluster of similar files name each other over and
    over, and its output is held, pickled and read back whole."""
    same = {} if shared is None else shared
    rows = []
    for f in findings:
        loc = f.location
        entries = [
            (
                None if r.location.path == path else r.location.path,
                r.location.line,
                r.location.column,
                r.location.end_line,
                r.location.end_column,
                r.message,
            )
            for r in f.related
        ]
        related = tuple([same.setdefault(e, e) for e in entries])
        rows.append(
            (
                f.code,
                f.name,
                f.severity.value,
                same.setdefault(f.message, f.message),
                loc.line,
                loc.column,
                loc.end_line,
                loc.end_column,
                related,
                f.fix,
                f.text,
            )
        )
    return rows


def code_of(row: Row) -> str:
    code: str = row[0]
    return code


def severity_of(row: Row) -> str:
    """The row's severity's value ("error", "warning", "info")."""
    value: str = row[2]
    return value


_CODE_AND_SEVERITY = itemgetter(0, 2)


def codes_and_severities(rows: Iterable[Row]) -> set[tuple[str, str]]:
    """Each distinct (code, severity value) among `rows`, looked up in C: the
    few pairs a rule's findings on a file share stand for all of them."""
    return set(map(_CODE_AND_SEVERITY, rows))


def line_of(row: Row) -> int:
    line: int = row[4]
    return line


def fix_of(row: Row) -> Fix | None:
    fix: Fix | None = row[9]
    return fix


def row_key(row: Row) -> tuple[int, int, str, str]:
    """What the report sorts a file's findings by: line, column, code, message
    (`Finding.sort_key` within one file, without building the finding)."""
    return row[4], row[5], row[0], row[3]


def with_severity(row: Row, value: str) -> Row:
    """`row` with another severity (a config's override of a cross-file rule)."""
    return (*row[:2], value, *row[3:])


_SEVERITY_VALUES = frozenset(("error", "warning", "info"))


def row_ok(row: object) -> bool:
    """Whether `row` has the shape `finding_rows` gives one (for rows read back
    from a cache file, which must not crash the report that prints them).

    A warm run checks every cross-file row it replays, so this is written for
    speed: unpacked once, each field's type tested inline (generators and
    `map(type, ...)` cost several times as much)."""
    if type(row) is not tuple or len(row) != 11:
        return False
    code, name, sev, message, line, col, end_line, end_col, related, fix, text = row
    if not (
        type(code) is str
        and type(name) is str
        and type(sev) is str
        and type(message) is str
        and type(line) is int
        and type(col) is int
        and type(end_line) is int
        and type(end_col) is int
        and type(text) is str
        and type(related) is tuple
        and sev in _SEVERITY_VALUES
    ):
        return False
    for rel in related:
        if not related_ok(rel):
            return False
    if fix is None:
        return True
    if type(fix) is not Fix or type(fix.edits) is not tuple:
        return False
    for e in fix.edits:
        if not (
            type(e) is Edit and type(e.start) is int and type(e.end) is int and type(e.text) is str
        ):
            return False
    return True


_SEVERITY_BY_VALUE = {s.value: s for s in Severity}


def findings_from_rows(rows: Sequence[Row], path: str) -> list[Finding]:
    severity = _SEVERITY_BY_VALUE
    out = []
    for code, name, sev, message, line, col, end_line, end_col, related, fix, text in rows:
        rel: tuple[Related, ...] = ()
        if related:
            rel = tuple(
                Related(Location(path if p is None else p, a, b, c, d), m)
                for p, a, b, c, d, m in related
            )
        out.append(
            Finding(
                code,
                name,
                severity[sev],
                message,
                Location(path, line, col, end_line, end_col),
                rel,
                fix,
                text,
            )
        )
    return out


def related_ok(rel: object) -> bool:
    """Whether `rel` is a related location as a row holds it: (path or None for
    the finding's own file, line, column, end line, end column, message)."""
    if type(rel) is not tuple or len(rel) != 6:
        return False
    p, a, b, c, d, m = rel
    return (
        (p is None or type(p) is str)
        and type(a) is int
        and type(b) is int
        and type(c) is int
        and type(d) is int
        and type(m) is str
    )
