"""Hypothesis strategies for article-shaped bytes, and mutations of real articles.

A purely random byte string is rejected by the decoder or read as one paragraph,
so it never reaches the front-matter parser, the heading readers or the pros/cons
pairing.  These strategies build texts from the pieces those readers look for
(fences, headings, labels, list items, tables, directives) and then dress them in
the line ends, BOMs and odd characters real exports arrive with.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- words

WORDS = (
    "remote",
    "Work",
    "flexible",
    "Schedule",
    "career",
    "Advancement",
    "opportunities",
    "limited",
    "pay",
    "high",
    "low",
    "start-up",
    "Costs",
    "work-Life",
    "balance",
    "nurse",
    "API",
    "iPhone",
    "no",
    "not",
    "lack",
    "of",
    "the",
    "and",
    "a",
    "Pros",
    "Cons",
    "hours",
    "Introduction",
    "Conclusion",
    "WFH",
    "e-mail",
    "co-Worker",
    "São",
    "Paulo",
    "naïve",
    "ÉCOLE",
    "ǅemal",
    "İstanbul",
    "straße",
    "ﬁnance",
    "日本",
    "работа",
    "𝐁𝐨𝐥𝐝",
    "🙂",
)
#: Characters that broke linters of this kind before: line separators, NEL, BOM,
#: controls, combining marks, zero widths, bidi controls, lone high code points.
ODD = (
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1b[31m",
    "\x1b]8;;x\x07",
    "\x7f",
    "\u0301",
    "\u200b",
    "\u200d",
    "\u202e",
    "\ufffd",
    "\U0010ffff",
    "\t",
    " ",
    "\\",
    "`",
    "*",
    "_",
    "|",
    "#",
    ":",
    "%",
    ",",
    '"',
    "'",
    "<",
    ">",
    "&",
    "]]>",
    "-->",
    "{",
    "}",
    "[",
    "]",
    "\r",
    "\r\n",
)

word = st.sampled_from(WORDS)
odd = st.sampled_from(ODD)
# Any code point except surrogates (str cannot be encoded with them); surrogates
# reach the decoder as the raw bytes below instead.
uni = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@st.composite
def phrase(draw: st.DrawFn, max_words: int = 6) -> str:
    parts = draw(st.lists(st.one_of(word, word, word, odd, uni), min_size=1, max_size=max_words))
    return " ".join(parts)


plain_phrase = st.lists(word, min_size=1, max_size=5).map(" ".join)

# --------------------------------------------------------------------------- front matter

yaml_scalar = st.one_of(
    phrase(),
    plain_phrase,
    st.integers(-10, 10**12).map(str),
    st.sampled_from(
        [
            "2024-01-02",
            "2023-06-31",
            "2024-13-01",
            "2023-04-02 01:08:17 +0300",
            "2024-02-29T10:00:00Z",
            "1999-12-31 23:59",
            "null",
            "~",
            "yes",
            "no",
            "true",
            "1e3",
            "0x1F",
            ".inf",
            "''",
            '""',
            "'unclosed",
            '"unclosed',
            "|",
            ">-",
            "!!binary aGk=",
            "!!python/object:os.system x",
            "[a, b]",
            "{a: 1}",
            "[",
            "{",
            "&a x",
            "*a",
            "*missing",
            "? complex",
            "- item",
        ]
    ),
)
yaml_key = st.one_of(
    st.sampled_from(
        [
            "title",
            "description",
            "date",
            "updated",
            "slug",
            "tags",
            "category",
            "draft",
            "artlint",
            "$schema",
            "author",
            "title",
            "addedAt",
            "updatedAt",
            "website",
            "region",
            "last_modified_at",
        ]
    ),
    plain_phrase,
)


@st.composite
def yaml_block(draw: st.DrawFn) -> str:
    """YAML lines: scalars, lists, nested maps, duplicate keys, small anchors/aliases."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 7))):
        key = draw(yaml_key)
        kind = draw(st.integers(0, 6))
        if kind <= 2:
            lines.append(f"{key}: {draw(yaml_scalar)}")
        elif kind == 3:
            lines.append(f"{key}:")
            lines += [f"  - {draw(yaml_scalar)}" for _ in range(draw(st.integers(0, 3)))]
        elif kind == 4:
            lines.append(f"{key}:")
            lines += [
                f"  {draw(yaml_key)}: {draw(yaml_scalar)}" for _ in range(draw(st.integers(0, 3)))
            ]
        elif kind == 5:  # a small anchor and a few aliases: never a bomb
            lines += [f"{key}: &a [x, y]", "other: [*a, *a]"]
        else:
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "artlint:",
                            "artlint:\n  ignore: [HD001]",
                            "artlint:\n  disable: TI",
                            "  bad indent: 1",
                            "\tkey: tab",
                            "key value",
                            ": empty",
                            "-",
                        ]
                    )
                )
            )
    return "\n".join(lines)


