"""The benchmark's own machinery: what its figures rest on.

A benchmark that lints nothing, edits the wrong line or leaves its edit behind
reports figures that look fine and mean nothing, so these pin down the second
generator, the edits the edit scenarios make and undo, and that a generated
corpus is linted at all when it lies in a folder the repository ignores.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from artlint.cli import main

REPO = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location(
            f"artlint_bench_{name}", REPO / "benchmarks" / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


run = _load("run")
long_gen = _load("generate_long")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def test_long_generator_is_seeded_and_its_own(tmp_path: Path) -> None:
    a = long_gen.generate(tmp_path / "a", 80, seed=3)
    long_gen.generate(tmp_path / "b", 80, seed=3)
    long_gen.generate(tmp_path / "c", 80, seed=4)
    assert len(a) == 80
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")
    texts = [Path(p).read_text(encoding="utf-8") for p in a]
    assert any(p.endswith(".txt") for p in a)
    assert any(t.startswith("+++\n") for t in texts)  # TOML front matter
    assert any(t.startswith("---\n") for t in texts)  # YAML front matter
    assert any("```" in t for t in texts) and any("  - " in t for t in texts)
    short = _load("generate").generate(tmp_path / "short", 80, seed=3)
    size = sum(len(t) for t in texts)
    assert size > 2 * sum(Path(p).stat().st_size for p in short)
    # Its own vocabulary: no template line of the first generator.
    assert not any("Subscribe to the weekly shift digest" in t for t in texts)


def test_long_corpus_lints_with_its_defects_and_no_crash(tmp_path: Path) -> None:
    long_gen.generate(tmp_path, 150, seed=11)
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--statistics", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    codes = {line.split()[1] for line in result.output.splitlines() if "  " in line[:8]}
    assert not any(c.startswith("AL") for c in codes), result.output
    assert "FM002" not in codes  # every front matter it writes parses, TOML included
    assert {"HD001", "PC001", "ST002", "TI003"} <= codes, result.output


_ARTICLE = """---
title: "Night Shifts for Bakers"
date: 2024-01-02
---

## Why it matters

Early starts shape the whole week of a baker, and the rota decides the rest of it.
"""


def test_edits_touch_what_they_name() -> None:
    word = run.change_word(_ARTICLE, 0)
    changed = [
        (a, b) for a, b in zip(_ARTICLE.split("\n"), word.split("\n"), strict=True) if a != b
    ]
    assert len(changed) == 1 and changed[0][0].startswith("Early starts")
    assert len(set(changed[0][0].split()) ^ set(changed[0][1].split())) == 2  # one word swapped
    assert run.change_word(_ARTICLE, 1) != word  # another round, another text
    assert 'title: "Night Shifts for Bakers (Revised 2)"\n' in run.change_title(_ARTICLE, 2)
    toml = '+++\ntitle = "Pay Bands"\n+++\n\nBody text here.\n'
    assert run.change_title(toml, 5).startswith('+++\ntitle = "Pay Bands (Revised 5)"\n+++')
    appended = run.append_section(_ARTICLE, 3)
    assert appended.startswith(_ARTICLE.rstrip("\n"))
    assert "\n## A reader question from round 3\n\n" in appended


def test_undo_puts_back_bytes_mtimes_and_removes_added_files(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    kept, gone = folder / "kept.md", folder / "gone.md"
    kept.write_text(_ARTICLE, encoding="utf-8")
    gone.write_text("x\n", encoding="utf-8")
    past = 1_600_000_000_000_000_000
    for p in (kept, gone, folder):
        os.utime(p, ns=(past, past))
    undo = run.Undo()
    undo.write(kept, run.append_section(_ARTICLE, 1))
    undo.write(folder / "added.md", "new\n")
    undo.keep(gone).unlink()
    undo.restore()
    assert sorted(p.name for p in folder.iterdir()) == ["gone.md", "kept.md"]
    assert kept.read_text(encoding="utf-8") == _ARTICLE
    assert kept.stat().st_mtime_ns == gone.stat().st_mtime_ns == past
    assert folder.stat().st_mtime_ns == past


@pytest.mark.skipif(not run.shutil.which("git"), reason="needs git to make a repository")
def test_corpus_in_an_ignored_folder_is_linted(tmp_path: Path) -> None:
    """benchmarks/out/ is git-ignored; a corpus there must still be linted, as a site."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("out/\n", encoding="utf-8")
    corpus = tmp_path / "out" / "corpus"
    long_gen.generate(corpus, 5, seed=1)

    def listed() -> list[str]:
        cwd = Path.cwd()
        os.chdir(corpus)
        try:
            result = CliRunner().invoke(main, ["check", "--no-cache", "--show-files", "."])
        finally:
            os.chdir(cwd)
        return [line for line in result.output.splitlines() if line.endswith((".md", ".txt"))]

    assert listed() == []  # what the benchmark timed before: a walk that lints nothing
    run.own_repository(corpus)
    assert len(listed()) == 5


