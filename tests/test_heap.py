"""Freed memory goes back to the system where the C library offers a way."""

from __future__ import annotations

import ctypes

import pytest

from artlint import heap


def test_trim_looks_up_malloc_trim_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(heap, "_TRIM", None)
    monkeypatch.setattr(ctypes, "CDLL", lambda _name: type("C", (), {"malloc_trim": calls.append}))
    heap.trim()
    heap.trim()
    assert calls == [0, 0]


@pytest.mark.parametrize("error", [OSError("no C library"), AttributeError("malloc_trim")])
def test_trim_is_a_no_op_without_malloc_trim(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def missing(_name: object) -> object:
        raise error

    monkeypatch.setattr(heap, "_TRIM", None)
    monkeypatch.setattr(ctypes, "CDLL", missing)
    heap.trim()
    heap.trim()
    assert heap._TRIM is False
