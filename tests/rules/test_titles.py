"""TI rules: exact codes and positions on small articles written for these tests.

Per-file checks call the rule on `readers.parse`; cross-file checks go through the
CLI, which is how the corpus phase runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from artlint import readers
from artlint.cli import main
from artlint.rules.titles import (
    DuplicateSlug,
    DuplicateTitle,
    NearDuplicateTitle,
    TitleRepeated,
    title_fact,
    title_lexicon,
)


def _ti001(path: str, text: str) -> list[tuple[int, int]]:
    rule = TitleRepeated()
    article = readers.parse(path, text)
    return [(f.location.line, f.location.column) for f in rule.check(article, rule.defaults())]


def _lint(tmp_path: Path, files: dict[str, str], select: str) -> list[dict[str, object]]:
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--no-cache", "--format", "json", "--select", select, str(tmp_path)]
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert isinstance(data, list)
    return data


def _where(findings: list[dict[str, object]], code: str) -> set[tuple[str, int, int]]:
    return {
        (Path(str(f["path"])).name, int(str(f["line"])), int(str(f["column"])))
        for f in findings
        if f["code"] == code
    }


def _fm(title: str, body: str = "Some text.\n") -> str:
    return f'---\ntitle: "{title}"\n---\n{body}'


# --------------------------------------------------------------------------- TI001


def test_front_matter_title_repeated_as_h1() -> None:
    text = _fm("Night Porter Jobs: Worth It?", "# Night porter jobs - worth it\n\nText.\n")
    assert _ti001("a.md", text) == [(4, 3)]


def test_setext_h1_repeat() -> None:
    text = _fm("Night Porter Jobs", "Night Porter Jobs\n=================\n\nText.\n")
    assert _ti001("a.md", text) == [(4, 1)]


def test_plain_export_line_three_repeat() -> None:
    text = "Working as a Night Porter\n\nWorking as a Night Porter\n\nThe hotel never sleeps.\n"
    assert _ti001("a.txt", text) == [(3, 1)]


def test_title_restated_as_later_heading_with_emphasis_and_entities() -> None:
    text = _fm(
        "Tips &amp; Tricks for Night Porters",
        "Intro.\n\n## Shifts\n\nText.\n\n## *Tips & Tricks for Night Porters!*\n\nEnd.\n",
    )
    assert _ti001("a.md", text) == [(10, 4)]


def test_first_body_line_is_the_title() -> None:
    assert _ti001("a.md", _fm("Driving a Night Bus", "Driving a night bus\n\nText.\n")) == [(4, 1)]


def test_description_that_repeats_the_title() -> None:
    text = '---\ntitle: Driving a Night Bus\ndescription: "Driving a night bus."\n---\nText.\n'
    assert _ti001("a.md", text) == [(3, 15)]


def test_short_name_recurring_later_is_fine() -> None:
    body = (
        "## Company blurb\n\nWe are Fernleaf.\n\n## Company technologies\n\nFernleaf\n\n"
        "## Office locations\n\nFernleaf\n12 High Street\n\n## Fernleaf\n\nText.\n"
    )
    assert _ti001("a.md", _fm("Fernleaf", body)) == []


def test_short_name_at_the_very_top_is_flagged() -> None:
    assert _ti001("a.md", _fm("Fernleaf", "# Fernleaf\n\nText.\n")) == [(4, 3)]


def test_heading_containing_the_title_is_fine() -> None:
    body = "Intro.\n\n## Why Night Porter Jobs Pay More\n\nText.\n"
    assert _ti001("a.md", _fm("Night Porter Jobs", body)) == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("Night Porter Jobs! Now that hotels run all night, porters are in demand.\n", [(4, 1)]),
        ("Night porter jobs: what to know before your first shift.\n", [(4, 1)]),
        ("**Night Porter Jobs:** what to know before your first shift.\n", [(4, 1)]),
        ("Night Porter Jobs - a short guide for people who like quiet hours.\n", [(4, 1)]),
        # Near misses: the title's words in a sentence of its own, or only part of it.
        ("Night porter jobs are in demand now that hotels run all night.\n", []),
        ("Night Porter Jobs, the quiet side of hotel work, pay a premium.\n", []),
        ("Night porters: what to know before your first shift.\n", []),
        ("Hotels hire for night porter jobs all year: what to know.\n", []),
    ],
)
def test_title_restated_at_the_start_of_the_first_paragraph(
    body: str, where: list[tuple[int, int]]
) -> None:
    assert _ti001("a.md", _fm("Night Porter Jobs", body)) == where


def test_restated_title_needs_a_title_of_several_words() -> None:
    # "Fernleaf: a remote-first studio" introduces a company by its name.
    assert _ti001("a.md", _fm("Fernleaf", "Fernleaf: a remote-first studio.\n")) == []


def test_restated_title_only_in_the_first_paragraph() -> None:
    body = "Hotels run all night.\n\nNight Porter Jobs! They pay a premium.\n"
    assert _ti001("a.md", _fm("Night Porter Jobs", body)) == []


def test_no_title_no_finding() -> None:
    assert _ti001("a.md", "Just a paragraph.\n\nAnother one.\n") == []


# --------------------------------------------------------------------------- facts


def _parts(fact: tuple[object, ...] | None) -> dict[str, object]:
    """A TI003 fact by name: it is a bare tuple so that a site's facts stay small."""
    assert fact is not None
    text, key, core, tail, qualifiers, framed, *span = fact
    assert isinstance(core, str) and isinstance(tail, str) and isinstance(qualifiers, str)
    return {
        "text": text,
        "key": key,
        "core": core.split(),
        "tail": tail.split(),
        "head": [w for w in core.split() if w not in tail.split()],
        "qualifiers": qualifiers.split("|") if qualifiers else [],
        "framed": framed,
        "span": span,
    }


