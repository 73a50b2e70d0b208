"""The cache folder on disk: which folder is artlint's, and files only artlint wrote.

The cache folder usually sits in the repository being linted, its place comes
from that repository's config, and anyone who sends a pull request controls both.
So artlint deletes or rewrites only what it can show it made, and reads back only
what it can show it wrote:

- A folder is artlint's cache when it holds artlint's own CACHEDIR.TAG (the
  Cache Directory Tagging spec, with artlint's line in it).  artlint tags a
  folder only when it is absent or empty; a folder named as the cache that holds
  anything else (`cache-dir: ..`) is left alone, and the cache goes into a
  `.artlint_cache` subfolder of it instead.  A `.gitignore` is written only into a
  folder artlint tagged, and only when there is none.
- An environment folder is pruned only when its marker file, signed as below,
  names it; then only the files artlint names go, and the folder only if that
  emptied it.  Links are never followed.
- Every cache file is an HMAC-SHA256 of its place in the folder and its payload,
  then the payload.  The key is the user's own, kept outside any repository
  (`user_key`).  Nothing is unpickled before the MAC checks, so a planted file
  (or one copied from another machine or user) is treated as absent and cannot
  run code.  Only regular files are read, up to `MAX_FILE_BYTES`.
"""

# os.path, not pathlib, on purpose: these run on every cached run.
# ruff: noqa: PTH100, PTH102, PTH103, PTH105, PTH106, PTH108, PTH111, PTH112, PTH117, PTH118, PTH119, PTH120

from __future__ import annotations

import contextlib
import gc
import hmac
import os
import pickle
import re
import secrets
import stat
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, BinaryIO

from artlint import heap

#: Bumped whenever the layout of files or entries changes (it names the
#: environment folders and leads every file).
FORMAT = 5
#: The largest cache file read: a full shard holds far less, and a planted
#: sparse file of many gigabytes is not read at all.
MAX_FILE_BYTES = 1 << 30
PROTOCOL = pickle.HIGHEST_PROTOCOL
TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by artlint.\n"
    b"# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = b"# Created by artlint: the whole folder is a cache.\n*\n"
#: Where the cache goes inside a folder named as the cache that artlint did not make.
SUBFOLDER = ".artlint_cache"
#: The names artlint gives what it makes: environment folders, and files in them.
_ENV_NAME = re.compile(r"v\d+-[0-9a-f]{24}\Z")
_OWN_FILE = re.compile(
    r"(?:shard-\d\d|facts-\d\d-[A-Za-z0-9_]+|listings|corpus-run|environment"
    r"|(?:corpus|state)-[A-Za-z0-9_-]+)\.pickle\Z"
    r"|\.tmp-\w+\Z"
)
#: In each environment folder: its own name, signed (see `mark`).
MARKER = "environment.pickle"
MAGIC = b"ALCACHE" + bytes([FORMAT])
_MAC_BYTES = 32
_KEY_BYTES = 32
_O_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)


# --------------------------------------------------------------------------- ownership


