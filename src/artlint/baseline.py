"""Baselines: accept today's findings, report only new ones.

An entry is (rule, path, flagged text), counted, not a line number, so it
survives edits elsewhere in the file; a second copy of the same problem in the
same file is still new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from artlint.errors import ConfigError
from artlint.model import Finding

VERSION = 1


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.code, Path(f.location.path).as_posix(), f.text or f.message)


def write(path: str, findings: Sequence[Finding]) -> int:
    counts = Counter(_key(f) for f in findings)
    entries = [{"code": c, "path": p, "text": t, "count": n}
               for (c, p, t), n in sorted(counts.items())]
    data = json.dumps({"version": VERSION, "entries": entries}, indent=2, ensure_ascii=False)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data + "\n")
    os.replace(tmp, path)
    return len(findings)


def load(path: str) -> Counter[tuple[str, str, str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        return Counter({(e["code"], e["path"], e["text"]): int(e["count"])
                        for e in data["entries"]})
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not an artlint baseline: {exc}") from None


def filter_new(findings: Sequence[Finding], known: Counter[tuple[str, str, str]]) -> list[Finding]:
    """Findings beyond what the baseline accepted (in order; earlier ones use it up first)."""
    left = Counter(known)
    out = []
    for f in findings:
        k = _key(f)
        if left[k] > 0:
            left[k] -= 1
        else:
            out.append(f)
    return out
