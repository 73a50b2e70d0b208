"""FM: front matter — present, closed, parseable, no duplicate keys, required and well-typed.

Every finding points at the key or value it is about (or at the opening fence
for what is missing), so an editor can jump straight to it.  Dates are what
static-site generators accept: YAML timestamps, quoted ISO dates and Jekyll's
"2023-04-02 01:08:17 +0300"; an impossible date (2023-06-31) is never one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from artlint.article import Article, FrontMatter, FrontMatterEntry
from artlint.model import Finding, Related, Severity
from artlint.readers.frontmatter import parse_jekyll_time
from artlint.rule import Options, Rule

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s/]+\S*")


def usable(fm: FrontMatter | None) -> FrontMatter | None:
    """Front matter worth checking field by field (closed and parsed)."""
    if fm is None or not fm.closed or fm.error is not None:
        return None
    return fm


def _fence(article: Article) -> tuple[int, int]:
    """The opening fence's span: where a missing field is reported."""
    end = article.text.find("\n")
    return 0, (len(article.text) if end == -1 else end)


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
        hint = "; quote values that contain ': '" if "mapping values" in fm.error else ""
        yield self.at(article, off, len(article.text) if line_end == -1 else line_end,
                      f"front matter is not valid {fm.format.upper()}: {fm.error}{hint}")


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


def empty(value: Any) -> bool:
    """No value at all: `key:`, `key: ""`, `key: []`, `key: {}` or blank text."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict, tuple)) and not value)


class RequiredField(Rule):
    code = "FM005"
    name = "required-field"
    summary = "A required front-matter field is missing, or a field is empty"
    severity = Severity.ERROR
    options: ClassVar[Options] = {
        "required": ["title", "description", "date", "slug"],
        "allow-empty": [],
    }

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        start, end = _fence(article)
        required = list(options["required"])
        for key in required:
            if fm.entry(key) is None:
                yield self.at(article, start, end, f"required field {key!r} is missing from the "
                              "front matter; add it", text=key)
        allowed = set(options["allow-empty"])
        seen: set[str] = set()
        for e in fm.entries:
            if e.key in seen or e.key in allowed or not empty(e.value):
                continue
            seen.add(e.key)
            if e.key in required:
                message = f"required field {e.key!r} is empty; give it a value"
            else:
                message = (f"{e.key!r} has no value; fill it in or remove the key (an empty "
                           "value is usually a template placeholder left behind)")
            yield self.at(article, e.key_start, e.key_end, message)


def as_date(value: Any) -> tuple[dt.date | dt.datetime | None, str | None]:
    """A date value as the generators read it, or (None, why not)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value, None
    if isinstance(value, str):
        try:
            when = parse_jekyll_time(value)
        except ValueError as exc:
            return None, f"{value!r} is not a real date ({exc})"
        if when is not None:
            return when, None
    return None, f"{value!r} is not a date; write YYYY-MM-DD (a time and offset may follow)"


def kind_error(kind: str, value: Any, error: str | None) -> str | None:
    """Why `value` is not of `kind`, or None when it is."""
    if error is not None:
        if kind == "date" and isinstance(value, str):
            return f"{value!r} is not a real date ({error})"
        return f"not a valid {kind}: {error}"
    if kind == "date":
        return as_date(value)[1]
    if kind == "slug":
        if isinstance(value, str) and _SLUG.fullmatch(value):
            return None
        return f"{value!r} is not a lower-case kebab-case slug (like 'remote-nursing-jobs')"
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
        is_url = isinstance(value, str) and _URL.fullmatch(value) is not None
        return None if is_url else f"{value!r} is not a URL"
    return None


FIELD_KINDS = ("string", "date", "slug", "list", "number", "bool", "url")


class FieldType(Rule):
    code = "FM006"
    name = "field-type"
    summary = "A front-matter value is not of its field's kind"
    severity = Severity.ERROR
    options: ClassVar[Options] = {
        "types": {"title": "string", "description": "string", "date": "date",
                  "last_modified_at": "date", "slug": "slug"},
    }

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        for key, kind in options["types"].items():
            entry = fm.entry(key)
            if entry is None or empty(entry.value):
                continue
            why = kind_error(str(kind), entry.value, entry.error)
            if why:
                yield self.at(article, entry.value_start, entry.value_end, f"{key}: {why}")


