"""Running one rule so that whatever it does wrong becomes a finding, not the run's end.

Rules include third-party plugins, which the engine cannot trust to return, to
return in time, or to yield what a reporter can print: a `sys.exit(0)` inside
`check` once ended the whole run with exit 0 and no output, and a finding at
line 900 of a 12-line file reached SARIF as it was.  Here a rule's call is
bounded by a time budget, its exits and interrupts are caught, and what it
yields is checked before anything else sees it.

The budget interrupts the rule with an interval timer (SIGALRM), because a
cooperative check cannot reach into a plugin's own loops.  Where no timer can be
armed (no `setitimer`, or off the main thread) the rule runs to its end and is
measured instead: past the budget its output is dropped just the same, so the
report does not depend on which way the budget was kept.
"""

from __future__ import annotations

import importlib
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from artlint.model import Edit, Finding, Fix, Location, Related, Severity

if TYPE_CHECKING:
    from artlint.article import Article

_T = TypeVar("_T")

#: Seconds one rule may spend on one file; generous, since hitting it loses findings.
DEFAULT_BUDGET = 10.0


#: Seconds between further alarms once the budget is spent.
_AGAIN = 0.25

#: The installed handler of a signal, as the C function gives it: a rule call
#: looks up two, and `signal.getsignal` turns each answer into an enum by way of
#: a raised ValueError, which cost more than the interval timer itself.
_handler: Callable[[int], object] = importlib.import_module("_signal").getsignal
_TIMER = hasattr(signal, "setitimer")


class RuleTimeout(BaseException):
    """The rule ran past its budget.

    A BaseException, so that a rule's own `except Exception` cannot swallow it.
    """


