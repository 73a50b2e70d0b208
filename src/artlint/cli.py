"""The command line: `artlint [PATHS]`, `artlint rules`, `artlint explain CODE`.

Exit codes follow ruff and markdownlint: 0 clean, 1 findings at or above
`--fail-on`, 2 usage, config or I/O errors.  Heavy modules are imported inside
the commands so that `--version` and `--help` start fast.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

import click

from artlint import __version__

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


class _DefaultGroup(click.Group):
    """Run `check` when the first argument is not a subcommand (ruff's old default)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h",
                                                                          "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _fail(message: str) -> None:
    click.echo(f"artlint: error: {message}", err=True)
    sys.exit(2)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="artlint")
def main() -> None:
    """Lint career articles: titles, headings, pros and cons, front matter, structure."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, help="Rules to run (codes, prefixes, names; comma-separated).")
@click.option("--extend-select", multiple=True, help="Rules to run in addition to the selection.")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 [default: info].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no progress.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (0: one per core).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Cache folder [default: .artlint_cache].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Config file to use instead of the nearest one.")
@click.option("--stdin-filename", default=None, help="Name to report for text read from `-`.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in this file and exit 0.")
def check(paths: tuple[str, ...], fmt: str, select: tuple[str, ...],
          extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
          exit_zero: bool, statistics: bool, quiet: bool, jobs: int, no_cache: bool,
          cache_dir: str | None, config_path: str | None, stdin_filename: str | None,
          baseline: str | None, write_baseline: str | None) -> None:
    """Lint PATHS (files, folders, globs; `-` reads standard input)."""
    from artlint import engine
    from artlint.errors import ConfigError
    from artlint.model import Severity
    from artlint.selection import CliSelection

    paths = paths or (".",)
    stdin = None
    if "-" in paths:
        stdin = (stdin_filename or "<stdin>", click.get_text_stream("stdin").read())
    try:
        project = engine.project_config(engine.Settings(config_path=config_path))
        root = project.root
        settings = engine.Settings(
            cli=CliSelection(_split(select) if select else None, _split(extend_select),
                             _split(ignore)),
            config_path=os.path.abspath(config_path) if config_path else None,
            plugins=tuple(str(root / p) for p in project.plugins),
            house_rules=tuple(str(root / p) for p in project.house_rules),
        )
        cache = None
        if not no_cache and stdin is None:
            from artlint.cache import Cache

            cache = Cache(cache_dir or project.cache_dir or str(root / ".artlint_cache"), settings)
        run = engine.Run(paths, settings, jobs or (os.cpu_count() or 1), stdin, cache,
                         _progress_factory(quiet, fmt))
        result = engine.execute(run)
        known = None
        if baseline:
            from artlint import baseline as baseline_mod

            known = baseline_mod.load(baseline)
    except ConfigError as exc:
        _fail(str(exc))
        return
    for err in result.errors:
        click.echo(f"artlint: error: {err.path}: {err.message}", err=True)
    findings = result.findings
    if write_baseline:
        from artlint import baseline as baseline_mod

        n = baseline_mod.write(write_baseline, findings)
        if not quiet:
            click.echo(f"Wrote {n} findings to {write_baseline}.", err=True)
        sys.exit(2 if result.errors else 0)
    if known is not None:
        from artlint import baseline as baseline_mod

        findings = baseline_mod.filter_new(findings, known)
    if statistics:
        _print_statistics(findings)
    else:
        _report(fmt, findings, result.files, stdin)
    if fmt == "text" and not quiet and not statistics:
        n = len(findings)
        files = len({f.location.path for f in findings})
        summary = (f"Found {n} finding{'s' if n != 1 else ''} in {files} "
                   f"file{'s' if files != 1 else ''} ({len(result.files)} checked)."
                   if n else f"All clear: {len(result.files)} files checked.")
        click.echo(summary, err=True)
    if result.errors:
        sys.exit(2)
    threshold = Severity(fail_on or project.fail_on or "info").rank
    failing = any(f.severity.rank >= threshold for f in findings)
    sys.exit(1 if failing and not exit_zero else 0)


def _progress_factory(quiet: bool, fmt: str) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    try:
        from artlint.progress import progress_bar
    except ImportError:  # pragma: no cover - the progress module is optional
        return None
    return progress_bar


def _print_statistics(findings: Sequence[Any]) -> None:
    counts = Counter((f.code, f.name) for f in findings)
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"{n:>6}  {code}  {name}")


def _report(fmt: str, findings: Sequence[Any], files: Sequence[str],
            stdin: tuple[str, str] | None) -> None:
    from artlint import reporters, rule_meta

    def source(path: str) -> list[str] | None:
        if stdin is not None and path == stdin[0]:
            return stdin[1].splitlines()
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                return fh.read().splitlines()
        except OSError:
            return None

    ctx = reporters.ReportContext(
        files=files, color=fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        source=source, rules=rule_meta.metadata(findings), version=__version__)
    click.echo(reporters.render(fmt, findings, ctx), nl=False)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_cmd(fmt: str) -> None:
    """List every rule: code, name, family, default severity, fixable, summary."""
    from artlint import rule_meta

    rows = rule_meta.table()
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, indent=2))
        return
    widths = [max(len(str(r[k])) for r in rows) for k in ("code", "name", "family", "severity")]
    header = ("CODE", "NAME", "FAMILY", "SEVERITY")
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  FIX  SUMMARY")
    for r in rows:
        cells = [str(r[k]).ljust(w) for k, w in zip(("code", "name", "family", "severity"), widths)]
        click.echo("  ".join(cells) + f"  {'yes' if r['fixable'] else 'no ':3}  {r['summary']}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation page of RULE (a code such as HD001, or a name)."""
    from artlint import rule_meta

    text = rule_meta.explain(rule)
    if text is None:
        _fail(f"unknown rule {rule!r}; `artlint rules` lists them")
    click.echo(text, nl=False)
