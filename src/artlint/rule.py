"""What a rule is: metadata plus `check`, or `fact` + `check_corpus` for cross-file rules.

One signature for every rule (no arguments that change with the rule's type).
A rule keeps no state between files: the engine may run it in several processes
and replay its findings from the cache.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from artlint.article import Article
from artlint.model import Finding, Fix, Location, Related, Severity
from artlint.options import Option, defaults, specs

CODE_PATTERN = re.compile(r"[A-Z]{2}\d{3}")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

Options = Mapping[str, Any]


class Rule:
    """A per-file rule.  Subclasses set the class attributes and implement `check`.

    `options` maps each option's name to its `Option` (default, kind, choices,
    whether it names a file): the one place config values are checked against.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    options: ClassVar[Mapping[str, Option]] = {}
    fixable: ClassVar[bool] = False
    #: False for opt-in rules that only `select` or `extend-select` turn on.
    enabled_by_default: ClassVar[bool] = True
    #: False for artlint's own codes (`artlint.rules.internal`), which artlint
    #: reports itself: the engine never calls their `check`.
    runs: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "options" in cls.__dict__:  # plain defaults from a plugin become Options
            cls.options = specs(cls.__dict__["options"])

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Each option's default: the options a rule runs with when config says nothing."""
        return defaults(cls.options)

    @property
    def family(self) -> str:
        return self.code[:2]

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        return iter(())

    def check_options(self, options: Options) -> tuple[str, str] | None:
        """(option, why) when valid-looking options still cannot be used (a schema
        file that does not parse): said once when the run starts, not per file."""
        return None

    def finding(
        self,
        location: Location,
        message: str,
        *,
        related: Iterable[Related] = (),
        fix: Fix | None = None,
        text: str = "",
    ) -> Finding:
        return Finding(
            self.code, self.name, self.severity, message, location, tuple(related), fix, text
        )

    def at(self, article: Article, start: int, end: int, message: str, **kw: Any) -> Finding:
        """A finding over `article.text[start:end]` (the flagged text is kept for baselines)."""
        return self.finding(
            article.location(start, end),
            message,
            text=kw.pop("text", article.text[start:end]),
            **kw,
        )


class CorpusRule(Rule):
    """A rule that compares articles.

    `fact` extracts a small picklable value from one article (cached with the
    file's findings); `check_corpus` sees only those facts, so it stays small for a
    whole site.  Findings are reported for every file the run lints; files that are
    only in the configured corpus appear as related locations.
    """

    #: For a rule that also offers a corpus state (see `IncrementalRule`): whether
    #: the engine keeps it between runs.
    keeps_state: ClassVar[bool] = True

    def fact(self, article: Article, options: Options) -> Hashable | None:
        raise NotImplementedError

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        raise NotImplementedError


# --------------------------------------------------------------------------- incremental
# A cross-file rule may also keep a state between runs (see `artlint.incremental`,
# which drives it): the rule side of that contract.


class CorpusState(Protocol):
    """What a cross-file rule keeps between runs: plain data, pickled with the cache."""

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        """Forget the files of `removed`, then take in `added` (a changed file is
        in both).  Returns the other files whose findings may differ now.  A
        state keeps of each file what it needs to take it out again, which may be
        much less than its fact (the engine keeps only a digest of each)."""
        ...


class IncrementalRule(Protocol):
    """A cross-file rule that judges from a kept state (the state holds no rule, so
    a severity or a message changed in code never hides in a pickle).

    `keeps_state` False: the state serves `check_corpus` alone and is never kept
    between runs, for a rule whose state holds every article's fact (keeping it
    would cost a cold run more memory than re-judging saves an edit)."""

    keeps_state: ClassVar[bool]

    def corpus_state(self, options: Mapping[str, Any]) -> CorpusState: ...

    def state_findings(
        self, state: Any, facts: Mapping[str, Any], options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        """Every finding located on one of the paths of `facts`, as a cold run
        would give it.  `facts` maps those paths, in path order, to their facts,
        decoded only when looked up: a state that keeps its own never pays for
        them."""
        ...


def full_findings(
    rule: IncrementalRule, facts: Sequence[tuple[str, Any]], options: Mapping[str, Any]
) -> Iterator[Finding]:
    """A state's findings built from `facts` in one go: what `check_corpus` of an
    incremental rule yields, so that the cold and the incremental run share code."""
    state = rule.corpus_state(options)
    state.update((), facts)
    return rule.state_findings(state, dict(facts), options)
