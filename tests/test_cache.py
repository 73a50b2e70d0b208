"""The result cache: replays what a cold run found, and never replays stale results.

Each test builds a small site in a temporary folder, runs the engine with a cache
in that folder, and checks both the findings and the cache's hit and miss counts,
so a cache that silently re-lints everything (or nothing) fails here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from artlint import corpus_phase, discover, engine, file_phase, registry, results, selection, stamps
from artlint.cache import REST, SHARDS, STAT, TEXTS, Cache, config_key, load_file, store_file
from artlint.config import from_mapping
from artlint.model import Finding
from artlint.results import Tally
from artlint.selection import CliSelection

TITLE = "How to Negotiate Your First Salary"


pytestmark = pytest.mark.usefixtures("pinned_cache_key")


def article(title: str, slug: str, body: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndescription: A short piece on pay talks for new hires.\n"
        f"date: 2024-03-01\nslug: {slug}\n---\n\n## Before the call\n\n"
        f"Write down the lowest figure you would accept and keep it private.\n{body}"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / ".artlint.yaml").write_text('corpus: ["posts/**/*.md"]\n', encoding="utf-8")
    (root / "posts" / "salary.md").write_text(article(TITLE, "salary"), encoding="utf-8")
    (root / "posts" / "offer.md").write_text(
        article("Reading a Job Offer Line by Line", "offer"), encoding="utf-8"
    )
    (root / "posts" / "mixed.md").write_text(
        article(
            "Pros and cons of night shifts",
            "night",
            "\n## pros\n\n- Higher Pay\n\n## Benefits of Quiet Hours\n\nText.\n",
        ),
        encoding="utf-8",
    )
    for i in range(5):
        (root / "posts" / f"extra-{i}.md").write_text(
            article(f"Extra Article Number {i} About Desk Ergonomics", f"extra-{i}"),
            encoding="utf-8",
        )
    monkeypatch.chdir(root)
    return root


def run(paths: list[str], cache: Cache | None, jobs: int = 1) -> list[Finding]:
    settings = engine.Settings()
    result = engine.execute(engine.Run(paths, settings, jobs, None, cache))
    assert not result.errors
    return result.findings


def new_cache(root: Path) -> Cache:
    return Cache(
        str(root / ".artlint_cache"), engine.Settings(), engine.registry(engine.Settings())
    )


def age(root: Path) -> None:
    """Move every file's mtime into the past, out of the cache's racy window."""
    for path in root.rglob("*.md"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


def test_warm_run_replays_identical_findings(site: Path) -> None:
    age(site)
    cold_cache = new_cache(site)
    cold = run(["."], cold_cache)
    assert cold_cache.misses == 8 and cold_cache.hits == 0
    warm_cache = new_cache(site)
    warm = run(["."], warm_cache)
    assert warm_cache.hits == 8 and warm_cache.misses == 0
    assert warm == cold == run(["."], None)
    assert cold  # the site has findings to replay
    assert (site / ".artlint_cache" / "CACHEDIR.TAG").is_file()


def test_fresh_files_are_rehashed_not_relinted(site: Path) -> None:
    """Files written within the racy window are checked by content, then trusted."""
    first = run(["."], new_cache(site))
    again = new_cache(site)
    assert run(["."], again) == first
    assert again.hits == 8 and again.misses == 0


def test_a_changed_file_is_linted_again(site: Path) -> None:
    age(site)
    run(["."], new_cache(site))
    target = site / "posts" / "offer.md"
    target.write_text(
        article(
            "Reading a Job Offer Line by Line",
            "offer",
            "\n## Before the call\n\nA repeated heading.\n",
        ),
        encoding="utf-8",
    )
    cache = new_cache(site)
    findings = run(["."], cache)
    assert cache.misses == 1 and cache.hits == 7
    assert findings == run(["."], None)
    assert any(
        f.location.path == str(Path("posts", "offer.md")) and f.code == "HD005" for f in findings
    )


def test_touched_but_unchanged_file_is_replayed(site: Path) -> None:
    age(site)
    first = run(["."], new_cache(site))
    target = site / "posts" / "offer.md"
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    cache = new_cache(site)
    assert run(["."], cache) == first
    assert cache.misses == 0


def test_the_same_file_under_another_name_is_replayed_under_that_name(site: Path) -> None:
    age(site)
    run(["."], new_cache(site))
    absolute = str(site / "posts" / "mixed.md")
    cache = new_cache(site)
    findings = run([absolute], cache)
    assert cache.misses == 0
    assert findings == run([absolute], None)
    assert findings and all(
        f.location.path == absolute for f in findings if f.code not in ("TI002", "TI003")
    )
    # The corpus walk names it posts/mixed.md: still the same file, not its own duplicate.
    assert not any(f.code == "TI002" for f in findings)


def _shards(root: Path) -> list[Path]:
    return sorted((root / ".artlint_cache").glob("v*/shard-*.pickle"))


def test_a_corrupt_shard_is_ignored_and_rebuilt(site: Path) -> None:
    age(site)
    first = run(["."], new_cache(site))
    shards = _shards(site)
    assert shards
    for shard in shards:
        shard.write_bytes(b"\x80\x05not a pickle at all")
    cache = new_cache(site)
    assert run(["."], cache) == first
    assert cache.misses == 8
    rebuilt = new_cache(site)
    assert run(["."], rebuilt) == first
    assert rebuilt.hits == 8 and rebuilt.misses == 0


def test_a_corrupt_entry_is_ignored_and_rebuilt(site: Path) -> None:
    age(site)
    first = run(["."], new_cache(site))
    damaged = 0
    for shard in _shards(site)[:3]:
        run_no, tag, entries = load_file(str(shard))
        for entry in entries.values():
            entry[REST] = b"\x80\x05garbage"
            damaged += 1
            break
        store_file(str(shard), (run_no, tag, entries))
    assert 0 < damaged < 8
    cache = new_cache(site)
    assert run(["."], cache) == first
    assert cache.misses == damaged
    again = new_cache(site)
    assert run(["."], again) == first
    assert again.misses == 0


def test_damaged_stored_texts_are_rendered_again(site: Path) -> None:
    age(site)
    first = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    for shard in _shards(site):
        run_no, tag, entries = load_file(str(shard))
        for entry in entries.values():
            entry[TEXTS] = b"\x80\x05garbage"
        store_file(str(shard), (run_no, tag, entries))
    warm = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    assert warm.findings == first.findings
    assert "".join(warm.texts()) == "".join(first.texts()) == _text_report(first)


def test_a_config_change_invalidates_the_entries(site: Path) -> None:
    age(site)
    first = run(["."], new_cache(site))
    assert any(f.code == "HD001" for f in first)
    config = site / ".artlint.yaml"
    config.write_text('corpus: ["posts/**/*.md"]\nignore: [HD001]\n', encoding="utf-8")
    engine.reset()  # what the CLI does at the start of every check
    cache = new_cache(site)
    findings = run(["."], cache)
    assert cache.misses == 8
    assert not any(f.code == "HD001" for f in findings)
    assert findings == run(["."], None)


def test_a_rule_selection_change_uses_another_environment(site: Path) -> None:
    age(site)
    run(["."], new_cache(site))
    narrow = engine.Settings(cli=CliSelection(select=("FM",)))
    cache = Cache(str(site / ".artlint_cache"), narrow, engine.registry(narrow))
    result = engine.execute(engine.Run(["."], narrow, 1, None, cache))
    assert cache.misses == 8
    assert all(f.code.startswith(("FM", "AL")) for f in result.findings)


def test_a_one_file_run_gets_corpus_facts_from_the_cache(site: Path) -> None:
    """A pre-commit run on one new file still sees the titles of the whole corpus."""
    age(site)
    run(["."], new_cache(site))
    dup = site / "posts" / "salary-again.md"
    dup.write_text(article(TITLE, "salary-again"), encoding="utf-8")
    cache = new_cache(site)
    findings = run([str(Path("posts", "salary-again.md"))], cache)
    assert cache.misses == 1  # only the new file; the corpus came from the cache
    assert cache.hits == 8
    dups = [f for f in findings if f.code == "TI002"]
    assert [f.location.path for f in dups] == [str(Path("posts", "salary-again.md"))]
    assert any(r.location.path == str(Path("posts", "salary.md")) for r in dups[0].related)
    assert findings == run([str(Path("posts", "salary-again.md"))], None)


def _count_corpus_runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    from artlint.rule import CorpusRule
    from artlint.rules.structure import BoilerplateLines
    from artlint.rules.titles import DuplicateSlug, DuplicateTitle, NearDuplicateTitle

    calls: dict[str, int] = {}
    for cls in (DuplicateTitle, NearDuplicateTitle, DuplicateSlug, BoilerplateLines):
        original = cls.check_corpus

        def counted(
            self: CorpusRule, facts: object, options: object, _original: object = original
        ) -> object:
            calls[self.code] = calls.get(self.code, 0) + 1
            return _original(self, facts, options)  # type: ignore[operator]

        monkeypatch.setattr(cls, "check_corpus", counted)
        judge = getattr(cls, "state_findings", None)
        if judge is not None:  # an incremental rule judges from its state instead

            def judged(
                self: CorpusRule, state: object, paths: object, options: object, _j: object = judge
            ) -> object:
                calls[self.code] = calls.get(self.code, 0) + 1
                return _j(self, state, paths, options)  # type: ignore[operator]

            monkeypatch.setattr(cls, "state_findings", judged)
    return calls


def test_corpus_rules_run_only_when_their_facts_changed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(site)
    calls = _count_corpus_runs(monkeypatch)
    (site / "posts" / "copy.md").write_text(article(TITLE, "copy"), encoding="utf-8")
    age(site)
    cold = run(["."], new_cache(site))
    assert calls == {"TI002": 1, "TI003": 1, "TI004": 1, "ST002": 1}
    assert any(f.code == "TI002" for f in cold)
    calls.clear()
    assert run(["."], new_cache(site)) == cold
    assert calls == {}  # nothing changed: every rule's output was replayed
    # A body edit changes the article's lines, not its title or slug.
    target = site / "posts" / "offer.md"
    target.write_text(
        article(
            "Reading a Job Offer Line by Line",
            "offer",
            "\nAsk when the offer expires before you answer it.\n",
        ),
        encoding="utf-8",
    )
    edited = run(["."], new_cache(site))
    assert calls == {"ST002": 1}
    assert edited == run(["."], None)
    # A title edit runs the title rules again, and they see the new title.
    calls.clear()
    (site / "posts" / "copy.md").write_text(
        article("Counting Vacation Days", "copy"), encoding="utf-8"
    )
    retitled = run(["."], new_cache(site))
    assert calls == {"TI002": 1, "TI003": 1}  # the slug and the body are as they were
    assert not any(f.code == "TI002" for f in retitled)
    assert retitled == run(["."], None)


def test_a_damaged_corpus_output_is_recomputed(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    age(site)
    calls = _count_corpus_runs(monkeypatch)
    (site / "posts" / "copy.md").write_text(article(TITLE, "copy"), encoding="utf-8")
    age(site)
    first = run(["."], new_cache(site))
    (stored,) = (site / ".artlint_cache").glob("v*/corpus-TI002-*.pickle")
    stored.write_bytes(b"not a pickle")
    calls.clear()
    assert run(["."], new_cache(site)) == first
    assert calls == {"TI002": 1}
    calls.clear()
    assert run(["."], new_cache(site)) == first
    assert calls == {}


def test_a_one_file_run_reuses_the_site_runs_corpus_output(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pre-commit names one edited file; rules whose facts it did not change reuse
    what the whole-site run computed, because inputs are ordered by path."""
    age(site)
    calls = _count_corpus_runs(monkeypatch)
    run(["."], new_cache(site))
    calls.clear()
    target = site / "posts" / "offer.md"
    target.write_text(
        article(
            "Reading a Job Offer Line by Line",
            "offer",
            "\nAsk when the offer expires before you answer it.\n",
        ),
        encoding="utf-8",
    )
    one = str(Path("posts", "offer.md"))
    findings = run([one], new_cache(site))
    assert calls == {"ST002": 1}
    assert findings == run([one], None)


