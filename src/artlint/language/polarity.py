"""What a pro or con item is about, and which way it leans.

An item's name is reduced to a topic (its head word with the words that narrow
it, stemmed, generic words dropped, synonyms merged) and a lean (a negator such
as "limited" or "lack of", or one end of an antonym pair such as high/low).  Two
items contradict when their topics agree and their leans differ.  A whole-sentence
item ("Crowdsourcing can be costly") is reduced to its subject and the antonyms
of its predicate instead.

All the English here comes from `rules/lexicon/polarity.yaml`, which a house can
extend; the code only knows how to read a short phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from artlint import lexicon as lexicon_data
from artlint.article import plain
from artlint.language.words import normalise, stem, tokens

PROS = "pros"
CONS = "cons"

#: A marker is (antonym entry index, +1 or -1).
Marker = tuple[int, int]


class _Memo:
    """Per-lexicon caches of pure functions of a text, each emptied when full.

    LIMIT bounds the caches of short texts (labels, headings): a few MB at most.
    Explanations are longer and rarely recur beyond one article, so CLAUSE_LIMIT
    keeps only enough of them for the article at hand.
    """

    __slots__ = ("clauses", "meanings", "sides", "subjects")
    LIMIT = 4096
    CLAUSE_LIMIT = 256

    def __init__(self) -> None:
        self.meanings: dict[str, ItemMeaning] = {}
        self.sides: dict[str, str | None] = {}
        self.subjects: dict[str, frozenset[str]] = {}
        #: Explanations read clause by clause (`_clauses`): each is read against
        #: every item of the other side; few recur across articles.
        self.clauses: dict[str, tuple[_Clause, ...]] = {}


_T = TypeVar("_T")


def _remembered(
    memo: dict[str, _T],
    text: str,
    compute: Callable[[str, Polarity], _T],
    lex: Polarity,
    limit: int | None = None,
) -> _T:
    """`compute(text, lex)` through `memo`, which is emptied when it holds `limit`
    entries (`_Memo.LIMIT` unless given)."""
    try:
        return memo[text]
    except KeyError:
        pass
    if len(memo) >= (_Memo.LIMIT if limit is None else limit):
        memo.clear()
    value = memo[text] = compute(text, lex)
    return value


@dataclass(frozen=True)
class Polarity:
    """The lexicon, compiled: phrases as token tuples, words as stems where useful."""

    pros_headings: tuple[str, ...]
    cons_headings: tuple[str, ...]
    negators: frozenset[str]
    text_negators: tuple[tuple[str, ...], ...]
    markers: dict[tuple[str, ...], Marker]  # phrase -> (entry, pole)
    positive_words: frozenset[str]  # single positive words, for un-/in- prefixes
    positive_stems: dict[str, str]  # their stems -> the word
    longest_marker: int
    topics: dict[str, str]  # stem -> topic name
    generic: frozenset[str]  # stems
    vague: frozenset[str]  # stems
    sentence_verbs: frozenset[str]
    stopwords: frozenset[str]
    #: Words that deny the verb after "to": "Fail to Find Clients", "Hard to Switch Off".
    failure_verbs: frozenset[str] = frozenset()
    #: From rules/lexicon/english.yaml (grammar, which house files do not extend):
    #: negative prefixes in the order tried, the words that end an item's subject,
    #: the words that lead an item's name, and where a new clause starts.
    prefixes: tuple[str, ...] = ()
    prepositions: frozenset[str] = frozenset()
    leads: frozenset[str] = frozenset()
    clause: re.Pattern[str] = re.compile(r"[.;:!?()]")
    #: What `meaning`, `side_of` and `side_subject` found for each text, for this
    #: lexicon: the same labels and headings recur within an article (every pro is
    #: read against every con) and across a site.
    memo: _Memo = field(default_factory=_Memo, init=False, compare=False, repr=False)


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return []


@lru_cache(maxsize=8)
def lexicon(extra: str = "") -> Polarity:
    data = lexicon_data.load("polarity", extra)
    markers: dict[tuple[str, ...], Marker] = {}
    positive: set[str] = set()
    for n, entry in enumerate(data.get("antonyms", [])):
        if not isinstance(entry, (list, tuple)) or len(entry) != 2:
            raise ValueError(
                f"polarity lexicon: an antonym entry is [positive, negative], not {entry!r}"
            )
        for pole, side in ((1, entry[0]), (-1, entry[1])):
            for w in _words(side):
                phrase = tuple(tokens(w))
                if phrase:
                    markers.setdefault(phrase, (n, pole))
                    if pole == 1 and len(phrase) == 1:
                        positive.add(phrase[0])
    topics: dict[str, str] = {}
    for group in data.get("topics", []):
        words = _words(group)
        if words:
            name = stem(tokens(words[0])[0])
            for w in words:
                for t in tokens(w):
                    topics.setdefault(stem(t), name)
    generic = [str(w) for w in data.get("generic", [])]
    vague = [str(w) for w in data.get("vague", [])]
    return Polarity(
        tuple(sorted(data.get("pros_headings", []), key=len, reverse=True)),
        tuple(sorted(data.get("cons_headings", []), key=len, reverse=True)),
        frozenset(str(w) for w in data.get("negators", [])),
        tuple(
            sorted(
                (tuple(tokens(str(w))) or (str(w),) for w in data.get("text_negators", [])),
                key=len,
                reverse=True,
            )
        ),
        markers,
        frozenset(positive),
        {stem(w): w for w in sorted(positive) if len(stem(w)) >= 4},
        max((len(p) for p in markers), default=1),
        topics,
        frozenset(stem(w) for w in generic),
        frozenset(stem(w) for w in vague),
        frozenset(str(w) for w in data.get("sentence_verbs", [])),
        frozenset(str(w) for w in data.get("stopwords", [])),
        frozenset(str(w) for w in data.get("failure_verbs", [])),
        lexicon_data.words("english", "negative_prefixes"),
        frozenset(lexicon_data.words("english", "item_prepositions")),
        frozenset(lexicon_data.words("english", "lead_words")),
        _clause_breaks(),
    )


def _clause_breaks() -> re.Pattern[str]:
    """Punctuation, a clause word after a comma, or a clause word on its own."""
    after_comma = lexicon_data.words("english", "clause_words_after_comma")
    alone = lexicon_data.words("english", "clause_words")
    return re.compile(
        r"[.;:!?()]|,\s*(?:"
        + "|".join(map(re.escape, after_comma))
        + r")\b|"
        + "|".join(rf"\b{re.escape(w)}\b" for w in alone),
        re.I,
    )


# --------------------------------------------------------------------------- headings


def normalise_label(raw: str) -> str:
    """An item or list name as a reader sees it: no markup, no trailing colon."""
    return plain_label(plain(raw))


def plain_label(text: str) -> str:
    """`normalise_label` of a text that is `plain` already."""
    return text.strip().rstrip(":.;,!").strip()


_P = re.Pattern[str]


@lru_cache(maxsize=16)
def _heading_patterns(pros: tuple[str, ...], cons: tuple[str, ...]) -> tuple[_P, _P, _P, _P]:
    """One compiled alternation per word list: `side_of` runs on every heading."""

    def alt(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(w) for w in words)

    lead = r"(?:the |key |main |potential |some |common |top )?"
    return (
        re.compile(rf"\b(?:{alt(pros)})\b"),
        re.compile(rf"\b(?:{alt(cons)})\b"),
        re.compile(rf"{lead}(?:{alt(pros)})\b"),
        re.compile(rf"{lead}(?:{alt(cons)})\b"),
    )


def side_of(heading: str, lex: Polarity) -> str | None:
    """PROS or CONS for a heading that opens such a list ("Pros", "Benefits of X")."""
    return _remembered(lex.memo.sides, heading, _side_of, lex)


def _side_of(heading: str, lex: Polarity) -> str | None:
    text = normalise(heading)
    if not text:
        return None
    any_pro, any_con, starts_pro, starts_con = _heading_patterns(
        lex.pros_headings, lex.cons_headings
    )
    if any_pro.search(text) and any_con.search(text):
        return None  # "Pros and Cons": the parent of both lists
    if starts_pro.match(text):
        return PROS
    if starts_con.match(text):
        return CONS
    return None


def side_subject(heading: str, lex: Polarity) -> frozenset[str]:
    """What a pros or cons heading is about, beyond being pros or cons.

    "Benefits for Consumers" -> {consumer}; "Cons" -> {}.  Lists whose headings
    name different subjects or audiences are not compared with each other.
    """
    return _remembered(lex.memo.subjects, heading, _side_subject, lex)


@lru_cache(maxsize=16)
def _side_words(pros: tuple[str, ...], cons: tuple[str, ...]) -> tuple[_P, ...]:
    """One pattern per heading word, applied in turn (pros first, longest first)."""
    return tuple(re.compile(rf"\b{re.escape(w)}\b") for w in (*pros, *cons))


def _side_subject(heading: str, lex: Polarity) -> frozenset[str]:
    text = normalise(heading)
    for pattern in _side_words(lex.pros_headings, lex.cons_headings):
        text = pattern.sub(" ", text)
    return frozenset(stem(t) for t in text.split() if t not in lex.stopwords and t not in lex.leads)


def same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two list headings' subjects agree if either is empty or they share a word."""
    if not a or not b or a & b:
        return True
    return any(x[:5] == y[:5] and min(len(x), len(y)) >= 5 for x in a for y in b)


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class ItemMeaning:
    """What one item says.

    `head` is the word the item is about (its topic name when the lexicon has
    one), `narrowing` the content words that qualify it, `negated` whether a
    negator or a negative antonym leans it negative, `markers` the antonym ends
    present.  For a sentence, `subject` holds its subject's words.
    """

    key: str
    head: str | None
    narrowing: frozenset[str]
    content: frozenset[str]
    negated: bool
    markers: frozenset[Marker]
    subject: frozenset[str] | None = None

    @property
    def has_antonym(self) -> bool:
        return bool(self.markers)


