"""The built-in rules, registered through the `artlint.rules` entry point like any plugin."""

from __future__ import annotations

from artlint.rules import frontmatter, headings, internal, proscons, structure, titles

BUILTIN_RULES = (
    *titles.RULES,
    *headings.RULES,
    *proscons.RULES,
    *frontmatter.RULES,
    *structure.RULES,
    *internal.RULES,
)
