"""Incremental cross-file rules: a run that updates kept state reports what a cold
run over the same files reports, byte for byte, whatever edits came before.

The property test drives a small site through random edits (add, remove, rename,
retitle, a word changed, lines appended, a one-file run with the corpus) and
after each one compares the cached run's text and JSON reports with those of a
run without a cache.  The other tests pin the protocol's promises one by one:
only changed facts are decoded, a change flips findings on other files, and a
one-file run and a site run keep their own memo entries.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from artlint import codec, corpus_phase, engine, incremental, readers
from artlint.cache import Cache
from artlint.cli import main
from artlint.results import fact_sum
from artlint.rules.structure import BlockFact, BoilerplateLines
from artlint.rules.titles import DuplicateSlug, DuplicateTitle, KeyFact, SlugFact

pytestmark = pytest.mark.usefixtures("pinned_cache_key")

#: Titles that collide exactly (0 and 1), nearly (0 and 2; 3 with 5 and 6; 4
#: and 7: TI003's every way), or not at all.
TITLES = [
    "Packing a Desk for a Move Abroad",
    "Packing a Desk for a Move Abroad?",
    "Packing a Desk for a Move Abroad: A Starter Guide",
    "Choosing Shoes for Long Warehouse Shifts",
    "Why Night Couriers Plan Their Routes Twice",
    "Choosing Comfortable Shoes for Long Warehouse Shifts",
    "Long Warehouse Shifts - Choosing Shoes",
    "Why Night Couriers Plan Their Routes Twice - Tips for Winter",
]
SLUGS = ["", "desk-move", "shoes", "couriers"]
#: Paragraphs several files share (template residue) and ones of their own.
PARAGRAPHS = [
    "Follow our newsletter for weekly notes on working life.",
    "Share this page with a colleague who is job hunting.",
    "Every shift starts with a short walk around the loading bay.",
    "Routes change when the bridge closes for repairs in winter.",
    "Most crews log their stops in Trello before the first drop.",
]
#: Headings the append edit adds: HD001 reads "Trello" as a name once two
#: articles' prose writes it so (the last paragraph above).
HEADINGS = ["One more thing", "One More Thing", "Sorting stops in Trello", "Sort Stops In trello"]
CONFIG = 'corpus: ["posts/*.md"]\nrules:\n  ST002: {min-files: 2}\n'
NAMES = ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md"]


#: Front matter beyond the title and slug, and the level of the first heading:
#: FM005 and HD004 fire on an empty key (one most articles fill in, or any on
#: a site too small to learn from) and on a site that starts below H2.
SHAPES = [
    ("", 2),
    ("", 3),
    ("icon:\n", 3),
    ("tags:\n", 2),
    ("tags: [work]\n", 2),
    ("tags: [work]\n", 3),
]


def article(title: int, slug: int, paragraphs: list[int], extra: str = "", shape: int = 0) -> str:
    fields, level = SHAPES[shape]
    head = f"---\ntitle: {TITLES[title]}\n" + (f"slug: {SLUGS[slug]}\n" if SLUGS[slug] else "")
    body = "".join(f"\n{PARAGRAPHS[p]}\n" for p in paragraphs)
    return f"{head}{fields}---\n\n{'#' * level} What to expect\n{body}{extra}"


class Site:
    """A folder of posts whose every write gets its own modification time (the
    cache trusts a stamp it has seen: two writes must never share one)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.posts = root / "posts"
        self.posts.mkdir(parents=True)
        (root / ".artlint.yaml").write_text(CONFIG, encoding="utf-8")
        self.clock = 0

    def write(self, name: str, text: str) -> None:
        path = self.posts / name
        path.write_text(text, encoding="utf-8")
        self.clock += 1
        past = 1_600_000_000_000_000_000 + self.clock * 1_000_000_000
        os.utime(path, ns=(past, past))

    def names(self) -> list[str]:
        return sorted(p.name for p in self.posts.glob("*.md"))

    def fill(self) -> None:
        """An article under each of `NAMES`: titles the same, nearly the same or
        not, slugs, a paragraph they share and every shape of front matter."""
        for i, name in enumerate(NAMES):
            self.write(name, article(i % len(TITLES), i % len(SLUGS), [0, i % 4], shape=i % 6))


def reports(site: Site, paths: list[str]) -> tuple[tuple[str, str], tuple[str, str]]:
    """(text, JSON) of a cached run and of a run without a cache, over `paths`."""
    cache = str(site.root / ".cache")
    runner = CliRunner()
    out = []
    for cached in (True, False):
        got = []
        for fmt in ("text", "json"):
            args = ["--cache-dir", cache] if cached else ["--no-cache"]
            res = runner.invoke(main, [*args, "--format", fmt, *paths])
            assert res.exit_code in (0, 1), res.output
            got.append(res.stdout)
        out.append((got[0], got[1]))
    return out[0], out[1]


EDITS = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(NAMES),
        st.integers(0, len(TITLES) - 1),
        st.integers(0, len(SLUGS) - 1),
        st.lists(st.integers(0, len(PARAGRAPHS) - 1), max_size=3),
        st.integers(0, len(SHAPES) - 1),
    ),
    st.tuples(st.just("remove"), st.integers(0, 9)),
    st.tuples(st.just("rename"), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("retitle"), st.integers(0, 9), st.integers(0, len(TITLES) - 1)),
    st.tuples(st.just("word"), st.integers(0, 9)),
    st.tuples(st.just("append"), st.integers(0, 9), st.integers(0, len(PARAGRAPHS) - 1)),
    st.tuples(st.just("one-file"), st.integers(0, 9)),
)


