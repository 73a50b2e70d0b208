"""ST: structure — category boilerplate, one-sided pros/cons, empty sections, shared lines."""

from __future__ import annotations

import hashlib
import re
import struct
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice
from typing import Any, ClassVar, NamedTuple

from artlint import edits
from artlint import lexicon as lexicon_data
from artlint.article import Article, Heading, HeadingKind
from artlint.language import polarity, wordpass
from artlint.language.words import normalise, normalise_plain
from artlint.model import Finding, Location, Related
from artlint.options import Option
from artlint.rule import CorpusRule, Options, Rule, full_findings

#: Only a section named by the bare word is a pros (cons) list; "Benefits of Remote
#: Work" is an essay section, and one without drawbacks is fine.  "Benefits" and
#: "Perks" alone usually list an employer's benefits, so they never make a section
#: one-sided, though they do count as the other side of a "Drawbacks" section.
_BARE = {
    polarity.PROS: frozenset(lexicon_data.words("english", "bare_pros_headings")),
    polarity.CONS: frozenset(lexicon_data.words("english", "bare_cons_headings")),
}
_SECTION_HEADS = frozenset({HeadingKind.ATX, HeadingKind.SETEXT, HeadingKind.LABEL})


def _nonblank(article: Article) -> list[tuple[int, str]]:
    """(line number, stripped text) of each non-blank line that starts in the body."""
    first = bisect_left(article.index.starts, article.body_start)
    lines = wordpass.of(article).lines
    return [(i + 1, text) for i in range(first, len(lines)) if (text := lines[i].strip())]


class CategoryLabel(Rule):
    code = "ST001"
    name = "category-boilerplate"
    summary = "A category label stands alone at the top and again at the end"
    fixable = True
    options: ClassVar[Mapping[str, Option]] = {"max-words": Option(5), "top-lines": Option(4)}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lines = _nonblank(article)
        if len(lines) < 4:
            return
        last_no, last = lines[-1]
        if len(last.split()) > options["max-words"] or last.endswith((".", "!", "?")):
            return
        if not _says_something(last):
            return  # `<br/>`, `&nbsp;`, `</div>`: markup, never a category
        title = article.title
        title_key = normalise(title.text) if title else ""
        source = wordpass.of(article).lines
        for n, text in lines[: options["top-lines"]]:
            if n != last_no and text == last and normalise(text) != title_key:
                start = article.index.offset(n) + source[n - 1].index(text)
                yield self.at(
                    article,
                    start,
                    start + len(text),
                    f"category label {text!r} stands alone here and again as the last "
                    "line; remove both (the site shows the category)",
                    related=[Related(article.line_location(last_no), "the same label")],
                    fix=edits.remove_label(
                        article,
                        start,
                        article.index.offset(last_no) + source[last_no - 1].index(last),
                    ),
                )
                return


_TAGS = re.compile(r"<[^<>\n]*>|&#?\w+;|\{\{[<%].*?[>%]\}\}|\{%.*?%\}")


def _says_something(line: str) -> bool:
    """Does a line hold a word once its HTML tags, entities and shortcodes go?"""
    return any(ch.isalnum() for ch in _TAGS.sub("", line))


class OneSidedProsCons(Rule):
    code = "ST003"
    name = "one-sided-pros-cons"
    summary = "A pros section without cons, or cons without pros"
    options: ClassVar[Mapping[str, Option]] = {"lexicon": Option("", names_file=True)}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        lex = polarity.lexicon(options["lexicon"])
        bare: dict[str, list[Heading]] = {polarity.PROS: [], polarity.CONS: []}
        any_side: dict[str, bool] = {polarity.PROS: False, polarity.CONS: False}
        for h in article.headings:
            if not h.is_section:
                continue
            text = normalise(h.text)
            side = polarity.side_of(text, lex)
            if side is None:
                continue
            any_side[side] = True
            if text.removeprefix("the ") in _BARE[side]:
                bare[side].append(h)
        for side, other in ((polarity.PROS, polarity.CONS), (polarity.CONS, polarity.PROS)):
            if bare[side] and not any_side[other]:
                h = bare[side][0]
                yield self.at(
                    article,
                    h.start,
                    h.end,
                    f"a {side} section with no {other} section; add the {other} or "
                    "rename the section",
                )


