"""HD004's, FM005's and ST002's corpus states: updated step by step, they judge as
a cold run.

Each property test drives a state through random adds, removes and changes of
facts (pickled between steps, as the cache keeps it), re-judges only the paths
that changed and those `update` names, keeps every other path's last findings,
and compares the whole with a cold `check_corpus` of the current facts.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from artlint.model import Finding
from artlint.rule import Options


def _rows(found: Sequence[Finding]) -> list[Any]:
    return sorted(found, key=lambda f: (f.sort_key(), f.message))


def replay(
    rule: Any,
    options: Options,
    steps: Sequence[tuple[str, Any]],
) -> None:
    """Apply `steps` (path, fact or None to remove) one by one and check each."""
    state: Any = rule.corpus_state(options)
    judge: Callable[..., Any] = rule.state_findings
    facts: dict[str, Any] = {}
    found: dict[str, list[Finding]] = {}
    for path, fact in steps:
        removed = [path] if path in facts else []
        facts.pop(path, None)
        added = [] if fact is None else [(path, fact)]
        facts.update(added)
        touched = state.update(removed, added)
        state = pickle.loads(pickle.dumps(state))
        dirty = sorted((touched | {path}) & set(facts))
        found.pop(path, None)
        for p in dirty:
            found[p] = list(judge(state, {p: facts[p]}, options))
        cold = list(rule.check_corpus(sorted(facts.items()), options))
        warm = [f for fs in found.values() for f in fs]
        assert _rows(warm) == _rows(cold), (path, fact)


# --------------------------------------------------------------------------- HD004

FOLDERS = ["p", "p/a", "p/a/b", "q"]


def _level_fact(first: int, jumps: int) -> Any:
    from artlint.rules.headings import Jump, LevelFact, Span

    where = Span(5, 1, 5, 10, "#" * max(first, 2) + " Start")
    spans = tuple(
        Jump(Span(9 + 2 * n, 1, 9 + 2 * n, 12, "#### Deeper"), 2, 4) for n in range(jumps)
    )
    return None if not first and not jumps else LevelFact(first, where, spans)


LEVEL_STEPS = st.lists(
    st.tuples(
        st.sampled_from(FOLDERS),
        st.integers(0, 5),
        st.one_of(
            st.none(),
            st.tuples(st.sampled_from([0, 2, 3, 3, 3, 3, 4, 5]), st.integers(0, 1)),
        ),
    ),
    min_size=1,
    max_size=50,
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.sampled_from([0, 0, 3]), LEVEL_STEPS)
def test_hd004_state_updates_equal_a_cold_judgement(
    top: int, steps: list[tuple[str, int, tuple[int, int] | None]]
) -> None:
    from artlint.rules.headings import LevelJump

    rule = LevelJump()
    options = {**rule.defaults(), "top-level": top}
    replay(
        rule,
        options,
        [(f"{d}/{n}.md", None if shape is None else _level_fact(*shape)) for d, n, shape in steps],
    )


def test_hd004_one_more_article_rejudges_only_the_noted_one() -> None:
    from artlint.rules.headings import LevelJump

    rule = LevelJump()
    options = rule.defaults()
    state = rule.corpus_state(options)
    site = [(f"p/{n:02}.md", _level_fact(3, 0)) for n in range(1, 9)]
    site += [("p/20.md", _level_fact(2, 1)), ("p/21.md", _level_fact(4, 0))]
    # From H2 to H3: the articles deeper than H2 may read differently, and the
    # note lands on the first at H3.
    assert state.update((), site) == {p for p, f in site if f.first > 2}
    # Nine of eleven now: the note's numbers move, and only the note's article says them.
    assert state.update((), [("p/30.md", _level_fact(3, 0))]) == {"p/01.md"}
    found = [(f.location.path, f.message) for f in rule.state_findings(state, dict(site), options)]
    assert found == [
        (
            "p/01.md",
            "site convention: 9 of 11 articles start at H3 under their title, not H2 "
            "(noted once per run, not per file); set HD004's `top-level: 3` in config "
            "to accept it",
        ),
        ("p/20.md", "heading level jumps from H2 to H4; use H3"),
        (
            "p/21.md",
            "heading level jumps from the title to H4; use H3 (where this site's articles start)",
        ),
    ]
    # An article that sorts first takes the note over.
    assert state.update((), [("p/00.md", _level_fact(3, 0))]) == {"p/00.md", "p/01.md"}
    # One more at H2 changes neither the level nor the note's count of H3 starts,
    # but the total moves: the note's article again.
    assert state.update((), [("p/40.md", _level_fact(2, 0))]) == {"p/00.md"}
    # A jump alone (no title) touches nothing else.
    assert state.update((), [("p/50.md", _level_fact(0, 1))]) == set()


def test_hd004_losing_the_convention_rejudges_articles_at_or_below_it() -> None:
    from artlint.rules.headings import LevelJump

    rule = LevelJump()
    options = rule.defaults()
    state = rule.corpus_state(options)
    site = [(f"p/{n}.md", _level_fact(3, 0)) for n in range(3)]
    site += [("p/7.md", _level_fact(2, 0)), ("p/8.md", _level_fact(4, 0))]
    state.update((), site)
    # 3 of 6 at H3 is no majority: H2 is expected again, and the articles at H2
    # read as they did.
    assert state.update((), [("p/9.md", _level_fact(2, 0))]) == {
        "p/0.md",
        "p/1.md",
        "p/2.md",
        "p/8.md",
    }
    found = [(f.location.path, f.message) for f in rule.state_findings(state, dict(site), options)]
    assert found == [
        (f"p/{n}.md", f"heading level jumps from the title to H{lv}; use H2")
        for n, lv in [(0, 3), (1, 3), (2, 3), (8, 4)]
    ]


# --------------------------------------------------------------------------- FM005

FIELDS = ["title", "date", "tags", "icon", "description"]
PAGES = ["p", "p/a", "p/a/b", "q"]
NAMES = ["0.md", "1.md", "2.md", "3.md", "_index.md"]


def _field_fact(shape: Sequence[int]) -> Any:
    """Each field of `FIELDS` left out (0), filled (1) or empty (2)."""
    from artlint.rules.frontmatter import Key, RequiredFact

    keys = [
        Key(name, how == 1, 2 + n, 1, 2 + n, 1 + len(name))
        for n, (name, how) in enumerate(
            (name, how) for name, how in zip(FIELDS, shape, strict=True) if how
        )
    ]
    return RequiredFact((1, 1, 1, 4), tuple(keys))


FIELD_STEPS = st.lists(
    st.tuples(
        st.sampled_from(PAGES),
        st.sampled_from(NAMES),
        st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from([1, 1, 1, 0, 2]),
                st.sampled_from([1, 1, 1, 1, 0]),
                st.sampled_from([1, 1, 2, 2, 0]),
                st.sampled_from([2, 2, 2, 0, 1]),
                st.sampled_from([1, 1, 0, 2]),
            ),
        ),
    ),
    min_size=1,
    max_size=50,
)


#: FM005's `required` (None: learnt) and `allow-empty` options.
REQUIRED = st.sampled_from([None, None, ["title", "date"]])
ALLOWED = st.sampled_from([[], [], ["tags"]])


def _replay_fields(
    required: list[str] | None,
    allowed: list[str],
    steps: Sequence[tuple[str, tuple[int, ...] | None]],
) -> None:
    """`replay` FM005 with these options over (path, shape or None) steps."""
    from artlint.rules.frontmatter import RequiredField

    rule = RequiredField()
    options = {**rule.defaults(), "required": required, "allow-empty": allowed}
    replay(
        rule,
        options,
        [(path, None if shape is None else _field_fact(shape)) for path, shape in steps],
    )


@hypothesis_settings(max_examples=50, deadline=None)
@given(REQUIRED, ALLOWED, FIELD_STEPS)
def test_fm005_state_updates_equal_a_cold_judgement(
    required: list[str] | None,
    allowed: list[str],
    steps: list[tuple[str, str, tuple[int, ...] | None]],
) -> None:
    _replay_fields(required, allowed, [(f"{d}/{name}", shape) for d, name, shape in steps])


@hypothesis_settings(max_examples=60, deadline=None)
@given(REQUIRED, ALLOWED, FIELD_STEPS)
def test_fm005_updates_under_a_top_folder_that_stays_equal_a_cold_judgement(
    required: list[str] | None,
    allowed: list[str],
    steps: list[tuple[str, str, tuple[int, ...] | None]],
) -> None:
    """Pages and section pages in two folders the edits never touch keep the
    folder all paths share where it is, so every step is counted in and out of
    the kept groups rather than learnt afresh, and the site's shares are
    learnt from enough articles to be quoted."""
    # Enough articles filling every field in for the site's shares to be
    # learnt: every edit below moves them.
    fixed: list[tuple[str, tuple[int, ...] | None]] = [
        (f"r/{n}.md", (1, 1, 1, 1, 1)) for n in range(10)
    ]
    fixed += [
        (f"{d}/{name}", (1, 1, 1, 1, 1)) for d in ("r", "t") for name in ("_index.md", "0.md")
    ]
    _replay_fields(
        required, allowed, [*fixed, *((f"{d}/{name}", shape) for d, name, shape in steps)]
    )


def test_fm005_one_more_article_rejudges_only_the_articles_it_moves() -> None:
    from artlint.rules.frontmatter import RequiredField

    rule = RequiredField()
    options = rule.defaults()
    state = rule.corpus_state(options)
    full, bare, blank = (1, 1, 1, 0, 1), (1, 1, 1, 0, 0), (1, 1, 2, 0, 1)
    site = [(f"p/{n:02}.md", _field_fact(full)) for n in range(9)]
    site.append(("p/10.md", _field_fact(bare)))
    state.update((), site)
    found = [(f.location.path, f.message) for f in rule.state_findings(state, dict(site), options)]
    assert found == [
        (
            "p/10.md",
            "'description' is missing; 90% of this site's articles have one; add it, or "
            "state the site's required fields in config: "
            "'rules: {required-field: {required: [title, ...]}}'",
        )
    ]
    # Another without one: 9 of 11 is no longer nearly all, so p/10.md is clear.
    assert state.update((), [("p/11.md", _field_fact(bare))]) == {"p/10.md"}
    assert list(rule.state_findings(state, dict(site), options)) == []
    # One more that fills everything in changes no one's verdict.
    assert state.update((), [("p/12.md", _field_fact(full))]) == set()
    # An empty `tags` alone is a slip, as nearly every article fills it in; a
    # second one makes the key optional.
    assert state.update((), [("p/13.md", _field_fact(blank))]) == {"p/13.md"}
    [slip] = rule.state_findings(state, {"p/13.md": _field_fact(blank)}, options)
    assert (slip.location.line, slip.message) == (
        4,
        "'tags' is empty; 92% of this site's articles fill it in; give it a value, or "
        "state the site's required fields in config: "
        "'rules: {required-field: {required: [title, ...]}}'",
    )
    assert state.update((), [("p/14.md", _field_fact(blank))]) == {"p/13.md"}
    assert list(rule.state_findings(state, {"p/13.md": _field_fact(blank)}, options)) == []


def test_fm005_a_key_left_empty_elsewhere_rejudges_its_other_holders() -> None:
    """`icon` left empty in a single article is a slip; a second article leaving
    it empty, in a folder of its own, makes it optional site-wide, though the
    first article's folder and group were not counted again."""
    from artlint.rules.frontmatter import RequiredField

    rule = RequiredField()
    options = rule.defaults()
    state = rule.corpus_state(options)
    full, no_icon, blank_icon = (1, 1, 1, 1, 1), (1, 1, 1, 0, 1), (1, 1, 1, 2, 1)
    site = [(f"p/{n}.md", _field_fact(full)) for n in range(8)]
    site += [("p/8.md", _field_fact(no_icon)), ("p/9.md", _field_fact(blank_icon))]
    site += [(f"q/{n}.md", _field_fact(no_icon)) for n in range(3)]
    state.update((), site)
    [slip] = rule.state_findings(state, {"p/9.md": site[9][1]}, options)
    assert (slip.location.path, slip.location.line, slip.message) == (
        "p/9.md",
        5,
        "'icon' has no value; fill it in or remove the key (or list it under the "
        "required-field option 'allow-empty')",
    )
    assert state.update((), [("q/3.md", _field_fact(blank_icon))]) == {"p/9.md"}
    assert list(rule.state_findings(state, {"p/9.md": site[9][1]}, options)) == []
    # And back: the one left empty in q gone, p/9.md's slip is reported again.
    assert state.update(["q/3.md"], []) == {"p/9.md"}
    assert [f.location.path for f in rule.state_findings(state, dict(site), options)] == ["p/9.md"]


