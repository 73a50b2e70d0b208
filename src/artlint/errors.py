"""Errors that stop a run with exit code 2 (usage, config), as opposed to findings."""

from __future__ import annotations

from collections.abc import Iterable


class ConfigError(Exception):
    """Bad config, selector or plugin: the message names the file and what is wrong."""


class UsageError(Exception):
    """Bad command-line input, such as a path that does not exist."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'spellings'?)" for a near miss among `choices`, else ""."""
    import difflib  # late: only a mistake needs it, and every start would pay for it

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
