"""TI003's index of a site's titles, kept between runs and moved by the difference.

A pair of titles is credited, in this order, to the first way it matches:

1. the same stems in any order (a *group*: the titles with one set of stems);
2. the same main title with another subtitle (a *head*: the titles with one
   main title, and those whose whole title it is);
3. one title's stems some of the other's, the rest light on this site;
4. the same stems once each drops a word or two (a *bucket*: the titles with
   one set of stems left after dropping).

Ways 1, 2 and 4 do not weigh words: each proposes the pairs of a source (a
group, a head, a bucket) that depends on its members alone, and judges a pair
by its two titles alone.  So the index keeps, for each of these ways, the pairs
judged near-duplicates with how many sources propose them; an edit works out
the members of the sources its titles leave or join, before and after, and
judges only the pairs that are new, or whose titles changed.  Way 3 weighs words
by how many titles have them (`log(1 + n / df)`), which moves with every title
of the site: the index keeps the pairs a wider search found at reference
weights, checks them at the real weights, and searches afresh only the titles
whose words moved too far from those (see `NearTitles._subsets`).  The
similarity each finding shows is computed again only where a weight or a title
it depends on moved, and a file is re-judged only when what its finding shows
changed.

Whatever the updates that led to an index, it holds what an index built in one
go from the same titles holds: that is what makes `check_corpus` (one update
with every title) and an incremental run agree byte for byte.
"""

from __future__ import annotations

import heapq
import math
from bisect import insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, combinations
from typing import Any

from artlint.rules.titles import (
    _ADDS,
    _RELATED,
    _SAME_HEAD,
    _SAME_WORDS,
    _SUBSET,
    NearDuplicateTitle,
    TitleFact,
    _adds_words,
    _join,
    _pairs,
    _parts,
    _sequence,
    _series,
    _unjoin,
    title_lexicon,
)

Pair = tuple[str, str]
#: What a finding says of one other title: (minus the similarity, why).
Match = tuple[float, str]

#: Fewer changes than this are never many (see `NearTitles.update`).
BULK = 64
#: Titles whose words `NearTitles._judge` keeps read at once.
SEQUENCES = 4096

#: The ways that propose pairs from sources: group, head, bucket.
_GROUP, _HEAD, _BUCKET = 0, 1, 2
#: How much a subtitle word counts, by the way a pair matched.  Seen as "same
#: words", order does not matter: a subtitle counts in full.  Seen as "same main
#: title", a subtitle counts no more than a qualifier.  Otherwise a subtitle
#: counts half: it qualifies the main title.
_TAILS = {
    _SAME_WORDS: 1.0,
    _SAME_HEAD: NearDuplicateTitle.QUALIFIER,
    _SUBSET: NearDuplicateTitle.TAIL,
    _ADDS: NearDuplicateTitle.TAIL,
}


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard: the share of the two titles' weight they have in common.

    The sums are exact (`math.fsum`): words come out of a set in an order that
    changes with Python's string hashing, and a plain sum in that order would let
    two equally similar titles swap places from one run to the next.
    """
    lows: list[float] = []
    highs: list[float] = []
    get_a, get_b = a.get, b.get
    for k in a.keys() | b.keys():
        x, y = get_a(k, 0.0), get_b(k, 0.0)
        if y < x:
            x, y = y, x
        lows.append(x)
        highs.append(y)
    bottom = math.fsum(highs)
    return math.fsum(lows) / bottom if bottom else 0.0


def _head(fact: TitleFact) -> list[str]:
    """The main title's stems, in stem order."""
    core = _unjoin(fact.stems)
    if not fact.subtitle_stems:
        return core
    sub = set(_unjoin(fact.subtitle_stems))
    return [t for t in core if t not in sub]


def _words_of(fact: TitleFact) -> list[str]:
    """Every word a title's weight depends on (qualifiers marked by a NUL)."""
    quals = fact.qualifiers.split("|") if fact.qualifiers else []
    return [*_unjoin(fact.stems), *("\0" + q for q in quals)]


