"""The command line as users and CI meet it: exit codes, options, output shapes, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN, FLAWED, HOUSE_CONFIG, JARGON, Lint, codes, findings

from artlint import __version__

DESIGN_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "message",
    "related",
    "fix",
}


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text


# --------------------------------------------------------------------------- the fixtures' facts


def test_the_shared_articles_give_what_the_tests_expect(house: Path, lint: Lint) -> None:
    _write(house, "clean.md", CLEAN)
    _write(house, "flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert codes(result) == [
        ("flawed.md", "FM001", 1),
        ("jargon.md", "HS001", 8),
        ("jargon.md", "HS002", 10),
        ("jargon.md", "HS001", 12),
    ]
    assert {f["severity"] for f in findings(result)} == {"error", "warning"}
    assert findings(result)[0]["severity"] == "error"


# --------------------------------------------------------------------------- exit codes


def test_clean_article_exits_0(project: Path, lint: Lint) -> None:
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "All clear: 1 file checked." in result.stderr


def test_findings_exit_1_in_the_documented_text_shape(house: Path, lint: Lint) -> None:
    result = lint("jargon.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "jargon.md:8:17: HS001 [no-rockstar] say what the job needs instead of 'rockstar'"
    )
    assert lines[1] == "   8 | We are hiring a rockstar support agent for the night shift."
    assert lines[2] == " " * 23 + "^" * len("rockstar")
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal
    assert "Found 3 findings in 1 file (1 file checked)." in result.stderr


def test_missing_path_exits_2_in_one_line_and_the_others_are_still_linted(
    project: Path, lint: Lint
) -> None:
    _write(project, "flawed.md", FLAWED)
    result = lint("--format", "json", "nowhere.md", "flawed.md")
    assert result.exit_code == 2
    assert codes(result) == [("flawed.md", "FM001", 1)]
    assert result.stderr.splitlines()[0] == (
        "artlint: error: nowhere.md: no such file or directory"
    )
    _no_traceback(result.stderr)


def test_exit_zero_keeps_the_findings_but_exits_0(project: Path, lint: Lint) -> None:
    _write(project, "flawed.md", FLAWED)
    result = lint("--exit-zero", "flawed.md")
    assert result.exit_code == 0
    assert "FM001" in result.stdout


@pytest.mark.parametrize(
    ("fail_on", "warning_only", "with_error"),
    [
        ("error", 0, 1),
        ("warning", 1, 1),
        ("info", 1, 1),
    ],
)
def test_fail_on_compares_against_severity(
    house: Path, lint: Lint, fail_on: str, warning_only: int, with_error: int
) -> None:
    _write(house, "flawed.md", FLAWED)  # FM001: an error
    assert lint("--fail-on", fail_on, "jargon.md").exit_code == warning_only  # warnings
    assert lint("--fail-on", fail_on, "jargon.md", "flawed.md").exit_code == with_error


def test_fail_on_info_counts_a_finding_lowered_to_info(project: Path, lint: Lint) -> None:
    _write(project, "flawed.md", FLAWED)
    _write(project, ".artlint.yaml", "rules:\n  FM001: {severity: info}\n")
    assert lint("--fail-on", "warning", "flawed.md").exit_code == 0
    assert lint("--fail-on", "info", "flawed.md").exit_code == 1
    assert lint("flawed.md").exit_code == 1  # the default is info


def test_fail_on_from_config(house: Path, lint: Lint) -> None:
    _write(house, ".artlint.yaml", HOUSE_CONFIG + "fail-on: error\n")
    assert lint("jargon.md").exit_code == 0
    assert lint("--fail-on", "warning", "jargon.md").exit_code == 1  # the flag wins


# --------------------------------------------------------------------------- output options


def test_statistics_counts_per_rule(house: Path, lint: Lint) -> None:
    _write(house, "flawed.md", FLAWED)
    result = lint("--statistics", ".")
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows == [
        ["2", "HS001", "no-rockstar"],
        ["1", "FM001", "missing-front-matter"],
        ["1", "HS002", "no-guru"],
    ]


def test_quiet_prints_findings_only(project: Path, lint: Lint) -> None:
    _write(project, "flawed.md", FLAWED)
    result = lint("--quiet", "flawed.md")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.startswith("flawed.md:1:1: FM001")
    _write(project, "clean.md", CLEAN)
    quiet_clean = lint("-q", "clean.md")
    assert (quiet_clean.exit_code, quiet_clean.stdout, quiet_clean.stderr) == (0, "", "")


def test_json_output_parses_and_has_the_design_keys(house: Path, lint: Lint) -> None:
    result = lint("--format", "json", "--select", "HS002", "jargon.md")
    assert result.exit_code == 1
    [finding] = findings(result)
    assert set(finding) >= DESIGN_KEYS
    assert finding["path"] == "jargon.md"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        10,
        34,
        10,
        34 + len("guru"),
    )
    assert (finding["code"], finding["name"], finding["severity"]) == (
        "HS002",
        "no-guru",
        "warning",
    )
    assert finding["message"] == "avoid 'guru' (house style)"
    assert finding["related"] == []
    assert result.stderr == ""  # the summary is for text output only


def test_json_output_of_a_clean_run_is_an_empty_array(project: Path, lint: Lint) -> None:
    _write(project, "clean.md", CLEAN)
    result = lint("--format", "json", "clean.md")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_related_locations_appear_in_json(project: Path, lint: Lint) -> None:
    _write(project, "a.md", CLEAN)
    _write(project, "b.md", CLEAN.replace("negotiate-first-salary", "first-salary-talk"))
    result = lint("--format", "json", "--select", "TI002", ".")
    [first, second] = findings(result)
    assert (first["path"], second["path"]) == ("a.md", "b.md")
    assert [r["path"] for r in first["related"]] == ["b.md"]
    assert {"path", "line", "column", "message"} <= set(first["related"][0])


# --------------------------------------------------------------------------- paths


def test_stdin_with_stdin_filename(project: Path, lint: Lint) -> None:
    result = lint("--format", "json", "--stdin-filename", "posts/nurse.md", "-", input=FLAWED)
    assert result.exit_code == 1
    assert codes(result) == [("posts/nurse.md", "FM001", 1)]
    text = lint("--stdin-filename", "posts/nurse.md", "-", input=FLAWED)
    assert "   1 | Night nurses earn" in text.stdout  # the excerpt comes from stdin
    assert lint("-", input=CLEAN).exit_code == 0


def test_stdin_uses_the_config_of_the_stdin_filename(project: Path, lint: Lint) -> None:
    _write(project, "posts/.artlint.yaml", "ignore: [FM001]\n")
    assert lint("--stdin-filename", "posts/nurse.md", "-", input=FLAWED).exit_code == 0
    assert lint("--stdin-filename", "other/nurse.md", "-", input=FLAWED).exit_code == 1


def test_stdin_loads_the_plugins_of_the_stdin_filenames_config(house: Path, lint: Lint) -> None:
    (house / ".artlint.yaml").rename(house / "posts.yaml")
    _write(house, "posts/.artlint.yaml", "house-rules: [../house.yaml]\n")
    result = lint("--format", "json", "--stdin-filename", "posts/ad.md", "-", input=JARGON)
    assert [c for _, c, _ in codes(result)] == ["HS001", "HS002", "HS001"]


def test_stdin_without_a_name(project: Path, lint: Lint) -> None:
    result = lint("--format", "json", "-", input=FLAWED)
    assert codes(result) == [("<stdin>", "FM001", 1)]


def test_globs_and_directories(project: Path, lint: Lint) -> None:
    _write(project, "posts/a.md", FLAWED)
    _write(project, "posts/deep/b.md", FLAWED)
    _write(project, "posts/c.txt", FLAWED)
    _write(project, "posts/skip.html", FLAWED)
    _write(project, "drafts/d.md", FLAWED)
    by_dir = lint("--format", "json", "posts")
    assert sorted(p for p, _, _ in codes(by_dir)) == [
        "posts/a.md",
        "posts/c.txt",
        "posts/deep/b.md",
    ]
    by_glob = lint("--format", "json", "posts/**/*.md")
    assert sorted(p for p, _, _ in codes(by_glob)) == ["posts/a.md", "posts/deep/b.md"]
    default = lint("--format", "json")  # no path: the working folder
    assert {p for p, _, _ in codes(default)} == {
        "posts/a.md",
        "posts/c.txt",
        "posts/deep/b.md",
        "drafts/d.md",
    }


def test_a_glob_that_matches_nothing_is_an_error(project: Path, lint: Lint) -> None:
    result = lint("posts/*.md")
    assert result.exit_code == 2
    assert "posts/*.md: no files match this pattern" in result.stderr


def test_a_file_named_explicitly_is_linted_whatever_its_extension(
    project: Path, lint: Lint
) -> None:
    _write(project, "export.article", FLAWED)
    assert codes(lint("--format", "json", "export.article")) == [("export.article", "FM001", 1)]


# --------------------------------------------------------------------------- subcommands


def test_version(lint: Lint) -> None:
    result = lint("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"artlint, version {__version__}"


def test_rules_lists_every_rule_in_a_table(lint: Lint) -> None:
    from artlint import registry

    result = lint("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "FAMILY", "SEVERITY", "FIX", "SUMMARY"]
    listed = {line.split()[0]: line for line in lines[1:]}
    for code, rule in registry.load().rules.items():
        row = listed.pop(code)
        assert rule.name in row
        assert rule.severity.value in row
        assert rule.summary in row
        assert (" yes " if rule.fixable else " no ") in row
    assert listed == {}  # artlint's own AL codes are registered rules too
    assert [line.split()[0] for line in lines[-9:]] == [f"AL00{n}" for n in range(1, 10)]
    fm = next(line for line in lines if line.startswith("FM001"))
    assert fm.split()[:5] == ["FM001", "missing-front-matter", "front", "matter", "error"]


def test_rules_as_json(lint: Lint) -> None:
    result = lint("rules", "--format", "json")
    rows = json.loads(result.stdout)
    row = next(r for r in rows if r["code"] == "FM001")
    assert row == {
        "code": "FM001",
        "name": "missing-front-matter",
        "family": "front matter",
        "severity": "error",
        "fixable": True,
        "summary": row["summary"],
        "default": True,
    }


@pytest.mark.parametrize("rule", ["HD001", "heading-case", "hd001"])
def test_explain_prints_the_page_by_code_or_name(lint: Lint, rule: str) -> None:
    result = lint("explain", rule)
    assert result.exit_code == 0
    assert result.stdout.startswith("# HD001 heading-case") or (
        "HD001" in result.stdout and "heading-case" in result.stdout
    )


def test_explain_prints_the_catalogue_page_when_there_is_one(lint: Lint) -> None:
    from artlint import pages

    page = pages.page_path("HD002", "odd-word-case")
    if page is None:
        pytest.skip("rules/HD002-odd-word-case.md is not written yet")
    assert lint("explain", "odd-word-case").stdout == page.read_text(encoding="utf-8")


def test_explain_an_unknown_rule_exits_2(lint: Lint) -> None:
    result = lint("explain", "XX999")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "artlint: error: unknown rule 'XX999'; `artlint rules` lists them"
    )


# --------------------------------------------------------------------------- bad input


def test_binary_file_is_one_finding_and_the_run_goes_on(project: Path, lint: Lint) -> None:
    _write(project, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _write(project, "flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    assert codes(result) == [("flawed.md", "FM001", 1), ("image.md", "AL002", 1)]
    binary = findings(result)[1]
    assert "binary" in binary["message"] and "byte offset 8" in binary["message"]
    _no_traceback(result.stdout, result.stderr)


def test_invalid_utf8_names_the_byte_offset(project: Path, lint: Lint) -> None:
    data = CLEAN.encode("utf-8").replace(b"rarely", b"rar\xe9ly")  # Latin-1 e-acute
    _write(project, "latin1.md", data)
    _write(project, "clean.md", CLEAN)
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"], finding["severity"]) == (
        "latin1.md",
        "AL002",
        "error",
    )
    offset = data.index(b"\xe9")
    assert f"byte offset {offset}" in finding["message"]
    assert "0xe9" in finding["message"]


def test_utf8_with_bom_and_crlf_is_fine(project: Path, lint: Lint) -> None:
    _write(project, "windows.md", b"\xef\xbb\xbf" + CLEAN.replace("\n", "\r\n").encode())
    assert codes(lint("--format", "json", "windows.md")) == []


def test_unreadable_file(project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = _write(project, "locked.md", CLEAN)
    _write(project, "flawed.md", FLAWED)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            # Root reads any file, so chmod alone cannot lock it: make the
            # operating system's refusal happen where artlint opens the file.
            real_open = os.open

            def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
                if str(file).endswith("locked.md"):
                    raise PermissionError(13, "Permission denied", str(file))
                return real_open(file, *args, **kwargs)

            monkeypatch.setattr(os, "open", refusing_open)
        result = lint("--format", "json", "--jobs", "1", ".")
        assert result.exit_code == 1
        assert codes(result) == [("flawed.md", "FM001", 1), ("locked.md", "AL001", 1)]
        assert "cannot read file" in findings(result)[1]["message"]
        _no_traceback(result.stdout, result.stderr)
    finally:
        locked.chmod(0o644)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("---\ntitle: Never Closed\nslug: never-closed\n\nThe body starts here.\n", "FM002"),
        ("---\ntitle: [Broken\nslug: broken\n---\n\nThe body starts here.\n", "FM003"),
        ('+++\ntitle = "TOML without a value\nslug = "x"\n+++\n\nBody.\n', "FM003"),
    ],
)
def test_bad_front_matter_is_one_finding_and_the_run_goes_on(
    project: Path, lint: Lint, text: str, code: str
) -> None:
    _write(project, "bad.md", text)
    _write(project, "flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    bad = [f["code"] for f in findings(result) if f["path"] == "bad.md"]
    assert [c for c in bad if c.startswith(("FM", "AL"))] == [code]
    assert ("flawed.md", "FM001", 1) in codes(result)
    _no_traceback(result.stdout, result.stderr)


def test_a_directory_that_is_not_readable_text_everywhere(project: Path, lint: Lint) -> None:
    """Every kind of bad input at once: each is reported, none stops the others."""
    _write(project, "a.md", b"\x00\x01\x02")
    _write(project, "b.md", b"\xff\xfe\xfd")
    _write(project, "c.md", "---\ntitle: x\n")
    _write(project, "d.md", CLEAN)
    result = lint("--format", "json", ".", "missing.md")
    assert result.exit_code == 2
    found = [(p, c) for p, c, _ in codes(result)]
    assert found[:2] == [("a.md", "AL002"), ("b.md", "AL002")]
    assert ("c.md", "FM002") in found
    assert "d.md" not in {p for p, _ in found}
    assert result.stderr.count("\n") == 1
    _no_traceback(result.stdout, result.stderr)


def test_a_file_that_vanishes_or_dangles_is_an_al001_finding(project: Path, lint: Lint) -> None:
    """Runs as root too (where chmod 000 does not stop reading): a dangling link."""
    (project / "gone.md").symlink_to(project / "deleted-target.md")
    _write(project, "flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    assert codes(result) == [("flawed.md", "FM001", 1), ("gone.md", "AL001", 1)]
    assert "cannot read file" in findings(result)[1]["message"]
    _no_traceback(result.stdout, result.stderr)


def test_stdin_reads_the_corpus_facts_from_the_cache(
    project: Path, lint: Lint, pinned_cache_key: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint import pool

    _write(project, ".artlint.yaml", 'corpus: ["posts/*.md"]\n')
    dup = CLEAN.replace("date: 2024-03-05", "date: 2024-04-05")
    _write(project, "posts/a.md", CLEAN)
    _write(project, "posts/b.md", dup.replace("negotiate-first-salary", "first-salary"))
    os.utime(project / "posts" / "b.md", ns=(10**18, 10**18))  # not racily new
    assert lint(".", cache=True).exit_code == 1  # fills the cache
    linted: list[str] = []
    real = pool.lint_many

    def spy(paths: Any, *args: Any, **kwargs: Any) -> Any:
        linted.extend(paths)
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(pool, "lint_many", spy)
    result = lint(
        "--format", "json", "--stdin-filename", "posts/a.md", "-", input=CLEAN, cache=True
    )
    dup_title = [f for f in findings(result) if f["code"] == "TI002"]
    assert [r["path"] for r in dup_title[0]["related"]] == ["posts/b.md"]
    assert linted == []  # b.md's facts were replayed, not linted again


# --------------------------------------------------------------------------- mistyped subcommands


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("chek", "check"), ("rule", "rules"), ("explian", "explain"), ("cehck", "check")],
)
def test_a_mistyped_subcommand_is_refused_and_nothing_is_linted(
    project: Path, lint: Lint, typed: str, meant: str
) -> None:
    _write(project, "flawed.md", FLAWED)
    result = lint(typed, ".", cache=True)
    assert result.exit_code == 2
    assert result.stderr == (
        f"artlint: error: unrecognized subcommand '{typed}'; a similar one exists: '{meant}'\n"
    )
    assert result.stdout == ""
    assert not (project / ".artlint_cache").exists()  # nothing was linted


def test_a_file_named_like_a_subcommand_is_linted(project: Path, lint: Lint) -> None:
    _write(project, "chek", FLAWED)
    result = lint("chek", cache=True)
    assert result.exit_code == 1
    assert "chek:1:1: FM001" in result.stdout


def test_a_missing_folder_unlike_any_subcommand_is_a_missing_path(
    project: Path, lint: Lint
) -> None:
    result = lint("content", cache=True)
    assert result.exit_code == 2
    assert "artlint: error: content: no such file or directory" in result.stderr
    assert "unrecognized subcommand" not in result.stderr


def test_a_missing_path_is_never_followed_by_all_clear(project: Path, lint: Lint) -> None:
    result = lint("nowhere.md")
    assert result.exit_code == 2
    assert "All clear" not in result.stderr
    assert (
        result.stderr.splitlines()[-1] == "Found 0 findings (0 files checked); 1 error, see above."
    )