def apply(site: Site, edit: tuple[Any, ...]) -> list[str]:
    """Make `edit` to the site; the paths the next run is given."""
    names = site.names()
    kind = edit[0]
    if kind == "add":
        site.write(edit[1], article(edit[2], edit[3], edit[4], shape=edit[5]))
        return ["posts"]
    if not names:
        return ["posts"]
    name = names[edit[1] % len(names)]
    path = site.posts / name
    text = path.read_text(encoding="utf-8")
    if kind == "remove":
        path.unlink()
    elif kind == "rename":
        path.unlink()
        site.write(edit[2], text)
    elif kind == "retitle":
        head, rest = text.split("\n", 2)[1], text.split("\n", 2)[2]
        assert head.startswith("title: ")
        site.write(name, f"---\ntitle: {TITLES[edit[2]]}\n{rest}")
    elif kind == "word":
        site.write(name, text.replace("expect", "watch for", 1))
    elif kind == "append":
        # Title case or sentence case, to move the site's style now and then, and a
        # word that the site's prose may or may not make a name.
        heading = HEADINGS[edit[2] % len(HEADINGS)]
        # An odd one jumps a level (HD004).
        sub = "####" if edit[2] % 2 else "###"
        site.write(name, f"{text}\n## {heading}\n\n{sub} Before You Go\n\n{PARAGRAPHS[edit[2]]}\n")
    elif kind == "one-file":
        return [f"posts/{name}"]
    return ["posts"]


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.lists(
        st.tuples(
            st.integers(0, len(TITLES) - 1),
            st.integers(0, len(SLUGS) - 1),
            st.lists(st.integers(0, len(PARAGRAPHS) - 1), max_size=3),
            st.integers(0, len(SHAPES) - 1),
        ),
        min_size=1,
        max_size=5,
    ),
    edits=st.lists(EDITS, min_size=1, max_size=6),
    drift=st.sampled_from([0, 2, incremental.DRIFT]),
)
def test_incremental_runs_equal_cold_runs(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    start: list[tuple[int, int, list[int], int]],
    edits: list[tuple[Any, ...]],
    drift: int,
) -> None:
    """`drift` 0 keeps every run's state; 2 keeps one now and then, so that
    later runs update an older state by several edits at once."""
    root = tmp_path_factory.mktemp("site")
    monkeypatch.chdir(root)
    monkeypatch.setattr(incremental, "DRIFT", drift)
    site = Site(root)
    for name, (title, slug, paragraphs, shape) in zip(NAMES, start, strict=False):
        site.write(name, article(title, slug, paragraphs, shape=shape))
    reports(site, ["posts"])  # the state every later run updates
    for edit in edits:
        paths = apply(site, edit)
        warm, cold = reports(site, paths)
        assert warm == cold, edit


# --------------------------------------------------------------------------- case by case


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.chdir(tmp_path)
    return Site(tmp_path)


def json_findings(site: Site, *paths: str) -> list[dict[str, Any]]:
    res = CliRunner().invoke(
        main, ["--cache-dir", str(site.root / ".cache"), "--format", "json", *paths]
    )
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout)
    assert isinstance(data, list)
    return data


def test_a_second_copy_of_a_title_reports_the_first_file_too(site: Site) -> None:
    site.write("a.md", article(0, 0, []))
    site.write("b.md", article(3, 0, []))
    assert not [f for f in json_findings(site, "posts") if f["code"] == "TI002"]
    site.write("b.md", article(1, 0, []))  # "...Abroad?" is the same title
    found = [(f["path"], f["line"]) for f in json_findings(site, "posts") if f["code"] == "TI002"]
    assert found == [("posts/a.md", 2), ("posts/b.md", 2)]
    (site.posts / "a.md").unlink()
    assert not [f for f in json_findings(site, "posts") if f["code"] == "TI002"]


def test_a_line_that_becomes_frequent_is_reported_on_every_file(site: Site) -> None:
    site.write("a.md", article(0, 0, [0]))
    site.write("b.md", article(3, 0, [1]))
    assert not [f for f in json_findings(site, "posts") if f["code"] == "ST002"]
    site.write("b.md", article(3, 0, [1, 0]))
    found = [
        (f["path"], f["line"], f["message"])
        for f in json_findings(site, "posts")
        if f["code"] == "ST002"
    ]
    message = "this line recurs in 2 of 2 articles; remove template or navigation residue"
    assert found == [("posts/a.md", 7, message), ("posts/b.md", 9, message)]


def counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose corpus facts the corpus phase decodes from now on (the
    reports unpack findings with the same function: those calls do not count)."""
    seen: list[str] = []
    real = codec.loads

    def loads(data: bytes, path: str) -> Any:
        # The incremental layer decodes in a generator of `_step` and in
        # `_Facts.__getitem__`: named by module and function (`co_qualname`
        # would say which class, but Python 3.10 has no such attribute).
        callers = set()
        for n in (1, 2):
            code = sys._getframe(n).f_code
            callers.add((Path(code.co_filename).name, code.co_name))
        if callers & {
            ("corpus_phase.py", "corpus_findings"),
            ("incremental.py", "_step"),
            ("incremental.py", "<genexpr>"),
            ("incremental.py", "__getitem__"),
        }:
            seen.append(path)
        return real(data, path)

    monkeypatch.setattr(codec, "loads", loads)
    return seen


def test_an_edit_decodes_only_the_changed_facts(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i, name in enumerate(NAMES):
        site.write(name, article(i % len(TITLES), i % len(SLUGS), [0, i % 4]))
    json_findings(site, "posts")
    seen = counting_loads(monkeypatch)
    site.write("c.md", article(4, 0, [0, 1], "\n## Later\n\nA closing note on the route.\n"))
    json_findings(site, "posts")
    # The rules without a kept state (none of artlint's own now) still decode
    # every fact; the incremental rules decode c.md's alone.
    per_file = {p: seen.count(p) for p in set(seen)}
    others = len([c for c, r in engine_corpus_rules().items() if not hasattr(r, "corpus_state")])
    assert per_file["posts/c.md"] >= others
    assert all(n <= others for p, n in per_file.items() if p != "posts/c.md"), per_file


def engine_corpus_rules() -> dict[str, Any]:
    from artlint.rule import CorpusRule

    return {
        c: r
        for c, r in engine.registry(engine.Settings()).rules.items()
        if isinstance(r, CorpusRule)
    }


def test_unchanged_inputs_reuse_the_kept_output(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("a.md", article(0, 1, [0]))
    site.write("b.md", article(1, 1, [0]))
    first = json_findings(site, "posts")
    seen = counting_loads(monkeypatch)
    assert json_findings(site, "posts") == first
    assert seen == []


@pytest.mark.parametrize("rule", [DuplicateTitle(), DuplicateSlug(), BoilerplateLines()])
def test_check_corpus_is_the_state_built_in_one_go(rule: Any) -> None:
    """The cold path and the incremental one are one code path: a state updated
    file by file, in any order, judges like `check_corpus`."""
    facts = [
        ("p/a.md", ("Same Title", "same title", 1, 1, 1, 11)),
        ("p/b.md", ("Same title", "same title", 2, 1, 2, 11)),
        ("p/c.md", ("Other", "other", 1, 1, 1, 6)),
    ]
    facts = [(p, KeyFact(*f)) for p, f in facts]
    if isinstance(rule, DuplicateSlug):
        facts = [(p, SlugFact(f.key, *f[2:])) for p, f in facts]
    if isinstance(rule, BoilerplateLines):
        shared = (7).to_bytes(8, "little")
        facts = [
            ("p/a.md", BlockFact(shared, b"\x03\x00\x01\x00\x03\x00\x09\x00")),
            ("p/b.md", BlockFact(shared + (9).to_bytes(8, "little"), bytes(range(1, 17)))),
            ("p/c.md", BlockFact()),
        ]
    options = {**rule.defaults(), "min-files": 2} if isinstance(rule, BoilerplateLines) else {}
    cold = sorted(rule.check_corpus(facts, options), key=lambda f: f.sort_key())
    assert cold, "the example must flag something"
    state = rule.corpus_state(options)
    for path, fact in reversed(facts):
        state.update((), [(path, fact)])
    state.update(["p/a.md"], [])
    state.update([], [facts[0]])
    again = sorted(rule.state_findings(state, dict(facts), options), key=lambda f: f.sort_key())
    assert again == cold


def test_a_rule_without_state_is_run_in_full() -> None:
    class Plain:
        code = "XX001"

    out = incremental.output(Plain(), {}, "k", {}, [], object(), lambda f, k, s: ({}, {}), {}, {})
    assert out is None


def test_one_file_run_and_site_run_keep_their_own_memo(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a configured corpus a one-file run's input is that file alone:
    the site run after it still finds its own outputs (no rule runs)."""
    (site.root / ".artlint.yaml").write_text("rules:\n  ST002: {min-files: 2}\n", encoding="utf-8")
    for i, name in enumerate(NAMES):
        site.write(name, article(i % len(TITLES), i % len(SLUGS), [0]))
    whole = json_findings(site, "posts")
    one = json_findings(site, "posts/a.md")
    seen = counting_loads(monkeypatch)
    assert json_findings(site, "posts") == whole
    assert json_findings(site, "posts/a.md") == one
    assert seen == []


def test_memo_keeps_a_few_entries_per_rule(tmp_path: Path) -> None:
    from artlint.cache import MEMO_ENTRIES

    cache = Cache(str(tmp_path / "c"), engine.Settings(), engine.registry(engine.Settings()))
    keys = [f"{i:032x}" for i in range(MEMO_ENTRIES + 2)]
    for i, key in enumerate(keys):
        cache.put("TI003", key, ({}, {}, {"p": str(i)}))
        stored = Path(cache._corpus_path("TI003", key))
        os.utime(stored, ns=(stored.stat().st_atime_ns, i * 1_000_000_000))
    cache.put("TI003", keys[-1], ({}, {}, {"p": "last"}))
    assert cache.get("TI003", keys[-1]) == ({}, {}, {"p": "last"})
    kept = [k for k in keys if cache.get("TI003", k) is not None]
    assert len(kept) == MEMO_ENTRIES and keys[0] not in kept


def paths_of(found: Iterator[Any]) -> list[str]:
    return [f.location.path for f in found]


