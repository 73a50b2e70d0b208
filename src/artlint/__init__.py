"""artlint: a content-quality linter for career articles.

Kept free of imports on purpose: `artlint --version` must not pay for the parser,
the rules or YAML.
"""

__version__ = "0.1.0"