def test_title_fact_sets_qualifiers_aside() -> None:
    lex = title_lexicon()
    a = _parts(
        title_fact(readers.parse("a.txt", "Customer Service Jobs from Home\n\nText.\n"), lex)
    )
    b = _parts(title_fact(readers.parse("b.txt", "Online Customer Service Jobs\n\nText.\n"), lex))
    assert a["core"] == b["core"] == ["customer", "job", "servic"]
    assert a["qualifiers"] == ["from home"] and b["qualifiers"] == ["online"]
    assert a["key"] == "customer service jobs from home" and a["span"] == [1, 1, 1, 32]


def test_title_fact_splits_subtitle_and_reader_clause() -> None:
    lex = title_lexicon()
    a = _parts(
        title_fact(readers.parse("a.md", _fm("Grant Writing Jobs: A Guide to Winning Bids")), lex)
    )
    b = _parts(
        title_fact(readers.parse("b.md", _fm("Grant Writing Jobs to Boost Your Income")), lex)
    )
    assert a["head"] == b["head"] == ["grant", "job", "writ"]
    assert a["framed"] and a["tail"] == ["bid", "win"]
    assert not b["framed"] and b["tail"] == ["boost", "incom"]


def test_title_fact_keeps_a_stem_that_is_empty() -> None:
    # "Eeeee" stems to "": the stems are joined so that it still counts as a word.
    fact = _parts(title_fact(readers.parse("a.md", _fm("Eeeee Jobs")), title_lexicon()))
    assert fact["core"] == ["job"] and fact["text"] == "Eeeee Jobs"
    raw = title_fact(readers.parse("a.md", _fm("Eeeee Jobs")), title_lexicon())
    assert raw is not None and raw[2] == " job "


def test_ti002_and_ti003_facts_share_the_title_and_key() -> None:
    article = readers.parse("a.md", _fm("Night Porter Jobs"))
    key = DuplicateTitle().fact(article, {})
    full = NearDuplicateTitle().fact(article, NearDuplicateTitle.defaults())
    assert key is not None and full is not None
    assert key[0] is full[0] and key[1] is full[1]  # stored once in the cache


# --------------------------------------------------------------------------- TI002


def test_duplicate_title_ignores_case_and_punctuation(tmp_path: Path) -> None:
    found = _lint(
        tmp_path,
        {
            "a.md": _fm("Pet Sitting: Is It Worth It?"),
            "b.txt": "Pet sitting - is it worth it\n\nText.\n",
            "c.md": _fm("Dog Walking: Is It Worth It?"),
        },
        "TI002",
    )
    assert _where(found, "TI002") == {("a.md", 2, 9), ("b.txt", 1, 1)}
    related = next(f["related"] for f in found if Path(str(f["path"])).name == "a.md")
    assert isinstance(related, list)
    assert [Path(r["path"]).name for r in related] == ["b.txt"]


