"""Errors that stop a run with exit code 2 (usage, config), as opposed to findings."""


class ConfigError(Exception):
    """Bad config, selector or plugin: the message names the file and what is wrong."""


class UsageError(Exception):
    """Bad command-line input, such as a path that does not exist."""
