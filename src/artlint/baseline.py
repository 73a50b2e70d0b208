"""Baselines: accept today's findings, report only new ones.

An entry is (rule, path, flagged text), counted, not a line number, so it
survives edits elsewhere in the file; a second copy of the same problem in the
same file is still new.  Paths are stored relative to the baseline file's
folder, so the same baseline works whichever folder artlint runs from and
whether the files were named as `posts/a.md`, `./posts/a.md` or absolutely.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from artlint import safe_io
from artlint.errors import ConfigError
from artlint.model import Finding
from artlint.reporters.escape import json_text

VERSION = 1
#: A baseline lists every finding of a site, so it may be far larger than an article.
BASELINE_MAX_SIZE = 1 << 30

Key = tuple[str, str, str]


def _path_key(path: str, base: Path) -> str:
    if path.startswith("<"):  # "<stdin>" and other names that are not files
        return path
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def _key(f: Finding, base: Path) -> Key:
    return (f.code, _path_key(f.location.path, base), f.text or f.message)


def _base(baseline_path: str) -> Path:
    return Path(baseline_path).absolute().parent


def write(path: str, findings: Iterable[Finding]) -> int:
    """Record `findings` (read once) in `path` (atomically); returns how many were
    recorded."""
    base = _base(path)
    counts = Counter(_key(f, base) for f in findings)
    entries = [
        {"code": c, "path": p, "text": t, "count": n} for (c, p, t), n in sorted(counts.items())
    ]
    # json_text: a file name that is not UTF-8 is written as escapes (it read back whole).
    data = json_text(
        json.dumps({"version": VERSION, "entries": entries}, indent=2, ensure_ascii=False)
    )
    try:
        safe_io.write_atomic(path, (data + "\n").encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return counts.total()


def load(path: str) -> Counter[Key]:
    """Read a baseline; a missing or malformed one is a ConfigError (exit 2)."""
    try:
        data = json.loads(safe_io.read_text(path, BASELINE_MAX_SIZE))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        return Counter(
            {
                (str(e["code"]), str(e["path"]), str(e["text"])): int(e["count"])
                for e in data["entries"]
            }
        )
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not an artlint baseline: nested too deeply") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not an artlint baseline: {exc}") from None


@dataclass(frozen=True)
class Comparison:
    """Today's findings against a baseline: which are new, and what is gone."""

    #: One flag per finding, in order: True when the baseline did not accept it.
    new: list[bool]
    #: (code, path, text, count) recorded in the baseline and not found now: fixed.
    #: Paths are as the baseline stores them (relative to its folder).
    fixed: list[tuple[str, str, str, int]]


def _marked(
    findings: Iterable[Finding], left: Counter[Key], baseline_path: str
) -> Iterator[tuple[Finding, bool]]:
    """Each finding and whether it is new, using up the entries of `left` in order."""
    base = _base(baseline_path)
    for f in findings:
        k = _key(f, base)
        if left[k] > 0:
            left[k] -= 1
            yield f, False
        else:
            yield f, True


def compare(findings: Iterable[Finding], known: Counter[Key], baseline_path: str) -> Comparison:
    """Match findings to entries in order (earlier ones use an entry up first)."""
    left = Counter(known)
    new = [is_new for _, is_new in _marked(findings, left, baseline_path)]
    fixed = [(c, p, t, n) for (c, p, t), n in sorted(left.items()) if n > 0]
    return Comparison(new, fixed)


def iter_new(
    findings: Iterable[Finding], known: Counter[Key], baseline_path: str
) -> Iterator[Finding]:
    """Findings beyond what the baseline accepted, as they are read (in order;
    earlier ones use it up first)."""
    return (f for f, is_new in _marked(findings, Counter(known), baseline_path) if is_new)


def filter_new(
    findings: Iterable[Finding], known: Counter[Key], baseline_path: str
) -> list[Finding]:
    """`iter_new` as a list."""
    return list(iter_new(findings, known, baseline_path))
