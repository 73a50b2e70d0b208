"""language/casing.py: the fast paths against a plain reference, and the memos.

`usage` and `judge` read a text in a few whole-text passes and memoise what does
not depend on the article; `reference_usage` and `reference_judge` below are the
straightforward word-by-word versions they replaced.  The property tests hold the
two to the same answers on texts built from the awkward cases: numbered lines,
sentence breaks, possessives, compounds, non-ASCII letters, links and code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artlint import readers
from artlint.language import casing
from artlint.rules.headings import HeadingCase, OddWordCase

LEX = casing.lexicon()

# --------------------------------------------------------------------------- reference

_NOT_PROSE = re.compile(
    r"\]\([^)]*\)|<[^>\n]*>|`[^`\n]*`|https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|\{[^}\n]*\}"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});"
)
_LINE_LEAD = re.compile(r"[ \t]*(?:(?:[#>]+|[-*+]|\d{1,3}[.)]|\|)[ \t]*)*[\"'“‘(\[*_]*")
_SENTENCE_BREAK = re.compile(r"(?:[.!?:;|]|\s[-–—]{1,2})[\"'”’)\]*_]*\s+[\"'“‘(\[*_]*")
_POSSESSIVE = re.compile(r"['’]s$")


def reference_mask(raw: str) -> str:
    return _NOT_PROSE.sub(lambda m: " " * len(m.group()), raw)


def reference_parts(word: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for piece in re.split(r"(\\?[-/])", word):
        if piece and piece not in ("-", "/", "\\-", "\\/"):
            out.append((pos, piece))
        pos += len(piece)
    return out


def reference_fixed(word: str, lex: casing.Lexicon, proper: Iterable[str] = ()) -> bool:
    bare = _POSSESSIVE.sub("", word)
    return (
        word in lex.spellings
        or bare in lex.spellings
        or casing.is_acronym(bare)
        or not word[:1].isalpha()
        or any(c.isdigit() or c in "._&+" for c in word)
        or word in proper
        or bare in proper
        or any(c.isupper() for c in bare[1:])
    )


def reference_common(use: casing.Usage, word: str, lex: casing.Lexicon) -> bool:
    low = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
    if low in lex.minor or low in lex.common or low in use.lower:
        return True
    variants = {low + "s", low + "es"}
    if low.endswith("s"):
        variants.add(low[:-1])
    if low.endswith("es"):
        variants.add(low[:-2])
    if low.endswith("ies"):
        variants.add(low[:-3] + "y")
    if low.endswith("y"):
        variants.add(low[:-1] + "ies")
    return bool(variants & use.lower)


def _plain(word: str) -> str:
    if "'" in word or "’" in word:
        return _POSSESSIVE.sub("", word.replace("’", "'"))
    return word


def reference_usage(text: str, headings: Sequence[tuple[int, int]], start: int) -> casing.Usage:
    body = reference_mask(text[start:])
    spans = sorted((s - start, e - start) for s, e in headings if e > start)
    caps: set[str] = set()
    lower: set[str] = set()
    forms: set[str] = set()
    sentence_starts: set[int] = set()
    pos = 0
    for line in body.split("\n"):
        lead = _LINE_LEAD.match(line)
        sentence_starts.add(pos + (lead.end() if lead else 0))
        for m in _SENTENCE_BREAK.finditer(line):
            sentence_starts.add(pos + m.end())
        pos += len(line) + 1
    si = 0
    runs: set[str] = set()
    run: list[str] = []
    run_end = -1
    for m in casing.WORD.finditer(body):
        at = m.start()
        while si < len(spans) and spans[si][1] <= at:
            si += 1
        in_heading = si < len(spans) and spans[si][0] <= at < spans[si][1]
        word = m.group()
        if word.islower():
            if "-" in word or "/" in word:
                lower.update(_plain(p) for _, p in reference_parts(word))
            else:
                lower.add(_plain(word))
        elif "-" in word or "/" in word:
            lower.update(_plain(p) for _, p in reference_parts(word) if p.islower())
        if in_heading or not word[0].isupper() or body[run_end:at] != " ":
            if len(run) >= 2:
                runs.add(" ".join(run))
            run = []
        if in_heading:
            continue
        forms.add(word)
        if word[0].isupper():
            run.append(word)
            run_end = m.end()
            if at not in sentence_starts:
                caps.add(_plain(word))
    if len(run) >= 2:
        runs.add(" ".join(run))
    proper = frozenset(w for w in caps if w.lower() not in lower)
    phrases = set()
    for r in runs:
        ws = r.split(" ")
        for i in range(len(ws) - 1):
            for j in range(i + 2, min(len(ws), i + 4) + 1):
                phrase = " ".join(ws[i:j])
                if phrase.lower() not in body:
                    phrases.add(phrase)
    return casing.Usage(proper, frozenset(lower), frozenset(forms), frozenset(phrases))


def reference_judge(raw: str, lex: casing.Lexicon, use: casing.Usage) -> list[tuple[object, ...]]:
    text = reference_mask(raw)
    m = re.match(
        r"\s*(?:[*_]{1,3}\s*)?(?:\d{1,3}\\?[.)]|step\s+\d+[:.]?|#\d+"
        r"|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})\)|(?:[a-z]|[ivx]{1,5})\\?\.)\s+",
        text,
        re.I,
    )
    skip = m.end() if m else 0
    caps = [m for m in casing.WORD.finditer(text, skip) if m.group()[0].isupper()]
    named: set[int] = set()
    for i in range(len(caps)):
        j = i
        while j + 1 < len(caps) and text[caps[j].end() : caps[j + 1].start()] == " ":
            j += 1
            if " ".join(m.group() for m in caps[i : j + 1]) in use.phrases:
                named.update(m.start() for m in caps[i : j + 1])
    out: list[tuple[object, ...]] = []
    prev_end = skip
    first = True
    before = ""
    depth = 0
    for wm in casing.WORD.finditer(text, skip):
        gap = text[prev_end : wm.start()]
        depth = max(0, depth + gap.count("(") - gap.count(")"))
        breaks = r"[:?!;|]|\.\s|\s[-–—]{1,2}\s|—|\(|\"|“"
        lead = first or bool(re.search(breaks, gap))
        kind = casing.LEAD
        if not first and (depth or (gap and not re.search(r"\s", gap))):
            lead, kind = True, casing.OPENING
        elif not first and lead:
            if re.search(r"[()\"“”]", gap):
                kind = casing.OPENING
            elif "?" in gap or "!" in gap:
                kind = casing.AFTER_STOP
            elif re.search(r"\.\s", gap):
                if (len(before) >= 4 or before.isdigit()) and "." not in before:
                    kind = casing.AFTER_STOP
                elif not re.search(breaks, re.sub(r"\.\s", " ", gap)):
                    lead = False
        before = wm.group()
        first = False
        prev_end = wm.end()
        word = wm.group()
        whole = word in lex.spellings or _POSSESSIVE.sub("", word) in lex.spellings
        ps = reference_parts(word)
        if len(ps) > 1 and ps[0][1][:1].islower() and any(p[:1].isupper() for _, p in ps[1:]):
            whole = True
        prev_part = ""
        for poff, part in ps:
            if poff == 0:
                position = kind if lead else casing.PLAIN
            elif kind == casing.OPENING and lead:
                position = casing.OPENING
            elif prev_part.lower() in lex.prefixes:
                position = casing.AFTER_PREFIX
            else:
                position = casing.PLAIN
            is_fixed = whole or wm.start() in named or reference_fixed(part, lex, use.proper)
            common = reference_common(use, part, lex)
            bare = _POSSESSIVE.sub("", part)
            if (
                is_fixed
                and common
                and not whole
                and wm.start() not in named
                and casing.is_acronym(bare)
                and re.sub("['’]", "", bare).isalpha()
                and len(re.sub("['’]", "", bare)) >= 3
                and part not in lex.spellings
                and bare not in lex.spellings
                and part not in use.forms
            ):
                is_fixed = False  # a common word in capitals
            out.append((wm.start() + poff, part, position, is_fixed, common))
            prev_part = part
    return out


def as_tuples(judged: Sequence[casing.Part]) -> list[tuple[object, ...]]:
    return [(p.offset, p.text, p.position, p.fixed, p.common) for p in judged]


# --------------------------------------------------------------------------- texts

FRAGMENTS = (
    "Pay",
    "pay",
    "New",
    "York",
    "new york",
    "1.",
    "12)",
    "3.",
    "- ",
    "* ",
    "> ",
    "## ",
    "|",
    "e-Mail",
    "work-Life",
    "Start-up",
    "start-up",
    "Bob's",
    "Bob’s",
    "bob's",
    "’s",
    "'s",
    "U.S.",
    "e.g.",
    "iPhone",
    "API",
    "APIs",
    "Ünïcödé",
    "éclair",
    "Éclair",
    "İstanbul",
    "ǅemal",
    "ß",
    "٣",
    "²",
    "_",
    "__init__",
    "a/b",
    "A/B",
    "and/Or",
    ".",
    ". ",
    "! ",
    "? ",
    ": ",
    "; ",
    " - ",
    " -- ",
    " — ",
    "—",
    "(",
    ")",
    '"',
    "“",
    "”",
    "’",
    "[",
    "](x)",
    "[link](http://a.b/c)",
    "`code`",
    "<b>",
    "x@y.com",
    "www.a.com",
    "{x}",
    "\n",
    "\n\n",
    "\t",
    " ",
    "\u00a0",
    "The",
    "the",
    "Of",
    "Visual",
    "Studio",
    "Code",
    "Software",
    "Engineering",
    "software",
    "3D",
    "mid-Year",
    "Re-entry",
    "SKill",
    "cONTROL",
    "Log",
    "In",
    "in",
    "Final",
    "Thoughts",
    "thoughts",
    "C++",
    "R&D",
    "Step 2:",
    "#3 ",
)
texts = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(("", " "))), max_size=50
).map(lambda xs: "".join(a + b for a, b in xs))
spans = st.lists(st.tuples(st.integers(-3, 120), st.integers(0, 20)), max_size=4).map(
    lambda xs: [(s, s + n) for s, n in xs]
)


@settings(max_examples=400, deadline=None, database=None)
@given(texts, spans, st.integers(0, 30))
def test_usage_matches_the_word_by_word_reading(
    text: str, heads: list[tuple[int, int]], start: int
) -> None:
    start = min(start, len(text))
    assert casing.usage(text, heads, start) == reference_usage(text, heads, start)


@settings(max_examples=400, deadline=None, database=None)
@given(texts)
def test_word_helpers_match_the_plain_ones(text: str) -> None:
    assert casing.mask(text) == reference_mask(text)
    assert casing.split_words(text) == casing._WORD_SPLIT.split(text)
    use = casing.usage(text, [], 0)
    for word in casing.WORD.findall(text):
        assert casing.parts(word) == reference_parts(word)
        assert casing.fixed(word, LEX, use.proper) == reference_fixed(word, LEX, use.proper)
        assert use.common(word, LEX) == reference_common(use, word, LEX)


PHRASES = frozenset(
    {
        "New York",
        "Visual Studio",
        "Visual Studio Code",
        "Software Engineering",
        "Visual Studio Code New York",
        "Pay New York Software Engineering Final",
    }
)


@settings(max_examples=400, deadline=None, database=None)
@given(texts, texts, st.booleans())
def test_judge_matches_the_word_by_word_reading(heading: str, prose: str, own: bool) -> None:
    use = (
        casing.usage(prose, [], 0)
        if own
        else casing.Usage(
            proper=frozenset({"Pay", "Code", "Bob"}),
            lower=frozenset({"pay", "thoughts", "api"}),
            phrases=PHRASES,
        )
    )
    assert as_tuples(casing.judge(heading, LEX, use)) == reference_judge(heading, LEX, use)


# --------------------------------------------------------------------------- cases


@pytest.mark.parametrize(
    ("text", "proper"),
    [
        ("We moved to Lisbon.\n", {"Lisbon"}),
        ("Lisbon is warm.\n", set()),  # a sentence start says nothing
        ("We like it. Lisbon is warm.\n", set()),
        ("1. Lisbon is warm\n2. Porto too\n", set()),  # a numbered line's lead
        ("- 1. Lisbon is warm\n", set()),
        ("Rooms: 12 Lisbon flats\n", {"Lisbon"}),  # a number that is not a lead
        ("See it — Lisbon is warm\n", set()),
        ("We moved to Lisbon, and lisbon is warm.\n", set()),  # written lower-case too
        ("> “Lisbon” is warm\n", set()),
    ],
)
def test_usage_names_and_sentence_starts(text: str, proper: set[str]) -> None:
    assert set(casing.usage(text, [], 0).proper) == proper


def test_usage_phrases_and_headings() -> None:
    text = "## Visual Studio Code\n\nWe use Visual Studio Code daily, and New York too.\n"
    use = casing.usage(text, [(3, 21)], 0)
    assert use.phrases == {"Visual Studio", "Studio Code", "Visual Studio Code", "New York"}
    assert "Visual" in use.forms and "daily" in use.forms
    assert use.phrase_starts == {"Visual Studio", "Studio Code", "New York"}
    # Words inside a heading count only as lower-case forms.
    use = casing.usage("## Remote tips\n\nText.\n", [(3, 14)], 0)
    assert "tips" in use.lower and "tips" not in use.forms


def test_judge_names_of_more_words_than_usage_finds() -> None:
    use = casing.Usage(
        lower=frozenset({"code"}), phrases=frozenset({"Visual Studio Code Tips Today"})
    )
    judged = casing.judge("Using Visual Studio Code Tips Today", LEX, use)
    assert [p.fixed for p in judged] == [False, True, True, True, True, True]
    judged = casing.judge("Using Visual Studio Code Tips", LEX, use)
    assert not any(p.fixed for p in judged)


def test_memos_start_afresh_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    lex = casing.lexicon()
    use = casing.Usage(lower=frozenset({"remote", "work"}), proper=frozenset({"Tips"}))
    before = [as_tuples(casing.judge(h, lex, use)) for h in ("Remote Work Tips", "A B C")]
    monkeypatch.setattr(casing, "_MEMO_SIZE", 2)
    for i in range(5):
        casing.judge(f"Heading Number {i}", lex, use)
        assert len(lex.memo.shapes) <= 2
    after = [as_tuples(casing.judge(h, lex, use)) for h in ("Remote Work Tips", "A B C")]
    assert after == before
    assert before[0] == reference_judge("Remote Work Tips", lex, use)


def test_hd001_and_hd002_read_an_articles_prose_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # HD002 learns the site's names from every article's prose, as HD001 does: the
    # two share one reading of it, split once (the article's word pass).
    options = {"lexicon": ""}
    reads: list[str] = []
    splits: list[str] = []
    read, split = casing.usage_of_words, casing.split_words
    monkeypatch.setattr(casing, "usage_of_words", lambda *a: reads.append(a[0]) or read(*a))
    monkeypatch.setattr(casing, "split_words", lambda t: splits.append(t) or split(t))
    text = "# T\n\n## A work-Life Balance\n\n## Remote Work Tips\n\nText.\n"
    article = readers.parse("a.md", text)
    hd001 = HeadingCase.defaults()
    list(HeadingCase().check(article, hd001))
    assert [f.location.column for f in OddWordCase().check(article, options)] == [6]
    assert len(reads) == 1 and len(splits) == 1
    vouched = readers.parse("a.md", "# T\n\n## Using the iPhone SKill\n\nOur SKill app.\n")
    assert list(OddWordCase().check(vouched, options)) == []


def test_hd001_front_matter_title_and_an_h1_like_it_are_both_judged() -> None:
    # The front-matter title is judged only for mixing; the H1 that repeats it is
    # not the title (a new Heading each time `Article.title` is read) but a heading.
    text = "---\ntitle: Remote work Tips\n---\n# Remote work Tips\n\nText about remote work.\n"
    findings = list(
        HeadingCase().check(
            readers.parse("a.md", text),
            {"style": "consistent", "min-headings": 3, "label-style": "same", "lexicon": ""},
        )
    )
    assert [(f.location.line, f.location.column) for f in findings] == [(2, 15), (4, 10)]


# --------------------------------------------------------------------------- hot paths
# Each of these was made faster; each must still answer as the plain version does.

_HEADING_TEXT = st.text(
    alphabet=st.sampled_from(list("aBcDeX Z-'.:()1&*_éÉßİﬁⓐǅ")), max_size=24
) | st.sampled_from(["The DOS and DON'TS", "Visual Studio Code Tips", "ⓐBC", "ǅungla Work"])


def reference_is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def reference_shouting(raw: str) -> bool:
    letters = [c for c in casing.display(casing.mask(raw)) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@settings(max_examples=300, deadline=None)
@given(_HEADING_TEXT)
def test_acronyms_parts_and_shouting_answer_as_before(raw: str) -> None:
    assert casing.is_acronym(raw) == reference_is_acronym(raw)
    assert casing.shouting(raw) == reference_shouting(raw)
    for fixed in (False, True):
        part = casing.Part(0, raw, casing.PLAIN, fixed, False)
        assert part.capitalised == raw[:1].isupper()
        assert part.shouted == (not fixed and reference_is_acronym(raw))


@settings(max_examples=200, deadline=None)
@given(_HEADING_TEXT)
def test_word_starts_and_phrase_spans_answer_as_before(raw: str) -> None:
    shape = casing._read_shape(raw, LEX)
    assert casing.word_starts(raw, LEX) == tuple(s[5] for s in shape.slots)
    spans = []
    for run in shape.runs:
        for i in range(len(run) - 1):
            for j in range(i + 2, min(len(run), i + 4) + 1):
                spans.append((" ".join(w for w, _ in run[i:j]), tuple(o for _, o in run[i:j])))
    assert casing.phrase_spans(raw, LEX) == tuple(spans)


def test_a_part_compares_pickles_and_hashes_by_its_five_fields() -> None:
    import pickle

    shout = casing.Part(4, "DOS", casing.PLAIN, False, True)
    assert (shout.capitalised, shout.shouted) == (True, True)
    assert pickle.loads(pickle.dumps(shout)) == shout
    assert pickle.loads(pickle.dumps(shout)).shouted is True
    assert hash(shout) == hash(casing.Part(4, "DOS", casing.PLAIN, False, True))
    assert shout != casing.Part(4, "DOS", casing.PLAIN, True, True)
    assert casing.Part(4, "DOS", casing.PLAIN, True, True).shouted is False  # an acronym
    assert "capitalised" not in repr(shout)
    with pytest.raises(AttributeError):
        shout.shouted = False  # type: ignore[misc]
