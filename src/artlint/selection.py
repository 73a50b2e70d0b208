"""Which rules run on a file, with which options and severity.

Resolution follows ruff: `select` (or every rule enabled by default) plus
`extend-select`, minus `ignore` (artlint's own AL codes stay on unless a select
names one of them or an ignore drops them); the command line's selectors replace or extend
the config's; per-file ignores apply by glob.  Options are checked against each
rule's `Option`s (`artlint.options`), so a wrong type or unknown option names
the rule and the key.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from artlint import lexicon
from artlint import options as option_specs
from artlint.config import Config
from artlint.errors import ConfigError
from artlint.model import Severity
from artlint.registry import Registry
from artlint.rule import Rule


@dataclass(frozen=True)
class CliSelection:
    """Selectors given on the command line (None: not given)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass
class RuleSet:
    config: Config
    rules: list[Rule]
    options: dict[str, Mapping[str, Any]]
    severity: dict[str, Severity]
    per_file_ignores: list[tuple[str, set[str]]]
    #: Every file the rules' options name (lexicons, schemas), the shared
    #: `lexicon:` among them, as resolved paths: what a cache key must hold the
    #: content of, since the config names them only by name.
    named_files: tuple[str, ...] = ()

    def reported_for(self, path: str) -> frozenset[str]:
        """Codes whose findings `path` reports: the enabled ones (artlint's own AL
        codes among them) less what per-file-ignores turns off there."""
        codes = frozenset(r.code for r in self.rules)
        return codes - self.ignored_for(path) if self.per_file_ignores else codes

    def ignored_for(self, path: str) -> set[str]:
        """Codes that per-file-ignores turns off for `path`."""
        if not self.per_file_ignores:
            return set()
        rel = _relative(path, self.config.root)
        name = PurePosixPath(rel).name
        out: set[str] = set()
        for glob, codes in self.per_file_ignores:
            if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(name, glob):
                out |= codes
        return out


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _checked_lexicon(path: str, where: str) -> str:
    """`path` when it is a usable house lexicon; else the run stops naming it."""
    try:
        lexicon.read_house(path)
    except lexicon.LexiconError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return path


def _resolve_all(registry: Registry, selectors: Sequence[str], where: str) -> set[str]:
    """Codes for selectors; `where` names the file and key (or the option) they came from."""
    out: set[str] = set()
    for sel in selectors:
        try:
            out |= registry.resolve(sel)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return out


def build(config: Config, registry: Registry, cli: CliSelection = CliSelection()) -> RuleSet:
    where = config.source
    enabled = _enabled(config, registry, cli)
    options: dict[str, Mapping[str, Any]] = {}
    severity: dict[str, Severity] = {}
    for code, rule in registry.rules.items():
        options[code] = rule.defaults()
        severity[code] = rule.severity
    for key, items in config.rules:
        found = registry.get(key)
        if found is None:
            raise ConfigError(
                f"{where}: 'rules' names unknown rule '{key}'"
                f"{registry.suggest(key)}; see `artlint rules`"
            )
        rule = found
        merged = dict(options[rule.code])
        for opt, value in items:
            if opt == "severity":
                severity[rule.code] = _severity(value, f"{where}: 'rules.{key}.severity'")
            else:
                merged[opt] = _option(config, rule, key, opt, value)
        options[rule.code] = merged
        bad = rule.check_options(merged)
        if bad:
            raise ConfigError(f"{where}: 'rules.{key}.{bad[0]}': {bad[1]}")
    if config.lexicon:
        shared = _checked_lexicon(str(config.root / config.lexicon), f"{where}: 'lexicon'")
        for code, rule in registry.rules.items():
            own = options[code].get("lexicon")
            if isinstance(own, str) and "lexicon" in rule.options:
                options[code] = {
                    **options[code],
                    "lexicon": os.pathsep.join(p for p in (shared, own) if p),
                }
    pfi = [
        (glob, _resolve_all(registry, sels, f"{where}: 'per-file-ignores.{glob}'"))
        for glob, sels in config.per_file_ignores
    ]
    rules = [registry.rules[c] for c in sorted(enabled)]
    return RuleSet(config, rules, options, severity, pfi, _named_files(registry, options))


def _enabled(config: Config, registry: Registry, cli: CliSelection) -> set[str]:
    """The codes the command line and `config` turn on."""
    where = config.source
    if cli.select is not None:
        enabled = _resolve_all(registry, cli.select, "--select")
    elif config.select is not None:
        enabled = _resolve_all(registry, config.select, f"{where}: 'select'")
    else:
        enabled = {c for c, r in registry.rules.items() if r.enabled_by_default}
    internal = {c for c, r in registry.rules.items() if not r.runs}
    if not enabled & internal:
        # artlint's own codes (an unreadable file, a crashed rule) stay on unless a
        # select names one of them: `select: [HD]` must not hide a file it never read.
        enabled |= internal
    enabled |= _resolve_all(registry, config.extend_select, f"{where}: 'extend-select'")
    enabled |= _resolve_all(registry, cli.extend_select, "--extend-select")
    enabled -= _resolve_all(registry, config.ignore, f"{where}: 'ignore'")
    enabled -= _resolve_all(registry, cli.ignore, "--ignore")
    return enabled


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{where} must be one of error, warning, info, not {value!r}") from None


def _option(config: Config, rule: Rule, key: str, opt: str, value: Any) -> Any:
    """`value` of option `opt` of `rule` (named `key` in the config), checked against
    its spec; a file it names resolved against the config's folder, and read."""
    where = f"{config.source}: 'rules.{key}"  # each message closes the quote
    checked = option_specs.check(rule.code, rule.name, rule.options, opt, value, f"{where}'")
    if rule.options[opt].names_file and checked:
        checked = option_specs.resolve_file(checked, config.root)
        if not Path(checked).exists():
            raise ConfigError(
                f"{where}.{opt}': cannot read {opt} {value!r}: no such file (looked for {checked})"
            )
        if opt == "lexicon":
            _checked_lexicon(checked, f"{where}.{opt}'")
    return checked


def _named_files(registry: Registry, options: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    files: dict[str, None] = {}
    for code, rule in registry.rules.items():
        for key, spec in rule.options.items():
            value = options[code].get(key)
            if spec.names_file and isinstance(value, str):
                files.update(dict.fromkeys(p for p in value.split(os.pathsep) if p))
    return tuple(files)