# --------------------------------------------------------------------------- TI003


def test_qualifier_substitution_is_a_near_duplicate(tmp_path: Path) -> None:
    found = _lint(
        tmp_path,
        {
            "a.txt": "The Ups and Downs of Working in Online Technical Support\n\nText.\n",
            "b.txt": "The Ups and Downs of Working in Technical Support from Home\n\nText.\n",
        },
        "TI003",
    )
    assert _where(found, "TI003") == {("a.txt", 1, 1), ("b.txt", 1, 1)}
    message = str(next(iter(found))["message"])
    assert "% similar" in message and "qualifiers" in message


def test_word_order_and_guide_subtitle(tmp_path: Path) -> None:
    found = _lint(
        tmp_path,
        {
            "a.md": _fm("Kennel Assistant Jobs"),
            "b.md": _fm("Jobs as a Kennel Assistant: A Complete Guide"),
        },
        "TI003",
    )
    assert _where(found, "TI003") == {("a.md", 2, 9), ("b.md", 2, 9)}


def test_same_main_title_other_taglines(tmp_path: Path) -> None:
    found = _lint(
        tmp_path,
        {
            "a.md": _fm("Grant Writing Careers: How to Win Your First Contract"),
            "b.md": _fm("Grant Writing Careers: Tips for Working on Your Own Terms"),
            "c.md": _fm("Grant Writing Careers to Grow Your Income"),
        },
        "TI003",
    )
    assert _where(found, "TI003") == {("a.md", 2, 9), ("b.md", 2, 9), ("c.md", 2, 9)}


@pytest.mark.parametrize(
    "titles",
    [
        ("Remote Nursing Jobs: Pros and Cons", "Remote Tutoring Jobs: Pros and Cons"),
        ("Event Marketing for B2B Brands", "Event Marketing for B2C Brands"),
        ("Investing in Bonds for Passive Income", "Investing in REITs for Passive Income"),
        ("Plai", "Plaid"),
        ("Doist", "Doit"),
        ("Remote Team Tools: Slack", "Remote Team Tools: Zoom"),
    ],
)
def test_different_subjects_are_not_near_duplicates(
    tmp_path: Path, titles: tuple[str, str]
) -> None:
    found = _lint(tmp_path, {"a.md": _fm(titles[0]), "b.md": _fm(titles[1])}, "TI003")
    assert _where(found, "TI003") == set()


@pytest.mark.parametrize(
    "titles",
    [
        ("Writing a Winning Cover Letter", "Writing a Cover Letter"),
        ("How to Build a Healthy Team Culture", "How to Build and Keep a Healthy Team"),
        ("Running an Effective Shift Handover", "Running a Shift Handover"),
    ],
)
def test_one_side_adds_a_word_or_two(tmp_path: Path, titles: tuple[str, str]) -> None:
    found = _lint(tmp_path, {"a.md": _fm(titles[0]), "b.md": _fm(titles[1])}, "TI003")
    assert _where(found, "TI003") == {("a.md", 2, 9), ("b.md", 2, 9)}
    assert "adds a word or two" in str(found[0]["message"])


@pytest.mark.parametrize(
    "titles",
    [
        # A series sharing a prefix: what differs is the subject.
        ("Salary Guide: Nurses", "Salary Guide: Electricians"),
        ("Pay Report: Registered Nurses in Texas", "Pay Report: Licensed Electricians in Texas"),
        ("Hiring Checklist: Warehouse Staff", "Hiring Checklist: Warehouse Supervisors"),
        ("ABCs of Payroll: Budgets and Approvals", "ABCs of Payroll: Talking to Your Vendors"),
        ("Shift Notes | Rotas, Breaks, and Boots", "Shift Notes | Forklifts, Fog, and Friday"),
        ("On Hiring: The Employer's Guide", "On Hiring: The Employee's Guide"),
        ("Split the Shift: The How", "Split the Shift: The Why"),
        # Numbers count; a list's opening count does not.
        ("Level 1 Support Jobs", "Level 2 Support Jobs"),
        # Added words that name a place, an audience or another thing.
        ("Welding Schools in New York", "Welding Schools in New York City"),
        ("Writing a Cover Letter", "Writing a Cover Letter for Teachers"),
        ("Selling Handmade Candles", "Selling Handmade Soap and Candles"),
        ("Building and Selling Apps", "Building and Selling Mobile Apps"),
        ("Common Traits of Strong Managers", "Common Traits of Strong Managers, Part 2"),
        ("Writing a Cover Letter", "Writing a Cover Letter Template"),
    ],
)
def test_adding_a_subject_is_another_article(tmp_path: Path, titles: tuple[str, str]) -> None:
    found = _lint(tmp_path, {"a.md": _fm(titles[0]), "b.md": _fm(titles[1])}, "TI003")
    assert _where(found, "TI003") == set()


