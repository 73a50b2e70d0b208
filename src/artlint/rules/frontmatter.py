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
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from artlint import edits
from artlint.article import Article, FrontMatter, FrontMatterEntry
from artlint.model import Finding, Location, Related, Severity
from artlint.options import Option
from artlint.readers.frontmatter import parse_jekyll_time
from artlint.rule import CorpusRule, Options, Rule, full_findings
from artlint.rules import site_fields
from artlint.rules.site_fields import Key, RequiredFact, SiteFieldState

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
    fixable = True
    severity = Severity.ERROR

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        if article.front_matter is None:
            yield self.at(
                article,
                0,
                len(article.lines[0]) if article.text else 0,
                "no front matter; start the file with a '---' block holding the "
                "title and the other fields the site's articles carry",
                text="",
                fix=edits.scaffold(article),
            )


class UnclosedFrontMatter(Rule):
    code = "FM002"
    name = "front-matter-unclosed"
    summary = "The front matter opens but never closes"
    severity = Severity.ERROR

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        fm = article.front_matter
        if fm is not None and not fm.closed:
            fence = "---" if fm.format == "yaml" else "+++"
            yield self.at(
                article,
                0,
                len(fence),
                f"front matter opened here never closes; add a '{fence}' line after its last key",
            )


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
        yield self.at(
            article,
            off,
            len(article.text) if line_end == -1 else line_end,
            f"front matter is not valid {fm.format.upper()}: {fm.error}{hint}",
        )


class DuplicateKey(Rule):
    code = "FM004"
    name = "duplicate-key"
    summary = "A front-matter key appears twice"
    fixable = True
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
                same = e.value == first.value and not e.error and not first.error
                yield self.at(
                    article,
                    e.key_start,
                    e.key_end,
                    f"key {e.key!r} is already set at line {line}; the last value wins "
                    "silently, so keep one",
                    related=[
                        Related(article.location(first.key_start, first.key_end), "first set here")
                    ],
                    fix=edits.remove_entry(
                        article, e.key_start, e.value_end, f"remove the repeated {e.key!r}"
                    )
                    if same
                    else None,
                )
            else:
                seen[e.key] = e
        if fm.format == "yaml" and fm.error is None:
            for path, (s1, e1), (s2, e2) in _nested_duplicates(article.text, fm):
                line = article.index.position(s1)[0]
                hint = (
                    " (a list entry that lost its '- '?)"
                    if path.endswith("]." + path.rsplit(".", 1)[-1])
                    else ""
                )
                yield self.at(
                    article,
                    s2,
                    e2,
                    f"key {path!r} is already set at line {line}; the last value wins "
                    f"silently, so keep one{hint}",
                    related=[Related(article.location(s1, e1), "first set here")],
                )


def _compose(text: str, fm: FrontMatter) -> Any:
    """The YAML node tree of the front matter (a mapping), or None: nested keys
    have no entries of their own, so the rules that point at one read the nodes."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text[fm.start : fm.end], Loader=loader)
    except yaml.YAMLError:
        return None
    return root if isinstance(root, yaml.MappingNode) else None


def nested_spans(
    text: str, fm: FrontMatter, path: Sequence[str | int]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(key span, value span) of the value at `path` (keys and list indexes) below
    the top level; for a list item the key span is the item's own."""
    import yaml

    node = _compose(text, fm) if fm.format == "yaml" else None
    key_node = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if str(k.value) == str(step)), None)
            if found is None:
                return None
            key_node, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return None
            node = key_node = node.value[step]
        else:
            return None
    if node is None or key_node is None:
        return None
    return (
        (fm.start + key_node.start_mark.index, fm.start + key_node.end_mark.index),
        (fm.start + node.start_mark.index, fm.start + node.end_mark.index),
    )