def test_fm005_an_added_article_judges_only_its_own_folder_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each folder here has enough articles to be its own group: one more in `q`
    cannot move a verdict in `p`, so `p` is not judged again."""
    from artlint.rules import site_fields
    from artlint.rules.frontmatter import RequiredField

    rule = RequiredField()
    state = rule.corpus_state(rule.defaults())
    full = _field_fact((1, 1, 1, 1, 1))
    state.update((), [(f"{d}/{n}.md", full) for d in ("p", "q") for n in range(6)])
    judged: list[str] = []
    judge = site_fields._judge

    def counting(path: str, *args: Any) -> Any:
        judged.append(path)
        return judge(path, *args)

    monkeypatch.setattr(site_fields, "_judge", counting)
    assert state.update((), [("q/6.md", _field_fact((1, 1, 1, 0, 1)))]) == set()
    assert sorted(judged) == [f"q/{n}.md" for n in range(7)]


# --------------------------------------------------------------------------- ST002


def _block_fact(digests: Sequence[int]) -> Any:
    from artlint.rules.structure import _pack

    spans = [n for k in range(len(digests)) for n in (3 + 2 * k, 1, 3 + 2 * k, 20)]
    return _pack([d.to_bytes(8, "little") for d in digests], spans)


BLOCK_STEPS = st.lists(
    st.tuples(
        st.integers(0, 11),
        st.one_of(st.none(), st.lists(st.integers(1, 6), max_size=4, unique=True)),
    ),
    min_size=1,
    max_size=60,
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.sampled_from([0, 64]), st.sampled_from([(2, 0.3), (3, 0.5), (1, 0.0)]), BLOCK_STEPS)
def test_st002_state_updates_equal_a_cold_judgement(
    bulk: int, limits: tuple[int, float], steps: list[tuple[int, Any]]
) -> None:
    """`bulk` 0 sorts the counts again at nearly every step (as a cold run does),
    64 keeps the changes beside the last sort."""
    from artlint.rules import structure

    rule = structure.BoilerplateLines()
    options = {**rule.defaults(), "min-files": limits[0], "min-share": limits[1]}
    old, structure.BULK = structure.BULK, bulk
    try:
        replay(
            rule,
            options,
            [(f"p/{n:02}.md", None if d is None else _block_fact(d)) for n, d in steps],
        )
    finally:
        structure.BULK = old


def test_st002_a_block_reaching_min_files_flags_every_holder() -> None:
    from artlint.rules.structure import BoilerplateLines

    rule = BoilerplateLines()
    options = {**rule.defaults(), "min-files": 3, "min-share": 0.0}
    state = rule.corpus_state(options)
    site = [(f"p/{n}.md", _block_fact([n + 10, 7] if n < 2 else [n + 10])) for n in range(40)]
    assert state.update((), site) == set()
    again = [("p/9.md", _block_fact([9 + 10, 7]))]
    assert state.update(["p/9.md"], again) == {"p/0.md", "p/1.md", "p/9.md"}
    [found] = rule.state_findings(state, {"p/1.md": site[1][1]}, options)
    assert (found.location.line, found.message) == (
        5,
        "this line recurs in 3 of 40 articles; remove template or navigation residue",
    )
    # One holder less: under min-files again, and its last holders are re-judged.
    assert state.update(["p/0.md"], []) == {"p/1.md", "p/9.md"}
    assert list(rule.state_findings(state, {"p/1.md": site[1][1]}, options)) == []


def test_st002_names_the_same_first_holders_and_locates_them_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A site-wide line has a holder per article, and each finding names five
    others: those are located once per block, not once per finding."""
    from artlint.rules.structure import BoilerplateLines, Recurring

    rule = BoilerplateLines()
    options = {**rule.defaults(), "min-files": 2, "min-share": 0.0}
    state = rule.corpus_state(options)
    site = {f"p/{n:02}.md": _block_fact([n + 100, 7] if n % 2 else [7, n + 100]) for n in range(30)}
    state.update((), site.items())
    located: list[str] = []
    where = Recurring.location

    def counting(self: Recurring, path: str, digest: int) -> Any:
        located.append(path)
        return where(self, path, digest)

    monkeypatch.setattr(Recurring, "location", counting)
    found = list(rule.state_findings(state, site, options))
    assert len(found) == 30
    assert len(located) <= 6
    firsts = sorted(site)[:6]
    for f in found:
        named = [p for p in firsts if p != f.location.path][:5]
        assert [(r.location.path, r.location.line) for r in f.related] == [
            (p, _line_of_7(p)) for p in named
        ]
        assert f.location.line == _line_of_7(f.location.path)


def _line_of_7(path: str) -> int:
    """The shared block sits second in odd files and first in even ones."""
    return 5 if int(path[2:4]) % 2 else 3
