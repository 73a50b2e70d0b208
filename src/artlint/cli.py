"""The command line: `artlint [PATHS]`, `artlint rules`, `artlint explain CODE`.

Exit codes follow ruff and markdownlint: 0 clean, 1 findings at or above
`--fail-on`, 2 usage, config or I/O errors.  Beyond click, the standard library's
basics and `errors`, every import is late (inside the command or helper that needs
it, marked "late"): the run machinery, the rules and the report formats would
otherwise load for `--version`, `--help`, `rules` and `explain` too, and the editor
server would load pygls for every run.  Errors reach the user as one
`artlint: error: ...` line, never as a traceback (set ARTLINT_DEBUG=1 to see one
when artlint itself is broken).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from artlint import __version__
from artlint.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from artlint.baseline import Comparison
    from artlint.cache import Cache
    from artlint.config import Config
    from artlint.engine import Settings
    from artlint.model import Finding, Severity
    from artlint.registry import Registry
    from artlint.results import RunResult, Tally

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "html")


class _DefaultGroup(click.Group):
    """Run `check` when the first argument is not a subcommand (ruff's old default).

    It is also the one place that turns artlint's own errors into a one-line
    message and exit code 2, for every subcommand.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")
        ):
            if args:
                self._refuse_mistyped_subcommand(args[0])
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def _refuse_mistyped_subcommand(self, word: str) -> None:
        """`artlint chek .` must not lint the folder: a first word that is no path but
        is close to a subcommand's name is taken for a typo of it (ruff's answer)."""
        import difflib  # late: only a mistyped subcommand needs it, and `--version` would pay

        if not re.fullmatch(r"[a-z][a-z-]*", word) or os.path.lexists(word):
            return
        close = difflib.get_close_matches(word, sorted(self.commands), n=1)
        if close:
            _fail(f"unrecognized subcommand '{word}'; a similar one exists: '{close[0]}'")

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ConfigError, UsageError) as exc:
            _fail(str(exc))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("artlint: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `artlint . | head`: the reader left, nothing to report
            sys.stderr.close()
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("ARTLINT_DEBUG"):
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set ARTLINT_DEBUG=1 for a traceback, and please report it)"
            )


def _split(values: Sequence[str], option: str) -> tuple[str, ...]:
    """Selectors of a repeatable, comma-separated option.

    A value that names nothing (`--select ''`, `--select ,`) is a mistake, most
    often an empty shell variable: read as "no rules" it would report all clear.
    """
    out: list[str] = []
    for value in values:
        found = [v.strip() for v in value.split(",") if v.strip()]
        if not found:
            raise UsageError(f"{option} {value!r} names no rule; give codes, prefixes or names")
        out.extend(found)
    return tuple(out)


def _fail(message: str) -> NoReturn:
    click.echo(f"artlint: error: {message}", err=True)
    sys.exit(2)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="artlint")
def main() -> None:
    """Lint career articles: titles, headings, pros and cons, front matter, structure."""


