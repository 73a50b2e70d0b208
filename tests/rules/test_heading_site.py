"""HD001, HD002 and HD004 on real-world shapes: what is a heading, names and styles
learnt from the whole site, suggestions, and levels relative to the article.

Every text here is written for these tests.  Cross-file cases build each article's
fact and hand them all to the rule's corpus phase, as a run does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Lint, codes, findings
from hypothesis import given, settings
from hypothesis import strategies as st

from artlint import readers
from artlint.language import casing
from artlint.rule import CorpusRule
from artlint.rules.headings import HeadingCase, LevelJump, OddWordCase, infer_site


def _options(rule: Any, **options: Any) -> dict[str, Any]:
    opts = rule.defaults()
    opts.update(options)
    return opts


def site(rule: CorpusRule, files: dict[str, str], **options: Any) -> list[tuple[str, int, int]]:
    """(path, line, column) of the rule's findings over `files` as one site."""
    opts = _options(rule, **options)
    facts = [(p, rule.fact(readers.parse(p, t), opts)) for p, t in files.items()]
    found = rule.check_corpus([(p, f) for p, f in facts if f is not None], opts)
    return sorted((f.location.path, f.location.line, f.location.column) for f in found)


def one(rule: Any, text: str, **options: Any) -> list[tuple[int, int]]:
    return [
        (f.location.line, f.location.column)
        for f in rule.check(readers.parse("a.md", text), _options(rule, **options))
    ]


def messages(rule: Any, text: str, **options: Any) -> list[str]:
    return [f.message for f in rule.check(readers.parse("a.md", text), _options(rule, **options))]


TITLE_ARTICLE = """\
# Starting Out

Plain words about a start, a plan, a week and the offers.

## Reading the Job Market

## Writing a Strong Letter

## Preparing for the Interview

"""


# --------------------------------------------------------------------------- enumerators


def test_list_enumerators_are_not_words() -> None:
    fine = (
        TITLE_ARTICLE + "### a) Compare the Offers\n\n### (ii) Ask for Time\n\n### b. Plan Ahead\n"
    )
    assert one(HeadingCase(), fine) == []
    # The word after the enumerator is the heading's first word: lower case is wrong.
    assert one(HeadingCase(), TITLE_ARTICLE + "### a) compare the Offers\n") == [(11, 8)]


# --------------------------------------------------------------------------- what is a label


def test_bold_lead_in_sentences_and_full_stops_are_prose() -> None:
    text = (
        TITLE_ARTICLE
        + """\
**Here is what the first week looks like:**

- one
- two

**Keep every letter short.**

Text.
"""
    )
    assert one(HeadingCase(), text) == []
    # Near miss: a short bold label is still judged.
    near = (
        TITLE_ARTICLE + "**Useful Tools:** text\n\n- one\n\n**Pay and benefits:** text\n\n"
        "**Working Hours:** text\n"
    )
    assert one(HeadingCase(), near) == [(15, 11)]


def test_a_bold_line_alone_is_a_subheading_not_a_list_label() -> None:
    # Title Case headings and bold subheadings, sentence-case bullet labels: each kind
    # keeps its own style.
    text = """\
# Paying Off a Loan

## Know What You Owe

**List Every Balance**

- **Check the rate:** the rate decides the order.
- **Note the due date:** late fees add up.
- **Find the minimum:** pay it every month.

**Pick a Method That Fits**

- **Try the snowball:** smallest balance first.

## Keep Going
"""
    assert one(HeadingCase(), text) == []
    # Near miss: a bold subheading that breaks the headings' style is flagged.
    bad = text.replace("**Pick a Method That Fits**", "**Pick a method that fits**")
    assert messages(HeadingCase(), bad) == [
        "'method' breaks Title Case (3 of 4 headings use Title Case); "
        "write 'Pick a Method that Fits'"
    ]
    # A bold label with its text on the line stays a list label.
    label = text.replace("- **Try the snowball:**", "**Try The Snowball:**")
    assert len(one(HeadingCase(), label)) == 1


def test_sources_lists_links_and_sentence_bullets_are_not_labels() -> None:
    text = (
        TITLE_ARTICLE
        + """\
## Sources

- Annual wage survey, national office of statistics - 2021 edition
- **A guide to hiring:** the first chapter

## More Reading

- [a study of remote teams](https://example.org/x) - a long read
- You will need a licence - and a lot of patience.
- Other useful things about the licence: they last for ten years
"""
    )
    assert one(HeadingCase(), text) == []


