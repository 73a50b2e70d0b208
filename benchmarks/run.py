"""Time artlint and its peers on the same generated corpus, in the same run.

    python benchmarks/run.py --sizes 1000 10000 100000 [--runs 3]
    python benchmarks/run.py --sizes 10000 --generator standard long --scenarios edits \\
        --no-peers --compare /path/to/other/tree

For each size and generator (benchmarks/generate.py, or generate_long.py's longer
and more varied articles; fixed seeds) the corpus is generated once under
benchmarks/out/, then every scenario runs each tool in turn, alternating tools
(and source trees, with `--compare`) within a round so that drifts in machine load
hit all of them alike, for `--runs` rounds; the table shows medians and ratios.
Peak memory is the largest sum of the resident sizes of the tool's process tree
(parent plus workers), sampled every 20 ms from /proc.

Scenarios: cold (no cache), warm with nothing changed, warm with one file
changed, a one-file run as pre-commit does it (the corpus comes from the cache),
and `--version`.  Then the edits a writer makes, each in text and in JSON: (a) a
body word changed, (b) a paragraph and a heading appended, (c) a title changed,
(d) an article added, (e) an article deleted, (f) a one-file pre-commit run whose
`corpus:` is the whole site, (g) an edited buffer linted through stdin as that
file.  Each edit starts from a cache warmed on the unedited corpus and is undone
after its run (bytes, mtimes, folder mtimes), so every round and every tree sees
the same edit of the same corpus.  Peers run with their default rules and no
cache where they have one (rumdl's cache is used only in the warm scenario).
Tools are installed on first use into benchmarks/.tools (npm for
markdownlint-cli2, a virtualenv for pymarkdown and rumdl), which is not
committed.  `--peer-limit N` skips peers on corpora larger than N articles
(pymarkdown is skipped above 1,000 by default: it needs about 40 ms per article).
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TOOLS = HERE / ".tools"
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import generate_long  # noqa: E402


@dataclass
class Sample:
    seconds: float
    peak_mb: float
    code: int
    #: User and system time of the process and the workers it waited for: on a
    #: machine shared with other jobs, wall time measures the neighbours too.
    cpu: float = 0.0


@dataclass
class Cell:
    samples: list[Sample] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> float:
        return max(s.peak_mb for s in self.samples)


# ruff: noqa: PTH123
# --------------------------------------------------------------------------- tools


def ensure_tools() -> dict[str, Path]:
    """Install the peers into benchmarks/.tools if they are not there yet."""
    TOOLS.mkdir(exist_ok=True)
    mdl = TOOLS / "node_modules" / ".bin" / "markdownlint-cli2"
    if not mdl.exists() and shutil.which("npm"):
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(TOOLS),
                "--no-audit",
                "--no-fund",
                "markdownlint-cli2",
            ],
            check=True,
            capture_output=True,
        )
    venv = TOOLS / "venv"
    if not (venv / "bin" / "rumdl").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "pymarkdownlnt", "rumdl"], check=True
        )
    found = {
        "markdownlint-cli2": mdl,
        "pymarkdown": venv / "bin" / "pymarkdown",
        "rumdl": venv / "bin" / "rumdl",
    }
    return {name: path for name, path in found.items() if path.exists()}


def _tree_rss_kb(pid: int) -> int:
    """Resident size of `pid` and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, ()))
        try:
            with open(f"/proc/{p}/status", "rb") as fh:
                for line in fh:
                    if line.startswith(b"VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def measure(
    cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> Sample:
    with tempfile.TemporaryFile() as feed:
        if stdin is not None:
            feed.write(stdin)
            feed.seek(0)
        return _measure(cmd, cwd, env, feed if stdin is not None else subprocess.DEVNULL)


def _measure(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None, stdin: Any) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=env,
        stdin=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)  # its CPU time, and its workers'
    elapsed = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    return Sample(elapsed, peak / 1024, code, usage.ru_utime + usage.ru_stime)


# --------------------------------------------------------------------------- trees


@dataclass(frozen=True)
class Tree:
    """One artlint to time: the one this Python imports, or a source tree given by path."""

    label: str
    env: dict[str, str] | None = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", self.label).strip("-")

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "artlint", *args]


def trees_from(compare: Sequence[str]) -> list[Tree]:
    out = [Tree("artlint")]
    for path in compare:
        src = Path(path).resolve() / "src"
        if not (src / "artlint" / "__init__.py").is_file():
            raise SystemExit(f"run.py: error: --compare {path}: no src/artlint/ in that tree")
        env = {**os.environ, "PYTHONPATH": str(src)}
        label = f"artlint@{Path(path).resolve().name}"
        while label in {t.label for t in out}:
            label += "'"
        out.append(Tree(label, env))
    return out