def _start_dirs(paths: Iterable[str], stdin_filename: str | None) -> list[Path]:
    """Folders to look for configs from: the working folder and each path given.

    Globs contribute their fixed leading part; `-` contributes the folder of
    `--stdin-filename`.
    """
    out = [Path.cwd()]
    for p in paths:
        if p == "-":
            if not stdin_filename:
                continue
            p = stdin_filename
        fixed = Path(p)
        while any(ch in fixed.name for ch in "*?["):
            fixed = fixed.parent
        full = Path(os.path.normpath(Path.cwd() / fixed))
        out.append(full if full.is_dir() else full.parent)
    return out


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the report to this file (replaced whole, never left half-written).",
)
@click.option(
    "--select", multiple=True, help="Rules to run (codes, prefixes, names; comma-separated)."
)
@click.option("--extend-select", multiple=True, help="Rules to run in addition to the selection.")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: info].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no progress.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (0: one per core).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Cache folder [default: .artlint_cache].",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file to use instead of the nearest one.",
)
@click.option("--stdin-filename", default=None, help="Name to report for text read from `-`.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    default=None,
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    default=None,
    help="Record the current findings in this file and exit 0.",
)
@click.option(
    "--rule-timeout",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Time one rule may spend on one file before it is stopped with an AL007 "
    "finding (0: no limit) [default: 10].",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report; auto: on a terminal, unless NO_COLOR is set "
    "(FORCE_COLOR forces it).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    show_default=True,
    help="Leave out what .gitignore files ignore when walking folders.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply include and exclude to files named one by one too (pre-commit).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Say which config, cache and files the run uses, and how long it took.",
)
@click.option("--show-files", is_flag=True, help="List the files that would be linted, and exit.")
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the settings that apply to the first path, and exit.",
)
@click.option("--fix", "fix", is_flag=True, help="Apply safe fixes, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply (or offer) unsafe fixes.")
@click.option("--fix-only", is_flag=True, help="Apply fixes and report nothing else; exit 0.")
@click.option(
    "--diff", is_flag=True, help="Print the fixes as a unified diff, write nothing; exit 1 if any."
)
@click.option("--show-fixes", is_flag=True, help="List the fixes applied, per file.")
def check(
    paths: tuple[str, ...],
    fmt: str,
    output_file: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    quiet: bool,
    jobs: int,
    no_cache: bool,
    cache_dir: str | None,
    config_path: str | None,
    stdin_filename: str | None,
    baseline: str | None,
    write_baseline: str | None,
    rule_timeout: float | None,
    color: str,
    respect_gitignore: bool,
    force_exclude: bool,
    verbose: bool,
    show_files: bool,
    show_settings: bool,
    fix: bool = False,
    unsafe_fixes: bool = False,
    fix_only: bool = False,
    diff: bool = False,
    show_fixes: bool = False,
) -> None:
    """Lint PATHS (files, folders, globs; `-` reads standard input)."""
    from artlint import baseline as baseline_mod  # late: see the module docstring
    from artlint import config as config_mod
    from artlint import engine, heap

    engine.reset()
    heap.one_shot()
    paths = paths or (".",)
    # Read the baseline first: a bad one should stop the run before the work.
    known = baseline_mod.load(baseline) if baseline else None
    project = engine.project_config(engine.Settings(config_path=config_path))
    stdin = None
    if "-" in paths:
        stdin = (stdin_filename or "<stdin>", _read_stdin(project.max_file_size))
    configs = (
        [project]
        if config_path
        else [config_mod.find_for_dir(d) for d in _start_dirs(paths, stdin_filename)]
    )
    settings = _settings(configs, config_path, select, extend_select, ignore, rule_timeout)
    if show_settings:
        _show_settings(
            paths[0] if paths[0] != "-" else (stdin_filename or "."),
            project,
            settings,
            config_path is not None,
            respect_gitignore,
        )
        return
    if show_files:
        _show_files(paths, project, config_path is not None, respect_gitignore, force_exclude)

    if fix or fix_only or diff:
        if stdin is not None:
            _fail("--fix, --fix-only and --diff work on files, not on standard input")
        _fix_first(paths, settings, unsafe_fixes, diff, fix_only, show_fixes, quiet)
    # Piped text is not cached, but the corpus's facts come from the cache.
    cache = None if no_cache else _cache(cache_dir, project, settings)
    if verbose:
        _say_setup(configs, cache)
    started = time.perf_counter()
    run = engine.Run(
        paths,
        settings,
        jobs or (os.cpu_count() or 1),
        stdin,
        cache,
        _progress_factory(quiet, fmt),
        respect_gitignore,
        force_exclude,
    )
    result = engine.execute(run)
    if verbose:
        click.echo(
            f"artlint: linted {_plural(len(result.results), 'file')} in "
            f"{time.perf_counter() - started:.2f} s",
            err=True,
        )
    for err in result.errors:
        click.echo(f"artlint: error: {err.path}: {err.message}", err=True)
    if write_baseline:
        n = baseline_mod.write(write_baseline, result.iter_findings())
        if not quiet:
            click.echo(f"Wrote {_plural(n, 'finding')} to {write_baseline}.", err=True)
        sys.exit(2 if result.errors else 0)
    # Findings are built as objects only when something needs them: a warm run
    # prints the text each worker made, and counts severities from plain rows;
    # other reports read them a file at a time.
    shown, new = _past_baseline(result, known, baseline, fmt == "text" and not statistics)
    with _output(output_file) as out:
        if statistics:
            _print_statistics(result.iter_findings() if new is None else new.of(result), out)
        else:
            use_color = fmt == "text" and _use_color(color, out)
            _report(
                fmt,
                result,
                shown,
                new,
                engine.registry(settings),
                out,
                use_color,
                str(project.root),
            )
    if fmt == "text" and not quiet and not statistics:
        _print_summary(result, _tally(result, shown, new), shown, unsafe_fixes)
    if result.errors:
        sys.exit(2)
    failing = _failing(result, shown, new, fail_on, project, config_path is not None)
    sys.exit(1 if failing and not exit_zero else 0)


