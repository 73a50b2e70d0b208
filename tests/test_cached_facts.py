"""Cached facts stay on disk until a rule needs them, and a lost one is never replayed.

The cache's index keeps which rules have a fact for each file and the digest of
each; the facts live in a file per shard beside it.  These tests pin what that
buys (a warm or edit run reads no facts file) and what it must never cost: a
facts file that is gone or older than its shard makes the run go on without
the cache, with the findings of an uncached run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from artlint import cache as cache_mod
from artlint import codec, engine
from artlint.cache import Cache
from artlint.model import Finding
from artlint.results import FileResult, StoredFacts, rule_facts, sums_of

pytestmark = pytest.mark.usefixtures("pinned_cache_key")


def article(title: str, slug: str) -> str:
    return (
        f"---\ntitle: {title}\ndescription: Notes on a first week in a new team.\n"
        f"date: 2024-03-01\nslug: {slug}\n---\n\n## The first morning\n\n"
        "Ask who reviews your work and when they expect the first draft.\n"
    )


TITLES = [
    "Starting a New Job Remotely",
    "Starting a New Job Remotely",  # TI002 across two files
    "Your First Week as a Team Lead",
    "Meeting Your New Manager",
    "Learning the Codebase in Week One",
]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / ".artlint.yaml").write_text('corpus: ["posts/**/*.md"]\n', encoding="utf-8")
    for n, title in enumerate(TITLES):
        (root / "posts" / f"p{n}.md").write_text(article(title, f"p{n}"), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def new_cache(root: Path) -> Cache:
    settings = engine.Settings()
    return Cache(str(root / ".artlint_cache"), settings, engine.registry(settings))


def run(cache: Cache | None) -> list[Finding]:
    result = engine.execute(engine.Run(["."], engine.Settings(), 1, None, cache))
    assert not result.errors
    return result.findings


def env(root: Path) -> Path:
    (folder,) = (root / ".artlint_cache").glob("v*-*")
    return folder


def facts_files(root: Path) -> list[Path]:
    return sorted(env(root).glob("facts-*.pickle"))


def forget_outputs(root: Path) -> None:
    """Drop every rule's memo and kept state: the next run has to run each rule
    over every file's facts."""
    for pattern in ("corpus-*.pickle", "state-*.pickle"):
        for path in env(root).glob(pattern):
            path.unlink()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The facts files read, by path."""
    seen: list[str] = []
    load = cache_mod.load_file

    def counted(path: str) -> object:
        if Path(path).name.startswith("facts-"):
            seen.append(path)
        return load(path)

    monkeypatch.setattr(cache_mod, "load_file", counted)
    return seen


def test_a_cold_run_reads_each_rules_facts_back_once_it_comes_to_run(
    site: Path, reads: list[str]
) -> None:
    cold = run(new_cache(site))
    assert cold == run(None)
    # Written once the per-file phase was over, then read back a rule at a
    # time instead of held through the corpus phase.
    assert sorted(reads) == [str(p) for p in facts_files(site)]
    assert {p.name.split("-")[2] for p in facts_files(site)} >= {"TI002.pickle", "ST002.pickle"}


def test_a_warm_run_reads_no_facts_and_an_edit_only_its_shards(
    site: Path, reads: list[str]
) -> None:
    cold = run(new_cache(site))
    assert any(f.code == "TI002" for f in cold)
    reads.clear()
    warm = new_cache(site)
    assert run(warm) == cold and warm.hits == len(TITLES)
    assert not reads
    before = {p: p.stat().st_mtime_ns for p in facts_files(site)}
    edited_file = site / "posts" / "p4.md"
    edited_file.write_text(article("Starting a New Job Remotely", "p4"), encoding="utf-8")
    edited = new_cache(site)
    found = run(edited)
    assert found == run(None)
    assert edited.misses == 1
    assert sum(f.code == "TI002" for f in found) == 3
    # Only the edited file's shard's files of the rules whose facts changed
    # were read (to be written again, then read back).
    shard = f"facts-{cache_mod._shard_of(str(edited_file)):02d}-"
    assert reads and all(Path(r).name.startswith(shard) for r in reads)
    rewritten = {p.name for p, t in before.items() if p.stat().st_mtime_ns != t}
    assert rewritten and all(n.startswith(shard) for n in rewritten)
    assert f"{shard}TI002.pickle" in rewritten  # the title's rules
    assert not any(c in n for n in rewritten for c in ("ST002", "TI004"))  # lines, slug


def test_a_rule_run_afresh_reads_cached_facts(site: Path, reads: list[str]) -> None:
    cold = run(new_cache(site))
    forget_outputs(site)
    warm = new_cache(site)
    assert run(warm) == cold and warm.hits == len(TITLES)
    assert reads  # every rule ran again, over the facts the cache kept


@pytest.mark.parametrize("damage", ["deleted", "older", "garbage"])
def test_facts_the_cache_lost_are_not_replayed(site: Path, damage: str) -> None:
    cold = run(new_cache(site))
    older = {p.name: p.read_bytes() for p in facts_files(site)}
    for n in range(len(TITLES)):  # every file stored again: every facts file anew
        (site / "posts" / f"p{n}.md").write_text(
            article(f"Retitled Article {n} on Onboarding", f"p{n}"), encoding="utf-8"
        )
    edited = run(new_cache(site))
    assert edited != cold
    for path in facts_files(site):
        if damage == "deleted":
            path.unlink()
        elif damage == "older":
            path.write_bytes(older[path.name])
        else:
            path.write_bytes(b"\x80\x05 not a facts file")
    forget_outputs(site)
    again = new_cache(site)
    assert run(again) == edited == run(None)
    # The entries that lost their facts were dropped and the run went once
    # more through the cache: it linted those files again and stored them.
    assert again.misses == len(TITLES)
    forget_outputs(site)
    last = new_cache(site)
    assert run(last) == edited
    assert last.misses == 0


def test_a_shard_written_by_another_run_meanwhile_is_read_as_it_is_now(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs at once (a pre-commit hook beside an editor): the other one
    writes a shard anew between this run's lookup and its corpus phase."""
    run(new_cache(site))
    forget_outputs(site)
    mine = new_cache(site)
    flush, raced = Cache.flush, []
    forget = Cache.forget_lost
    stale: list[Cache] = []

    def forget_lost(self: Cache) -> None:
        stale.append(self)
        forget(self)

    def flush_then_another_run(self: Cache) -> None:
        flush(self)
        if self is mine and not raced:
            raced.append(True)
            (site / "posts" / "p3.md").write_text(
                article("Meeting Your New Manager Early", "p3"), encoding="utf-8"
            )
            run(new_cache(site))
            (site / "posts" / "p3.md").write_text(
                article("Meeting Your New Manager", "p3"), encoding="utf-8"
            )

    monkeypatch.setattr(Cache, "flush", flush_then_another_run)
    monkeypatch.setattr(Cache, "forget_lost", forget_lost)
    assert run(mine) == run(None)
    assert stale == [mine]  # it noticed, and the second pass through the cache held