# --------------------------------------------------------------------------- edits

GENERATORS: dict[str, tuple[Any, int]] = {"standard": (generate, 7), "long": (generate_long, 11)}

#: Body words an edit puts in, one per round, so that no round repeats a text the
#: cache has seen.
WORDS = ("careful", "steady", "simple", "modest", "honest", "patient", "direct", "formal")

_TITLE_LINE = re.compile(r"^(title\s*[:=]\s*)(['\"]?)(.*?)\2[ \t]*$", re.MULTILINE)
_FRONT = re.compile(r"\A(---|\+\+\+)\n.*?\n\1\n", re.DOTALL)


def touch_one(path: Path, round_no: int) -> None:
    """Change one article's content (a different sentence each round)."""
    text = path.read_text(encoding="utf-8").rstrip("\n").split("\n<!-- bench")[0]
    path.write_text(f"{text}\n<!-- bench round {round_no} -->\n", encoding="utf-8")


def change_word(text: str, round_no: int) -> str:
    """`text` with one word of its last prose line replaced."""
    front = _FRONT.match(text)
    body_at = front.end() if front else 0
    lines = text[body_at:].split("\n")
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if len(line) > 60 and line[:1].isalpha() and not line.startswith(("http", "[")):
            m = re.search(r"\b[a-z]{4,}\b", line[10:])
            if m is None:
                continue
            word = WORDS[round_no % len(WORDS)]
            if word == m[0]:
                word = WORDS[(round_no + 1) % len(WORDS)]
            lines[i] = line[: 10 + m.start()] + word + line[10 + m.end() :]
            return text[:body_at] + "\n".join(lines)
    raise ValueError("no prose line to edit")


def append_section(text: str, round_no: int) -> str:
    return (
        text.rstrip("\n") + f"\n\n## A reader question from round {round_no}\n\n"
        f"Readers asked in round {round_no} whether the advice above still holds after a "
        "change of employer, and the short answer is that most of it does.\n"
    )


def change_title(text: str, round_no: int) -> str:
    m = _TITLE_LINE.search(text, 0, _FRONT.match(text).end())  # type: ignore[union-attr]
    if m is None:
        raise ValueError("no front-matter title")
    title = f"{m[3]} (Revised {round_no})"
    return text[: m.start()] + f"{m[1]}{m[2]}{title}{m[2]}" + text[m.end() :]