def test_a_label_with_a_value_is_judged_up_to_its_value() -> None:
    text = (
        TITLE_ARTICLE
        + """\
- **Median Salary:** $48,000 per year
- **Job Growth:** 5% over ten years
- **Typical Hours:** 40 a week

## Median Pay: $48,000 per year
"""
    )
    assert one(HeadingCase(), text) == []
    bad = TITLE_ARTICLE + "## Median pay: $48,000 per year\n"
    assert one(HeadingCase(), bad) == [(11, 11)]
    # "- Welders - $48,000": a row of data, not a label.
    rows = (
        TITLE_ARTICLE + "- Licensed welders - $48,000\n- Pipe fitters - $51,000\n"
        "- Master plumbers in large firms - $60,000\n"
    )
    assert one(HeadingCase(), rows) == []


# --------------------------------------------------------------------------- near ties


def test_no_style_from_a_near_tie() -> None:
    heads = [
        "Reading the Job Market",
        "Writing a Strong Letter",
        "Preparing for the Interview",
        "Asking about pay",
        "Talking to a mentor",
        "Keeping a record",
    ]
    text = "# T\n\nWe read the market, write a letter and prepare for the interview.\n\n" + "".join(
        f"## {h}\n\nText.\n\n" for h in heads
    )
    assert one(HeadingCase(), text) == []  # 3 against 3: nobody is wrong
    # Near miss: 4 against 2 is a majority, and the two are flagged.
    text2 = text.replace("## Asking about pay", "## Asking About Pay")
    assert len(one(HeadingCase(), text2)) == 2


def test_the_sites_style_decides_for_a_short_article() -> None:
    long = "# T{n}\n\nText about reading, writing, offers and pay.\n\n" + "".join(
        f"## {h}\n\nText.\n\n"
        for h in ("Reading the Offers", "Writing the Letter", "Asking About Pay")
    )
    files = {f"a{n}.md": long.format(n=n) for n in range(5)}
    files["short.md"] = "# S\n\nWe write about offers.\n\n## Writing the offer\n\nText.\n"
    assert site(HeadingCase(), files) == [("short.md", 5, 16)]
    # Alone, the short article decides nothing.
    assert one(HeadingCase(), files["short.md"]) == []
    # A site whose articles disagree lends no style.
    split = dict(files)
    for n in (0, 1):
        split[f"a{n}.md"] = (
            long.format(n=n)
            .replace("the Offers", "the offers")
            .replace("the Letter", "the letter")
            .replace("About Pay", "about pay")
        )
    assert site(HeadingCase(), split) == []
    why = infer_site(readers.parse(p, t) for p, t in split.items())
    assert why.styles["section"] is None and "short of 80%" in why.reasons["section"]


# --------------------------------------------------------------------------- names


SENTENCE_ARTICLE = """\
# Changing careers

Every week we plan, and the week ends with a review.

## Finding your first role

## Writing a short letter

## Join Career Switch Week

"""


def test_a_name_the_site_writes_capitalised_is_a_name_in_every_article() -> None:
    other = (
        "# Events\n\nThis spring we ran Career Switch Week again, and Career Switch Week "
        "will return.\n\n## How it went\n\n## What comes next\n\n## Who came along\n"
    )
    third = "# More\n\nSee you at Career Switch Week next year.\n\n## One\n\n## Two thing\n"
    files = {"a.md": SENTENCE_ARTICLE, "b.md": other, "c.md": third}
    assert site(HeadingCase(), files) == []
    # Alone, "Week" is a common word of the article (it writes "week"): flagged.
    assert one(HeadingCase(), SENTENCE_ARTICLE) == [(9, 9)]
    # Near miss: a site that also writes the phrase in lower case has no such name.
    lowered = dict(files)
    lowered["a.md"] = SENTENCE_ARTICLE + "Our career switch week is next.\n"
    assert site(HeadingCase(), lowered) == [("a.md", 9, 9)]


