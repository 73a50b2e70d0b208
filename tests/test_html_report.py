"""The HTML site report: its structure agrees with the JSON report, its text is
escaped, and in a real browser (headless Chromium) its filters show what they say.

The structure is read with the standard library's HTML parser, which, like a
browser with scripts off, reads the batches inside `<noscript>` as markup: the
counts below are what a reader without JavaScript sees.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import FLAWED, HOUSE_CONFIG, HOUSE_YAML, JARGON, Lint

from artlint.reporters import html as html_report

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"artlint_bench_{name}", REPO / "benchmarks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Page(HTMLParser):
    """What the tests read off the page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.stats: dict[str, str] = {}
        #: (article path, rule, severity, line, new) of each finding row.
        self.rows: list[tuple[str, str, str, int, bool]] = []
        self.rule_table: dict[str, tuple[int, int]] = {}
        self.clusters: list[dict[str, Any]] = []
        self.chart: list[str] = []
        self.ids: Counter[str] = Counter()
        self.noscripts = 0
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._text: list[str] = []
        self._article = ""
        self._row: dict[str, str] | None = None
        self._cells: list[str] = []
        self._in_rule_table = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        if "id" in a:
            self.ids[a["id"]] += 1
        if tag == "noscript":
            self.noscripts += 1
        if tag == "section" and a.get("class") == "art":
            self._article = ""
            self._heading = True
        if tag == "section" and a.get("class") == "cluster":
            self.clusters.append(
                {"id": a["id"], "kind": a["data-kind"], "size": int(a["data-size"]), "rows": []}
            )
        if tag == "table" and a.get("id") == "rule-table":
            self._in_rule_table = True
        if tag == "g" and "data-rule" in a:
            self.chart.append(a["data-rule"])
        if tag == "tr":
            self._end_row()
            self._row = a
            self._cells = []
        if tag in ("td", "th") and self._row is not None:
            self._end_cell()
            self._text = []
            self._cell_open = True
        if tag in ("dd", "h3", "td", "th"):
            self._text = []
        self._stack.append((tag, a))

    def _end_cell(self) -> None:
        if getattr(self, "_cell_open", False):
            self._cells.append("".join(self._text).strip())
            self._cell_open = False

    def _end_row(self) -> None:
        self._end_cell()
        row, cells = self._row, self._cells
        self._row = None
        if row is None:
            return
        if "data-s" in row and len(cells) == 6:
            self.rows.append(
                (self._article, row["data-r"], row["data-s"], int(cells[0]), "data-n" in row)
            )
        elif self._in_rule_table and "data-r" in row:
            self.rule_table[row["data-r"]] = (
                int(cells[4].replace(",", "")),
                int(cells[5].replace(",", "")),
            )
        elif (
            self.clusters
            and len(cells) == 4
            and self._stack_has("section", "cluster")
            and not self._stack_has("thead", "")
        ):
            self.clusters[-1]["rows"].append(cells)

    def _stack_has(self, tag: str, cls: str) -> bool:
        return any(t == tag and a.get("class", "") == cls for t, a in self._stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("tbody", "table", "thead", "tfoot"):
            self._end_row()
        if tag == "table":
            self._in_rule_table = False
        if tag in ("td", "th"):
            self._end_cell()
        while self._stack:
            t, a = self._stack.pop()
            if t == "dd" and "id" in a:
                self.stats[a["id"]] = "".join(self._text).strip()
            if t == "h3" and self._stack_has("section", "art") and not self._article:
                self._article = "".join(self._text).rsplit(" (", 1)[0].strip()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def stat(self, ident: str) -> int:
        return int(self.stats[ident].replace(",", ""))


def _json_and_html(lint: Lint, out: Path, *args: str) -> tuple[list[dict[str, Any]], Page]:
    result = lint("--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    result = lint("--format", "html", "-o", str(out), *args)
    assert result.exit_code in (0, 1), result.output
    assert result.stdout == ""
    return data, Page(out.read_text(encoding="utf-8"))


def _assert_agrees(data: list[dict[str, Any]], page: Page, checked: int) -> None:
    """Every count on the page equals the JSON report's."""
    assert page.stat("n-findings") == len(data)
    assert page.stat("n-articles") == len({f["path"] for f in data})
    assert page.stat("n-checked") == checked
    for sev in ("error", "warning", "info"):
        assert page.stat(f"n-{sev}") == sum(f["severity"] == sev for f in data)
    assert Counter(page.rows) == Counter(
        (f["path"], f["code"], f["severity"], f["line"], False) for f in data
    )
    by_rule = Counter(f["code"] for f in data)
    assert page.rule_table == {
        code: (n, len({f["path"] for f in data if f["code"] == code}))
        for code, n in by_rule.items()
    }
    top = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert page.chart == [code for code, _ in top]
    grouped = {f["path"] for f in data if f["code"] in ("TI002", "TI003")}
    in_clusters = [row[1] for c in page.clusters if c["kind"] == "title" for row in c["rows"]]
    assert grouped <= set(in_clusters)
    assert len(in_clusters) == len(set(in_clusters))  # each page in one group
    sizes = [c["size"] for c in page.clusters if c["kind"] == "title"]
    assert sizes == sorted(sizes, reverse=True)
    assert all(c["size"] == len(c["rows"]) for c in page.clusters)
    assert [k for k, n in page.ids.items() if n > 1] == []


def test_the_examples_report_agrees_with_json(lint: Lint, project: Path) -> None:
    import shutil

    shutil.copytree(REPO / "examples" / "articles", project / "articles")
    data, page = _json_and_html(lint, project / "report.html", "articles")
    assert len(data) > 5
    _assert_agrees(data, page, checked=4)
    # The two dog-walking articles are one near-duplicate group, with the similarity.
    (group,) = page.clusters
    assert group["kind"] == "title" and group["size"] == 2
    assert {row[1] for row in group["rows"]} == {
        "articles/dog-walking-business.txt",
        "articles/starting-a-dog-walking-business-from-home.md",
    }
    assert all(
        row[3].startswith("95% same words apart from qualifiers: articles/")
        for row in group["rows"]
    )
    assert page.tags["script"] == 1 and page.tags["svg"] == 1


def _generated(root: Path, count: int) -> list[Path]:
    paths: list[Path] = _load("generate").generate(root, count, seed=5)
    return paths


def test_a_generated_site_agrees_with_json(lint: Lint, project: Path) -> None:
    _generated(project / "site", 120)
    data, page = _json_and_html(lint, project / "report.html", "site")
    assert len({Path(f["path"]).parent for f in data}) > 3  # several folders
    assert {"TI002", "TI003"} & {f["code"] for f in data}
    _assert_agrees(data, page, checked=120)


def test_batches_in_noscript_hold_the_same_rows(
    lint: Lint, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the first articles, batches wait inside <noscript>: a reader without
    scripts (and this parser) still gets every row, once."""
    _generated(project / "site", 60)
    monkeypatch.setattr(html_report, "FIRST", 4)
    monkeypatch.setattr(html_report, "BATCH", 7)
    data, page = _json_and_html(lint, project / "report.html", "site")
    articles = len({f["path"] for f in data})
    assert page.noscripts == -(-(articles - 4) // 7) + 1  # and the rules' sections
    _assert_agrees(data, page, checked=60)


def _hostile_site(project: Path) -> None:
    body = "\nEnough words about remote bookkeeping to make an article of it.\n"
    for name in ("one", "two"):
        (project / "posts").mkdir(exist_ok=True)
        (project / "posts" / f"{name}.md").write_text(
            f"---\ntitle: '{HOSTILE}'\ndescription: A page.\ndate: 2024-01-02\n"
            f"slug: {name}\n---\n{body}",
            encoding="utf-8",
        )


def test_a_hostile_title_is_text(lint: Lint, project: Path) -> None:
    _hostile_site(project)
    out = project / "report.html"
    result = lint("--format", "html", "-o", str(out), "posts")
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    page = Page(text)
    assert page.tags["script"] == 1  # the report's own
    assert page.tags["img"] == 0
    (group,) = page.clusters
    assert [row[0] for row in group["rows"]] == [HOSTILE, HOSTILE]


def test_baseline_shows_what_is_new_and_what_was_fixed(lint: Lint, project: Path) -> None:
    (project / "house.yaml").write_text(HOUSE_YAML, encoding="utf-8")
    (project / ".artlint.yaml").write_text(HOUSE_CONFIG, encoding="utf-8")
    (project / "jargon.md").write_text(JARGON, encoding="utf-8")
    assert lint("--write-baseline", "baseline.json", ".").exit_code == 0
    # One problem fixed (the guru), one added (a file without front matter).
    (project / "jargon.md").write_text(
        JARGON.replace("customer-care guru", "senior agent"), encoding="utf-8"
    )
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    out = project / "report.html"
    result = lint("--format", "html", "-o", str(out), "--baseline", "baseline.json", ".")
    assert result.exit_code == 1, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert page.stat("n-new") == 1 and page.stat("n-fixed") == 1
    assert [r[:2] for r in page.rows if r[4]] == [("flawed.md", "FM001")]
    assert page.stat("n-findings") == 3  # every current finding is listed, new ones marked
    assert page.ids["fixed"] == 1


def test_an_output_file_that_cannot_be_written_is_a_one_line_error(
    lint: Lint, project: Path
) -> None:
    (project / "a.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--format", "html", "-o", str(project / "missing" / "r.html"), "a.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("artlint: error: ")
    assert "r.html" in result.stderr and result.stderr.count("\n") == 1


def test_a_clean_site_still_gets_a_page(lint: Lint, project: Path) -> None:
    from conftest import CLEAN

    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    out = project / "report.html"
    assert lint("--format", "html", "-o", str(out), "a.md").exit_code == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert page.stat("n-findings") == 0 and page.stat("n-checked") == 1
    assert page.rows == []


# ------------------------------------------------------------------ the browser


@pytest.fixture(scope="module")
def chromium() -> ModuleType:
    module = _load("chromium")
    if module.executable() is None:
        if os.environ.get("ARTLINT_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (ARTLINT_REQUIRE_CHROMIUM) but not found")
        pytest.skip("chromium not installed (Debian: apt-get install chromium)")
    return module


def test_filtering_by_rule_in_chromium(
    lint: Lint, project: Path, chromium: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    _generated(project / "site", 80)
    monkeypatch.setattr(html_report, "FIRST", 5)  # so that batches are built by the script
    monkeypatch.setattr(html_report, "BATCH", 9)
    data, _ = _json_and_html(lint, project / "report.html", "site")
    rule = Counter(f["code"] for f in data).most_common(2)[1][0]
    want = [f for f in data if f["code"] == rule]
    ARTIFACTS.mkdir(exist_ok=True)
    shown = """JSON.stringify((() => {
      const rows = [...document.querySelectorAll('#article-list tr[data-r]')]
        .filter(tr => tr.offsetParent !== null);
      const arts = [...document.querySelectorAll('#article-list section.art')]
        .filter(s => s.offsetParent !== null);
      return {rules: [...new Set(rows.map(tr => tr.dataset.r))], rows: rows.length,
              articles: arts.length,
              status: document.getElementById('filter-status').textContent};
    })())"""
    with chromium.Browser() as browser:
        page = chromium.Page(browser)
        page.open((project / "report.html").as_uri())
        assert page.evaluate("document.documentElement.dataset.ready") == "1"
        # Choose the rule in the form as a user would, and read what is shown.
        page.evaluate(f"""(() => {{ const s = document.querySelector('select[name=rule]');
            s.value = {json.dumps(rule)}; s.dispatchEvent(new Event('change', {{bubbles: true}}));
            document.getElementById('findings').scrollIntoView(); }})()""")
        got = json.loads(page.evaluate(shown))
        assert got["rules"] == [rule]
        assert got["rows"] == len(want)
        assert got["articles"] == len({f["path"] for f in want})
        assert got["status"] == (
            f"Showing {len(want):,} findings in {len({f['path'] for f in want}):,} articles."
        )
        assert page.evaluate("location.hash") == f"#findings?rule={rule}"
        page.screenshot(ARTIFACTS / "html-report-filtered.png")
        # The same view from the address alone, in a fresh tab.
        again = chromium.Page(browser)
        again.open((project / "report.html").as_uri() + f"#findings?rule={rule}")
        assert json.loads(again.evaluate(shown))["rows"] == len(want)
        # Text search: an article's path finds its findings (after the typing pause).
        path = data[-1]["path"]
        again.evaluate(f"""(() => {{ const q = document.querySelector('input[name=q]');
            q.value = {json.dumps(path)}; q.dispatchEvent(new Event('input', {{bubbles: true}}));
            document.querySelector('select[name=rule]').value = '';
            }})()""")
        again.evaluate("new Promise(r => setTimeout(r, 400))")
        found = json.loads(again.evaluate(shown))
        assert found["rows"] == sum(f["path"] == path for f in data)
        assert found["articles"] == 1
        # Sorting: the article with the most findings first.
        again.evaluate("""(() => { document.querySelector('button[type=reset]').click(); })()""")
        again.evaluate("new Promise(r => setTimeout(r, 50))")
        again.evaluate("""(() => { const s = document.querySelector('select[name=sort]');
            s.value = 'count'; s.dispatchEvent(new Event('change', {bubbles: true})); })()""")
        first = again.evaluate(
            "document.querySelector('#article-list section.art h3 a').textContent"
        )
        most = Counter(f["path"] for f in data).most_common(1)[0][1]
        assert sum(f["path"] == first for f in data) == most
        # Clearing the form shows everything again.
        again.evaluate("document.querySelector('button[type=reset]').click()")
        again.evaluate("new Promise(r => setTimeout(r, 50))")
        assert json.loads(again.evaluate(shown))["rows"] == len(data)
    assert (ARTIFACTS / "html-report-filtered.png").stat().st_size > 1000


def test_without_javascript_everything_is_shown(
    lint: Lint, project: Path, chromium: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    _generated(project / "site", 40)
    monkeypatch.setattr(html_report, "FIRST", 3)
    monkeypatch.setattr(html_report, "BATCH", 5)
    data, _ = _json_and_html(lint, project / "report.html", "site")
    with chromium.Browser() as browser:
        page = chromium.Page(browser)
        page.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.open((project / "report.html").as_uri())
        counts = page.evaluate("""JSON.stringify({
            rows: document.querySelectorAll('#article-list tr[data-r]').length,
            form: document.getElementById('filters').offsetParent === null})""")
    assert json.loads(counts) == {"rows": len(data), "form": True}


def test_a_hostile_title_shows_as_text_in_chromium(
    lint: Lint, project: Path, chromium: ModuleType
) -> None:
    _hostile_site(project)
    out = project / "report.html"
    lint("--format", "html", "-o", str(out), "posts")
    with chromium.Browser() as browser:
        page = chromium.Page(browser)
        page.open(out.as_uri())
        cells = page.evaluate("""JSON.stringify([...document.querySelectorAll(
            'section.cluster tbody tr td:first-child')].map(td => td.textContent))""")
        images = page.evaluate("document.images.length")
        scripts = page.evaluate("document.scripts.length")
        dialogs = browser.events("Page.javascriptDialogOpening")
    assert json.loads(cells) == [HOSTILE, HOSTILE]
    assert (images, scripts, dialogs) == (0, 1, [])


# ------------------------------------------------------------------ the groups


def _title_finding(code: str, path: str, title: str, others: list[tuple[str, str]]) -> Any:
    from artlint.model import Finding, Location, Related, Severity

    def loc(p: str) -> Location:
        return Location(p, 2, 8, 2, 8 + len(title))

    return Finding(
        code,
        "x",
        Severity.WARNING,
        "m",
        loc(path),
        tuple(Related(loc(p), note) for p, note in others),
        text=title,
    )


def test_exact_and_near_duplicates_join_into_one_group_largest_first() -> None:
    from artlint.reporters.clusters import slug_clusters, title_clusters

    findings = [
        _title_finding("TI002", "a.md", "Night Shifts", [("b.md", "'Night Shifts'")]),
        _title_finding("TI002", "b.md", "Night Shifts", [("a.md", "'Night Shifts'")]),
        # c.md's own finding was suppressed: its title comes from the related note.
        _title_finding(
            "TI003",
            "b.md",
            "Night Shifts",
            [("c.md", "'Night Shifts (Remote)' (91% similar: same words)")],
        ),
        _title_finding(
            "TI003", "x.md", "Pay Talks", [("y.md", "'Pay (Talks)' (88% similar: same main title)")]
        ),
    ]
    first, second = title_clusters(findings)
    assert [m.location.path for m in first.members] == ["a.md", "b.md", "c.md"]
    assert [m.text for m in first.members] == [
        "Night Shifts",
        "Night Shifts",
        "Night Shifts (Remote)",
    ]
    assert [m.closest for m in first.members] == [
        (1.0, "b.md", "same title"),
        (1.0, "a.md", "same title"),
        (0.91, "b.md", "same words"),
    ]
    assert [m.text for m in second.members] == ["Pay Talks", "Pay (Talks)"]
    assert slug_clusters(findings) == []