def _past_baseline(
    result: RunResult,
    known: Counter[tuple[str, str, str]] | None,
    baseline: str | None,
    listed: bool,
) -> tuple[list[Finding] | None, _New | None]:
    """With `--baseline`: the findings it lets past as a list when `listed` (the text
    report's summary and fix hint read them again), else a filter the report streams
    through; (None, None) without one."""
    from artlint import baseline as baseline_mod  # late: see the module docstring

    if known is None or baseline is None:
        return None, None
    if listed:
        return baseline_mod.filter_new(result.iter_findings(), known, baseline), None
    return None, _New(known, baseline)


def _tally(result: RunResult, shown: Sequence[Finding] | None, new: _New | None) -> Tally:
    """What the summary and the exit code count: the findings a baseline lets past, if any."""
    from artlint.results import Tally  # late: see the module docstring

    if new is not None:
        return new.tally()
    if shown is None:
        return result.tally()
    return Tally.of(shown)


def _failing(
    result: RunResult,
    shown: Sequence[Finding] | None,
    new: _New | None,
    fail_on: str | None,
    project: Config,
    explicit: bool,
) -> bool:
    """Whether the findings fail the run: against one threshold when `--fail-on` or
    `--config` gives it for every file, else against each file's own config."""
    from artlint.model import Severity  # late: see the module docstring

    if fail_on or explicit:
        worst = _tally(result, shown, new).worst
        return (
            worst is not None and worst.rank >= Severity(fail_on or project.fail_on or "info").rank
        )
    if new is not None:
        return _fails_own_config(new.worst.items())
    if shown is None:
        return _fails_own_config(result.worst_by_path())
    by_rank = sorted(shown, key=lambda f: f.severity.rank)
    return _fails_own_config({f.location.path: f.severity for f in by_rank}.items())


def _settings(
    configs: Sequence[Config],
    config_path: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    rule_timeout: float | None,
) -> Settings:
    """What every worker needs to know of the command line and the configs in play."""
    from artlint import engine  # late: see the module docstring
    from artlint.config import plugin_files
    from artlint.selection import CliSelection

    plugins, house_rules = plugin_files(configs)
    return engine.Settings(
        cli=CliSelection(
            _split(select, "--select") if select else None,
            _split(extend_select, "--extend-select"),
            _split(ignore, "--ignore"),
        ),
        config_path=str(Path(config_path).absolute()) if config_path else None,
        plugins=plugins,
        house_rules=house_rules,
        rule_timeout=engine.Settings.rule_timeout if rule_timeout is None else rule_timeout,
    )


def _cache(cache_dir: str | None, project: Config, settings: Settings) -> Cache:
    """The cache of `--cache-dir`, else of the project's config, else `.artlint_cache`."""
    from artlint import engine  # late: see the module docstring
    from artlint.cache import Cache

    directory = cache_dir or str(project.root / (project.cache_dir or ".artlint_cache"))
    return Cache(directory, settings, engine.registry(settings))


def _say_setup(configs: Sequence[Config], cache: Cache | None) -> None:
    """`--verbose`: which configs and which cache the run uses."""
    for cfg in dict.fromkeys(configs):
        click.echo(f"artlint: config {cfg.source} (root {cfg.root})", err=True)
    click.echo(f"artlint: cache {cache.directory if cache is not None else 'off'}", err=True)