def _marker_at(toks: list[str], i: int, lex: Polarity) -> tuple[Marker, int] | None:
    for n in range(min(lex.longest_marker, len(toks) - i), 0, -1):
        m = lex.markers.get(tuple(toks[i : i + n]))
        if m is not None:
            return m, n
    return None


def _prefixed(tok: str, lex: Polarity) -> str | None:
    """The positive word behind a negating prefix: "unstable", "instability", "unpaid"."""
    for p in lex.prefixes:
        if tok.startswith(p) and len(tok) - len(p) >= 3:
            base = tok[len(p) :].lstrip("-")
            if base in lex.positive_words:
                return base
            found = lex.positive_stems.get(stem(base))
            if found is not None:
                return found
    return None


def stems(text: str) -> frozenset[str]:
    """The stems of every word of a text."""
    return frozenset(stem(t) for t in tokens(text))


def topic_of(stemmed: str, lex: Polarity) -> str:
    return lex.topics.get(stemmed, stemmed)


def meaning(label: str, lex: Polarity) -> ItemMeaning:
    """What item `label` says (see `ItemMeaning`); remembered per lexicon."""
    return _remembered(lex.memo.meanings, label, _meaning, lex)


def _meaning(label: str, lex: Polarity) -> ItemMeaning:
    toks = tokens(label)
    key = " ".join(stem(t) for t in toks if t not in lex.stopwords)
    verb = next((i for i, t in enumerate(toks) if t in lex.sentence_verbs and i > 0), None)
    if verb is not None and len(toks) >= 4:
        before = _read(toks[:verb], lex)
        after = _read(toks[verb:], lex)
        subject = frozenset(w for seg in before[0] for w in seg)
        return ItemMeaning(
            key,
            None,
            frozenset(),
            subject,
            after[1] or before[1],
            frozenset(before[2] | after[2]),
            subject,
        )
    segments, negated, markers = _read(toks, lex)
    content = frozenset(w for seg in segments for w in seg)
    # The topic is the first phrase with a telling word ("Potential for Higher
    # Earnings" is about earnings); "Flexibility" alone is about flexibility.
    telling = [[w for w in seg if w not in lex.generic] for seg in segments]
    main = next((seg for seg in telling if seg), None)
    if main is None:
        main = next((seg for seg in segments if seg), [])
    head = main[-1] if main else None
    return ItemMeaning(key, head, frozenset(main[:-1]), content, negated, frozenset(markers))


