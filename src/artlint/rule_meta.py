"""Rule metadata for people: the `artlint rules` table, `explain` pages, SARIF descriptors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from artlint import pages
from artlint.model import Finding

if TYPE_CHECKING:
    from artlint.registry import Registry
    from artlint.rule import Rule

FAMILIES = {
    "TI": "titles",
    "HD": "headings",
    "PC": "pros and cons",
    "FM": "front matter",
    "ST": "structure",
    "AL": "artlint",
}


def _registry(config_path: str | None = None) -> Registry:
    """Built-in and installed rules plus the plugins of the nearest (or the given) config."""
    from pathlib import Path

    from artlint import registry
    from artlint.config import find_for_dir, find_for_file

    cfg = find_for_file(Path(config_path)) if config_path else find_for_dir(Path.cwd())
    return registry.load(
        [cfg.root / p for p in cfg.plugins], [cfg.root / p for p in cfg.house_rules]
    )


def family(rule: Rule) -> str:
    """The family shown in `artlint rules`: built-in families by prefix, else the source."""
    from artlint.rules.house import HouseRule

    if rule.code[:2] in FAMILIES:
        return FAMILIES[rule.code[:2]]
    return "house (YAML)" if isinstance(rule, HouseRule) else f"plugin ({rule.code[:2]})"


def table(config_path: str | None = None) -> list[dict[str, Any]]:
    """One row per rule, artlint's own AL codes last."""
    reg = _registry(config_path)
    return [
        {
            "code": r.code,
            "name": r.name,
            "family": family(r),
            "severity": r.severity.value,
            "fixable": r.fixable,
            "summary": r.summary,
            "default": r.enabled_by_default,
        }
        for r in sorted(reg.rules.values(), key=lambda r: (not r.runs, r.code))
    ]


def metadata(
    findings: Iterable[Finding], reg: Registry | None = None
) -> dict[str, tuple[str, str, str]]:
    """(name, summary, default severity) of each code among `findings`, for SARIF."""
    codes = {f.code for f in findings}
    if not codes:
        return {}
    reg = reg if reg is not None else _registry()
    out = {}
    for code in sorted(codes):
        rule = reg.rules.get(code)
        if rule is not None:
            out[code] = (rule.name, rule.summary, rule.severity.value)
    return out


def explain(code_or_name: str, config_path: str | None = None) -> str | None:
    """The rule's page from `rules/`, or one built from its metadata; None if unknown."""
    reg = _registry(config_path)
    rule = reg.get(code_or_name)
    if rule is None:
        return None
    path = pages.page_path(rule.code, rule.name)
    if path is not None:
        return path.read_text(encoding="utf-8")
    opts = "".join(f"- `{k}`: default `{v!r}`\n" for k, v in rule.defaults().items())
    return f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\nSeverity: {rule.severity.value}.\n" + (
        f"\n## Options\n\n{opts}" if opts else ""
    )
