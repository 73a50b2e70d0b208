"""Files a pull request may plant: links to devices, FIFOs, huge files, links as write targets.

The cases that used to hang or eat all memory run artlint in a subprocess with a
timeout and a memory cap, so that on a broken build they fail instead of taking
the machine down with them.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN, FLAWED, HOUSE_YAML, Lint, codes, findings

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _artlint(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """artlint in a child process that cannot hang the suite or use more than 2 GB."""
    return subprocess.run(
        [sys.executable, "-m", "artlint", "--no-cache", "-j", "1", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_capped,
        check=False,
    )


def _json(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, str, str]]:
    return [(f["path"], f["code"], f["message"]) for f in json.loads(proc.stdout)]


# --------------------------------------------------------------------------- writes


def test_write_baseline_through_a_link_keeps_the_link(project: Path, lint: Lint) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    (project / "keep").mkdir()
    real = project / "keep" / "real.json"
    real.write_text("{}", encoding="utf-8")
    (project / "baseline.json").symlink_to(real)
    result = lint("--write-baseline", "baseline.json", ".")
    assert result.exit_code == 0, result.output
    assert (project / "baseline.json").is_symlink()
    data = json.loads(real.read_text(encoding="utf-8"))
    assert [e["code"] for e in data["entries"]] == ["FM001"]
    assert [p.name for p in (project / "keep").iterdir()] == ["real.json"]  # no temp file left
    # Paths stay relative to where the user named the baseline, so it still applies.
    assert lint("--baseline", "baseline.json", ".").exit_code == 0


@needs_fifo
def test_write_baseline_never_replaces_a_fifo(project: Path, lint: Lint) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    fifo = project / "baseline.json"
    os.mkfifo(fifo)
    result = lint("--write-baseline", "baseline.json", ".")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "artlint: error: baseline.json: cannot write baseline: not a regular file (a FIFO)"
    )
    assert fifo.is_fifo()


def test_write_baseline_refuses_a_device_and_leaves_it(project: Path, lint: Lint) -> None:
    if not Path("/dev/null").is_char_device():
        pytest.skip("no /dev/null character device here")
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    (project / "dev").symlink_to("/dev/null")
    result = lint("--write-baseline", "dev", ".")
    assert result.exit_code == 2
    assert "dev: cannot write baseline: not a regular file (a character device)" in result.stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_an_output_file_through_a_link_keeps_the_link(project: Path, lint: Lint, fmt: str) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    (project / "keep").mkdir()
    real = project / "keep" / "report.out"
    real.write_text("old", encoding="utf-8")
    (project / "report.out").symlink_to(real)
    result = lint("--format", fmt, "-o", "report.out", "flawed.md")
    assert result.exit_code == 1, result.output
    assert (project / "report.out").is_symlink()
    assert "FM001" in real.read_text(encoding="utf-8")
    assert [p.name for p in (project / "keep").iterdir()] == ["report.out"]  # no temp file left


@needs_fifo
def test_an_output_file_never_replaces_a_fifo(project: Path, lint: Lint) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    fifo = project / "report.json"
    os.mkfifo(fifo)
    result = lint("--format", "json", "-o", "report.json", "flawed.md")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "artlint: error: report.json: cannot write the report: not a regular file (a FIFO)"
    )
    assert fifo.is_fifo()


def test_write_baseline_keeps_the_files_permissions(project: Path, lint: Lint) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    target = project / "baseline.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    assert lint("--write-baseline", "baseline.json", ".").exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_write_baseline_as_root_keeps_the_files_owner(project: Path, lint: Lint) -> None:
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    target = project / "baseline.json"
    target.write_text("{}", encoding="utf-8")
    os.chown(target, 4321, 4321)
    assert lint("--write-baseline", "baseline.json", ".").exit_code == 0
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4321)


def test_write_atomic_leaves_the_old_file_whole_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint import safe_io

    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="No space left"):
        safe_io.write_atomic(str(target), b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# --------------------------------------------------------------------------- reads


def test_a_link_to_dev_zero_is_reported_not_read(project: Path) -> None:
    if not Path("/dev/zero").is_char_device():
        pytest.skip("no /dev/zero here")
    (project / "a.md").write_text(FLAWED, encoding="utf-8")
    (project / "x.md").symlink_to("/dev/zero")
    proc = _artlint(project, "--format", "json", ".")
    assert proc.returncode == 1, proc.stderr
    assert _json(proc) == [
        ("a.md", "FM001", _json(proc)[0][2]),
        ("x.md", "AL001", "cannot read file: not a regular file (a character device)"),
    ]


@needs_fifo
def test_a_fifo_named_like_an_article_does_not_block(project: Path) -> None:
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    os.mkfifo(project / "pipe.md")
    proc = _artlint(project, "--format", "json", ".", timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert _json(proc) == [("pipe.md", "AL001", "cannot read file: not a regular file (a FIFO)")]


@needs_fifo
@pytest.mark.parametrize("special", ["fifo", "zero"])
def test_house_rules_that_are_not_a_regular_file_are_a_config_error(
    project: Path, special: str
) -> None:
    if special == "fifo":
        os.mkfifo(project / "house.yaml")
        kind = "a FIFO"
    else:
        (project / "house.yaml").symlink_to("/dev/zero")
        kind = "a character device"
    (project / ".artlint.yaml").write_text("house-rules: [house.yaml]\n", encoding="utf-8")
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    proc = _artlint(project, ".", timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"artlint: error: {project / 'house.yaml'}: cannot read house rules: "
        f"not a regular file ({kind})"
    )


@needs_fifo
def test_a_configured_schema_that_is_a_fifo_is_one_config_error(project: Path) -> None:
    # Issue 12: a configured schema that cannot be used stops the run with one line
    # naming the config file and the key, instead of a finding in every file.
    pytest.importorskip("jsonschema")
    os.mkfifo(project / "s.json")
    (project / ".artlint.yaml").write_text("rules: {FM008: {schema: s.json}}\n", encoding="utf-8")
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    proc = _artlint(project, "--format", "json", "--select", "FM008", ".", timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == (
        f"artlint: error: {project / '.artlint.yaml'}: 'rules.FM008.schema': cannot read "
        f"schema {project / 's.json'}: not a regular file (a FIFO)"
    )


def test_an_articles_schema_outside_the_project_is_not_read(project: Path) -> None:
    pytest.importorskip("jsonschema")
    outside = project.parent / f"{project.name}-outside"
    outside.mkdir()
    (outside / "s.json").write_text('{"enum": ["SECRET-TOKEN-4711"]}', encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / ".artlint.yaml").write_text("select: [FM008]\n", encoding="utf-8")
    ref = f"../../{outside.name}/s.json"
    (site / "a.md").write_text(
        CLEAN.replace("---\n", f"---\n$schema: {ref}\n", 1), encoding="utf-8"
    )
    for target in (ref, str(outside / "s.json"), "/dev/zero"):
        (site / "a.md").write_text(
            CLEAN.replace("---\n", f"---\n$schema: {target}\n", 1), encoding="utf-8"
        )
        proc = _artlint(site, "--format", "json", ".")
        assert "SECRET" not in proc.stdout + proc.stderr
        assert [(c, m.split(" is ")[-1]) for _, c, m in _json(proc)] == [
            ("FM008", "outside the project: an article may only name a schema file inside it")
        ]


def test_an_unusable_schema_never_quotes_its_lines(project: Path, lint: Lint) -> None:
    pytest.importorskip("jsonschema")
    (project / "s.yaml").write_text("type: object\npassword: hunter2: oops\n", encoding="utf-8")
    (project / "a.md").write_text(
        CLEAN.replace("---\n", "---\n$schema: s.yaml\n", 1), encoding="utf-8"
    )
    result = lint("--format", "json", "--select", "FM008", "a.md")
    assert "hunter2" not in result.output
    [f] = findings(result)
    assert (f["code"], f["line"], f["message"]) == (
        "FM008",
        2,
        f"schema {Path('s.yaml')} is not valid YAML at line 2",
    )


def test_an_article_over_the_size_limit_is_al005_and_the_run_goes_on(
    project: Path, lint: Lint
) -> None:
    (project / ".artlint.yaml").write_text("max-file-size: 2000\n", encoding="utf-8")
    (project / "big.md").write_text(CLEAN + "More text here.\n" * 200, encoding="utf-8")
    (project / "flawed.md").write_text(FLAWED, encoding="utf-8")
    result = lint("--format", "json", ".")
    assert result.exit_code == 1
    assert codes(result) == [("big.md", "AL005", 1), ("flawed.md", "FM001", 1)]
    size = (project / "big.md").stat().st_size
    assert findings(result)[0]["message"] == (
        f"file not read: {size:,} bytes, over the 2,000 byte limit "
        "(raise 'max-file-size' in the config to lint it)"
    )
    (project / ".artlint.yaml").write_text("max-file-size: 0\n", encoding="utf-8")
    assert codes(lint("--format", "json", ".")) == [("flawed.md", "FM001", 1)]


def test_the_size_limit_is_on_by_default(project: Path) -> None:
    with (project / "huge.md").open("wb") as fh:
        fh.truncate(10 * 1024 * 1024 + 1)  # sparse: costs no disk
    proc = _artlint(project, "--format", "json", ".")
    assert [(p, c) for p, c, _ in _json(proc)] == [("huge.md", "AL005")]


@pytest.mark.parametrize("value", ["-1", "ten", "true", "1.5"])
def test_max_file_size_must_be_a_count_of_bytes(project: Path, lint: Lint, value: str) -> None:
    (project / ".artlint.yaml").write_text(f"max-file-size: {value}\n", encoding="utf-8")
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    result = lint(".")
    assert result.exit_code == 2
    assert "'max-file-size' must be a number of bytes (0 for no limit)" in result.stderr


def test_stdin_is_bounded_by_the_size_limit(project: Path, lint: Lint) -> None:
    (project / ".artlint.yaml").write_text("max-file-size: 100\n", encoding="utf-8")
    result = lint("--format", "json", "-", input=b"x" * 5000)
    assert [(f["code"], f["message"]) for f in findings(result)] == [
        (
            "AL005",
            "file not read: more than 100 bytes, over the 100 byte limit "
            "(raise 'max-file-size' in the config to lint it)",
        )
    ]


def test_house_rules_that_are_not_utf8_are_a_config_error(project: Path, lint: Lint) -> None:
    (project / "house.yaml").write_bytes(HOUSE_YAML.encode() + b"# caf\xe9\n")
    (project / ".artlint.yaml").write_text("house-rules: [house.yaml]\n", encoding="utf-8")
    (project / "a.md").write_text(CLEAN, encoding="utf-8")
    result = lint(".")
    assert result.exit_code == 2
    assert "house.yaml: house rules are not valid UTF-8 (byte offset" in result.stderr
    assert "internal error" not in result.stderr


@needs_fifo
def test_a_house_lexicon_that_is_a_fifo_does_not_block(project: Path) -> None:
    os.mkfifo(project / "lex.yaml")
    (project / ".artlint.yaml").write_text(
        "select: [HD001]\nrules: {heading-case: {lexicon: lex.yaml}}\n", encoding="utf-8"
    )
    (project / "a.md").write_text(CLEAN + "\n## Night shift Pay\n\nText.\n", encoding="utf-8")
    proc = _artlint(project, "--format", "json", ".", timeout=30)
    # Checked with the config, before any file: one line, not an AL004 per file.
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == (
        f"artlint: error: {project / '.artlint.yaml'}: 'rules.heading-case.lexicon': "
        f"cannot read {project / 'lex.yaml'}: not a regular file (a FIFO)"
    )