def test_every_finding_comes_with_its_source_line(site: Path) -> None:
    """Reporters read no files: the run hands them each flagged line, also when a
    one-file run reuses corpus output computed while the whole site was linted."""
    age(site)
    (site / "posts" / "copy.md").write_text(article(TITLE, "copy"), encoding="utf-8")
    age(site)
    one = str(Path("posts", "copy.md"))
    whole = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    alone = engine.execute(engine.Run([one], engine.Settings(), 1, None, new_cache(site)))
    piped_text = article(TITLE, "piped")
    piped = engine.execute(engine.Run([], engine.Settings(), 1, ("piped.md", piped_text), None))

    def text_of(path: str) -> list[str]:
        if path == "piped.md":
            return piped_text.split("\n")
        return (site / path).read_text(encoding="utf-8").split("\n")

    for result in (whole, alone, piped):
        assert result.findings
        for f in result.findings:
            loc = f.location
            assert result.source(loc.path, loc.line) == text_of(loc.path)[loc.line - 1]
        assert "".join(result.texts()) == _text_report(result)
    assert any(f.code == "TI002" for f in alone.findings)
    assert any(f.code == "TI002" for f in piped.findings)


def test_entries_of_deleted_files_are_pruned(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from artlint import cache as cache_mod

    monkeypatch.setattr(cache_mod, "KEEP_RUNS", 1)
    age(site)
    run(["."], new_cache(site))
    (site / "posts" / "extra-0.md").unlink()
    for i in range(3):  # each run rewrites the shards it changed
        (site / "posts" / "offer.md").write_text(
            article(f"Offer Take {i}", "offer"), encoding="utf-8"
        )
        for shard in _shards(site):  # force every shard to be rewritten
            shard.write_bytes(b"broken")
        run(["."], new_cache(site))
    total = sum(len(load_file(str(s))[2]) for s in _shards(site))
    assert total == 7
    assert len(_shards(site)) <= SHARDS


def test_clean_removes_only_a_cache_folder(site: Path, tmp_path: Path) -> None:
    from artlint.cache import clean, main

    run(["."], new_cache(site))
    not_a_cache = tmp_path / "precious"
    not_a_cache.mkdir()
    with pytest.raises(ValueError):
        clean(str(not_a_cache))
    assert not_a_cache.is_dir()
    assert main(["info", str(site / ".artlint_cache")]) == 0
    assert main(["clean", str(site / ".artlint_cache")]) == 0
    assert not (site / ".artlint_cache").exists()


def test_an_unwritable_cache_does_not_fail_the_run(site: Path) -> None:
    blocker = site / "blocked"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = Cache(str(blocker / "cache"), engine.Settings(), engine.registry(engine.Settings()))
    assert run(["."], cache) == run(["."], None)


def test_a_warm_run_reads_no_article(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun reads only changed files: the excerpt lines of every finding, the
    cross-file ones included, come from the cache."""
    import builtins

    age(site)
    (site / "posts" / "copy.md").write_text(article(TITLE, "copy"), encoding="utf-8")
    age(site)
    cold = run(["."], new_cache(site))
    assert any(f.code == "TI002" for f in cold)
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith(".md"):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", spy)
    result = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    assert result.findings == cold
    assert opened == []
    assert all(result.source(f.location.path, f.location.line) is not None for f in result.findings)


def _text_report(result: engine.RunResult) -> str:
    """The text report rendered now from the findings, the reference for stored text."""
    from artlint.reporters import ReportContext, render

    return render("text", result.findings, ReportContext(files=result.files, source=result.source))


def test_stored_texts_print_what_the_findings_render(site: Path) -> None:
    """A warm run prints each file's text as its worker made it; with cross-file
    findings merged in, it is byte for byte what rendering the findings gives."""
    age(site)
    (site / "posts" / "copy.md").write_text(article(TITLE, "copy"), encoding="utf-8")
    age(site)
    cold = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    cache = new_cache(site)
    warm = engine.execute(engine.Run(["."], engine.Settings(), 1, None, cache))
    assert cache.hits == 9
    assert {"TI002", "HD001"} <= {f.code for f in warm.findings}
    assert all(r.texts is not None for r in warm.results)
    expected = _text_report(cold)
    assert "".join(warm.texts()) == "".join(cold.texts()) == expected
    tally = warm.tally()
    assert tally == Tally.of(warm.findings) == Tally.of(cold.findings)
    assert tally.files == len({f.location.path for f in cold.findings}) < tally.findings
    assert expected.index("posts/copy.md:2:8: TI002") < expected.index("posts/extra-0.md")


def test_stored_texts_are_not_reused_under_another_spelling(site: Path) -> None:
    age(site)
    run(["."], new_cache(site))
    absolute = str(site / "posts" / "mixed.md")
    result = engine.execute(engine.Run([absolute], engine.Settings(), 1, None, new_cache(site)))
    (res,) = result.results
    # Cached as posts/mixed.md: the stored texts name that path, so they are not used.
    assert res.texts is not None and results._stored_texts(res) is None
    text = "".join(result.texts())
    assert text == _text_report(result)
    assert f"{absolute}:" in text and "\nposts/mixed.md" not in text


def test_a_replayed_cross_file_finding_shows_the_line_as_it_is_now(site: Path) -> None:
    """An edit that leaves a rule's facts alone reuses the rule's output, but its
    excerpt is the line as it reads now, not as it read when the rule ran."""
    age(site)
    copy = site / "posts" / "copy.md"
    copy.write_text(article(TITLE, "copy"), encoding="utf-8")
    age(site)
    run(["."], new_cache(site))
    text = copy.read_text(encoding="utf-8").replace(
        f"title: {TITLE}\n", f"title: {TITLE}  # draft\n"
    )
    copy.write_text(text, encoding="utf-8")
    result = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    report = "".join(result.texts())
    assert f"   2 | title: {TITLE}  # draft\n" in report
    assert report == _text_report(
        engine.execute(engine.Run(["."], engine.Settings(), 1, None, None))
    )


@given(st.lists(st.text(alphabet="ab./:", max_size=8), max_size=6))
@hypothesis_settings(max_examples=300)
def test_absolute_agrees_with_abspath(paths: list[str]) -> None:
    """The cache's keys: `discover.absolute` skips normalising plain relative paths."""
    assert discover.absolute(paths) == [os.path.abspath(p) for p in paths]  # noqa: PTH100


def test_absolute_leaves_plain_paths_in_folders_unnormalised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What discovery yields (`posts/2024/a.md`) is joined to the working folder as
    it is: normalising each one cost a warm run of a large site tens of ms."""
    paths = ["posts/2024/a.md", "b.md"]
    expected = [os.path.abspath(p) for p in paths]  # noqa: PTH100

    normalised: list[str] = []
    normpath = os.path.normpath

    def noted(p: str) -> str:
        normalised.append(p)
        return normpath(p)

    monkeypatch.setattr(discover.os.path, "normpath", noted)
    got = discover.absolute(paths)
    monkeypatch.undo()
    assert got == expected
    assert normalised == []


def test_colour_changes_nothing_but_escape_codes(site: Path) -> None:
    """On a terminal the report is rendered from the findings, in colour; without
    the escape codes it is what the stored texts say."""
    import re

    from artlint.reporters import ReportContext, render

    age(site)
    run(["."], new_cache(site))
    result = engine.execute(engine.Run(["."], engine.Settings(), 1, None, new_cache(site)))
    coloured = render(
        "text", result.findings, ReportContext(files=result.files, color=True, source=result.source)
    )
    assert "\x1b[1;31m^" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == "".join(result.texts())


def test_an_edit_that_changes_no_fact_costs_the_corpus_rules_nothing(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's signature is over the files' facts, not their content: an edit
    the facts do not see reuses every rule's output without working out its key."""
    age(site)
    calls = _count_corpus_runs(monkeypatch)
    run(["."], new_cache(site))
    keyed: list[str] = []
    real_key = corpus_phase._inputs_key

    def counted(code: str, *rest: object) -> str:
        keyed.append(code)
        return real_key(code, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus_phase, "_inputs_key", counted)
    calls.clear()
    target = site / "posts" / "offer.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nOk.\n", encoding="utf-8")
    cache = new_cache(site)
    findings = run(["."], cache)
    assert cache.misses == 1
    assert calls == {} and keyed == []
    assert findings == run(["."], None)
    # A title edit changes a fact: the rules that read titles work out their keys again.
    calls.clear()
    target.write_text(article("Reading an Offer Letter Twice", "offer"), encoding="utf-8")
    run(["."], new_cache(site))
    assert {"TI002", "TI003"} <= set(keyed) and calls.keys() == {"TI002", "TI003"}


def _age_folders(root: Path) -> None:
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        st = folder.stat()
        os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


def test_a_walk_is_reused_until_a_folder_changes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders whose mtime has not moved are not listed again; adding or removing
    a file moves its folder's mtime, and the next run sees it."""
    age(site)
    run(["."], new_cache(site))  # creates the cache folder: the root's mtime moves
    _age_folders(site)
    first = run(["."], new_cache(site))
    listed: list[str] = []
    real_scandir = os.scandir

    def counted(path: str) -> object:
        listed.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counted)
    assert run(["."], new_cache(site)) == first
    assert listed == []
    extra = site / "posts" / "late.md"
    extra.write_text(article("A Late Piece on Shift Swaps", "late"), encoding="utf-8")
    added = run(["."], new_cache(site))
    assert listed  # the posts folder changed: walked again
    assert any(f.location.path == str(Path("posts", "late.md")) for f in added)
    assert added == run(["."], None)
    extra.unlink()
    assert run(["."], new_cache(site)) == first


