"""A time budget for regular expressions that come from users' files.

House rules and JSON Schemas carry patterns that Python's backtracking engine
may take forever on (`(a+)+$` against a long line of `a`s), and a linter that
runs in CI on anyone's pull request cannot hang on them.  RE2 (google-re2) would
match in linear time, but its `\\w`, `\\b`, `\\d` and `\\s` are ASCII-only and it
has no look-arounds or back-references, so it would silently change what an
existing house pattern matches on non-English text.  Patterns therefore keep
Python's semantics and run under an interval timer that interrupts the match
(the `re` engine checks for signals while it backtracks).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

#: Seconds one rule's pattern may spend matching one file.
PATTERN_BUDGET = 2.0


class PatternTimeout(Exception):
    """Matching ran past its budget."""


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Raise PatternTimeout in the block once it has run `seconds` (PATTERN_BUDGET).

    The block must not yield to other code (collect matches in it, then use
    them).  A timer already armed by the caller (a rule's own time budget, say)
    keeps its deadline and its handler: it is restored afterwards, and should
    it fall due first, its handler runs as it would have.  Off the main thread
    no signal can be delivered and the block runs without a budget.
    """
    if not _can_interrupt():
        yield
        return
    if seconds is None:
        seconds = PATTERN_BUDGET
    start = time.monotonic()
    old_handler = signal.getsignal(signal.SIGALRM)
    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)

    outer_pending = bool(old_delay)

    def on_alarm(signum: int, frame: FrameType | None) -> Any:
        nonlocal outer_pending
        spent = time.monotonic() - start
        if spent >= seconds * 0.99 or not outer_pending or not callable(old_handler):
            raise PatternTimeout(f"took more than {seconds:g} s")
        outer_pending = False  # the caller's deadline came first: its handler decides
        old_handler(signum, frame)
        signal.setitimer(signal.ITIMER_REAL, max(seconds - spent, 1e-6))

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, old_delay) if old_delay else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if outer_pending:
            left = old_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), old_interval)


#: Patterns (by a key such as the rule code and pattern) that ran out of time
#: in this process: one finding says so, and later files skip them rather than
#: spend the budget again on each.
_GAVE_UP: set[tuple[str, str]] = set()


def gave_up(key: tuple[str, str]) -> bool:
    return key in _GAVE_UP


def give_up(key: tuple[str, str]) -> None:
    _GAVE_UP.add(key)


def forget() -> None:
    """Start a new run: every pattern gets its budget again."""
    _GAVE_UP.clear()
