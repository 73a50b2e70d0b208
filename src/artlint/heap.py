"""How a run's memory is managed: freed memory given back to the system, and the
cyclic collector kept off what a run holds to its end.

Payloads of some size (a file's packed findings, a rule's facts) live on the C
heap; what a run builds after letting them go is mostly small objects, which
Python keeps in arenas of its own.  The heap space they leave is then never
reused, and a large site's run would peak as if it still held them.

A run of the command line holds what it loads from the cache (shards, corpus
outputs, states) until it ends, and few of those objects form cycles; each of
the collector's sweeps walks them all again, so `one_shot` has `settle` take
them out of its sight once loaded.  A process that goes on (the editor server)
does not: freezing would also keep, for good, whatever garbage cycles were
waiting to be collected at that moment.
"""

from __future__ import annotations

import gc
from typing import Any

#: glibc's `malloc_trim`, False where there is none, None until looked up.
_TRIM: Any = None


def trim() -> None:
    """Return the C heap's free memory to the system (glibc; nothing elsewhere)."""
    global _TRIM
    if _TRIM is None:
        try:
            import ctypes

            _TRIM = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_ONE_SHOT = False


def one_shot() -> None:
    """Tune the collector for a process that ends with its run (`artlint check`)."""
    global _ONE_SHOT
    _ONE_SHOT = True
    # A site-wide run keeps every file's findings alive until the report: the
    # default thresholds would sweep that whole heap again and again.
    gc.set_threshold(100_000, 50, 1000)


def settle() -> None:
    """After a large load: in a one-shot run, what the process holds now is never
    swept again (`gc.freeze`); objects freed later are freed as ever, by their
    reference counts."""
    if _ONE_SHOT:
        gc.freeze()