def _read(toks: list[str], lex: Polarity) -> tuple[list[list[str]], bool, set[Marker]]:
    """Content words by prepositional segment, whether negated, antonym markers."""
    segments: list[list[str]] = [[]]
    negated = False
    markers: set[Marker] = set()
    i = 0
    while i < len(toks):
        found = _marker_at(toks, i, lex)
        tok = toks[i]
        if found is not None:
            (entry, pole), n = found
            markers.add((entry, pole))
            # "Long" or "rigid" is one end of a scale, not a denial: only a negator
            # ("low", "few") denies, so "Flexible Hours" / "Long Hours" can both hold.
            negated = negated or tok in lex.negators
            i += n
            continue
        if tok in lex.negators:
            negated = True
        elif tok in lex.failure_verbs and toks[i + 1 : i + 2] == ["to"]:
            negated = True  # "Struggle to Find Clients" denies finding them
            i += 2
            continue
        elif (base := _prefixed(tok, lex)) is not None:
            negated = True
            m = lex.markers.get((base,))
            if m is not None:
                markers.add((m[0], -1))
            segments[-1].append(stem(base))  # "instability" is about stability
        elif tok in lex.prepositions:
            if segments[-1]:
                segments.append([])
        elif tok not in lex.stopwords and tok not in lex.sentence_verbs:
            s = stem(tok)
            segments[-1].append(s if tok in lex.generic else topic_of(s, lex))
        i += 1
    return segments, negated, markers