# --------------------------------------------------------------------------- a passive cache


def test_the_cache_imports_no_phase_of_the_run() -> None:
    """The engine asks the cache; the cache never drives linting nor reaches
    into the engine's worker state (type-only imports aside)."""
    import ast

    import artlint.cache

    tree = ast.parse(Path(artlint.cache.__file__).read_text(encoding="utf-8"))
    type_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for n in ast.walk(node)
    }
    phases = {"engine", "file_phase", "pool", "corpus_phase"}
    imported = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            imported.update(n.removeprefix("artlint.") for n in names)
        elif isinstance(node, ast.Import):
            imported.update(a.name.removeprefix("artlint.") for a in node.names)
    assert not imported & phases
    assert "_context" not in Path(artlint.cache.__file__).read_text(encoding="utf-8")


def test_lookup_misses_then_replays_what_was_stored(site: Path) -> None:
    age(site)
    ctx = file_phase.Context(engine.Settings())
    cache = new_cache(site)
    paths = ["posts/salary.md", "posts/mixed.md"]
    assert cache.lookup(paths, ctx.config_for) == [None, None]
    fresh = [file_phase.lint_record(p, ctx) for p in paths]
    for res in fresh:
        cache.store(res)
    cache.flush()
    again = new_cache(site).lookup(paths, ctx.config_for)
    assert [r.findings if r else None for r in again] == [r.findings for r in fresh]
    facts = new_cache(site).lookup(paths, ctx.config_for, facts_only=True)
    assert [(r.facts, r.packed) if r else None for r in facts] == [(r.facts, b"") for r in fresh]


