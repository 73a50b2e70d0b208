"""Reading and writing files that anyone sending a pull request may have planted.

A linted tree can hold a symbolic link named `x.md` that points at `/dev/zero`,
a FIFO that blocks the first `read()` forever, or a multi-gigabyte file; a
baseline path can be a link into another folder, or `/dev/stdout`.  Every file
artlint reads or writes on the user's behalf goes through this module, so that
only regular files of a bounded size are read, and a write lands in the file a
link points to (atomically) instead of replacing the link, a device or a FIFO.
"""

# ruff: noqa: PTH101, PTH105, PTH108, PTH116, PTH119, PTH120

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

#: Articles larger than this are reported rather than read (`max-file-size`).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(OSError):
    """The path names a device, FIFO, socket or folder, which is never read or replaced."""


class FileTooLarge(OSError):
    """The file is larger than the size limit; `size` and `limit` are in bytes."""

    def __init__(self, path: str, size: int, limit: int, at_least: bool = False) -> None:
        amount = f"more than {limit:,} bytes" if at_least else f"{size:,} bytes"
        super().__init__(errno.EFBIG, f"{amount}, over the {limit:,} byte limit", path)
        self.size = size
        self.limit = limit


def kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _check_regular(path: str, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind(st.st_mode)})", path)


def read_regular(
    path: str,
    limit: int | None = DEFAULT_MAX_FILE_SIZE,
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at `path` (links followed) and its stat.

    Raises NotRegularFile before opening anything that is not a regular file (so
    that no device is opened), FileTooLarge past `limit` bytes (None or 0: no
    limit), and OSError otherwise.  The file is opened non-blocking and checked
    again once open, so a FIFO swapped in between the two cannot block the read.
    """
    _check_regular(path, os.stat(path))
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_NOCTTY", 0)
        | getattr(os, "O_BINARY", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        _check_regular(path, st)
        if limit and st.st_size > limit:
            raise FileTooLarge(path, st.st_size, limit)
        # Read at most one byte past the limit: a file that grows while it is
        # read is still bounded.
        want = (limit + 1) if limit else -1
        chunks = []
        got = 0
        while want < 0 or got < want:
            chunk = os.read(fd, (1 << 20) if want < 0 else min(1 << 20, want - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if limit and got > limit:
            raise FileTooLarge(path, got, limit, at_least=True)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def read_text(path: str, limit: int | None = DEFAULT_MAX_FILE_SIZE) -> str:
    """A regular file's text (UTF-8, BOM optional); UnicodeDecodeError for other bytes."""
    data, _ = read_regular(path, limit)
    return data.decode("utf-8-sig")


def write_atomic(path: str, data: bytes) -> None:
    """Replace the contents of the file `path` names with `data`, all at once or
    not at all (see `atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_writer(path: str) -> Iterator[BinaryIO]:
    """A binary stream whose contents replace the file `path` names when the
    `with` block ends without an exception; on one, the old file stays whole.

    A symbolic link is followed and the file it points to is rewritten, so the
    link stays a link; a device, FIFO or folder is refused with NotRegularFile
    before anything is written. The new contents go to a temporary file in the
    target's own folder (a rename is atomic only within one file system), are
    flushed to disk, get the old file's permission bits (and owner, where
    allowed), and are then renamed over it. A stream rather than bytes lets a
    whole site's report be written without holding it in memory.
    """
    target = os.path.realpath(path)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None:
        _check_regular(path, old)
    folder = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, old.st_uid, old.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
