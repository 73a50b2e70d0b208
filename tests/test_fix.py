"""`--fix`, `--diff` and the fixer: exact edits per rule, and nothing else lost."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import Lint, findings

from artlint import edits, engine, readers
from artlint import fix as fix_mod
from artlint.model import Edit, Finding, Fix, Location, Severity
from artlint.selection import CliSelection

EXPORT = (
    "Is Remote Work Right for You\n\nIs Remote Work Right for You\n\nWork From Home\n\n"
    "Some body text here.\n\nPros:\n\n1. A Better work-Life Balance\nYou choose.\n\n"
    "3. Fewer Commutes\nNo trains.\n\nWork From Home\n"
)
EXPORT_FIXED = (
    "Is Remote Work Right for You\n\nSome body text here.\n\nPros:\n\n"
    "1. A Better Work-Life Balance\nYou choose.\n\n2. Fewer Commutes\nNo trains.\n"
)


def _fixed(text: str, code: str, unsafe: bool = False, name: str = "a.md") -> str:
    """`text` after fixing only `code`'s findings (in memory)."""
    engine.reset()
    settings = engine.Settings(cli=CliSelection(select=(code,)))
    data = text.encode("utf-8")
    out = fix_mod.fix_bytes(name, data, fix_mod.linter(settings, name), unsafe)
    assert out.problem is None, out.problem
    return out.after.decode("utf-8")


def _fixes(text: str, code: str, name: str = "a.md") -> list[Fix | None]:
    engine.reset()
    settings = engine.Settings(cli=CliSelection(select=(code,)))
    return [f.fix for f in fix_mod.linter(settings, name)(text.encode()) if f.code == code]


# --------------------------------------------------------------------------- per rule


def test_hd002_compound_follows_a_title_case_heading(project: Path) -> None:
    text = "# Remote Bookkeeping\n\n## A Better work-Life Balance\n\nClients call.\n"
    (fix,) = _fixes(text, "HD002")
    assert fix is not None and fix.safe
    # Only the one letter whose case changes is edited.
    assert [(e.start, e.end, e.text, e.line, e.column) for e in fix.edits] == [(34, 35, "W", 3, 13)]
    assert _fixed(text, "HD002") == text.replace("work-Life", "Work-Life")


def test_hd002_compound_in_a_sentence_case_heading_goes_lower_case(project: Path) -> None:
    text = "# Remote bookkeeping\n\n## Keeping a better work-Life balance at home\n\nYes.\n"
    assert _fixed(text, "HD002") == text.replace("work-Life", "work-life")


def test_hd002_caps_lock_slip_and_fine_words(project: Path) -> None:
    text = "Freelance Illustration\n\nPros:\n\n1. Creative cONTROL\nYou decide.\n"
    assert _fixed(text, "HD002", name="a.txt") == text.replace("cONTROL", "Control")
    fine = "# Support Roles\n\n## Working With iOS Users\n\nPhones.\n"
    assert _fixes(fine, "HD002") == []


def test_hd001_rewrites_the_heading_as_the_message_says(project: Path) -> None:
    text = (
        "# Working Night Shifts\n\n## What the Shift Looks Like\n\nQuiet.\n\n"
        "## Pay and Night Differentials\n\nHigher.\n\n## Sleeping during the day\n\n"
        "Curtains.\n\n## Is It Worth It?\n\nMaybe.\n"
    )
    engine.reset()
    settings = engine.Settings(cli=CliSelection(select=("HD001",)))
    (f,) = fix_mod.linter(settings, "a.md")(text.encode())
    assert f.fix is not None and "'Sleeping during the Day'" in f.message
    assert _fixed(text, "HD001") == text.replace("the day", "the Day")


