"""The JSON report written from rows: the very text `json.dumps` gives the findings."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from artlint import codec
from artlint.model import Edit, Finding, Fix, Location, Related, Severity
from artlint.reporters import ReportContext, render
from artlint.reporters import json as json_report
from artlint.reporters.escape import json_text

_TEXT = st.text(st.characters(blacklist_categories=()), max_size=12)
_N = st.integers(min_value=0, max_value=10**6)
_PATHS = st.sampled_from(["a.md", "docs/b c.md", "caf\u00e9/\udcff.md", 'q"\\.md'])


def _expected(findings: list[Finding]) -> str:
    """What the report was before it was written from rows."""
    if not findings:
        return "[]\n"
    text = json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False)
    return json_text(text) + "\n"


@st.composite
def _findings(draw: Any) -> list[Finding]:
    out = []
    for path in sorted(draw(st.lists(_PATHS, max_size=3, unique=True))):
        for _ in range(draw(st.integers(0, 3))):
            related = draw(
                st.lists(
                    st.builds(
                        Related,
                        st.builds(Location, st.one_of(st.just(path), _PATHS), _N, _N, _N, _N),
                        _TEXT,
                    ),
                    max_size=2,
                )
            )
            fix = draw(
                st.none()
                | st.builds(
                    Fix,
                    st.lists(st.builds(Edit, _N, _N, _TEXT, _N, _N, _N, _N), max_size=2).map(tuple),
                    st.booleans(),
                    _TEXT,
                )
            )
            out.append(
                Finding(
                    draw(_TEXT),
                    draw(_TEXT),
                    draw(st.sampled_from(list(Severity))),
                    draw(_TEXT),
                    Location(path, draw(_N), draw(_N), draw(_N), draw(_N)),
                    tuple(related),
                    fix,
                    draw(_TEXT),
                )
            )
    return out


@hypothesis_settings(max_examples=200)
@given(_findings())
def test_the_report_from_rows_is_the_text_json_dumps_gives(findings: list[Finding]) -> None:
    assert render("json", findings, ReportContext()) == _expected(findings)


def test_plain_rows_are_written_without_the_python_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `json.dumps` with an indent encodes in pure Python: a warm JSON run of a
    # large site spent most of its time there.
    finding = Finding(
        "TI001",
        "title-repeated",
        Severity.WARNING,
        "again",
        Location("a.md", 3, 1, 3, 9),
        (Related(Location("b.md", 1, 1, 1, 4), "the other"),),
        Fix((Edit(0, 1, "x", 1, 1, 1, 2),), safe=False, message="drop it"),
        "title",
    )
    expected = _expected([finding])

    def refuse(*_a: object, **_k: object) -> str:
        raise AssertionError("json.dumps called for a plain row")

    monkeypatch.setattr(json_report.json, "dumps", refuse)
    rows = codec.finding_rows([finding], "a.md")
    assert "".join(json_report.row_chunks([("a.md", rows)])) == expected


@pytest.mark.parametrize(
    "odd",
    [
        Fix((Edit(0, 1, "x", "one", 1, 1, 2),)),  # type: ignore[arg-type]
        Fix((), safe=1),  # type: ignore[arg-type]
        Fix([Edit(0, 1, "x")]),  # type: ignore[arg-type]
    ],
)
def test_a_row_of_odd_values_is_written_as_json_dumps_writes_it(odd: Fix) -> None:
    finding = Finding("X001", "odd", Severity.INFO, "m", Location("a.md", 1, 1, 1, 2), fix=odd)
    rows = codec.finding_rows([finding], "a.md")
    assert "".join(json_report.row_chunks([("a.md", rows)])) == _expected([finding])
