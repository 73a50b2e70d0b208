"""FM: front matter — present, closed, parseable, no duplicate keys, required and well-typed.

Every finding points at the key or value it is about (or at the opening fence
for what is missing), so an editor can jump straight to it.  Dates are what
static-site generators accept: YAML timestamps, quoted ISO dates and Jekyll's
"2023-04-02 01:08:17 +0300"; an impossible date (2023-06-31) is never one.
"""

# os.path, not pathlib, for FM005's folders: every update reads each path's
# folder again, where Path objects cost more than the work.
# ruff: noqa: PTH119, PTH120

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from artlint import edits
from artlint.article import Article, FrontMatter, FrontMatterEntry
from artlint.model import Finding, Location, Related, Severity
from artlint.options import Option
from artlint.readers.frontmatter import parse_jekyll_time
from artlint.rule import CorpusRule, Options, Rule, full_findings

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


#: Where FM005 says how to state the site's own required fields.
CONFIG_HINT = (
    "state the site's required fields in config: "
    "'rules: {required-field: {required: [title, ...]}}'"
)
CONFIGURED = "the config's required-field option lists it"


class Key(NamedTuple):
    """A top-level front-matter key: whether it holds a value, where it stands."""

    key: str
    filled: bool
    line: int
    column: int
    end_line: int
    end_column: int

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


class RequiredFact(NamedTuple):
    """FM005's fact: the opening fence's span, and each top-level key once."""

    fence: tuple[int, int, int, int]
    keys: tuple[Key, ...]


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
    #: Share of the site's articles that must carry a field for it to be required.
    SHARE = 0.9  # see `site_field`
    #: Fewer articles with front matter than this: nothing to learn from.
    MIN_ARTICLES = 5

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


#: A front matter's top-level keys as FM005 learns from them: each key once, and
#: whether it holds a value.
Carried = tuple[tuple[str, bool], ...]
#: One FM005 finding without its place: the index of the key it is on (-1: the
#: opening fence), the key, the message.
Verdict = tuple[int, str, str]


class SiteFieldState:
    """FM005's view of a site, kept between runs: each article's keys (names and
    whether filled, no places) and its last verdicts.

    What an article is measured against (its folder group, the shares, the
    site's template, the keys left empty elsewhere) hangs on the whole site,
    down to the folder all paths share, so an update re-judges every article
    from the kept keys, which is cheap, and names the articles whose verdicts
    moved: only those are rendered again, and only their lines quoted.
    """

    def __init__(self, configured: tuple[str, ...] | None, allowed: frozenset[str]) -> None:
        self.configured = configured
        self.allowed = allowed
        self.carried: dict[str, Carried] = {}
        #: Only articles with findings.
        self.verdicts: dict[str, tuple[Verdict, ...]] = {}

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        for path in removed:
            self.carried.pop(path, None)
        for path, fact in added:
            if isinstance(fact, RequiredFact):
                self.carried[path] = tuple((sys.intern(k.key), k.filled) for k in fact.keys)
        verdicts = _verdicts(self.carried, self.configured, self.allowed)
        old = self.verdicts
        self.verdicts = verdicts
        return {p for p in old.keys() | verdicts.keys() if old.get(p) != verdicts.get(p)}


def _verdicts(
    carried: Mapping[str, Carried], configured: tuple[str, ...] | None, allowed: frozenset[str]
) -> dict[str, tuple[Verdict, ...]]:
    """Every article's FM005 verdicts, learnt from the keys of all of them.
    Section pages (Hugo's `_index.md`) have a template of their own."""
    section = {p: _is_section_page(p) for p in carried}
    sections = [(p, keys) for p, keys in carried.items() if section[p]]
    pages = [(p, keys) for p, keys in carried.items() if not section[p]]
    learnt_sections = _SiteFields(sections, RequiredField.MIN_ARTICLES, "section pages")
    learnt_pages = _SiteFields(pages, RequiredField.MIN_ARTICLES)
    found: dict[str, tuple[Verdict, ...]] = {}
    for path, keys in carried.items():
        learnt = learnt_sections if section[path] else learnt_pages
        said = tuple(_judge(path, keys, learnt, configured, allowed))
        if said:
            found[path] = said
    return found


def _judge(
    path: str,
    keys: Carried,
    learnt: _SiteFields,
    configured: tuple[str, ...] | None,
    allowed: frozenset[str],
) -> Iterator[Verdict]:
    group = learnt.group(path) if configured is None else None
    shares: dict[str, float] = {}
    if configured is not None:
        required = list(configured)
    elif group is None:
        required = ["title"]
    else:
        shares = group.shares(RequiredField.SHARE)
        required = sorted(shares, key=lambda k: (-shares[k], k))
    present = {k for k, _ in keys}
    for key in required:
        if key in present:
            continue
        if group is not None and key in shares:
            share = math.floor(shares[key] * 100)
            message = (
                f"{key!r} is missing; {share}% of {group.name} have one; add it, or {CONFIG_HINT}"
            )
        elif configured is None:
            message = (
                f"required field {key!r} is missing; add it (too few articles "
                f"to learn the site's fields from: {CONFIG_HINT})"
            )
        else:
            message = (
                f"required field {key!r} is missing from the front matter; add it ({CONFIGURED})"
            )
        yield -1, key, message
    for at, (key, filled) in enumerate(keys):
        if filled or key in allowed:
            continue
        if key in required and key not in shares:
            why = (
                CONFIGURED
                if configured is not None
                else f"too few articles to learn the site's fields from: {CONFIG_HINT}"
            )
            message = f"required field {key!r} is empty; give it a value ({why})"
        elif learnt.left_empty(key) > 1:
            continue  # left empty in several articles: optional, not a slip
        elif key in shares and group is not None:
            message = (
                f"{key!r} is empty; {math.floor(shares[key] * 100)}% of "
                f"{group.name} fill it in; give it a value, or {CONFIG_HINT}"
            )
        elif learnt.template_key(path, key):
            continue  # the site's template lists it, and leaves it empty
        else:
            message = (
                f"{key!r} has no value; fill it in or remove the key (or list "
                "it under the required-field option 'allow-empty')"
            )
        yield at, key, message