def _fix_first(
    paths: Sequence[str],
    settings: Settings,
    unsafe: bool,
    diff: bool,
    fix_only: bool,
    show_fixes: bool,
    quiet: bool,
) -> None:
    """`--fix`, `--diff`, `--fix-only`: apply (or show) the fixes; only `--fix` goes on to lint."""
    from artlint import fix as fix_mod  # late: see the module docstring

    fixed = fix_mod.command(
        paths, settings, unsafe=unsafe, diff=diff, show_fixes=show_fixes, quiet=quiet
    )
    if diff:
        sys.exit(1 if fixed.changed else 0)
    if fix_only:
        sys.exit(0)


def _show_files(
    paths: Sequence[str],
    project: Config,
    explicit: bool,
    respect_gitignore: bool,
    force_exclude: bool,
) -> NoReturn:
    """`--show-files`: the files a run would lint, one a line, and nothing else."""
    from artlint.discover import discover_paths  # late: see the module docstring

    files, errors = discover_paths(paths, project, explicit, None, respect_gitignore, force_exclude)
    for err in errors:
        click.echo(f"artlint: error: {err.path}: {err.message}", err=True)
    for f in files:
        click.echo(f)
    sys.exit(2 if errors else 0)


def _print_summary(
    result: RunResult, tally: Tally, shown: Sequence[Finding] | None, unsafe_fixes: bool
) -> None:
    """The last lines of a text report on stderr: the count, then what `--fix` would do."""
    checked = _plural(len(result.results), "file")
    if result.errors:  # never "All clear" after a path that could not be linted
        summary = (
            f"Found {_plural(tally.findings, 'finding')} ({checked} checked); "
            f"{_plural(len(result.errors), 'error')}, see above."
        )
    elif tally.findings:
        summary = (
            f"Found {_plural(tally.findings, 'finding')} in "
            f"{_plural(tally.files, 'file')} ({checked} checked)."
        )
    else:
        summary = f"All clear: {checked} checked."
    click.echo(summary, err=True)
    if tally.findings:
        from artlint.fix import hint, run_fixes  # late: see the module docstring

        fixable = hint(run_fixes(result) if shown is None else (f.fix for f in shown), unsafe_fixes)
        if fixable:
            click.echo(fixable, err=True)


def _fails_own_config(worst: Iterable[tuple[str, Severity]]) -> bool:
    """Whether a file's worst finding reaches its own config's `fail-on`, as its
    `ignore` does: the exit code must not depend on the folder artlint runs from.
    `worst` is read only up to the first file that fails."""
    from artlint import config as config_mod  # late: see the module docstring
    from artlint.model import Severity

    for path, severity in worst:
        cfg = config_mod.find_for_dir(Path(os.path.abspath(path)).parent)  # noqa: PTH100
        if severity.rank >= Severity(cfg.fail_on or "info").rank:
            return True
    return False


def _read_stdin(limit: int) -> str:
    """Standard input as UTF-8 whatever the locale says (an editor sends the file's bytes).

    Bytes that are not UTF-8 are kept as surrogates, so the engine gets the very
    bytes back and reports them as it would in a file; at most one byte past
    `limit` is read (0: no limit), so `cat /dev/zero | artlint -` ends.
    """
    raw = getattr(sys.stdin, "buffer", None)
    size = limit + 1 if limit else -1
    data: bytes = (
        raw.read(size)
        if raw is not None
        else sys.stdin.read(size).encode("utf-8", "surrogateescape")
    )
    return data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _progress_factory(quiet: bool, fmt: str) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    try:
        progress = importlib.import_module("artlint.progress")
    except ImportError:  # pragma: no cover - the progress module is optional
        return None
    return getattr(progress, "progress_bar", None)


def _print_statistics(findings: Iterable[Finding], out: IO[str]) -> None:
    counts = Counter((f.code, f.name) for f in findings)
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"{n:>6}  {code}  {name}", file=out)


