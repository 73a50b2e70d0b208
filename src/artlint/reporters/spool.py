"""Report text held back until what goes before it is known.

SARIF's rules table, JUnit's counts and the HTML report's summary come first in
their files but are known only once every finding has been read.  The text of
the findings waits here instead of in memory (it spills to a temporary file past
a few megabytes), and is written out after the totals, with the numbers that
only the end of the run settles filled in as it is read back.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator

#: Bytes kept in memory before the spool moves to disk.
MEMORY = 1 << 22
#: Bytes read back at a time.
BLOCK = 1 << 20


class Spool:
    """Text written once and read back in pieces that end at a line end."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=MEMORY)  # noqa: SIM115

    def write(self, text: str) -> None:
        # Surrogates pass through: a report escapes them itself or never has any.
        self._file.write(text.encode("utf-8", "surrogatepass"))

    def tell(self) -> int:
        return self._file.tell()

    def read(self, start: int, end: int) -> str:
        """The text between two `tell()`s; writing goes on at the end afterwards."""
        here = self._file.tell()
        self._file.seek(start)
        data = self._file.read(end - start)
        self._file.seek(here)
        return data.decode("utf-8", "surrogatepass")

    def replay(
        self, resolve: Callable[[str], str] | None = None, sep: bytes = b"\n"
    ) -> Iterator[str]:
        """Everything written, a block at a time, each block through `resolve`.

        Blocks are cut just before a `sep`, which the writer puts nowhere inside
        a placeholder that `resolve` fills in, so none is ever cut in two."""
        self._file.seek(0)
        rest = b""
        while True:
            data = self._file.read(BLOCK)
            if not data:
                break
            data = rest + data
            cut = data.rfind(sep)
            if cut <= 0:
                rest = data
                continue
            rest = data[cut:]
            text = data[:cut].decode("utf-8", "surrogatepass")
            yield resolve(text) if resolve else text
        if rest:
            text = rest.decode("utf-8", "surrogatepass")
            yield resolve(text) if resolve else text

    def close(self) -> None:
        self._file.close()
