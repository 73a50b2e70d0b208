"""Payloads from worker to parent: the file's own path is put back under the run's name."""

from __future__ import annotations

import pickle

import pytest

from artlint import codec
from artlint.model import Finding, Location, Severity


def test_a_payload_naming_its_file_is_read_back_under_the_new_name() -> None:
    f = Finding(
        "TI001", "title-repeated", Severity.WARNING, "again", Location("docs/a.md", 3, 1, 3, 9)
    )
    data = codec.dumps([f], "docs/a.md")
    (back,) = codec.loads(data, "/site/docs/a.md")
    assert back.location.path == "/site/docs/a.md"
    assert back == Finding(
        "TI001",
        "title-repeated",
        Severity.WARNING,
        "again",
        Location("/site/docs/a.md", 3, 1, 3, 9),
    )


def test_a_payload_without_the_path_decodes_with_plain_pickle() -> None:
    data = codec.dumps(("a title", (1, 2)), "docs/a.md")
    assert data[:1] == b"0"
    assert pickle.loads(data[1:]) == ("a title", (1, 2))
    assert codec.loads(data, "elsewhere.md") == ("a title", (1, 2))


def test_a_foreign_payload_is_an_error_not_a_wrong_result() -> None:
    with pytest.raises(pickle.UnpicklingError):
        codec.loads(pickle.dumps("old layout"), "a.md")