def _opposite(a: frozenset[Marker], b: frozenset[Marker]) -> bool:
    return any((entry, -pole) in b for entry, pole in a)


def same_topic(a: ItemMeaning, b: ItemMeaning) -> bool:
    """Same head word, and the narrowing words of one include the other's."""
    if a.head is None or a.head != b.head:
        return False
    return a.narrowing <= b.narrowing or b.narrowing <= a.narrowing


def same_item(pro: ItemMeaning, con: ItemMeaning) -> bool:
    """The same words on both sides, up to case, markup, inflection and small words."""
    return bool(pro.key) and pro.key == con.key


def contradicts(pro: ItemMeaning, con: ItemMeaning) -> bool:
    """Same topic (or, for sentences, same subject), opposite lean."""
    if pro.subject is not None or con.subject is not None:
        # Sentences: the same subject, opposite ends of one antonym entry.
        ps = pro.subject if pro.subject is not None else pro.content
        cs = con.subject if con.subject is not None else con.content
        return bool(ps) and ps == cs and _opposite(pro.markers, con.markers)
    if pro.head is None and con.head is None:
        # "Cost-Effective" vs "Expensive": nothing but the lean, so it must be one pair.
        return _opposite(pro.markers, con.markers)
    if not same_topic(pro, con):
        return False
    return pro.negated != con.negated or _opposite(pro.markers, con.markers)


def pairing_keys(m: ItemMeaning, as_pro: bool) -> set[tuple[Any, ...]]:
    """Keys under which a pro and a con meet whenever `same_item` or `contradicts`
    can hold for them: a con is filed under its keys, a pro looks up its own, so
    two long lists are not compared item by item.  Each condition above must
    have its key here (a test compares the result with every pair).
    """
    keys: set[tuple[Any, ...]] = set()
    flip = -1 if as_pro else 1  # a pro looks for the con's opposite lean
    if m.key:
        keys.add(("same", m.key))
    ps = m.subject if m.subject is not None else m.content
    if ps:
        keys.add(("subject", ps))
    for entry, pole in m.markers:
        if m.head is None:
            keys.add(("lean", entry, pole * flip))
        else:
            keys.add(("topic-lean", m.head, entry, pole * flip))
    if m.head is not None:
        keys.add(("topic", m.head, m.negated != as_pro))
    return keys


def explanation_keys(text: str, lex: Polarity) -> set[tuple[str, Any]]:
    """What an explanation mentions, as `denial_keys` of an item whose name it may
    deny: every topic of its clauses and every antonym entry it uses."""
    keys: set[tuple[str, Any]] = {
        ("topic", t) for clause in _clauses(text, lex) for t in clause.any_topic
    }
    keys.update(("marker", entry) for _, _, (entry, _), _ in marker_mentions(text, lex))
    return keys


# --------------------------------------------------------------------------- explanations


@dataclass(frozen=True)
class Mention:
    """Where an explanation mentions a topic, and whether it denies it there.

    `narrowing` holds the content words that narrow the mention ("equipment" in
    "equipment expenses", "losing money" in "the risk of losing money"); `clause`
    the stems of the whole clause.
    """

    start: int
    end: int
    negated: bool
    narrowing: frozenset[str]
    clause: frozenset[str]


