"""A second seeded corpus of career articles, longer and more varied than generate.py's.

A benchmark tuned to one generator measures that generator: this one shares no
word, template or rate with generate.py.  Its articles run to about 10 KB: eight
to fourteen sections at three heading levels, nested lists, pay tables of up to
a dozen rows, fenced code (letters, formulas, schedules), inline and reference
links, block quotes; front matter in YAML, in TOML, or none; a tenth are
plain-text exports.  The defects are the kinds a content site accumulates, at
rates of their own: duplicate and near-duplicate titles, a title repeated in the
body, missing or empty fields, impossible or out-of-order dates, duplicate keys,
heading level jumps and odd case inside a word, pros that contradict cons or
repeat them, one-sided lists, skipped numbers, empty sections, and footers and
disclaimers shared by a share of the site.

    python benchmarks/generate_long.py OUT_DIR --count 10000 [--seed 11]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
from pathlib import Path

TRADES = (
    "tower climber",
    "ferry deckhand",
    "orchard manager",
    "bicycle mechanic",
    "stage rigger",
    "court reporter",
    "hospice chaplain",
    "glazier",
    "arborist",
    "stonemason",
    "brewery cellar worker",
    "kitchen porter",
    "parcel courier",
    "lab animal technician",
    "hydrographer",
    "bookbinder",
    "zookeeper",
    "ski patroller",
    "signwriter",
    "upholsterer",
    "meteorologist",
    "textile conservator",
    "elevator installer",
    "ICU nurse",
    "midwife",
    "optometrist",
    "audiologist",
    "perfusionist",
    "embalmer",
    "farrier",
    "harbour pilot",
    "rail signaller",
    "bus driver",
    "long-haul trucker",
    "data steward",
    "FinOps analyst",
    "DevRel engineer",
    "API product manager",
    "localization lead",
    "trust and safety reviewer",
    "penetration tester",
    "firmware developer",
    "GIS analyst",
    "bioinformatician",
    "hedge fund quant",
    "credit controller",
    "procurement officer",
    "customs broker",
    "shipbroker",
    "auctioneer",
    "antiques dealer",
    "jewellery designer",
    "luthier",
    "session musician",
    "foley artist",
    "puppeteer",
    "stunt performer",
    "casting director",
    "script supervisor",
    "camera assistant",
    "news producer",
    "fact checker",
    "speechwriter",
    "lobbyist",
    "city clerk",
    "probation officer",
    "firefighter",
    "paramedic",
    "lifeguard",
    "park ranger",
    "wildlife rehabilitator",
    "soil scientist",
    "hydrologist",
    "aquaculture technician",
    "greenhouse grower",
    "florist",
    "baker",
    "butcher",
    "cheesemaker",
    "food safety inspector",
    "school librarian",
    "special education teacher",
    "driving instructor",
    "yoga teacher",
    "swim coach",
    "referee",
    "esports coach",
    "escape room designer",
    "cruise director",
    "tour guide",
)

SUBJECTS = (
    "shift premiums",
    "four-on four-off rotas",
    "tool theft",
    "pension transfers",
    "tax on tips",
    "unpaid trial shifts",
    "zero-hours contracts",
    "jury duty",
    "fitness tests",
    "security clearance",
    "visa sponsorship",
    "moving abroad",
    "returning after a career break",
    "asking for a raise",
    "writing a resignation letter",
    "counter-offers",
    "garden leave",
    "stock vesting cliffs",
    "apprentice wages",
    "per diem rates",
    "hazard pay",
    "uniform allowances",
    "mileage claims",
    "sick pay",
    "bereavement leave",
    "a second job",
    "self-assessment tax returns",
    "professional indemnity insurance",
    "trade union ballots",
    "a grievance procedure",
    "workplace mediation",
    "a disciplinary hearing",
    "redundancy pay",
    "a job share",
    "compressed hours",
    "term-time working",
    "night-time sleep",
    "ergonomic equipment",
    "hearing protection",
    "heat stress",
    "lone working",
    "peer review",
    "imposter feelings",
    "a portfolio website",
    "a LinkedIn headline",
    "a skills-based CV",
    "a trial project",
    "take-home assignments",
    "panel interviews",
    "salary bands",
)

TITLE_FORMS = (
    "The Honest Guide to {Subject} for {Trade}s",
    "{Subject}: What a {Trade} Needs to Know",
    "How I Handled {Subject} in My First Year as a {Trade}",
    "{Trade} FAQ: {Subject}",
    "Everything Nobody Tells You About {Subject} as a {Trade}",
    "{Subject} in Practice: Notes From a {Trade}",
    "A Realistic Look at {Subject} for {Trade}s",
    "Ten Questions About {Subject} From {Trade}s",
    "When {Subject} Goes Wrong: A {Trade} Case Study",
    "{Subject}, Explained by a {Trade}",
    "Before You Agree to {Subject}: Advice for {Trade}s",
    "The {Trade}'s Handbook on {Subject}",
    "{Subject} Compared: Employed vs Self-Employed {Trade}s",
    "Understanding {Subject} as a Part-Time {Trade}",
)

NEAR_TAILS = (
    " (2026 Edition)",
    ", Revised",
    ": Part Two",
    " - Updated Checklist",
    " for Newcomers",
    " in the UK",
)

SECTIONS = (
    "what the rules actually say",
    "a typical week",
    "how pay is worked out",
    "what to put in writing",
    "conversations with your supervisor",
    "the paperwork trail",
    "mistakes I made",
    "what changed after five years",
    "regional differences",
    "if you are self-employed",
    "if you work for an agency",
    "red flags in a contract",
    "how colleagues cope",
    "useful numbers",
    "getting a second opinion",
    "what to do next week",
    "a sample message",
    "further reading",
    "the short version",
    "questions readers sent in",
)

STARTS = (
    "In my experience,",
    "On most sites,",
    "For a {trade},",
    "Across the sector,",
    "Sooner or later,",
    "During the first season,",
    "Once the probation ends,",
    "If the employer is small,",
    "Where a union is recognised,",
    "When the rota changes,",
)
CLAUSES = (
    "{subject} is negotiated informally",
    "nobody explains {subject} until something breaks",
    "the handbook mentions {subject} in a single line",
    "{subject} costs more than the headline figure",
    "the person who knows most about {subject} is rarely the manager",
    "a short email about {subject} saves a long argument",
    "{subject} is handled differently by every team",
    "the rules on {subject} changed twice in three years",
    "a {trade} learns about {subject} from the people on the next shift",
    "records of {subject} decide disputes",
    "questions about {subject} are welcome if they are specific",
    "{subject} is easier to fix early than late",
)
ENDS = (
    ".",
    ", so keep notes.",
    ", which surprises most newcomers.",
    ", at least in the places I have worked.",
    ", and that is worth knowing before you sign.",
    ", though the details depend on the contract.",
    ", and nobody minds a polite reminder.",
)
ASIDES = (
    "Keep copies of every payslip for at least six years.",
    "Ask where the policy is published and save a copy.",
    "A calendar reminder beats a promise made in a corridor.",
    "Check the figures yourself rather than trusting the summary.",
    "If a rule is unclear, ask for an example.",
    "Agree the next step before the meeting ends.",
)

ADVANTAGES = (
    "Predictable rota",
    "Generous overtime rate",
    "Quick progression",
    "Secure contract",
    "Time for family",
    "Freedom to choose jobs",
    "Employer-paid courses",
    "Plenty of vacancies",
    "Transparent pay scale",
    "Cheap to get started",
    "Varied daily work",
    "Friendly crew",
    "Short commute",
    "Outdoor work",
)
DRAWBACKS = (
    "Unpredictable rota",
    "Stingy overtime rate",
    "Slow progression",
    "Insecure contract",
    "Little time for family",
    "No say over jobs",
    "Self-funded courses",
    "Few vacancies",
    "Opaque pay scale",
    "Expensive to get started",
    "Monotonous daily work",
    "Cliquey crew",
    "Physical strain",
    "Weather exposure",
)
REASONS = (
    "It shows up in the first month.",
    "Much depends on the site manager.",
    "Most people I asked mentioned it.",
    "It compounds over a career.",
    "Agencies differ a lot here.",
    "Seniority softens it.",
    "Contracts rarely spell it out.",
)

LINK_SITES = (
    "https://example.org/guides/",
    "https://example.com/rights/",
    "https://example.net/forum/t/",
)

SNIPPETS = (
    (
        "text",
        [
            "Hi {name},",
            "",
            "Following our chat today, I am confirming {subject} as agreed:",
            "- start date: {date}",
            "- review after: 3 months",
            "",
            "Thanks,",
            "{me}",
        ],
    ),
    (
        "yaml",
        [
            "rota:",
            "  week_a: [mon, tue, fri, sat]",
            "  week_b: [wed, thu, sun]",
            "premium_per_hour: 2.40",
            "notes: check {subject} each quarter",
        ],
    ),
    (
        "",
        [
            "=SUMIFS(Hours[Paid], Hours[Week], A2) * Rate",
            "=IF(B2>40, (B2-40)*Rate*1.5, 0)",
        ],
    ),
)
NAMES = ("Priya", "Tomasz", "Aoife", "Kwame", "Lucía", "Henrik", "Mei", "Dmitri", "Fatima", "Oskar")

FOOTERS = (
    "Got a question about your own contract? Our reader clinic answers one a week.",
    "Nothing here is legal advice; check with your union or a qualified adviser.",
    "Filed under workplace rights. Comments are moderated before they appear.",
)
SECTIONS_SITE = (
    "workplace-rights",
    "money",
    "trades",
    "health-and-safety",
    "job-hunting",
    "self-employment",
    "creative-work",
    "public-service",
)
AUTHORS = ("R. Okafor", "J. Lindqvist", "S. Haddad", "M. Ferreira", "L. Nakamura", "the desk")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_SMALL = frozenset(
    ("a", "an", "the", "and", "or", "for", "of", "to", "in", "on", "at", "by", "vs", "as", "with")
)


def _headline(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        w if (i and w in _SMALL) else "-".join(_upper_first(part) for part in w.split("-"))
        for i, w in enumerate(words)
    )


_A_VOWEL = re.compile(r"\b([Aa])( (?![Uu]ni|[Oo]ne)[AEIOUaeiou])")


def _put(template: str, trade: str, subject: str) -> str:
    text = (
        template.replace("{Trade}", _headline(trade))
        .replace("{Subject}", _headline(subject))
        .replace("{trade}", trade)
        .replace("{subject}", subject)
    )
    return _A_VOWEL.sub(lambda m: m[1] + "n" + m[2], text)


_ODD_CASE = re.compile(r"\b(\w)(\w*)-(\w)")


class Writer:
    """One article's text, drawn from one random stream so a seed fixes the corpus."""

    def __init__(self, rng: random.Random, trade: str, subject: str) -> None:
        self.rng = rng
        self.trade = trade
        self.subject = subject
        self.case = rng.choices(("headline", "sentence", "uneven"), (4, 4, 2))[0]

    def sentence(self) -> str:
        r = self.rng
        start = r.choice(STARTS)
        text = f"{start} {r.choice(CLAUSES)}{r.choice(ENDS)}"
        return _upper_first(_put(text, self.trade, self.subject))

    def paragraph(self, low: int, high: int, link: float = 0.0) -> str:
        r = self.rng
        parts = [self.sentence() for _ in range(r.randint(low, high))]
        if r.random() < 0.3:
            parts.insert(r.randrange(len(parts) + 1), r.choice(ASIDES))
        if r.random() < link:
            slug = re.sub(r"[^a-z0-9]+", "-", self.subject).strip("-")
            anchor = f"the guide on {self.subject}"
            parts.append(f"See [{anchor}]({r.choice(LINK_SITES)}{slug}) for the details.")
        return " ".join(parts)

    def heading(self, text: str) -> str:
        if self.case == "headline" or (self.case == "uneven" and self.rng.random() < 0.4):
            text = _headline(text)
        else:
            text = _upper_first(text)
        if self.rng.random() < 0.01:  # odd case inside a compound: "Part-time" -> "part-Time"
            text = _ODD_CASE.sub(lambda m: m[1].lower() + m[2] + "-" + m[3].upper(), text, count=1)
        return text

    def nested_list(self) -> list[str]:
        r = self.rng
        out = []
        for _ in range(r.randint(3, 6)):
            out.append(f"- {r.choice(ASIDES)}")
            for _ in range(r.choice((0, 0, 1, 2, 3))):
                out.append(f"  - {self.sentence()}")
                if r.random() < 0.2:
                    out.append(f"    - {r.choice(REASONS)}")
        return [*out, ""]

    def pay_table(self) -> list[str]:
        r = self.rng
        cols = r.choice((("Region", "Hourly", "Premium"), ("Year", "Band", "Median", "Top 10%")))
        out = ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
        for i in range(r.randint(4, 12)):
            first = f"Area {chr(65 + i)}" if cols[0] == "Region" else str(2015 + i)
            cells = [first] + [f"{r.uniform(9, 60):.2f}" for _ in cols[1:]]
            out.append("| " + " | ".join(cells) + " |")
        return [*out, ""]

    def code(self) -> list[str]:
        r = self.rng
        lang, body = r.choice(SNIPPETS)
        fill = {
            "{name}": r.choice(NAMES),
            "{me}": r.choice(NAMES),
            "{date}": f"{r.randint(1, 28)} March",
            "{subject}": self.subject,
        }
        lines = []
        for line in body:
            for k, v in fill.items():
                line = line.replace(k, v)
            lines.append(line)
        return [f"```{lang}", *lines, "```", ""]

    def pros_cons(self) -> list[str]:
        r = self.rng
        k = r.randint(4, 7)
        picks = r.sample(range(len(ADVANTAGES)), k)
        pros = [ADVANTAGES[i] for i in picks]
        rest = [i for i in range(len(DRAWBACKS)) if i not in picks]
        cons = [DRAWBACKS[i] for i in r.sample(rest, r.randint(4, 7))]
        if r.random() < 0.12:  # a pro and its opposite
            cons[0] = DRAWBACKS[picks[0]]
        if r.random() < 0.02:  # the same item on both sides
            cons[-1] = pros[-1]
        one_sided = r.random() < 0.05
        skip = r.random() < 0.02
        form = r.choice(("sections", "sections", "labels", "table"))
        out: list[str] = []
        if form == "table" and not one_sided:
            out += ["| Advantages | Drawbacks |", "| :-- | :-- |"]
            rows = max(len(pros), len(cons))
            for i in range(rows):
                p = pros[i] if i < len(pros) else ""
                c = cons[i] if i < len(cons) else ""
                out.append(f"| {p} | {c} |")
            return [*out, ""]
        sides = [("Pros", pros)] + ([] if one_sided else [("Cons", cons)])
        for name, items in sides:
            if form == "labels":
                out += [f"**{name}**", ""]
            else:
                out += [f"### {self.heading(name.lower())}", ""]
            for i, item in enumerate(items, 1):
                n = i + 1 if skip and i >= 3 else i
                out.append(f"{n}. **{item}** - {r.choice(REASONS)}")
            out.append("")
        return out


