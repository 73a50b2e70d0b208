"""Work that grew with the square of an article's size, now close to linear.

The checks count what was done (pairs compared, related places listed) where
they can, and otherwise allow a wall-clock time many times what the work takes
now: the old code took minutes on each of these inputs.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Lint, findings

from artlint import readers, registry
from artlint.language import casing, polarity
from artlint.model import RELATED_LIMIT
from artlint.rules import proscons
from artlint.rules.proscons import ProConContradiction, SameItemBothSides
from artlint.suppress import build

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPO = Path(__file__).resolve().parents[1]


def _lists(n: int) -> str:
    """An article whose pros and cons each have `n` unrelated items, and one real
    contradiction and one item on both sides in the middle."""
    pros = [f"- Perk{k} quality{k}: explained by widget{k} here." for k in range(n)]
    cons = [f"- Snag{k} trouble{k}: explained by gadget{k} there." for k in range(n)]
    pros.insert(n // 2, "- Career Advancement: you move up quickly.")
    cons.insert(n // 3, "- Limited Career Advancement: few roles above you.")
    pros.insert(n // 4, "- Paid Training: the first month is paid.")
    cons.insert(n // 5, "- Paid Training: it takes up weekends.")
    return (
        "---\ntitle: Long Lists\n---\n# Long Lists\n\n## Pros\n\n"
        + "\n".join(pros)
        + "\n\n## Cons\n\n"
        + "\n".join(cons)
        + "\n"
    )


def test_pros_and_cons_pairing_follows_shared_words_not_every_pair() -> None:
    n = 2000
    article = readers.parse("long.md", _lists(n))
    options = ProConContradiction.defaults()
    pairs = proscons._pairs(article, options)
    assert len(pairs) < 20 * n  # every pair would be (n + 2) ** 2, four million
    pc001 = [f.message for f in ProConContradiction().check(article, options)]
    pc002 = [f.message for f in SameItemBothSides().check(article, options)]
    assert pc001 == [
        "con 'Limited Career Advancement' contradicts pro 'Career Advancement'; "
        "keep one, or say how both hold"
    ]
    assert len(pc002) == 1 and "'Paid Training'" in pc002[0]


def _articles() -> list[tuple[str, str]]:
    """Every article the project and the shared material hold that has pros and cons."""
    folders = [
        REPO / "examples",
        REPO / "rules",
        SHARED / "eval",
        SHARED / "seeds",
        SHARED / "corpus",
    ]
    out = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".txt") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if "pro" in text.lower() or "benefit" in text.lower():
                out.append((str(path), text))
    return out[:1500]


def _every_pair(text: str, pros: Any, cons: Any, lex: polarity.Polarity) -> Any:
    for p in pros:
        for c in cons:
            yield p, c, polarity.meaning(p.label, lex), polarity.meaning(c.label, lex)


def test_pairing_finds_what_comparing_every_pair_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keys must cover every way PC001 and PC002 can flag a pair: a change to
    `contradicts`, `same_item` or `_denied` that the keys miss fails here."""
    articles = _articles()
    if len(articles) < 20:
        pytest.skip("needs the examples, rule pages and ../shared articles")
    rules = [ProConContradiction(), SameItemBothSides()]
    options = ProConContradiction.defaults()

    def found() -> list[tuple[str, str, int, int, str]]:
        proscons._LAST = None
        out = []
        for path, text in articles:
            article = readers.parse(path, text)
            for rule in rules:
                out += [
                    (path, f.code, f.location.line, f.location.column, f.message)
                    for f in rule.check(article, options)
                ]
        return out

    fast = found()
    monkeypatch.setattr(proscons, "_candidates", _every_pair)
    slow = found()
    assert fast == slow
    assert len(fast) >= 5  # the comparison saw some findings


def test_heading_case_reads_one_huge_list_item_in_linear_time() -> None:
    uses = []
    for words in ("Word " * 200_000, " ".join(f"Name{k} Other{k}" for k in range(60_000))):
        text = f"# One Item\n\n- {words}\n\nSome name7 other7 in lower case.\n"
        start = time.monotonic()
        uses.append(casing._usage(text, ((0, 10),), 0))
        assert time.monotonic() - start < 60  # minutes before: one text search per phrase
    assert "Word Word" in uses[0].phrases
    assert "Name7 Other7" not in uses[1].phrases  # written in lower case too
    assert "Name8 Other8" in uses[1].phrases


def test_a_digit_before_a_capital_on_a_long_line_is_read_once() -> None:
    line = " ".join(f"{k} Pay" for k in range(100_000))
    text = f"# Pay\n\nIntro.\n\n1. {line}\n"
    start = time.monotonic()
    casing._usage(text, ((0, 5),), 0)
    assert time.monotonic() - start < 60


