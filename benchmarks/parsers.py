"""What a faster Markdown parser would buy artlint (issue 15), measured before adopting one.

A parser swap pays off only by the share of the per-file phase the parse takes,
and only if the new parser gives everything the reader needs.  So the same
Markdown bodies go through, alternately inside every round:

(a)  markdown-it as artlint runs it (`readers.markdown._parse`), and (a+) the
     whole `readers.markdown.read` that walks its tokens;
(b)  pyromark's event stream with source ranges, materialised (it is lazy);
(c)  artlint's whole per-file phase on the same file (`file_phase.lint_bytes`).

The share (a)/(c) is what a parser that cost nothing would save of the
per-file phase, and (a)-(b) what pyromark would.  `--cold` also times a cold
`artlint check` of the corpus and rumdl's (CPU seconds, from `wait4`, since the
machine may be shared), to put those savings against a whole run.  An untimed
pass then checks, file by file, whether pyromark's events give what artlint
reads: headings (ATX and setext) with their levels, list items by their marker,
table cells, bold labels, and the front-matter block.

`--profile` runs (c) under cProfile instead and charges each function's self
time to the part of artlint (or library) its file belongs to; time spent in C
functions (str methods, regex matching) goes to the Python function that called
them, so the table says which code the time is spent for.

    python benchmarks/parsers.py --count 2000 --runs 3 --generator standard long --cold
    python benchmarks/parsers.py --count 2000 --generator standard long --profile
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import importlib
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import generate_long  # noqa: E402
import run  # noqa: E402

from artlint import file_phase, readers  # noqa: E402
from artlint.article import Format, HeadingKind  # noqa: E402
from artlint.readers import frontmatter, markdown  # noqa: E402

GENERATORS: dict[str, tuple[Any, int]] = {"standard": (generate, 7), "long": (generate_long, 11)}


def _optional(name: str) -> Any:
    """The module, or None: pyromark is measured, never a project dependency."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


pyromark: Any = _optional("pyromark")

INSTALL_NOTE = "pyromark is not installed: (b) skipped; `pip install pyromark` to time it"


@dataclass
class Doc:
    """One Markdown file as the linter sees it."""

    path: str
    data: bytes
    text: str
    body: str
    body_start: int


def load(paths: Sequence[str]) -> list[Doc]:
    """The Markdown files among `paths`, split as `readers.parse` splits them.

    The format is detected as artlint does, not taken from the extension: some
    `.txt` exports are Markdown and some are not.
    """
    docs = []
    for path in paths:
        data = Path(path).read_bytes()
        text = readers.decode(data)
        found = frontmatter.split(text)
        body_start = found[3] if found is not None else 0
        if readers.detect(text[body_start:], found is not None) is Format.MARKDOWN:
            docs.append(Doc(path, data, text, text[body_start:], body_start))
    return docs


def _pyromark_parser() -> Any:
    # Tables, as artlint enables them; the body is parsed after the front matter,
    # as artlint parses it, so no metadata-block option is needed here.
    return pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)


def timed_round(docs: Sequence[Doc], ctx: file_phase.Context) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds each way spent on all of `docs`, taken file by file in turn.

    Alternating per file puts every way on the same machine state, so a
    neighbour's burst slows them all alike; CPU time (this process is single
    threaded) leaves out the time a neighbour held the core.
    """
    wall, cpu = time.perf_counter, time.process_time
    parse, read = markdown._parse, markdown.read
    from artlint.article import LineIndex

    md = _pyromark_parser() if pyromark is not None else None
    keys = ("a", "a+", "b", "c")
    spent = {k: [0.0, 0.0] for k in keys}
    for doc in docs:
        index = LineIndex(doc.text)
        marks = [(wall(), cpu())]
        parse(doc.body)
        marks.append((wall(), cpu()))
        read(doc.text, index, doc.body_start)
        marks.append((wall(), cpu()))
        if md is not None:
            tuple(md.events_with_range(doc.body))
        marks.append((wall(), cpu()))
        file_phase.lint_bytes(doc.path, doc.data, ctx)
        marks.append((wall(), cpu()))
        for k, before, after in zip(keys, marks[:-1], marks[1:], strict=True):
            spent[k][0] += after[0] - before[0]
            spent[k][1] += after[1] - before[1]
    return {k: (w, c) for k, (w, c) in spent.items()}


def _artlint_src() -> str:
    import artlint

    return str(Path(artlint.__file__).resolve().parent.parent)


def cold_runs(root: Path, rumdl: Path | None) -> dict[str, run.Sample]:
    """One cold `artlint check` of the corpus (this artlint, no cache), and rumdl's."""
    env = dict(os.environ, PYTHONPATH=_artlint_src())
    found = {
        "artlint": run.measure(
            [sys.executable, "-m", "artlint", "check", "--no-cache", "."], root, env
        )
    }
    if rumdl is not None:
        found["rumdl"] = run.measure([str(rumdl), "check", "--no-cache", "."], root)
    return found


