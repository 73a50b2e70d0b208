"""What holds the parent's memory at its peak: tracemalloc's top allocation sites.

    python benchmarks/memory.py --sizes 2000 10000 --generator standard long

For each generator, size and mode (cold or warm, text or JSON report) artlint
runs over run.py's generated corpus in a fresh child process: once untraced, for
the parent's own high-water mark (VmHWM; the workers are other processes and not
counted), then once under tracemalloc.  A sampler thread in the traced child,
and the return of the few calls that build a run's largest objects at once (the
JSON text, the run's results), take a snapshot each time the traced total has
grown by another 5 %.  A high reached and left inside one C call can still slip
by: the report gives the snapshot's total beside tracemalloc's exact peak, and
the difference is such transients.  (A profile hook sees every C return, but
slows a warm run a hundredfold.)  The snapshot's top allocation sites
(file:line) and files are what holds the peak.  Workers stop tracing as they
fork, so only the parent is traced.  Comparing two sizes shows how each holder
scales: one that grows with the site, not with what the run needs, is what a
packed, incremental design removes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

MODES = ("cold-text", "warm-text", "cold-json", "warm-json")
#: Growth of the traced total that triggers another snapshot.
STEP = 1.05


def _hwm_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:  # noqa: PTH123
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rows(stats: Sequence[tracemalloc.Statistic], top: int) -> list[dict[str, Any]]:
    out = []
    for s in stats[:top]:
        frame = s.traceback[0]
        out.append(
            {
                "where": f"{_short(frame.filename)}:{frame.lineno}",
                "mb": s.size / 2**20,
                "n": s.count,
            }
        )
    return out


def _short(filename: str) -> str:
    """A path from its package down: `artlint/engine.py`, `json/encoder.py`."""
    parts = Path(filename).parts
    for anchor in ("artlint", "site-packages"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[i + (anchor == "site-packages") :])
    return "/".join(parts[-2:])


class Sampler:
    """Snapshots the parent's traced heap each time it reaches a new high."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.best: dict[str, Any] = {}
        self.next = 1 << 20
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.skip = (
            tracemalloc.Filter(False, tracemalloc.__file__),
            tracemalloc.Filter(False, __file__),
        )

    def checkpoint(self, force: bool = False) -> None:
        if force or tracemalloc.get_traced_memory()[0] >= self.next:
            with self.lock:
                self.capture()

    def watch(self) -> None:
        """Look on return from the calls that make a run's largest objects in one go.

        Inside a C call (`json.dumps` joining the whole report, unpickling a cache
        shard) the sampler thread cannot run, and a snapshot of a large heap takes
        long enough for a high to come and go: the run's results as `execute`
        returns them, and a whole JSON report as it is made, are always looked at.
        """
        import click

        from artlint import engine

        def large(text: Any) -> bool:
            return isinstance(text, str) and len(text) > 1 << 20

        hooks: list[tuple[Any, str, Any]] = [
            (json, "dumps", large),
            (click, "echo", None),
            (engine, "execute", lambda _out: True),
        ]
        for name in ("corpus_findings", "lint_records"):  # today's engine; else skipped
            if hasattr(engine, name):
                hooks.append((engine, name, None))
        for owner, name, force in hooks:
            setattr(owner, name, self._wrap(getattr(owner, name), force))

    def _wrap(self, fn: Any, force: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            self.checkpoint(force is not None and force(out))
            return out

        return wrapped

    def _loop(self) -> None:
        while not self.done.wait(0.005):
            self.checkpoint()

    def capture(self) -> None:
        snap = tracemalloc.take_snapshot().filter_traces(self.skip)
        lines = snap.statistics("lineno")
        total = sum(s.size for s in lines)
        if total >= self.best.get("total", 0):
            files = snap.statistics("filename")
            self.best = {
                "total": total,
                "lines": _rows(lines, self.top),
                "files": _rows(files, self.top),
            }
        del snap, lines
        self.next = int(total * STEP)  # not the traced total: it counts this snapshot too


def child(args: list[str], out: str, trace: bool, top: int) -> None:
    """Run artlint in this process, report to `out` what its parent held."""
    from artlint.cli import main

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sampler = None
    if trace:
        os.register_at_fork(after_in_child=tracemalloc.stop)
        tracemalloc.start(1)
        sampler = Sampler(top)
        sampler.watch()
        sampler.thread.start()
    start = time.perf_counter()
    code: Any = 0
    try:
        main(args=args, prog_name="artlint")
    except SystemExit as exc:
        code = exc.code
    elapsed = time.perf_counter() - start
    report: dict[str, Any] = {"code": code, "seconds": elapsed, "hwm_mb": _hwm_mb()}
    if sampler is not None:
        sampler.done.set()
        sampler.thread.join()
        _, peak = tracemalloc.get_traced_memory()
        report["traced_peak_mb"] = peak / 2**20
        report["snapshot_mb"] = sampler.best.get("total", 0) / 2**20
        report["lines"] = sampler.best.get("lines", [])
        report["files"] = sampler.best.get("files", [])
        tracemalloc.stop()
    Path(out).write_text(json.dumps(report), encoding="utf-8")


def measure(root: Path, cache: Path, mode: str, trace: bool, top: int) -> dict[str, Any]:
    temperature, fmt = mode.split("-")
    if temperature == "cold":
        shutil.rmtree(cache, ignore_errors=True)
    else:
        subprocess.run(
            [sys.executable, "-m", "artlint", "-q", "--cache-dir", str(cache), "."],
            cwd=root,
            stdout=subprocess.DEVNULL,
            check=False,
        )
    args = ["-q", "--cache-dir", str(cache), "--format", fmt, "."]
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = fh.name
    try:
        cmd = [sys.executable, __file__, "--child", out, "--top", str(top)]
        cmd += ["--trace"] if trace else []
        subprocess.run([*cmd, "--", *args], cwd=root, check=True)
        result: dict[str, Any] = json.loads(Path(out).read_text(encoding="utf-8"))
        return result
    finally:
        Path(out).unlink(missing_ok=True)


def print_report(label: str, plain: dict[str, Any], traced: dict[str, Any]) -> None:
    print(f"#### {label}\n")
    print(
        f"exit {plain['code']}; {plain['seconds']:.2f} s untraced; parent VmHWM "
        f"{plain['hwm_mb']:.0f} MB untraced, {traced['hwm_mb']:.0f} MB traced; tracemalloc "
        f"peak {traced['traced_peak_mb']:.1f} MB, snapshot {traced['snapshot_mb']:.1f} MB\n"
    )
    print("| MB | blocks | allocated at |\n|---|---|---|")
    for row in traced["lines"]:
        print(f"| {row['mb']:.1f} | {row['n']:,} | `{row['where']}` |")
    print("\n| MB | file |\n|---|---|")
    for row in traced["files"]:
        print(f"| {row['mb']:.1f} | `{row['where'].rsplit(':', 1)[0]}` |")
    print(flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument(
        "--generator", nargs="+", choices=sorted(run.GENERATORS), default=["standard", "long"]
    )
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--top", type=int, default=12, help="allocation sites to list")
    parser.add_argument("--child", metavar="OUT", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("artlint_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.artlint_args, args.child, args.trace, args.top)
        return 0
    run.OUT.mkdir(exist_ok=True)
    summary = []
    for generator in args.generator:
        for n in args.sizes:
            root = run.corpus_root(n, generator)
            for mode in args.modes:
                # Warm modes share run.py's cache (warm after a run.py run); cold
                # ones empty a cache of their own.
                kind = "memory" if mode.startswith("cold") else "artlint"
                cache = run.OUT / f"cache-{generator}-{n}-{kind}"
                plain = measure(root, cache, mode, False, args.top)
                traced = measure(root, cache, mode, True, args.top)
                print_report(f"{generator}, {n:,} articles, {mode}", plain, traced)
                summary.append((generator, n, mode, plain, traced))
    print("| generator | articles | mode | parent VmHWM MB | traced peak MB | top holder |")
    print("|---|---|---|---|---|---|")
    for generator, n, mode, plain, traced in summary:
        top = traced["lines"][0] if traced["lines"] else {"where": "-", "mb": 0.0}
        print(
            f"| {generator} | {n:,} | {mode} | {plain['hwm_mb']:.0f} | "
            f"{traced['traced_peak_mb']:.1f} | `{top['where']}` {top['mb']:.1f} MB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