def _yaml_front(r: random.Random, title: str, slug: str, day: dt.date) -> list[str]:
    fm = ["---"]
    if r.random() > 0.02:
        fm.append(f"title: {title!r}" if "'" not in title else f'title: "{title}"')
    fm.append(f"author: {r.choice(AUTHORS)}")
    if r.random() < 0.01:
        fm.append(f"date: {day.year}-02-30")
    else:
        fm.append(f"date: {day.isoformat()}")
    if r.random() < 0.35:
        shift = r.randint(-30, 400) if r.random() < 0.06 else r.randint(1, 400)
        fm.append(f"updated: {(day + dt.timedelta(days=shift)).isoformat()}")
    fm.append(f"permalink: /{slug}/")
    if r.random() < 0.005:
        fm.append(f"author: {r.choice(AUTHORS)}")
    fm.append(f"section: {r.choice(SECTIONS_SITE)}")
    summary = "" if r.random() < 0.02 else f"Practical notes on {title.lower()}."
    fm.append(f'summary: "{summary}"')
    fm.append("keywords:")
    fm += [f"  - {k}" for k in r.sample(SECTIONS_SITE, r.randint(1, 3))]
    fm.append("---")
    return fm


def _toml_front(r: random.Random, title: str, slug: str, day: dt.date) -> list[str]:
    fm = ["+++"]
    if r.random() > 0.02:
        fm.append(f'title = "{title}"')
    fm.append(f'author = "{r.choice(AUTHORS)}"')
    fm.append(f"date = {day.isoformat()}")
    if r.random() < 0.3:
        fm.append(f"updated = {(day + dt.timedelta(days=r.randint(1, 300))).isoformat()}")
    fm.append(f'permalink = "/{slug}/"')
    fm.append(f'section = "{r.choice(SECTIONS_SITE)}"')
    fm.append(f'summary = "Practical notes on {title.lower()}."')
    keys = ", ".join(f'"{k}"' for k in r.sample(SECTIONS_SITE, 2))
    fm.append(f"keywords = [{keys}]")
    fm.append("+++")
    return fm