class _Source:
    def __init__(self, facts: dict[str, bytes]) -> None:
        self.facts = facts
        self.asked: list[str] = []

    def fact_of(self, abspath: str, code: str, lead: bytes) -> bytes:
        self.asked.append(code)
        assert self.facts[code][: codec.FACT_SUM] == lead
        return self.facts[code]


def test_stored_facts_read_each_rules_fact_only_when_asked() -> None:
    encoded = {code: codec.dumps_fact((code, n), "a.md") for n, code in enumerate("ABC")}
    source = _Source(dict(encoded))
    sums = b"".join(f[: codec.FACT_SUM] for f in encoded.values())
    facts = StoredFacts(tuple(encoded), sums, source, "/site/a.md")
    assert [facts.sum(c) for c in "ABC"] == [f[: codec.FACT_SUM] for f in encoded.values()]
    assert "B" in facts and "D" not in facts and list(facts) == ["A", "B", "C"]
    assert not source.asked
    assert facts["C"] == encoded["C"] and facts["A"] == encoded["A"]
    assert source.asked == ["C", "A"]


def test_a_rule_done_with_lets_go_of_the_cached_facts_it_read(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = run(new_cache(site))
    forget_outputs(site)  # every rule runs again, over the facts the cache kept
    held: dict[str, int] = {}
    real = Cache.let_go

    def let_go(self: Cache, code: str) -> None:
        shards = list(self._sources)
        held[code] = sum(len(s.loaded.get(code, ())) for s in shards)
        real(self, code)
        assert not any(code in s.loaded for s in shards)

    monkeypatch.setattr(Cache, "let_go", let_go)
    assert run(new_cache(site)) == cold
    assert {"TI002", "ST002"} <= set(held)
    assert held["TI002"] == held["ST002"] == len(TITLES)  # read in, then let go


def test_a_rules_facts_and_digests_come_from_both_kinds_of_facts_in_step() -> None:
    def fact(code: str, n: int) -> bytes:
        return codec.dumps_fact((code, n), "x.md")

    stored = {code: fact(code, 1) for code in "AB"}
    source = _Source(dict(stored))
    files = [
        FileResult("cached.md", facts=StoredFacts(tuple(stored), sums_of(stored), source, "/c")),
        FileResult("fresh.md", facts={"B": fact("B", 2)}),
        FileResult("other.md", facts={"C": fact("C", 3)}),
        FileResult("fresh.md", facts={"B": fact("B", 4)}),  # piped text named like a file
    ]
    by_path, sums = rule_facts("B", files)
    assert list(by_path) == ["cached.md", "fresh.md"]
    assert sums == [stored["B"][: codec.FACT_SUM], fact("B", 4)[: codec.FACT_SUM]]
    assert not source.asked  # keyed from the index's digests alone
    assert rule_facts("A", files)[1] == [stored["A"][: codec.FACT_SUM]]
    assert rule_facts("D", files) == ({}, [])


def test_facts_kept_past_the_run_are_read_in_at_once(site: Path) -> None:
    run(new_cache(site))
    paths = [str(Path("posts", f"p{n}.md")) for n in range(len(TITLES))]
    kept = engine.read_facts(paths, engine.Settings(), 1, new_cache(site))
    assert all(type(r.facts) is dict and r.facts for r in kept)
    fresh = engine.read_facts(paths, engine.Settings(), 1, None)
    assert [r.facts for r in kept] == [r.facts for r in fresh]
    # A later run may write the facts files anew; what was read in stays.
    for path in facts_files(site):
        path.unlink()
    assert [r.facts for r in kept] == [r.facts for r in fresh]
    lost = engine.read_facts(paths, engine.Settings(), 1, new_cache(site))
    assert [r.facts for r in lost] == [r.facts for r in fresh]


def test_facts_files_are_among_the_cache_files_artlint_owns(site: Path) -> None:
    """Only files artlint names are ever deleted or rewritten in a cache folder."""
    run(new_cache(site))
    from artlint import cachedir

    assert facts_files(site)
    assert all(cachedir._OWN_FILE.match(p.name) for p in facts_files(site))
    assert not cachedir._OWN_FILE.match("facts-1.pickle")
