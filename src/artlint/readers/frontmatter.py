"""Front matter: find the fenced block, parse it, and keep where each key stands.

YAML is composed into nodes rather than loaded, because nodes keep their marks
(for locations) and keep duplicate keys (a loader silently lets the last win).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from artlint.article import FrontMatter, FrontMatterEntry, LineIndex

try:  # the C loader is faster than the pure-Python one; fall back when libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_YAML_FENCE = re.compile(r"---[ \t]*")
_YAML_END = re.compile(r"(---|\.\.\.)[ \t]*")
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*")

#: Jekyll writes timestamps as "2023-04-02 01:08:17 +0300", which YAML 1.1's
#: timestamp pattern does not accept (space before the offset), so PyYAML leaves
#: them strings.  They are real dates to every static-site generator.
_JEKYLL_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_jekyll_time(value: str) -> dt.date | dt.datetime | None:
    """Read the date forms static-site generators accept; None if not a date.

    Raises ValueError for a well-formed but impossible date (2023-06-31), so the
    caller can say which.
    """
    m = _JEKYLL_TIME.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if m[4] is None:
        return dt.date(year, month, day)
    tz = None
    if m[7]:
        if m[7] == "Z":
            tz = dt.timezone.utc
        else:
            sign = -1 if m[7][0] == "-" else 1
            digits = m[7][1:].replace(":", "")
            tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return dt.datetime(year, month, day, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=tz)


def split(text: str) -> tuple[str, int, int, int, bool] | None:
    """Locate a front-matter block at the very start of `text`.

    Returns (format, content start, content end, block end, closed) as offsets, or
    None when the text does not open with a fence.  An unclosed block is taken to
    end at the first blank line, so the body after it can still be linted.
    """
    first_nl = text.find("\n")
    first = text if first_nl == -1 else text[:first_nl]
    if _YAML_FENCE.fullmatch(first):
        fmt, end_re = "yaml", _YAML_END
    elif _TOML_FENCE.fullmatch(first):
        fmt, end_re = "toml", _TOML_FENCE
    else:
        return None
    if first_nl == -1:
        return fmt, len(text), len(text), len(text), False
    content_start = first_nl + 1
    pos = content_start
    blank_at = -1
    while pos <= len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl == -1 else nl
        line = text[pos:line_end]
        if end_re.fullmatch(line):
            return fmt, content_start, pos, (line_end + 1 if nl != -1 else line_end), True
        if not line.strip() and blank_at == -1:
            blank_at = pos
        if nl == -1:
            break
        pos = nl + 1
    guess = blank_at if blank_at != -1 else len(text)
    return fmt, content_start, guess, guess, False


def _scalar_span(text: str, node: yaml.Node, base: int) -> tuple[int, int]:
    # Marks' `index` counts characters, as str offsets do; their line numbers
    # also count U+0085, U+2028 and U+2029 as line breaks, which the text's own
    # line index does not, so lines and columns would drift after one.
    start = node.start_mark.index + base
    end = node.end_mark.index + base
    if (
        isinstance(node, yaml.ScalarNode)
        and end - start >= 2
        and text[start] in "\"'"
        and text[end - 1] == text[start]
    ):
        return start + 1, end - 1
    return start, end


#: Deeper front matter is refused: the constructor and the rules walk values
#: recursively, and no article needs a hundred levels.
MAX_DEPTH = 100
#: Values that aliases may add beyond those written out.  A few hundred bytes of
#: nested aliases ("billion laughs") otherwise expand to gigabytes.
MAX_ALIAS_EXPANSION = 10_000


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _past_bounds(root: yaml.Node) -> tuple[yaml.Node, str] | None:
    """The first node at which nesting or alias expansion passes its bound, and why.

    Composed nodes share what an alias names, so this walk (iterative, each node
    once) measures the expanded size without expanding anything.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            kids = _children(node)
            size[nid] = 1 + sum(size[id(k)] for k in kids)
            depth[nid] = 1 + max((depth[id(k)] for k in kids), default=0)
            if depth[nid] > MAX_DEPTH:
                return node, f"nested more than {MAX_DEPTH} levels deep"
            if size[nid] - len(size) > MAX_ALIAS_EXPANSION:
                return node, (
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values "
                    "(an alias bomb?); artlint does not expand them"
                )
            continue
        if nid in size:
            continue
        if nid in on_path:
            return node, "an alias refers to a value that contains it"
        on_path.add(nid)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)
    return None