def _read_regular(path: str, limit: int, private: bool = False) -> bytes | None:
    """The bytes of `path` if it is a regular file (not a link, a FIFO or a
    device) of at most `limit` bytes, and with `private` one only this user may
    read (see `_private`), else None."""
    try:
        fd = os.open(path, _O_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit or (private and not _private(st)):
            return None
        chunks = []
        left = st.st_size + 1  # one more: a file still growing is noticed
        while left > 0 and (chunk := os.read(fd, left)):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def owns(directory: str) -> bool:
    """Whether `directory` is an artlint cache: it holds artlint's own CACHEDIR.TAG."""
    return _read_regular(os.path.join(directory, "CACHEDIR.TAG"), len(TAG)) == TAG


def _unclaimed(directory: str) -> bool:
    """Whether artlint may make `directory` its cache: it is absent or an empty folder."""
    try:
        with os.scandir(directory) as it:
            return next(it, None) is None
    except FileNotFoundError:
        return True
    except OSError:
        return False


def cache_root(directory: str) -> str:
    """Where the cache lives when the user names `directory` for it: there when it
    is artlint's or artlint may make it so, else in artlint's subfolder of it."""
    directory = os.path.abspath(directory)
    if owns(directory) or _unclaimed(directory):
        return directory
    return os.path.join(directory, SUBFOLDER)


def _create_new(path: str, data: bytes) -> None:
    """Write a file that must not exist yet (never rewrites one)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def claim(root: str) -> bool:
    """Make `root` artlint's cache folder unless it is someone else's; whether it is ours."""
    if owns(root):
        return True
    if not _unclaimed(root):
        return False
    try:
        os.makedirs(root, exist_ok=True)
        _create_new(os.path.join(root, "CACHEDIR.TAG"), TAG)
    except FileExistsError:
        pass  # another run claimed it at the same moment: `owns` tells
    except OSError:
        return False
    with contextlib.suppress(OSError):
        _create_new(os.path.join(root, ".gitignore"), GITIGNORE)
    return owns(root)


def prepare(root: str, env: str) -> bool:
    """Make the environment folder `env` in `root`; False when the cache cannot be
    written there (no key, the folder is not artlint's, `env` is not a folder)."""
    if user_key() is None or not claim(root):
        return False
    path = os.path.join(root, env)
    with contextlib.suppress(FileExistsError):
        os.mkdir(path)
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        return False  # a link planted where the environment goes is not followed
    marker = os.path.join(path, MARKER)
    if load_file(marker) != env:
        store_file(marker, env)
    with contextlib.suppress(OSError):  # put back, if someone deleted it
        _create_new(os.path.join(root, ".gitignore"), GITIGNORE)
    return True


def environments(root: str) -> list[os.DirEntry[str]]:
    """The folders in `root` named as artlint names environments (folders, not links)."""
    try:
        with os.scandir(root) as it:
            return [e for e in it if _ENV_NAME.match(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def is_own_file(entry: os.DirEntry[str]) -> bool:
    """Whether an entry of an environment folder is named as artlint names its
    files, and is a file (or a link, which removing does not follow)."""
    return bool(_OWN_FILE.match(entry.name)) and not entry.is_dir(follow_symlinks=False)


def _remove_environment(path: str) -> None:
    """Delete the files artlint names in an environment folder, then the folder
    if that emptied it: whatever else is there stays."""
    with contextlib.suppress(OSError), os.scandir(path) as it:
        for e in list(it):
            if is_own_file(e):
                with contextlib.suppress(OSError):
                    os.unlink(e.path)
    with contextlib.suppress(OSError):
        os.rmdir(path)


def prune(root: str, keep: str, limit: int) -> None:
    """Drop the least recently written environment folders beyond `limit`: only
    those whose marker proves that artlint made them for this user."""
    if not owns(root):
        return
    envs = [e for e in environments(root) if load_file(os.path.join(e.path, MARKER)) == e.name]
    if len(envs) <= limit:
        return

    def mtime(e: os.DirEntry[str]) -> int:
        try:
            return e.stat(follow_symlinks=False).st_mtime_ns
        except OSError:
            return 0

    envs.sort(key=mtime, reverse=True)
    for e in envs[limit:]:
        if e.name != keep:
            _remove_environment(e.path)


def clean(directory: str) -> bool:
    """Delete an artlint cache folder: what artlint made and named in it, and the
    folder if nothing else is left.  Refuses a folder that is not one."""
    root = cache_root(directory)
    if not os.path.isdir(root):
        return False
    if not owns(root):
        raise ValueError(
            f"{directory}: not an artlint cache (no CACHEDIR.TAG of artlint's); not deleting"
        )
    for env in environments(root):
        _remove_environment(env.path)
    gitignore = os.path.join(root, ".gitignore")
    if _read_regular(gitignore, len(GITIGNORE)) == GITIGNORE:
        with contextlib.suppress(OSError):
            os.unlink(gitignore)
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(root, "CACHEDIR.TAG"))
    with contextlib.suppress(OSError):
        os.rmdir(root)
    return True


# --------------------------------------------------------------------------- sealed files


def _key_folders() -> Iterator[tuple[str, bool]]:
    """Where the user's key may live, best first, each with whether the folder
    itself must be private (one under the shared temporary folder must)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    if os.path.isabs(base):
        yield os.path.join(base, "artlint"), False
    uid = getattr(os, "getuid", lambda: "")()
    yield os.path.join(tempfile.gettempdir(), f"artlint-{uid}"), True


def _private(st: os.stat_result) -> bool:
    """Owned by this user and closed to everyone else (where the OS says so)."""
    if os.name == "nt":
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o077


def _read_key(path: str) -> bytes | None:
    data = _read_regular(path, _KEY_BYTES, private=True)
    return data if data is not None and len(data) == _KEY_BYTES else None


@lru_cache(maxsize=8)
def _key_in(folder: str, private: bool) -> bytes | None:
    """The key kept in `folder`, made there if there is none (or none usable)."""
    path = os.path.join(folder, "key")
    key = _read_key(path)
    if key is not None:
        return key
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or (private and not _private(st)):
            return None  # a link, or a folder others could swap the key in
        fd, tmp = tempfile.mkstemp(prefix=".key-", dir=folder)  # mode 0600
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(_KEY_BYTES))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic, and never over a key another run just made
        except FileExistsError:
            if _read_key(path) is None:  # unusable (readable by others, damaged)
                os.replace(tmp, path)
        except OSError:  # no hard links here: a rename is atomic too
            os.replace(tmp, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return _read_key(path)


def user_key() -> bytes | None:
    """The secret that signs this user's cache files (None: no cache this run).

    It lives in `$XDG_CACHE_HOME/artlint/key` (`~/.cache/artlint/key`), outside
    any repository, readable by the user alone; where that cannot be written, in
    a private folder of the temporary folder.  A file signed under another key
    (planted, copied from another machine) is simply not used.
    """
    for folder, private in _key_folders():
        key = _key_in(folder, private)
        if key is not None:
            return key
    return None


def _label(path: str) -> bytes:
    """What a file's MAC covers besides its payload: its environment and name, so
    a file moved to another place in the cache does not pass as that one."""
    folder, name = os.path.split(path)
    return f"{os.path.basename(folder)}/{name}\0".encode("utf-8", "surrogatepass")


def _mac(key: bytes, path: str, payload: bytes | memoryview) -> bytes:
    h = hmac.new(key, _label(path), "sha256")
    h.update(payload)
    return h.digest()


def load_file(path: str) -> Any:
    """The object artlint stored at `path` for this user, or None: absent, not a
    regular file, too large, or not signed by this user's key (nothing in it is
    unpickled then)."""
    key = user_key()
    if key is None:
        return None
    data = _read_regular(path, MAX_FILE_BYTES)
    head = len(MAGIC) + _MAC_BYTES
    if data is None or len(data) < head or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[head:]
    if not hmac.compare_digest(_mac(key, path, payload), data[len(MAGIC) : head]):
        return None
    try:
        with _no_collection():
            return pickle.loads(payload)
    except Exception:  # signed, yet not loadable (an artlint bug): as if absent
        return None


def store_file(path: str, obj: Any, pickler: type[pickle.Pickler] = pickle.Pickler) -> None:
    """Write `obj` to `path`, signed (see `load_file`); raises OSError.

    Pickled straight into the file, signing as it goes: a large site's shard,
    state or corpus output held as one bytes object besides the object itself
    was the largest thing its run had in memory at that moment."""
    key = user_key()
    if key is None:
        raise OSError("no cache key for this user")
    mac = hmac.new(key, _label(path), "sha256")
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + bytes(_MAC_BYTES))
            with _no_collection():
                pickler(_Signing(fh, mac), protocol=PROTOCOL).dump(obj)
            if fh.tell() > MAX_FILE_BYTES:  # never to be read back: keep the last one
                raise OSError(f"{path}: larger than a cache file may be")
            fh.seek(len(MAGIC))
            fh.write(mac.digest())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class _Signing:
    """A file that signs what is written to it."""

    def __init__(self, fh: BinaryIO, mac: hmac.HMAC) -> None:
        self.fh = fh
        self.mac = mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.fh.write(data)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector held off: a shard or a kept state is tens of
    thousands of objects made (or walked) at once, none of them garbage, and
    each collection the allocations set off walks every object the run holds
    (the larger the site, the more), which cost more than the unpickling."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            heap.settle()
            gc.enable()