def _bucket_keys(stems: str) -> Iterator[str]:
    """The buckets a title is in: its stems with up to `MAX_ADDED` of them
    dropped, at least three left, for titles of three to eight stems."""
    words = _unjoin(stems)  # sorted, each once
    for lead in range(_leads(words)):
        yield from _keys_led_by(words, lead)


def _leads(words: Sequence[str]) -> int:
    """How many of a title's first stems can open one of its buckets (the ones
    before a bucket's first stem are dropped)."""
    if not 3 <= len(words) <= 8:
        return 0
    return min(NearDuplicateTitle.MAX_ADDED, len(words) - 3) + 1


def _keys_led_by(words: Sequence[str], lead: int) -> Iterator[str]:
    """The buckets of a title (its sorted stems `words`) whose first stem is
    `words[lead]`: the stems before it dropped, and up to `MAX_ADDED` in all."""
    rest = words[lead + 1 :]
    for more in range(NearDuplicateTitle.MAX_ADDED - lead + 1):
        if len(words) - lead - more < 3:
            break
        for kept in combinations(rest, len(rest) - more):
            yield " ".join((words[lead], *kept)) + " "  # `_join`: never empty


def _sources(fact: TitleFact, buckets: bool = True) -> Iterator[tuple[int, str]]:
    """The sources a title is a member of (or would be, were there others); its
    buckets unless `buckets` is False."""
    yield _GROUP, fact.stems
    yield _HEAD, fact.stems  # its whole title is the main title of others
    if fact.subtitle_stems:
        head = _head(fact)
        if len(head) >= 2:
            yield _HEAD, _join(head)
    if buckets:
        for key in _bucket_keys(fact.stems):
            yield _BUCKET, key


