"""Time artlint and its peers on the same generated corpus, in the same run.

    python benchmarks/run.py --sizes 1000 10000 100000 [--runs 3]

For each size the corpus is generated once (benchmarks/generate.py, fixed seed)
under benchmarks/out/, then every scenario runs each tool in turn, alternating
tools within a round so that drifts in machine load hit all of them alike, for
`--runs` rounds; the table shows medians and ratios.  Peak memory is the largest
sum of the resident sizes of the tool's process tree (parent plus workers),
sampled every 20 ms from /proc.

Scenarios: cold (no cache), warm with nothing changed, warm with one file
changed, a one-file run as pre-commit does it (the corpus comes from the cache),
and `--version`.  Peers run with their default rules and no cache where they have
one (rumdl's cache is used only in the warm scenario).  Tools are installed on
first use into benchmarks/.tools (npm for markdownlint-cli2, a virtualenv for
pymarkdown and rumdl), which is not committed.  `--peer-limit N` skips peers
on corpora larger than N articles (pymarkdown is skipped above 1,000 by default:
it needs about 40 ms per article).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = HERE / ".tools"
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


@dataclass
class Sample:
    seconds: float
    peak_mb: float
    code: int


@dataclass
class Cell:
    samples: list[Sample] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

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


def measure(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
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
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return Sample(elapsed, peak / 1024, code)


# --------------------------------------------------------------------------- scenarios


def artlint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "artlint", *args]


def touch_one(path: Path, round_no: int) -> None:
    """Change one article's content (a different sentence each round)."""
    text = path.read_text(encoding="utf-8").rstrip("\n").split("\n<!-- bench")[0]
    path.write_text(f"{text}\n<!-- bench round {round_no} -->\n", encoding="utf-8")