class Misbehaved(Exception):
    """The rule left by a way a rule must not (sys.exit, KeyboardInterrupt, ...)."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise RuleTimeout


#: How many times SIGINT reached this process through `_on_interrupt`: a
#: KeyboardInterrupt with no new signal behind it was raised by a rule itself.
_SIGINTS = 0


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    global _SIGINTS
    _SIGINTS += 1
    raise KeyboardInterrupt


def within(call: Callable[[], _T], budget: float) -> _T:
    """`call()`, raising RuleTimeout once it has run `budget` seconds (0: no budget).

    Exits and interrupts the call raises itself come out as Misbehaved; a
    Ctrl-C from the user (a real SIGINT) stays a KeyboardInterrupt.
    """
    main = threading.current_thread() is threading.main_thread()
    armed = budget > 0 and main and _TIMER
    # Off the main thread no signal arrives, so an interrupt there is the rule's own.
    counted = not main
    if main:
        # Installed once per process, looked up on each call (no syscall).
        if armed and _handler(signal.SIGALRM) is not _on_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
        on_sigint = _handler(signal.SIGINT)
        if on_sigint is signal.default_int_handler:
            signal.signal(signal.SIGINT, _on_interrupt)
            on_sigint = _on_interrupt
        counted = on_sigint is _on_interrupt
    seen = _SIGINTS
    start = time.monotonic()
    try:
        if armed:
            # Then again every so often: a rule that swallows the first one (a bare
            # `except BaseException`) is stopped by the next.
            signal.setitimer(signal.ITIMER_REAL, budget, min(budget, _AGAIN))
        try:
            out = call()
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except KeyboardInterrupt:
        if not counted or seen != _SIGINTS:
            raise  # the user's Ctrl-C
        raise Misbehaved("raised KeyboardInterrupt") from None
    except SystemExit as exc:
        raise Misbehaved(f"called sys.exit({exc.code!r})") from None
    except GeneratorExit:
        raise Misbehaved("raised GeneratorExit") from None
    if budget > 0 and time.monotonic() - start > budget:
        raise RuleTimeout
    return out


# --------------------------------------------------------------------------- what rules yield


def _line_ends(article: Article) -> Callable[[int], int]:
    """The last valid column of each line (just past its last character)."""
    starts, size = article.index.starts, len(article.text)

    def last_column(line: int) -> int:
        end = starts[line] - 1 if line < len(starts) else size
        return end - starts[line - 1] + 1

    return last_column


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def location_problem(
    loc: Any, path: str, lines: int, last_column: Callable[[int], int] | None
) -> str | None:
    """What is wrong with `loc` as a place in the file `path` of `lines` lines.

    `last_column` gives each line's last valid column; None when the file's
    text is not at hand (a cross-file rule), where only the shape is checked.
    """
    if not isinstance(loc, Location):
        return f"a location that is a {type(loc).__name__}, not a Location"
    if loc.path != path:
        return f"a location in another file ({loc.path!r})"
    numbers = (loc.line, loc.column, loc.end_line, loc.end_column)
    if not all(_is_int(n) for n in numbers):
        return f"a location with a line or column that is not a whole number ({numbers!r})"
    if loc.line < 1 or loc.column < 1 or loc.end_column < 1:
        return f"a line or column below 1 (line {loc.line}, column {loc.column})"
    if (loc.end_line, loc.end_column) < (loc.line, loc.column):
        return (
            f"a span that ends before it starts ({loc.line}:{loc.column} to "
            f"{loc.end_line}:{loc.end_column})"
        )
    if lines and loc.end_line > lines:
        return f"line {loc.end_line} of a file of {lines} lines"
    if last_column is not None:
        for line, col in ((loc.line, loc.column), (loc.end_line, loc.end_column)):
            if col > last_column(line):
                return f"column {col} of line {line}, which has {last_column(line) - 1} characters"
    return None


def finding_problem(
    obj: object,
    path: str,
    lines: int,
    last_column: Callable[[int], int] | None = None,
    text_size: int | None = None,
) -> str | None:
    """What is wrong with `obj` as a finding a rule yielded on `path`, or None."""
    if not isinstance(obj, Finding):
        return f"a {type(obj).__name__} instead of a Finding"
    # Typed as a Finding, built by a plugin: each field may still hold anything.
    f: Any = obj
    if not all(isinstance(v, str) for v in (f.code, f.name, f.message, f.text)):
        return "a Finding whose code, name, message or text is not a string"
    if not isinstance(f.severity, Severity):
        return f"a Finding whose severity is {f.severity!r}, not a Severity"
    problem = location_problem(f.location, path, lines, last_column)
    if problem is not None:
        return problem
    if not isinstance(f.related, tuple):
        return "a Finding whose related locations are not a tuple"
    for rel in f.related:
        if not isinstance(rel, Related) or not isinstance(rel.message, str):
            return "a related location that is not a Related"
        # A cross-file finding may point at other files: only its own file is known.
        other = path if last_column is not None else rel.location.path
        problem = location_problem(
            rel.location,
            other,
            lines if other == path else 0,
            last_column if other == path else None,
        )
        if problem is not None:
            return f"a related location with {problem}"
    if f.fix is not None:
        if not isinstance(f.fix, Fix) or not isinstance(f.fix.edits, tuple):
            return "a fix that is not a Fix"
        edits: tuple[Any, ...] = f.fix.edits
        for e in edits:
            if not isinstance(e, Edit):
                return "a fix edit that is not an Edit"
            if text_size is not None and not (
                _is_int(e.start) and _is_int(e.end) and 0 <= e.start <= e.end <= text_size
            ):
                return f"a fix edit outside the file ({e.start!r} to {e.end!r})"
            if not isinstance(getattr(e, "text", None), str):
                return "a fix edit whose text is not a string"
    return None


def checker(article: Article) -> Callable[[object], str | None]:
    """`finding_problem` for findings of a per-file rule on `article`."""
    lines = len(article.index.starts)
    last_column = _line_ends(article)
    size = len(article.text)

    def problem(obj: object) -> str | None:
        return finding_problem(obj, article.path, lines, last_column, size)

    return problem