def _nested_duplicates(
    text: str, fm: FrontMatter
) -> Iterator[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(dotted path, first key's span, repeated key's span) for each key set twice
    in a mapping below the top level, which the reader's entries do not show."""
    if not re.search(r"^[ \t]+(?:- )?[^\s#][^:\n]*:", text[fm.start : fm.end], re.M):
        return  # nothing nested: the usual front matter costs no second parse
    root = _compose(text, fm)
    if root is None:
        return
    import yaml

    def span(node: yaml.Node) -> tuple[int, int]:
        return fm.start + node.start_mark.index, fm.start + node.end_mark.index

    def walk(node: yaml.Node, where: str) -> Iterator[tuple[str, tuple[int, int], tuple[int, int]]]:
        if isinstance(node, yaml.MappingNode):
            firsts: dict[str, yaml.Node] = {}
            for key, value in node.value:
                name = str(key.value)
                path = f"{where}.{name}" if where else name
                if where and name in firsts:
                    yield path, span(firsts[name]), span(key)
                firsts.setdefault(name, key)
                yield from walk(value, path)
        elif isinstance(node, yaml.SequenceNode):
            for n, item in enumerate(node.value):
                yield from walk(item, f"{where}[{n}]")

    yield from walk(root, "")


def empty(value: Any) -> bool:
    """No value at all: `key:`, `key: ""`, `key: []`, `key: {}` or blank text."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict, tuple)) and not value)


def _span(article: Article, start: int, end: int) -> tuple[int, int, int, int]:
    loc = article.location(start, end)
    return loc.line, loc.column, loc.end_line, loc.end_column


class RequiredField(CorpusRule):
    """Required fields are the config's, or else the site's own.

    A fixed default list (`description`, `slug`) flags every article of a site
    that never used those fields, so without `required` in config a field is
    required when nearly every article of the corpus carries it, and the
    message gives the share.  A run too small to learn from requires only
    `title`.  An empty value is a placeholder left behind, unless most of the
    site's articles leave that key empty too: then it is the site's template.
    An empty value of a key that is not required is reported only where its
    article is the one of the site to leave that key empty: a key left empty in
    several articles (of any folder) is one the site treats as optional, and only
    `required` in config can say otherwise.
    """

    code = "FM005"
    name = "required-field"
    summary = "A required front-matter field is missing, or a field is empty"
    severity = Severity.ERROR
    options: ClassVar[Mapping[str, Option]] = {
        #: None: learn them from the corpus.
        "required": Option(None),
        "allow-empty": Option([]),
    }
    SHARE = site_fields.SHARE
    MIN_ARTICLES = site_fields.MIN_ARTICLES

    def fact(self, article: Article, options: Options) -> RequiredFact | None:
        fm = usable(article.front_matter)
        if fm is None:
            return None
        keys: dict[str, Key] = {}
        for e in fm.entries:
            if e.key not in keys:
                keys[e.key] = Key(
                    e.key, not empty(e.value), *_span(article, e.key_start, e.key_end)
                )
        return RequiredFact(_span(article, *_fence(article)), tuple(keys.values()))

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> SiteFieldState:
        configured = options["required"]
        return SiteFieldState(
            None if configured is None else tuple(configured),
            frozenset(options["allow-empty"]),
        )

    def state_findings(
        self, state: SiteFieldState, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        for path in facts:
            said = state.verdicts.get(path)
            if not said:
                continue
            fence, keys = facts[path]
            for at, key, message in said:
                where = Location(path, *fence) if at < 0 else keys[at].location(path)
                yield self.finding(where, message, text=key)


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
    options: ClassVar[Mapping[str, Option]] = {
        "types": Option(
            {
                "title": "string",
                "description": "string",
                "date": "date",
                "last_modified_at": "date",
                "slug": "slug",
            }
        ),
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
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {"order": Option(["date", "last_modified_at"])}

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
                yield self.at(
                    article,
                    after.value_start,
                    after.value_end,
                    f"{after_key} ({after.value}) is before {before_key} "
                    f"({before.value}); one of them is wrong",
                    related=[Related(where, f"the {before_key}")],
                    fix=edits.replace(
                        article,
                        after.value_start,
                        after.value_end,
                        article.text[before.value_start : before.value_end],
                        f"set {after_key} to the {before_key}",
                        safe=False,
                    ),
                )


class JsonSchema(Rule):
    code = "FM008"
    name = "front-matter-schema"
    summary = "The front matter breaks the site's JSON Schema"
    severity = Severity.ERROR
    options: ClassVar[Mapping[str, Option]] = {"schema": Option("", names_file=True)}

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
            yield self.at(
                article,
                *at,
                f"schema {own} is outside the project: an article may "
                "only name a schema file inside it",
            )
            return
        data = {k: v for k, v in fm.data.items() if k != "$schema"}
        stamps.note(schema)  # an edit to the schema lints the article again
        try:
            found = errors(schema, data)
        except UnusableSchema as exc:
            yield self.at(article, *at, str(exc))
            return
        except patterns.PatternTimeout as exc:
            yield Finding(
                "AL006",
                "pattern-timeout",
                Severity.ERROR,
                f"rule {self.code} ({self.name}): checking schema {schema} {exc} "
                "(a 'pattern' in it backtracks?); the schema was not checked",
                article.location(*at),
            )
            return
        for path, at_key, message in found:
            entry = fm.entry(str(path[0])) if path else None
            if entry is None:
                yield self.at(article, *fence, message, text=message)
                continue
            spans = nested_spans(article.text, fm, path) if len(path) > 1 else None
            if spans is not None:
                yield self.at(article, *(spans[0] if at_key else spans[1]), message)
            elif at_key:
                yield self.at(article, entry.key_start, entry.key_end, message)
            else:
                yield self.at(
                    article, entry.value_start, max(entry.value_end, entry.value_start), message
                )

    def check_options(self, options: Options) -> tuple[str, str] | None:
        """(option, why) when the configured schema cannot be used: a config error,
        said once when the run starts, not a crash in every file."""
        if not options["schema"]:
            return None
        from artlint.rules.schema import UnusableSchema, load

        try:
            load(str(options["schema"]))
        except UnusableSchema as exc:
            return "schema", str(exc)
        return None


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


RULES = (
    MissingFrontMatter,
    UnclosedFrontMatter,
    InvalidFrontMatter,
    DuplicateKey,
    RequiredField,
    FieldType,
    DateOrder,
    JsonSchema,
)
