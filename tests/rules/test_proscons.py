"""PC rules: lists found in every form, contradictions and same items, exact positions.

Articles are written for these tests; each asserts the exact set of (line, column)
findings, so a new false alarm fails as surely as a miss.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from artlint import readers
from artlint.cli import main
from artlint.language import polarity
from artlint.language.words import normalise, stem
from artlint.rules.proscons import ProConContradiction, SameItemBothSides, sides


def _found(
    path: str, text: str, options: dict[str, object] | None = None
) -> dict[str, set[tuple[int, int]]]:
    article = readers.parse(path, text)
    out: dict[str, set[tuple[int, int]]] = {"PC001": set(), "PC002": set()}
    for rule in (ProConContradiction(), SameItemBothSides()):
        opts = {**rule.defaults(), **(options or {})}
        for f in rule.check(article, opts):
            out[f.code].add((f.location.line, f.location.column))
    return out


def _pc001(path: str, text: str) -> set[tuple[int, int]]:
    return _found(path, text)["PC001"]


# --------------------------------------------------------------------------- the forms


def test_plain_export_numbered_items() -> None:
    text = (
        "Driving a Tow Truck\n\nPros:\n\n1. Overtime Opportunities\nCalls come at night.\n\n"
        "2. Varied Days\nNo two alike.\n\nCons:\n\n1. Limited Overtime\nHours are capped.\n"
    )
    assert _found("a.txt", text) == {"PC001": {(13, 4)}, "PC002": set()}


def test_plain_export_colon_lines_without_blank_lines() -> None:
    text = (
        "Working a Call Desk\n\nPros:\n\nFlexible Hours: pick shifts.\n"
        "Career Growth: promotions are common.\n\nCons:\n\nRigid Hours: shifts are fixed.\n"
        "Slow Career Growth: few promotions.\n"
    )
    assert _pc001("a.txt", text) == {(10, 1), (11, 1)}


def test_atx_item_headings_under_advantages() -> None:
    text = (
        "# Driving a Van\n\n## Advantages\n\n### Steady Hours\nYou know your shift.\n\n"
        "### Paid Training\nThe firm pays.\n\n## Disadvantages\n\n### Unsteady Hours\n"
        "Routes change.\n\n### Long Training Period\nSix weeks.\n"
    )
    assert _pc001("a.md", text) == {(13, 5)}


def test_bold_paragraph_labels_and_bold_bullets() -> None:
    text = (
        "# Barista Work\n\n**Pros:**\n\n- **Tips:** customers tip well.\n"
        "- **Regulars:** you meet people.\n\n**Cons:**\n\n- **Few Tips:** most pay by card.\n"
    )
    assert _pc001("a.md", text) == {(10, 5)}


def test_table_with_pros_and_cons_columns() -> None:
    text = (
        "# Remote Support\n\n| Pros | Cons |\n|------|------|\n"
        "| Flexible schedule | Rigid schedule |\n| No commute | Isolation |\n"
    )
    assert _pc001("a.md", text) == {(5, 23)}


def test_numbered_markdown_items_with_dashes() -> None:
    text = (
        "# Dog Walking\n\n## Benefits\n\n1. Outdoor work - all day outside.\n"
        "2. Predictable income - clients pay weekly.\n\n## Drawbacks\n\n"
        "1. Indoor paperwork - invoices pile up.\n2. Unpredictable income - clients cancel.\n"
    )
    assert _pc001("a.md", text) == {(11, 4)}


def test_sentence_bullets_under_label_lines() -> None:
    text = (
        "# Crowd Testing\n\n## Pros and Cons\n\nPros:\n\n"
        "- Crowd testing can be a cost-effective way to find bugs.\n"
        "- Crowd testing reaches many devices.\n\nCons:\n\n"
        "- Crowd testing can be expensive and time-consuming to manage.\n"
    )
    assert _pc001("a.md", text) == {(12, 3)}


def test_sides_are_found_in_headings_labels_and_tables() -> None:
    text = (
        "# X\n\n## Pros\n\n- One thing\n\n**Cons:**\n\n- Another thing\n\n"
        "| Benefits | Risks |\n|---|---|\n| a | b |\n"
    )
    found = sides(readers.parse("a.md", text), polarity.lexicon())
    assert sorted(s.side for s in found) == ["cons", "cons", "pros", "pros"]


@pytest.mark.parametrize("end", [".", "!", ":", "?", ""])
def test_bullets_named_in_bold_whatever_ends_the_name(end: str) -> None:
    text = (
        f"# Night Work\n\n## Pros\n\n* **Steady Income{end}** The pay is weekly.\n"
        f"* **Quiet Shifts{end}** Few people around.\n\n## Cons\n\n"
        f"* **Unsteady Income{end}** Overtime comes and goes.\n"
        f"* **Quiet Shifts{end}** It can feel lonely.\n"
    )
    found = _found("a.md", text)
    # Each at the name inside the bold, as for "**Name:** text" paragraphs.
    assert found == {"PC001": {(10, 5)}, "PC002": {(11, 5)}}


def test_a_bold_word_inside_a_bullet_is_not_its_name() -> None:
    text = (
        "# Night Work\n\n## Pros\n\n* The pay arrives **every Friday** without fail.\n"
        "* **Quiet Shifts.** Few people around.\n"
    )
    found = sides(readers.parse("a.md", text), polarity.lexicon())
    assert [i.label for s in found for i in s.items] == [
        "The pay arrives every Friday without fail",
        "Quiet Shifts",
    ]


# --------------------------------------------------------------------------- what contradicts


@pytest.mark.parametrize(
    ("pro", "con"),
    [
        ("Career Advancement Opportunities", "Limited Career Advancement Opportunities"),
        ("Competitive Pay", "Low Pay"),
        ("Regular Home Time", "Little Home Time"),
        ("High Team Morale", "Low Team Morale"),
        ("Flexible Hours", "Rigid Hours"),
        ("Many Entry-Level Openings", "Few Entry-Level Openings"),
        ("Stable Weekly Earnings", "Unstable Weekly Earnings"),
        ("Predictable Income", "Unpredictable Income"),
        ("The chance to earn a good salary", "Inconsistent income"),
        ("Job Security", "Lack of Job Security"),
        ("No Commute", "Long Commute"),
        ("Short Training", "Long Training"),
        ("Cost-Effective", "Expensive"),
        # Verbs of failure deny what follows "to".
        ("Plenty of Clients", "Struggle to Find Clients"),
        ("Steady Income", "Fail to Earn a Steady Income"),
    ],
)
def test_contradicting_names(pro: str, con: str) -> None:
    text = f"# Some Job\n\n## Pros\n\n- {pro}\n\n## Cons\n\n- {con}\n"
    assert _pc001("a.md", text) == {(9, 3)}


@pytest.mark.parametrize(
    ("pro", "con"),
    [
        ("Paid Training", "Long Training Period"),
        ("Flexible Hours", "Long Hours"),
        ("Health Insurance", "No Dental Insurance"),
        ("Company-Paid Licence Training", "Training Contracts That Tie You Down"),
        ("Lower Overhead Costs", "Shipping Costs"),
        ("Flexibility", "Isolation"),
        ("Flexible", "Limited"),
        # "Schedule" (when you work) and "hours" (how much) are two topics.
        ("Predictable Hours", "Rigid Schedule"),
        ("Flexible Schedule", "Long Hours"),
        # A failure word alone is a content word, not a denial.
        ("Rewarding Work", "Hard Work"),
    ],
)
def test_names_that_do_not_contradict(pro: str, con: str) -> None:
    text = f"# Some Job\n\n## Pros\n\n- {pro}\n\n## Cons\n\n- {con}\n"
    assert _found("a.md", text) == {"PC001": set(), "PC002": set()}


def test_explanation_that_denies_the_pro() -> None:
    text = (
        "# Market Stall\n\n## Pros\n\n- **Fewer Interruptions** - no manager checks on you.\n\n"
        "## Cons\n\n- **Long Days** - you will be interrupted by customers from dawn.\n"
    )
    result = ProConContradiction().check(readers.parse("a.md", text), {"lexicon": ""})
    [finding] = list(result)
    assert (finding.location.line, finding.location.column) == (9, 5)
    assert [(r.location.line, r.location.column) for r in finding.related] == [(5, 5), (9, 31)]


def test_explanation_denying_a_promise() -> None:
    text = (
        "# Selling Candles\n\n## Pros\n\n1. Passive income - sales keep coming.\n\n## Cons\n\n"
        "1. Crowded market - most sellers fail to make any income at all.\n"
    )
    assert _pc001("a.md", text) == {(9, 4)}


def test_explanation_about_a_narrower_topic_is_fine() -> None:
    text = (
        "# Real Estate Crowdfunding\n\n## Benefits\n\n"
        "1. Diversification - this reduces the risk of losing money on one building.\n\n"
        "## Risks\n\n1. Project Risk - a developer can go bust.\n\n"
        "1. Low startup costs - little money needed.\n"
    )
    assert _found("a.md", text) == {"PC001": set(), "PC002": set()}


def test_cost_praise_against_an_item_about_its_own_cost_is_fine() -> None:
    text = (
        "# Online Shop\n\n## Pros\n\n- **Cost Savings:** no shop rent.\n\n## Cons\n\n"
        "- **Shipping:** the cost of shipping can be expensive.\n"
    )
    assert _pc001("a.md", text) == set()


def test_pros_and_cons_of_different_subjects_do_not_pair() -> None:
    text = (
        "# Home or Office\n\n## Home\n\n### Pros\n\n- **Quiet** - calm.\n\n### Cons\n\n"
        "- **Lack of Teamwork** - slow.\n\n## Office\n\n### Pros\n\n- **Teamwork** - help.\n\n"
        "### Cons\n\n- **Noise** - loud.\n"
    )
    assert _found("a.md", text) == {"PC001": set(), "PC002": set()}


def test_lists_for_different_audiences_do_not_pair() -> None:
    text = (
        "# Pre-Orders\n\n## Benefits for Buyers\n\n- **Lower Prices** - pay less.\n\n"
        "## Drawbacks for Sellers\n\n- **Lower Prices** - margins shrink.\n\n"
        "## Drawbacks for Buyers\n\n- **Long Waits** - months.\n"
    )
    assert _found("a.md", text) == {"PC001": set(), "PC002": set()}


def test_one_sided_negative_items_are_fine() -> None:
    text = (
        "# Warehouse Picking\n\n## Pros\n\n- No Experience Needed\n- Low Stress\n\n"
        "## Cons\n\n- Limited Parking\n- Few Breaks\n"
    )
    assert _found("a.md", text) == {"PC001": set(), "PC002": set()}


# --------------------------------------------------------------------------- PC002


def test_same_item_both_sides() -> None:
    text = (
        "---\ntitle: Later-Life Remote Work\n---\n## Benefits\n\n### Technology\nCalls.\n\n"
        "## Challenges\n\n### Technology\nUpdates.\n"
    )
    assert _found("a.md", text) == {"PC001": set(), "PC002": {(11, 5)}}


def test_same_item_up_to_inflection_and_case() -> None:
    text = "# X\n\n## Pros\n\n- Remote Work\n\n## Cons\n\n- remote working\n"
    assert _found("a.md", text) == {"PC001": set(), "PC002": {(9, 3)}}


def test_items_sharing_a_word_are_not_the_same() -> None:
    text = "# X\n\n## Pros\n\n1. Team Events\n2. Paid Breaks\n\n## Cons\n\n1. Team Size\n"
    assert _found("a.md", text)["PC002"] == set()


# --------------------------------------------------------------------------- lexicon


def test_house_lexicon_extends_antonyms(tmp_path: Path) -> None:
    house = tmp_path / "house.yaml"
    house.write_text("antonyms:\n  - [sunny, rainy]\n", encoding="utf-8")
    text = "# Tour Guide\n\n## Pros\n\n- Sunny Routes\n\n## Cons\n\n- Rainy Routes\n"
    assert _found("a.md", text)["PC001"] == set()
    assert _found("a.md", text, {"lexicon": str(house)})["PC001"] == {(9, 3)}


def test_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(
        "Night Nurse\n\nPros:\n\n1. Higher Pay\nMore per hour.\n\n2. Quiet Wards\nFew visitors.\n\n"
        "Cons:\n\n1. Lower Pay Than Expected\nSmall premium.\n\n2. Quiet Wards\nTime drags.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--no-cache", "--format", "json", "--select", "PC", "."])
    data = json.loads(result.output)
    got = {(f["code"], f["line"], f["column"]) for f in data}
    assert got == {("PC001", 13, 4), ("PC002", 16, 4)}
    pc001 = next(f for f in data if f["code"] == "PC001")
    assert [(r["line"], r["column"]) for r in pc001["related"]] == [(5, 4)]


# --------------------------------------------------------------------------- memos

_LABELS = (
    "Career Advancement",
    "Limited Career Advancement",
    "Flexible Hours",
    "Rigid Hours",
    "Cost-Effective",
    "Expensive",
    "Crowdsourcing can be costly",
    "Instability",
    "**Paid** Training",
    "Lack of Job Security",
    "Potential for Higher Earnings",
)


def test_remembered_meanings_are_fresh_readings() -> None:
    lex = polarity.lexicon()
    for label in _LABELS:
        first = polarity.meaning(label, lex)
        assert first == polarity._meaning(label, lex)
        assert polarity.meaning(label, lex) is first


def test_full_memos_start_over(monkeypatch: pytest.MonkeyPatch) -> None:
    lex = polarity.lexicon()
    monkeypatch.setattr(polarity._Memo, "LIMIT", 3)
    lex.memo.meanings.clear()
    for label in _LABELS:
        assert polarity.meaning(label, lex) == polarity._meaning(label, lex)
        assert len(lex.memo.meanings) <= 3


def test_memos_belong_to_one_lexicon(tmp_path: Path) -> None:
    house = tmp_path / "house.yaml"
    house.write_text("antonyms:\n  - [sunny, rainy]\n", encoding="utf-8")
    plain, extended = polarity.lexicon(), polarity.lexicon(str(house))
    assert not polarity.meaning("Rainy Routes", plain).markers
    assert polarity.meaning("Rainy Routes", extended).markers
    assert dataclasses.replace(plain).memo is not plain.memo


@pytest.mark.parametrize(
    "heading",
    [
        "Pros",
        "Cons",
        "Pros and Cons",
        "Benefits for Consumers",
        "Key Drawbacks of Remote Work",
        "The Advantages",
        "Disadvantages for Businesses",
        "**Cons:**",
        "Risks",
        "Pay",
    ],
)
def test_heading_sides_and_subjects(heading: str) -> None:
    lex = polarity.lexicon()
    text = normalise(heading)
    for w in (*lex.pros_headings, *lex.cons_headings):  # the words, one at a time
        text = re.sub(rf"\b{re.escape(w)}\b", " ", text)
    expected = frozenset(
        stem(t)
        for t in text.split()
        if t not in lex.stopwords and t not in ("key", "main", "potential", "some", "common", "top")
    )
    for _ in range(2):  # read, then remembered
        assert polarity.side_subject(heading, lex) == expected
        assert polarity.side_of(heading, lex) == polarity._side_of(heading, lex)


def test_mentions_clause_by_clause() -> None:
    lex = polarity.lexicon()
    head = polarity.meaning("Income", lex).head
    assert head is not None
    text = (
        "You will not earn an income at first, but later income grows; earnings vary. "
        "No income without sales."
    )
    for _ in range(2):  # read, then remembered
        found = [
            (text[m.start : m.end], m.negated, m.narrowing)
            for m in polarity.mentions(text, head, lex)
        ]
        assert found == [
            ("earn", True, set()),
            ("income", True, set()),
            ("income", False, {"later"}),
            ("earnings", False, set()),
            ("income", True, set()),
        ]
    assert list(polarity.mentions("", head, lex)) == []


# ---------------------------------------------------------------- one reading per article


def test_both_rules_read_the_article_they_are_given() -> None:
    a = readers.parse("a.md", "# X\n\n## Pros\n\n- Remote Work\n\n## Cons\n\n- remote working\n")
    b = readers.parse("b.md", "# X\n\n## Pros\n\n- Steady Hours\n\n## Cons\n\n- Unsteady Hours\n")
    opts = {"lexicon": ""}
    for article, pc001, pc002 in ((a, 0, 1), (b, 1, 0), (a, 0, 1)):
        assert len(list(ProConContradiction().check(article, opts))) == pc001
        assert len(list(SameItemBothSides().check(article, opts))) == pc002
    b.headings = a.headings  # an article changed in place is read again
    assert len(list(SameItemBothSides().check(b, opts))) == 1


def test_text_negators_deny_where_the_whole_phrase_stands() -> None:
    # `_denies` looks a phrase up by its first word; the answer is the scan's.
    lex = polarity.lexicon()
    words = [
        "you",
        "may",
        "not",
        "be",
        "able",
        "to",
        "fail",
        "to",
        "find",
        "work",
        "without",
        "a",
        "plan",
    ]
    for i in range(len(words)):
        assert polarity._denies(words, i, lex) == any(
            tuple(words[i : i + len(p)]) == p for p in lex.text_negators
        )
    assert polarity._denies(["no"], 0, lex) and not polarity._denies(["know"], 0, lex)
    empty = dataclasses.replace(lex, text_negators=((),))  # an empty phrase matches anywhere
    assert polarity._denies(["know"], 0, empty)