def test_a_change_in_the_sites_names_reaches_the_cached_findings(lint: Lint, project: Path) -> None:
    (project / "a.md").write_text(SENTENCE_ARTICLE, encoding="utf-8")
    (project / "b.md").write_text("# B\n\nWe met at Career Switch Week.\n", encoding="utf-8")
    (project / "c.md").write_text("# C\n\nNo names here.\n", encoding="utf-8")
    first = lint("--format", "json", "--select", "HD001", ".", cache=True)
    assert codes(first) == [("a.md", "HD001", 9)]
    (project / "c.md").write_text("# C\n\nCareer Switch Week was busy.\n", encoding="utf-8")
    again = lint("--format", "json", "--select", "HD001", ".", cache=True)
    assert findings(again) == []
    (project / "c.md").write_text("# C\n\nNo names here.\n", encoding="utf-8")
    assert codes(lint("--format", "json", "--select", "HD001", ".", cache=True)) == [
        ("a.md", "HD001", 9)
    ]


def test_unknown_capitals_break_a_configured_sentence_case() -> None:
    text = "# T\n\nText.\n\n## Keeping Records Tidy\n\n## Visiting Lisbon\n\nWe met in Lisbon.\n"
    assert messages(HeadingCase(), text, style="sentence") == [
        "'Records' breaks sentence case, the configured style; write 'Keeping records tidy'"
    ]
    # Inferred, nothing says "Records" is not a name: left alone.
    assert one(HeadingCase(), text) == []


# --------------------------------------------------------------------------- capitals


def test_common_words_in_capitals_are_judged_acronyms_are_not() -> None:
    text = (
        TITLE_ARTICLE + "We do this, and we don't do that at the FAA.\n\n"
        "## The DOS and DON'TS of Asking\n\n## Working with the FAA and HR\n"
    )
    assert messages(HeadingCase(), text) == [
        "'DOS' is a common word in capitals in Title Case; write \"The Dos and Don'ts of Asking\""
    ]
    # A whole heading in capitals is a style of its own.
    assert one(HeadingCase(), TITLE_ARTICLE + "## THE DOS AND DON'TS\n") == []


def test_hd002_inner_capitals_after_a_leading_one() -> None:
    text = """\
# T

A skill, a product and a manager: all plain words here.  We use HubSpot and MySQL.

## A SkILL to Learn

## The ProDUCT Team

## Your MaNager

## Using HubSpot and MySQL Daily
"""
    assert one(OddWordCase(), text) == [(5, 6), (7, 8), (9, 9)]
    assert messages(OddWordCase(), "# T\n\nmanagers\n\n## The MaNager\n") == [
        "odd capitalisation inside 'MaNager'; write 'Manager'"
    ]
    # Near miss: a brand-shaped word that is no common word of the article.
    assert one(OddWordCase(), "# T\n\nText.\n\n## Working with DataDash\n") == []


# --------------------------------------------------------------------------- suggestions


def test_suggestions_carry_no_markup_or_entities() -> None:
    text = (
        TITLE_ARTICLE + "- **3\\. Cost\\-effective savings:** text\n\n"
        "## Tools &amp; the `grep` way\n\n## Why _Teams_ grow\n"
    )
    got = messages(HeadingCase(), text)
    marks = ("**", "\\", "&amp;", "`", "_")
    assert got and all(not any(m in msg.split("write", 1)[1] for m in marks) for msg in got), got


def test_after_a_colon_question_mark_or_dash_the_style_decides() -> None:
    text = TITLE_ARTICLE + "## Is It Worth It? yes, Most Say So\n\n## Pay: what to Expect\n"
    assert messages(HeadingCase(), text) == [
        "'yes' breaks Title Case (5 of 5 headings use Title Case); write 'Is It Worth It? "
        "Yes, Most Say So'",
        "'what' breaks Title Case (5 of 5 headings use Title Case); write 'Pay: What to Expect'",
    ]
    fine = (
        TITLE_ARTICLE + "## Is It Worth It? Yes, Most Say So\n\n"
        "## Set a Budget (and Keep It)\n\n## We Won't Be Pronounced Mr. and Mrs.\n\n"
        "## Find Your Old 401(k)s\n"
    )
    assert one(HeadingCase(), fine) == []