def _use_color(choice: str, out: IO[str]) -> bool:
    """`--color`; for auto, NO_COLOR (set and not empty) wins over FORCE_COLOR
    (likewise), and without either a terminal decides (no-color.org, force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """Standard output, or `--output-file` renamed into place only when the
    report is whole (a failed run leaves the old report), through a link to
    its target, and never over a device or FIFO."""
    if path is None:
        yield sys.stdout
        return
    from artlint import safe_io  # late: see the module docstring

    try:
        with safe_io.atomic_writer(path) as raw:
            fh = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            yield fh
            fh.flush()
            fh.detach()  # the writer closes the file itself, once it is synced
    except OSError as exc:
        _fail(f"{path}: cannot write the report: {exc.strerror or exc}")


def _show_settings(
    path: str, project: Config, settings: Any, explicit: bool, respect_gitignore: bool
) -> None:
    """What applies to `path`: its config file, every setting, the rules it runs."""
    from artlint import config as config_mod  # late: see the module docstring
    from artlint import engine, selection

    full = Path(os.path.abspath(path))  # noqa: PTH100
    cfg = project if explicit else config_mod.find_for_dir(full if full.is_dir() else full.parent)
    rules = selection.build(cfg, engine.registry(settings), settings.cli)
    ignored = rules.ignored_for(str(full)) if not full.is_dir() else set()
    rows: list[tuple[str, Any]] = [
        ("path", path),
        ("config", cfg.source),
        ("root", str(cfg.root)),
        ("select", cfg.select),
        ("extend-select", cfg.extend_select),
        ("ignore", cfg.ignore),
        ("include", cfg.include),
        ("exclude", cfg.exclude),
        ("per-file-ignores", dict(cfg.per_file_ignores)),
        ("corpus", cfg.corpus),
        ("plugins", cfg.plugins),
        ("house-rules", cfg.house_rules),
        ("rules", {k: dict(v) for k, v in cfg.rules}),
        ("fail-on", cfg.fail_on or "info"),
        ("cache-dir", cfg.cache_dir or ".artlint_cache"),
        ("respect-gitignore", respect_gitignore),
        ("enabled", sorted(r.code for r in rules.rules if r.code not in ignored)),
    ]
    import json  # late: see the module docstring

    for key, value in rows:
        shown = list(value) if isinstance(value, tuple) else value
        text = (
            "default"
            if shown is None
            else shown
            if isinstance(shown, str)
            else json.dumps(shown, ensure_ascii=False)
        )
        click.echo(f"{key}: {text}")


class _New:
    """The findings a baseline did not accept, noted as a report reads them: the
    exit code weighs only those, and it is worked out after the report."""

    def __init__(self, known: Counter[tuple[str, str, str]], baseline_path: str) -> None:
        self.known, self.baseline_path = known, baseline_path
        self.count = 0
        #: Each path with new findings and its worst one's severity.
        self.worst: dict[str, Severity] = {}

    def _saw(self, f: Finding) -> None:
        self.count += 1
        here = self.worst.get(f.location.path)
        if here is None or f.severity.rank > here.rank:
            self.worst[f.location.path] = f.severity

    def of(self, result: RunResult) -> Iterator[Finding]:
        """The run's new findings."""
        from artlint.baseline import iter_new

        for f in iter_new(result.iter_findings(), self.known, self.baseline_path):
            self._saw(f)
            yield f

    def marked(self, result: RunResult) -> tuple[Iterator[Finding], Comparison]:
        """Every finding of the run and which are new, for the HTML report (which
        marks them, and says first what was fixed: a first pass finds out)."""
        from artlint.baseline import compare

        comparison = compare(result.iter_findings(), self.known, self.baseline_path)

        def every() -> Iterator[Finding]:
            for f, is_new in zip(result.iter_findings(), comparison.new, strict=True):
                if is_new:
                    self._saw(f)
                yield f

        return every(), comparison

    def tally(self) -> Tally:
        from artlint.results import Tally

        worst = max(self.worst.values(), key=lambda s: s.rank, default=None)
        return Tally(self.count, len(self.worst), worst)


