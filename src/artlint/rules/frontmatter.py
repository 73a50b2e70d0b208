"""FM: front matter — present, closed, parseable, no duplicate keys, required and well-typed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from artlint.article import Article, FrontMatter, FrontMatterEntry
from artlint.model import Finding, Related, Severity
from artlint.rule import Options, Rule

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https?://\S+")


def usable(fm: FrontMatter | None) -> FrontMatter | None:
    """Front matter worth checking field by field (closed and parsed)."""
    if fm is None or not fm.closed or fm.error is not None:
        return None
    return fm


class MissingFrontMatter(Rule):
    code = "FM001"
    name = "missing-front-matter"
    summary = "The article has no front matter"
    severity = Severity.ERROR

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        if article.front_matter is None:
            yield self.at(article, 0, len(article.lines[0]) if article.text else 0,
                          "no front matter; start the file with a '---' block holding the "
                          "title, description, date and slug", text="")


class UnclosedFrontMatter(Rule):
    code = "FM002"
    name = "front-matter-unclosed"
    summary = "The front matter opens but never closes"
    severity = Severity.ERROR

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = article.front_matter
        if fm is not None and not fm.closed:
            fence = "---" if fm.format == "yaml" else "+++"
            yield self.at(article, 0, len(fence),
                          f"front matter opened here never closes; add a '{fence}' line after "
                          "its last key")


class InvalidFrontMatter(Rule):
    code = "FM003"
    name = "front-matter-invalid"
    summary = "The front matter does not parse"
    severity = Severity.ERROR

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = article.front_matter
        if fm is None or fm.error is None:
            return
        off = fm.error_offset if fm.error_offset is not None else fm.start
        line_end = article.text.find("\n", off)
        yield self.at(article, off, len(article.text) if line_end == -1 else line_end,
                      f"front matter is not valid {fm.format.upper()}: {fm.error}"
                      + ("; quote values that contain ': '" if "mapping values" in fm.error else ""))


class DuplicateKey(Rule):
    code = "FM004"
    name = "duplicate-key"
    summary = "A front-matter key appears twice"
    severity = Severity.ERROR

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = article.front_matter
        if fm is None:
            return
        seen: dict[str, FrontMatterEntry] = {}
        for e in fm.entries:
            first = seen.get(e.key)
            if first is not None:
                line = article.index.position(first.key_start)[0]
                yield self.at(article, e.key_start, e.key_end,
                              f"key {e.key!r} is already set at line {line}; the last value wins "
                              "silently, so keep one",
                              related=[Related(article.location(first.key_start, first.key_end),
                                               "first set here")])
            else:
                seen[e.key] = e


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


class RequiredField(Rule):
    code = "FM005"
    name = "required-field"
    summary = "A required front-matter field is missing or empty"
    severity = Severity.ERROR
    options = {"required": ["title", "description", "date", "slug"]}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        for key in options["required"]:
            entry = fm.entry(key)
            if entry is None:
                yield self.at(article, 0, 3, f"required field {key!r} is missing from the "
                              "front matter", text=key)
            elif _empty(entry.value):
                yield self.at(article, entry.key_start, entry.key_end,
                              f"required field {key!r} is empty")


def kind_error(kind: str, value: Any, error: str | None) -> str | None:
    """Why `value` is not of `kind`, or None when it is."""
    if error is not None:
        return f"not a valid {kind}: {error}"
    if kind == "date":
        if isinstance(value, (dt.date, dt.datetime)):
            return None
        return f"{value!r} is not a date; write YYYY-MM-DD (a time and offset may follow)"
    if kind == "slug":
        if isinstance(value, str) and _SLUG.fullmatch(value):
            return None
        return f"{value!r} is not a lower-case kebab-case slug"
    if kind == "string":
        return None if isinstance(value, str) else f"{value!r} is not text"
    if kind == "list":
        return None if isinstance(value, list) else f"{value!r} is not a list"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"{value!r} is not a number"
    if kind == "bool":
        return None if isinstance(value, bool) else f"{value!r} is not true or false"
    if kind == "url":
        return None if isinstance(value, str) and _URL.fullmatch(value) else f"{value!r} is not a URL"
    return None


FIELD_KINDS = ("string", "date", "slug", "list", "number", "bool", "url")


class FieldType(Rule):
    code = "FM006"
    name = "field-type"
    summary = "A front-matter value is not of its field's kind"
    severity = Severity.ERROR
    options = {
        "types": {"title": "string", "description": "string", "date": "date",
                  "last_modified_at": "date", "slug": "slug"},
    }

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        for key, kind in options["types"].items():
            entry = fm.entry(key)
            if entry is None or _empty(entry.value):
                continue
            why = kind_error(kind, entry.value, entry.error)
            if why:
                yield self.at(article, entry.value_start, entry.value_end, f"{key}: {why}")


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    return None


class DateOrder(Rule):
    code = "FM007"
    name = "dates-out-of-order"
    summary = "A later date field is earlier than the one it follows"
    options = {"order": ["date", "last_modified_at"]}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        order = list(options["order"])
        for before_key, after_key in zip(order, order[1:]):
            before, after = fm.entry(before_key), fm.entry(after_key)
            if before is None or after is None:
                continue
            b, a = _as_datetime(before.value), _as_datetime(after.value)
            if b is not None and a is not None and a < b:
                yield self.at(article, after.value_start, after.value_end,
                              f"{after_key} ({after.value}) is before {before_key} "
                              f"({before.value})",
                              related=[Related(article.location(before.value_start, before.value_end),
                                               f"the {before_key}")])


class JsonSchema(Rule):
    code = "FM008"
    name = "front-matter-schema"
    summary = "The front matter breaks the site's JSON Schema"
    severity = Severity.ERROR
    options = {"schema": ""}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None or not options["schema"]:
            return
        from artlint.rules.schema import errors

        for key, message in errors(options["schema"], fm.data):
            entry = fm.entry(key) if key else None
            if entry is None:
                yield self.at(article, 0, 3, message, text=message)
            else:
                yield self.at(article, entry.key_start, entry.value_end, message)


RULES = (MissingFrontMatter, UnclosedFrontMatter, InvalidFrontMatter, DuplicateKey,
         RequiredField, FieldType, DateOrder, JsonSchema)
