"""The cache never harms the machine it runs on, whatever the repository holds.

The cache folder sits in the linted repository and its place comes from the
repository's config, so a pull request controls both.  These tests plant what an
attacker (or a bug) could: a cache folder that is the user's own, pickles that
run code, entries of the wrong shape, listings naming files elsewhere, edits
that keep a file's mtime, and changes to the files a result depends on.
"""

from __future__ import annotations

import hmac
import os
import pickle
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from artlint import cache as cache_mod
from artlint import cachedir, engine
from artlint.cache import (
    DEPS,
    DIGEST,
    FACTS,
    MAX_ENVIRONMENTS,
    STAT,
    TALLY,
    TEXTS,
    Cache,
)
from artlint.cachedir import FORMAT, load_file, store_file
from artlint.cli import main
from artlint.model import Finding
from artlint.stamps import stat_key

ARTICLE = """\
---
title: {title}
description: What a first week in a support team looks like.
date: 2024-05-02
slug: {slug}
---

## The first morning

Shadow a colleague on live calls before you take one yourself.
"""


def write_article(path: Path, title: str, slug: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(title=title, slug=slug), encoding="utf-8")


def age(path: Path) -> None:
    """Move a file's mtime out of the racy window (its ctime moves to now)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site of four articles, two sharing a title (so corpus rules have output),
    with a configured corpus, made the working folder."""
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / ".artlint.yaml").write_text('corpus: ["posts/**/*.md"]\n', encoding="utf-8")
    write_article(root / "posts" / "first-week.md", "Your First Week on a Support Desk", "a")
    write_article(root / "posts" / "again.md", "Your First Week on a Support Desk", "b")
    write_article(root / "posts" / "headset.md", "Choosing a Headset for Long Calls", "c")
    write_article(root / "posts" / "queue.md", "Working Through Tickets in Queues", "d")
    for path in root.rglob("*.md"):
        age(path)
    monkeypatch.chdir(root)
    return root


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["--format", "json", *args])


def run(cache: Cache | None, paths: tuple[str, ...] = (".",)) -> list[Finding]:
    result = engine.execute(engine.Run(list(paths), engine.Settings(), 1, None, cache))
    assert not result.errors
    return result.findings


def new_cache(root: Path) -> Cache:
    return Cache(
        str(root / ".artlint_cache"), engine.Settings(), engine.registry(engine.Settings())
    )