def _markdown(
    r: random.Random, title: str, trade: str, subject: str, slug: str, day: dt.date
) -> str:
    w = Writer(r, trade, subject)
    lines: list[str] = []
    kind = r.choices(("yaml", "toml", "none"), (80, 15, 5))[0]
    if kind == "yaml":
        lines += _yaml_front(r, title, slug, day)
    elif kind == "toml":
        lines += _toml_front(r, title, slug, day)
    else:
        lines += [f"# {title}"]
    lines.append("")
    if r.random() < 0.03:  # the title again, as the first line of the body
        lines += [title, ""]
    if r.random() < 0.2:
        lines += [f"> {w.sentence()}", ">", f"> - {r.choice(NAMES)}", ""]
    lines += [w.paragraph(3, 5, link=0.3), ""]
    chosen = r.sample(SECTIONS, r.randint(8, 14))
    pc_at = r.randrange(2, len(chosen))
    for i, sec in enumerate(chosen):
        lines += [f"## {w.heading(_put(sec, trade, subject))}", ""]
        if r.random() < 0.01:  # an empty section
            continue
        lines += [w.paragraph(2, 5, link=0.15), ""]
        extra = r.random()
        if extra < 0.25:
            lines += w.nested_list()
        elif extra < 0.4:
            lines += w.pay_table()
        elif extra < 0.5:
            lines += w.code()
        if r.random() < 0.35:
            level = "####" if r.random() < 0.02 else "###"  # a level jump now and then
            lines += [f"{level} {w.heading(f'notes for the {trade}')}", ""]
            lines += [w.paragraph(2, 3), ""]
        if r.random() < 0.4:
            lines += [w.paragraph(1, 3), ""]
        if i == pc_at:
            lines += [f"## {w.heading(f'pros and cons of {subject}')}", ""]
            lines += w.pros_cons()
    if r.random() < 0.25:
        ref = re.sub(r"[^a-z0-9]+", "-", subject).strip("-")
        lines += [f"More in [our archive][archive] and [the {trade} forum][forum].", ""]
        lines += [f"[archive]: https://example.org/archive/{ref}", ""]
        lines += [f"[forum]: https://example.net/forum/{ref}", ""]
    for footer, share in zip(FOOTERS, (0.35, 0.15, 0.08), strict=True):
        if r.random() < share:
            lines += [footer, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _plain(r: random.Random, title: str, trade: str, subject: str, section: str) -> str:
    w = Writer(r, trade, subject)
    label = _upper_first(section.replace("-", " "))
    lines = [title, "", label, "", w.paragraph(3, 5), ""]
    for sec in r.sample(SECTIONS, r.randint(4, 8)):
        lines += [_upper_first(_put(sec, trade, subject)), "", w.paragraph(3, 5), ""]
    pros = r.sample(ADVANTAGES, r.randint(3, 5))
    lines += ["Pros:", ""]
    for i, p in enumerate(pros, 1):
        lines += [f"{i}. {p}: {r.choice(REASONS)}"]
    lines.append("")
    if r.random() > 0.06:
        lines += ["Cons:", ""]
        for i, c in enumerate(r.sample(DRAWBACKS, r.randint(3, 5)), 1):
            lines += [f"{i}. {c}: {r.choice(REASONS)}"]
        lines.append("")
    lines += [w.paragraph(2, 3), "", label]
    return "\n".join(lines) + "\n"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _titles(r: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(title, trade, subject) per article: distinct, but for planted duplicates."""
    space = len(TRADES) * len(SUBJECTS) * len(TITLE_FORMS)
    picks = r.sample(range(space), min(count, space))
    out: list[tuple[str, str, str]] = []
    for i in range(count):
        roll = r.random()
        if out and roll < 0.01:  # the same title twice
            out.append(r.choice(out))
        elif out and roll < 0.04:  # the same title with a tail
            base, trade, subject = r.choice(out)
            out.append((base + r.choice(NEAR_TAILS), trade, subject))
        else:
            k = picks[i % len(picks)]
            trade = TRADES[k % len(TRADES)]
            subject = SUBJECTS[(k // len(TRADES)) % len(SUBJECTS)]
            form = TITLE_FORMS[k // (len(TRADES) * len(SUBJECTS))]
            out.append((_put(form, trade, subject), trade, subject))
    return out


def _article(r: random.Random, title: str, trade: str, subject: str) -> tuple[str, str, str]:
    """(section folder, extension, text) of one article."""
    section = r.choice(SECTIONS_SITE)
    day = dt.date(2019, 3, 1) + dt.timedelta(days=r.randrange(2500))
    if r.random() < 0.1:
        return section, ".txt", _plain(r, title, trade, subject, section)
    return section, ".md", _markdown(r, title, trade, subject, slugify(title), day)


CONFIG = (
    "# Long-article benchmark corpus: every article takes part in the cross-file rules.\n"
    'corpus:\n  - "**/*.md"\n  - "**/*.txt"\n'
)


def generate(out_dir: str | Path, count: int, seed: int = 11) -> list[str]:
    """Write `count` articles under `out_dir` (plus its .artlint.yaml); return their paths."""
    r = random.Random(seed)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".artlint.yaml").write_text(CONFIG, encoding="utf-8")
    paths: list[str] = []
    used: dict[str, int] = {}
    for i, (title, trade, subject) in enumerate(_titles(r, count)):
        section, ext, text = _article(r, title, trade, subject)
        slug = slugify(title)
        n = used.get(slug, 0)
        used[slug] = n + 1
        folder = root / section / f"batch-{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slug if n == 0 else f'{slug}-{n + 1}'}{ext}"
        path.write_text(text, encoding="utf-8")
        paths.append(os.fspath(path))
    return paths


def extra_article(seed: int) -> str:
    """A Markdown article that is not in any generated corpus: what an author adds."""
    r = random.Random(f"extra-{seed}")
    trade, subject = r.choice(TRADES), r.choice(SUBJECTS)
    title = _put(r.choice(TITLE_FORMS), trade, subject) + f" (Reader Question {seed})"
    day = dt.date(2026, 1, 1) + dt.timedelta(days=r.randrange(300))
    return _markdown(r, title, trade, subject, slugify(title), day)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    paths = generate(args.out_dir, args.count, args.seed)
    total = sum(Path(p).stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} articles ({total / len(paths) / 1024:.1f} KB each on average) "
        f"to {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
