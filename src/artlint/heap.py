"""Giving freed memory back to the system, where the C library can.

Payloads of some size (a file's packed findings, a rule's facts) live on the C
heap; what a run builds after letting them go is mostly small objects, which
Python keeps in arenas of its own.  The heap space they leave is then never
reused, and a large site's run would peak as if it still held them.
"""

from __future__ import annotations

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