def test_a_stamp_taken_within_the_racy_window_is_stored_untrusted(site: Path) -> None:
    age(site)
    ctx = file_phase.Context(engine.Settings())
    cache = new_cache(site)
    (path,) = paths = ["posts/salary.md"]
    cache.lookup(paths, ctx.config_for)
    res = file_phase.lint_record(path, ctx)
    assert res.stat is not None
    res.stat_at = res.stat[0] + stamps.RACY_WINDOW_NS - 1  # read just after an edit
    cache.store(res)
    ((entry,),) = [s.entries.values() for s in cache._load() if s.entries]
    assert entry[STAT] is None  # the next run compares the content instead
    res.stat_at = res.stat[0] + stamps.RACY_WINDOW_NS
    cache.store(res)
    ((entry,),) = [s.entries.values() for s in cache._load() if s.entries]
    assert entry[STAT] == res.stat


def test_a_file_lookup_did_not_miss_or_without_a_digest_is_not_stored(site: Path) -> None:
    ctx = file_phase.Context(engine.Settings())
    cache = new_cache(site)
    cache.store(file_phase.lint_record("posts/salary.md", ctx))  # never looked up
    cache.lookup(["posts/offer.md"], ctx.config_for)
    unread = file_phase.lint_record("posts/offer.md", ctx)
    unread.digest = ""  # as for an unreadable file, or a rule that ran out of time
    cache.store(unread)
    assert all(not s.entries for s in cache._load())