def test_hd003_renumbers_until_the_list_is_in_order(project: Path) -> None:
    text = "# Packing\n\n1. Laptop\n2. Charger\n4. Headset\n5. Notebook\n"
    (first,) = _fixes(text, "HD003")
    assert first is not None
    assert [(e.line, e.column, e.end_column, e.text) for e in first.edits] == [(5, 1, 2, "3")]
    assert _fixed(text, "HD003") == text.replace("4. H", "3. H").replace("5. N", "4. N")
    assert _fixes("# Packing\n\n1. Laptop\n1. Charger\n1. Headset\n", "HD003") == []


def test_hd003_numbered_headings(project: Path) -> None:
    text = "# Steps\n\n## 1. Learn\n\nA.\n\n## 2. Build\n\nB.\n\n## 4. Apply\n\nC.\n"
    assert _fixed(text, "HD003") == text.replace("## 4.", "## 3.")


def test_st001_removes_both_labels_and_keeps_the_final_newline_or_its_absence(
    project: Path,
) -> None:
    text = (
        "How to Start Tutoring\n\nWork From Home\n\nTutoring suits explainers.\n\n"
        "Most start with friends.\n\nWork From Home\n"
    )
    want = "How to Start Tutoring\n\nTutoring suits explainers.\n\nMost start with friends.\n"
    assert _fixed(text, "ST001", name="a.txt") == want
    assert _fixed(text.rstrip("\n"), "ST001", name="a.txt") == want.rstrip("\n")
    # Near miss: the last line is a sentence, not a label.
    near = text.replace("Work From Home\n", "Work from home is fine.\n")
    assert _fixes(near, "ST001", name="a.txt") == []


def test_fm004_removes_an_equal_duplicate_only(project: Path) -> None:
    text = "---\ntitle: Court Reporting\ndate: 2024-03-01\ndate: 2024-03-01\n---\nBody.\n"
    assert _fixed(text, "FM004") == text.replace("date: 2024-03-01\n", "", 1)
    differs = text.replace("date: 2024-03-01\n---", "date: 2024-04-01\n---")
    assert _fixes(differs, "FM004") == [None]
    listed = "---\ntags:\n  - a\n  - b\ntitle: T\ntags:\n  - a\n  - b\n---\nBody.\n"
    assert _fixed(listed, "FM004") == "---\ntags:\n  - a\n  - b\ntitle: T\n---\nBody.\n"


def test_ti001_line_three_is_safe_a_later_heading_unsafe(project: Path) -> None:
    export = "Is Data Entry a Good Side Job\n\nIs Data Entry a Good Side Job\n\nSimple work.\n"
    assert _fixed(export, "TI001", name="a.txt") == (
        "Is Data Entry a Good Side Job\n\nSimple work.\n"
    )
    later = (
        "---\ntitle: Becoming a Virtual Assistant Later\n---\nMany switch.\n\n"
        "## Becoming a Virtual Assistant Later\n\nStart small.\n"
    )
    (fix,) = _fixes(later, "TI001")
    assert fix is not None and not fix.safe
    assert _fixed(later, "TI001") == later  # not without --unsafe-fixes
    assert _fixed(later, "TI001", unsafe=True) == (
        "---\ntitle: Becoming a Virtual Assistant Later\n---\nMany switch.\n\nStart small.\n"
    )


def test_ti001_bare_first_body_line(project: Path) -> None:
    text = "---\ntitle: Night Shift Nursing Explained\n---\nNight shift nursing explained\n\nB.\n"
    assert _fixed(text, "TI001") == "---\ntitle: Night Shift Nursing Explained\n---\nB.\n"


def test_fm007_sets_the_later_date_unsafely(project: Path) -> None:
    text = "---\ntitle: Rates\ndate: 2024-05-10\nlast_modified_at: 2023-05-10\n---\nB.\n"
    (fix,) = _fixes(text, "FM007")
    assert fix is not None and fix.applicability == "unsafe"
    assert _fixed(text, "FM007", unsafe=True) == text.replace("2023-05-10", "2024-05-10")