class EmptySection(Rule):
    code = "ST004"
    name = "empty-section"
    summary = "A heading followed directly by a heading of the same or a higher level"

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        heads = [h for h in article.headings if h.kind in _SECTION_HEADS or h.is_section]
        lines = wordpass.of(article).lines
        for i, h in enumerate(heads):
            if h.kind not in _SECTION_HEADS or _prose(h.text) or _image_only(h.raw):
                continue
            nxt = heads[i + 1] if i + 1 < len(heads) else None
            if nxt is not None and (nxt.level > h.level or _image_only(nxt.raw)):
                continue  # a subsection, or an image marked up as a heading: content
            last = h.line + (1 if h.kind is HeadingKind.SETEXT else 0)
            stop = nxt.line if nxt is not None else len(lines) + 1
            if any(lines[n - 1].strip() for n in range(last + 1, stop)):
                continue
            what = (
                "the next heading follows directly" if nxt is not None else "the article ends here"
            )
            yield self.at(
                article,
                h.start,
                h.end,
                f"section {h.text!r} is empty: {what}; write its content or remove the heading",
            )


def _image_only(raw: str) -> bool:
    """`## ![chart](chart.png)`: an image set as a heading is the section's content."""
    return bool(re.fullmatch(r"\s*(?:!\[[^\]]*\]\([^)]*\)\s*)+", raw))


def _prose(text: str) -> bool:
    """A "heading" that is a sentence or more (`#### Solution: when teams switch,
    email drops by 75%. ...`): emphasised prose, not a section waiting for text."""
    words = len(text.split())
    return words > 15 or (words > 6 and text.rstrip().endswith((".", "!")))


class IntroductionHeading(Rule):
    code = "ST005"
    name = "introduction-heading"
    summary = "The article opens with a heading that only says 'Introduction'"
    options: ClassVar[Mapping[str, Option]] = {"words": Option(["introduction", "intro"])}

    def check(self, article: Article, options: Options) -> Iterator[Finding]:
        title = article.title
        for h in article.headings:
            if h is title or h.kind is HeadingKind.TITLE:
                continue
            if h.kind not in (HeadingKind.ATX, HeadingKind.SETEXT):
                return
            if normalise(h.text) in {normalise(w) for w in options["words"]}:
                before = article.text[
                    article.body_start : h.mark_start if h.mark_start >= 0 else h.start
                ]
                if title is not None and title.start >= article.body_start:
                    before = before.replace(article.text[title.start : title.end], "")
                if not any(ch.isalnum() for ch in _strip_markup(before)):
                    yield self.at(
                        article,
                        h.start,
                        h.end,
                        f"the article opens with the heading {h.text!r}; the first "
                        "paragraphs introduce it anyway, so drop the heading (or "
                        "name what the section says)",
                    )
            return