def _described(
    findings: Iterable[Finding], rules: dict[str, tuple[str, str, str]], registry: Registry
) -> Iterator[Finding]:
    """`findings`, with `rules` gaining each code's metadata before the report
    meets it: a report read as it is made cannot be told its codes first."""
    from artlint import rule_meta

    met: set[str] = set()
    for f in findings:
        if f.code not in met:
            met.add(f.code)
            rules.update(rule_meta.metadata([f], registry))
        yield f


def _report(
    fmt: str,
    result: RunResult,
    shown: Sequence[Finding] | None,
    new: _New | None,
    registry: Registry,
    out: IO[str],
    color: bool,
    root: str,
) -> None:
    """Write the report: of `shown` when given (the text report past a baseline),
    else of what `new` lets past its baseline (the HTML report shows every finding,
    marking the new ones and what was fixed), else of the run's findings."""
    from artlint import reporters  # late: see the module docstring

    comparison = None
    if fmt == "text" and not color and shown is None and new is None:
        from artlint.reporters.text import batched  # late: see the module docstring

        pieces = batched(result.texts())
    elif fmt == "json" and shown is None and new is None:
        from artlint.reporters import json as json_report  # late: see the module docstring

        pieces = reporters.joined(json_report.row_chunks(result.iter_rows()))
    else:
        if shown is not None:
            findings: Iterable[Finding] = shown
        elif new is None:
            findings = result.iter_findings()
        elif fmt == "html":
            findings, comparison = new.marked(result)
        else:
            findings = new.of(result)
        rules: dict[str, tuple[str, str, str]] = {}
        ctx = reporters.ReportContext(
            files=result.files,
            color=color,
            source=result.source,
            rules=rules,
            version=__version__,
            root=root,
            baseline=comparison,
        )
        pieces = reporters.joined(reporters.chunks(fmt, _described(findings, rules, registry), ctx))
    for piece in pieces:  # click would strip the colour it thinks no terminal wants
        click.echo(piece, nl=False, file=out, color=color)


_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config whose plugins and house rules to include [default: the nearest one].",
)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_config_option
def rules_cmd(fmt: str, config_path: str | None) -> None:
    """List every rule: code, name, family, default severity, fixable, summary."""
    from artlint import rule_meta  # late: see the module docstring

    rows = rule_meta.table(config_path)
    if fmt == "json":
        import json  # late: see the module docstring

        click.echo(json.dumps(rows, indent=2))
        return
    keys = ("code", "name", "family", "severity")
    header = ("CODE", "NAME", "FAMILY", "SEVERITY")
    widths = [
        max(len(h), *(len(str(r[k])) for r in rows)) for k, h in zip(keys, header, strict=True)
    ]
    click.echo(
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  FIX  SUMMARY"
    )
    for r in rows:
        cells = [str(r[k]).ljust(w) for k, w in zip(keys, widths, strict=True)]
        opt_in = "" if r["default"] else " (off by default)"
        click.echo(
            "  ".join(cells) + f"  {'yes' if r['fixable'] else 'no ':3}  {r['summary']}{opt_in}"
        )


@main.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init_cmd(folder: Path) -> None:
    """Write a starter .artlint.yaml for FOLDER, inferred from its articles."""
    from artlint import init  # late: see the module docstring

    click.echo(init.run(folder))


@main.command()
@click.argument("rule")
@_config_option
def explain(rule: str, config_path: str | None) -> None:
    """Print the documentation page of RULE (a code such as HD001, or a name)."""
    from artlint import rule_meta  # late: see the module docstring

    text = rule_meta.explain(rule, config_path)
    if text is None:
        _fail(f"unknown rule {rule!r}; `artlint rules` lists them")
    click.echo(text, nl=False)


@main.command()
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
def server(no_cache: bool) -> None:
    """Run the editor server: the Language Server Protocol over standard input and output."""
    try:
        from artlint import server as server_mod  # late: see the module docstring
    except ImportError as exc:
        _fail(
            f"the editor server needs pygls ({exc.name} is missing): pip install 'artlint[server]'"
        )
    server_mod.serve(use_cache=not no_cache)