@st.composite
def toml_block(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 5))
        key = draw(st.sampled_from(["title", "date", "slug", "tags", "draft", "x", "title"]))
        if kind == 0:
            lines.append(f'{key} = "{draw(phrase())}"')
        elif kind == 1:
            value = draw(
                st.sampled_from(
                    [
                        "2024-01-02",
                        "1979-05-27T07:32:00Z",
                        "12",
                        "true",
                        "[1, 2]",
                        "{a = 1}",
                        "[[1], [2]]",
                        "1e400",
                        "nan",
                    ]
                )
            )
            lines.append(f"{key} = {value}")
        elif kind == 2:
            lines.append(f"[{draw(st.sampled_from(['params', 'a.b', 'artlint', 'x']))}]")
        elif kind == 3:
            lines.append(f"{key} = '''{draw(phrase())}")  # maybe unclosed multi-line
        elif kind == 4:
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "= 1",
                            "key",
                            '"quoted key" = 1',
                            "[[arr]]",
                            "a.b.c = 2",
                            "x = [1,",
                            "y = {",
                        ]
                    )
                )
            )
        else:
            lines.append(f"{key} = {draw(yaml_scalar)}")
    return "\n".join(lines)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return ""
    if kind <= 2:
        close = draw(st.sampled_from(["---", "---", "...", "--- ", "", "----", "--"]))
        return f"---\n{draw(yaml_block())}\n{close}\n"
    if kind == 3:
        close = draw(st.sampled_from(["+++", "+++", "", "++"]))
        return f"+++\n{draw(toml_block())}\n{close}\n"
    if kind == 4:  # a fence with nothing after it, or a fence on its own
        return draw(
            st.sampled_from(
                [
                    "---",
                    "---\n",
                    "+++\n",
                    "---\n---\n",
                    "--- x\n",
                    "---\ntitle: [\n",
                    "---\ntitle: x",
                ]
            )
        )
    return f"---\n{draw(yaml_block())}\n---\n---\n{draw(yaml_block())}\n---\n"


# --------------------------------------------------------------------------- body


@st.composite
def heading(draw: st.DrawFn) -> str:
    text = draw(st.one_of(plain_phrase, phrase()))
    kind = draw(st.integers(0, 6))
    if kind <= 1:
        gap = draw(st.sampled_from([" ", "  ", "", "\t"]))
        return f"{'#' * draw(st.integers(1, 7))}{gap}{text}"
    if kind == 2:
        return f"{text}\n{draw(st.sampled_from(['===', '---', '=', '- - -']))}"
    if kind == 3:
        n = draw(st.integers(0, 12))
        return f"{n}{draw(st.sampled_from(['.', ')', '. ', '.', '']))} {text}"
    if kind == 4:
        return f"**{text}**{draw(st.sampled_from(['', ':', ' ']))}"
    if kind == 5:
        return f"{text}:"
    return text


@st.composite
def items(draw: st.DrawFn) -> list[str]:
    style = draw(st.integers(0, 4))
    out = []
    for i in range(draw(st.integers(0, 6))):
        text = draw(st.one_of(plain_phrase, phrase()))
        if style == 0:
            out.append(f"{draw(st.sampled_from(['-', '*', '+']))} {text}")
        elif style == 1:
            out.append(f"{i + draw(st.integers(0, 2))}. {text}")
        elif style == 2:
            out.append(f"- **{text}:** {draw(plain_phrase)}")
        elif style == 3:  # plain export: "1. Item" then an explanation line
            out.append(f"{i + 1}. {text}\n{draw(plain_phrase)}")
        else:
            out.append(f"{text}: {draw(plain_phrase)}")
        if draw(st.integers(0, 5)) == 0:
            out.append(f"  - {draw(plain_phrase)}")  # nested
    return out