LABELS = {
    "a": "(a) markdown-it parse (`markdown._parse`)",
    "a+": "(a+) markdown-it parse + token walk (`markdown.read`)",
    "b": "(b) pyromark events_with_range",
    "c": "(c) per-file phase (`file_phase.lint_bytes`)",
}


def bench(
    generator: str, root: Path, docs: list[Doc], runs: int, cold: bool, rumdl: Path | None
) -> str:
    ctx = file_phase._context(file_phase.Settings())
    timed_round(docs[:20], ctx)  # imports, the parsers' setup, the rule set: not per article
    rounds: list[dict[str, tuple[float, float]]] = []
    colds: list[dict[str, run.Sample]] = []
    for _ in range(runs):
        rounds.append(timed_round(docs, ctx))
        if cold:
            colds.append(cold_runs(root, rumdl))
    n = len(docs)
    walls = {k: statistics.median(r[k][0] for r in rounds) * 1000 / n for k in LABELS}
    ms = {k: statistics.median(r[k][1] for r in rounds) * 1000 / n for k in LABELS}
    out = [
        f"#### {generator} generator: {n} Markdown articles, {runs} round(s)",
        "",
        "| what | ms per article | CPU ms per article | share of (c), CPU |",
        "|---|---|---|---|",
    ]

    def row(label: str, wall: float, cpu: float) -> str:
        return f"| {label} | {wall:.3f} | {cpu:.3f} | {cpu / ms['c']:.1%} |"

    for key, label in LABELS.items():
        if key != "b" or pyromark is not None:
            out.append(row(label, walls[key], ms[key]))
    out.append(row("saved by a parser that cost nothing: (a)", walls["a"], ms["a"]))
    if pyromark is not None:
        saved = row("saved by pyromark: (a)-(b)", walls["a"] - walls["b"], ms["a"] - ms["b"])
        out += [saved, "", f"markdown-it / pyromark: {ms['a'] / ms['b']:.1f}x (CPU)"]
    else:
        out += ["", INSTALL_NOTE]
    if colds:
        out += ["", *cold_table(colds, ms, n)]
    return "\n".join(out)


def cold_table(colds: list[dict[str, run.Sample]], ms: dict[str, float], n: int) -> list[str]:
    """The cold runs beside the savings: what they would be of a whole run."""

    def med(tool: str, what: Callable[[run.Sample], float]) -> float:
        return statistics.median(what(c[tool]) for c in colds)

    out = [
        "| cold run (no cache) | s | CPU s | CPU ms per Markdown article | exit |",
        "|---|---|---|---|---|",
    ]
    for tool in colds[0]:
        codes = sorted({c[tool].code for c in colds})
        out.append(
            f"| {tool} | {med(tool, lambda s: s.seconds):.3f} | {med(tool, lambda s: s.cpu):.3f} "
            f"| {med(tool, lambda s: s.cpu) * 1000 / n:.3f} | {codes} |"
        )
    cpu = med("artlint", lambda s: s.cpu) * 1000 / n
    out += ["", f"(a) of artlint's cold CPU: {ms['a'] / cpu:.1%}"]
    if pyromark is not None:
        out.append(f"(a)-(b) of artlint's cold CPU: {(ms['a'] - ms['b']) / cpu:.1%}")
    if "rumdl" in colds[0]:
        rumdl = med("rumdl", lambda s: s.cpu) * 1000 / n
        wall = med("artlint", lambda s: s.seconds) / med("rumdl", lambda s: s.seconds)
        out.append(f"artlint/rumdl, cold: {wall:.2f}x wall, {cpu / rumdl:.2f}x CPU")
        out.append(f"artlint/rumdl, cold CPU with a free parser: {(cpu - ms['a']) / rumdl:.2f}x")
        if pyromark is not None:
            swapped = cpu - ms["a"] + ms["b"]
            out.append(f"artlint/rumdl, cold CPU with pyromark: {swapped / rumdl:.2f}x")
    return out


