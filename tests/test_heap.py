"""Freed memory goes back to the system where the C library offers a way, and a
one-shot run keeps what it loaded out of the collector's sweeps."""

from __future__ import annotations

import ctypes
import gc
from pathlib import Path

import pytest

from artlint import heap
from artlint.cachedir import load_file, store_file


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


def test_settle_leaves_the_collector_alone_in_a_process_that_goes_on() -> None:
    gc.unfreeze()
    heap.settle()  # (conftest puts the collector back as each test found it)
    assert gc.get_freeze_count() == 0


def test_a_one_shot_run_keeps_what_it_loaded_out_of_the_collectors_sweeps(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "entry.pickle")
    store_file(path, [[n] for n in range(1000)])
    gc.unfreeze()
    assert load_file(path) is not None
    assert gc.get_freeze_count() == 0  # the editor server: swept as ever
    heap.one_shot()
    loaded = load_file(path)
    assert gc.get_freeze_count() >= len(loaded)  # every inner list, at least
    assert gc.get_threshold()[0] > 700
    del loaded  # frozen, yet freed by its reference count