WORDS = (
    "pay",
    "Pay",
    "the",
    "The",
    "of",
    "Of",
    "work",
    "Work",
    "and",
    "AND",
    "DOS",
    "home",
    "Home",
    "cost-effective",
    "Cost-Effective",
    "a)",
    "2.",
    "Step",
    "is",
    "Is",
    "GITHUB",
    "iPhone",
    "HR",
    "New",
    "York",
    "to",
    "To",
    "(or",
    "it)",
    "mr.",
    "Mr.",
)
GAPS = (" ", " ", " ", ": ", "? ", " - ", ", ", ". ")


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), min_size=1, max_size=8),
    st.sampled_from((casing.SENTENCE, casing.TITLE, casing.TITLE_AP, casing.TITLE_CHICAGO)),
    st.booleans(),
)
def test_a_suggestion_relinted_under_its_style_raises_nothing(
    words: list[tuple[str, str]], style: str, strict: bool
) -> None:
    lex = casing.lexicon()
    use = casing.Usage(lower=frozenset({"pay", "work", "home", "do", "cost", "effective"}))
    raw = "".join(w + g for w, g in words).rstrip(" :?,.-")
    judged = casing.judge(raw, lex, use)
    if not judged:
        return
    strict = strict and style == casing.SENTENCE
    fixed = casing.suggest(raw, judged, style, lex, strict)
    again = casing.judge(fixed, lex, use)
    assert casing.offenders(again, style, lex, strict) == [], (raw, fixed)
    assert not again or again[0].fixed or again[0].capitalised or again[0].position != casing.LEAD


# --------------------------------------------------------------------------- HD004


def _deep(n: int) -> str:
    return (
        f"---\ntitle: Article {n}\n---\nIntro.\n\n### First part\n\n### Second part\n\n"
        "#### A detail\n"
    )


def test_levels_are_relative_to_the_articles_own_top() -> None:
    assert one(LevelJump(), "---\ntitle: T\n---\n\n## One\n\n#### Two\n") == [(7, 6)]
    # Alone, an article that starts at H3 under its title starts too deep.
    assert one(LevelJump(), _deep(0)) == [(6, 5)]
    assert messages(LevelJump(), _deep(0)) == ["heading level jumps from the title to H3; use H2"]


def test_a_site_convention_is_noted_once_per_run() -> None:
    files = {f"a{n}.md": _deep(n) for n in range(4)}
    files["b.md"] = "---\ntitle: B\n---\n\n## Two\n"
    files["c.md"] = "---\ntitle: C\n---\n\n#### Deeper than the rest\n"
    got = site(LevelJump(), files)
    assert got == [("a0.md", 6, 5), ("c.md", 5, 6)]
    opts = _options(LevelJump())
    facts = [(p, LevelJump().fact(readers.parse(p, t), opts)) for p, t in files.items()]
    notes = [f.message for f in LevelJump().check_corpus(facts, opts)]
    assert notes[0].startswith("site convention: 4 of 6 articles start at H3")
    assert notes[1] == (
        "heading level jumps from the title to H4; use H3 (where this site's articles start)"
    )
    # Configured, the convention is known: no note.
    assert site(LevelJump(), files, **{"top-level": 3}) == [("c.md", 5, 6)]
    assert infer_site(readers.parse(p, t) for p, t in files.items()).top_level == 3


# --------------------------------------------------------------------------- HD002 names


PLANNER = (
    "# Tools\n\nEvery workplace needs a plan, and a kickstart helps.\n\n"
    "## Meet the WorkPlace Planner\n\n## A pre-Kickstart Checklist\n"
)
NAMED = "# {n}\n\nWe plan each week in WorkPlace, then join Kickstart in May.\n"


def test_hd002_a_spelling_the_site_writes_as_a_name_is_one_in_every_article() -> None:
    # Alone, "WorkPlace" is the common word "workplace" with a capital inside.
    assert messages(OddWordCase(), PLANNER) == [
        "odd capitalisation inside 'WorkPlace'; write 'Workplace'",
        "compound 'pre-Kickstart' mixes lower and upper case; write 'Pre-Kickstart' or "
        "'pre-kickstart'",
    ]
    # Two other articles write it mid-sentence, never in lower case: the site's name.
    files = {
        "a.md": PLANNER.replace("a kickstart", "a head start"),
        "b.md": NAMED.format(n="B"),
        "c.md": NAMED.format(n="C"),
    }
    assert site(OddWordCase(), files) == []
    # Near misses: one article is no site; an article that also writes the word in
    # lower case has no name of it; a compound's part the article itself writes in
    # lower case ("a kickstart") is a common word there, whatever the site says.
    assert site(OddWordCase(), {"a.md": files["a.md"], "b.md": files["b.md"]}) == [
        ("a.md", 5, 13),
        ("a.md", 7, 6),
    ]
    lowered = dict(files)
    lowered["c.md"] = NAMED.format(n="C") + "Any workplace will do.\n"
    assert site(OddWordCase(), lowered) == [("a.md", 5, 13)]
    assert site(OddWordCase(), dict(files, **{"a.md": PLANNER})) == [("a.md", 7, 6)]