def test_a_list_count_is_not_a_subject(tmp_path: Path) -> None:
    found = _lint(
        tmp_path,
        {
            "a.md": _fm("7 Ways to Save on Commuting"),
            "b.md": _fm("Top 5 Ways to Save on Commuting"),
        },
        "TI003",
    )
    assert _where(found, "TI003") == {("a.md", 2, 9), ("b.md", 2, 9)}


def test_a_slot_filled_by_several_subjects_is_a_series(tmp_path: Path) -> None:
    files = {
        "hub.md": _fm("Top Schools Near Me"),
        "a.md": _fm("Top Welding Schools Near Me"),
        "b.md": _fm("Top Plumbing Schools Near Me"),
    }
    assert _where(_lint(tmp_path, files, "TI003"), "TI003") == set()


def test_extra_words_must_be_common_on_the_site(tmp_path: Path) -> None:
    # "Marketplaces" is rare here, so it names another subject.
    files = {
        "a.md": _fm("Customer Service and Support"),
        "b.md": _fm("Marketplaces for Customer Service and Support"),
    }
    assert _where(_lint(tmp_path, files, "TI003"), "TI003") == set()


def test_exact_duplicates_are_left_to_ti002(tmp_path: Path) -> None:
    found = _lint(
        tmp_path, {"a.md": _fm("Working Nights"), "b.md": _fm("Working nights!")}, "TI002,TI003"
    )
    assert _where(found, "TI003") == set()
    assert _where(found, "TI002") == {("a.md", 2, 9), ("b.md", 2, 9)}


def test_near_duplicates_are_pairwise_not_chained(tmp_path: Path) -> None:
    rule = NearDuplicateTitle()
    facts = []
    for n, title in enumerate(
        [
            "Data Entry Jobs",
            "Online Data Entry Jobs",
            "Data Entry Jobs: A Beginner's Guide",
            "Video Editing Jobs",
        ]
    ):
        fact = rule.fact(readers.parse(f"{n}.md", _fm(title)), rule.defaults())
        facts.append((f"{n}.md", fact))
    found = {f.location.path: f for f in rule.check_corpus(facts, rule.defaults())}
    assert set(found) == {"0.md", "1.md", "2.md"}
    assert {r.location.path for r in found["0.md"].related} == {"1.md", "2.md"}


def test_subsets_found_whatever_the_number_of_light_words() -> None:
    # At threshold 0 every word is light enough to drop: the long title has too
    # many to try each set of them and goes through the postings instead.
    rule = NearDuplicateTitle()
    options = {**rule.defaults(), "threshold": 0.0}
    titles = {
        "long.md": "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima",
        "ab.md": "Alpha Bravo",
        "abc.md": "Alpha Bravo Charlie",
        "cde.md": "Charlie Delta Echo",
        "xy.md": "Xray Yankee",
    }
    facts = [(p, rule.fact(readers.parse(p, _fm(t)), options)) for p, t in titles.items()]
    found = {
        f.location.path: {r.location.path for r in f.related}
        for f in rule.check_corpus(facts, options)
    }
    assert found == {
        "long.md": {"ab.md", "abc.md", "cde.md"},
        "ab.md": {"long.md", "abc.md"},
        "abc.md": {"long.md", "ab.md"},
        "cde.md": {"long.md"},
    }


def test_many_copies_of_a_title_are_listed_once_each() -> None:
    rule = DuplicateTitle()
    facts = [
        (f"{n:02}.md", rule.fact(readers.parse(f"{n:02}.md", _fm("Untitled")), {}))
        for n in range(30)
    ]
    found = list(rule.check_corpus(facts, {}))
    assert len(found) == 30
    first = found[0]
    assert [r.location.path for r in first.related] == [f"{n:02}.md" for n in range(1, 12)]
    assert first.related[-1].message == "and 19 more like these"
    assert first.message.endswith(
        "01.md, 02.md, 03.md and 26 more; give each article its own title"
    )
    assert [r.location.path for r in found[5].related][:6] == [
        "00.md",
        "01.md",
        "02.md",
        "03.md",
        "04.md",
        "06.md",
    ]


