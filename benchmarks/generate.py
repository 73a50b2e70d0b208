"""Seeded generator of career articles for benchmarking artlint and its peers.

The corpus looks like what a content site holds: Markdown articles with YAML front
matter, headings in mixed capitalisation styles, pros and cons written as sections,
bold labels, numbered items or tables, a few plain-text exports, exact and near
duplicate titles, template residue shared by many articles, and a share of the
usual mistakes (missing fields, skipped numbers, level jumps).  Every word comes
from the small vocabulary below, written for this benchmark, so the corpus can be
rebuilt anywhere from a seed and a size without shipping any data.

    python benchmarks/generate.py OUT_DIR --count 10000 [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
from pathlib import Path

ROLES = (
    "data analyst",
    "nurse practitioner",
    "UX writer",
    "site reliability engineer",
    "bookkeeper",
    "warehouse supervisor",
    "dental hygienist",
    "court interpreter",
    "copy editor",
    "paralegal",
    "line cook",
    "physical therapist",
    "tax preparer",
    "solar installer",
    "pharmacy technician",
    "museum educator",
    "claims adjuster",
    "school counselor",
    "sound engineer",
    "flight dispatcher",
    "grant writer",
    "landscape architect",
    "HR generalist",
    "QA tester",
    "mobile developer",
    "social media manager",
    "event planner",
    "veterinary assistant",
    "electrician",
    "radiology technologist",
    "product designer",
    "supply chain planner",
    "customer success manager",
    "technical writer",
    "wind turbine technician",
    "speech therapist",
    "real estate appraiser",
    "community manager",
    "loan officer",
    "security analyst",
    "video editor",
    "sommelier",
    "locksmith",
    "archivist",
    "occupational therapist",
    "cloud architect",
    "payroll specialist",
    "tutor",
    "recruiter",
    "carpenter",
    "medical coder",
    "data engineer",
    "barista trainer",
    "personal trainer",
    "urban planner",
    "translator",
    "illustrator",
    "mechanic",
    "dietitian",
    "bank teller",
    "insurance broker",
    "podcast producer",
    "IT support specialist",
    "machine learning engineer",
    "game tester",
    "environmental scientist",
    "logistics coordinator",
    "chef de partie",
    "virtual assistant",
    "SEO consultant",
    "web developer",
    "research librarian",
    "surveyor",
    "welder",
    "respiratory therapist",
    "compliance officer",
    "operations manager",
    "scrum master",
    "forklift operator",
    "pastry chef",
    "marine biologist",
    "optician",
    "plumber",
    "air traffic controller",
    "biomedical engineer",
    "actuary",
    "copywriter",
    "photographer",
    "choreographer",
    "home health aide",
    "cybersecurity auditor",
    "financial planner",
    "agronomist",
    "sign language interpreter",
    "brand strategist",
    "database administrator",
    "hotel concierge",
    "tattoo artist",
    "crane operator",
    "fundraising manager",
    "quantity surveyor",
    "geologist",
    "proofreader",
    "robotics technician",
    "sales engineer",
    "travel nurse",
    "pilot",
    "film colorist",
    "beekeeper",
    "patent examiner",
    "phlebotomist",
    "cartographer",
    "estimator",
    "doula",
    "drone operator",
    "wedding officiant",
    "piano tuner",
    "accessibility specialist",
    "clinical researcher",
    "dog groomer",
)

TOPICS = (
    "salary negotiation",
    "night shifts",
    "a four-day week",
    "remote onboarding",
    "portfolio reviews",
    "certification costs",
    "burnout recovery",
    "first interviews",
    "career switching",
    "freelance contracts",
    "union membership",
    "side projects",
    "performance reviews",
    "relocation packages",
    "mentorship",
    "overtime rules",
    "job boards",
    "cover letters",
    "reference checks",
    "probation periods",
    "parental leave",
    "continuing education",
    "networking events",
    "pay transparency",
    "hybrid schedules",
    "contract renewals",
    "skills tests",
    "apprenticeships",
    "licensing exams",
    "retirement savings",
    "health insurance",
    "seasonal work",
    "team leadership",
    "workplace injuries",
    "client feedback",
    "time tracking",
    "home offices",
    "coworking spaces",
    "equity grants",
    "signing bonuses",
    "layoff rumors",
    "promotion paths",
    "internal transfers",
    "exit interviews",
    "volunteer shifts",
    "weekend coverage",
    "travel budgets",
    "tool allowances",
    "commute costs",
    "language courses",
    "soft skills",
    "public speaking",
    "online courses",
    "job shadowing",
    "background checks",
    "noncompete clauses",
    "tip pooling",
    "on-call rotations",
    "sabbaticals",
    "shift swaps",
)

TEMPLATES = (
    "How {Role}s Handle {Topic}",
    "{Topic} for New {Role}s: A Field Guide",
    "What Every {Role} Should Know About {Topic}",
    "The {Role} Playbook for {Topic}",
    "Is {Topic} Worth It for a {Role}?",
    "{Topic} Explained for {Role}s",
    "Pros and Cons of {Topic} as a {Role}",
    "A {Role}'s Checklist for {Topic}",
    "Mistakes {Role}s Make With {Topic}",
    "{Topic} Questions Hiring Managers Ask {Role}s",
    "Getting Better at {Topic} as a Junior {Role}",
    "Why {Role}s Rethink {Topic} Mid-Career",
    "Seven Lessons on {Topic} From Veteran {Role}s",
    "Planning {Topic} Around a {Role} Schedule",
    "Should a {Role} Push Back on {Topic}?",
    "{Topic} Budget Planner for {Role}s",
    "Talking to Your Manager About {Topic}: {Role} Edition",
    "{Role} Survival Notes on {Topic}",
    "Negotiating {Topic} When You Work as a {Role}",
    "Comparing {Topic} Offers as an Experienced {Role}",
)

QUALIFIERS = (
    "in 2025",
    "for Beginners",
    "(Updated)",
    "in Canada",
    "on a Budget",
    "Step by Step",
    "for Career Changers",
)

CATEGORIES = (
    "career-growth",
    "job-search",
    "workplace",
    "pay-and-benefits",
    "freelancing",
    "remote-work",
    "skills",
    "wellbeing",
    "education",
    "industry-guides",
)

OPENERS = (
    "Most people who start as a {role} learn about {topic} the hard way.",
    "Ask any {role} about {topic} and you will hear a dozen different stories.",
    "When the conversation turns to {topic}, a {role} usually has more options than expected.",
    "{Topic} rarely shows up in a job ad, yet it shapes the daily life of a {role}.",
    "Few parts of the job cause as much quiet worry for a {role} as {topic}.",
)

SUBJECTS = (
    "A seasoned {role}",
    "Your team lead",
    "A careful hiring manager",
    "The payroll office",
    "A new {role}",
    "Almost every employer",
    "A small agency",
    "A large hospital",
    "A regional firm",
    "A good mentor",
    "The union steward",
    "A repeat client",
)
VERBS = (
    "tends to weigh",
    "often underestimates",
    "usually documents",
    "will ask about",
    "quietly rewards",
    "keeps a record of",
    "plans ahead for",
    "negotiates around",
    "compares notes on",
    "rarely budgets for",
    "checks twice before agreeing to",
    "learns to question",
)
OBJECTS = (
    "the hidden cost of {topic}",
    "the timing of {topic}",
    "written terms for {topic}",
    "what {topic} means for next year",
    "the fine print behind {topic}",
    "how {topic} affects weekends",
    "the paperwork that follows {topic}",
    "the first month of {topic}",
    "honest feedback about {topic}",
    "a fallback plan if {topic} goes wrong",
)
TAILS = (
    "",
    " before signing anything",
    " with a short spreadsheet",
    " after the first review",
    " during the busy season",
    " by talking to peers",
    " without losing momentum",
    " even when the pay looks generous",
    " long before the deadline",
)
ADVICE = (
    "Keep a running note of what you agreed to and when.",
    "Write the numbers down; memory is generous to whoever spoke last.",
    "Ask for the policy in writing, then read it twice.",
    "Set a review date so the arrangement does not drift.",
    "Talk to two people who did the same move a year ago.",
    "Block an hour each month to check whether the plan still fits.",
    "Treat the first offer as a draft rather than a verdict.",
)

PRO_LABELS = (
    "Flexible hours",
    "Higher pay",
    "Faster promotion",
    "Steady income",
    "Better work-life balance",
    "More autonomy",
    "Paid training",
    "Strong demand",
    "Clear career path",
    "Low entry cost",
    "Creative freedom",
    "Supportive team",
)
CON_LABELS = (
    "Irregular hours",
    "Lower pay",
    "Slow promotion",
    "Unstable income",
    "Poor work-life balance",
    "Less autonomy",
    "Unpaid training",
    "Weak demand",
    "Long commute",
    "High entry cost",
    "Repetitive tasks",
    "Isolation",
)
EXPLAIN = (
    "This matters most in the first two years.",
    "It depends heavily on the employer.",
    "Peers mention it in almost every survey.",
    "It adds up over a full year.",
    "Smaller teams feel it more sharply.",
    "It changes once you gain seniority.",
)

SECTION_TITLES = (
    "Why {topic} matters",
    "What the first month looks like",
    "Questions to ask early",
    "Common traps to avoid",
    "Tools that help",
    "How to talk about {topic}",
    "Planning the budget",
    "When to walk away",
    "Signs it is working",
    "What experienced colleagues do differently",
    "Where to find support",
    "Building a routine around {topic}",
    "Reading the contract",
    "Tracking progress",
)

BOILERPLATE = (
    "Subscribe to the weekly shift digest for more field notes.",
    "This guide is part of our career toolkit series for working professionals.",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title_case(text: str) -> str:
    minor = {"a", "an", "the", "and", "or", "for", "of", "to", "in", "on", "at", "by", "with"}
    words = text.split(" ")
    return " ".join(
        w if i and w in minor else (w if w[:1].isupper() else _cap(w)) for i, w in enumerate(words)
    )


def _fill(template: str, role: str, topic: str) -> str:
    text = (
        template.replace("{Role}", _title_case(role))
        .replace("{Topic}", _title_case(topic))
        .replace("{role}", role)
        .replace("{topic}", topic)
    )
    return _ARTICLE.sub(lambda m: m[1] + "n" + m[2], text)


_ARTICLE = re.compile(r"\b([Aa])( [AEIOUaeiou])")


def _sentence(rng: random.Random, role: str, topic: str) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."
    return _cap(_fill(s, role, topic))


def _paragraph(rng: random.Random, role: str, topic: str, n: int) -> str:
    parts = [_sentence(rng, role, topic) for _ in range(n)]
    if rng.random() < 0.4:
        parts.append(rng.choice(ADVICE))
    return " ".join(parts)


def _heading(rng: random.Random, text: str, style: str) -> str:
    if style == "title":
        return _title_case(text)
    if style == "mixed" and rng.random() < 0.35:
        return _title_case(text)
    return _cap(text)


def _pros_cons(rng: random.Random, style: str, one_sided: bool, skip: bool) -> list[str]:
    pros = rng.sample(PRO_LABELS, rng.randint(3, 5))
    cons = rng.sample(CON_LABELS, rng.randint(3, 5))
    if rng.random() < 0.15:  # the same topic leaning both ways
        cons[0] = CON_LABELS[PRO_LABELS.index(pros[0])] if pros[0] in PRO_LABELS[:10] else cons[0]
    out: list[str] = []
    form = rng.choice(("numbered", "bold", "bullets", "table"))
    if form == "table" and not one_sided:
        out += ["| Pros | Cons |", "| --- | --- |"]
        out += [f"| {p} | {c} |" for p, c in zip(pros, cons, strict=False)]
        return [*out, ""]
    sides = (("Pros", pros),) if one_sided else (("Pros", pros), ("Cons", cons))
    for name, labels in sides:
        out += [f"### {name}", ""]
        for i, label in enumerate(labels, 1):
            num = i + 1 if skip and i == 3 else i
            label = _heading(rng, label.lower(), style)
            if form == "numbered":
                out.append(f"{num}. {label}: {rng.choice(EXPLAIN)}")
            elif form == "bold":
                out.append(f"- **{label}:** {rng.choice(EXPLAIN)}")
            else:
                out.append(f"- {label}")
            if form == "numbered":
                out.append("")
        out.append("")
    return out


def _front_matter(
    rng: random.Random, title: str, slug: str, category: str, day: dt.date
) -> list[str]:
    fm = ["---", "layout: post", f'title: "{title}"']
    if rng.random() > 0.04:
        fm.append(f'description: "A practical look at {title.lower()} for working people."')
    when = f"{day.isoformat()} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00 +0200"
    if rng.random() < 0.01:
        when = f"{day.year}-06-31"
    fm.append(f"date: {when}")
    if rng.random() < 0.3:
        later = day + dt.timedelta(days=rng.randint(-20, 200))
        fm.append(f"last_modified_at: {later.isoformat()}")
    fm.append(f"slug: {slug}")
    fm.append(f"categories: [{category}]")
    if rng.random() < 0.01:
        fm.append(f"slug: {slug}-copy")
    fm.append(f"tags: [{', '.join(rng.sample(CATEGORIES, 2))}]")
    fm.append("---")
    return fm


def _markdown(
    rng: random.Random, title: str, role: str, topic: str, slug: str, category: str, day: dt.date
) -> str:
    style = rng.choices(("title", "sentence", "mixed"), (5, 3, 2))[0]
    lines: list[str] = []
    if rng.random() < 0.94:
        lines += _front_matter(rng, title, slug, category, day)
    elif rng.random() < 0.5:
        lines += [f"# {title}", ""]
    else:
        lines += [title, "=" * len(title), ""]
    if rng.random() < 0.05:
        lines += [category.replace("-", " ").title(), ""]
    lines += ["## " + _heading(rng, "introduction", style), ""]
    opener = _cap(_fill(rng.choice(OPENERS), role, topic))
    lines += [opener + " " + _paragraph(rng, role, topic, 3), ""]
    sections = rng.sample(SECTION_TITLES, rng.randint(3, 5))
    pc_at = rng.randrange(len(sections))
    for i, sec in enumerate(sections):
        lines += ["## " + _heading(rng, _fill(sec, role, topic), style), ""]
        lines += [_paragraph(rng, role, topic, rng.randint(2, 4)), ""]
        if rng.random() < 0.6:
            lines += [_paragraph(rng, role, topic, rng.randint(2, 3)), ""]
        if rng.random() < 0.3:
            level = "####" if rng.random() < 0.1 else "###"
            lines += [f"{level} " + _heading(rng, f"a note for the {role}", style), ""]
            lines += [_paragraph(rng, role, topic, 2), ""]
        if i == pc_at:
            lines += ["## " + _heading(rng, f"pros and cons of {topic}", style), ""]
            lines += _pros_cons(rng, style, rng.random() < 0.08, rng.random() < 0.03)
        if rng.random() < 0.2:
            for _ in range(1, rng.randint(3, 5)):
                lines.append(f"- {_cap(rng.choice(ADVICE))}")
            lines.append("")
    lines += ["## " + _heading(rng, "final thoughts", style), ""]
    lines += [_paragraph(rng, role, topic, 2), ""]
    if rng.random() < 0.5:
        lines += [BOILERPLATE[rng.random() < 0.25], ""]
    if lines[-1] == "" and rng.random() < 0.5:
        lines.pop()
    return "\n".join(lines) + "\n"


def _plain_text(rng: random.Random, title: str, role: str, topic: str, category: str) -> str:
    label = category.replace("-", " ").title()
    lines = [title, "", label, ""]
    opener = _cap(_fill(rng.choice(OPENERS), role, topic))
    lines += [opener + " " + _paragraph(rng, role, topic, 3), ""]
    for sec in rng.sample(SECTION_TITLES, rng.randint(2, 4)):
        lines += [_cap(_fill(sec, role, topic)), ""]
        lines += [_paragraph(rng, role, topic, 3), ""]
    lines += ["Pros:", ""]
    for i, p in enumerate(rng.sample(PRO_LABELS, 3), 1):
        lines += [f"{i}. {p}", rng.choice(EXPLAIN), ""]
    if rng.random() > 0.1:
        lines += ["Cons:", ""]
        for i, c in enumerate(rng.sample(CON_LABELS, 3), 1):
            lines += [f"{i}. {c}", rng.choice(EXPLAIN), ""]
    lines += [_paragraph(rng, role, topic, 2), "", label]
    return "\n".join(lines) + "\n"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def titles(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(title, role, topic) per article: unique, except planted exact and near duplicates."""
    space = len(ROLES) * len(TOPICS) * len(TEMPLATES)
    picks = rng.sample(range(space), min(count, space))
    out: list[tuple[str, str, str]] = []
    for i in range(count):
        if out and rng.random() < 0.015:  # the same title twice
            out.append(rng.choice(out))
            continue
        if out and rng.random() < 0.02:  # the same title with a qualifier
            base, role, topic = rng.choice(out)
            out.append((f"{base.rstrip('?')} {rng.choice(QUALIFIERS)}", role, topic))
            continue
        k = picks[i % len(picks)]
        role = ROLES[k % len(ROLES)]
        topic = TOPICS[(k // len(ROLES)) % len(TOPICS)]
        template = TEMPLATES[k // (len(ROLES) * len(TOPICS))]
        out.append((_fill(template, role, topic), role, topic))
    return out


def generate(out_dir: str | Path, count: int, seed: int = 7) -> list[str]:
    """Write `count` articles under `out_dir` (plus its .artlint.yaml); return their paths."""
    rng = random.Random(seed)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".artlint.yaml").write_text(
        "# Benchmark corpus: every article takes part in the cross-file rules.\n"
        'corpus:\n  - "**/*.md"\n  - "**/*.txt"\n',
        encoding="utf-8",
    )
    paths: list[str] = []
    start = dt.date(2021, 1, 1)
    seen: dict[str, int] = {}
    for i, (title, role, topic) in enumerate(titles(rng, count)):
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        bucket = f"{category}/{i // 1000:03d}"
        slug = slugify(title)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        name = slug if n == 0 else f"{slug}-{n + 1}"
        day = start + dt.timedelta(days=rng.randrange(1500))
        if rng.random() < 0.08:
            text, ext = _plain_text(rng, title, role, topic, category), ".txt"
        else:
            text, ext = _markdown(rng, title, role, topic, slug, category, day), ".md"
        folder = root / bucket
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}{ext}"
        path.write_text(text, encoding="utf-8")
        paths.append(os.fspath(path))
    return paths


def extra_article(seed: int) -> str:
    """A Markdown article that is not in any generated corpus: what an author adds."""
    rng = random.Random(f"extra-{seed}")
    role, topic = rng.choice(ROLES), rng.choice(TOPICS)
    title = _fill(rng.choice(TEMPLATES), role, topic) + f" (Reader Question {seed})"
    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
    return _markdown(rng, title, role, topic, slugify(title), rng.choice(CATEGORIES), day)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
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