def test_fm001_scaffold_quotes_the_title_and_leaves_description_to_fill(project: Path) -> None:
    text = "# Nursing: What to Expect\n\nLong shifts.\n"
    out = _fixed(text, "FM001", unsafe=True)
    assert out == (
        '---\ntitle: "Nursing: What to Expect"\nslug: nursing-what-to-expect\n'
        'description: ""\n---\n' + text
    )
    assert readers.read_bytes("a.md", out.encode()).front_matter is not None
    assert _fixes("\n", "FM001") == [None]  # nothing to build a title from


# --------------------------------------------------------------------------- the machinery


def _finding(start: int, end: int, text: str, safe: bool = True) -> Finding:
    return Finding(
        "XX001",
        "x",
        Severity.WARNING,
        "m",
        Location("a", 1, start + 1, 1, end + 1),
        fix=Fix((Edit(start, end, text),), safe),
    )


def test_overlapping_fixes_wait_for_a_later_pass() -> None:
    a, b = _finding(0, 3, "X"), _finding(2, 5, "Y")
    assert fix_mod.choose([b, a], unsafe=False) == [a]
    assert fix_mod.choose([_finding(0, 1, "U", safe=False)], unsafe=False) == []


def test_a_file_whose_fixes_never_settle_is_left_alone(project: Path, lint: Lint) -> None:
    def flip(data: bytes) -> list[Finding]:
        return [_finding(0, 1, "b" if data[:1] == b"a" else "a")]

    out = fix_mod.fix_bytes("a.md", b"a\n", flip)
    assert out.problem is not None and "did not settle" in out.problem
    assert not out.changed and out.after == b"a\n"


@pytest.mark.parametrize(
    "data",
    [
        b"---\ntitle: A: b\n---\n## work-Life\n",  # front matter that does not parse
        b"---\ntitle: A\n## work-Life\n",  # not closed
        b"## work-Life\n\xff\n",  # not UTF-8
    ],
)
def test_a_file_not_read_in_full_is_never_fixed(project: Path, lint: Lint, data: bytes) -> None:
    (project / "a.md").write_bytes(data)
    result = lint("--fix", "--select", "HD002", "a.md")
    assert (project / "a.md").read_bytes() == data
    assert "Traceback" not in result.output


HEADINGS = (
    "## Finding Remote Work\n\n## Writing Your Resume\n\n"
    "## Preparing for interviews\n\n## Negotiating Your Salary\n"
)


@pytest.mark.parametrize("front", ["---\ntitle: A: b\n---\n", "---\ntitle: A\n"])
def test_a_cross_file_finding_in_a_file_not_read_in_full_offers_no_fix(
    project: Path, lint: Lint, front: str
) -> None:
    (project / "a.md").write_text(front + HEADINGS, encoding="utf-8")
    (project / "b.md").write_text("---\ntitle: B\n---\n" + HEADINGS, encoding="utf-8")
    result = lint("--format", "json", "--select", "HD001", "a.md", "b.md")
    fixes = {(f["path"], f["line"]): f["fix"] is not None for f in findings(result)}
    assert fixes == {("a.md", 8 if front.endswith("---\n") else 7): False, ("b.md", 8): True}
    assert "[*]" not in lint("--select", "HD001", "a.md").stdout


def test_line_endings_bom_and_missing_newline_are_kept(project: Path, lint: Lint) -> None:
    crlf = ("\ufeff" + EXPORT.rstrip("\n")).replace("\n", "\r\n").encode("utf-8")
    (project / "a.txt").write_bytes(crlf)
    (project / "a.txt").chmod(0o640)
    result = lint("--fix", "a.txt")
    assert result.exit_code in (0, 1), result.output
    got = (project / "a.txt").read_bytes()
    assert got == ("\ufeff" + EXPORT_FIXED.rstrip("\n")).replace("\n", "\r\n").encode("utf-8")
    assert stat.S_IMODE((project / "a.txt").stat().st_mode) == 0o640


def test_mixed_line_endings_outside_the_edits_stay(project: Path) -> None:
    data = b"# Remote Work\r\n\r\n## A Better work-Life Balance\n\nText.\rMore.\n"
    engine.reset()
    out = fix_mod.fix_bytes("a.md", data, fix_mod.linter(engine.Settings(), "a.md"))
    assert out.after == data.replace(b"work-Life", b"Work-Life")