# --------------------------------------------------------------------------- agreement


def _line_of(starts: list[int], byte: int) -> int:
    return bisect.bisect_right(starts, byte) - 1


def agreement(docs: Sequence[Doc]) -> str:
    """Whether pyromark's events give, file by file, what artlint's reader reads.

    Each kind is compared as a set of keys (line and what identifies the thing
    there); `agree` counts the files where both sets are equal.
    """
    md = _pyromark_parser()
    meta = pyromark.Markdown(
        options=pyromark.Options.ENABLE_TABLES
        | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
        | pyromark.Options.ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
    )
    kinds = ("ATX headings", "setext headings", "list items", "table cells", "bold labels")
    agree = dict.fromkeys(kinds, 0)
    total = dict.fromkeys(kinds, 0)
    fm_agree = fm_total = 0
    first_miss: dict[str, str] = {}
    for doc in docs:
        article = readers.parse(doc.path, doc.text)
        ours = _artlint_keys(article)
        theirs = _pyromark_keys(md, doc)
        for kind in kinds:
            total[kind] += len(ours[kind])
            if ours[kind] == theirs[kind]:
                agree[kind] += 1
            elif kind not in first_miss:
                only = sorted(ours[kind] ^ theirs[kind])[:2]
                first_miss[kind] = f"{Path(doc.path).name}: {only}"
        if article.front_matter is not None:
            fm_total += 1
            blocks = [
                r
                for e, r in meta.events_with_range(doc.text)
                if isinstance(e, dict) and "Start" in e and "MetadataBlock" in str(e["Start"])
            ]
            end = len(doc.text[: doc.body_start].encode())
            if blocks and blocks[0]["start"] == 0 and blocks[0]["end"] in (end, end - 1):
                fm_agree += 1
    n = len(docs)
    out = [
        "| what artlint reads | files where pyromark gives the same | artlint's count |",
        "|---|---|---|",
    ]
    out += [f"| {k} | {agree[k]} of {n} | {total[k]} |" for k in kinds]
    out.append(f"| front-matter block | {fm_agree} of {fm_total} | {fm_total} |")
    out += [f"first difference, {k}: {v}" for k, v in first_miss.items()]
    return "\n".join(out)


def _artlint_keys(article: Any) -> dict[str, set[Any]]:
    heads = article.headings
    return {
        "ATX headings": {(h.line, h.level) for h in heads if h.kind is HeadingKind.ATX},
        "setext headings": {(h.line, h.level) for h in heads if h.kind is HeadingKind.SETEXT},
        "list items": {(i.line, i.start) for lst in article.lists for i in lst.items},
        "table cells": {
            (c.line, c.text.strip())
            for t in article.tables
            for c in (*t.header, *(c for row in t.rows for c in row))
        },
        "bold labels": {(h.line, h.raw) for h in heads if h.kind is HeadingKind.BOLD},
    }


def _pyromark_keys(md: Any, doc: Doc) -> dict[str, set[Any]]:
    """The same keys, from pyromark's events and their byte ranges alone.

    What pyromark does not name is read from the source at the range: whether a
    heading is setext (its first character is not "#"), and a bold label (the
    label patterns of artlint's reader, applied where a paragraph or a top-level
    item's text opens with Strong).
    """
    raw = doc.body.encode()
    starts = [0]
    at = raw.find(b"\n")
    while at != -1:
        starts.append(at + 1)
        at = raw.find(b"\n", at + 1)
    line0 = doc.text.count("\n", 0, doc.body_start)

    def line(byte: int) -> int:
        return line0 + _line_of(starts, byte) + 1

    def offset(byte: int) -> int:
        return doc.body_start + len(raw[:byte].decode("utf-8", "replace"))

    keys: dict[str, set[Any]] = {
        k: set()
        for k in ("ATX headings", "setext headings", "list items", "table cells", "bold labels")
    }
    stack: list[str] = []  # open containers
    lists: list[bool] = []  # ordered?
    first_inline = False  # the next inline event opens a paragraph (or a tight item)
    for event, rng in md.events_with_range(doc.body):
        start = rng["start"]
        if isinstance(event, dict) and "Start" in event:
            tag = event["Start"]
            name = next(iter(tag)) if isinstance(tag, dict) else tag
            if name == "Heading":
                level = int(tag["Heading"]["level"][1])
                atx = raw[start : rng["end"]].lstrip(b" ").startswith(b"#")
                keys["ATX headings" if atx else "setext headings"].add((line(start), level))
            elif name == "List":
                lists.append(tag["List"] is not None)
            elif name == "Item":
                keys["list items"].add((line(start), offset(start)))
            elif name == "TableCell":
                cell = raw[start : rng["end"]].decode("utf-8", "replace").strip()
                keys["table cells"].add((line(start), cell))
            elif name == "Strong" and first_inline:
                label = _bold_label(raw, start, stack, lists)
                if label is not None:
                    keys["bold labels"].add((line(start), label))
            first_inline = name in ("Paragraph", "Item")
            stack.append(name)
        elif isinstance(event, dict) and "End" in event:
            tag = event["End"]
            name = next(iter(tag)) if isinstance(tag, dict) else tag
            if name == "List":
                lists.pop()
            if stack:
                stack.pop()
            first_inline = False
        else:
            first_inline = False
    return keys