def test_corpus_check_ignores_missing_facts() -> None:
    rule = NearDuplicateTitle()
    assert list(rule.check_corpus([("a.md", None)], rule.defaults())) == []
    assert list(DuplicateTitle().check_corpus([("a.md", None)], {})) == []


def test_house_lexicon_adds_qualifiers(tmp_path: Path) -> None:
    house = tmp_path / "house.yaml"
    house.write_text("setting: [hybrid]\n", encoding="utf-8")
    rule = NearDuplicateTitle()
    options = {**rule.defaults(), "lexicon": str(house)}
    facts = [
        (p, rule.fact(readers.parse(p, _fm(t)), options))
        for p, t in (("a.md", "Hybrid Paralegal Jobs"), ("b.md", "Paralegal Jobs"))
    ]
    assert {f.location.path for f in rule.check_corpus(facts, options)} == {"a.md", "b.md"}
    plain = rule.defaults()
    facts = [
        (p, rule.fact(readers.parse(p, _fm(t)), plain))
        for p, t in (("a.md", "Hybrid Paralegal Jobs"), ("b.md", "Paralegal Jobs"))
    ]
    assert list(rule.check_corpus(facts, plain)) == []


# --------------------------------------------------------------------------- TI004


def test_duplicate_slug(tmp_path: Path) -> None:
    files = {
        "a.md": "---\ntitle: Barista Work\nslug: coffee-jobs\n---\nText.\n",
        "b.md": "---\ntitle: Cafe Manager\nslug: /Coffee-Jobs/\n---\nText.\n",
        "c.md": "---\ntitle: Bakery Work\nslug: coffee-jobs-2\n---\nText.\n",
    }
    assert _where(_lint(tmp_path, files, "TI004"), "TI004") == {("a.md", 3, 7), ("b.md", 3, 7)}


def test_slug_fact_needs_a_slug() -> None:
    article = readers.parse("a.md", _fm("No Slug Here"))
    assert DuplicateSlug().fact(article, {}) is None


def test_slugs_that_are_only_slashes_are_one_slug() -> None:
    rule = DuplicateSlug()
    facts = [
        (p, rule.fact(readers.parse(p, f"---\ntitle: T {p}\nslug: /\n---\nText.\n"), {}))
        for p in ("a.md", "b.md")
    ]
    found = list(rule.check_corpus(facts, {}))
    assert [(f.location.path, f.location.line, f.location.column) for f in found] == [
        ("a.md", 3, 7),
        ("b.md", 3, 7),
    ]
    assert found[0].message.startswith("slug '' is also used by b.md;")
    assert [r.location.path for r in found[0].related] == ["b.md"]


PLACES = [
    "Leeds",
    "Cork",
    "Perth",
    "Oslo",
    "Lyon",
    "Porto",
    "Graz",
    "Turin",
    "Ghent",
    "Bergen",
    "Malmo",
    "Brno",
    "Tartu",
    "Split",
]


def test_near_duplicate_order_does_not_depend_on_string_hashing(tmp_path: Path) -> None:
    """Ties in similarity must rank the same in every process: Python salts string
    hashes per process, and the words of two titles are summed out of a set."""
    import os
    import subprocess
    import sys

    jobs = [
        "Welder",
        "Mechanic",
        "Baker",
        "Florist",
        "Pilot",
        "Plumber",
        "Tailor",
        "Roofer",
        "Glazier",
        "Cooper",
        "Farrier",
        "Mason",
        "Potter",
        "Chandler",
    ]
    for i, job in enumerate(jobs):
        (tmp_path / f"a{i:02d}.md").write_text(
            f"---\ntitle: 'Asking Your Lead About Moving Allowances: Tips from a {job} in "
            f"{PLACES[i]}'\n"
            f"slug: a{i:02d}\n---\nBody.\n",
            encoding="utf-8",
        )
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "artlint",
                "--no-cache",
                "--select",
                "TI003",
                "--format",
                "json",
                ".",
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) == len(jobs)
