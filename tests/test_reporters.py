"""The machine-readable formats: SARIF, GitHub annotations, GitLab Code Quality, JUnit.

Findings are built by hand so each test pins exactly what a CI system would see;
one end-to-end test checks that the formats agree on a real run of the CLI.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from artlint.cli import main
from artlint.model import Finding, Location, Related, Severity
from artlint.reporters import ReportContext, render

#: A message with every character the formats must escape, and one outside ASCII.
TRICKY = "Title: 100% café, not tea\nsee the summary"

TITLE_LOC = Location("guides/nurse.md", 1, 3, 1, 20)


def _findings() -> list[Finding]:
    return [
        Finding(
            "TI001",
            "title-repeated",
            Severity.WARNING,
            "the title is repeated here",
            Location("guides/nurse.md", 7, 1, 7, 18),
            related=(Related(TITLE_LOC, "the title"),),
            text="Nursing in winter",
        ),
        Finding(
            "FM001",
            "missing-front-matter",
            Severity.ERROR,
            TRICKY,
            Location("guides/a,b.md", 1, 1, 1, 12),
        ),
        Finding(
            "HD001",
            "heading-case",
            Severity.INFO,
            "write 'Night shifts'",
            Location("guides/nurse.md", 4, 5, 5, 2),
            text="Night Shifts",
        ),
        # The same flaw again further down: it must stay a separate alert.
        Finding(
            "TI001",
            "title-repeated",
            Severity.WARNING,
            "the title is repeated here",
            Location("guides/nurse.md", 12, 1, 12, 18),
            related=(Related(TITLE_LOC, "the title"),),
            text="Nursing in winter",
        ),
    ]


def _ctx() -> ReportContext:
    return ReportContext(
        files=["guides/clean.md", "guides/nurse.md"],
        rules={
            "TI001": ("title-repeated", "The article's title is repeated inside it", "warning"),
            "FM001": ("missing-front-matter", "The article has no front matter", "error"),
            # HD001 is left out: its descriptor must come from the finding itself.
        },
        version="9.9.9",
    )


# -- SARIF -------------------------------------------------------------------------

_REGION_KEYS = ("startLine", "startColumn", "endLine", "endColumn")


def _check_physical(loc: dict[str, Any]) -> None:
    artifact = loc["artifactLocation"]
    assert isinstance(artifact["uri"], str) and artifact["uri"]
    region = loc["region"]
    assert all(isinstance(region[k], int) and region[k] >= 1 for k in _REGION_KEYS)


def _check_sarif_structure(log: dict[str, Any]) -> None:
    """The parts of the SARIF 2.1.0 schema that consumers actually rely on, and the
    checks of Microsoft's validator in its GitHub mode (no package ships the schema
    or the validator, so they are spelled out here)."""
    assert set(log) >= {"$schema", "version", "runs"}
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert isinstance(driver["name"], str)
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert isinstance(rule["shortDescription"]["text"], str)
        # GitHub shows fullDescription in the alert list and help on the alert page.
        assert isinstance(rule["fullDescription"]["text"], str) and rule["fullDescription"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        if "helpUri" in rule:
            assert rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
    for result in run["results"]:
        assert isinstance(result["message"]["text"], str)
        assert result["level"] in ("none", "note", "warning", "error")
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1
        _check_physical(result["locations"][0]["physicalLocation"])
        related = result.get("relatedLocations", [])
        assert [r["id"] for r in related] == list(range(1, len(related) + 1))
        for r in related:
            _check_physical(r["physicalLocation"])
            assert isinstance(r["message"]["text"], str)
            # GitHub shows a related location only when the message links to it.
            assert f"]({r['id']})" in result["message"]["text"]
        fingerprints = result["partialFingerprints"]
        assert fingerprints and all(isinstance(v, str) for v in fingerprints.values())


def test_sarif_log() -> None:
    log = json.loads(render("sarif", _findings(), _ctx()))
    _check_sarif_structure(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "artlint"
    assert driver["version"] == "9.9.9"
    assert "informationUri" not in driver  # the package records no home page yet
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"FM001", "HD001", "TI001"}
    assert rules["FM001"]["defaultConfiguration"]["level"] == "error"
    assert rules["TI001"]["shortDescription"]["text"] == "The article's title is repeated inside it"
    assert rules["HD001"]["name"] == "heading-case"

    # A path's findings together, in the order given, as every report has them.
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["TI001", "HD001", "TI001", "FM001"]
    assert [r["level"] for r in results] == ["warning", "note", "warning", "error"]
    assert results[3]["message"]["text"] == TRICKY
    assert results[0]["message"]["text"] == "the title is repeated here (see [the title](1))"

    phys = results[1]["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"] == {"uri": "guides/nurse.md", "uriBaseId": "%SRCROOT%"}
    assert phys["region"] == {"startLine": 4, "startColumn": 5, "endLine": 5, "endColumn": 2}

    related = results[0]["relatedLocations"]
    assert len(related) == 1
    assert related[0]["id"] == 1
    assert related[0]["message"]["text"] == "the title"
    assert related[0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 3,
        "endLine": 1,
        "endColumn": 20,
    }
    assert "relatedLocations" not in results[3]

    prints = [json.dumps(r["partialFingerprints"], sort_keys=True) for r in results]
    assert len(set(prints)) == len(prints)


def test_sarif_rules_carry_their_page_and_links(monkeypatch: pytest.MonkeyPatch) -> None:
    from artlint.reporters import sarif

    monkeypatch.setattr(
        sarif,
        "project_urls",
        lambda: {"Homepage": "https://example.org/artlint", "Rules": "https://example.org/rules/"},
    )
    log = json.loads(render("sarif", _findings(), _ctx()))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/artlint"
    rules = {r["id"]: r for r in driver["rules"]}
    ti = rules["TI001"]
    assert ti["helpUri"] == "https://example.org/rules/TI001-title-repeated.md"
    assert ti["help"]["markdown"].startswith("# TI001 title-repeated\n")
    assert "---" not in ti["help"]["markdown"].splitlines()[0]
    assert ti["fullDescription"]["text"] and not ti["fullDescription"]["text"].startswith("#")
    assert "\n" not in ti["fullDescription"]["text"]
    # A plugin's rule without a page still gets a description and the home page.
    assert rules["HD001"]["help"]["text"]
    _check_sarif_structure(log)


def test_sarif_message_brackets_are_escaped_and_links_are_not() -> None:
    finding = Finding(
        "PC001",
        "pro-con-contradiction",
        Severity.WARNING,
        "[sic] pro and con clash",
        Location("a.md", 9, 1, 9, 5),
        related=(Related(Location("a.md", 3, 1, 3, 5), "the [pro]"),),
    )
    result = json.loads(render("sarif", [finding], _ctx()))["runs"][0]["results"][0]
    assert result["message"]["text"] == r"\[sic\] pro and con clash (see [the \[pro\]](1))"


def test_sarif_and_gitlab_paths_are_relative_to_the_root_when_given_absolute(
    tmp_path: Path,
) -> None:
    inside = Finding(
        "FM001",
        "missing-front-matter",
        Severity.ERROR,
        "no front matter",
        Location(str(tmp_path / "posts" / "a b.md"), 1, 1, 1, 2),
    )
    outside = Finding(
        "FM001",
        "missing-front-matter",
        Severity.ERROR,
        "no front matter",
        Location("/elsewhere/c.md", 1, 1, 1, 2),
    )
    ctx = ReportContext(root=str(tmp_path), version="1")
    log = json.loads(render("sarif", [inside, outside], ctx))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert uris == [
        {"uri": "posts/a%20b.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "file:///elsewhere/c.md"},
    ]
    issues = json.loads(render("gitlab", [inside, outside], ctx))
    assert [i["location"]["path"] for i in issues] == ["posts/a b.md", "/elsewhere/c.md"]


def test_sarif_fingerprint_survives_a_line_shift() -> None:
    moved = [
        Finding(
            f.code,
            f.name,
            f.severity,
            f.message,
            Location(
                f.location.path,
                f.location.line + 3,
                f.location.column,
                f.location.end_line + 3,
                f.location.end_column,
            ),
            f.related,
            f.fix,
            f.text,
        )
        for f in _findings()
    ]

    def prints(findings: list[Finding]) -> list[Any]:
        log = json.loads(render("sarif", findings, _ctx()))
        return [r["partialFingerprints"] for r in log["runs"][0]["results"]]

    assert prints(moved) == prints(_findings())


def test_sarif_with_no_findings_is_still_a_valid_log() -> None:
    log = json.loads(render("sarif", [], ReportContext(version="1.0")))
    _check_sarif_structure(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


# -- GitHub ------------------------------------------------------------------------


def test_github_annotations() -> None:
    out = render("github", _findings(), _ctx())
    # A path's findings together, in the order given, as every report has them.
    assert out.splitlines() == [
        "::warning file=guides/nurse.md,line=7,col=1,endLine=7,endColumn=18,"
        "title=TI001 title-repeated::the title is repeated here"
        "%0Aguides/nurse.md:1:3: the title",
        # A span over two lines: GitHub would misplace the columns, so none are given.
        "::notice file=guides/nurse.md,line=4,endLine=5,"
        "title=HD001 heading-case::write 'Night shifts'",
        "::warning file=guides/nurse.md,line=12,col=1,endLine=12,endColumn=18,"
        "title=TI001 title-repeated::the title is repeated here"
        "%0Aguides/nurse.md:1:3: the title",
        "::error file=guides/a%2Cb.md,line=1,col=1,endLine=1,endColumn=12,"
        "title=FM001 missing-front-matter::Title: 100%25 café, not tea%0Asee the summary",
    ]
    assert out.endswith("\n")


def test_github_escapes_colons_and_commas_only_in_properties() -> None:
    f = Finding("X1", "odd:name,here", Severity.ERROR, "a:b,c%\r\n", Location("a:b.md", 1, 1, 1, 2))
    line = render("github", [f], ReportContext())
    assert line == (
        "::error file=a%3Ab.md,line=1,col=1,endLine=1,endColumn=2,"
        "title=X1 odd%3Aname%2Chere::a:b,c%25%0D%0A\n"
    )


def test_github_with_no_findings_is_empty() -> None:
    assert render("github", [], ReportContext()) == ""


# -- GitLab ------------------------------------------------------------------------


def test_gitlab_code_quality() -> None:
    issues = json.loads(render("gitlab", _findings(), _ctx()))
    assert len(issues) == 4
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == 4
    assert all(re.fullmatch(r"[0-9a-f]{32,64}", fp) for fp in fingerprints)
    # A path's findings together, in the order given, as every report has them.
    assert [i["severity"] for i in issues] == ["minor", "info", "minor", "major"]
    assert [i["check_name"] for i in issues] == ["TI001", "HD001", "TI001", "FM001"]
    assert issues[3]["description"] == f"FM001 {TRICKY}"
    assert issues[3]["location"] == {"path": "guides/a,b.md", "lines": {"begin": 1, "end": 1}}
    assert issues[1]["location"]["lines"] == {"begin": 4, "end": 5}
    assert issues[2]["location"]["lines"] == {"begin": 12, "end": 12}
    for issue in issues:
        assert issue["type"] == "issue"
        assert issue["categories"] == ["Style"]


def test_gitlab_fingerprints_are_stable_between_runs() -> None:
    first = json.loads(render("gitlab", _findings(), _ctx()))
    again = json.loads(render("gitlab", list(reversed(_findings())), _ctx()))
    assert {i["fingerprint"] for i in first} == {i["fingerprint"] for i in again}


# -- JUnit -------------------------------------------------------------------------


def test_junit_xml() -> None:
    out = render("junit", _findings(), _ctx())
    root = ET.fromstring(out.encode("utf-8"))
    suites = list(root.iter("testsuite"))
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "artlint"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    # Both linted files, plus the one that only appears in a finding.
    assert list(cases) == ["guides/clean.md", "guides/nurse.md", "guides/a,b.md"]
    assert all(c.get("classname") == "artlint" for c in cases.values())
    assert suite.get("tests") == "3"
    assert suite.get("failures") == "2"
    assert cases["guides/clean.md"].findall("failure") == []
    assert [f.get("type") for f in cases["guides/nurse.md"].findall("failure")] == [
        "TI001",
        "HD001",
        "TI001",
    ]

    (failure,) = cases["guides/a,b.md"].findall("failure")
    assert failure.get("message") == f"FM001 {TRICKY}"
    assert failure.text == f"guides/a,b.md:1:1: FM001 [missing-front-matter] {TRICKY}"
    first = cases["guides/nurse.md"].findall("failure")[0]
    assert first.text is not None
    assert first.text.splitlines() == [
        "guides/nurse.md:7:1: TI001 [title-repeated] the title is repeated here",
        "    guides/nurse.md:1:3: the title",
    ]


def test_junit_survives_control_characters() -> None:
    f = Finding("X1", "x", Severity.ERROR, "bell\x07 here", Location("a.md", 1, 1, 1, 2))
    root = ET.fromstring(render("junit", [f], ReportContext(files=["a.md"])))
    (failure,) = root.iter("failure")
    assert failure.get("message") == "X1 bell\ufffd here"


def test_junit_with_only_clean_files() -> None:
    root = ET.fromstring(render("junit", [], ReportContext(files=["a.md", "b.md"])))
    (suite,) = root.iter("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "0")
    assert [c.get("name") for c in suite.iter("testcase")] == ["a.md", "b.md"]


# -- Through the CLI ---------------------------------------------------------------

#: A plain-text export with flaws of its own: no front matter, the title said twice.
ARTICLE = """\
Working as a Beekeeper