#: Constructs the generators write rarely or never, each where a parser could
#: place it differently: setext headings, labels in quotes and nested lists,
#: "#" lines in code, escaped pipes and non-ASCII text in cells, CRLF-free
#: front matter with accents (byte ranges then differ from str offsets).
EDGE_CASES = """---
title: "\u00c9dition sp\u00e9ciale"
---

Setext Heading Here
===================

Second One
----------

**Pay:** good, 40 \u20ac a day
__Hours__ - long

> ## Quoted heading
> - quoted item
> **Bold in quote:** x

- **Flexible hours:** yes
  - nested **Deep:** item
- Plain label
  continues Here With Words
* star list
+ plus list

1. **Numbered bold:** x
2) paren item

    # indented code, not a heading

```
# fenced, not a heading
- not an item
```

| R\u00f4le | Pay \\| band |
|:----|----:|
| caf\u00e9 | `a|b` |
| **x** | |

## Closed heading ##
   ### indented heading
Lazy
continuation - not a heading

<div>
# html
</div>

- [ ] task
- item

  loose para **Loose:** x
"""


def edge_agreement() -> str:
    """The same comparison on `EDGE_CASES`, with what differs spelled out."""
    text = readers.decode(EDGE_CASES.encode())
    found = frontmatter.split(text)
    start = found[3] if found is not None else 0
    doc = Doc("edge-cases.md", text.encode(), text, text[start:], start)
    ours = _artlint_keys(readers.parse(doc.path, text))
    theirs = _pyromark_keys(_pyromark_parser(), doc)
    out = ["| edge cases | artlint's count | same in pyromark | differences |", "|---|---|---|---|"]
    for kind, keys in ours.items():
        diff = sorted(keys ^ theirs[kind])
        shown = "; ".join(
            f"{'artlint' if k in keys else 'pyromark'} {k!r}".replace("|", "\\|") for k in diff
        )
        out.append(f"| {kind} | {len(keys)} | {'yes' if not diff else 'no'} | {shown or '-'} |")
    return "\n".join(out)


def _bold_label(raw: bytes, start: int, stack: list[str], lists: list[bool]) -> str | None:
    """The label a Strong opening a paragraph or item names, where artlint's reader
    looks for one: top-level paragraphs and the items of top-level bullet lists
    (an ordered item's label is a numbered heading instead)."""
    in_list = stack.count("List")
    if "BlockQuote" in stack or in_list > 1 or (in_list and lists[-1]):
        return None
    end = raw.find(b"\n", start)
    text = raw[start : len(raw) if end == -1 else end].decode("utf-8", "replace")
    m = markdown._BOLD_COLON.match(text) or markdown._BOLD_LABEL.match(text)
    if m and len(m["label"].split()) <= markdown.MAX_LABEL_WORDS:
        return str(m["label"]).strip()
    return None


# --------------------------------------------------------------------------- profile

#: Where a function's file belongs, by the first fragment of its path that matches.
GROUPS: tuple[tuple[str, str], ...] = (
    ("artlint/readers/markdown.py", "readers/markdown"),
    ("artlint/language/casing.py", "language/casing"),
    ("artlint/language/polarity.py", "language/polarity"),
    ("artlint/rules/headings.py", "rules/headings"),
    ("artlint/rules/proscons.py", "rules/proscons"),
    ("artlint/rules/structure.py", "rules/structure"),
    ("artlint/article.py", "article model"),
    ("artlint/readers/frontmatter.py", "front matter"),
    ("markdown_it/", "markdown-it itself"),
    ("yaml/", "yaml"),
)
ROWS = (*(label for _, label in GROUPS), "other")


