"""JSON: one array of finding objects, the shape documented in the README."""

from __future__ import annotations

import json
from collections.abc import Sequence

from artlint.model import Finding
from artlint.reporters import ReportContext
from artlint.reporters.escape import json_text


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    text = json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False)
    return json_text(text) + "\n"
