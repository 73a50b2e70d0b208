"""JSON Schema checks for front matter, through the `jsonschema` package.

Dates are turned into ISO strings first, because JSON Schema knows no date type
(`"format": "date"` or `"date-time"` checks them).

The schema file may be named by the article itself, so reading it is as
guarded as reading an article (a regular file of bounded size), and a schema
that cannot be used is one short message that never quotes the file: an
article must not be able to make artlint print lines of an arbitrary file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
        raise RuntimeError("the front-matter-schema rule needs the jsonschema package: "
                           "pip install 'artlint[schema]'") from None
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
        return UnusableSchema(f"schema {path} is not a valid JSON Schema "
                              f"(its '{exc.validator}' check fails at {at})")
    except RecursionError:
        return UnusableSchema(f"schema {path} is nested too deeply")
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


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


def errors(schema_path: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(top-level key or "", message) for each schema violation, in a stable order.

    Errors about the whole mapping are turned into errors about keys where they
    can be: an unexpected key is reported at that key, a missing one (key "")
    at the opening fence.  Raises UnusableSchema, and PatternTimeout when the
    schema's patterns take longer than their budget.
    """
    validator = _validator(schema_path)
    if isinstance(validator, UnusableSchema):
        raise validator
    with patterns.time_budget():
        return _errors(validator, data)


def _errors(validator: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for err in sorted(validator.iter_errors(_jsonable(data)),
                      key=lambda e: [str(p) for p in e.path]):
        key = str(err.path[0]) if err.path else ""
        if not key and err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else ""
            out.append(("", f"required field {missing!r} is missing (schema)"))
            continue
        if not key and err.validator == "additionalProperties" and isinstance(err.instance, dict):
            schema = err.schema if isinstance(err.schema, dict) else {}
            known = set(schema.get("properties", {}))
            pattern_keys = list(schema.get("patternProperties", {}))
            for extra in err.instance:
                if extra in known or any(re.search(p, str(extra)) for p in pattern_keys):
                    continue
                out.append((str(extra), f"{str(extra)!r} is not allowed by the schema "
                                        "(misspelt, or missing from the schema's properties)"))
            continue
        where = ".".join(str(p) for p in err.path)
        out.append((key, f"{where}: {err.message}" if where else err.message))
    return out


def inside_project(article_path: str, schema_path: str) -> bool:
    """Whether a schema an article names lies inside the project (links resolved):
    under the working folder, the folder of the article's config, or the
    article's own folder."""
    import os
    from pathlib import Path

    from artlint.config import find_for_dir

    target = os.path.realpath(schema_path)
    folder = Path(article_path).absolute().parent
    roots = {os.path.realpath(Path.cwd()), os.path.realpath(find_for_dir(folder).root),
             os.path.realpath(folder)}
    return any(target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