def env_dir(root: Path) -> Path:
    (env,) = (root / ".artlint_cache").glob("v*-*")
    return env


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, bytes | str]]:
    """Every entry under `folder` (but `skip`): its mode and its bytes or link target."""
    out: dict[str, tuple[int, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] in skip:
            continue
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            out[str(rel)] = (st.st_mode, str(path.readlink()))
        elif stat.S_ISREG(st.st_mode):
            out[str(rel)] = (st.st_mode, path.read_bytes())
        else:
            out[str(rel)] = (st.st_mode, "")
    return out


# --------------------------------------------------------------------------- 1. deleting


def _users_folder(tmp_path: Path) -> Path:
    """A folder of the user's with `v`-named folders older than anything artlint
    makes, and a `.gitignore`, and a repository inside it."""
    outer = tmp_path / "home"
    for name in ("vendor", "v1", "videos"):
        (outer / name / "sub").mkdir(parents=True)
        (outer / name / "notes.txt").write_text(f"the user's {name}\n", encoding="utf-8")
        (outer / name / "sub" / "more.txt").write_bytes(b"\x00\x01 binary too")
    (outer / ".gitignore").write_text("*.log\n", encoding="utf-8")
    for name in ("vendor", "v1", "videos"):
        os.utime(outer / name, ns=(1_000_000_000, 1_000_000_000))
    write_article(outer / "repo" / "posts" / "a.md", "Answering the Phone", "a")
    return outer


@pytest.mark.parametrize("how", ["--cache-dir", "cache-dir key"])
def test_a_cache_dir_naming_the_users_folder_changes_nothing_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    outer = _users_folder(tmp_path)
    repo = outer / "repo"
    args: list[str] = []
    if how == "--cache-dir":
        args = ["--cache-dir", ".."]
    else:
        (repo / ".artlint.yaml").write_text("cache-dir: ..\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    before = snapshot(outer, skip=("repo", ".artlint_cache"))
    selections = ["FM001", "FM002", "FM003", "FM004", "FM005", "FM006", "FM007", "HD001", "HD002"]
    assert len(selections) > MAX_ENVIRONMENTS + 1  # so that pruning runs
    for code in selections:
        result = cli(*args, "--select", code, "posts")
        assert result.exit_code in (0, 1), result.output
    assert snapshot(outer, skip=("repo", ".artlint_cache")) == before
    assert not (outer / "CACHEDIR.TAG").exists()
    # The cache went into a folder of artlint's own, and pruning still works there.
    own = outer / ".artlint_cache"
    assert cachedir.owns(str(own))
    assert len(list(own.glob("v*-*"))) == MAX_ENVIRONMENTS


def test_pruning_deletes_only_the_files_artlint_names(tmp_path: Path, site: Path) -> None:
    for code in ("FM001", "FM002", "FM003", "FM004", "FM005", "FM006"):
        assert cli("--select", code, "posts").exit_code in (0, 1)
    cache_dir = site / ".artlint_cache"
    # Older than every environment, so the first to go: one of artlint's with a
    # user's file put in it; one only named like one, holding a file named like
    # artlint's; a link to a folder elsewhere; a file.
    ours = sorted(cache_dir.glob(f"v{FORMAT}-*"))[0]
    (ours / "notes.txt").write_text("mine too\n", encoding="utf-8")
    squatter = cache_dir / f"v9-{'0' * 24}"
    squatter.mkdir()
    (squatter / "notes.txt").write_text("mine\n", encoding="utf-8")
    (squatter / "shard-00.pickle").write_bytes(b"named like artlint's")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "shard-01.pickle").write_bytes(b"not in the cache at all")
    link = cache_dir / f"v8-{'1' * 24}"
    link.symlink_to(elsewhere, target_is_directory=True)
    (cache_dir / f"v7-{'2' * 24}").write_bytes(b"a file, not a folder")
    for entry in (ours, squatter, link, cache_dir / f"v7-{'2' * 24}"):
        os.utime(entry, ns=(1_000_000_000, 1_000_000_000), follow_symlinks=False)
    before = snapshot(cache_dir, skip=tuple(p.name for p in cache_dir.glob(f"v{FORMAT}-*")))
    kept = snapshot(elsewhere)
    for code in ("HD001", "HD002", "HD003"):
        assert cli("--select", code, "posts").exit_code in (0, 1)
    assert [p.name for p in ours.iterdir()] == ["notes.txt"]  # artlint's files went
    assert snapshot(cache_dir, skip=tuple(p.name for p in cache_dir.glob(f"v{FORMAT}-*"))) == before
    assert snapshot(elsewhere) == kept
    marked = [e for e in cache_dir.glob(f"v{FORMAT}-*") if (e / cachedir.MARKER).exists()]
    assert len(marked) == MAX_ENVIRONMENTS


def test_clean_deletes_only_what_artlint_made(tmp_path: Path, site: Path) -> None:
    assert cli("posts").exit_code == 1
    cache_dir = site / ".artlint_cache"
    (cache_dir / "notes.txt").write_text("the user's\n", encoding="utf-8")
    assert cache_mod.main(["clean", str(cache_dir)]) == 0
    assert [p.name for p in cache_dir.iterdir()] == ["notes.txt"]
    # Another tool's cache folder has a CACHEDIR.TAG too: not artlint's to delete.
    other = tmp_path / "other-tool-cache"
    (other / "data").mkdir(parents=True)
    (other / "CACHEDIR.TAG").write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n# made by another tool\n", encoding="utf-8"
    )
    (other / "data" / "blob").write_bytes(b"keep")
    before = snapshot(other)
    assert cache_mod.main(["clean", str(other)]) == 0  # "no cache at ..."
    assert snapshot(other) == before
    (other / "data" / "blob").unlink()
    (other / "data").rmdir()
    (other / "CACHEDIR.TAG").unlink()
    assert cache_mod.main(["clean", str(other)]) == 2  # empty, and not artlint's
    assert other.is_dir()


