"""Fuzz the whole pipeline: generated articles, mutated real ones, raw bytes.

Each example is linted in-process, where most of the time goes to the rules, and keeps
the properties of `fuzz_checks`; a sample goes through the CLI for the exit code
and the formats as users receive them, and small sets of files go through the
corpus phase.  `fuzz_profiles` sets the budget: bounded in CI, long on demand.
"""

from __future__ import annotations

import fuzz_strategies as fs
import pytest
from click.testing import CliRunner
from fuzz_checks import Linter, chdir, check_output
from fuzz_profiles import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from artlint.cli import main

# Session fixtures here, not in a conftest.py: a second `conftest` module would
# shadow tests/conftest.py for the test modules that import helpers from it.


@pytest.fixture(scope="session")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    return Linter(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="session")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    return Linter(tmp_path_factory.mktemp("fuzz-configured"), configured=True)


@fuzz_settings("articles")
@given(
    data=fs.articles,
    name=st.sampled_from(["a.md", "a.txt", "a.markdown"]),
    with_config=st.booleans(),
)
def test_generated_articles(
    linter: Linter, configured: Linter, data: bytes, name: str, with_config: bool
) -> None:
    (configured if with_config else linter).check(data, name)


@fuzz_settings("mutated")
@given(data=fs.mutated(), with_config=st.booleans())
def test_mutated_examples(
    linter: Linter, configured: Linter, data: bytes, with_config: bool
) -> None:
    (configured if with_config else linter).check(data)


@fuzz_settings("raw")
@given(data=st.one_of(fs.raw_bytes, st.text(max_size=200).map(lambda t: t.encode("utf-8"))))
def test_raw_bytes(linter: Linter, data: bytes) -> None:
    linter.check(data, "a.txt")


@fuzz_settings("corpus")
@given(
    files=st.lists(st.one_of(fs.articles, fs.mutated()), min_size=2, max_size=6),
    copies=st.integers(0, 2),
)
def test_corpus_phase(linter: Linter, files: list[bytes], copies: int) -> None:
    # Copies give the cross-file rules (duplicate titles, slugs, boilerplate) work.
    named = {f"f{i}.md": data for i, data in enumerate(files + files[:copies])}
    try:
        linter.check_run(named)
    finally:
        for name in named:
            (linter.folder / name).unlink(missing_ok=True)


@fuzz_settings("cli")
@given(
    data=st.one_of(fs.articles, fs.mutated()),
    fmt=st.sampled_from(["text", "json", "sarif", "github", "gitlab", "junit"]),
)
def test_cli(linter: Linter, data: bytes, fmt: str) -> None:
    path = linter.folder / "cli.md"
    path.write_bytes(data)
    with chdir(linter.folder):
        result = CliRunner().invoke(main, ["--no-cache", "--format", fmt, "cli.md"])
    assert result.exit_code in (0, 1, 2), result.output
    assert "internal error" not in result.stderr, result.stderr
    if result.exit_code != 2:
        check_output(fmt, result.stdout, None)


@pytest.mark.parametrize(
    "data",
    [
        b"---\na: [",
        b"+++\nx = " + b"[" * 600 + b"]" * 600 + b"\n+++\n",
        '---\na: "x\u2028\u2028\u2028y"\nb: c\nb: d\n---'.encode(),
    ],
    ids=["flow-list-at-eof", "toml-600-deep", "line-separators-in-yaml"],
)
def test_inputs_the_fuzzers_once_skipped(linter: Linter, data: bytes) -> None:
    """The fuzzers filtered these while wt-io fixed them (IndexError, RecursionError,
    lines shifted past the end); now they keep every property like any input."""
    linter.check(data)