def test_twenty_thousand_next_line_directives_are_looked_up_by_bisection() -> None:
    lines = ["# Many", ""]
    for k in range(20_000):
        lines += ["<!-- artlint-disable-next-line HD001 -->", f"## heading number {k}"]
    article = readers.parse("many.md", "\n".join(lines) + "\n")
    sup, unknown = build(article, registry.load())
    assert not unknown and len(sup.ranges) == 20_000
    assert sup.indexed == 20_000 and len(sup.by_code["HD001"][0]) == 20_000
    start = time.monotonic()
    hits = sum(sup.suppressed("HD001", line) for line in range(1, 40_003))
    assert time.monotonic() - start < 30  # 800 million range checks before
    assert hits == 20_000
    assert not sup.suppressed("HD002", 4) and sup.suppressed("HD001", 4)
    assert not sup.suppressed("HD001", 3)


def test_nested_disable_ranges_still_answer_per_code() -> None:
    text = (
        "# T\n<!-- artlint-disable HD -->\na\n<!-- artlint-disable-next-line TI001 -->\n"
        "b\n<!-- artlint-enable HD001 -->\nc\n<!-- artlint-enable -->\nd\n"
    )
    sup, _ = build(readers.parse("t.md", text), registry.load())
    assert [sup.suppressed("HD001", n) for n in (2, 3, 6, 7, 9)] == [True] * 3 + [False] * 2
    assert [sup.suppressed("HD002", n) for n in (6, 7, 8, 9)] == [True, True, True, False]
    assert [sup.suppressed("TI001", n) for n in (4, 5, 6)] == [False, True, False]


def _copies(project: Path, n: int, slug: bool = False) -> None:
    for k in range(n):
        extra = "slug: one-slug\n" if slug else ""
        (project / f"a{k:04}.md").write_text(
            f"---\ntitle: The Same Title Everywhere\ndescription: Copy {k}.\n"
            f"date: 2024-01-01\n{extra}---\n\nText number {k}.\n",
            encoding="utf-8",
        )


def _related_counts(fmt: str, out: str, code: str) -> list[int]:
    if fmt == "json":
        return [len(f["related"]) for f in json.loads(out) if f["code"] == code]
    if fmt == "sarif":
        return [
            len(r.get("relatedLocations", []))
            for r in json.loads(out)["runs"][0]["results"]
            if r["ruleId"] == code
        ]
    counts = []  # text: the "     = place: note" lines under each finding
    for line in out.splitlines():
        if f" {code} " in line and not line.startswith(" "):
            counts.append(0)
        elif line.startswith("     = "):
            counts[-1] += 1
    return counts


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
@pytest.mark.parametrize(("code", "slug"), [("TI002", False), ("TI004", True)])
def test_many_copies_list_ten_others_and_how_many_more(
    project: Path, lint: Lint, fmt: str, code: str, slug: bool
) -> None:
    n = 120
    _copies(project, n, slug)
    result = lint("--format", fmt, "--select", code, ".")
    assert result.exit_code == 1
    counts = _related_counts(fmt, result.stdout, code)
    assert counts == [RELATED_LIMIT + 1] * n
    if fmt == "json":
        first = findings(result)[0]
        assert first["related"][-1]["message"] == f"and {n - 1 - RELATED_LIMIT} more like these"
        assert f"and {n - 4} more" in first["message"]
    assert len(result.stdout) < n * 12_000  # linear: it was every copy in every finding


def test_a_plugin_s_long_related_list_is_capped_the_same_way(project: Path, lint: Lint) -> None:
    (project / "lint").mkdir()
    (project / "lint" / "plug.py").write_text(
        """
from artlint.model import Related
from artlint.rule import Rule


class Wordy(Rule):
    code = "LX001"
    name = "wordy"
    summary = "Relates everything"

    def check(self, article, options):
        here = article.location(0, 1)
        yield self.finding(here, "many", related=[Related(here, f"r{k}") for k in range(500)])
""",
        encoding="utf-8",
    )
    (project / ".artlint.yaml").write_text("plugins: [lint/plug.py]\n", encoding="utf-8")
    (project / "a.md").write_text("---\ntitle: A\n---\nText.\n", encoding="utf-8")
    [f] = [f for f in findings(lint("--format", "json", "a.md")) if f["code"] == "LX001"]
    assert [r["message"] for r in f["related"]] == [f"r{k}" for k in range(10)] + [
        "and 490 more like these"
    ]