class NearTitles:
    """TI003's corpus state: the titles, their groups, heads and bucket postings,
    the pairs each way found, and every title's matches as its finding shows them.
    """

    def __init__(self, threshold: float, lexicon: str) -> None:
        self.threshold = threshold
        self.lexicon = lexicon
        #: The titles with stems (the others are in no pair).
        self.facts: dict[str, TitleFact] = {}
        #: How many titles have each stem (and each qualifier, marked by a NUL).
        self.df: Counter[str] = Counter()
        #: Titles by their stems, and titles with a subtitle by their main title
        #: (two stems at least), each list in path order.
        self.groups: dict[str, list[str]] = {}
        self.heads: dict[str, list[str]] = {}
        #: Titles by each of their words (as `df` counts them).
        self.postings: dict[str, set[str]] = {}
        #: Way 3's certificate (see `_subsets`): the site's size and counts the
        #: reference weights come from (None: to be made), and the pairs (subset,
        #: superset) that could be near-duplicates while weights stay near those.
        self.ref_n = 0
        self.ref_df: dict[str, int] | None = None
        self.near: set[Pair] = set()
        #: For groups, heads and buckets: each near-duplicate pair (in path order)
        #: with how many sources propose it.
        self.proposed: tuple[dict[Pair, int], dict[Pair, int], dict[Pair, int]] = ({}, {}, {})
        #: Every title's matches: the other title's path and what the finding says.
        self.matches: dict[str, dict[str, Match]] = {}

    # ----------------------------------------------------------------- the titles

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        gone = {p: self.facts[p] for p in removed if p in self.facts}
        come = {p: f for p, f in added if isinstance(f, TitleFact) and f.stems}
        gone.update((p, self.facts[p]) for p in come if p in self.facts and p not in gone)
        changed = set(gone).union(come)
        if not changed:
            return set()
        size = len(self.facts)
        # Many changes (the first update): every bucket is listed, not looked up,
        # and way 3's reference is made again.
        bulk = len(changed) > max(BULK, size // 8)
        if bulk:
            self.ref_df = None
        groups: set[str] = set()
        heads: set[str] = set()
        buckets: set[str] | None = None if bulk else set()
        for fact in (*gone.values(), *come.values()):
            for way, key in _sources(fact, buckets is not None):
                (groups, heads, buckets)[way].add(key)  # type: ignore[union-attr]
        sources = (groups, heads, buckets)
        before = dict(self._proposals(sources)) if self.facts else {}
        for path, fact in gone.items():
            self._forget(path, fact)
        for path, fact in sorted(come.items()):
            self._take(path, fact)
        self._propose(before, self._proposals(sources), changed)
        moved: set[str] | None = None  # the number of titles moves every weight
        if len(self.facts) == size:
            moved = {w for f in (*gone.values(), *come.values()) for w in _words_of(f)}
        return self._rematch(changed, moved)

    def _forget(self, path: str, fact: TitleFact) -> None:
        del self.facts[path]
        self.df.subtract(_words_of(fact))
        for word in _words_of(fact):
            if not self.df[word]:
                del self.df[word]
        _leave(self.groups, fact.stems, path)
        head = _head(fact)
        if fact.subtitle_stems and len(head) >= 2:
            _leave(self.heads, _join(head), path)
        for word in _words_of(fact):
            posting = self.postings[word]
            posting.discard(path)
            if not posting:
                del self.postings[word]

    def _take(self, path: str, fact: TitleFact) -> None:
        self.facts[path] = fact
        self.df.update(_words_of(fact))
        _join_group(self.groups, fact.stems, path)
        head = _head(fact)
        if fact.subtitle_stems and len(head) >= 2:
            _join_group(self.heads, _join(head), path)
        for word in _words_of(fact):
            self.postings.setdefault(word, set()).add(path)

    # ----------------------------------------------------------------- ways 1, 2, 4

    def _proposals(
        self, sources: tuple[set[str], set[str], set[str] | None]
    ) -> Iterator[tuple[tuple[int, str], set[Pair]]]:
        """The pairs each source proposes, by (way, key) (for buckets None: every
        bucket), for the sources that propose some, made a source at a time."""
        in_groups, in_heads, in_buckets = sources
        members: Iterable[tuple[int, str, Sequence[str]]] = chain(
            ((_GROUP, k, self.groups.get(k, ())) for k in in_groups),
            (
                (_HEAD, k, sorted({*self.heads[k], *self.groups.get(k, ())}))
                for k in in_heads
                if k in self.heads
            ),
            ((_BUCKET, k, m) for k, m in self._bucket_members(in_buckets)),
        )
        for way, key, group in members:
            if len(group) >= 2:
                pairs = self._candidates(way, key, group)
                if pairs:
                    yield (way, key), pairs

    def _bucket_members(self, keys: set[str] | None) -> Iterator[tuple[str, list[str]]]:
        """The titles in each bucket of `keys`, found through the postings of the
        bucket's stems: the few buckets of an edit.  None: every bucket with a
        title (the first update), listed a first stem at a time, so that a large
        site's buckets are never all held at once."""
        if keys is None:
            yield from self._every_bucket()
            return
        most = NearDuplicateTitle.MAX_ADDED
        for key in keys:
            words = _unjoin(key)
            sets = [self.postings.get(w) for w in words]
            if not all(sets):
                yield key, []
                continue
            found = set.intersection(*sorted((s for s in sets if s), key=len))
            yield (
                key,
                sorted(
                    p
                    for p in found
                    if 3 <= self.facts[p].stems.count(" ") <= min(8, len(words) + most)
                ),
            )

    def _every_bucket(self) -> Iterator[tuple[str, list[str]]]:
        led: dict[str, list[tuple[str, int]]] = {}
        for path, fact in self.facts.items():
            words = _unjoin(fact.stems)
            for lead in range(_leads(words)):
                led.setdefault(words[lead], []).append((path, lead))
        for first in sorted(led):
            every: dict[str, list[str]] = {}
            for path, lead in led.pop(first):
                for key in _keys_led_by(_unjoin(self.facts[path].stems), lead):
                    every.setdefault(key, []).append(path)
            for key, members in every.items():
                members.sort()
                yield key, members

    def _candidates(self, way: int, key: str, members: Sequence[str]) -> set[Pair]:
        if len(members) < 2:
            return set()
        if way != _BUCKET:
            return set(_pairs(members))
        if not 2 <= len(members) <= NearDuplicateTitle.MAX_BUCKET or self._series_slot(
            key, members
        ):
            return set()
        return set(combinations(members, 2))

    def _series_slot(self, key: str, members: Sequence[str]) -> bool:
        """Do several titles add different words to one title that has exactly the
        stems `key` ("Top [Welding|Plumbing] Schools Near Me")?  Then the words fill
        a slot the site uses for subjects: a series and its overview."""
        facts = self.facts
        if not any(facts[p].stems == key for p in members):
            return False
        have = set(_unjoin(key))
        extras = {frozenset(_unjoin(facts[p].stems)) - have for p in members}
        extras.discard(frozenset())
        return len(extras) >= 2

    def _propose(
        self,
        before: dict[tuple[int, str], set[Pair]],
        after: Iterable[tuple[tuple[int, str], set[Pair]]],
        changed: set[str],
    ) -> None:
        """Move the proposed pairs from what the sources proposed `before` to what
        they propose `after` (read once, a source at a time: on a site's first
        update that is every bucket, too many to hold at once).

        A pair is counted once per source that proposes it while it is judged a
        near-duplicate, which depends on its two titles alone.  So every pair of
        `before` is taken out first (a pair without a changed title was counted
        exactly when it is near: that is remembered, not judged again), then
        every pair of `after` is counted in if near."""
        judged: tuple[dict[Pair, bool], ...] = ({}, {}, {})
        for (way, _), pairs in before.items():
            counts, memo = self.proposed[way], judged[way]
            for pq in pairs:
                count = counts.get(pq)
                if pq not in memo and pq[0] not in changed and pq[1] not in changed:
                    memo[pq] = count is not None
                if count is None:
                    continue
                if count > 1:
                    counts[pq] = count - 1
                else:
                    del counts[pq]
        judge = self._judge()
        for (way, _), pairs in after:
            counts, memo = self.proposed[way], judged[way]
            # A title sits in one group and one head, so those propose a pair
            # about once; only buckets overlap much, and only their verdicts are
            # kept for the sources still to come: a large site's heads propose
            # millions of pairs, and held, they were its first update's peak.
            keep = way == _BUCKET
            for pq in pairs:
                near = memo.get(pq)
                if near is None:
                    near = judge(way, *pq)
                    if keep:
                        memo[pq] = near
                if near:
                    counts[pq] = counts.get(pq, 0) + 1

    def _judge(self) -> Callable[[int, str, str], bool]:
        """Whether a pair a source proposes is a near-duplicate: a function of
        the two titles alone.  Each title's words are read once while its
        sources come by (they come a first stem at a time): kept for every
        title, they would be a large site's first update's largest holder."""
        facts, lex = self.facts, title_lexicon(self.lexicon)

        @lru_cache(maxsize=SEQUENCES)
        def sequence(path: str) -> list[tuple[int, str, str]]:
            return _sequence(facts[path], lex)

        def judge(way: int, x: str, y: str) -> bool:
            a, b = facts[x], facts[y]
            if a.key == b.key:
                return False  # exact duplicates are TI002's
            if way == _GROUP:
                return not _parts(a.title, b.title, lex)
            if way == _HEAD:
                ta, tb = set(_unjoin(a.subtitle_stems)), set(_unjoin(b.subtitle_stems))
                return not _series(ta, tb, a.framed, b.framed)
            return _adds_words(a, sequence(x), b, sequence(y), lex, NearDuplicateTitle.MAX_ADDED)

        return judge

    # ----------------------------------------------------------------- weighing

    def _rematch(self, changed: set[str], moved: set[str] | None) -> set[str]:
        """Find way 3's pairs, credit every pair to its first way, and return the
        titles whose finding reads differently now (beside the changed ones).

        `moved`: the words whose weight may have moved, or None when all may (the
        number of titles changed); a similarity whose titles and words stayed as
        they were is kept as it was."""
        facts, n = self.facts, len(self.facts)
        weights = {t: math.log(1.0 + n / c) for t, c in self.df.items()}
        views: dict[tuple[str, float], dict[str, float]] = {}

        def view(path: str, tail: float) -> dict[str, float]:
            out = views.get((path, tail))
            if out is None:
                out = views[path, tail] = _view(facts[path], weights, tail)
            return out

        kept: dict[str, bool] = {}

        def steady(path: str) -> bool:
            """Are the title and the weights of its words as they were?"""
            same = kept.get(path)
            if same is None:
                same = kept[path] = (
                    moved is not None
                    and path not in changed
                    and moved.isdisjoint(_words_of(facts[path]))
                )
            return same

        last = self.matches
        matches: dict[str, dict[str, Match]] = {}

        def credit(pq: Pair, why: str, minus: float | None = None) -> None:
            x, y = pq
            mine = matches.setdefault(x, {})
            if y in mine:
                return  # an earlier way found it
            if minus is None:
                was = last.get(x, {}).get(y)
                if was is not None and was[1] == why and steady(x) and steady(y):
                    minus = was[0]
                else:
                    minus = -similarity(view(x, _TAILS[why]), view(y, _TAILS[why]))
            mine[y] = matches.setdefault(y, {})[x] = (minus, why)

        groups, heads, buckets = self.proposed
        subsets = self._subsets(weights, view, changed)
        for pq in groups:
            credit(pq, _SAME_WORDS)
        for pq in heads:
            credit(pq, _SAME_HEAD)
        for pq, minus in subsets.items():
            credit(pq, _SUBSET, minus)
        for pq in buckets:
            credit(pq, _ADDS)
        self.matches = {p: m for p, m in matches.items() if m}
        return _reworded(last, self.matches, changed)

    def _subsets(
        self,
        weights: dict[str, float],
        view: Callable[[str, float], dict[str, float]],
        changed: set[str],
    ) -> dict[Pair, float]:
        """Way 3's pairs that no group or head found, with minus their similarity.

        Searching every title's subsets costs about as much as the rest of an
        edit, and its weights move with every title, so the search runs against
        reference weights instead, with a wider budget (`DRIFT`): the pairs it
        finds (`near`) hold every pair that can be similar enough while no word
        of the longer title weighs more than `DRIFT` times its reference weight
        or less than its reference over `DRIFT` (a similarity bound: see
        `_droppable`).  Each update then checks those pairs at the real weights,
        and searches afresh, at the real weights, only the titles with a word
        that moved further (or became common or rare, or is new): the titles
        sharing a changed title's rare words.  A change of the site's size moves
        every weight by less than the change's ratio, so the reference stays
        good while the site grows or shrinks by less than `DRIFT`; past that, or
        with many titles to search afresh, the reference is made again."""
        groups, heads, _ = self.proposed
        facts, threshold = self.facts, self.threshold
        common = {t for t, c in self.df.items() if c > NearDuplicateTitle.MAX_CANDIDATES}
        subsets: dict[Pair, float] = {}

        def compare(i: str, j: str) -> None:
            """Title i has some of title j's words and no other (j has more)."""
            pq = (i, j) if i < j else (j, i)
            if pq in groups or pq in heads or pq in subsets:
                return
            core = _unjoin(facts[i].stems)
            if len(core) < 2 or (common and common.issuperset(core)):
                return  # only words found everywhere: nothing to tell the title apart by
            a, b = view(i, NearDuplicateTitle.TAIL), view(j, NearDuplicateTitle.TAIL)
            if sum(a.values()) < threshold * sum(b.values()):
                return
            sim = similarity(a, b)
            if sim >= threshold and facts[i].key != facts[j].key:
                subsets[pq] = -sim

        hot = self._drifted(weights)
        if hot is None:
            self._certify(list(facts), weights.__getitem__, changed=None)
            hot = set()
        else:
            self._certify(sorted(changed.intersection(facts)), self._reference(), changed)
        for i, j in self.near:
            if j not in hot:
                compare(i, j)
        share = 1.0 - threshold + 1e-9  # the margin covers rounding in the sums
        for i, j in self._subset_pairs(sorted(hot), weights.__getitem__, share):
            compare(i, j)
        return subsets

    def _reference(self) -> Callable[[str], float]:
        """The reference weight of a word (KeyError: it has none)."""
        n, df = self.ref_n, self.ref_df
        assert df is not None
        memo: dict[str, float] = {}

        def weigh(t: str) -> float:
            w = memo.get(t)
            if w is None:
                w = memo[t] = math.log(1.0 + n / df[t])
            return w

        return weigh

    def _drifted(self, weights: dict[str, float]) -> set[str] | None:
        """The titles with a word whose weight moved too far from its reference,
        or None when the reference is to be made again."""
        df, n = self.ref_df, self.ref_n
        if df is None:
            return None
        most = NearDuplicateTitle.MAX_CANDIDATES
        hot: set[str] = set()
        for t, c in self.df.items():
            was = df.get(t)
            if was is not None and (c > most) == (was > most):
                ratio = weights[t] / math.log(1.0 + n / was)
                if 1.0 / DRIFT < ratio < DRIFT:
                    continue
            hot.update(self.postings[t])
            if len(hot) > max(64, len(self.facts) // 16):
                return None
        return hot

    def _certify(
        self, paths: list[str], weigh: Callable[[str], float], changed: set[str] | None
    ) -> None:
        """Make `near` again from the reference weights `weigh` (`changed` None:
        for every title, taking the current weights as the new reference), or
        for the changed titles alone, as the subset and as the superset."""
        share = DRIFT * DRIFT * (1.0 - self.threshold) * (1.0 + 1e-6) + 1e-9
        if changed is None:
            self.ref_n, self.ref_df = len(self.facts), dict(self.df)
            self.near = set(self._subset_pairs(paths, weigh, share))
            return
        near = {pq for pq in self.near if pq[0] not in changed and pq[1] not in changed}
        known = [p for p in paths if _weighable(self.facts[p], weigh)]
        near.update(self._subset_pairs(known, weigh, share))
        for i in paths:
            for j in self._supersets(i):
                if _weighable(self.facts[j], weigh) and _light_rest(
                    self.facts[j], self.facts[i], weigh, share
                ):
                    near.add((i, j))
        self.near = near

    def _supersets(self, i: str) -> set[str]:
        """The titles with every stem of title i and more."""
        core = _unjoin(self.facts[i].stems)
        if len(core) < 2:
            return set()
        sets = sorted((self.postings[t] for t in core), key=len)
        size = len(core)
        return {j for j in sets[0].intersection(*sets[1:]) if self.facts[j].stems.count(" ") > size}

    def _subset_pairs(
        self, paths: Sequence[str], weigh: Callable[[str], float], share: float
    ) -> Iterator[Pair]:
        """(i, j) for each title j of `paths` and each title i with some of j's
        stems and no other, such that j's other stems weigh at most `share` of
        j's total: j drops the sets of its words it could lose and looks up the
        titles that have exactly the words left.  Usually none or a couple can
        go; a title with more than `MAX_DROPPABLE` that could is matched with
        every title whose words are all among its own (`_crowded`)."""
        groups, facts = self.groups, self.facts
        crowded: list[str] = []
        for j in paths:
            fact = facts[j]
            core = _unjoin(fact.stems)
            if len(core) < 3:
                continue  # i needs two words, and fewer than j
            drops = _drop_sets(*_droppable(fact, core, weigh, share))
            if drops is None:
                crowded.append(j)
                continue
            for gone in drops:
                for i in groups.get(_join(t for t in core if t not in gone), ()):
                    yield i, j
        yield from self._crowded(crowded)

    def _crowded(self, crowded: Sequence[str]) -> Iterator[Pair]:
        """Every title whose words are all among those of a title of `crowded`
        (and fewer), found through those titles' postings."""
        if not crowded:
            return
        postings: dict[str, set[str]] = {}
        for j in crowded:
            for t in _unjoin(self.facts[j].stems):
                postings.setdefault(t, set()).add(j)
        for stems, members in self.groups.items():
            core = _unjoin(stems)
            sets = [postings.get(t) for t in core]
            found = [s for s in sets if s]
            if len(found) < len(sets) or len(core) < 2:
                continue
            for j in min(found, key=len).intersection(*found):
                if self.facts[j].stems.count(" ") > len(core):
                    for i in members:
                        yield i, j

    def finding_of(self, path: str) -> tuple[TitleFact, list[tuple[float, str, str]], int] | None:
        """(the title, the closest matches, how many) for `path`'s finding."""
        found = self.matches.get(path)
        if not found:
            return None
        return self.facts[path], ranked(found), len(found)


def _reworded(
    last: dict[str, dict[str, Match]], now: dict[str, dict[str, Match]], changed: set[str]
) -> set[str]:
    """The titles whose finding reads differently with matches `now` than with
    `last`: other matches shown, other similarities, another count, or one of
    the titles it names changed."""
    out = set()
    for path in set(last).union(now):
        was, found = last.get(path, {}), now.get(path, {})
        if was == found and changed.isdisjoint(found):
            continue
        shown, before = _shown(found), _shown(was)
        if shown != before or any(p in changed for _, p, _ in shown[0]):
            out.add(path)
    return out


def _shown(found: dict[str, Match]) -> tuple[list[tuple[str, str, str]], int]:
    """What a finding says of its matches: the closest, their similarity as
    shown, and how many there are."""
    return [(similar(m), p, why) for m, p, why in ranked(found)], len(found)


def similar(minus: float) -> str:
    """A similarity as a finding shows it."""
    return f"{-minus:.0%}"


def ranked(found: dict[str, Match]) -> list[tuple[float, str, str]]:
    """The matches a finding names: the closest first, then in path order."""
    return heapq.nsmallest(_RELATED, ((m, p, why) for p, (m, why) in found.items()))


def _view(fact: TitleFact, weight: dict[str, float], tail: float) -> dict[str, float]:
    """A title as weighted words, its subtitle words scaled by `tail`, its qualifiers
    by `QUALIFIER`."""
    qualifier = NearDuplicateTitle.QUALIFIER
    out = {t: weight[t] for t in _head(fact)}
    for t in _unjoin(fact.subtitle_stems):
        out.setdefault(t, tail * weight[t])
    for q in fact.qualifiers.split("|") if fact.qualifiers else ():
        out["\0" + q] = qualifier * weight["\0" + q]
    return out


def _leave(index: dict[str, list[str]], key: str, path: str) -> None:
    members = index[key]
    members.remove(path)
    if not members:
        del index[key]


def _join_group(index: dict[str, list[str]], key: str, path: str) -> None:
    members = index.get(key)
    if members is None:
        index[key] = [path]
    elif path > members[-1]:
        members.append(path)  # titles come in path order: the usual case
    else:
        insort(members, path)


# --------------------------------------------------------------------------- way 3

#: How far a word's weight may move from its reference before the titles with it
#: are searched afresh (see `NearTitles._subsets`).
DRIFT = 1.02


def _weighable(fact: TitleFact, weigh: Callable[[str], float]) -> bool:
    """Has every word of the title a weight under `weigh`?"""
    try:
        for word in _words_of(fact):
            weigh(word)
    except KeyError:
        return False
    return True


def _light_rest(
    longer: TitleFact, shorter: TitleFact, weigh: Callable[[str], float], share: float
) -> bool:
    """Do the stems of `longer` that `shorter` lacks weigh at most `share` of
    `longer`'s total (as `_droppable` weighs them)?"""
    core = _unjoin(longer.stems)
    droppable, budget = _droppable(longer, core, weigh, share)
    light = {t: w for w, t in droppable}
    have = set(_unjoin(shorter.stems))
    gone = [t for t in core if t not in have]
    return all(t in light for t in gone) and sum(light[t] for t in gone) <= budget


def _drop_sets(droppable: list[tuple[float, str]], budget: float) -> list[tuple[str, ...]] | None:
    """Every set of the droppable words within the budget; None when there are
    more than `MAX_DROPPABLE` to try."""
    if len(droppable) < 2 or droppable[0][0] + droppable[1][0] > budget:
        return [(t,) for _, t in droppable]  # one word at a time: the usual case
    if len(droppable) > NearDuplicateTitle.MAX_DROPPABLE:
        return None
    drops: list[tuple[float, tuple[str, ...]]] = [(0.0, ())]
    for w, t in droppable:
        drops += [(s + w, (*gone, t)) for s, gone in drops if s + w <= budget]
    return [gone for _, gone in drops[1:]]


def _droppable(
    fact: TitleFact, core: Sequence[str], weigh: Callable[[str], float], share: float
) -> tuple[list[tuple[float, str]], float]:
    """The words of a title it could lose and still be similar, as (weight, stem)
    lightest first, and the weight it can lose: `share` of its total.

    Whatever else a shorter title shares with this one, their similarity is at
    most 1 - lost / total in this title's weights, so with `share` = 1 -
    threshold only these words can go.  Were every weight of this title
    multiplied by a factor between 1 / DRIFT and DRIFT, lost / total would move
    by DRIFT² at most: a shorter title losing more than DRIFT² (1 - threshold)
    here cannot reach the threshold at such weights either."""
    weights = list(map(weigh, core))
    if fact.subtitle_stems:
        sub = set(_unjoin(fact.subtitle_stems))
        tail = NearDuplicateTitle.TAIL
        weights = [tail * w if t in sub else w for w, t in zip(weights, core, strict=True)]
    budget = sum(weights)
    if fact.qualifiers:
        qualifier = NearDuplicateTitle.QUALIFIER
        budget += sum(qualifier * weigh("\0" + q) for q in fact.qualifiers.split("|"))
    budget *= share
    if min(weights) > budget:
        return [], budget
    return sorted((w, t) for w, t in zip(weights, core, strict=True) if w <= budget), budget


def _subsets_of_crowded(
    titles: NearTitles,
    cores: dict[str, tuple[str, ...]],
    crowded: Sequence[str],
    eligible: Callable[[Sequence[str]], bool],
    compare: Callable[[str, str], None],
) -> None:
    """`_subset_search` for the titles with many light words (long titles, or a low
    threshold): every title whose words are all among theirs, found through the
    words' postings, which only these titles are in."""
    if not crowded:
        return
    postings: dict[str, set[str]] = {}
    for j in crowded:
        for t in cores[titles.facts[j].stems]:
            postings.setdefault(t, set()).add(j)
    for stems, core in cores.items():
        if not eligible(core):
            continue
        sets = [postings.get(t) for t in core]
        found = [s for s in sets if s]
        if len(found) < len(sets):
            continue
        for j in min(found, key=len).intersection(*found):
            if len(cores[titles.facts[j].stems]) > len(core):
                for i in titles.groups[stems]:
                    compare(i, j)