_TOKEN_SPAN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|n['’]t", re.I)


def _content(word: str, lex: Polarity) -> bool:
    return (
        word not in lex.stopwords
        and word not in lex.sentence_verbs
        and word not in lex.negators
        and (word,) not in lex.markers
        and word not in lex.prepositions
        and stem(word) not in lex.generic
    )


@dataclass(frozen=True)
class _Clause:
    """One clause of an explanation: its tokens (offsets into the whole text), their
    words, the stems of all of them, and each token's topic."""

    toks: tuple[tuple[int, int, str], ...]
    words: tuple[str, ...]
    stems: frozenset[str]
    topics: tuple[str, ...]
    any_topic: frozenset[str]


def _clauses(text: str, lex: Polarity) -> tuple[_Clause, ...]:
    return _remembered(lex.memo.clauses, text, _read_clauses, lex, _Memo.CLAUSE_LIMIT)


def _read_clauses(text: str, lex: Polarity) -> tuple[_Clause, ...]:
    out = []
    pos = 0
    for clause in lex.clause.split(text):
        if not clause or not clause.strip():
            continue
        start = text.find(clause, pos)
        pos = start + len(clause)
        toks = tuple(
            (m.start() + start, m.end() + start, m.group().lower().replace("’", "'"))
            for m in _TOKEN_SPAN.finditer(clause)
        )
        words = tuple(t for _, _, t in toks)
        topics = tuple(topic_of(stem(w), lex) for w in words)
        out.append(
            _Clause(toks, words, frozenset(stem(w) for w in words), topics, frozenset(topics))
        )
    return tuple(out)


def mentions(text: str, head: str, lex: Polarity) -> Iterator[Mention]:
    """Mentions of topic `head` in an explanation, clause by clause.

    A mention is denied when a text negator ("no", "fail", "lose", "without",
    "low") stands among the three words before it in its clause.
    """
    for clause in _clauses(text, lex):
        if head not in clause.any_topic:
            continue
        words = clause.words
        for i, (s, e, _) in enumerate(clause.toks):
            if clause.topics[i] != head:
                continue
            narrowing: set[str] = set()
            if i > 0 and _content(words[i - 1], lex) and not _denies(words, i - 1, lex):
                narrowing.add(stem(words[i - 1]))
            if i + 2 < len(words) and words[i + 1] == "of" and _content(words[i + 2], lex):
                narrowing.add(stem(words[i + 2]))
            window = [w for w in words[max(0, i - 6) : i] if w not in lex.stopwords][-3:]
            yield Mention(
                s,
                e,
                any(_denies(window, k, lex) for k in range(len(window))),
                frozenset(narrowing),
                clause.stems,
            )


def marker_mentions(text: str, lex: Polarity) -> Iterator[tuple[int, int, Marker, bool]]:
    """Antonym words in an explanation: (start, end, marker, denied)."""
    toks = [
        (m.start(), m.end(), m.group().lower().replace("’", "'"))
        for m in _TOKEN_SPAN.finditer(text)
    ]
    words = [t for _, _, t in toks]
    i = 0
    while i < len(toks):
        found = _marker_at(words, i, lex)
        if found is None:
            i += 1
            continue
        marker, n = found
        window = [w for w in words[max(0, i - 4) : i] if w not in lex.stopwords][-2:]
        denied = any(_denies(window, k, lex) for k in range(len(window)))
        yield toks[i][0], toks[i + n - 1][1], marker, denied
        i += n


def _denies(words: Sequence[str], i: int, lex: Polarity) -> bool:
    by_first, anywhere = _negators_by_first(lex.text_negators)
    return anywhere or any(
        tuple(words[i : i + len(phrase)]) == phrase for phrase in by_first.get(words[i], ())
    )


@lru_cache(maxsize=16)
def _negators_by_first(
    negators: tuple[tuple[str, ...], ...],
) -> tuple[dict[str, tuple[tuple[str, ...], ...]], bool]:
    """The text negators by their first word, and whether one is empty (it matches
    anywhere): `_denies` runs on every word before a mention, and only the phrases
    that start with that word can match there."""
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for phrase in negators:
        if phrase:
            out[phrase[0]] = (*out.get(phrase[0], ()), phrase)
    return out, () in negators
