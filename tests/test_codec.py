"""Payloads from worker to parent: the file's own path is put back under the run's name."""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from artlint import codec, file_phase, results
from artlint.model import Edit, Finding, Fix, Location, Related, Severity
from artlint.reporters import ReportContext, text
from artlint.results import FileResult
from artlint.suppress import Suppressions


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


@pytest.mark.parametrize(
    "path",
    ["docs/a.md", "docs/é \udcff.md"],  # a name that is not valid UTF-8 is kept as surrogates
)
def test_the_path_is_factored_out_wherever_it_is_and_only_there(path: str) -> None:
    where = Location(path, 3, 1, 3, 9)
    deep = {"k": [("x", (where,)), "y"], "again": path}
    data = codec.dumps(deep, path)
    assert data[:1] == b"1"
    assert path.encode("utf-8", "surrogatepass") not in data
    assert codec.loads(data, "moved.md") == {
        "k": [("x", (replace(where, path="moved.md"),)), "y"],
        "again": "moved.md",
    }
    # The path inside a longer string, or as bytes, is not the path: kept as it is.
    look_alikes = (f"see {path}", path.encode("utf-8", "surrogatepass"))
    data = codec.dumps(look_alikes, path)
    assert data[:1] == b"0"
    assert codec.loads(data, "moved.md") == look_alikes


def test_a_foreign_payload_is_an_error_not_a_wrong_result() -> None:
    with pytest.raises(pickle.UnpicklingError):
        codec.loads(pickle.dumps("old layout"), "a.md")


# --------------------------------------------------------------------------- one finding type

ARTICLE = b"""---
title: Asking For A Raise
---
# Asking For A Raise

## when to ask for more
Ask after a good quarter.

## What To Bring
Numbers, and\tthe work you led.

## Keeping a work-Life balance
Rest.

## Pros
- Career Advancement Opportunities

## Cons
- Limited Career Advancement Opportunities
"""


def _linted(tmp_path: Path) -> FileResult:
    path = tmp_path / "raise.md"
    path.write_bytes(ARTICLE)
    return file_phase.lint_record(str(path), file_phase.Context(file_phase.Settings()))


def test_the_text_stored_for_warm_runs_is_the_text_report_of_the_findings(
    tmp_path: Path,
) -> None:
    res = _linted(tmp_path)
    findings = res.findings
    assert len(findings) >= 2 and any(f.related for f in findings)
    assert res.texts is not None
    spelling, stored = codec.unpack_texts(res.texts)
    assert spelling == res.path
    lines = ARTICLE.decode().split("\n")
    source = lambda _path, n: lines[n - 1]  # noqa: E731
    assert stored == [text.finding_text(f, source) for f in findings]
    assert "".join(stored) == text.render(findings, ReportContext(source=source))


def test_rows_read_through_codec_agree_with_the_findings(tmp_path: Path) -> None:
    res = _linted(tmp_path)
    rows = res.unpack().rows
    findings = res.findings
    assert codec.findings_from_rows(codec.finding_rows(findings, res.path), res.path) == findings
    for row, f in zip(rows, findings, strict=True):
        assert codec.code_of(row) == f.code
        assert codec.severity_of(row) == f.severity.value
        assert codec.line_of(row) == f.location.line
        assert codec.fix_of(row) == f.fix
        assert codec.row_key(row) == f.sort_key()[1:]
        (again,) = codec.findings_from_rows([codec.with_severity(row, "info")], res.path)
        assert again == replace(f, severity=Severity.INFO)


