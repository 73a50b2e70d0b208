"""Lets `python -m artlint` behave like the console script."""

from artlint.cli import main

main()