def test_the_cache_key_reads_the_files_rule_options_name_and_no_other(tmp_path: Path) -> None:
    """A file named by a file option changes the key when its content does; a
    string option that happens to spell an existing file's name (HD001's `style`)
    is a word, and that file's content is no part of the key."""
    (tmp_path / "hd.yaml").write_text("spellings: []\n", encoding="utf-8")
    (tmp_path / "sentence").write_text("one\n", encoding="utf-8")
    cfg = from_mapping(
        {"rules": {"HD002": {"lexicon": "hd.yaml"}, "HD001": {"style": "sentence"}}},
        tmp_path / ".artlint.yaml",
    )
    files = selection.build(cfg, registry.load()).named_files
    before = config_key(cfg, files)
    (tmp_path / "sentence").write_text("two\n", encoding="utf-8")
    assert config_key(cfg, files) == before
    (tmp_path / "hd.yaml").write_text("spellings: [iPhone]\n", encoding="utf-8")
    assert config_key(cfg, files) != before


@pytest.mark.parametrize("enabled", [True, False])
def test_storing_and_loading_hold_the_collector_off_and_restore_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    import gc
    import pickle

    seen: list[bool] = []
    real_loads = pickle.loads

    class Seeing(pickle.Pickler):
        def dump(self, obj: object) -> None:
            seen.append(gc.isenabled())
            super().dump(obj)

    def loads(data: bytes) -> object:
        seen.append(gc.isenabled())
        return real_loads(data)

    monkeypatch.setattr(pickle, "loads", loads)
    (gc.enable if enabled else gc.disable)()
    try:
        path = str(tmp_path / "entry.pickle")
        store_file(path, {"a": [1, 2, 3]}, Seeing)
        assert gc.isenabled() is enabled
        assert load_file(path) == {"a": [1, 2, 3]}
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False, False]