def test_a_worker_result_carries_what_the_cache_stores_and_sheds_it_for_the_corpus(
    tmp_path: Path,
) -> None:
    res = _linted(tmp_path)
    st = (tmp_path / "raise.md").stat()
    assert res.stat == (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    assert res.stat_at >= st.st_mtime_ns and len(res.digest) == 32 and res.facts
    part = res.corpus_part()
    assert (part.path, part.digest, part.facts, part.facts_digest) == (
        res.path,
        res.digest,
        res.facts,
        res.facts_digest,
    )
    assert (part.packed, part.texts, part.tally, part.findings) == (b"", None, (0, ""), [])


def _replaced(i: int, row: codec.Row) -> codec.Row:
    return (*row[:i], 1.5, *row[i + 1 :])


def _good_row() -> codec.Row:
    f = Finding(
        "TI002",
        "duplicate-title",
        Severity.WARNING,
        "again",
        Location("a.md", 1, 1, 1, 5),
        (Related(Location("b.md", 1, 1, 1, 5), "the other"),),
        Fix((Edit(0, 1, "x"),)),
        "text",
    )
    (row,) = codec.finding_rows([f], "a.md")
    return row


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r[:10],
        lambda r: (*r, "extra"),
        list,
        *(partial(_replaced, i) for i in range(11)),  # every field of another type
        lambda r: (*r[:2], "fatal", *r[3:]),
        lambda r: (*r[:8], ((None, 1, 1, 1),), *r[9:]),
        lambda r: (*r[:8], ((None, 1, "1", 1, 1, "m"),), *r[9:]),
        lambda r: (*r[:8], [(None, 1, 1, 1, 1, "m")], *r[9:]),
        lambda r: (*r[:9], Fix([Edit(0, 1, "x")]), r[10]),  # type: ignore[arg-type]
        lambda r: (*r[:9], Fix((Edit("0", 1, "x"),)), r[10]),  # type: ignore[arg-type]
        lambda r: (*r[:9], Fix(((0, 1, "x"),)), r[10]),  # type: ignore[arg-type]
    ],
)
def test_a_row_of_the_wrong_shape_is_refused(damage: Any) -> None:
    assert codec.row_ok(_good_row())
    assert not codec.row_ok(damage(_good_row()))


def test_filters_are_read_without_the_rows() -> None:
    """The corpus phase reads every finding file's suppressions and enabled codes;
    decoding its rows as well cost a warm run of a large site a tenth of a second."""
    sup = Suppressions(ranges=[(frozenset({"TI002"}), 3, 3)])
    for suppressions in (sup, Suppressions()):
        packed = results.pack("a.md", [_good_row()], suppressions, frozenset({"TI002"}), {1: "x"})
        body_lost = packed[: -len(codec.dumps(([_good_row()], {1: "x"}), "a.md"))]
        res = FileResult("a.md", body_lost)
        assert res.filters() == (suppressions, frozenset({"TI002"}))
        with pytest.raises(Exception):  # noqa: B017
            res.unpack()
        whole = FileResult("a.md", packed).unpack()
        assert whole == (
            [_good_row()],
            suppressions if suppressions.ranges else results._NO_SUPPRESSIONS,
            frozenset({"TI002"}),
            {1: "x"},
        )


def test_a_packed_result_with_any_byte_changed_or_cut_short_is_not_intact() -> None:
    packed = results.pack("a.md", [_good_row()], Suppressions(), frozenset({"TI002"}), {1: "x"})
    assert results.intact(packed)
    for i in range(len(packed)):
        assert not results.intact(packed[:i] + bytes([packed[i] ^ 1]) + packed[i + 1 :])
    for n in range(len(packed)):
        assert not results.intact(packed[:n])


def test_equal_messages_and_related_entries_are_one_object_in_a_rules_rows() -> None:
    """A cluster of similar titles names each member in every other member's
    finding: the rows share one object per distinct entry, so the output is
    held and pickled once per entry, and reads back equal."""
    paths = [f"posts/series-{n}.md" for n in range(4)]

    def finding(path: str) -> Finding:
        others = [p for p in paths if p != path]
        return Finding(
            "TI003",
            "near-duplicate-title",
            Severity.WARNING,
            "title nearly repeats three others",
            Location(path, 2, 8, 2, 40),
            related=tuple(
                Related(Location(p, 2, 8, 2, 40), f"'{p}' (90% similar)") for p in others
            ),
        )

    out = results.rendered([finding(p) for p in paths], lambda _p, _n: "title: x")
    rows = [row for rendered_rows, _ in out.values() for row in rendered_rows]
    entries = [entry for row in rows for entry in row[8]]
    assert len(entries) == 12 and len({id(e) for e in entries}) == 4
    assert len({id(row[3]) for row in rows}) == 1
    again = pickle.loads(pickle.dumps(out))
    assert again == out
    assert codec.findings_from_rows(out[paths[1]][0], paths[1]) == [finding(paths[1])]
