"""Reports stay valid and harmless whatever the file names and articles hold.

A file name that is not UTF-8 once crashed every machine-readable format with
UnicodeEncodeError; an ESC or OSC sequence in an article reached the terminal
raw through the text report and the GitHub annotations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FLAWED, Lint

from artlint.model import Finding, Location, Severity
from artlint.reporters import ReportContext, render
from artlint.reporters.escape import visible

NAME = b"caf\xe9-\xff.md"  # Latin-1 bytes: not UTF-8

posix_bytes_names = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes"
)


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run(
        [sys.executable, "-m", "artlint", "--no-cache", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def odd_name(tmp_path: Path) -> Path:
    (tmp_path / os.fsdecode(NAME)).write_text(FLAWED, encoding="utf-8")
    return tmp_path


@posix_bytes_names
@pytest.mark.parametrize("fmt", ["json", "gitlab", "sarif"])
def test_json_formats_stay_valid_and_name_the_bytes(odd_name: Path, fmt: str) -> None:
    done = _run(odd_name, "--format", fmt, ".")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: no raw surrogate
    if fmt == "json":
        assert [os.fsencode(f["path"]) for f in data] == [NAME]
    elif fmt == "gitlab":
        assert [os.fsencode(i["location"]["path"]) for i in data] == [NAME]
    else:
        [res] = data["runs"][0]["results"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "caf%E9-%FF.md"


@posix_bytes_names
@pytest.mark.parametrize("fmt", ["junit", "github", "text"])
def test_other_formats_write_the_bytes_visibly(odd_name: Path, fmt: str) -> None:
    done = _run(odd_name, "--format", fmt, ".")
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")
    assert "caf\\xe9-\\xff.md" in out
    if fmt == "junit":
        root = ET.fromstring(done.stdout)
        assert [c.get("name") for c in root.iter("testcase")] == ["caf\\xe9-\\xff.md"]
    if fmt == "github":
        assert out.startswith("::error file=caf\\xe9-\\xff.md,line=1,")


@posix_bytes_names
@pytest.mark.parametrize("to_file", [False, True])
def test_the_html_report_writes_the_bytes_visibly(odd_name: Path, to_file: bool) -> None:
    args = ["--format", "html", *(["-o", "report.html"] if to_file else []), "."]
    done = _run(odd_name, *args)
    assert done.returncode == 1, done.stderr
    page = (odd_name / "report.html").read_bytes() if to_file else done.stdout
    assert "caf\\xe9-\\xff.md" in page.decode("utf-8")  # strict UTF-8: no raw surrogate


PLUGIN = """
from artlint.rule import Rule


class Quoter(Rule):
    code = "LX001"
    name = "quoter"
    summary = "Quotes the line it flags"

    def check(self, article, options):
        start = article.text.find("dream job")
        line_start = article.text.rfind("\\n", 0, start) + 1
        line = article.text[line_start:article.text.find("\\n", start)]
        yield self.at(article, start, start + 9, "avoid this in: " + line)
"""

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\u202e \x9b fix your dream job now"


def _hostile(project: Path) -> None:
    (project / "lint").mkdir()
    (project / "lint" / "plug.py").write_text(PLUGIN, encoding="utf-8")
    (project / ".artlint.yaml").write_text("plugins: [lint/plug.py]\n", encoding="utf-8")
    (project / "a.md").write_text(f"---\ntitle: Jobs\n---\n# Jobs\n\n{HOSTILE}\n", encoding="utf-8")


def test_escape_sequences_never_reach_the_terminal_and_carets_stay_put(
    project: Path, lint: Lint
) -> None:
    _hostile(project)
    out = lint("a.md").stdout
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")
    assert "\u241b]0;owned\u2407" in out  # drawn, one character each
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("a.md:6:") and "LX001" in line)
    excerpt, caret = lines[at + 1], lines[at + 2]
    column = int(lines[at].split(":")[2])
    gutter = excerpt.index("| ") + 2
    assert excerpt[gutter + column - 1 :].startswith("dream job")
    assert caret.index("^") == gutter + column - 1 and caret.count("^") == 9


def test_github_annotations_draw_control_characters(project: Path, lint: Lint) -> None:
    _hostile(project)
    out = lint("--format", "github", "a.md").stdout
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")
    assert "\u241b[31mred" in out


def test_machine_formats_keep_the_text_as_it_is(project: Path, lint: Lint) -> None:
    _hostile(project)
    [f] = [f for f in json.loads(lint("--format", "json", "a.md").stdout) if f["code"] == "LX001"]
    assert f["message"] == "avoid this in: " + HOSTILE  # JSON escapes it; the reader decides


def test_control_characters_in_a_file_name_are_drawn_in_text() -> None:
    f = Finding(
        "AL001",
        "unreadable-file",
        Severity.ERROR,
        "bad\x1b[0m",
        Location("x\x1b[31m.md", 1, 1, 1, 1),
    )
    out = render("text", [f], ReportContext())
    assert "\x1b" not in out and out.startswith("x\u241b[31m.md:1:1: AL001")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain", "plain"),
        ("tab\there", "tab\there"),
        ("two\nlines", "two\nlines"),
        ("\x00\x1f\x7f", "\u2400\u241f\u2421"),
        ("\u2028\u2066", "\ufffd\ufffd"),
        ("name\udce9", "name\\xe9"),
    ],
)
def test_visible_draws_one_character_for_each(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@posix_bytes_names
def test_a_baseline_records_and_matches_an_undecodable_name(odd_name: Path) -> None:
    wrote = _run(odd_name, "--write-baseline", "base.json", ".")
    assert wrote.returncode == 0, wrote.stderr
    json.loads((odd_name / "base.json").read_text(encoding="utf-8"))
    again = _run(odd_name, "--baseline", "base.json", ".")
    assert again.returncode == 0, again.stderr