@st.composite
def pros_cons(draw: st.DrawFn) -> str:
    style = draw(st.integers(0, 3))
    parts = []
    for side in draw(
        st.sampled_from(
            [
                ["Pros", "Cons"],
                ["Pros"],
                ["Cons", "Pros"],
                ["Advantages", "Disadvantages"],
                ["Pros", "Pros"],
            ]
        )
    ):
        label = {0: f"## {side}", 1: f"{side}:", 2: f"**{side}**", 3: f"### {side} of it"}[style]
        parts.append(label)
        parts.append("\n".join(draw(items())))
    return "\n\n".join(parts)


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 3))
    rows = [" | ".join(draw(st.lists(plain_phrase, min_size=cols, max_size=cols)))]
    rows.append(" | ".join(["---"] * cols))
    for _ in range(draw(st.integers(0, 3))):
        rows.append(" | ".join(draw(st.lists(phrase(3), min_size=1, max_size=cols + 1))))
    edge = draw(st.booleans())
    return "\n".join(f"| {r} |" if edge else r for r in rows)


directive = st.builds(
    lambda verb, args: f"<!-- artlint-{verb}{args} -->",
    st.sampled_from(
        [
            "disable",
            "enable",
            "disable-next-line",
            "disable-file",
            "disabel",
            "disable-next",
            "Disable",
            "disable-line",
        ]
    ),
    st.sampled_from(
        [
            "",
            " HD001",
            " TI",
            " PC001 HD",
            " XX999",
            " all",
            " hd001",
            " heading-case",
            ",",
            " HD001,PC002",
            " -->",
            " HD00",
        ]
    ),
)


@st.composite
def block(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            heading(),
            heading(),
            phrase(12),
            items().map("\n".join),
            pros_cons(),
            table(),
            directive,
            st.sampled_from(
                [
                    "```\n# not a heading\n```",
                    "```",
                    "> quoted **bold**",
                    "<div>\n# html\n</div>",
                    "---",
                    "***",
                    "[link](x)",
                    "<!-- unclosed",
                    "\\# escaped",
                    "    # indented code",
                ]
            ),
        )
    )


@st.composite
def article_text(draw: st.DrawFn) -> str:
    """Front matter (maybe), a title, then blocks separated by one or more blank lines."""
    parts = [draw(front_matter())]
    if draw(st.booleans()):
        title = draw(plain_phrase)
        parts.append(f"{title}\n\n{title}\n" if draw(st.booleans()) else f"# {title}\n")
    for b in draw(st.lists(block(), max_size=10)):
        parts.append(b + draw(st.sampled_from(["\n\n", "\n", "\n\n\n"])))
    return "".join(parts)


@st.composite
def dressed(draw: st.DrawFn, text: str) -> bytes:
    """`text` with the line ends, BOM, sprinkled characters and encoding of an export."""
    eol = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "mixed"]))
    if eol == "mixed":
        text = "".join(
            ch if ch != "\n" else draw(st.sampled_from(["\n", "\r\n", "\r"])) for ch in text
        )
    elif eol != "\n":
        text = text.replace("\n", eol)
    if text and draw(st.integers(0, 3)) == 0:
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.one_of(odd, uni)) + text[at:]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:  # surrogate-escaped or invalid bytes in the middle
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xed\xa0\x80", b"\xff", b"\xc3", b"\x80", b"\x00"]))
        data = data[:at] + junk + data[at:]
    return data


articles = article_text().flatmap(dressed)
raw_bytes = st.binary(max_size=300)

# --------------------------------------------------------------------------- mutation seeds

_FENCE = re.compile(r"^```[^\n`]*\n(.*?)^```[ \t]*$", re.M | re.S)


def seed_files() -> list[bytes]:
    """The project's example articles and every fenced example of the rule pages."""
    seeds = [
        p.read_bytes() for p in sorted((ROOT / "examples" / "articles").iterdir()) if p.is_file()
    ]
    for page in sorted((ROOT / "rules").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        seeds.append(text.encode("utf-8"))
        seeds += [m.group(1).encode("utf-8") for m in _FENCE.finditer(text)]
    return [s for s in seeds if s]


SEEDS = seed_files()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed after a few byte flips, line duplications/deletions/swaps, splices, cuts."""
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 7))
        if op == 0 and data:  # flip a byte
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif op == 1:  # insert a few bytes
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
        elif op in (2, 3, 4):
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == 2:
                lines.insert(j, lines[i])
            elif op == 3:
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif op == 5:  # splice with another file
            other = draw(st.sampled_from(SEEDS))
            data = (
                data[: draw(st.integers(0, len(data)))] + other[draw(st.integers(0, len(other))) :]
            )
        elif op == 6:  # truncate
            data = data[: draw(st.integers(0, len(data)))]
        else:  # a special character or line end somewhere
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(odd).encode("utf-8", "surrogatepass") + data[at:]
    return data