def test_a_store_that_fails_midway_keeps_the_last_file_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """The file is pickled as it is written: an object that cannot be pickled
    fails after part of it is on disk, and that part never replaces the last
    good file."""

    class Unpicklable:
        def __reduce__(self) -> tuple[object, ...]:
            raise TypeError("not this one")

    path = str(tmp_path / "state-XX001-3.pickle")
    store_file(path, {"kept": list(range(10))})
    with pytest.raises(TypeError, match="not this one"):
        store_file(path, {"big": list(range(100_000)), "then": Unpicklable()})
    assert load_file(path) == {"kept": list(range(10))}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state-XX001-3.pickle"]


def test_a_file_too_large_to_read_back_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run that wrote it may read it back in its corpus phase: a file
    `load_file` would refuse must not replace the last one."""
    from artlint import cachedir

    path = str(tmp_path / "state-XX001-3.pickle")
    store_file(path, {"kept": 1})
    monkeypatch.setattr(cachedir, "MAX_FILE_BYTES", 200)
    with pytest.raises(OSError, match="larger than a cache file may be"):
        store_file(path, {"big": "x" * 500})
    assert load_file(path) == {"kept": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state-XX001-3.pickle"]


def test_a_stored_file_is_signed_over_what_was_written(tmp_path: Path) -> None:
    """Signed as it streams: one byte changed anywhere after the signature, in
    the first frame or the last, and the file is not used."""
    path = tmp_path / "state-XX001-3.pickle"
    store_file(str(path), {"rows": [str(n) * 20 for n in range(20_000)]})
    data = path.read_bytes()
    for at in (60, len(data) // 2, len(data) - 2):
        changed = bytearray(data)
        changed[at] ^= 1
        path.write_bytes(bytes(changed))
        assert load_file(str(path)) is None
    path.write_bytes(data)
    assert load_file(str(path)) == {"rows": [str(n) * 20 for n in range(20_000)]}
