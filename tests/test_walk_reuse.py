"""A remembered walk, reused folder by folder: a change lists only the folders it
touched, and the files found are always those of a walk from scratch."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from artlint import discover
from artlint.config import Config
from artlint.discover import Listing


def _p(*parts: str) -> str:
    """A path as `walk` spells it."""
    return str(Path(*parts))


def _age(root: Path) -> None:
    """Every folder's and file's mtime out of the racy window, as if edited long ago."""
    for p in [root, *root.rglob("*")]:
        s = p.stat()
        os.utime(p, ns=(s.st_atime_ns, s.st_mtime_ns - 10_000_000_000))


def _tree(root: Path) -> None:
    for folder in ("guides", "guides/pay", "guides/pay/old", "news", "drafts"):
        (root / folder).mkdir(parents=True)
        for name in ("a.md", "b.txt", "c.png"):
            (root / folder / name).write_text("x\n", encoding="utf-8")
    (root / "top.md").write_text("x\n", encoding="utf-8")
    _age(root)


@contextmanager
def _listed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real = os.scandir

    def counted(path: str) -> object:
        seen.append(str(path))
        return real(path)

    with monkeypatch.context() as m:
        m.setattr(os, "scandir", counted)
        yield seen


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _walk(site: Path, listings: dict[tuple[str, ...], Listing] | None) -> list[str]:
    return discover.walk(".", Config(root=site), listings=listings)


def test_a_file_added_lists_its_folder_alone(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings: dict[tuple[str, ...], Listing] = {}
    _walk(site, listings)
    (site / "guides" / "pay" / "new.md").write_text("x\n", encoding="utf-8")
    with _listed(monkeypatch) as seen:
        files = _walk(site, listings)
    assert seen == [_p("guides", "pay")]
    assert files == _walk(site, None)
    assert _p("guides", "pay", "new.md") in files


def test_a_folder_removed_and_one_added(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    listings: dict[tuple[str, ...], Listing] = {}
    _walk(site, listings)
    shutil.rmtree(site / "guides" / "pay" / "old")
    (site / "news" / "2026").mkdir()
    (site / "news" / "2026" / "d.md").write_text("x\n", encoding="utf-8")
    with _listed(monkeypatch) as seen:
        files = _walk(site, listings)
    assert sorted(seen) == sorted([_p("guides", "pay"), "news", _p("news", "2026")])
    assert files == _walk(site, None)
    assert not any("old" in f for f in files)
    assert _p("news", "2026", "d.md") in files


def test_a_gitignore_added_above_unchanged_folders_is_obeyed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The .gitignore lands in `guides`, whose subfolders did not change: their
    remembered files must not outlive it."""
    (site / ".git").mkdir()
    listings: dict[tuple[str, ...], Listing] = {}
    _walk(site, listings)
    (site / "guides" / ".gitignore").write_text("old/\n", encoding="utf-8")
    files = _walk(site, listings)
    assert files == _walk(site, None)
    assert not any(f.startswith(_p("guides", "pay", "old")) for f in files)


def test_a_gitignore_edited_is_obeyed_everywhere_below(site: Path) -> None:
    (site / ".git").mkdir()
    (site / "guides" / ".gitignore").write_text("nothing-here\n", encoding="utf-8")
    _age(site)
    listings: dict[tuple[str, ...], Listing] = {}
    assert _p("guides", "pay", "old", "a.md") in _walk(site, listings)
    ignore = site / "guides" / ".gitignore"
    ignore.write_text("old/\n", encoding="utf-8")  # its folder's mtime does not move
    files = _walk(site, listings)
    assert files == _walk(site, None)
    assert _p("guides", "pay", "old", "a.md") not in files


def test_an_unchanged_folders_gitignore_reaches_a_changed_folder_below(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / ".git").mkdir()
    (site / "guides" / ".gitignore").write_text("late.md\n", encoding="utf-8")
    _age(site)
    listings: dict[tuple[str, ...], Listing] = {}
    _walk(site, listings)
    (site / "guides" / "pay" / "late.md").write_text("x\n", encoding="utf-8")
    with _listed(monkeypatch) as seen:
        files = _walk(site, listings)
    assert seen == [_p("guides", "pay")]
    assert files == _walk(site, None)
    assert _p("guides", "pay", "late.md") not in files


def test_nothing_changed_lists_nothing(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings: dict[tuple[str, ...], Listing] = {}
    first = _walk(site, listings)
    with _listed(monkeypatch) as seen:
        assert _walk(site, listings) == first
    assert seen == []


_FOLDERS = ["", "guides", "guides/pay", "guides/pay/old", "news", "drafts"]
_Change = tuple[str, int, str]

changes = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "mkdir", "rmdir", "ignore", "unignore"]),
        st.integers(0, len(_FOLDERS) - 1),
        st.sampled_from(["a.md", "e.md", "f.txt", "g.bin", "sub"]),
    ),
    min_size=1,
    max_size=8,
)


def _apply(root: Path, change: _Change) -> None:
    import shutil

    kind, at, name = change
    folder = root / _FOLDERS[at]
    if not folder.is_dir():
        return
    target = folder / name
    if kind == "add" and not target.exists():
        target.write_text("x\n", encoding="utf-8")
    elif kind == "remove" and target.is_file():
        target.unlink()
    elif kind == "mkdir" and not target.exists():
        target.mkdir()
        (target / "h.md").write_text("x\n", encoding="utf-8")
    elif kind == "rmdir" and at and folder != root:
        shutil.rmtree(folder)
    elif kind == "ignore":
        (folder / ".gitignore").write_text(f"{name}\n", encoding="utf-8")
    elif kind == "unignore" and (folder / ".gitignore").exists():
        (folder / ".gitignore").unlink()


@hypothesis_settings(max_examples=40, deadline=None)
@given(changes)
def test_a_reused_walk_finds_what_a_fresh_walk_finds(steps: list[_Change]) -> None:
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _tree(root)
        (root / ".git").mkdir()
        os.chdir(root)
        try:
            listings: dict[tuple[str, ...], Listing] = {}
            discover.walk(".", Config(root=root), listings=listings)
            for i, change in enumerate(steps):
                _apply(root, change)
                if i % 2:
                    _age(root)  # now and then the changed folders are old enough to trust
                reused = discover.walk(".", Config(root=root), listings=listings)
                assert reused == discover.walk(".", Config(root=root))
        finally:
            os.chdir(here)