def test_edit_scenarios_run_and_leave_the_corpus_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run, "OUT", tmp_path)
    monkeypatch.setattr(run, "compile_artlint", lambda env=None: None)
    argv = ["--sizes", "30", "--runs", "1", "--no-peers", "--generator", "long", "--jobs", "1"]
    # The edits whose undo has most to put back: a file added, one removed, and
    # the runs that name one file (on disk, then on stdin).
    picked = ["add", "delete", "precommit-site", "stdin"]
    assert run.main([*argv, "--scenarios", *picked, "--formats", "json"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| (")]
    labels = dict(run.EDIT_SCENARIOS)
    assert [r.split(" | ")[0] for r in rows] == [f"| {labels[s]} [json]" for s in picked]
    assert "exit" not in out  # no run failed (exit 2) or crashed
    fresh = tmp_path / "fresh"
    long_gen.generate(fresh, 30, seed=11)
    corpus = tmp_path / "corpus-long-30"
    assert {k: v for k, v in _tree(corpus).items() if k != ".complete"} == _tree(fresh)


parsers = _load("parsers")


def _table_rows(out: str) -> dict[str, list[str]]:
    """The rows of the Markdown tables in `out`, by first cell (its first table's)."""
    rows = {}
    for line in out.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows.setdefault(cells[0], cells[1:])
    return rows


def test_parsers_script_times_each_way(capsys: pytest.CaptureFixture[str]) -> None:
    assert parsers.main(["--count", "20", "--runs", "1", "--generator", "long"]) == 0
    out = capsys.readouterr().out
    rows = _table_rows(out)
    wanted = [parsers.LABELS[k] for k in ("a", "a+", "c")]
    wanted.append("saved by a parser that cost nothing: (a)")
    if parsers.pyromark is None:
        assert parsers.INSTALL_NOTE in out
    else:
        wanted += [parsers.LABELS["b"], "saved by pyromark: (a)-(b)", "ATX headings"]
        assert "markdown-it / pyromark:" in out
        same, _, files = rows["list items"][0].partition(" of ")
        assert 0 <= int(same) <= int(files)
        assert "edge cases" in rows
    for label in wanted:
        assert label in rows, out
    ms = float(rows[parsers.LABELS["c"]][0])
    assert ms > 0 and rows[parsers.LABELS["c"]][2] == "100.0%"
    # Only that each way was timed and charged against (c): which is faster is
    # the benchmark's to report, and one round of 20 files on a shared machine
    # can put a collection pause in any of them.
    parse = rows[parsers.LABELS["a"]]
    assert float(parse[0]) > 0 and float(parse[1]) >= 0 and parse[2].endswith("%")


def test_parsers_profile_groups_by_module(capsys: pytest.CaptureFixture[str]) -> None:
    assert parsers.main(["--count", "20", "--runs", "1", "--profile"]) == 0
    rows = _table_rows(capsys.readouterr().out)
    assert all(g in rows for g in parsers.ROWS)
    shares = [float(rows[g][1].rstrip("%")) for g in parsers.ROWS]
    assert abs(sum(shares) - 100) < 0.5  # every second charged to exactly one part
    assert float(rows["readers/markdown"][0]) > 0 and float(rows["markdown-it itself"][0]) > 0


def test_parsers_script_without_pyromark(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(parsers, "pyromark", None)
    assert parsers.main(["--count", "5", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert parsers.INSTALL_NOTE in out and "pip install pyromark" in out
    rows = _table_rows(out)
    assert parsers.LABELS["c"] in rows and parsers.LABELS["b"] not in rows


def test_parsers_script_cold_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--count", "10", "--runs", "1", "--cold", "--rumdl", str(tmp_path / "no-rumdl")]
    assert parsers.main(argv) == 0
    out = capsys.readouterr().out
    assert "rumdl not found" in out
    rows = _table_rows(out)
    assert rows["artlint"][-1] == "[1]"  # the corpus has findings; not 2, a failed run
    assert "(a) of artlint's cold CPU:" in out


def test_phases_script_reports_each_phase_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    phases = _load("phases")
    site = tmp_path / "site"
    long_gen.generate(site, 30, seed=5)
    assert (
        phases.main([str(site), "--cache-dir", str(tmp_path / "c"), "--jobs", "1", "--json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    names = [r["at"] for r in rows]
    assert names[0] == "per-file phase over" and names[-1].startswith("end")
    assert "corpus phase over" in names
    # Every cross-file rule keeps a state, so each is timed on its own on a cold run.
    assert {"FM005", "HD001", "HD002", "HD004", "ST002", "TI002", "TI003", "TI004"} <= set(names)
    assert all(r["hwm_mb"] >= r["rss_mb"] > 0 for r in rows)
    # Warm: every rule's output is reused, so none is run.
    assert (
        phases.main([str(site), "--cache-dir", str(tmp_path / "c"), "--jobs", "1", "--json"]) == 0
    )
    warm = [r["at"] for r in json.loads(capsys.readouterr().out)]
    assert warm == ["per-file phase over", "corpus phase over", warm[-1]]
    # A folder of the site, as a pre-commit run names it, with a cache of its own.
    folder = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name != ".git")[0]
    assert (
        phases.main(
            [str(site), folder, "--cache-dir", str(tmp_path / "c2"), "--jobs", "1", "--json"]
        )
        == 0
    )
    names = [r["at"] for r in json.loads(capsys.readouterr().out)]
    assert names[0] == "per-file phase over" and "TI002" in names
