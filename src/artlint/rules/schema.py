"""JSON Schema checks for front matter, through the `jsonschema` package.

Dates are turned into ISO strings first, because JSON Schema knows no date type
(`"format": "date"` or `"date-time"` checks them).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=16)
def _validator(path: str) -> Any:
    try:
        import jsonschema
    except ImportError:
        raise RuntimeError("the front-matter-schema rule needs the jsonschema package: "
                           "pip install 'artlint[schema]'") from None
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith((".yaml", ".yml")):
        import yaml

        schema = yaml.safe_load(text)
    else:
        schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
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
    at the opening fence.
    """
    validator = _validator(schema_path)
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
            patterns = list(schema.get("patternProperties", {}))
            for extra in err.instance:
                if extra in known or any(re.search(p, str(extra)) for p in patterns):
                    continue
                out.append((str(extra), f"{str(extra)!r} is not allowed by the schema "
                                        "(misspelt, or missing from the schema's properties)"))
            continue
        where = ".".join(str(p) for p in err.path)
        out.append((key, f"{where}: {err.message}" if where else err.message))
    return out
