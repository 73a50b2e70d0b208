"""House rules written in YAML, for teams that write no Python (Vale's idea).

rules:
  - code: HS001
    name: no-click-here
    message: "Avoid {match!r}: link text should say where it goes"
    severity: warning
    forbid: ["click here", "in today's world"]   # phrases, any case, whole words
  - code: HS002
    name: no-exclamation-headings
    pattern: "^#+ .*!\\s*$"                        # a regular expression, per line
    message: "Headings do not shout"
  - code: HS003
    name: needs-conclusion
    require-section: ["Conclusion", "Final Thoughts"]
    message: "End with a conclusion section"
  - code: HS004
    name: needs-author
    require-field: {author: string, tags: list}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from artlint import patterns
from artlint.article import Article
from artlint.errors import ConfigError
from artlint.model import Finding, Severity
from artlint.rule import Options, Rule

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_KINDS = ("forbid", "pattern", "require-section", "require-field")
_ALLOWED = {"code", "name", "message", "severity", "summary", *_KINDS}


class HouseRule(Rule):
    """One YAML-defined rule; instances carry their own metadata."""

    def __init__(self, spec: dict[str, Any], origin: str) -> None:
        self.code = str(spec.get("code", ""))  # type: ignore[misc]
        self.name = str(spec.get("name", ""))  # type: ignore[misc]
        where = f"{origin}: rule {self.code or '?'}"
        kinds = [k for k in _KINDS if k in spec]
        if len(kinds) != 1:
            raise ConfigError(f"{where} needs exactly one of {', '.join(_KINDS)}")
        self.kind = kinds[0]
        value = spec[self.kind]
        try:
            self.severity = Severity(spec.get("severity", "warning"))  # type: ignore[misc]
        except ValueError:
            raise ConfigError(
                f"{where}: 'severity' must be one of error, warning, info, "
                f"not {spec.get('severity')!r}"
            ) from None
        for key in ("message", "summary"):
            if key in spec and not isinstance(spec[key], str):
                raise ConfigError(f"{where}: '{key}' must be a string")
        if self.kind == "forbid":
            phrases = _strings(value, where, "forbid")
            self.regex = re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.I
            )
            default = "avoid {match!r} (house style)"
            about = f"Forbidden phrases: {', '.join(phrases)}"
        elif self.kind == "pattern":
            if not isinstance(value, str):
                raise ConfigError(f"{where}: 'pattern' must be a regular expression string")
            try:
                self.regex = re.compile(value, re.M)
            except re.error as exc:
                raise ConfigError(f"{where}: bad pattern: {exc}") from None
            default = "{match!r} breaks a house pattern"
            about = f"Text matching {value!r}"
        elif self.kind == "require-section":
            self.sections = _strings(value, where, "require-section")
            default = f"missing section: add one of {', '.join(map(repr, self.sections))}"
            about = f"Requires a section: {' or '.join(self.sections)}"
        else:
            if not isinstance(value, dict) or not value:
                raise ConfigError(
                    f"{where}: 'require-field' maps field names to kinds, "
                    "like {author: string, tags: list}"
                )
            from artlint.rules.frontmatter import FIELD_KINDS

            for field_name, kind in value.items():
                if kind not in FIELD_KINDS:
                    raise ConfigError(
                        f"{where}: field '{field_name}' has unknown kind {kind!r} "
                        f"(valid: {', '.join(FIELD_KINDS)})"
                    )
            self.fields = {str(k): str(v) for k, v in value.items()}
            default = "required field {field!r} is missing"
            about = "Requires front-matter fields: " + ", ".join(
                f"{k} ({v})" for k, v in self.fields.items()
            )
        self.message: str = spec.get("message", default)
        self.summary = str(spec.get("summary", about))  # type: ignore[misc]

    def _msg(self, **kw: str) -> str:
        try:
            return self.message.format(name=self.name, **kw)
        except (KeyError, IndexError, ValueError, AttributeError):
            return self.message

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        if self.kind in ("forbid", "pattern"):
            # Words inside HTML comments are notes to editors (and suppression
            # comments name rules, whose names often contain the forbidden word).
            comments = [
                (c.start(), c.end()) for c in _COMMENT.finditer(article.text, article.body_start)
            ]
            budget_key = (self.code, self.regex.pattern)
            if patterns.gave_up(budget_key):
                return
            try:
                with patterns.time_budget():
                    found = [
                        (m.start(), m.end(), m.group())
                        for m in self.regex.finditer(article.text, article.body_start)
                    ]
            except patterns.PatternTimeout as exc:
                patterns.give_up(budget_key)
                yield Finding(
                    "AL006",
                    "pattern-timeout",
                    Severity.ERROR,
                    f"house rule {self.code} ({self.name}): its pattern {exc} on this file and "
                    "is skipped for the rest of the run; nested repeats such as (a+)+ make "
                    "a regular expression backtrack without end",
                    article.location(0, 0),
                )
                return
            for start, end, text in found:
                if any(lo <= start < hi for lo, hi in comments):
                    continue
                yield self.at(article, start, end, self._msg(match=text))
        elif self.kind == "require-section":
            wanted = {s.lower() for s in self.sections}
            if not any(h.text.lower() in wanted for h in article.headings if h.is_section):
                yield self.at(article, 0, 0, self._msg(), text=self.name)
        else:
            from artlint.rules.frontmatter import kind_error

            fm = article.front_matter
            for key, kind in self.fields.items():
                entry = fm.entry(key) if fm is not None else None
                if entry is None:
                    yield self.at(article, 0, 0, self._msg(field=key), text=key)
                    continue
                why = kind_error(kind, entry.value, entry.error)
                if why:
                    yield self.at(article, entry.value_start, entry.value_end, f"{key}: {why}")


def _strings(value: Any, where: str, key: str) -> list[str]:
    """A string or a non-empty list of strings, as a list."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a string or a list of strings, not {value!r}")
    return list(value)


def load_house_rules(path: Path) -> list[Rule]:
    """The rules of one YAML house-rules file; any mistake in it is a ConfigError."""
    import yaml

    from artlint import safe_io

    try:
        data = yaml.safe_load(safe_io.read_text(str(path)))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read house rules: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: house rules are not valid UTF-8 (byte offset {exc.start})"
        ) from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(f"{path}: a house-rules file holds a 'rules:' list")
    out: list[Rule] = []
    for spec in data["rules"]:
        if not isinstance(spec, dict):
            raise ConfigError(f"{path}: each house rule is a mapping")
        unknown = sorted(set(spec) - _ALLOWED)
        if unknown:
            raise ConfigError(
                f"{path}: rule {spec.get('code', '?')}: unknown key '{unknown[0]}' "
                f"(valid: {', '.join(sorted(_ALLOWED))})"
            )
        out.append(HouseRule(spec, str(path)))
    return out