def _before(later: dt.date | dt.datetime, earlier: dt.date | dt.datetime) -> bool:
    """Is `later` strictly before `earlier`?  A bare date compares by day only, so
    `date: 2023-04-02` and `last_modified_at: 2023-04-02 01:08 +0300` agree."""
    if not isinstance(later, dt.datetime) or not isinstance(earlier, dt.datetime):
        a = later.date() if isinstance(later, dt.datetime) else later
        b = earlier.date() if isinstance(earlier, dt.datetime) else earlier
        return a < b
    if (later.tzinfo is None) != (earlier.tzinfo is None):
        later, earlier = later.replace(tzinfo=None), earlier.replace(tzinfo=None)
    return later < earlier


class DateOrder(Rule):
    code = "FM007"
    name = "dates-out-of-order"
    summary = "A later date field is earlier than the one it follows"
    options: ClassVar[Options] = {"order": ["date", "last_modified_at"]}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        order = list(options["order"])
        for before_key, after_key in itertools.pairwise(order):
            before, after = fm.entry(before_key), fm.entry(after_key)
            if before is None or after is None or before.error or after.error:
                continue
            b, a = as_date(before.value)[0], as_date(after.value)[0]
            if b is not None and a is not None and _before(a, b):
                where = article.location(before.value_start, before.value_end)
                yield self.at(article, after.value_start, after.value_end,
                              f"{after_key} ({after.value}) is before {before_key} "
                              f"({before.value}); one of them is wrong",
                              related=[Related(where, f"the {before_key}")])


class JsonSchema(Rule):
    code = "FM008"
    name = "front-matter-schema"
    summary = "The front matter breaks the site's JSON Schema"
    severity = Severity.ERROR
    options: ClassVar[Options] = {"schema": ""}
    #: Resolved against the folder of the config file that names it.
    path_options: ClassVar[frozenset[str]] = frozenset({"schema"})

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = usable(article.front_matter)
        if fm is None:
            return
        own = _own_schema(article, fm)
        schema = own or options["schema"]
        if not schema:
            return
        from artlint import patterns, stamps
        from artlint.rules.schema import UnusableSchema, errors, inside_project

        fence = _fence(article)
        ref = fm.entry("$schema")
        at = (ref.value_start, ref.value_end) if own and ref is not None else fence
        if own and not inside_project(article.path, own):
            yield self.at(article, *at, f"schema {own} is outside the project: an article may "
                          "only name a schema file inside it")
            return
        data = {k: v for k, v in fm.data.items() if k != "$schema"}
        stamps.note(schema)  # an edit to the schema lints the article again
        try:
            found = errors(schema, data)
        except UnusableSchema as exc:
            yield self.at(article, *at, str(exc))
            return
        except patterns.PatternTimeout as exc:
            yield Finding("AL006", "pattern-timeout", Severity.ERROR,
                          f"rule {self.code} ({self.name}): checking schema {schema} {exc} "
                          "(a 'pattern' in it backtracks?); the schema was not checked",
                          article.location(*at))
            return
        for key, message in found:
            entry = fm.entry(key) if key else None
            if entry is None:
                yield self.at(article, *fence, message, text=message)
            elif key and message.startswith(f"{key!r} is not allowed"):
                yield self.at(article, entry.key_start, entry.key_end, message)
            else:
                yield self.at(article, entry.value_start, max(entry.value_end,
                                                              entry.value_start), message)


_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


def _own_schema(article: Article, fm: FrontMatter) -> str:
    """A schema the article names itself: a `$schema` key, or the YAML language
    server's `# yaml-language-server: $schema=...` comment; relative to the file."""
    entry = fm.entry("$schema")
    ref = entry.value if entry is not None and isinstance(entry.value, str) else ""
    if not ref:
        m = _MODELINE.search(article.text, fm.start, fm.end)
        ref = m[1] if m else ""
    if not ref or "://" in ref:
        return ""
    return str(Path(article.path).parent / ref)


RULES = (MissingFrontMatter, UnclosedFrontMatter, InvalidFrontMatter, DuplicateKey,
         RequiredField, FieldType, DateOrder, JsonSchema)
