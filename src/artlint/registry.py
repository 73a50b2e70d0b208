"""Finding rules: entry points (built-ins included), local plugin files, YAML house rules.

Loading happens when a run needs rules, never at import time, so `--version` and
`--help` stay fast and tests need no monkeypatching of module globals.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from artlint.errors import ConfigError, did_you_mean
from artlint.rule import CODE_PATTERN, NAME_PATTERN, Rule

ENTRY_POINT_GROUP = "artlint.rules"


@dataclass
class Registry:
    """Every known rule, by code, with its name as an alias."""

    rules: dict[str, Rule] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def add(self, rule: Rule, origin: str) -> None:
        code, name = getattr(rule, "code", ""), getattr(rule, "name", "")
        if not CODE_PATTERN.fullmatch(code):
            raise ConfigError(
                f"{origin}: rule code {code!r} must be two capital letters and "
                "three digits, like HD001"
            )
        if not NAME_PATTERN.fullmatch(name):
            raise ConfigError(f"{origin}: rule name {name!r} must be kebab-case, like title-case")
        if code in self.rules:
            raise ConfigError(
                f"{origin}: rule code {code} is already used by "
                f"{self.origin[code]} ({self.rules[code].name})"
            )
        if name in self.by_name:
            raise ConfigError(
                f"{origin}: rule name {name!r} is already used by "
                f"{self.origin[self.by_name[name]]} ({self.by_name[name]})"
            )
        self.rules[code] = rule
        self.by_name[name] = code
        self.origin[code] = origin

    def resolve(self, selector: str) -> set[str]:
        """Codes matching a selector: ALL, a code, a code prefix, or a rule name."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return set(self.rules)
        if sel in self.by_name:
            return {self.by_name[sel]}
        up = sel.upper()
        matched = {c for c in self.rules if c.startswith(up)} if up[:2].isalpha() else set()
        if not matched:
            prefixes = ", ".join(sorted({c[:2] for c in self.rules}))
            raise ConfigError(
                f"unknown rule selector {selector!r}{self.suggest(sel)}; use ALL, a code "
                f"(HD001), a prefix ({prefixes}), or a rule name (see `artlint rules`)"
            )
        return matched

    def suggest(self, word: str) -> str:
        """ " (did you mean 'heading-case'?)" for a near miss, else ""."""
        return did_you_mean(word, [*self.by_name, *self.rules])

    def get(self, code_or_name: str) -> Rule | None:
        code = self.by_name.get(code_or_name, code_or_name.upper())
        return self.rules.get(code)


def _rules_from(obj: Any, origin: str) -> list[Rule]:
    """Accept a module (its RULES, or every Rule subclass it defines), a list, or a class."""
    if isinstance(obj, ModuleType):
        if hasattr(obj, "RULES"):
            obj = obj.RULES
        else:
            obj = [
                v
                for v in vars(obj).values()
                if inspect.isclass(v)
                and issubclass(v, Rule)
                and v.__module__ == obj.__name__
                and hasattr(v, "code")
            ]
    if inspect.isclass(obj) or isinstance(obj, Rule):
        obj = [obj]
    if not isinstance(obj, Iterable) or isinstance(obj, (str, bytes, dict)):
        raise ConfigError(f"{origin}: {obj!r} is not a module, a Rule class or a list of them")
    out = []
    for item in obj:
        if inspect.isclass(item) and issubclass(item, Rule):
            try:
                out.append(item())
            except Exception as exc:
                raise ConfigError(
                    f"{origin}: cannot create rule {item.__name__}: {type(exc).__name__}: {exc}"
                ) from None
        elif isinstance(item, Rule):
            out.append(item)
        else:
            raise ConfigError(f"{origin}: {item!r} is not an artlint Rule")
    return out


def _entry_points() -> Iterable[Any]:
    from importlib.metadata import entry_points

    return entry_points(group=ENTRY_POINT_GROUP)


def load_file_plugin(path: Path) -> list[Rule]:
    """Import a local plugin file (flake8's local-plugins), named in config.

    Whatever the file raises while importing becomes one ConfigError line naming
    the file: a broken house plugin must not print a traceback at writers.
    """
    if not path.is_file():
        raise ConfigError(f"{path}: plugin file does not exist (named in 'plugins' of the config)")
    name = f"artlint_local_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_loader(name, loader=None, origin=str(path))
    if spec is None:
        raise ConfigError(f"{path}: cannot load plugin file")
    module = importlib.util.module_from_spec(spec)
    module.__file__ = str(path)
    sys.modules[name] = module
    try:
        # Compiled from the bytes on disk, not through the import system: its
        # bytecode cache trusts a file's size and mtime, and a plugin edited in
        # place without changing either would run its old code (the cache key,
        # taken from the content, would still move).
        source = path.read_bytes()
        exec(compile(source, str(path), "exec"), module.__dict__)
    except Exception as exc:
        sys.modules.pop(name, None)
        where = _raised_at(exc, str(path))
        raise ConfigError(
            f"{path}: plugin failed to load{where}: {type(exc).__name__}: {exc}"
        ) from None
    return _rules_from(module, str(path))


def _raised_at(exc: BaseException, filename: str) -> str:
    """ " at line N" of the plugin file where `exc` was raised, if it was."""
    import traceback

    if isinstance(exc, SyntaxError) and exc.lineno:
        return f" at line {exc.lineno}"
    lines = [fs.lineno for fs in traceback.extract_tb(exc.__traceback__) if fs.filename == filename]
    return f" at line {lines[-1]}" if lines else ""


def load(plugins: Iterable[Path] = (), house_rules: Iterable[Path] = ()) -> Registry:
    """Build the registry: entry points first (built-ins among them), then config's files."""
    registry = Registry()
    seen_builtin = False
    for ep in sorted(_entry_points(), key=lambda e: (e.name != "builtin", e.name)):
        origin = f"plugin {ep.name} ({ep.value})"
        builtin = ep.value.startswith("artlint.rules")
        try:
            obj = ep.load()
        except Exception as exc:
            if builtin:  # artlint itself is broken here: no plugin to blame
                raise ConfigError(
                    f"artlint's built-in rules failed to load on Python "
                    f"{sys.version.split()[0]}: {type(exc).__name__}: {exc}; this is a bug "
                    "in artlint, please report it"
                ) from None
            raise ConfigError(
                f"{origin}: failed to load: {type(exc).__name__}: {exc}; "
                "fix or uninstall that plugin package"
            ) from None
        seen_builtin = seen_builtin or builtin
        for rule in _rules_from(obj, origin):
            registry.add(rule, origin)
    if not seen_builtin:  # running from a source tree that was never installed
        from artlint.rules import BUILTIN_RULES

        for rule in _rules_from(BUILTIN_RULES, "artlint"):
            registry.add(rule, "artlint")
    for path in plugins:
        for rule in load_file_plugin(path):
            registry.add(rule, str(path))
    if house_rules:
        from artlint.rules.house import load_house_rules

        for path in house_rules:
            for rule in load_house_rules(path):
                registry.add(rule, str(path))
    return registry