Beekeepers tend hives, harvest honey and keep colonies healthy through the year.

Working as a Beekeeper

Pros:

1. Time outdoors
Most of the work happens in fields and orchards.

Cons:

1. Stings
Even careful keepers get stung now and then.
"""


def _locations_sarif(out: str) -> set[tuple[str, int, int]]:
    results = json.loads(out)["runs"][0]["results"]
    return {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    }


def _locations_github(out: str) -> set[tuple[str, int, int]]:
    found = set()
    for line in out.splitlines():
        m = re.match(r"::(?:error|warning|notice) (?P<props>[^:]*)::", line)
        assert m, line
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        found.add((props["title"].split()[0], int(props["line"]), int(props["col"])))
    return found


def _locations_json(out: str) -> set[tuple[str, int, int]]:
    return {(f["code"], f["line"], f["column"]) for f in json.loads(out)}


def test_formats_agree_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "beekeeper.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    seen = {}
    for fmt, parse in (
        ("sarif", _locations_sarif),
        ("github", _locations_github),
        ("json", _locations_json),
    ):
        result = runner.invoke(main, ["--no-cache", "-j", "1", "--format", fmt, "."])
        assert result.exit_code == 1, (fmt, result.output)
        seen[fmt] = parse(result.stdout)
    assert seen["sarif"] == seen["github"] == seen["json"]
    codes = {code for code, _, _ in seen["json"]}
    assert {"FM001", "TI001"} <= codes
    assert ("TI001", 5, 1) in seen["json"]
    assert not (tmp_path / ".artlint_cache").exists()
