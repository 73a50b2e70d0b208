"""A one-line progress display on stderr for long runs: files done, rate, time left.

The CLI only passes `progress_bar` to the engine when stderr is a terminal and
`--quiet` is off, so this module never has to guess.  Short runs show nothing: the
line appears only after `DELAY` seconds, which keeps warm and pre-commit runs
quiet.  Redraws are throttled so that a fast cached run does not spend its time
writing to the terminal, and the line is always finished (cleared) at the end so
findings and the summary start on a clean line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: Seconds before the line first appears, and between redraws.
DELAY = 0.5
INTERVAL = 0.1
WIDTH = 24


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def render(total: int, done: int, elapsed: float) -> str:
    """The progress line for `done` of `total` files after `elapsed` seconds."""
    frac = done / total if total else 1.0
    filled = int(WIDTH * frac)
    bar = "#" * filled + "-" * (WIDTH - filled)
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else None
    eta = _clock(left) if left is not None else "?"
    return f"artlint [{bar}] {done}/{total} files {frac:4.0%}  {rate:,.0f} files/s  {eta} left"


class _Bar:
    def __init__(self, total: int, done: int, stream: TextIO, clock: Callable[[], float]) -> None:
        self.total = total
        self.done = done
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.last_draw = 0.0
        self.width = 0

    def __call__(self, n: int) -> None:
        self.done += n
        now = self.clock()
        finished = self.done >= self.total
        if finished:
            self.finish()
            return
        if now - self.start < DELAY or now - self.last_draw < INTERVAL:
            return
        self.last_draw = now
        self._draw(render(self.total, self.done, now - self.start))

    def _draw(self, line: str) -> None:
        pad = " " * max(0, self.width - len(line))
        self.width = len(line)
        try:
            self.stream.write("\r" + line + pad)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal must not stop the run
            pass

    def finish(self) -> None:
        """Clear the line if one was drawn (the summary follows on a clean line)."""
        if self.width:
            try:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.width = 0


def progress_bar(
    total: int, done: int, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
) -> Callable[[int], None]:
    """A tick function: call it with the number of files just finished.

    The line is cleared once `total` files are done, so callers need no cleanup.
    """
    bar = _Bar(total, done, stream if stream is not None else sys.stderr, clock)
    if total <= done:
        bar.finish()
    return bar