def _strip_markup(text: str) -> str:
    """`text` without HTML comments and heading marks, to see if any prose is left."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"(?m)^\s*(#+|=+|-+)\s*$", "", text)


class BoilerplateLines(CorpusRule):
    code = "ST002"
    name = "boilerplate-lines"
    summary = "A line that recurs in many articles (navigation or template residue)"
    options: ClassVar[Mapping[str, Option]] = {
        "min-files": Option(5),
        "min-share": Option(0.3),
        "min-words": Option(3),
    }

    def fact(self, article: Article, options: Options) -> BlockFact:
        digests: dict[bytes, None] = {}  # a block said twice in a file is kept once
        spans: list[int] = []
        position = article.index.position
        for key, start, end in _blocks(article, options["min-words"]):
            digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
            if digest not in digests:
                digests[digest] = None
                spans += (*position(start), *position(end))
        return _pack(list(digests), spans)

    def check_corpus(self, facts: Sequence[tuple[str, Any]], options: Options) -> Iterator[Finding]:
        return full_findings(self, facts, options)

    def corpus_state(self, options: Options) -> Recurring:
        return Recurring(options["min-files"], options["min-share"])

    def state_findings(
        self, state: Recurring, facts: Mapping[str, Any], options: Options
    ) -> Iterator[Finding]:
        n, holders = len(state.facts), state.holders
        # The first holders of each block, located once: every holder names them.
        firsts: dict[int, list[Location]] = {}
        for path in facts:
            f = state.facts.get(path)
            if f is None or holders.keys().isdisjoint(digests := memoryview(f.digests).cast("Q")):
                continue
            spans = _spans(f)
            for k, digest in enumerate(digests):
                locs = holders.get(digest)
                if locs is None:
                    continue
                loc = Location(path, *spans[4 * k : 4 * k + 4])
                # Five other places are enough to show the pattern; scanning every
                # other copy for every copy would be quadratic in a site-wide line.
                known = firsts.get(digest)
                if known is None:
                    known = firsts[digest] = [state.location(p, digest) for p in locs[:6]]
                shown = [o for o in known if o.path != path][:5]
                first = known[0]
                what = "line" if first.line == first.end_line else "block"
                yield self.finding(
                    loc,
                    f"this {what} recurs in {len(locs)} of {n} articles; "
                    "remove template or navigation residue",
                    related=[Related(o, "the same block") for o in shown],
                )


#: Fewer changes than this are never many (see `Recurring.update`).
BULK = 64


class Recurring:
    """ST002's view of a site: how many files have each block, and, for the blocks
    in enough files to be boilerplate, which files (in path order).

    The threshold grows with the site (`min-share`), so a file added or removed
    can make a block frequent or not; every file quoting a frequent block names
    the site's size, so a change of size re-judges them all (few: they are the
    template's lines, not the articles' own).

    Nearly every block of a site is held by one file, so the counts are not a
    Counter (about ten times the memory of the digests themselves, and the
    largest thing a large site's cold run held): every digest held, once per
    file, sorted as of the last rebuild, plus a Counter of the changes since.
    Only the digests in at least `min-files` files (`common`) can ever be
    boilerplate, so a change of threshold looks at those alone.
    """

    def __init__(self, min_files: int, min_share: float) -> None:
        self.min_files = min_files
        self.min_share = min_share
        self.facts: dict[str, BlockFact] = {}
        self.settled = array("Q")
        self.delta: Counter[int] = Counter()
        self.common: set[int] = set()
        self.holders: dict[int, list[str]] = {}
        self.need = min_files

    def count(self, digest: int) -> int:
        settled = self.settled
        start = bisect_left(settled, digest)
        held = bisect_right(settled, digest, start) - start
        return held + self.delta.get(digest, 0)

    def location(self, path: str, digest: int) -> Location:
        f = self.facts[path]
        k = memoryview(f.digests).cast("Q").tolist().index(digest)
        return Location(path, *_spans(f)[4 * k : 4 * k + 4])

    def update(self, removed: Iterable[str], added: Iterable[tuple[str, Any]]) -> set[str]:
        size = len(self.facts)
        gone = [p for p in dict.fromkeys(removed) if p in self.facts]
        fresh = list(added)
        # Many changes (a cold run's one update): sort every digest again rather
        # than count each change.
        bulk = len(gone) + len(fresh) > max(BULK, size // 8)
        moved = self._remove(gone, bulk)
        moved.update(self._add(fresh, bulk))
        delta = self.delta
        for digest in [d for d in moved if not delta[d]]:  # a removal undone by an addition
            del delta[digest]
        if bulk or len(self.delta) > max(BULK, len(self.settled) // 8):
            self._settle()
            touched = self.common | self.holders.keys()
        else:
            for digest in moved:
                if self.count(digest) >= self.min_files:
                    self.common.add(digest)
                else:
                    self.common.discard(digest)
            touched = moved.intersection(self.common) | moved.intersection(self.holders)
        need = max(self.min_files, int(self.min_share * len(self.facts)))
        if need != self.need:
            self.need, touched = need, self.common | self.holders.keys()
        dirty = self._judge(touched)
        if len(self.facts) != size:  # the size of the site is in every message
            for paths in self.holders.values():
                dirty.update(paths)
        return dirty

    def _settle(self) -> None:
        """Sort every digest held again, and find the common ones: in a sorted
        run, a digest at i held `min-files` times is also at i + min-files - 1."""
        joined = memoryview(b"".join([f.digests for f in self.facts.values()])).cast("Q")
        self.settled = settled = array("Q", sorted(joined))
        self.delta.clear()
        later = islice(settled, max(self.min_files, 1) - 1, None)
        self.common = set(compress(settled, map(int.__eq__, settled, later)))

    def _remove(self, removed: Iterable[str], bulk: bool) -> set[int]:
        """Forget files; the blocks whose counts moved (none listed in `bulk`)."""
        facts, delta, holders = self.facts, self.delta, self.holders
        moved: set[int] = set()
        for path in removed:
            digests = memoryview(facts.pop(path).digests).cast("Q")
            for digest in digests:
                if digest in holders:
                    holders[digest].remove(path)
            if not bulk:
                delta.subtract(digests)
                moved.update(digests)
        return moved

    def _add(self, added: Sequence[tuple[str, Any]], bulk: bool) -> set[int]:
        """Count new files in; the blocks whose counts moved (none listed in `bulk`)."""
        facts, delta, holders = self.facts, self.delta, self.holders
        moved: set[int] = set()
        for path, f in added:
            facts[path] = f
            digests = memoryview(f.digests).cast("Q")
            if holders:
                for digest in digests:
                    if digest in holders:
                        insort(holders[digest], path)
            if not bulk:
                delta.update(digests)
                moved.update(digests)
        return moved

    def _judge(self, touched: set[int]) -> set[str]:
        """Blocks in `touched` that became or stopped being boilerplate, with every
        file holding one: the files whose findings may read differently."""
        holders, need, count = self.holders, self.need, self.count
        dirty: set[str] = set()
        for digest in touched.intersection(holders):
            if count(digest) < need:
                dirty.update(holders.pop(digest))
            else:
                dirty.update(holders[digest])
        became = {d for d in touched.difference(holders) if count(d) >= need}
        if became:
            for path, f in self.facts.items():
                if not became.isdisjoint(digests := memoryview(f.digests).cast("Q")):
                    for digest in became.intersection(digests):
                        holders.setdefault(digest, []).append(path)
            for digest in became:
                holders[digest].sort()
                dirty.update(holders[digest])
        return dirty


#: A line of nothing but HTML tags and entities, long enough to be a template's
#: (`<div class="related-posts">`), not a lone `<br>` or `</div>`.  Comments
#: (`<!--more-->`, an excerpt marker) are the writer's.
_MARKUP_LINE = re.compile(r"[ \t]*(?:(?:</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>|&#?\w+;)[ \t]*)+")
_MARKUP_MIN = 12
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")


def _blocks(article: Article, min_words: int) -> Iterator[tuple[str, int, int]]:
    """(compare key, start, end) of each block that could recur across a site: a
    paragraph (at all its lines), a whole list ("Related articles" links), a line
    of template markup."""
    body = article.body_start
    words = wordpass.of(article)
    for b, seen in zip(article.blocks, words.plain_blocks(), strict=True):
        if b.start >= body:
            key = normalise_plain(seen)
            if len(key.split()) >= min_words:
                yield key, b.start, max(b.end, b.start + len(b.text))
    text = article.text
    for found in article.lists:
        items = found.items
        if found.depth != 1 or len(items) < 2 or items[0].start < body:
            continue
        names = []
        for item in items:
            stop = text.find("\n", item.text_start)
            names.append(normalise(text[item.text_start : len(text) if stop == -1 else stop]))
        key = "\n".join(names)
        if len(key.split()) >= min_words:
            last = text.find("\n", items[-1].text_start)
            yield "list:" + key, items[0].start, len(text) if last == -1 else last
    if "<" not in text and "&" not in text:
        return  # no line of template markup: no tag, no entity
    fenced = False
    start = body
    for line in words.body_lines():
        end = start + len(line)
        if _FENCE.match(line):
            fenced = not fenced
        elif (
            not fenced
            and ("<" in line or "&" in line)
            and len(line.strip()) >= _MARKUP_MIN
            and _MARKUP_LINE.fullmatch(line)
        ):
            lead = len(line) - len(line.lstrip())
            yield "markup:" + " ".join(line.split()), start + lead, end
        start = end + 1


# ST002's fact is kept for every file of a site and cached, so it is packed: () for
# a file without a line that could recur, else (the lines' 8-byte digests, their
# (line, column, end line, end column) in two bytes each when every number fits,
# else in four).


class BlockFact(NamedTuple):
    """ST002's fact, packed small as a site holds one per article: each block's 8-byte
    digest, end to end, and its four-number span, as 16- or 32-bit integers."""

    digests: bytes = b""
    spans: bytes = b""


def _pack(digests: Sequence[bytes], spans: Sequence[int]) -> BlockFact:
    if not digests:
        return BlockFact()
    width = "H" if max(spans) < 1 << 16 else "I"
    return BlockFact(b"".join(digests), struct.pack(f"<{len(spans)}{width}", *spans))


def _spans(fact: BlockFact) -> tuple[int, ...]:
    digests, spans = fact
    count = len(digests) // 2  # four numbers per line
    return struct.unpack(f"<{count}{'H' if len(spans) == 2 * count else 'I'}", spans)


RULES = (CategoryLabel, BoilerplateLines, OneSidedProsCons, EmptySection, IntroductionHeading)
