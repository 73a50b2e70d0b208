"""A rule's options, declared once: default, kind, choices, and whether it names a file.

yamllint keeps `CONF` (types) and `DEFAULT` (values) side by side and checks a
config against them in one place (`validate_rule_conf`).  Here one `Option` holds
both, so a rule cannot declare a choice list or a file option in a second place
and forget it in a third (PC001 once resolved its `lexicon` against the working
folder because it did).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from artlint.errors import ConfigError

#: Kinds of value an option takes, with the words an error uses for each.
KINDS = {
    "string": "a string",
    "number": "a number",
    "boolean": "true or false",
    "strings": "a list of strings",
    "strings-or-null": "a list of strings (or null to learn it)",
    "mapping": "a mapping",
    "any": "anything",
}


def _kind_of(default: Any) -> str:
    """The kind a plain default implies (for plugins that give defaults only)."""
    if default is None:
        return "strings-or-null"
    if isinstance(default, bool):
        return "boolean"
    if isinstance(default, (int, float)):
        return "number"
    if isinstance(default, (list, tuple)):
        return "strings"
    if isinstance(default, dict):
        return "mapping"
    return "string" if isinstance(default, str) else "any"


@dataclass(frozen=True)
class Option:
    """One option of a rule.  `kind` is worked out from `default` when not given."""

    default: Any
    kind: str = ""
    choices: tuple[Any, ...] = ()
    #: A file named in a config is relative to that config's folder, and the cache
    #: key holds its content.
    names_file: bool = False

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", _kind_of(self.default))
        if self.kind not in KINDS:
            raise ValueError(f"unknown option kind {self.kind!r}; one of {', '.join(KINDS)}")

    def accepts(self, value: Any) -> bool:
        kind = self.kind
        if kind == "strings-or-null":
            return value is None or _strings(value)
        if kind == "boolean":
            return isinstance(value, bool)
        if kind == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind == "strings":
            return _strings(value)
        if kind == "mapping":
            return isinstance(value, dict)
        if kind == "string":
            return isinstance(value, str)
        return True


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def specs(declared: Mapping[str, Any]) -> dict[str, Option]:
    """A rule's declared options as `Option`s: a plain value is a default.

    Plugins written against the older API gave `{"style": "x", "style-choices": [...]}`;
    the pseudo-key still becomes the option's choices so those plugins keep working.
    """
    out: dict[str, Option] = {}
    for key, value in declared.items():
        if key.endswith("-choices") and key[: -len("-choices")] in declared:
            continue
        if isinstance(value, Option):
            out[key] = value
            continue
        choices = declared.get(f"{key}-choices")
        out[key] = Option(
            value, choices=tuple(choices) if isinstance(choices, (list, tuple)) else ()
        )
    return out


def defaults(options: Mapping[str, Option]) -> dict[str, Any]:
    return {key: spec.default for key, spec in options.items()}


def check(
    code: str, name: str, options: Mapping[str, Option], key: str, value: Any, where: str
) -> Any:
    """`value` for option `key` of a rule, checked; a ConfigError says what is wrong."""
    spec = options.get(key)
    if spec is None:
        valid = ", ".join(["severity", *options])
        raise ConfigError(f"{where}: rule {code} ({name}) has no option '{key}' (valid: {valid})")
    if not spec.accepts(value):
        raise ConfigError(
            f"{where}: option '{key}' of rule {code} ({name}) must be "
            f"{KINDS[spec.kind]}, not {value!r}"
        )
    if spec.choices and value not in spec.choices:
        raise ConfigError(
            f"{where}: option '{key}' of rule {code} ({name}) must be "
            f"one of {', '.join(map(str, spec.choices))}, not {value!r}"
        )
    return tuple(value) if isinstance(value, list) else value


def resolve_file(value: Any, root: Path) -> str:
    """A file option's value relative to the folder of the config that names it."""
    return str(root / str(value))
