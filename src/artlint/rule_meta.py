"""Rule metadata for people: the `artlint rules` table, `explain` pages, SARIF descriptors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from artlint import pages
from artlint.model import Finding

FAMILIES = {
    "TI": "titles", "HD": "headings", "PC": "pros and cons", "FM": "front matter",
    "ST": "structure", "AL": "artlint",
}

#: artlint's own findings are not rules one can select, but they are documented.
INTERNAL = {
    "AL001": ("unreadable-file", "A file could not be read", "error"),
    "AL002": ("not-utf8", "A file is binary or not valid UTF-8", "error"),
    "AL003": ("unknown-rule-in-directive", "A suppression comment names an unknown rule",
              "warning"),
    "AL004": ("rule-crashed", "A rule raised an exception on a file (other rules still ran)",
              "error"),
}


def _registry() -> Any:
    from artlint import registry
    from artlint.config import find_for_dir
    from pathlib import Path

    cfg = find_for_dir(Path.cwd())
    return registry.load([cfg.root / p for p in cfg.plugins], [cfg.root / p for p in cfg.house_rules])


def table() -> list[dict[str, Any]]:
    reg = _registry()
    rows = [
        {"code": r.code, "name": r.name, "family": FAMILIES.get(r.code[:2], r.code[:2]),
         "severity": r.severity.value, "fixable": r.fixable, "summary": r.summary,
         "default": r.enabled_by_default}
        for r in sorted(reg.rules.values(), key=lambda r: r.code)
    ]
    rows += [{"code": c, "name": n, "family": "artlint", "severity": s, "fixable": False,
              "summary": summary, "default": True} for c, (n, summary, s) in INTERNAL.items()]
    return rows


def metadata(findings: Iterable[Finding]) -> dict[str, tuple[str, str, str]]:
    codes = {f.code for f in findings}
    if not codes:
        return {}
    out = {c: v for c, v in INTERNAL.items() if c in codes}
    reg = _registry()
    for code in codes:
        rule = reg.rules.get(code)
        if rule is not None:
            out[code] = (rule.name, rule.summary, rule.severity.value)
    return out


def explain(code_or_name: str) -> str | None:
    reg = _registry()
    rule = reg.get(code_or_name)
    if rule is None:
        up = code_or_name.upper()
        if up in INTERNAL:
            name, summary, sev = INTERNAL[up]
            return f"# {up} {name}\n\n{summary}. Severity: {sev}.\n"
        return None
    path = pages.page_path(rule.code, rule.name)
    if path is not None:
        return path.read_text(encoding="utf-8")
    opts = "".join(f"- `{k}`: default `{v!r}`\n" for k, v in rule.options.items()
                   if not k.endswith("-choices"))
    return (f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\nSeverity: {rule.severity.value}.\n"
            + (f"\n## Options\n\n{opts}" if opts else ""))
