"""What the cache knows of a file to tell, without reading it, that it is unchanged.

A file's stamp is its (mtime, size, inode, ctime).  The mtime alone is not
enough: a tool (or `touch -d`) can put it back after a same-size edit, but the
kernel moves the ctime whenever the content or the mtime is set, and a file
replaced by another has another inode, so git compares all of them and so do
we.  A file changed within `RACY_WINDOW_NS` of being stamped may change again
within the same timestamp tick, so such a stamp is not trusted (git's "racily
clean" files): the content is compared instead.

A cached result also depends on the files a rule read besides the article (the
schema an article names in its own `$schema`, say).  Only the rule knows it
read one: it calls `note(path)`, and the engine stores each noted file's stamp
and digest with the result, which the cache checks before replaying it.
"""

# os.path, not pathlib: these run per file on warm runs.
# ruff: noqa: PTH100, PTH116

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from hashlib import blake2b

#: (st_mtime_ns, st_size, st_ino, st_ctime_ns).
StatKey = tuple[int, int, int, int]
#: A file a result depends on: (path, its stamp or None when too fresh, its digest).
Dependency = tuple[str, StatKey | None, str]

#: A file or folder changed this recently may change again within its timestamp
#: tick without its stamp moving ("racy git"): the cache does not trust such a
#: file's stamp, nor a walk a listing that includes such a folder.
RACY_WINDOW_NS = 1_000_000_000

#: The digest of something that is not a readable regular file.
NOT_A_FILE = "-"

_CHUNK = 1 << 20


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def trusted(key: StatKey, now: int | None = None) -> StatKey | None:
    """`key`, or None when the file was modified too recently before `now` (when
    it was stamped; default: now) to be trusted (by its mtime, as git judges it:
    a file whose old mtime was just put back has a fresh ctime, and the stamp
    compares that).  The one place the racy-timestamp rule is written."""
    if (time.time_ns() if now is None else now) - key[0] < RACY_WINDOW_NS:
        return None
    return key


def content_digest(data: bytes) -> str:
    """The cache's content key: fast, and long enough that collisions do not happen."""
    return blake2b(data, digest_size=16).hexdigest()


def file_digest(path: str) -> str:
    """`content_digest` of the file at `path`, read a chunk at a time; `NOT_A_FILE`
    for anything but a regular file (a FIFO or a device is never read: opening it
    does not wait for a writer, and nothing is read from it)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return NOT_A_FILE
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return NOT_A_FILE
        h = blake2b(digest_size=16)
        while chunk := os.read(fd, _CHUNK):
            h.update(chunk)
        return h.hexdigest()
    except OSError:
        return NOT_A_FILE
    finally:
        os.close(fd)


def dependency(path: str) -> Dependency:
    """`path` stamped and digested now (the stamp first: an edit in between then
    shows as a stamp that no longer matches)."""
    try:
        key = trusted(stat_key(os.stat(path)))
    except OSError:
        key = None
    return (path, key, file_digest(path))


def unchanged(dep: Dependency) -> bool:
    """Whether the file is as it was when `dep` was taken."""
    path, key, digest = dep
    if key is not None:
        try:
            if stat_key(os.stat(path)) == key:
                return True
        except OSError:
            return digest == NOT_A_FILE
    return file_digest(path) == digest


# --------------------------------------------------------------------------- noting reads

_noted: list[str] | None = None


def note(path: str) -> None:
    """Tell the cache that the article being linted was judged by the file at
    `path` too, so an edit to that file lints the article again.  Plugins may
    call it for data files of their own."""
    if _noted is not None:
        _noted.append(path)


@contextmanager
def noting() -> Iterator[list[str]]:
    """The paths `note`d while the block runs (in this process)."""
    global _noted
    outer, _noted = _noted, []
    try:
        yield _noted
    finally:
        _noted = outer


def dependencies(paths: Sequence[str]) -> tuple[Dependency, ...]:
    """Each distinct noted path, made absolute (a later run may start elsewhere)
    and stamped (see `dependency`)."""
    return tuple(dependency(p) for p in dict.fromkeys(os.path.abspath(p) for p in paths))