@dataclass
class _Group:
    """The articles of one folder (and its subfolders) that a field's share is taken over."""

    name: str
    articles: int = 0
    filled: Counter[str] = field(default_factory=Counter)
    carried: Counter[str] = field(default_factory=Counter)

    #: `shares` as worked out, by `least`: every article of the group asks, and
    #: the group does not change once the site is read (callers only read it).
    _shares: dict[float, dict[str, float]] = field(default_factory=dict, repr=False)

    def shares(self, least: float) -> dict[str, float]:
        known = self._shares.get(least)
        if known is None:
            # "Have one": a key the site's template leaves empty is not a field it uses.
            known = self._shares[least] = {
                k: n / self.articles
                for k, n in self.filled.items()
                if site_field(n, self.articles, least)
            }
        return known


def site_field(filled: int, articles: int, least: float = 0.9) -> bool:
    """Is a field filled in by `filled` of `articles` one the site requires?  Nine
    in ten at least, and at most one article in thirty without it (or a single
    one on a small site): on a big site an optional field is also filled in
    by most articles, just not by nearly all."""
    return filled >= least * articles and articles - filled <= max(1, articles // 30)


def _is_section_page(path: str) -> bool:
    """A generator's list page for a folder (Hugo's `_index.md`), not an article."""
    return os.path.basename(path).startswith("_index.")


def _parent(path: str) -> str:
    """The absolute folder of `path` (as pathlib reads it: ".." is kept)."""
    return str(Path(os.path.dirname(path) or ".").absolute())


#: Marks the group of section pages one folder below a folder (see `_folders`).
_SIBLINGS = "\0*"


class _SiteFields:
    """Which fields a site's articles carry, folder by folder.

    A site's sections can have shapes of their own (company profiles beside blog
    posts), so an article is measured against the nearest folder above it with
    enough articles to learn from; the whole run when no smaller one has.
    """

    def __init__(
        self, rows: Sequence[tuple[str, Carried]], least: int, what: str = "articles"
    ) -> None:
        self.least = least
        self.what = what
        #: The parent of each path and folder, and each folder name made
        #: absolute, worked out once: FM005 re-learns the whole site on every
        #: update, and pathlib dominated that.
        self.parents: dict[str, str] = {}
        self.absolute: dict[str, str] = {}
        self.groups: dict[str, _Group] = {}
        #: Each folder's own articles, without its subfolders'.
        self.direct: dict[str, _Group] = {}
        self.total = len(rows)
        # Absolute: a run may name its files one way and the corpus's another.
        self.top = os.path.commonpath({self._up(p) for p, _ in rows}) if rows else ""
        for path, keys in rows:
            own = self.direct.setdefault(self._up(path), _Group(""))
            own.articles += 1
            own.carried.update(k for k, _ in keys)
            own.filled.update(k for k, full in keys if full)
        # Each folder's articles counted into every group above them at once: the
        # groups an article counts in hang on its folder alone.
        for where, own in self.direct.items():
            for folder in self._above(where):
                group = self.groups.get(folder)
                if group is None:
                    group = self.groups[folder] = _Group(self._name(folder))
                group.articles += own.articles
                group.carried.update(own.carried)
                group.filled.update(own.filled)

    def _up(self, path: str) -> str:
        up = self.parents.get(path)
        if up is None:
            folder = os.path.dirname(path)
            up = self.absolute.get(folder)
            if up is None:
                up = self.absolute[folder] = _parent(path)
            self.parents[path] = up
        return up

    def _folders(self, path: str) -> Iterator[str]:
        return self._above(self._up(path))

    def _above(self, folder: str) -> Iterator[str]:
        """The groups, nearest first, that an article in `folder` counts in."""
        if self.what != "articles" and len(folder) > len(self.top):
            # A section page is measured against the section pages beside its own
            # folder (every trade's landing page), not against those below it.
            folder = self._up(folder)
            yield folder + _SIBLINGS
        while True:
            yield folder
            if len(folder) <= len(self.top) or self._up(folder) == folder:
                return
            folder = self._up(folder)

    def _name(self, folder: str) -> str:
        if folder.endswith(_SIBLINGS):
            where = os.path.relpath(folder[: -len(_SIBLINGS)], self.top)
            return f"the {self.what} of the folders in {where}/"
        if len(folder) <= len(self.top):
            return f"this site's {self.what}"
        return f"the {self.what} in {os.path.relpath(folder, self.top)}/"

    def group(self, path: str) -> _Group | None:
        for folder in self._folders(path):
            group = self.groups[folder]
            if group.articles >= self.least:
                return group
        return None

    def left_empty(self, key: str) -> int:
        """How many of the site's articles carry `key` with no value."""
        site = self.groups.get(self.top)
        return 0 if site is None else site.carried[key] - site.filled[key]

    def template_key(self, path: str, key: str) -> bool:
        """Is an empty `key` the site's template rather than a placeholder left
        behind?  Unless the article's own folder has enough articles and most of
        them fill it in: pages of another kind (a section's landing page beside
        its subsections) may leave other keys empty.  A run too small to learn
        from has no template: every empty key is reported."""
        if self.total < self.least:
            return False
        own = self.direct.get(self._up(path))
        return own is None or own.articles < self.least or 2 * own.filled[key] <= own.carried[key]


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
