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

from artlint.article import Article
from artlint.errors import ConfigError
from artlint.model import Finding, Severity
from artlint.rule import Options, Rule

_KINDS = ("forbid", "pattern", "require-section", "require-field")
_ALLOWED = {"code", "name", "message", "severity", "summary", *_KINDS}


class HouseRule(Rule):
    """One YAML-defined rule; instances carry their own metadata."""

    def __init__(self, spec: dict[str, Any], origin: str) -> None:
        self.code = str(spec.get("code", ""))  # type: ignore[misc]
        self.name = str(spec.get("name", ""))  # type: ignore[misc]
        self.message = str(spec.get("message", "house rule {name}"))
        self.summary = str(spec.get("summary", self.message.split("{")[0].strip() or self.name))  # type: ignore[misc]
        try:
            self.severity = Severity(spec.get("severity", "warning"))  # type: ignore[misc]
        except ValueError:
            raise ConfigError(f"{origin}: rule {self.code}: severity must be error, warning or "
                              "info") from None
        kinds = [k for k in _KINDS if k in spec]
        if len(kinds) != 1:
            raise ConfigError(f"{origin}: rule {self.code or '?'} needs exactly one of "
                              f"{', '.join(_KINDS)}")
        self.kind = kinds[0]
        value = spec[self.kind]
        if self.kind == "forbid":
            phrases = [value] if isinstance(value, str) else list(value)
            self.regex = re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.I)
        elif self.kind == "pattern":
            try:
                self.regex = re.compile(str(value), re.M)
            except re.error as exc:
                raise ConfigError(f"{origin}: rule {self.code}: bad pattern: {exc}") from None
        elif self.kind == "require-section":
            self.sections = [value] if isinstance(value, str) else [str(v) for v in value]
        else:
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: rule {self.code}: require-field maps fields to kinds")
            from artlint.rules.frontmatter import FIELD_KINDS

            for kind in value.values():
                if kind not in FIELD_KINDS:
                    raise ConfigError(f"{origin}: rule {self.code}: unknown field kind {kind!r} "
                                      f"(valid: {', '.join(FIELD_KINDS)})")
            self.fields = {str(k): str(v) for k, v in value.items()}

    def _msg(self, **kw: str) -> str:
        try:
            return self.message.format(name=self.name, **kw)
        except (KeyError, IndexError, ValueError):
            return self.message

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        if self.kind in ("forbid", "pattern"):
            for m in self.regex.finditer(article.text, article.body_start):
                yield self.at(article, m.start(), m.end(), self._msg(match=m.group()))
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
                    yield self.at(article, 0, 0, self._msg(field=key) if "{field" in self.message
                                  else f"required field {key!r} is missing", text=key)
                    continue
                why = kind_error(kind, entry.value, entry.error)
                if why:
                    yield self.at(article, entry.value_start, entry.value_end, f"{key}: {why}")


def load_house_rules(path: Path) -> list[Rule]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read house rules: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(f"{path}: a house-rules file holds a 'rules:' list")
    out: list[Rule] = []
    for spec in data["rules"]:
        if not isinstance(spec, dict):
            raise ConfigError(f"{path}: each house rule is a mapping")
        unknown = sorted(set(spec) - _ALLOWED)
        if unknown:
            raise ConfigError(f"{path}: rule {spec.get('code', '?')}: unknown key '{unknown[0]}' "
                              f"(valid: {', '.join(sorted(_ALLOWED))})")
        out.append(HouseRule(spec, str(path)))
    return out
