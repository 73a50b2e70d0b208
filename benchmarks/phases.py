"""Where a run's memory and time go, phase by phase and cross-file rule by rule.

    python benchmarks/phases.py SITE [PATH ...] [--cache-dir DIR] [--jobs N] [--json]

lints SITE (or the PATHs inside it, as a pre-commit run does: a config whose
`corpus:` names the site then reads the rest for its facts) as `artlint` does
(all rules, the cache in DIR: empty for a cold run, kept for a warm one), in
this process, and prints the parent's resident memory (VmRSS) and its
high-water mark (VmHWM) when the per-file phase is over, after each
cross-file rule, and at the end, with the CPU seconds each rule took.  The
workers of the per-file phase are not counted in the memory (`run.py` gives
the whole process tree's peak); their CPU is, at the end.

A rule that keeps a state is timed through `incremental.output`; one that does
not runs inside the corpus phase and is not listed on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _status() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process in MB; (0, 0) where /proc has neither."""
    found = {"VmRSS": 0, "VmHWM": 0}
    try:
        with Path("/proc/self/status").open(encoding="ascii") as fh:
            for line in fh:
                name, _, value = line.partition(":")
                if name in found:
                    found[name] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return found["VmRSS"], found["VmHWM"]


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def measure(
    site: Path, cache_dir: Path, jobs: int, paths: Sequence[str] = (".",)
) -> list[dict[str, Any]]:
    """The rows the script prints: one per phase boundary and cross-file rule."""
    from artlint import engine, incremental
    from artlint.cache import Cache

    rows: list[dict[str, Any]] = []
    start = time.monotonic()

    def row(what: str, cpu: float | None = None) -> None:
        rss, hwm = _status()
        rows.append(
            {
                "at": what,
                "rss_mb": rss,
                "hwm_mb": hwm,
                "cpu_s": None if cpu is None else round(cpu, 2),
                "wall_s": round(time.monotonic() - start, 1),
            }
        )

    def timed_output(real: Callable[..., Any]) -> Callable[..., Any]:
        def output(rule: Any, *args: Any, **kwargs: Any) -> Any:
            before = _cpu()
            try:
                return real(rule, *args, **kwargs)
            finally:
                row(getattr(rule, "code", "?"), _cpu() - before)

        return output

    def phase(real: Callable[..., Any]) -> Callable[..., Any]:
        def corpus_findings(*args: Any, **kwargs: Any) -> Any:
            row("per-file phase over")
            before = _cpu()
            try:
                return real(*args, **kwargs)
            finally:
                row("corpus phase over", _cpu() - before)

        return corpus_findings

    real_output, real_phase = incremental.output, engine.corpus_findings
    incremental.output = timed_output(real_output)  # type: ignore[assignment]
    engine.corpus_findings = phase(real_phase)  # type: ignore[assignment]
    here = Path.cwd()
    try:
        os.chdir(site)
        settings = engine.Settings()
        cache = Cache(str(cache_dir.resolve()), settings, engine.registry(settings))
        engine.execute(engine.Run(list(paths), settings, jobs=jobs, cache=cache))
    finally:
        os.chdir(here)
        incremental.output, engine.corpus_findings = real_output, real_phase
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    row("end (CPU: the run and its workers)", _cpu() + workers.ru_utime + workers.ru_stime)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="*", default=["."], help="inside SITE (default: all)")
    parser.add_argument("--cache-dir", type=Path, default=Path(".artlint_cache"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = measure(args.site, args.cache_dir, args.jobs, args.paths)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print("| at | RSS MB | high-water MB | CPU s | wall s |")
    print("|---|---|---|---|---|")
    for r in rows:
        cpu = "" if r["cpu_s"] is None else f"{r['cpu_s']:.2f}"
        print(f"| {r['at']} | {r['rss_mb']} | {r['hwm_mb']} | {cpu} | {r['wall_s']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
