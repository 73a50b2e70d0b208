"""Every rule page says whether and how the rule fixes, and its fix examples run.

A page's `### Fix: ...` (or `### Unsafe fix: ...`) section holds two code blocks,
the article before and after `artlint --fix` (with `--unsafe-fixes` for the
second kind); the test writes the first, fixes it with only that rule selected
and compares the file with the second, byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_catalogue import _FENCE, _front_matter, _pages, _sections

from artlint import engine
from artlint import fix as fix_mod
from artlint.registry import load
from artlint.selection import CliSelection

_FIX_LINE = re.compile(r"^Fix: (?P<how>none|safe|unsafe|safe and unsafe)\b", re.M)


def _fix_examples() -> list[tuple[str, str, str, bool, str, str, str]]:
    out = []
    for page in _pages():
        code = str(_front_matter(page)["code"])
        for section in _sections(page.read_text(encoding="utf-8")):
            title = section.split("\n", 1)[0].strip()
            kind = title.split(":")[0].strip().lower()
            if kind not in ("fix", "unsafe fix"):
                continue
            blocks = list(_FENCE.finditer(section))
            assert len(blocks) == 2, f"{page.name}::{title}: needs a before and an after block"
            info = blocks[0]["info"].split()
            name = "article.txt" if info and info[0] == "text" else "article.md"
            out.append(
                (
                    page.name,
                    title,
                    code,
                    kind == "unsafe fix",
                    name,
                    blocks[0]["body"],
                    blocks[1]["body"],
                )
            )
    return out


FIX_EXAMPLES = _fix_examples()


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_page_says_whether_the_rule_fixes(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    m = _FIX_LINE.search(text)
    assert m is not None, f"{page.name}: no 'Fix: none|safe|unsafe ...' line"
    meta = _front_matter(page)
    rule = load().rules[str(meta["code"])]
    assert rule.fixable == (m["how"] != "none")
    titles = [e[1] for e in FIX_EXAMPLES if e[0] == page.name]
    if rule.fixable:
        assert titles, f"{page.name}: a fixable rule needs a '### Fix:' example"
        if "unsafe" in m["how"]:
            assert any(t.lower().startswith("unsafe fix") for t in titles)
    else:
        assert not titles


@pytest.mark.parametrize("example", FIX_EXAMPLES, ids=lambda e: f"{e[0]}::{e[1]}")
def test_fix_example(
    example: tuple[str, str, str, bool, str, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, _, code, unsafe, name, before, after = example
    (tmp_path / name).write_text(before, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    engine.reset()
    settings = engine.Settings(cli=CliSelection(select=(code,)))
    outcome = fix_mod.run(["."], settings, unsafe=unsafe)
    assert (tmp_path / name).read_text(encoding="utf-8") == after
    assert outcome.fixed[code] >= 1
    if unsafe:  # an unsafe fix is not applied without the opt-in
        (tmp_path / name).write_text(before, encoding="utf-8")
        engine.reset()
        fix_mod.run(["."], settings, unsafe=False)
        assert (tmp_path / name).read_text(encoding="utf-8") == before