def test_a_change_of_site_size_requotes_no_unchanged_file(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every ST002 finding names the site's size, so an added article re-words the
    findings on the other files; the lines they quote are the ones kept, not
    read from disk again."""
    site.write("a.md", article(0, 0, [0]))
    site.write("b.md", article(3, 0, [0]))
    json_findings(site, "posts")
    asked: list[str] = []
    real = corpus_phase._read_lines

    def read_lines(findings: Any, known: Any, stdin: Any = None) -> Any:
        found = list(findings)
        asked.extend(
            f.location.path for f in found if f.location.line not in known.get(f.location.path, {})
        )
        return real(found, known, stdin)

    monkeypatch.setattr(corpus_phase, "_read_lines", read_lines)
    site.write("c.md", article(4, 0, [1]))
    res = CliRunner().invoke(main, ["--cache-dir", str(site.root / ".cache"), "posts"])
    assert (
        "posts/a.md:7:1: ST002 [boilerplate-lines] this line recurs in 2 of 3 articles"
        in res.stdout
    )
    assert f"   7 | {PARAGRAPHS[0]}\n" in res.stdout
    assert "posts/a.md" not in asked and "posts/b.md" not in asked


def test_a_damaged_state_is_rebuilt(site: Site) -> None:
    site.write("a.md", article(0, 0, [0]))
    site.write("b.md", article(1, 0, [0]))
    first = json_findings(site, "posts")
    states = sorted(site.root.glob(".cache/v*/state-*.pickle"))
    assert {p.name.split("-")[1] for p in states} == {
        "HD001",
        "HD002",
        "HD004",
        "FM005",
        "TI002",
        "TI003",
        "TI004",
        "ST002",
    }
    for p in states:
        p.write_bytes(b"not a pickle")
    site.write("c.md", article(1, 0, [0]))
    assert json_findings(site, "posts") == json_findings(site, "--no-cache", "posts")
    assert len(json_findings(site, "posts")) > len(first)


def case_fact_of(path: str, prose: str, heading: str = "Pack the night before") -> Any:
    from artlint import readers
    from artlint.rules.headings import HeadingCase

    text = (
        f"---\ntitle: Notes on Shift Work\n---\n\n## {heading}\n\n"
        f"{prose}\n\n## Eat before you leave\n\nText.\n\n## Sleep in the day\n\nText.\n"
    )
    rule = HeadingCase()
    return rule.fact(readers.read_bytes(path, text.encode()), rule.defaults())


def test_hd001_rejudges_only_the_articles_a_site_change_can_reach() -> None:
    """HD001 judges an article by its fact and the site's names and styles: an
    edit that leaves those as they were re-judges no other article; prose that
    makes a new site-wide name re-judges the articles whose headings hold it."""
    from artlint.rules.headings import HeadingCase

    state = HeadingCase().corpus_state(HeadingCase.defaults())
    paths = [f"p/{n}" for n in NAMES]
    facts = {p: case_fact_of(p, "We plan the week on paper.") for p in paths}
    for p in paths[4:]:  # two articles with the word in a heading, none in prose
        facts[p] = case_fact_of(p, "We plan the week on paper.", "Plan the week in Trello")
    state.update((), facts.items())
    site = state.site
    assert site is not None
    edited = case_fact_of(paths[0], "We plan it.")
    assert state.update([paths[0]], [(paths[0], edited)]) == set()
    named = "We plan the week in Trello every morning."
    moved = state.update(paths[:2], [(p, case_fact_of(p, named)) for p in paths[:2]])
    assert moved == set(paths[4:])
    assert state.site != site and "Trello" in state.site.names


def test_hd001_rejudges_the_borrowers_of_a_style_that_moves() -> None:
    """An article too short to decide its style borrows the site's, and quotes its
    votes: a change of those re-judges the borrowers, not the articles that
    decide their own style."""
    from artlint.rules.headings import HeadingCase, SiteCasing

    rule = HeadingCase()
    options = rule.defaults()
    state = rule.corpus_state(options)
    paths = [f"p/{n}" for n in [*NAMES, "g.md", "h.md"]]
    long_ones = [(p, case_fact_of(p, "Text.")) for p in paths[:-1]]
    short = (paths[-1], _short_fact(paths[-1]))
    facts = dict([*long_ones, short])
    assert list(rule.state_findings(state, facts, options)) == []  # (no site yet)
    state.update((), facts.items())
    list(rule.state_findings(state, facts, options))  # judged: borrowers noted
    assert state.site == SiteCasing.of([f for _, f in facts.items()], options["min-headings"])
    gone = paths[0]
    assert state.update([gone], []) == {paths[-1]}


def _short_fact(path: str) -> Any:
    from artlint import readers
    from artlint.rules.headings import HeadingCase

    text = "---\ntitle: Notes\n---\n\n## Pack The Night Before\n\nText.\n"
    rule = HeadingCase()
    return rule.fact(readers.read_bytes(path, text.encode()), rule.defaults())


#: Article shapes for HD001's state test: prose with or without a name, and
#: headings that decide a style, borrow the site's, or hold the name.
PROSE = ["We plan the week on paper.", "We plan the week in Trello every morning."]
HEADING_SETS = [
    ["Pack the night before", "Eat before you leave", "Sleep in the day"],
    ["Pack The Night Before", "Eat Before You Leave", "Sleep In The Day"],
    ["Sort stops in Trello", "Eat before you leave", "Sleep in the day"],
    ["Sort Stops In Trello"],
    ["Pack the Night before"],
    ["Keep stops in Trello"],
]


def _fact_of(path: str, prose: int, headings: int) -> Any:
    from artlint import readers
    from artlint.rules.headings import HeadingCase

    body = "".join(f"## {h}\n\n{PROSE[prose]}\n\n" for h in HEADING_SETS[headings])
    rule = HeadingCase()
    text = f"---\ntitle: Notes on Shift Work\n---\n\n{body}"
    return rule.fact(readers.read_bytes(path, text.encode()), rule.defaults())


@hypothesis_settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["consistent", "sentence"]),
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.one_of(
                st.none(),
                st.tuples(st.integers(0, 1), st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5])),
            ),
        ),
        min_size=1,
        max_size=30,
    ),
)
def test_hd001_state_updates_equal_a_cold_judgement(
    style: str, edits: list[tuple[int, tuple[int, int] | None]]
) -> None:
    """Each step re-judges the changed articles and those `update` names, keeping
    every other article's last findings: the result is what judging the whole
    site afresh gives, whatever came before."""
    from artlint.rules.headings import HeadingCase

    rule = HeadingCase()
    options = {**rule.defaults(), "style": style}
    state = rule.corpus_state(options)
    facts: dict[str, Any] = {}
    found: dict[str, list[Any]] = {}
    for n, shape in edits:
        path = f"p/{n:02}.md"
        removed = [path] if facts.pop(path, None) is not None else []
        added = [] if shape is None else [(path, _fact_of(path, *shape))]
        facts.update(added)
        dirty = (state.update(removed, added) | {path}) & set(facts)
        found.pop(path, None)
        for p, fact in sorted(facts.items()):
            if p in dirty:
                found[p] = list(rule.state_findings(state, {p: fact}, options))
        cold = sorted(rule.check_corpus(sorted(facts.items()), options), key=lambda f: f.sort_key())
        assert sorted((f for fs in found.values() for f in fs), key=lambda f: f.sort_key()) == cold


def test_hd002_rejudges_only_the_articles_whose_findings_a_new_name_clears() -> None:
    from artlint import readers
    from artlint.rules.headings import OddWordCase

    rule = OddWordCase()
    options = rule.defaults()

    def fact(path: str, text: str) -> tuple[str, Any]:
        return path, rule.fact(readers.read_bytes(path, text.encode()), options)

    odd = fact("p/a.md", "# A\n\nText.\n\n## The PLanner Guide\n")
    other = fact("p/d.md", "# D\n\nText.\n\n## The GRoup Guide\n")
    plain = [fact(f"p/{n}.md", f"# {n}\n\nNo names here.\n") for n in "bc"]
    state = rule.corpus_state(options)
    state.update((), [odd, other, *plain])
    assert [f.location.path for f in rule.state_findings(state, dict([odd, other]), options)] == [
        "p/a.md",
        "p/d.md",
    ]
    named = [fact(f"p/{n}.md", f"# {n}\n\nWe open the PLanner app each morning.\n") for n in "bc"]
    assert state.update(["p/b.md"], named[:1]) == set()  # one article is no site name yet
    assert state.update(["p/c.md"], named[1:]) == {"p/a.md"}
    assert list(rule.state_findings(state, dict([odd]), options)) == []
    assert state.update(["p/c.md"], plain[1:]) == {"p/a.md"}


def test_hd001_and_hd002_keep_each_articles_share_packed() -> None:
    """A large site's HD001 and HD002 states keep one share per article: its
    words sorted in tuples, each string held once however many articles write
    it (decoded facts each bring their own copies), and the state pickled with
    them reads back to the same judgement."""
    from artlint.rules.headings import HeadingCase, OddWordCase

    text = "We plan the week in Trello every morning."
    paths = [f"p/{n}" for n in NAMES]
    facts = [(p, case_fact_of(p, text, "Plan the Week in Trello")) for p in paths]
    state = HeadingCase().corpus_state(HeadingCase.defaults())
    state.update((), ((p, codec.loads_fact(codec.dumps_fact(f, p), p)) for p, f in facts))
    shares = [state.shares[p] for p in paths]
    for share in shares:
        for words in (share.names, share.phrases, share.lowered, share.keys):
            assert type(words) is tuple and list(words) == sorted(words)
    first, second = (next(w for w in s.names if w == "Trello") for s in shares[:2])
    assert first == "Trello" and first is second
    again = pickle.loads(pickle.dumps(state))
    assert again.shares == state.shares and again.site == state.site

    rule = OddWordCase()
    odd = rule.fact(
        readers.read_bytes("p/a.md", b"# A\n\nWe use Trello.\n\n## The PLanner Guide\n"),
        rule.defaults(),
    )
    names = rule.corpus_state(rule.defaults())
    names.update((), [("p/a.md", odd)])
    share = names.shares["p/a.md"]
    assert type(share.names) is tuple and type(share.keys) is tuple and "PLanner" in share.keys


def test_a_run_lets_each_rules_facts_go_once_the_rule_is_done(site: Site) -> None:
    """The engine's corpus phase drops each rule's facts after the rule (a large
    site's memory), without changing a finding; the fixer, which runs the phase
    again over the same results, keeps them."""
    from artlint import selection
    from artlint.file_phase import _context

    for i, name in enumerate(NAMES):
        site.write(name, article(i % len(TITLES), 0, [0, i % 4], shape=i % len(SHAPES)))
    settings = engine.Settings()
    ctx = _context(settings)
    rules = selection.build(engine.project_config(settings), ctx.registry, settings.cli)
    paths = [f"posts/{n}" for n in NAMES]
    kept, released = (engine.lint_files(paths, settings, 1) for _ in range(2))
    assert all(r.facts for r in released)
    want = corpus_phase.corpus_findings(kept, [], ctx, rules)
    assert want[0]  # the site has cross-file findings to compare
    assert corpus_phase.corpus_findings(released, [], ctx, rules, release=True) == want
    assert [r.facts for r in released] == [{}] * len(NAMES)
    assert all(r.facts for r in kept)
    assert corpus_phase.corpus_findings(kept, [], ctx, rules) == want


def test_states_judge_a_batch_of_files_at_a_time(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run judges every file of the site, a batch at a time: the same
    reports as a run without a cache, cold and after an edit that makes a second
    copy of a title (which reports the first copy, in another batch, too)."""
    monkeypatch.setattr(incremental, "JUDGED", 1)
    for i, name in enumerate(NAMES):  # titles 2-7: none the same, some nearly
        site.write(name, article(i + 2, i % len(SLUGS), [0, i % 4], shape=i % 6))
    cached, cold = reports(site, ["posts"])
    assert cached == cold and "TI002" not in cold[0] and "TI003" in cold[0]
    site.write("f.md", article(4, 0, [2]))  # c.md's title
    cached, cold = reports(site, ["posts"])
    assert cached == cold and cold[0].count("TI002") == 2


def test_a_state_that_reports_a_file_it_was_not_given_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Batches keep a state's findings apart only if it answers for the files it
    is given: one that reports elsewhere raises (and `incremental.output` gives
    None, so the engine runs the rule's `check_corpus`), rather than one batch's
    findings on a file replacing another's."""
    from artlint.model import Finding, Location, Severity

    def judge(_state: object, facts: Any) -> Iterator[Finding]:
        for _ in facts:
            yield Finding("X001", "x", Severity.ERROR, "m", Location("p/a.md", 1, 1, 1, 2))

    def render(found: list[Finding], _lines: Any, _shared: Any) -> tuple[dict[str, Any], Any]:
        return {f.location.path: ([f], ["t"]) for f in found}, {}

    both = incremental._Facts({}, ["p/a.md", "p/b.md"])
    found, _ = incremental._judged(None, judge, render, {}, incremental._Facts({}, ["p/a.md"]))
    assert list(found) == ["p/a.md"]
    monkeypatch.setattr(incremental, "JUDGED", 1)
    with pytest.raises(ValueError, match="outside the files judged"):
        incremental._judged(None, judge, render, {}, both)


def test_files_judged_in_other_batches_share_what_their_rows_repeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files that name each other (a cluster of similar titles) are mostly
    judged in different batches; their rows still hold one copy of each
    message and related entry they repeat, as when the site was one batch."""
    from functools import partial

    from artlint.model import Finding, Location, Related, Severity

    def judge(_state: object, facts: Any) -> Iterator[Finding]:
        for path in facts:
            other = Related(Location("p/c.md", 2, 9, 2, 30), "'Night Shifts' (90% similar)")
            where = Location(path, 2, 9, 2, 30)
            yield Finding("TI003", "t", Severity.ERROR, "nearly repeats p/c.md", where, (other,))

    monkeypatch.setattr(incremental, "JUDGED", 1)
    render = partial(incremental._render, partial(corpus_phase._with_lines, stdin=None), {})
    files = incremental._Facts({}, ["p/a.md", "p/b.md"])
    found, _ = incremental._judged(None, judge, render, {}, files)
    (a,), (b,) = found["p/a.md"][0], found["p/b.md"][0]
    assert a[3] == "nearly repeats p/c.md" and a[3] is b[3]
    assert a[8] == b[8] and a[8][0] is b[8][0]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_run_that_spills_its_findings_reports_the_same(
    site: Site, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """A very large run moves its files' findings and texts to a temporary file
    for the corpus phase; every report reads them back as they were."""
    from artlint import results

    site.fill()
    runner = CliRunner()
    kept = runner.invoke(main, ["--no-cache", "--format", fmt, "posts"])
    monkeypatch.setattr(results, "SPILL_FILES", 2)
    spilled = runner.invoke(main, ["--no-cache", "--format", fmt, "posts"])
    assert kept.exit_code == spilled.exit_code == 1
    assert spilled.stdout == kept.stdout


def test_a_large_run_keeps_each_rules_findings_in_a_spill_until_all_ran(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that linted a very large number of files afresh (and spilled their
    facts) writes each cross-file rule's findings to a temporary file as the
    rule finishes, so that none sits under the next rule's state, and reads
    them back once every rule ran: the same findings, in the same order.  A
    smaller run keeps them as they come."""
    from artlint import results, selection
    from artlint.file_phase import _context

    kept = corpus_phase._Kept(spill=False)
    spilled = corpus_phase._Kept(spill=True)
    rule_outputs = [
        [("p/b.md", [("TI002", 1)], ["b1"]), ("p/a.md", [("TI002", 2)], ["a1"])],
        [("p/c.md", [], [])],
        [("p/a.md", [("ST002", 3), ("ST002", 4)], ["a2", "a3"])],
    ]
    for rule in rule_outputs:
        for out in (kept, spilled):
            for path, rows, texts in rule:
                out.add(path, list(rows), list(texts))
            out.rule_done()
        assert spilled.out == {} and spilled.pending == []
    assert list(spilled.found().items()) == list(kept.found().items())
    assert list(kept.found()) == ["p/b.md", "p/a.md"]
    assert kept.found()["p/a.md"] == (
        [("TI002", 2), ("ST002", 3), ("ST002", 4)],
        ["a1", "a2", "a3"],
    )

    site.fill()
    paths = [f"posts/{n}" for n in NAMES]
    settings = engine.Settings()
    ctx = _context(settings)
    rules = selection.build(engine.project_config(settings), ctx.registry, settings.cli)
    dumped: list[int] = []
    real_dump = results.Spill.dump

    def dump(spill: results.Spill, obj: Any) -> int:
        dumped.append(len(obj))
        return real_dump(spill, obj)

    monkeypatch.setattr(results.Spill, "dump", dump)
    want = corpus_phase.corpus_findings(
        engine.lint_files(paths, settings, 1), [], ctx, rules, release=True
    )
    assert want[0] and dumped == []  # too few files linted to spill their facts
    monkeypatch.setattr(results, "SPILL_FILES", 2)
    got = corpus_phase.corpus_findings(
        engine.lint_files(paths, settings, 1), [], ctx, rules, release=True
    )
    assert got == want and list(got[0]) == list(want[0])
    assert dumped  # a rule's findings at a time


def test_spilled_results_hold_nothing_but_where_to_read_it(site: Site) -> None:
    from artlint import results

    for i, name in enumerate(NAMES):
        site.write(name, article(i % len(TITLES), 0, [0, i % 4]))
    found = engine.lint_files([f"posts/{n}" for n in NAMES], engine.Settings(), 1)
    before = [(r.unpack(), r.packed_bytes(), r.text_bytes()) for r in found]
    results.spill(found, least=len(NAMES) + 1)  # too few: left as they are
    assert all(r.spilled is None for r in found)
    results.spill(found, least=len(NAMES))
    assert all(r.spilled is not None and r.packed == b"" and r.texts is None for r in found)
    assert [(r.unpack(), r.packed_bytes(), r.text_bytes()) for r in found] == before


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_run_that_spills_its_facts_reports_and_caches_the_same(
    site: Site, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """A very large run moves each file's facts to a temporary file as it
    comes: the cache writes them from there, and the corpus phase reads them
    back, cold, warm and after an edit."""
    from artlint import results

    site.fill()
    runner = CliRunner()

    def plain() -> str:
        got = runner.invoke(main, ["--no-cache", "--format", fmt, "posts"])
        assert got.exit_code == 1
        return got.stdout

    want = plain()
    monkeypatch.setattr(results, "SPILL_FILES", 2)
    assert plain() == want
    for _ in range(2):  # cold, then warm from what the spilled run stored
        got = runner.invoke(main, ["--format", fmt, "posts"])
        assert (got.exit_code, got.stdout) == (1, want)
    site.write(NAMES[1], article(0, 1, [1, 2]))  # now a second copy of a title
    monkeypatch.setattr(results, "SPILL_FILES", 20_000)
    want = plain()
    monkeypatch.setattr(results, "SPILL_FILES", 1)
    got = runner.invoke(main, ["--format", fmt, "posts"])
    assert (got.exit_code, got.stdout) == (1, want)


def test_spilled_facts_hold_nothing_but_where_to_read_them(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint import results

    for i, name in enumerate(NAMES):
        site.write(name, article(i % len(TITLES), 0, [0, i % 4]))
    paths = [f"posts/{n}" for n in NAMES]
    kept = engine.lint_files(paths, engine.Settings(), 1)
    assert all(type(r.facts) is dict and r.facts for r in kept)
    monkeypatch.setattr(results, "SPILL_FILES", len(paths) + 1)  # too few: held
    assert [r.facts for r in engine.lint_files(paths, engine.Settings(), 1)] == [
        r.facts for r in kept
    ]
    monkeypatch.setattr(results, "SPILL_FILES", len(paths))
    spilled = engine.lint_files(paths, engine.Settings(), 1)
    assert all(type(r.facts) is results.StoredFacts for r in spilled)
    assert [dict(r.facts) for r in spilled] == [r.facts for r in kept]
    assert [r.facts_digest for r in spilled] == [r.facts_digest for r in kept]


def test_a_cold_run_reads_its_spilled_facts_from_the_spill(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the cache has written a spilled run's facts, the corpus phase still
    reads each fact from the spill: from the cache, a rule's facts would come a
    whole shard's file at a time and stay until the rule is done.  A run whose
    facts were not spilled reads back what it wrote from the cache."""
    from artlint import cache as cache_module
    from artlint import results

    site.fill()
    real = cache_module.load_file
    read: list[str] = []

    def load_file(path: str) -> Any:
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(cache_module, "load_file", load_file)
    runner = CliRunner()
    want = runner.invoke(main, ["--no-cache", "posts"]).stdout
    for spill, cache in ((2, ".spilled"), (20_000, ".held")):
        monkeypatch.setattr(results, "SPILL_FILES", spill)
        read.clear()
        got = runner.invoke(main, ["--cache-dir", cache, "posts"])
        assert (got.exit_code, got.stdout) == (1, want)
        facts_read = [n for n in read if n.startswith("facts-")]
        assert bool(facts_read) is (spill > len(NAMES)), facts_read


class PicklingStore:
    """States and outputs kept as bytes, as the cache keeps them: each run reads
    back copies, never the objects the last run built."""

    def __init__(self) -> None:
        self.outputs: dict[tuple[str, str], bytes] = {}
        self.state = b""
        self.kept = 0

    def get(self, code: str, key: str) -> Any:
        data = self.outputs.get((code, key))
        return None if data is None else pickle.loads(data)

    def put(self, code: str, key: str, output: Any, base: Any = None) -> None:
        self.outputs[code, key] = pickle.dumps(output)

    def load_state(self, code: str, size: int) -> Any:
        return pickle.loads(self.state) if self.state else None

    def keep_state(self, code: str, size: int, stored: Any) -> None:
        self.state = pickle.dumps(stored)
        self.kept += 1


def test_a_kept_state_grows_by_what_was_added_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """An updated state pickles to what a state built cold over the same files
    does: the paths it holds twice (in the rule's state and in the digests of
    its facts) are written once, however the run's own paths were made."""
    rule = BoilerplateLines()
    options = {**rule.defaults(), "min-files": 2}

    def inputs(count: int) -> list[tuple[str, bytes]]:
        # Each path a new string, as a run reading them from disk makes them.
        paths = ["".join(["posts/", f"{n:03}", ".md"]) for n in range(count)]
        shared = (7).to_bytes(8, "little")
        own = [(n + 100).to_bytes(8, "little") for n in range(count)]
        facts = [BlockFact(shared + own[n], bytes(range(1, 17))) for n in range(count)]
        return [(p, codec.dumps_fact(f, p)) for p, f in zip(paths, facts, strict=True)]

    def run(store: PicklingStore, count: int) -> int:
        given = inputs(count)
        sums = [fact_sum({"ST002": f}, "ST002") for _, f in given]
        out = incremental.output(
            rule, options, f"k{count}", dict(given), sums, store, lambda f, k, s: ({}, {}), {}, {}
        )
        assert out is not None
        return len(store.state)

    monkeypatch.setattr(incremental, "DRIFT", 0)  # kept after every run
    updated = PicklingStore()
    for count in (40, 41, 42, 43):
        grown = run(updated, count)
    cold = run(PicklingStore(), 43)
    assert grown == cold


def test_a_kept_output_reads_back_as_it_was_and_only_in_its_shape(tmp_path: Path) -> None:
    from artlint.model import Edit, Finding, Fix, Location, Related, Severity

    cache = Cache(str(tmp_path / "c"), engine.Settings(), engine.registry(engine.Settings()))
    finding = Finding(
        "ST002",
        "boilerplate-lines",
        Severity.WARNING,
        "this line recurs in 2 of 3 articles",
        Location("posts/a.md", 7, 1, 7, 30),
        related=(Related(Location("posts/b.md", 3, 1, 3, 30), "the same block"),),
        fix=Fix((Edit(40, 69, ""),), safe=False, message="remove the line"),
    )
    rows = codec.finding_rows([finding], "posts/a.md")
    output = ({"posts/a.md": (rows, ["posts/a.md:7:1: ST002 ..."])}, {"posts/a.md": {7: "x"}}, {})
    cache.put("ST002", "ab", output)
    assert cache.get("ST002", "ab") == output
    # A finding where a row belongs is not an output this code wrote.
    cache.put("ST002", "cd", ({"posts/a.md": ([finding], ["t"])}, {}, {}))
    assert cache.get("ST002", "cd") is None


def test_a_state_is_kept_again_once_enough_has_changed_since(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Between keeps, each run updates the kept state by everything since it
    was kept, and reports what a run from scratch does."""
    monkeypatch.setattr(incremental, "DRIFT", 2)
    rule = BoilerplateLines()
    options = {**rule.defaults(), "min-files": 2}
    shared = (7).to_bytes(8, "little")

    def inputs(count: int, own: int) -> list[tuple[str, bytes]]:
        facts = [
            BlockFact(shared + (n + own).to_bytes(8, "little"), bytes(range(1, 17)))
            for n in range(count)
        ]
        paths = [f"posts/{n:03}.md" for n in range(count)]
        return [(p, codec.dumps_fact(f, p)) for p, f in zip(paths, facts, strict=True)]

    def render(found: list[Any], known: Any, shared: Any) -> tuple[dict[str, Any], Any]:
        return {f.location.path: ([f.message], [""]) for f in found}, {}

    def run(store: PicklingStore, given: list[tuple[str, bytes]]) -> Any:
        sums = [fact_sum({"ST002": f}, "ST002") for _, f in given]
        return incremental.output(
            rule, options, str(len(given)), dict(given), sums, store, render, {}, {}
        )

    store = PicklingStore()
    base = inputs(10, 100)
    run(store, base)
    kept = []
    for step in range(1, 6):
        # One more file each time: drift 1, 2, 3 since the cold keep, then 1, 2.
        given = base + inputs(10 + step, 200)[10:]
        out = run(store, given)
        assert out == run(PicklingStore(), given)
        kept.append(store.kept)
    assert kept == [1, 1, 2, 2, 2]


def test_a_kept_state_whose_output_is_malformed_starts_afresh(tmp_path: Path) -> None:
    from artlint.cache import store_file

    cache = Cache(str(tmp_path / "c"), engine.Settings(), engine.registry(engine.Settings()))
    good = ({"posts/a.md": ([], [])}, {}, {})
    cache.keep_state("ST002", 3, incremental.Stored("o", "k", {}, None, good))
    assert cache.load_state("ST002", 3).output == good
    store_file(cache._corpus_path("ST002", "k"), ("ST002", "k", ({"a": "rows"}, {}, {})))
    assert cache.load_state("ST002", 3).output is None


def test_a_kept_states_output_is_the_memos_and_outlives_its_eviction(tmp_path: Path) -> None:
    """One copy of each output: a kept state's is the memo's entry under its
    key, which newer entries never evict while the state is kept."""
    from artlint.cache import MEMO_ENTRIES, load_file

    cache = Cache(str(tmp_path / "c"), engine.Settings(), engine.registry(engine.Settings()))
    good = ({"posts/a.md": ([], [])}, {}, {})
    stored = incremental.Stored("o", "aa", {}, None, good)
    cache.keep_state("ST002", 3, stored)
    assert stored.output == good  # the caller's object is as it was
    (state,) = Path(cache.env_dir).glob("state-ST002-*.pickle")
    assert state.name == "state-ST002-3-aa.pickle"
    assert load_file(str(state)).output is None  # the output is not in the state's file
    assert load_file(cache._corpus_path("ST002", "aa")) == ("ST002", "aa", good)
    for n in range(MEMO_ENTRIES + 2):  # newer input sets, each with its output
        cache.put("ST002", f"b{n}", ({}, {}, {}))
    assert cache.get("ST002", "b0") is None  # evicted
    assert cache.load_state("ST002", 3).output == good  # kept: its state is
    # Kept again for the same size under a new key: the old state goes, and
    # its output is no longer kept from eviction.
    cache.keep_state("ST002", 3, incremental.Stored("o", "cc", {}, None, good))
    assert [p.name for p in Path(cache.env_dir).glob("state-ST002-*")] == [
        "state-ST002-3-cc.pickle"
    ]
    for n in range(MEMO_ENTRIES + 1):
        cache.put("ST002", f"d{n}", ({}, {}, {}))
    assert cache.get("ST002", "aa") is None
    assert cache.load_state("ST002", 3).key == "cc"
    assert cache.load_state("ST002", 3).output == good


def test_an_updated_output_is_kept_as_its_change_from_the_states(tmp_path: Path) -> None:
    """An edit's output is written as what differs from the kept state's output
    and reads back whole; once that base is gone, so is the entry."""
    from artlint.cache import MEMO_ENTRIES, load_file, store_file

    cache = Cache(str(tmp_path / "c"), engine.Settings(), engine.registry(engine.Settings()))
    found: dict[str, Any] = {f"posts/{n}.md": ([], []) for n in range(6)}
    lines = {f"posts/{n}.md": {n + 1: f"line {n}"} for n in range(6)}
    then = {f"posts/{n}.md": f"d{n}" for n in range(6)}
    base = (found, lines, then)
    cache.keep_state("ST002", 6, incremental.Stored("o", "aa", {}, None, base))
    # posts/1 re-judged, posts/2 gone, posts/9 new: the rest as they were.
    new_found = {p: v for p, v in found.items() if p != "posts/2.md"}
    new_found["posts/1.md"] = ([], [])  # another object: re-judged
    new_found["posts/9.md"] = ([], [])
    new_lines = {**{p: v for p, v in lines.items() if p != "posts/2.md"}, "posts/9.md": {3: "x"}}
    new_then = {**{p: v for p, v in then.items() if p != "posts/2.md"}, "posts/9.md": "d9"}
    output = (dict(sorted(new_found.items())), new_lines, new_then)
    cache.put("ST002", "bb", output, ("aa", base))
    stored = load_file(cache._corpus_path("ST002", "bb"))
    assert stored[3] == "aa"
    assert sorted(stored[2][0]) == ["posts/1.md", "posts/9.md"]
    assert stored[2][3:] == (["posts/2.md"], ["posts/2.md"], ["posts/2.md"])
    got = cache.get("ST002", "bb")
    assert got == output
    assert list(got[0]) == sorted(new_found)
    # A change as large as the output is written whole: it reads back faster.
    redone = ({p: ([], []) for p in found}, lines, then)
    cache.put("ST002", "cc", redone, ("aa", base))
    assert len(load_file(cache._corpus_path("ST002", "cc"))) == 3
    assert cache.get("ST002", "cc") == redone
    # An entry that names itself as its base, or is not in shape, reads as none.
    store_file(cache._corpus_path("ST002", "dd"), ("ST002", "dd", stored[2], "dd"))
    assert cache.get("ST002", "dd") is None
    store_file(cache._corpus_path("ST002", "ee"), ("ST002", "ee", stored[2][:5], "aa"))
    assert cache.get("ST002", "ee") is None
    # Once the state is kept anew its old output may go, and with it the change.
    cache.keep_state("ST002", 6, incremental.Stored("o", "ff", {}, None, output))
    for n in range(MEMO_ENTRIES + 1):
        cache.put("ST002", f"g{n}", ({}, {}, {}))
    assert cache.get("ST002", "aa") is None
    assert cache.get("ST002", "bb") is None