def _build(node: yaml.Node) -> tuple[Any, str | None]:
    loader = _Loader("")
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return getattr(node, "value", None), f"{exc}".splitlines()[0]
    finally:
        loader.dispose()
    plain_scalar = node.tag == "tag:yaml.org,2002:str" and not getattr(node, "style", None)
    if isinstance(value, str) and plain_scalar:
        try:
            when = parse_jekyll_time(value)
        except ValueError as exc:
            return value, str(exc)
        if when is not None:
            return when, None
    return value, None


def parse(text: str, fmt: str, start: int, end: int) -> FrontMatter:
    """Parse the block between `start` and `end` (offsets into the whole text)."""
    content = text[start:end]
    if fmt == "toml":
        return _parse_toml(content, start, end)
    try:
        root = yaml.compose(content, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = min(max(mark.index, 0), len(content)) if mark else 0
        if at >= len(content.rstrip()):  # the stream's end: point at the last text
            at = max(len(content.rstrip()) - 1, 0)
        offset = start + at
        problem = exc.problem or exc.context or "invalid YAML"
        return FrontMatter(fmt, start, end, error=problem, error_offset=min(offset, end))
    except yaml.YAMLError as exc:
        return FrontMatter(fmt, start, end, error=str(exc).splitlines()[0], error_offset=start)
    except RecursionError:
        return FrontMatter(
            fmt, start, end, error=f"nested more than {MAX_DEPTH} levels deep", error_offset=start
        )
    if root is None:
        return FrontMatter(fmt, start, end)
    if not isinstance(root, yaml.MappingNode):
        return FrontMatter(
            fmt,
            start,
            end,
            error="front matter is not a mapping of keys to values",
            error_offset=start,
        )
    too_big = _past_bounds(root)
    if too_big is not None:
        node, why = too_big
        return FrontMatter(fmt, start, end, error=why, error_offset=start + node.start_mark.index)
    entries = []
    for key_node, value_node in root.value:
        ks, ke = _scalar_span(text, key_node, start)
        vs, ve = _scalar_span(text, value_node, start)
        value, error = _build(value_node)
        entries.append(FrontMatterEntry(str(key_node.value), value, ks, ke, vs, ve, error))
    return FrontMatter(fmt, start, end, tuple(entries))


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(content: str, start: int, end: int) -> FrontMatter:
    # Imported here: only TOML front matter needs the parser, and most sites write YAML.
    from artlint._toml import tomllib

    deep = _toml_too_deep(content)
    if deep is not None:
        return FrontMatter(
            "toml",
            start,
            end,
            error=f"nested more than {MAX_DEPTH} levels deep",
            error_offset=start + deep,
        )
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        # Before Python 3.14 the position is only in the message: "(at line 4, column 7)".
        at = _TOML_AT.search(str(exc))
        line = getattr(exc, "lineno", None) or (int(at[1]) if at else 1)
        column = getattr(exc, "colno", None) or (int(at[2]) if at else 1)
        line = min(line, content.count("\n") + 1)
        offset = start + min(LineIndex(content).offset(line, column), len(content))
        return FrontMatter("toml", start, end, error=str(exc).split(" (at")[0], error_offset=offset)
    except RecursionError:  # pragma: no cover - `_toml_too_deep` refuses such text first
        return FrontMatter(
            "toml",
            start,
            end,
            error=f"nested more than {MAX_DEPTH} levels deep",
            error_offset=start,
        )
    entries = []
    for key, value in data.items():
        m = re.search(rf"^[ \t]*\"?{re.escape(key)}\"?[ \t]*=[ \t]*", content, re.M)
        ks = start + (m.start() if m else 0)
        vs = start + (m.end() if m else 0)
        ve = content.find("\n", vs - start)
        value_end = start + (len(content) if ve == -1 else ve)
        entries.append(FrontMatterEntry(key, value, ks, ks + len(key), vs, value_end))
    return FrontMatter("toml", start, end, tuple(entries))


def _toml_too_deep(content: str) -> int | None:
    """Offset of the bracket that opens a value nested past MAX_DEPTH, else None.

    tomllib parses arrays and inline tables recursively, so ~500 levels end in
    RecursionError; this scan is rough about strings (enough to keep brackets
    inside quotes from counting) and exact about depth.
    """
    if content.count("[") + content.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    quote = ""
    i, n = 0, len(content)
    while i < n:
        ch = content[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote or ch == "\n":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            nl = content.find("\n", i)
            i = n if nl == -1 else nl
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return i
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None
