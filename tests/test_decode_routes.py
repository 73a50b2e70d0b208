"""Bytes become text in one place (`readers.decode`), whichever way they arrive.

The same bytes give the same findings from a file and from standard input, and
a cross-file finding quotes its line however the file ends its lines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Lint

TWIN = "---\ntitle: Working Nights as a Lab Technician\n---\n\nThe shift starts at ten.\n"


def _json(lint: Lint, *args: str, input: bytes | None = None) -> list[dict[str, Any]]:
    result = lint("--format", "json", *args, input=input)
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize(
    "data",
    [
        b"---\ntitle: Pay \xff Review\n---\n\nText.\n",  # invalid UTF-8
        "\ufeff---\ntitle: Pay Review Basics\n---\n\n# pay review\n".encode(),  # a BOM
        b"---\rtitle: Pay Review Basics\r---\r\r# pay review\r",  # CR line ends
        b"---\r\ntitle: Pay Review Basics\r\n---\r\n\r\n# pay review\r\n",  # CRLF
    ],
    ids=["invalid-utf8", "bom", "cr", "crlf"],
)
def test_a_file_and_the_same_bytes_on_stdin_give_the_same_findings(
    lint: Lint, project: Path, data: bytes
) -> None:
    (project / "review.md").write_bytes(data)
    from_file = _json(lint, "review.md")
    from_stdin = _json(lint, "--stdin-filename", "review.md", "-", input=data)
    assert from_file == from_stdin
    assert from_file  # each sample has something to say


def test_invalid_utf8_is_al002_by_either_route(lint: Lint, project: Path) -> None:
    data = b"---\ntitle: Pay \xff Review\n---\n"
    (project / "bad.md").write_bytes(data)
    for args, given in ((("bad.md",), None), (("--stdin-filename", "bad.md", "-"), data)):
        found = _json(lint, *args, input=given)
        assert [(f["code"], f["line"], f["column"]) for f in found] == [("AL002", 1, 1)]
        assert "byte 0xff at byte offset 15" in found[0]["message"]


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_a_cross_file_finding_quotes_its_line_whatever_the_line_ends(
    lint: Lint, project: Path, end: str
) -> None:
    for name in ("a.md", "b.md"):
        (project / name).write_bytes(TWIN.replace("\n", end).encode())
    out = lint("a.md", "b.md").stdout
    for name, other in (("a.md", "b.md"), ("b.md", "a.md")):
        head = f"{name}:2:8: TI002 [duplicate-title] same title as {other}"
        assert f"{head}; give each article its own title\n" in out, out
        after = out.split(head, 1)[1].split("\n")
        assert after[1] == "   2 | title: Working Nights as a Lab Technician", out
        assert after[2] == " " * 14 + "^" * 34, out


def test_a_cross_file_finding_on_piped_cr_text_quotes_its_line(lint: Lint, project: Path) -> None:
    (project / "b.md").write_text(TWIN, encoding="utf-8")
    data = TWIN.replace("\n", "\r").encode()
    out = lint("--stdin-filename", "a.md", "-", "b.md", input=data).stdout
    head = "a.md:2:8: TI002 [duplicate-title] same title as b.md"
    assert head in out, out
    assert (
        out.split(head, 1)[1].split("\n")[1] == "   2 | title: Working Nights as a Lab Technician"
    )
