"""Incremental cross-file rules: a rerun pays for what changed, not for the site.

A cross-file rule that offers `corpus_state(options)` gets a `CorpusState`: an
object that takes (path, fact) pairs in and out and answers "the findings on
these files".  The engine keeps that state between runs (in the cache, beside
the rule's last output), works out which files' facts were added, removed or
changed since, decodes only those, and asks the state for the findings of the
files the change touched: the changed files themselves and whichever others
the state says may read differently now (the other copy of a duplicated title,
every file with a line that just became frequent).  Everything else is the
last run's output, reused as it was.

The contract that keeps this honest: whatever sequence of updates led to a
state, its findings are those of a state built from the same facts in one go,
and the rule's `check_corpus` is that one-go build (`rule.full_findings`), so an
incremental run and a cold run agree byte for byte.  A rule without
`corpus_state` (a plugin's) is simply run over every fact, as
before.

This is the shape ruff's and rust-analyzer's incremental layers share, kept
small: state keyed by input, a delta in, the affected outputs out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from artlint.corpus_phase import CorpusOutput
    from artlint.model import Finding
    from artlint.results import Rendered

#: Findings rendered as rows with their text, given lines already at hand and
#: the messages and related entries rendered so far (`results.rendered`); the
#: lines it had to read.
Render = Callable[
    [list["Finding"], Mapping[str, dict[int, str]], dict[object, object]],
    tuple[dict[str, "Rendered"], dict[str, dict[int, str]]],
]

#: Bumped when what is stored changes shape: an older state is then rebuilt.
VERSION = 4

#: Files added, removed or changed since a kept state before it is kept again.
#: Until then each run updates the same kept state by everything that changed
#: since, and judges those files again: writing a large site's state back
#: after every edit cost more than judging a few dozen files twice.
DRIFT = 64


#: Files judged at a time (see `_judged`).
JUDGED = 1000


@dataclass
class Stored:
    """One rule's state with the input it was built from and the output it
    gave.  The output is also kept in the corpus memo under `key`, so that a
    run in which nothing changed loads only that; the copy kept with the state
    (beside it, in a file of its own) is what later runs update from, whatever
    the memo has evicted since."""

    options: str
    key: str
    #: A digest of each file's encoded fact, to tell which changed: the facts
    #: themselves would cost a large site's state more than its findings.
    facts: dict[str, bytes]
    state: Any
    output: CorpusOutput | None = None
    version: int = VERSION


class StateStore(Protocol):
    """Where states and outputs live between runs (`artlint.cache.Cache`)."""

    def put(
        self,
        code: str,
        key: str,
        output: CorpusOutput,
        base: tuple[str, CorpusOutput] | None = None,
    ) -> None: ...

    def load_state(self, code: str, size: int) -> Any: ...

    def keep_state(self, code: str, size: int, stored: Stored) -> None: ...


def _options_text(options: Mapping[str, Any]) -> str:
    return repr(sorted(options.items()))


def output(
    rule: object,
    options: Mapping[str, Any],
    key: str,
    inputs: Mapping[str, bytes],
    fact_sums: Sequence[bytes],
    store: object,
    render: Render,
    known: Mapping[str, dict[int, str]],
    digests: Mapping[str, str],
) -> CorpusOutput | None:
    """The rule's output for `inputs` (encoded facts by path, in path order; each
    fact read when looked up) with `fact_sums` (the digest each is led by,
    `codec.FACT_SUM`), from its kept state and the difference; or None when the
    rule has no state to keep or the update failed (the engine then runs
    `check_corpus` itself, and reports a crash as it does for any rule).

    `render` turns findings into rows with their text, quoting the lines it is
    given (`known`: the run's own) or else reads; `digests` are the files'
    content digests (what the engine compares to re-quote edited files)."""
    make = getattr(rule, "corpus_state", None)
    judge = getattr(rule, "state_findings", None)
    if (
        not getattr(rule, "keeps_state", True)
        or make is None
        or judge is None
        or not all(hasattr(store, m) for m in ("put", "load_state", "keep_state"))
    ):
        return None
    kept = cast("StateStore", store)
    code: str = getattr(rule, "code", "")
    opts = _options_text(options)
    try:
        base = kept.load_state(code, len(inputs))
        if (
            not isinstance(base, Stored)
            or base.version != VERSION
            or base.options != opts
            or type(base.facts) is not dict
            or base.output is None
        ):
            base = Stored(opts, "", {}, make(options), ({}, {}, {}))
        judged = partial(judge, options=options)
        stored, out, drift = _step(
            base, key, inputs, fact_sums, judged, partial(_render, render, known), digests
        )
    except Exception:
        return None
    with contextlib.suppress(Exception):  # the cache costs speed, never the run
        if not base.key or drift > DRIFT:
            kept.put(code, key, out)
            stored.output = out
            kept.keep_state(code, len(inputs), stored)
        else:  # the kept state stays: its output is the base of this one
            assert base.output is not None
            kept.put(code, key, out, (base.key, base.output))
    return out


def _step(
    base: Stored,
    key: str,
    inputs: Mapping[str, bytes],
    fact_sums: Sequence[bytes],
    judge: Callable[[Any, Mapping[str, Any]], Iterable[Finding]],
    render: Render,
    digests: Mapping[str, str],
) -> tuple[Stored, CorpusOutput, int]:
    """`base` moved to `inputs`: decode the facts that differ, update, re-judge
    the files the change touched.  Also how many files differ."""
    from artlint import codec

    old = base.facts
    # Keyed by the path objects the kept state already holds: pickled together,
    # each path is then written once, not once for the state and again here.
    held = {p: p for p in old}
    sums = {held.get(p, p): d for p, d in zip(inputs, fact_sums, strict=True)}
    removed = [p for p in old if p not in inputs]
    changed = [p for p, d in sums.items() if old.get(p) != d]
    state = base.state
    # Only the facts that changed or are judged are read (a cached file's from
    # the cache) and decoded, one at a time: a cold run changes every fact, and
    # the whole site's facts decoded at once would be the run's largest holder.
    touched = state.update(
        [*removed, *(p for p in changed if p in old)],
        ((p, codec.loads_fact(inputs[p], p)) for p in changed),
    )
    dirty = {p for p in touched if p in inputs}
    dirty.update(changed)
    assert base.output is not None
    last_found, last_lines, last_then = base.output
    # The lines quoted last time, of files whose content is as it was then: a
    # change in the site's size re-words every ST002 finding, and re-reading
    # each of those files to quote the same lines would cost more than the rule.
    kept = {
        p: last_lines[p]
        for p in dirty
        if p in last_lines and digests.get(p) and last_then.get(p) == digests.get(p)
    }
    found_new, lines_new = _judged(state, judge, render, kept, _Facts(inputs, sorted(dirty)))
    gone = dirty.union(removed)
    found = {p: v for p, v in last_found.items() if p not in gone}
    found.update(found_new)
    lines = {p: v for p, v in last_lines.items() if p not in gone}
    for p, numbers in kept.items():
        if p in found_new:
            lines[p] = {**numbers, **lines_new.pop(p, {})}
    lines.update(lines_new)
    then = {p: last_then.get(p, "") for p in found if p not in dirty}
    then.update({p: digests.get(p, "") for p in found_new})
    out = (dict(sorted(found.items())), lines, then)
    return Stored(base.options, key, sums, state), out, len(removed) + len(changed)


def _judged(
    state: Any,
    judge: Callable[[Any, Mapping[str, Any]], Iterable[Finding]],
    render: Render,
    kept: Mapping[str, dict[int, str]],
    facts: _Facts,
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    """The findings on the files of `facts`, rendered, judged `JUDGED` files at a
    time: a first run judges every file, and the whole site's findings held as
    objects until all were rendered would be a large site's peak.  A state that
    reports a file in two batches is outside the contract (it answers for the
    files it is given): ValueError, and the engine runs the rule in full."""
    found: dict[str, Rendered] = {}
    lines: dict[str, dict[int, str]] = {}
    # One for every batch: the files that name each other (a cluster of similar
    # titles) fall in different batches, and their rows still share entries.
    shared: dict[object, object] = {}
    for at in range(0, len(facts.paths), JUDGED):
        batch = _Facts(facts.encoded, facts.paths[at : at + JUDGED])
        more, read = render(list(judge(state, batch)), kept, shared)
        if not more.keys().isdisjoint(found):
            raise ValueError("findings on a file outside the files judged")
        found.update(more)
        for path, numbers in read.items():
            lines.setdefault(path, {}).update(numbers)
    return found, lines


def _render(
    render: Render,
    known: Mapping[str, dict[int, str]],
    found: list[Finding],
    kept: Mapping[str, dict[int, str]],
    shared: dict[object, object],
) -> tuple[dict[str, Rendered], dict[str, dict[int, str]]]:
    return render(found, _Lines(kept, known) if kept else known, shared)


class _Lines(Mapping[str, dict[int, str]]):
    """Lines kept from the last run over the run's own (`known`)."""

    def __init__(self, kept: Mapping[str, dict[int, str]], known: Mapping[str, dict[int, str]]):
        self.kept = kept
        self.known = known

    def __getitem__(self, path: str) -> dict[int, str]:
        mine, theirs = self.kept.get(path), self.known.get(path)
        if mine is None:
            if theirs is None:
                raise KeyError(path)
            return theirs
        return mine if theirs is None else {**theirs, **mine}

    def __iter__(self) -> Iterator[str]:
        return iter(set(self.kept).union(self.known))

    def __len__(self) -> int:
        return len(set(self.kept).union(self.known))


class _Facts(Mapping[str, Any]):
    """The facts of the files to judge, in path order, each decoded when looked
    up and not kept: a state that keeps its own facts only walks the paths."""

    def __init__(self, encoded: Mapping[str, bytes], paths: list[str]) -> None:
        self.encoded = encoded
        self.paths = paths

    def __getitem__(self, path: str) -> Any:
        from artlint import codec

        return codec.loads_fact(self.encoded[path], path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)
