"""Properties of `--fix` over generated articles (hypothesis).

The articles mix what the fixable rules look for (odd-case compounds, skipped
numbers, title repeats, category labels, duplicate keys) with text they must
leave alone, in LF and CRLF, with and without a BOM and a final newline.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artlint import engine
from artlint import fix as fix_mod

WORDS = ["remote", "work", "pay", "hours", "growth", "team", "clients", "travel", "skills"]
COMPOUNDS = ["work-Life", "Work-Life", "e-Learning", "self-Paced", "part-time", "cONTROL"]

word = st.sampled_from(WORDS)
heading_word = st.one_of(word.map(str.capitalize), word, st.sampled_from(COMPOUNDS))


@st.composite
def articles(draw: st.DrawFn) -> str:
    title = " ".join(w.capitalize() for w in draw(st.lists(word, min_size=3, max_size=6)))
    label = draw(st.sampled_from(["", "Work From Home", "Careers"]))
    lines: list[str] = []
    markdown = draw(st.booleans())
    if markdown:
        if draw(st.booleans()):
            key = draw(st.sampled_from(["", "date", "slug"]))
            lines += ["---", f"title: {title}", "date: 2024-01-02"]
            if key:
                lines.append("date: 2024-01-02" if key == "date" else "slug: a-b")
                if key == "slug":
                    lines.append(draw(st.sampled_from(["slug: a-b", "slug: c-d"])))
            if draw(st.booleans()):
                lines.append("last_modified_at: 2023-01-01")
            lines += ["---"]
        lines += [f"# {title}", ""]
    else:
        lines += [title, ""]
    if draw(st.booleans()):
        lines += [title, ""]
    if label:
        lines += [label, ""]
    lines += ["Some plain words about the job.", ""]
    numbers = draw(st.lists(st.integers(1, 6), min_size=0, max_size=5))
    for i in range(draw(st.integers(0, 4))):
        words = " ".join(draw(st.lists(heading_word, min_size=1, max_size=4)))
        head = f"Item {words}"
        if markdown:
            lines += [f"## {head}" if i % 2 == 0 else f"## {i}. {head}", "", "Text here.", ""]
        else:
            lines += [f"{i + 1}. {head}", "Text here.", ""]
    for n in numbers:
        lines.append(f"{n}. point {draw(word)}")
    if numbers:
        lines.append("")
    if label:
        lines += [label]
    return "\n".join(lines).rstrip("\n") + "\n"


def _lint_of(name: str) -> fix_mod.Lint:
    engine.reset()
    return fix_mod.linter(engine.Settings(), name)


def _name(text: str) -> str:
    return "a.md" if text.startswith(("---", "#")) else "a.txt"


FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FAST
@given(articles(), st.booleans())
def test_fixing_twice_changes_nothing_the_second_time(text: str, unsafe: bool) -> None:
    name = _name(text)
    lint = _lint_of(name)
    once = fix_mod.fix_bytes(name, text.encode(), lint, unsafe)
    if once.problem is not None:
        assert once.after == text.encode()
        return
    twice = fix_mod.fix_bytes(name, once.after, lint, unsafe)
    assert twice.after == once.after and not twice.fixed
    # No fix the run would apply is left, and what is left is what was predicted.
    assert not [f for f in once.remaining if fix_mod.applicable(f, unsafe)]
    assert [f.to_dict() for f in lint(once.after)] == [f.to_dict() for f in once.remaining]


@FAST
@given(articles())
def test_bytes_outside_the_edits_are_identical(text: str) -> None:
    name = _name(text)
    lint = _lint_of(name)
    chosen = fix_mod.choose(fix_mod.resolve(lint(text.encode()), text.encode()), unsafe=True)
    one = fix_mod.fix_bytes(name, text.encode(), lint, unsafe=True, max_passes=1)
    if one.problem is not None:
        return
    edits = sorted((e for f in chosen for e in f.fix.edits), key=lambda e: e.start)  # type: ignore[union-attr]
    want, last = [], 0
    for e in edits:
        want += [text[last : e.start], e.text]
        last = e.end
    want.append(text[last:])
    fixed = "".join(want).encode()
    if chosen and fix_mod.choose(fix_mod.resolve(lint(fixed), fixed), unsafe=True):
        return  # a second pass was needed: the one-pass run gave up on the file
    assert one.after.decode() == "".join(want)


@FAST
@given(articles(), st.booleans(), st.booleans(), st.booleans())
def test_line_ends_bom_and_final_newline_are_kept(
    text: str, crlf: bool, bom: bool, final_newline: bool
) -> None:
    name = _name(text)
    lint = _lint_of(name)
    base = text if final_newline else text.rstrip("\n")
    plain = fix_mod.fix_bytes(name, base.encode(), lint)
    variant = base.replace("\n", "\r\n") if crlf else base
    data = (b"\xef\xbb\xbf" if bom else b"") + variant.encode()
    got = fix_mod.fix_bytes(name, data, lint)
    want = plain.after.decode()
    want = want.replace("\n", "\r\n") if crlf else want
    assert got.after == (b"\xef\xbb\xbf" if bom else b"") + want.encode()
    assert got.after.endswith(b"\n") == data.endswith(b"\n") or not got.after.strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_diff_never_writes_and_fix_writes_what_diff_showed(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path.cwd()
        os.chdir(tmp)
        try:
            path = Path(tmp, _name(text))
            path.write_text(text, encoding="utf-8")
            before = path.stat()
            engine.reset()
            shown = fix_mod.run(["."], engine.Settings(), apply=False)
            assert path.read_text(encoding="utf-8") == text
            assert path.stat().st_mtime_ns == before.st_mtime_ns
            engine.reset()
            done = fix_mod.run(["."], engine.Settings())
            if shown.changed:
                assert path.read_bytes() == shown.changed[0].after
            assert shown.fixed == done.fixed
            # Re-read from disk, the file has the findings the fixer predicted.
            res = done.files[0]
            reread = _lint_of(res.path)(path.read_bytes())
            assert [f.to_dict() for f in reread] == [f.to_dict() for f in res.remaining]
        finally:
            os.chdir(here)