def _group(filename: str) -> str:
    name = filename.replace(os.sep, "/")
    for fragment, label in GROUPS:
        if fragment in name:
            return label
    return "other"


def _is_c(func: tuple[str, int, str]) -> bool:
    return func[0] == "~" or func[0].startswith("<")


def profile(docs: Sequence[Doc], top: int = 8) -> str:
    """cProfile over the per-file phase of every file, self time by part of the code.

    A C function's self time is split among its Python callers, in proportion to
    the time each call site spent in it, so that `str.find` inside the reader
    counts for the reader.
    """
    ctx = file_phase._context(file_phase.Settings())
    for doc in docs[:20]:  # first-use costs (rule set, lexicons) out of the profile
        file_phase.lint_bytes(doc.path, doc.data, ctx)
    prof = cProfile.Profile()
    prof.enable()
    for doc in docs:
        file_phase.lint_bytes(doc.path, doc.data, ctx)
    prof.disable()
    stats: dict[Any, Any] = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    by_group = dict.fromkeys(ROWS, 0.0)
    by_file: dict[str, float] = {}

    def charge(func: tuple[str, int, str], seconds: float, depth: int = 0) -> None:
        if _is_c(func) and depth < 4:
            callers = stats[func][4]
            spent = sum(v[2] for v in callers.values())
            if spent > 0:
                for caller, v in callers.items():
                    charge(caller, seconds * v[2] / spent, depth + 1)
                return
        group = _group(func[0])
        by_group[group] += seconds
        if group == "other":
            key = "C, unattributed" if _is_c(func) else _short(func[0])
            by_file[key] = by_file.get(key, 0.0) + seconds

    for func, (_cc, _nc, tt, _ct, _callers) in stats.items():
        charge(func, tt)
    total = sum(by_group.values())
    n = len(docs)
    out = [
        f"profiled: {n} Markdown articles, {total * 1000 / n:.3f} ms per article under cProfile",
        "",
        "| part | ms per article | share |",
        "|---|---|---|",
    ]
    out += [f"| {g} | {by_group[g] * 1000 / n:.3f} | {by_group[g] / total:.1%} |" for g in ROWS]
    out += ["", "| other, by file | ms per article | share |", "|---|---|---|"]
    for name, secs in sorted(by_file.items(), key=lambda kv: -kv[1])[:top]:
        out.append(f"| {name} | {secs * 1000 / n:.3f} | {secs / total:.1%} |")
    return "\n".join(out)


def _short(filename: str) -> str:
    name = filename.replace(os.sep, "/")
    for marker in ("/artlint/", "/site-packages/", "/lib/python"):
        if marker in name:
            tail = name.split(marker, 1)[1]
            return ("artlint/" if marker == "/artlint/" else "") + (
                tail.split("/", 1)[1] if marker == "/lib/python" and "/" in tail else tail
            )
    return Path(name).name


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=2000, help="articles per corpus")
    ap.add_argument("--generator", nargs="+", choices=sorted(GENERATORS), default=["standard"])
    ap.add_argument("--runs", type=int, default=3, help="rounds; medians are reported")
    ap.add_argument("--profile", action="store_true", help="profile (c) instead of timing")
    ap.add_argument(
        "--cold", action="store_true", help="also time cold `artlint check` and rumdl runs"
    )
    ap.add_argument(
        "--rumdl",
        type=Path,
        default=run.TOOLS / "venv" / "bin" / "rumdl",
        help="rumdl binary for --cold (default: run.py's install); skipped if missing",
    )
    args = ap.parse_args(argv)
    if pyromark is None:
        print(INSTALL_NOTE)
    rumdl = args.rumdl if args.cold and args.rumdl.exists() else None
    if args.cold and rumdl is None:
        print(f"rumdl not found at {args.rumdl}: its cold run is skipped")
    for generator in args.generator:
        module, seed = GENERATORS[generator]
        with tempfile.TemporaryDirectory(prefix=f"artlint-parsers-{generator}-") as tmp:
            root = Path(tmp)
            docs = load(module.generate(root, args.count, seed=seed))
            if args.profile:
                print(f"#### {generator} generator, profile of (c)\n")
                print(profile(docs))
            else:
                print(bench(generator, root, docs, args.runs, args.cold, rumdl))
                if pyromark is not None:
                    print("\n" + agreement(docs))
            print()
    if pyromark is not None and not args.profile:
        print(edge_agreement())
    return 0


if __name__ == "__main__":
    sys.exit(main())
