"""The real pre-commit, running this checkout's hooks on a temporary git repository.

`pre-commit try-repo` clones this repository (its HEAD, plus uncommitted changes to
tracked files) and pip-installs artlint from the clone into a fresh virtualenv, as a
user's pre-commit would: so this also proves the wheel works outside the source
tree.  That install is the slow part; the test runs pre-commit twice:

1. a commit that adds a flawed article fails, and the output shows the findings,
   including a cross-file one against an article that is *not* staged but is in
   the config's `corpus`;
2. a commit that adds a clean article, a CHANGELOG.md and a requirements.txt passes
   both hooks (the hook's `--force-exclude` keeps non-articles out).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN

REPO = Path(__file__).resolve().parents[1]

#: Already in the site; a new article that reuses its title must be flagged.
EXISTING = CLEAN

#: Reuses EXISTING's title (cross-file TI002) and has no front-matter slug (FM005).
DUPLICATE_TITLE = """\
---
title: How to Negotiate Your First Salary
description: A second take on the same salary talk, written by another editor.
date: 2024-09-01
---

Before the call, write down the lowest figure you would accept and keep it private.
"""

#: Fine on its own and beside EXISTING.
FRESH = """\
---
title: Asking a Former Manager for a Reference
description: How to ask for a reference so that the answer is an easy yes.
date: 2024-09-12
slug: asking-for-a-reference
---

Write to your former manager before you give their name to anyone, and say which job
you are applying for, so they can speak to what matters for that role.

Send them a **short reminder** of two projects you worked on together.
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def _env(tmp_path: Path) -> dict[str, str]:
    # When the suite itself runs inside a git hook, GIT_* variables point at the
    # outer repository; pre-commit must see only the temporary one.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    return env


def _pre_commit() -> list[str]:
    """The pre-commit of the environment running the tests (a test dependency)."""
    return [sys.executable, "-m", "pre_commit"]


def _try_repo(site: Path, env: dict[str, str], *hooks: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_pre_commit(), "try-repo", str(REPO), *hooks, "--verbose"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A content repository with one committed article and a config naming the corpus."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to test the pre-commit hooks")
    if not (REPO / ".git").exists():
        pytest.fail(f"{REPO} is not a git checkout: pre-commit try-repo clones it")
    repo = tmp_path / "site"
    (repo / "_posts").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.name", "Test Editor")
    _git(repo, "config", "user.email", "editor@example.com")
    _git(repo, "config", "commit.gpgsign", "false")
    (repo / ".artlint.yaml").write_text(
        'corpus: ["_posts/**/*.md"]\n'
        "rules:\n  required-field: {required: [title, description, date, slug]}\n",
        encoding="utf-8",
    )
    (repo / "_posts" / "negotiate-first-salary.md").write_text(EXISTING, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "The site so far")
    return repo


def test_the_hooks_block_a_flawed_commit_and_pass_a_clean_one(site: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)

    # 1. Stage a flawed article: only it is passed to the hook, yet the duplicate
    #    title is found against the committed article through `corpus:`.
    flawed = site / "_posts" / "salary-talk.md"
    flawed.write_text(DUPLICATE_TITLE, encoding="utf-8")
    _git(site, "add", "_posts/salary-talk.md")
    failed = _try_repo(site, env, "artlint")
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert "artlint" in out and "Failed" in out
    assert "_posts/salary-talk.md:2:8: TI002 [duplicate-title]" in out
    assert "_posts/negotiate-first-salary.md" in out  # the related, unstaged article
    assert "FM005" in out  # the missing slug, a per-file finding
    assert "Traceback" not in out

    # 2. Replace it with a clean article: both hooks pass.
    _git(site, "rm", "-q", "--cached", "_posts/salary-talk.md")
    flawed.unlink()
    (site / "_posts" / "asking-for-a-reference.md").write_text(FRESH, encoding="utf-8")
    # Staged beside it: text and Markdown that are not articles (no FM001 for them).
    (site / "CHANGELOG.md").write_text("# Changes\n\n- A reference article.\n", encoding="utf-8")
    (site / "requirements.txt").write_text("pyyaml>=6\n", encoding="utf-8")
    _git(site, "add", "_posts/asking-for-a-reference.md", "CHANGELOG.md", "requirements.txt")
    passed = _try_repo(site, env)
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert "artlint (whole site)" in out  # the corpus hook ran too
    assert out.count("Passed") >= 2, out
    assert "Failed" not in out