def test_an_empty_folder_becomes_the_cache(tmp_path: Path, site: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("--cache-dir", str(empty), "posts").exit_code == 1
    assert cachedir.owns(str(empty))
    assert (empty / ".gitignore").read_text(encoding="utf-8").endswith("\n*\n")
    assert len(list(empty.glob("v*-*/shard-*.pickle"))) > 0


def test_a_users_gitignore_in_an_adopted_cache_is_never_rewritten(site: Path) -> None:
    assert cli("posts").exit_code == 1
    gitignore = site / ".artlint_cache" / ".gitignore"
    gitignore.write_text("# edited by the user\n", encoding="utf-8")
    assert cli("--select", "FM001", "posts").exit_code in (0, 1)
    assert gitignore.read_text(encoding="utf-8") == "# edited by the user\n"


# --------------------------------------------------------------------------- 2. planted code


class _Planted:
    """Unpickling this writes `marker`: what a hostile cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


KINDS = {
    "shard": "shard-*.pickle",
    "listing": "listings.pickle",
    "corpus output": "corpus-TI*.pickle",
    "corpus run": "corpus-run.pickle",
    "environment marker": "environment.pickle",
}


def _forged(path: Path, planted: bytes, how: str) -> bytes:
    """`planted` as an attacker would write it to `path`: a bare pickle (as
    artlint wrote them once), or with artlint's header and a made-up MAC, or a
    real MAC under a key that is not the user's."""
    if how == "bare pickle":
        return planted
    if how == "forged mac":
        return cachedir.MAGIC + b"\0" * 32 + planted
    mac = hmac.new(b"the attacker's own key", cachedir._label(str(path)), "sha256")
    mac.update(planted)
    return cachedir.MAGIC + mac.digest() + planted


@pytest.mark.parametrize("how", ["bare pickle", "forged mac", "other key"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_planted_pickle_never_runs(site: Path, tmp_path: Path, kind: str, how: str) -> None:
    first = run(new_cache(site))
    assert any(f.code == "TI002" for f in first)
    files = sorted(env_dir(site).glob(KINDS[kind]))
    assert files, f"the cold run wrote no {kind} file"
    marker = tmp_path / "marker"
    planted = pickle.dumps(_Planted(marker))
    for path in files:
        path.write_bytes(_forged(path, planted, how))
    age(site / "posts" / "queue.md")  # a new stamp to store: the run writes too
    assert run(new_cache(site)) == first
    assert cache_mod.main(["info", str(site / ".artlint_cache")]) == 0
    assert not marker.exists()


def test_a_planted_pickle_never_runs_through_cache_info(site: Path, tmp_path: Path) -> None:
    run(new_cache(site))
    marker = tmp_path / "marker"
    for path in env_dir(site).glob("*.pickle"):
        path.write_bytes(pickle.dumps(_Planted(marker)))
    done = subprocess.run(
        [sys.executable, "-m", "artlint.cache", "info"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "environments: 1" in done.stdout
    assert not marker.exists()


def test_an_oversized_cache_file_is_not_read(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(new_cache(site))
    monkeypatch.setattr(cachedir, "MAX_FILE_BYTES", 64)
    cache = new_cache(site)
    assert run(cache) == first
    assert cache.misses == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_planted_as_a_cache_file_is_not_opened_for_reading(site: Path) -> None:
    run(new_cache(site))
    for path in env_dir(site).glob("*.pickle"):
        path.unlink()
        os.mkfifo(path)
    (site / ".artlint_cache" / "CACHEDIR.TAG").unlink()
    os.mkfifo(site / ".artlint_cache" / "CACHEDIR.TAG")
    done = subprocess.run(
        [sys.executable, "-m", "artlint", "--format", "json", "posts"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert any(f["code"] == "TI002" for f in __import__("json").loads(done.stdout))


@pytest.mark.skipif(os.name == "nt", reason="POSIX owners and modes")
def test_the_key_is_the_users_alone(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    run(new_cache(site))
    key = home / "artlint" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == 32
    first = key.read_bytes()
    warm = new_cache(site)
    run(warm)
    assert warm.misses == 0 and key.read_bytes() == first
    # A key others can read is no secret: a fresh one replaces it, and what the
    # old one signed is linted again.
    key.chmod(0o644)
    cachedir._key_in.cache_clear()
    again = new_cache(site)
    run(again)
    assert again.hits == 0 and again.misses == 4
    assert key.read_bytes() != first and stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name == "nt", reason="POSIX owners and modes")
def test_without_a_writable_home_the_key_lives_in_a_private_temporary_folder(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    first = run(new_cache(site))
    (folder,) = (tmp_path / "tmp").iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600
    warm = new_cache(site)
    assert run(warm) == first and warm.hits == 4


@pytest.mark.skipif(os.name == "nt", reason="POSIX owners and modes")
def test_a_temporary_key_folder_others_made_is_not_used(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    squatted = tmp_path / "tmp" / f"artlint-{os.getuid()}"
    squatted.mkdir(parents=True)
    squatted.chmod(0o777)  # anyone could swap a key in
    first = run(new_cache(site))
    assert not (squatted / "key").exists()
    warm = new_cache(site)
    assert run(warm) == first and warm.hits == 0  # no key: no cache, same findings


def test_a_cache_signed_by_someone_else_is_not_used(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(new_cache(site))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    other = new_cache(site)
    assert run(other) == first
    assert other.hits == 0 and other.misses == 4


# --------------------------------------------------------------------------- 3. malformed


def _entries(root: Path) -> list[tuple[Path, tuple[int, bytes], dict[str, list[Any]]]]:
    out = []
    for path in sorted(env_dir(root).glob("shard-*.pickle")):
        run_no, tag, entries = load_file(str(path))
        out.append((path, (run_no, tag), entries))
    return out


MALFORMED: dict[str, Any] = {
    "too short": lambda e: e[:5],
    "too long": lambda e: [*e, "extra"],
    "not a list": lambda e: dict(enumerate(e)),
    "stamp of text": lambda e: [*e[:STAT], "mtime", *e[STAT + 1 :]],
    "digest a number": lambda e: [*e[:DIGEST], 7, *e[DIGEST + 1 :]],
    "facts a list": lambda e: [*e[:FACTS], [b"x"], *e[FACTS + 1 :]],
    "fact digests one short": lambda e: [*e[:FACTS], (e[FACTS][0], b"x"), *e[FACTS + 1 :]],
    "fact codes of numbers": lambda e: [*e[:FACTS], ((1,), bytes(12)), *e[FACTS + 1 :]],
    "tally unknown severity": lambda e: [*e[:TALLY], (1, "fatal"), *e[TALLY + 1 :]],
    "tally negative": lambda e: [*e[:TALLY], (-1, "error"), *e[TALLY + 1 :]],
    "dependencies of text": lambda e: [*e[:DEPS], "schema.json", *e[DEPS + 1 :]],
}


@pytest.mark.parametrize("damage", list(MALFORMED))
def test_a_malformed_entry_is_ignored_and_rebuilt(site: Path, damage: str) -> None:
    first = run(new_cache(site))
    damaged = 0
    for path, head, entries in _entries(site):
        for name in entries:
            entries[name] = MALFORMED[damage](entries[name])
            damaged += 1
        store_file(str(path), (*head, entries))
    assert damaged == 4
    cache = new_cache(site)
    assert run(cache) == first
    assert cache.misses == 4
    again = new_cache(site)
    assert run(again) == first
    assert again.hits == 4 and again.misses == 0


@pytest.mark.parametrize("texts", [[1, 2], ["one text too many\n"] * 9, "not a list"])
def test_stored_texts_of_the_wrong_shape_are_rendered_again(site: Path, texts: Any) -> None:
    assert cli("--format", "text", "posts").exit_code == 1
    for path, head, entries in _entries(site):
        for entry in entries.values():
            spelling, _ = pickle.loads(entry[TEXTS])
            entry[TEXTS] = pickle.dumps((spelling, texts))
        store_file(str(path), (*head, entries))
    warm = cli("--format", "text", "posts")
    assert warm.exit_code == 1, warm.output
    assert warm.stdout == cli("--no-cache", "--format", "text", "posts").stdout


def test_a_shard_of_the_wrong_shape_is_ignored(site: Path) -> None:
    first = run(new_cache(site))
    for path, _, _ in _entries(site):
        store_file(str(path), ["not", "a", "shard"])
    cache = new_cache(site)
    assert run(cache) == first
    assert cache.misses == 4


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# Private Notes\n\nthe-outside-secret-line\n", encoding="utf-8")
    age(secret)
    return secret


@pytest.mark.parametrize("spelling", ["absolute", "dot-dot", "system file"])
def test_a_listing_naming_files_outside_the_tree_is_not_used(
    site: Path, tmp_path: Path, spelling: str
) -> None:
    secret = _outside(tmp_path)
    for folder in (site, site / "posts"):
        os.utime(folder, ns=(1_000_000_000, 1_000_000_000))
    first = cli("posts")
    assert first.exit_code == 1
    listings_path = str(env_dir(site) / "listings.pickle")
    listings = load_file(listings_path)
    planted = {
        "absolute": str(secret),
        "dot-dot": "posts/../../outside/secret.md",
        "system file": "/etc/hostname",
    }[spelling]
    for _, files in listings.values():
        files.append(planted)
    store_file(listings_path, listings)
    warm = cli("posts")
    assert warm.exit_code == 1
    assert warm.stdout == first.stdout
    assert "secret" not in warm.stdout and "hostname" not in warm.stdout


def test_a_listing_whose_walk_starts_elsewhere_is_not_used(site: Path, tmp_path: Path) -> None:
    secret = _outside(tmp_path)
    first = cli("posts")
    listings_path = str(env_dir(site) / "listings.pickle")
    listings = load_file(listings_path)
    for key in listings:
        listings[key] = ([(str(secret.parent), stat_key(secret.parent.stat()))], [str(secret)])
    store_file(listings_path, listings)
    warm = cli("posts")
    assert warm.stdout == first.stdout and "secret" not in warm.stdout


@pytest.mark.parametrize(
    "shape", ["not a pair", "folders a dict", "stamp of text", "files of numbers"]
)
def test_a_malformed_listing_is_walked_afresh(site: Path, shape: str) -> None:
    first = cli("posts")
    listings_path = str(env_dir(site) / "listings.pickle")
    listings = load_file(listings_path)
    for key, (folders, files) in listings.items():
        listings[key] = {
            "not a pair": (folders,),
            "folders a dict": (dict(folders), files),
            "stamp of text": ([(f, "stamp") for f, _ in folders], files),
            "files of numbers": (folders, [1, 2, 3]),
        }[shape]
    store_file(listings_path, listings)
    warm = cli("posts")
    assert warm.exit_code == 1 and warm.stdout == first.stdout


def test_a_corpus_output_naming_outside_files_is_not_quoted(site: Path, tmp_path: Path) -> None:
    secret = _outside(tmp_path)
    first = cli("posts")
    (stored,) = env_dir(site).glob("corpus-TI002-*.pickle")
    code, key, (found, lines, digests) = load_file(str(stored))
    rows, _ = next(iter(found.values()))
    found[str(secret)] = ([(*rows[0][:4], 3, 1, 3, 5, (), None, "")], ["planted\n"])
    digests[str(secret)] = "not its digest: read it again"
    lines["/etc/hostname"] = {1: "hostname-line"}
    store_file(str(stored), (code, key, (found, lines, digests)))
    warm = cli("posts")
    assert warm.stdout == first.stdout
    assert "secret" not in warm.stdout and "planted" not in warm.stdout


@pytest.mark.parametrize(
    "shape", ["rows too short", "texts fewer than rows", "lines of lists", "not a triple"]
)
def test_a_malformed_corpus_output_is_recomputed(site: Path, shape: str) -> None:
    first = cli("posts")
    (stored,) = env_dir(site).glob("corpus-TI002-*.pickle")
    code, key, (found, lines, digests) = load_file(str(stored))
    path, (rows, texts) = next(iter(found.items()))
    output: Any = (found, lines, digests)
    if shape == "rows too short":
        found[path] = ([r[:3] for r in rows], texts)
    elif shape == "texts fewer than rows":
        found[path] = (rows, texts[:-1])
    elif shape == "lines of lists":
        lines[path] = [1, 2]
    else:
        output = (found, lines)
    store_file(str(stored), (code, key, output))
    warm = cli("posts")
    assert warm.exit_code == 1 and warm.stdout == first.stdout


def test_malformed_corpus_run_keys_are_ignored(site: Path) -> None:
    first = cli("posts")
    run_path = str(env_dir(site) / "corpus-run.pickle")
    runs = load_file(run_path)  # the last few runs' keys, by signature
    store_file(run_path, {signature: dict.fromkeys(keys, 5) for signature, keys in runs.items()})
    warm = cli("posts")
    assert warm.exit_code == 1 and warm.stdout == first.stdout


def test_a_same_size_edit_that_keeps_its_mtime_is_seen(site: Path) -> None:
    target = site / "posts" / "queue.md"
    first = run(new_cache(site))
    assert not any(f.location.path.endswith("queue.md") and f.code == "TI002" for f in first)
    st = target.stat()
    time.sleep(0.05)  # past the ctime's tick
    data = target.read_bytes().replace(
        b"Working Through Tickets in Queues", b"Your First Week on a Support Desk"
    )
    with target.open("r+b") as fh:  # in place: same inode, same size
        fh.write(data)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert target.stat().st_size == st.st_size and target.stat().st_mtime_ns == st.st_mtime_ns
    assert target.stat().st_ino == st.st_ino
    cache = new_cache(site)
    found = run(cache)
    assert cache.misses == 1
    assert any(f.location.path.endswith("queue.md") and f.code == "TI002" for f in found)
    assert found == run(None)


# --------------------------------------------------------------------------- 3. dependencies


def _fresh_process() -> None:
    """What a new `artlint` process starts from: no schema or lexicon read yet
    (the CLI runs one process per run; these tests run several in one)."""
    from artlint.language import casing, polarity
    from artlint.rules import schema

    schema._validator.cache_clear()
    casing.lexicon.cache_clear()
    polarity.lexicon.cache_clear()


def test_an_edit_to_an_articles_own_schema_lints_it_again(site: Path) -> None:
    pytest.importorskip("jsonschema")
    schema = site / "posts" / "schema.json"
    schema.write_text('{"type": "object", "required": ["title"]}\n', encoding="utf-8")
    age(schema)
    target = site / "posts" / "headset.md"
    target.write_text(
        target.read_text(encoding="utf-8").replace("slug: c\n", "slug: c\n$schema: schema.json\n"),
        encoding="utf-8",
    )
    age(target)
    first = run(new_cache(site))
    assert not any(f.code == "FM008" for f in first)
    warm = new_cache(site)
    assert run(warm) == first and warm.misses == 0
    schema.write_text('{"type": "object", "required": ["title", "author"]}\n', encoding="utf-8")
    age(schema)
    _fresh_process()
    cache = new_cache(site)
    found = run(cache)
    assert [f.location.path for f in found if f.code == "FM008"] == ["posts/headset.md"]
    assert cache.misses == 1
    _fresh_process()
    assert found == run(None)


def _house_site(site: Path) -> None:
    (site / "lint").mkdir()
    (site / "house.yaml").write_text(
        "rules:\n  - code: HS001\n    name: no-shadow\n    forbid: [shadow]\n", encoding="utf-8"
    )
    (site / "lint" / "words.py").write_text(
        "from artlint.model import Severity\nfrom artlint.rule import Rule\n\n\n"
        "class Calls(Rule):\n    code = 'XX001'\n    name = 'no-calls'\n"
        "    summary = 'a word'\n    severity = Severity.WARNING\n\n"
        "    def check(self, article, options):\n"
        "        at = article.text.find('calls')\n"
        "        if at >= 0:\n"
        "            yield self.at(article, at, at + 5, 'calls')\n\n\nRULES = [Calls]\n",
        encoding="utf-8",
    )
    (site / "lexicon.yaml").write_text("spellings: []\n", encoding="utf-8")
    (site / ".artlint.yaml").write_text(
        'corpus: ["posts/**/*.md"]\nhouse-rules: [house.yaml]\nplugins: [lint/words.py]\n'
        "rules:\n  HD001:\n    lexicon: lexicon.yaml\n",
        encoding="utf-8",
    )
    for path in (
        site / "house.yaml",
        site / "lint" / "words.py",
        site / "lexicon.yaml",
        site / ".artlint.yaml",
    ):
        age(path)


def _edit_keeping_mtime(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    st = path.stat()
    time.sleep(0.05)
    with path.open("r+b") as fh:
        fh.write(path.read_bytes().replace(old.encode(), new.encode()))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize("data_file", ["house rules", "local plugin", "lexicon"])
def test_an_edit_to_a_plugins_data_file_lints_again(
    site: Path, data_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With bytecode written, as an installed Python does: the import system's
    # cache must not stand in for an edit that kept the plugin's size and mtime.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _house_site(site)
    first = cli("posts")
    assert cli("posts").stdout == first.stdout
    if data_file == "house rules":
        _edit_keeping_mtime(site / "house.yaml", "[shadow]", "[before]")
    elif data_file == "local plugin":
        _edit_keeping_mtime(site / "lint" / "words.py", "'calls')\n", "'Calls')\n")
    else:
        (site / "lexicon.yaml").write_text("spellings: [Call]\n", encoding="utf-8")
        age(site / "lexicon.yaml")
    _fresh_process()
    warm = cli("posts")
    _fresh_process()
    assert warm.stdout == cli("--no-cache", "--format", "json", "posts").stdout
    if data_file != "lexicon":
        assert warm.stdout != first.stdout


def test_an_edit_to_a_plugin_module_that_keeps_its_mtime_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "installed_plugin.py"
    module.write_text("WORD = 'shadow'\n", encoding="utf-8")
    age(module)

    class FakeModule:
        __file__ = str(module)

    class Rule:
        pass

    Rule.__module__ = "installed_plugin"
    monkeypatch.setitem(sys.modules, "installed_plugin", FakeModule)  # type: ignore[arg-type]

    class Registry:
        def __init__(self) -> None:
            self.rules = {"XX001": Rule()}

    settings = engine.Settings()
    before = cache_mod.plugin_fingerprint(settings, Registry())  # type: ignore[arg-type]
    _edit_keeping_mtime(module, "shadow", "shadoW")
    assert cache_mod.plugin_fingerprint(settings, Registry()) != before  # type: ignore[arg-type]