def test_a_file_changed_since_it_was_read_is_not_written(project: Path) -> None:
    (project / "a.md").write_bytes(b"# T\n\n## A work-Life Thing\n")
    res = fix_mod.FileFix("a.md", b"something else", b"new")
    assert fix_mod.write(res) == "not written: the file changed while it was being fixed"
    assert (project / "a.md").read_bytes() == b"# T\n\n## A work-Life Thing\n"


def test_an_interrupted_write_leaves_the_original(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "a.txt").write_text(EXPORT, encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    result = lint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == EXPORT
    assert "a.txt: not written: Input/output error" in result.stderr
    assert [p.name for p in project.iterdir()] == ["a.txt"]  # no temporary file left


# --------------------------------------------------------------------------- the command line


def test_diff_prints_and_writes_nothing(project: Path, lint: Lint) -> None:
    (project / "a.txt").write_text(EXPORT, encoding="utf-8")
    result = lint("--diff", "a.txt")
    assert result.exit_code == 1
    assert (project / "a.txt").read_text(encoding="utf-8") == EXPORT
    assert result.stdout.startswith("--- a/a.txt\n+++ b/a.txt\n")
    assert "-1. A Better work-Life Balance\n+1. A Better Work-Life Balance\n" in result.stdout
    assert "Would fix 4 findings (HD002 1, HD003 1, ST001 1, TI001 1) in 1 file." in result.stderr
    (project / "a.txt").write_text(EXPORT_FIXED, encoding="utf-8")
    again = lint("--diff", "a.txt")
    assert again.exit_code == 0 and again.stdout == ""


def test_fix_reports_what_is_left(project: Path, lint: Lint) -> None:
    (project / "a.txt").write_text(EXPORT, encoding="utf-8")
    result = lint("--fix", "--show-fixes", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == EXPORT_FIXED
    assert "Fixed in a.txt: HD002 (1), HD003 (1), ST001 (1), TI001 (1)" in result.stderr
    assert "Fixed 4 findings" in result.stderr
    assert " [*] " not in result.stdout  # what is left has no safe fix
    assert result.exit_code == 1  # FM001 and ST003 remain
    assert "(1 hidden fix can be enabled with the `--unsafe-fixes` option)" in result.stderr


def test_fix_only_exits_zero_and_reports_nothing(project: Path, lint: Lint) -> None:
    (project / "a.txt").write_text(EXPORT, encoding="utf-8")
    result = lint("--fix-only", "a.txt")
    assert result.exit_code == 0 and result.stdout == ""
    assert (project / "a.txt").read_text(encoding="utf-8") == EXPORT_FIXED


def test_text_report_marks_fixable_findings_and_counts_them(project: Path, lint: Lint) -> None:
    (project / "a.txt").write_text(EXPORT, encoding="utf-8")
    result = lint("a.txt")
    assert "a.txt:11:13: HD002 [*] [odd-word-case]" in result.stdout
    assert "a.txt:1:1: FM001 [missing-front-matter]" in result.stdout  # unsafe: no mark
    assert (
        "[*] 4 fixable with the `--fix` option (1 hidden fix can be enabled with the "
        "`--unsafe-fixes` option)."
    ) in result.stderr


def test_json_and_sarif_carry_the_fix(project: Path, lint: Lint) -> None:
    (project / "a.md").write_text(
        "# Remote Work\n\n## A Better work-Life Balance\n\nText.\n", encoding="utf-8"
    )
    (f,) = findings(lint("--format", "json", "--select", "HD002", "a.md"))
    assert f["fix"] == {
        "applicability": "safe",
        "safe": True,
        "message": "write 'Work-Life'",
        "edits": [
            {
                "line": 3,
                "column": 13,
                "end_line": 3,
                "end_column": 14,
                "text": "W",
                "start": 27,
                "end": 28,
            }
        ],
    }
    sarif = json.loads(lint("--format", "sarif", "--select", "HD002", "a.md").stdout)
    (res,) = sarif["runs"][0]["results"]
    assert res["fixes"] == [
        {
            "description": {"text": "write 'Work-Life'"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "a.md", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 3,
                                "startColumn": 13,
                                "endLine": 3,
                                "endColumn": 14,
                            },
                            "insertedContent": {"text": "W"},
                        }
                    ],
                }
            ],
        }
    ]