def test_hd002_a_held_shift_key_stands_unless_the_site_spells_it_so() -> None:
    files = {
        "a.md": "# T\n\nText.\n\n## The PLanner Guide\n",
        "b.md": NAMED.format(n="B"),
        "c.md": NAMED.format(n="C"),
    }
    assert site(OddWordCase(), files) == [("a.md", 5, 8)]
    # A product the site's prose spells so in two articles is a name.
    app = "# {n}\n\nWe open the PLanner app each morning.\n"
    files.update({"b.md": app.format(n="B"), "c.md": app.format(n="C")})
    assert site(OddWordCase(), files) == []
    # Near miss: a sentence's first word is no evidence of a name.
    opening = "# {n}\n\nPLanner opens each morning.\n"
    files.update({"b.md": opening.format(n="B"), "c.md": opening.format(n="C")})
    assert site(OddWordCase(), files) == [("a.md", 5, 8)]


def test_hd002_a_change_in_the_sites_names_reaches_the_cached_findings(
    lint: Lint, project: Path
) -> None:
    (project / "a.md").write_text(PLANNER, encoding="utf-8")
    (project / "b.md").write_text(NAMED.format(n="B"), encoding="utf-8")
    (project / "c.md").write_text("# C\n\nNo names here.\n", encoding="utf-8")
    first = lint("--format", "json", "--select", "HD002", ".", cache=True)
    assert codes(first) == [("a.md", "HD002", 5), ("a.md", "HD002", 7)]
    (project / "c.md").write_text(NAMED.format(n="C"), encoding="utf-8")
    again = lint("--format", "json", "--select", "HD002", ".", cache=True)
    assert codes(again) == [("a.md", "HD002", 7)]  # "a kickstart": common in a.md
    (project / "c.md").write_text("# C\n\nNo names here.\n", encoding="utf-8")
    assert codes(lint("--format", "json", "--select", "HD002", ".", cache=True)) == [
        ("a.md", "HD002", 5),
        ("a.md", "HD002", 7),
    ]


# --------------------------------------------------------------------------- things on a screen


BOARD = """\
# Using the board

A status tells you where a task is. Open the Status column to sort, or the
[Owner field](https://example.org/help) to filter. Each owner sees it.

## Sorting by the Status column

## Filtering by the Owner field

## Adding a new task

## Keeping tasks short
"""


def test_a_word_the_prose_capitalises_before_the_same_word_is_a_name() -> None:
    assert one(HeadingCase(), BOARD) == []
    # Near misses: a sentence's first word is no evidence, nor is another pairing.
    opening = BOARD.replace("Open the Status column to sort", "Status columns help")
    assert messages(HeadingCase(), opening) == [
        "'Status' breaks sentence case (3 of 4 headings use sentence case); "
        "write 'Sorting by the status column'"
    ]
    # The front-matter title too.
    titled = "---\ntitle: Sorting by the Status column, and more\n---\n" + BOARD
    assert one(HeadingCase(), titled) == []
    # Near miss: the title is no prose of its own.
    mixed = "---\ntitle: A Starter guide to the board\n---\n" + BOARD.replace(
        "A status", "A starter"
    )
    assert one(HeadingCase(), mixed) == [(2, 10)]
    # Non-breaking spaces, as CMS editors write them, are spaces.
    nbsp = BOARD.replace("or the\n[Owner", "or\u00a0the\u00a0[Owner").replace(
        "by the Owner field", "by\u00a0the\u00a0Owner field"
    )
    assert one(HeadingCase(), nbsp) == []
    other = BOARD.replace("## Filtering by the Owner field", "## Filtering by the Owner list")
    assert one(HeadingCase(), other) == [(8, 21)]