def pick_target(files: Sequence[Path]) -> Path:
    """The article the edits change: the middle Markdown file with a front-matter title."""
    mds = [p for p in files if p.suffix == ".md"]
    order = sorted(range(len(mds)), key=lambda i: abs(i - len(mds) // 2))
    for i in order:
        text = mds[i].read_text(encoding="utf-8")
        front = _FRONT.match(text)
        if front and _TITLE_LINE.search(text, 0, front.end()):
            return mds[i]
    raise SystemExit("run.py: error: no article with a front-matter title to edit")


class Undo:
    """Puts back the files and folders an edit touched: bytes, then mtimes.

    The ctime moves all the same, so a cache that compares it re-reads a restored
    file once: each edit scenario rewarms before it edits.
    """

    def __init__(self) -> None:
        self.files: dict[Path, tuple[bytes, os.stat_result] | None] = {}
        self.dirs: dict[Path, os.stat_result] = {}

    def keep(self, path: Path) -> Path:
        if path not in self.files:
            self.files[path] = (path.read_bytes(), path.stat()) if path.exists() else None
        self.dirs.setdefault(path.parent, path.parent.stat())
        return path

    def write(self, path: Path, text: str) -> None:
        self.keep(path).write_text(text, encoding="utf-8")

    def restore(self) -> None:
        for path, kept in self.files.items():
            if kept is None:
                path.unlink(missing_ok=True)
                continue
            data, st = kept
            path.write_bytes(data)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        for folder, st in self.dirs.items():
            os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.files.clear()
        self.dirs.clear()


# --------------------------------------------------------------------------- scenarios

#: (slug for --scenarios, row label).
BASE_SCENARIOS = (
    ("cold", "cold"),
    ("warm", "warm"),
    ("one-changed", "one changed"),
    ("pre-commit", "pre-commit 1 file"),
    ("no-corpus", "1 file, no corpus"),
    ("version", "--version"),
)
EDIT_SCENARIOS = (
    ("word", "(a) body word changed"),
    ("append", "(b) paragraph + heading appended"),
    ("title", "(c) title changed"),
    ("add", "(d) article added"),
    ("delete", "(e) article deleted"),
    ("precommit-site", "(f) pre-commit 1 file, corpus: site"),
    ("stdin", "(g) stdin buffer in the site"),
)
FORMATS = ("text", "json")
SCENARIOS = tuple(label for _, label in BASE_SCENARIOS) + tuple(
    f"{label} [{fmt}]" for _, label in EDIT_SCENARIOS for fmt in FORMATS
)
GROUPS = {
    "all": [s for s, _ in BASE_SCENARIOS + EDIT_SCENARIOS],
    "base": [s for s, _ in BASE_SCENARIOS],
    "edits": [s for s, _ in EDIT_SCENARIOS],
}


def corpus_root(n: int, generator: str) -> Path:
    root = OUT / (f"corpus-{n}" if generator == "standard" else f"corpus-{generator}-{n}")
    marker = root / ".complete"
    if not marker.exists():
        module, seed = GENERATORS[generator]
        shutil.rmtree(root, ignore_errors=True)
        module.generate(root, n, seed=seed)
        marker.write_text("ok\n", encoding="utf-8")
        time.sleep(1.1)  # let the newest files leave artlint's racy-timestamp window
    own_repository(root)
    return root


def own_repository(root: Path) -> None:
    """Make `root` a repository of its own, as a site is.

    benchmarks/out/ is in this repository's .gitignore, which artlint (like rumdl)
    honours up to the repository root: without a `.git` of its own, the corpus is
    all ignored and the tools time a walk that lints nothing.
    """
    if (root / ".git").exists():
        return
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    else:
        (root / ".git").mkdir()


def bench_size(
    n: int,
    runs: int,
    tools: dict[str, Path],
    peer_limit: dict[str, int],
    jobs: int | None,
    scenarios: Sequence[str] = (),
    generator: str = "standard",
    trees: Sequence[Tree] = (Tree("artlint"),),
    formats: Sequence[str] = FORMATS,
) -> dict[tuple[str, str], Cell]:
    root = corpus_root(n, generator)
    files = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".txt"))
    mds = [p for p in files if p.suffix == ".md"]
    one = mds[len(mds) // 2]
    one_rel = str(one.relative_to(root))
    target = pick_target(files)
    target_rel = str(target.relative_to(root))
    victim = next(p for p in files[len(files) // 3 :] if p != target)
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    peers = {name: path for name, path in tools.items() if n <= peer_limit.get(name, n)}
    cells: dict[tuple[str, str], Cell] = {}
    caches = {t.label: OUT / f"cache-{generator}-{n}-{t.slug}" for t in trees}
    wanted = set(scenarios or GROUPS["all"])
    plain = OUT / "no-corpus.artlint.yaml"
    plain.write_text(
        "# The benchmark's one-file start-up run: every rule, no corpus.\n", encoding="utf-8"
    )
    module = GENERATORS[generator][0]

    def record(scenario: str, tool: str, sample: Sample) -> None:
        cells.setdefault((scenario, tool), Cell()).samples.append(sample)

    def site(tree: Tree, *extra: str) -> list[str]:
        return tree.cmd("-q", "--cache-dir", str(caches[tree.label]), *jobs_args, *extra)

    def run(tree: Tree, args: Sequence[str], stdin: bytes | None = None) -> Sample:
        return measure(site(tree, *args), root, tree.env, stdin)

    def rewarm(tree: Tree) -> None:
        """A full site run, untimed: the cache and the corpus memo of the unedited site."""
        run(tree, ["."])

    def peer_cmd(name: str, path: Path, files_arg: Sequence[str]) -> list[str]:
        if name == "markdownlint-cli2":
            return [str(path), *files_arg]
        if name == "pymarkdown":
            return [str(path), "scan", *(["-r", "."] if files_arg == ["."] else files_arg)]
        return [str(path), "check", "--no-cache", *files_arg]

    # Each edit: (apply it and return the run's arguments and stdin) for a round and format.
    Edit = Callable[[Undo, int, list[str]], tuple[list[str], bytes | None]]

    def edit_word(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        undo.write(target, change_word(target.read_text(encoding="utf-8"), r))
        return [*fmt, "."], None

    def edit_append(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        undo.write(target, append_section(target.read_text(encoding="utf-8"), r))
        return [*fmt, "."], None

    def edit_title(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        undo.write(target, change_title(target.read_text(encoding="utf-8"), r))
        return [*fmt, "."], None

    def edit_add(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        undo.write(target.parent / f"bench-added-{r}.md", module.extra_article(r))
        return [*fmt, "."], None

    def edit_delete(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        undo.keep(victim).unlink()
        return [*fmt, "."], None

    def edit_precommit(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        undo.write(target, change_word(target.read_text(encoding="utf-8"), r))
        return [*fmt, target_rel], None

    def edit_stdin(undo: Undo, r: int, fmt: list[str]) -> tuple[list[str], bytes | None]:
        buffer = change_word(target.read_text(encoding="utf-8"), r).encode("utf-8")
        return [*fmt, "-", "--stdin-filename", target_rel], buffer

    edits: dict[str, Edit] = {
        "word": edit_word,
        "append": edit_append,
        "title": edit_title,
        "add": edit_add,
        "delete": edit_delete,
        "precommit-site": edit_precommit,
        "stdin": edit_stdin,
    }
    labels = dict(BASE_SCENARIOS + EDIT_SCENARIOS)
    pristine = Undo()
    pristine.keep(one)

    for r in range(runs):
        print(f"  size {n} ({generator}): round {r + 1}/{runs}", file=sys.stderr)
        if "cold" in wanted:
            # Cold: artlint without a cache, then each peer.
            for tree in trees:
                shutil.rmtree(caches[tree.label], ignore_errors=True)
                record("cold", tree.label, run(tree, ["."]))
            for name, path in peers.items():
                files_arg = ["**/*.md", "**/*.txt"] if name == "markdownlint-cli2" else ["."]
                record("cold", name, measure(peer_cmd(name, path, files_arg), root))
        else:
            for tree in trees:
                rewarm(tree)
        if "warm" in wanted:
            # Warm, nothing changed (the cold run above filled the cache).
            for tree in trees:
                record("warm", tree.label, run(tree, ["."]))
            if "rumdl" in peers:
                rumdl = [str(peers["rumdl"]), "check", "--cache-dir", str(OUT / f"rumdl-{n}"), "."]
                subprocess.run(rumdl, cwd=root, capture_output=True, check=False)
                record("warm", "rumdl", measure(rumdl, root))
        if "one-changed" in wanted:
            # Warm, one file changed.
            for k, tree in enumerate(trees):
                touch_one(one, r * 10 + k)
                record("one changed", tree.label, run(tree, ["."]))
        if "pre-commit" in wanted:
            # Pre-commit: only the changed file is named; the corpus comes from the cache.
            for k, tree in enumerate(trees):
                touch_one(one, 1000 + r * 10 + k)
                record("pre-commit 1 file", tree.label, run(tree, [one_rel]))
            for name, path in peers.items():
                record("pre-commit 1 file", name, measure(peer_cmd(name, path, [one_rel]), root))
        if "no-corpus" in wanted:
            # Start-up of a one-file run that pays only for itself: no corpus to consult
            # (a config without `corpus:`) and no cache.
            for tree in trees:
                cmd = tree.cmd("-q", "--no-cache", "--config", str(plain), one_rel)
                record("1 file, no corpus", tree.label, measure(cmd, root, tree.env))
        if "version" in wanted:
            for tree in trees:
                record("--version", tree.label, measure(tree.cmd("--version"), root, tree.env))
            for name, path in peers.items():
                version = [str(path), "version" if name == "pymarkdown" else "--version"]
                record("--version", name, measure(version, root))
        pristine.restore()
        pristine.keep(one)
        # The edits, each from a cache warmed on the unedited corpus, undone after its run.
        for slug, edit in edits.items():
            if slug not in wanted:
                continue
            for fmt in formats:
                fmt_args = [] if fmt == "text" else ["--format", fmt]
                for tree in trees:
                    rewarm(tree)
                    undo = Undo()
                    try:
                        args, stdin = edit(undo, r, fmt_args)
                        record(f"{labels[slug]} [{fmt}]", tree.label, run(tree, args, stdin))
                    finally:
                        undo.restore()
    for tree in trees:
        rewarm(tree)
    return cells


# --------------------------------------------------------------------------- report


def table(
    n: int,
    cells: dict[tuple[str, str], Cell],
    tools: Sequence[str],
    trees: Sequence[Tree] = (Tree("artlint"),),
    generator: str = "standard",
) -> str:
    main_tree, others = trees[0].label, [t.label for t in trees[1:]]
    head = ["scenario", f"{main_tree} s", f"{main_tree} CPU s", f"{main_tree} peak MB"]
    for o in others:
        head += [f"{o} s", f"{o} peak MB", f"{main_tree}/{o}"]
    for t in tools:
        head += [f"{t} s", f"{main_tree}/{t}"]
    rows = [head]
    for sc in SCENARIOS:
        a = cells.get((sc, main_tree))
        if a is None:
            continue
        failed = sorted({s.code for s in a.samples if s.code not in (0, 1)})
        name = sc + (f" (exit {failed})" if failed else "")
        row = [name, f"{a.time:.3f}", f"{a.cpu:.3f}", f"{a.peak:.0f}"]
        for o in others:
            c = cells.get((sc, o))
            row += [f"{c.time:.3f}", f"{c.peak:.0f}", f"{a.time / c.time:.2f}x"] if c else ["-"] * 3
        for t in tools:
            c = cells.get((sc, t))
            row += [f"{c.time:.3f}", f"{a.time / c.time:.2f}x"] if c else ["-", "-"]
        rows.append(row)
    out = [f"### {n:,} articles ({generator} generator)", ""]
    out.append("| " + " | ".join(rows[0]) + " |")
    out.append("|" + "---|" * len(rows[0]))
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    for tree in trees:
        cold = cells.get(("cold", tree.label))
        warm = cells.get(("warm", tree.label))
        if cold and warm:
            out += ["", f"{tree.label} warm / cold: {warm.time / cold.time:.3f}x"]
    peaks = [f"{t} {cells[('cold', t)].peak:.0f} MB" for t in tools if ("cold", t) in cells]
    if peaks:
        out.append(f"peers' peak memory (cold): {', '.join(peaks)}")
    return "\n".join(out)


def compile_artlint(env: dict[str, str] | None = None) -> None:
    """Byte-compile the artlint under test, as an install would.

    An editable checkout (or a snapshot on PYTHONPATH) run with
    PYTHONDONTWRITEBYTECODE set compiles every module from source on every run,
    which is start-up time no installed artlint pays.
    """
    where = subprocess.run(
        [sys.executable, "-c", "import artlint, os; print(os.path.dirname(artlint.__file__))"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.strip()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", where], check=True, stdout=subprocess.DEVNULL
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark artlint against its peers.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="artlint --jobs (default: all)")
    parser.add_argument(
        "--peer-limit", type=int, default=10000, help="skip peers on corpora larger than this"
    )
    parser.add_argument("--pymarkdown-limit", type=int, default=1000)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument(
        "--scenarios",
        nargs="+",
        choices=sorted(GROUPS) + [s for s, _ in BASE_SCENARIOS + EDIT_SCENARIOS],
        default=["all"],
        metavar="SCENARIO",
        help="scenarios to run: all, base, edits, or any of "
        + ", ".join(s for s, _ in BASE_SCENARIOS + EDIT_SCENARIOS),
    )
    parser.add_argument(
        "--formats",
        nargs="+",
        choices=FORMATS,
        default=list(FORMATS),
        help="edit scenarios' formats",
    )
    parser.add_argument(
        "--generator",
        nargs="+",
        choices=sorted(GENERATORS),
        default=["standard"],
        help="corpus generator(s): standard (generate.py) or long (generate_long.py)",
    )
    parser.add_argument(
        "--compare",
        nargs="+",
        default=[],
        metavar="TREE",
        help="also time the artlint in these source trees (TREE/src), side by side",
    )
    args = parser.parse_args(argv)
    trees = trees_from(args.compare)
    tools = {} if args.no_peers else ensure_tools()
    for tree in trees:
        compile_artlint(tree.env)
    limits = dict.fromkeys(tools, args.peer_limit)
    if "pymarkdown" in limits:
        limits["pymarkdown"] = min(args.peer_limit, args.pymarkdown_limit)
    wanted: list[str] = []
    for name in args.scenarios:
        wanted += GROUPS.get(name, [name])
    OUT.mkdir(exist_ok=True)
    for generator in args.generator:
        reports = []
        for n in args.sizes:
            cells = bench_size(
                n, args.runs, tools, limits, args.jobs, wanted, generator, trees, args.formats
            )
            present = [t for t in tools if ("cold", t) in cells or ("--version", t) in cells]
            print(table(n, cells, present, trees, generator) + "\n", flush=True)
            reports.append((n, cells))
        by_n = {n: c[("cold", "artlint")].time for n, c in reports if ("cold", "artlint") in c}
        for small, big in itertools.pairwise(sorted(by_n)):
            print(
                f"cold scaling ({generator}) {small:,} -> {big:,} articles: "
                f"{by_n[big] / by_n[small]:.2f}x time for {big / small:.0f}x articles"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