def bench_size(
    n: int,
    runs: int,
    tools: dict[str, Path],
    peer_limit: dict[str, int],
    jobs: int | None,
    scenarios: Sequence[str] = (),
) -> dict[tuple[str, str], Cell]:
    root = OUT / f"corpus-{n}"
    marker = root / ".complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        generate.generate(root, n, seed=7)
        marker.write_text("ok\n", encoding="utf-8")
        time.sleep(1.1)  # let the newest files leave artlint's racy-timestamp window
    files = sorted(p for p in root.rglob("*.md"))
    one = files[len(files) // 2]
    one_rel = str(one.relative_to(root))
    cache = OUT / f"cache-{n}"
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    peers = {name: path for name, path in tools.items() if n <= peer_limit.get(name, n)}
    cells: dict[tuple[str, str], Cell] = {}

    wanted = set(scenarios or SCENARIOS)
    plain = OUT / "no-corpus.artlint.yaml"
    plain.write_text(
        "# The benchmark's one-file start-up run: every rule, no corpus.\n", encoding="utf-8"
    )

    def record(scenario: str, tool: str, sample: Sample) -> None:
        cells.setdefault((scenario, tool), Cell()).samples.append(sample)

    def peer_cmd(name: str, path: Path, files_arg: Sequence[str]) -> list[str]:
        if name == "markdownlint-cli2":
            return [str(path), *files_arg]
        if name == "pymarkdown":
            return [str(path), "scan", *(["-r", "."] if files_arg == ["."] else files_arg)]
        return [str(path), "check", "--no-cache", *files_arg]

    for r in range(runs):
        print(f"  size {n}: round {r + 1}/{runs}", file=sys.stderr)
        # Cold: artlint without a cache, then each peer.
        shutil.rmtree(cache, ignore_errors=True)
        record(
            "cold",
            "artlint",
            measure(artlint_cmd("-q", "--cache-dir", str(cache), *jobs_args, "."), root),
        )
        for name, path in peers.items():
            files_arg = ["**/*.md", "**/*.txt"] if name == "markdownlint-cli2" else ["."]
            record("cold", name, measure(peer_cmd(name, path, files_arg), root))
        if wanted == {"cold"}:
            continue
        # Warm, nothing changed (the cold run above filled the cache).
        record(
            "warm",
            "artlint",
            measure(artlint_cmd("-q", "--cache-dir", str(cache), *jobs_args, "."), root),
        )
        if "rumdl" in peers:
            rumdl_cache = OUT / f"rumdl-cache-{n}"
            subprocess.run(
                [str(peers["rumdl"]), "check", "--cache-dir", str(rumdl_cache), "."],
                cwd=root,
                capture_output=True,
                check=False,
            )
            record(
                "warm",
                "rumdl",
                measure([str(peers["rumdl"]), "check", "--cache-dir", str(rumdl_cache), "."], root),
            )
        # Warm, one file changed.
        touch_one(one, r)
        record(
            "one changed",
            "artlint",
            measure(artlint_cmd("-q", "--cache-dir", str(cache), *jobs_args, "."), root),
        )
        # Pre-commit: only the changed file is named; the corpus comes from the cache.
        touch_one(one, r + 1000)
        record(
            "pre-commit 1 file",
            "artlint",
            measure(artlint_cmd("-q", "--cache-dir", str(cache), one_rel), root),
        )
        for name, path in peers.items():
            record("pre-commit 1 file", name, measure(peer_cmd(name, path, [one_rel]), root))
        # Start-up of a one-file run that pays only for itself: no corpus to consult
        # (a config without `corpus:`) and no cache.
        record(
            "1 file, no corpus",
            "artlint",
            measure(artlint_cmd("-q", "--no-cache", "--config", str(plain), one_rel), root),
        )
        # Start-up.
        record("--version", "artlint", measure(artlint_cmd("--version"), root))
        for name, path in peers.items():
            record(
                "--version",
                name,
                measure(
                    [str(path), "--version"] if name != "pymarkdown" else [str(path), "version"],
                    root,
                ),
            )
    return cells


# --------------------------------------------------------------------------- report

SCENARIOS = ("cold", "warm", "one changed", "pre-commit 1 file", "1 file, no corpus", "--version")


def table(n: int, cells: dict[tuple[str, str], Cell], tools: Sequence[str]) -> str:
    head = ["scenario", "artlint s", "artlint peak MB"]
    for t in tools:
        head += [f"{t} s", f"artlint/{t}"]
    rows = [head]
    for sc in SCENARIOS:
        a = cells.get((sc, "artlint"))
        if a is None:
            continue
        row = [sc, f"{a.time:.3f}", f"{a.peak:.0f}"]
        for t in tools:
            c = cells.get((sc, t))
            row += [f"{c.time:.3f}", f"{a.time / c.time:.2f}x"] if c else ["-", "-"]
        rows.append(row)
    out = [f"### {n:,} articles", ""]
    out.append("| " + " | ".join(rows[0]) + " |")
    out.append("|" + "---|" * len(rows[0]))
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    cold = cells.get(("cold", "artlint"))
    warm = cells.get(("warm", "artlint"))
    if cold and warm:
        out += ["", f"warm / cold: {warm.time / cold.time:.3f}x"]
    peaks = [f"{t} {cells[('cold', t)].peak:.0f} MB" for t in tools if ("cold", t) in cells]
    if peaks:
        out.append(f"peers' peak memory (cold): {', '.join(peaks)}")
    return "\n".join(out)


def compile_artlint() -> None:
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
        choices=("cold", "all"),
        default=["all"],
        help="'cold' runs only the cold scenario",
    )
    args = parser.parse_args(argv)
    tools = {} if args.no_peers else ensure_tools()
    compile_artlint()
    limits = dict.fromkeys(tools, args.peer_limit)
    if "pymarkdown" in limits:
        limits["pymarkdown"] = min(args.peer_limit, args.pymarkdown_limit)
    OUT.mkdir(exist_ok=True)
    reports = []
    for n in args.sizes:
        only = ["cold"] if args.scenarios == ["cold"] else []
        cells = bench_size(n, args.runs, tools, limits, args.jobs, only)
        present = [t for t in tools if ("cold", t) in cells or ("--version", t) in cells]
        report = table(n, cells, present)
        print(report + "\n", flush=True)
        reports.append((n, cells))
    if len(reports) > 1:
        by_n = {n: c[("cold", "artlint")].time for n, c in reports}
        sizes = sorted(by_n)
        for small, big in itertools.pairwise(sizes):
            print(
                f"cold scaling {small:,} -> {big:,} articles: "
                f"{by_n[big] / by_n[small]:.2f}x time for {big / small:.0f}x articles"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
