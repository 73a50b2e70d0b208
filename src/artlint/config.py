"""Configuration: `.artlint.yaml` or `[tool.artlint]` in pyproject.toml.

Found by walking up from each linted file (nearest wins, no merging, like ruff);
`--config` wins over all.  Every key is checked here, so a typo stops the run
with the file, the key and the valid choices instead of being silently ignored.
Globs are relative to the directory of the file that declares them.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from artlint.errors import ConfigError, did_you_mean
from artlint.model import Severity
from artlint.safe_io import DEFAULT_MAX_FILE_SIZE

CONFIG_NAMES = (".artlint.yaml", ".artlint.yml")

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".artlint_cache",
    "_site",
    "build",
    "dist",
    # A repository's own documents and pip's lists are Markdown or text but never
    # articles: a pre-commit hook must not fail a commit on them (FM001).
    "README.*",
    "CHANGELOG.*",
    "CHANGES.*",
    "HISTORY.*",
    "CONTRIBUTING.*",
    "CODE_OF_CONDUCT.*",
    "SECURITY.*",
    "LICENSE.*",
    "LICENCE.*",
    "requirements*.txt",
    "constraints*.txt",
)

_LIST_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "include",
    "exclude",
    "extend-exclude",
    "corpus",
    "plugins",
    "house-rules",
)
_KEYS = (
    *_LIST_KEYS,
    "per-file-ignores",
    "rules",
    "fail-on",
    "cache-dir",
    "max-file-size",
    "lexicon",
)
FAIL_ON = tuple(s.value for s in Severity)


@dataclass(frozen=True)
class Config:
    """One configuration file's settings, validated, with defaults filled in."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    corpus: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    house_rules: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Per rule (code or name): {"severity": ..., <option>: value}; checked against
    #: the registry by `artlint.selection`, which knows the rules' options.
    rules: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    fail_on: str | None = None
    cache_dir: str | None = None
    #: Articles larger than this many bytes are reported (AL005), not read; 0: no limit.
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: A house lexicon file that extends the one lexicon every rule reads (casing,
    #: polarity and title words alike), relative to the config's folder.
    lexicon: str | None = None

    @property
    def source(self) -> str:
        return str(self.path) if self.path else "<defaults>"

    def fingerprint(self) -> str:
        """Stable text that changes whenever a setting that affects findings changes."""
        return repr(
            (
                self.select,
                self.extend_select,
                self.ignore,
                self.per_file_ignores,
                self.rules,
                self.plugins,
                self.house_rules,
                self.max_file_size,
                self.lexicon,
            )
        )


def _str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings, not {value!r}")
    return tuple(value)


def _tables(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The keys whose values are mappings (`per-file-ignores`, `rules`), checked and
    turned into tuples, as a frozen Config holds nothing mutable."""
    kw: dict[str, Any] = {}
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(
                f"{where}: 'per-file-ignores' must map globs to lists of rules, not {pfi!r}"
            )
        kw["per_file_ignores"] = tuple(
            (str(glob), _str_list(sel, f"per-file-ignores.{glob}", where))
            for glob, sel in pfi.items()
        )
    if "rules" in data:
        rules = data["rules"]
        if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
            raise ConfigError(
                f"{where}: 'rules' must map rule codes or names to option mappings, "
                f"like 'rules: {{HD001: {{severity: error}}}}'"
            )
        kw["rules"] = tuple((str(k), tuple(v.items())) for k, v in rules.items())
    return kw


def _scalars(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The keys holding one value each, checked and renamed to Config's fields."""
    kw: dict[str, Any] = {}
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise ConfigError(
                f"{where}: 'fail-on' must be one of {', '.join(FAIL_ON)}, not {data['fail-on']!r}"
            )
        kw["fail_on"] = data["fail-on"]
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str):
            raise ConfigError(f"{where}: 'cache-dir' must be a string, not {data['cache-dir']!r}")
        kw["cache_dir"] = data["cache-dir"]
    if "max-file-size" in data:
        size = data["max-file-size"]
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ConfigError(
                f"{where}: 'max-file-size' must be a number of bytes (0 for no limit), not {size!r}"
            )
        kw["max_file_size"] = size
    if "lexicon" in data:
        if not isinstance(data["lexicon"], str) or not data["lexicon"].strip():
            raise ConfigError(
                f"{where}: 'lexicon' must name a YAML file, like "
                f"'lexicon: house-lexicon.yaml', not {data['lexicon']!r}"
            )
        kw["lexicon"] = data["lexicon"]
    return kw


def from_mapping(data: Any, path: Path | None) -> Config:
    where = str(path) if path else "config"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the configuration must be a mapping of keys to values")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        hint = did_you_mean(str(unknown[0]), _KEYS)
        raise ConfigError(
            f"{where}: unknown key '{unknown[0]}'{hint}; valid keys: {', '.join(_KEYS)}"
        )
    kw: dict[str, Any] = {"path": path, "root": path.parent if path else Path.cwd()}
    for key in _LIST_KEYS:
        if key in data:
            kw[key.replace("-", "_")] = _str_list(data[key], key, where)
    if "extend-exclude" in data:
        kw["exclude"] = kw.get("exclude", DEFAULT_EXCLUDE) + kw.pop("extend_exclude")
    kw.update(_tables(data, where))
    kw.update(_scalars(data, where))
    return Config(**kw)


def plugin_files(configs: Iterable[Config]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Plugin and house-rule files of every config the run may use, each once.

    A nested config may name a plugin, and its `select` or `rules` may then name
    that plugin's rules, so the registry must hold the rules of all of them.
    """
    plugins: dict[str, None] = {}
    house: dict[str, None] = {}
    for cfg in configs:
        for p in cfg.plugins:
            plugins[os.path.normpath(cfg.root / p)] = None
        for p in cfg.house_rules:
            house[os.path.normpath(cfg.root / p)] = None
    return tuple(plugins), tuple(house)


def _read(path: Path) -> bytes:
    from artlint import safe_io

    try:
        return safe_io.read_regular(str(path))[0]
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte offset {exc.start})") from None


#: A pyproject.toml that fails to parse is only artlint's business when it looks
#: as if it has an artlint table (`[tool.artlint]`, `[tool]` + `artlint = ...`).
_TOOL_TABLE = re.compile(
    r"^[ \t]*(?:\[[ \t]*tool[ \t]*[.\]]|tool[ \t]*\.[ \t]*artlint\b|artlint[ \t]*=)", re.M
)


def _tool_table(path: Path) -> tuple[bool, Any]:
    """(whether the pyproject.toml has a `tool.artlint` table, the table)."""
    data = _read(path)
    if b"artlint" not in data:
        return False, None
    from artlint._toml import tomllib

    text = _text(path, data)
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        if not _TOOL_TABLE.search(text):
            return False, None
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ConfigError(f"{path}: invalid TOML: {why}") from None
    tool = doc.get("tool")
    if not isinstance(tool, dict) or "artlint" not in tool:
        return False, None
    return True, tool["artlint"]


def load_file(path: Path) -> Config:
    """Read one config file (YAML, or the [tool.artlint] table of a pyproject.toml)."""
    if path.name == "pyproject.toml":
        return from_mapping(_tool_table(path)[1], path)
    text = _text(path, _read(path))
    import yaml

    try:
        data = yaml.safe_load(text)
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    return from_mapping(data, path)


#: How many folders `find_for_dir` climbs by recursion before asking an ancestor.
_STEP = 64


#: Folders the walk up for a config looks in but never above, separated like PATH
#: (git's GIT_CEILING_DIRECTORIES): a shared /tmp or home folder may hold a config
#: that belongs to nobody's project.  The test suite sets it to its own folders.
CEILING_ENV = "ARTLINT_CONFIG_CEILING"


def _ceilings() -> frozenset[Path]:
    import os

    value = os.environ.get(CEILING_ENV, "")
    return frozenset(Path(os.path.abspath(p)) for p in value.split(os.pathsep) if p)  # noqa: PTH100


def find_for_dir(directory: Path) -> Config:
    """The nearest config at or above `directory` (stopping at a ceiling folder,
    see `CEILING_ENV`); defaults when there is none."""
    return _find_for_dir(directory, _ceilings())


@lru_cache(maxsize=4096)
def _find_for_dir(directory: Path, ceilings: frozenset[Path]) -> Config:
    """Each folder looks only at its own files and asks its parent (memoised) for the
    rest, so the hundred folders of a site cost a few stats each, and all the
    folders under one config share one Config (and so one rule set).
    """
    parts = directory.parts
    if len(parts) > _STEP:
        # Ask an ancestor first, so that the recursion below stays shallow
        # however deep the folder is (its error, if any, is for the walk
        # below to meet or not).
        with contextlib.suppress(ConfigError):
            _find_for_dir(Path(*parts[: len(parts) - _STEP]), ceilings)
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return load_file(candidate)
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        found, table = _tool_table(pyproject)
        if found:
            return from_mapping(table, pyproject)
    parent = directory.parent
    if parent == directory or (ceilings and directory in ceilings):
        return Config(root=Path.cwd())
    return _find_for_dir(parent, ceilings)


@lru_cache(maxsize=64)
def find_for_file(path: Path) -> Config:
    """The config named by `--config` (a YAML file or a pyproject.toml)."""
    if not path.is_file():
        raise ConfigError(f"{path}: config file does not exist")
    return load_file(path.resolve())


def clear_caches() -> None:
    """Forget every config read so far (they may have changed on disk)."""
    _find_for_dir.cache_clear()
    find_for_file.cache_clear()