def test_fix_refuses_standard_input(project: Path, lint: Lint) -> None:
    result = lint("--fix", "-", input="# T\n")
    assert result.exit_code == 2
    assert "artlint: error: --fix, --fix-only and --diff work on files" in result.stderr


def test_rules_table_shows_the_fix_column(lint: Lint) -> None:
    rows = {r["code"]: r["fixable"] for r in json.loads(lint("rules", "--format", "json").stdout)}
    assert {c for c, fixable in rows.items() if fixable} == {
        "FM001",
        "FM004",
        "FM007",
        "HD001",
        "HD002",
        "HD003",
        "ST001",
        "TI001",
    }


@pytest.mark.parametrize("end", ["", "\n"])
def test_removing_the_last_line_keeps_the_final_newline_or_its_absence(
    project: Path, end: str
) -> None:
    text = "---\ntitle: Becoming a Virtual Assistant Later\n---\nMany switch.\n\n"
    text += "## Becoming a Virtual Assistant Later" + end
    assert _fixed(text, "TI001", unsafe=True) == (
        "---\ntitle: Becoming a Virtual Assistant Later\n---\nMany switch." + end
    )


def test_findings_of_a_file_not_read_in_full_offer_no_fix(project: Path) -> None:
    text = "---\ntitle: A: b\n---\n# Remote Work\n\n## A Better work-Life Balance\n\nText.\n"
    assert _fixes(text, "HD002") == [None]


def test_suggestions_are_read_back_as_the_literals_the_message_quotes() -> None:
    assert edits.suggestions("x; write 'by\\xa0a Form'") == ["by\xa0a Form"]
    assert edits.suggestions("write 'Work-Life' or 'work-life'") == ["Work-Life", "work-life"]
    assert edits.suggestions('write "Don\'t Stop"') == ["Don't Stop"]
    assert edits.suggestions("remove it") == []


def test_a_no_break_space_in_a_heading_survives_its_case_fix(project: Path) -> None:
    text = (
        "# Form Fields Explained\n\n## How Filters Work\n\nA.\n\n## What Fields Hold\n\nB.\n\n"
        "## Where Tasks Go\n\nC.\n\n## Filtering the registry by\xa0a form field\n\nD.\n"
    )
    out = _fixed(text, "HD001")
    assert out == text.replace("registry by\xa0a form field", "Registry by\xa0a Form Field")


def test_st001_labels_on_neighbouring_lines_keep_the_missing_final_newline(
    project: Path,
) -> None:
    text = "Remote Job Basics\n\nSome plain words.\n\nBe Remote\nBe Remote"
    assert _fixed(text, "ST001", name="a.txt") == "Remote Job Basics\n\nSome plain words."


def test_hd001_edits_by_line_are_placed_on_the_text(project: Path) -> None:
    text = (
        "# Working Nights\n\n## What the Shift Looks Like\n\nA.\n\n## Pay and Night Rates\n\n"
        "B.\n\n## Sleeping during the day\n\nC.\n\n## Is It Worth It?\n\nD.\n"
    )
    engine.reset()
    (f,) = fix_mod.linter(engine.Settings(cli=CliSelection(select=("HD001",))), "a.md")(
        text.encode()
    )
    assert f.fix is not None and [e.start for e in f.fix.edits] == [-1]  # corpus phase
    (placed,) = fix_mod.placed([f], text)
    assert placed.fix is not None
    (e,) = placed.fix.edits
    assert (text[e.start : e.end], e.text, e.line, e.column) == ("d", "D", 11, 24)
