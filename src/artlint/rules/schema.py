"""JSON Schema checks for front matter, through the `jsonschema` package.

Dates are turned into ISO strings first, because JSON Schema knows no date type
(`"format": "date"` or `"date-time"` checks them).  The validator's own messages
print whole values and enums, so each error is said again in plain words, at
the key it is about.

The schema file may be named by the article itself, so reading it is as
guarded as reading an article (a regular file of bounded size), and a schema
that cannot be used is one short message that never quotes the file: an
article must not be able to make artlint print lines of an arbitrary file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from artlint import patterns


class UnusableSchema(Exception):
    """The schema file cannot be read, parsed or used; the message names it and why."""


@lru_cache(maxsize=16)
def _validator(path: str) -> Any:
    """A validator for the schema at `path`, or the UnusableSchema saying why not
    (kept, so a broken schema is read once, not once per article)."""
    try:
        import jsonschema
    except ImportError:
        raise RuntimeError(
            "the front-matter-schema rule needs the jsonschema package: "
            "pip install 'artlint[schema]'"
        ) from None
    from artlint import safe_io

    try:
        text = safe_io.read_text(path)
    except OSError as exc:
        return UnusableSchema(f"cannot read schema {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return UnusableSchema(f"schema {path} is not UTF-8 text")
    try:
        if path.endswith((".yaml", ".yml")):
            import yaml

            try:
                schema = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" at line {mark.line + 1}" if mark else ""
                return UnusableSchema(f"schema {path} is not valid YAML{where}")
        else:
            try:
                schema = json.loads(text)
            except ValueError as exc:
                where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
                return UnusableSchema(f"schema {path} is not valid JSON{where}")
    except RecursionError:
        return UnusableSchema(f"schema {path} is nested too deeply")
    if not isinstance(schema, (dict, bool)):
        return UnusableSchema(f"schema {path} is not a JSON Schema (not an object)")
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        at = "/".join(str(p) for p in exc.path) or "the top level"
        return UnusableSchema(
            f"schema {path} is not a valid JSON Schema (its '{exc.validator}' check fails at {at})"
        )
    except RecursionError:
        return UnusableSchema(f"schema {path} is nested too deeply")
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def load(path: str) -> Any:
    """The validator for a schema file; UnusableSchema says in one line what is wrong."""
    validator = _validator(path)
    if isinstance(validator, UnusableSchema):
        raise validator
    return validator


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


#: (path of keys and list indexes, whether the key rather than the value is
#: meant, message).  An empty path is the whole front matter (the opening fence).
SchemaFinding = tuple[tuple[str | int, ...], bool, str]


def errors(schema_path: str, data: dict[str, Any]) -> list[SchemaFinding]:
    """Each schema violation in plain words, in a stable order.

    An unexpected key is reported at that key, a missing one at the mapping that
    lacks it (the opening fence at the top), anything else at the value.  Raises
    UnusableSchema, and PatternTimeout when the schema's patterns take longer
    than their budget.
    """
    validator = load(schema_path)
    with patterns.time_budget():
        return _errors(validator, data)


def _errors(validator: Any, data: dict[str, Any]) -> list[SchemaFinding]:
    out: list[SchemaFinding] = []
    found = sorted(validator.iter_errors(_jsonable(data)), key=lambda e: [str(p) for p in e.path])
    for err in found:
        path = tuple(err.path)
        name = _dotted(path)
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else ""
            where = f" in {name!r}" if name else ""
            out.append((path, True, f"required field {missing!r} is missing{where} (schema)"))
        elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
            schema = err.schema if isinstance(err.schema, dict) else {}
            known = list(schema.get("properties", {}))
            patterns = list(schema.get("patternProperties", {}))
            for extra in err.instance:
                if extra in known or any(re.search(p, str(extra)) for p in patterns):
                    continue
                close = difflib.get_close_matches(str(extra), known, n=1)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else " (misspelt, or missing from the schema's properties)"
                )
                out.append(
                    (
                        (*path, str(extra)),
                        True,
                        f"{_dotted((*path, str(extra)))!r} is not allowed by the schema{hint}",
                    )
                )
        else:
            out.append((path, False, _plain(err, name or "the front matter")))
    return out


def _dotted(path: Sequence[str | int]) -> str:
    """`author.age`, `tags[1]`."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


_KIND = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "null": "empty",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return "empty"


def _short(value: Any, width: int = 40) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 3] + "..."


def _plain(err: Any, name: str) -> str:
    """One schema error in plain words: never a whole enum or the validator's text."""
    rule, want, value = err.validator, err.validator_value, err.instance
    shown = _short(value)
    if rule == "enum" and isinstance(want, list):
        choices = [str(c) for c in want]
        if len(choices) <= 5:
            return f"{name!r} must be one of {', '.join(map(repr, choices))}, not {shown!r}"
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = f"; {shown!r} is close to {close[0]!r}" if close else f", not {shown!r}"
        return f"{name!r} must be one of the schema's {len(choices)} values{hint}"
    if rule == "const":
        return f"{name!r} must be {_short(want)!r}, not {shown!r}"
    if rule == "type":
        kinds = want if isinstance(want, list) else [want]
        said = " or ".join(_KIND.get(str(k), str(k)) for k in kinds)
        return f"{name!r} must be {said}, not {_kind(value)}"
    if rule == "format":
        return f"{name!r} is not a valid {want}: {shown!r}"
    if rule == "pattern":
        return f"{name!r} does not have the form the schema asks for ({_short(want)}): {shown!r}"
    if rule in ("minLength", "maxLength"):
        most = "at least" if rule == "minLength" else "at most"
        return f"{name!r} must be {most} {want} characters long"
    if rule in ("minItems", "maxItems"):
        most = "at least" if rule == "minItems" else "at most"
        return f"{name!r} must have {most} {want} items"
    if rule in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }
        return f"{name!r} must be {words[rule]} {want}, not {shown}"
    if rule == "uniqueItems":
        return f"{name!r} lists an item twice"
    return f"{name!r} breaks the schema's {rule!r} rule"


def inside_project(article_path: str, schema_path: str) -> bool:
    """Whether a schema an article names lies inside the project (links resolved):
    under the working folder, the folder of the article's config, or the
    article's own folder."""
    import os
    from pathlib import Path

    from artlint.config import find_for_dir

    target = os.path.realpath(schema_path)
    folder = Path(article_path).absolute().parent
    roots = {
        os.path.realpath(Path.cwd()),
        os.path.realpath(find_for_dir(folder).root),
        os.path.realpath(folder),
    }
    return any(target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
