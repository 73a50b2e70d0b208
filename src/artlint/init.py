"""`artlint init`: a starter `.artlint.yaml` inferred from the site it is run in.

A first run with defaults on a site nobody configured asks for fields the site
never used and judges headings by no convention of its own.  `init` reads the
site once and writes down what it does (like `mdsmith init` or ruff's generated
config): which files are articles, which front-matter fields nearly every
article fills and of what kind, how each tier of headings is capitalised, and
at which level the articles' headings start.  Every inference is printed with
its evidence, and written as a comment beside the setting, so a maintainer can
check it before committing.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from artlint import config, readers, registry, selection
from artlint.article import Article, HeadingKind
from artlint.config import CONFIG_NAMES, DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from artlint.errors import ConfigError
from artlint.language import casing
from artlint.rules.frontmatter import RequiredField, empty, kind_error, usable
from artlint.rules.headings import LABEL_CASED, SECTION_CASED, HeadingCase, LevelJump, article_usage
from artlint.rules.site_fields import site_field

#: Files that sit beside articles in a content repository but are not articles.
_NOT_ARTICLES = (
    "readme",
    "changelog",
    "license",
    "licence",
    "contributing",
    "code_of_conduct",
    "security",
    "authors",
    "todo",
)
#: How many articles are read at most: evenly spaced, so a big site stays quick.
SAMPLE = 2000
#: Share of decided headings one style needs to be the site's: not a near tie.
STYLE_SHARE = 2 / 3
#: Share it needs to be written into the config (HD001 then holds every article
#: to it): a site that mostly keeps a style is still told, in a comment.
STYLE_SET = 0.95


@dataclass
class Inference:
    """What `init` found, each setting with the reason it is printed with."""

    folder: Path
    globs: list[str] = field(default_factory=list)
    articles: int = 0
    read: int = 0
    with_front_matter: int = 0
    required: list[tuple[str, float]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    #: Per tier: (style or None, why, its share of the headings that show one).
    styles: dict[str, tuple[str | None, str, float]] = field(default_factory=dict)
    top_level: tuple[int, float] | None = None
    #: Names of files beside the articles that are not articles (README.md).
    skipped: list[str] = field(default_factory=list)
    #: The fields each folder's articles fill in, when folders have enough of them.
    sections: dict[str, frozenset[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def existing_config(folder: Path) -> Path | None:
    """The config `init` must not overwrite: one of its own names, or a pyproject
    with a [tool.artlint] table."""
    for name in CONFIG_NAMES:
        if (folder / name).exists():
            return folder / name
    pyproject = folder / "pyproject.toml"
    try:
        if pyproject.is_file() and "[tool.artlint" in pyproject.read_text(encoding="utf-8"):
            return pyproject
    except OSError:
        pass
    return None


def _article_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The files that may be articles, and the names of those that are not."""
    suffixes = tuple(p.lstrip("*") for p in DEFAULT_INCLUDE)
    out = []
    skipped: set[str] = set()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(suffixes):
                continue
            if name.rsplit(".", 1)[0].lower() in _NOT_ARTICLES:
                skipped.add(name)
            else:
                out.append(Path(root) / name)
    return out, sorted(skipped)


def _globs(folder: Path, files: Sequence[Path]) -> tuple[list[str], list[Path]]:
    """One glob per top folder and extension (`_posts/*.markdown`, `content/**/*.md`),
    and the files they hold; plain-text files only on a site with no Markdown."""
    if any(f.suffix != ".txt" for f in files):
        files = [f for f in files if f.suffix != ".txt"]
    rel = [f.relative_to(folder) for f in files]
    deep = {p.parts[0] for p in rel if len(p.parts) > 2}
    out: dict[str, None] = {}
    for p in rel:
        parts = p.parts
        if len(parts) == 1:
            out[f"*{p.suffix}"] = None
        elif parts[0] in deep:
            out[f"{parts[0]}/**/*{p.suffix}"] = None
        else:
            out[f"{parts[0]}/*{p.suffix}"] = None
    return sorted(out), list(files)


def _sample(files: Sequence[Path], most: int) -> list[Path]:
    if len(files) <= most:
        return list(files)
    step = len(files) / most
    return [files[int(i * step)] for i in range(most)]


def _read(files: Iterable[Path]) -> Iterator[Article]:
    for path in files:
        try:
            yield readers.read_bytes(str(path), path.read_bytes())
        except (OSError, readers.DecodeError):
            continue


#: Kinds tried in order: the first that every value of a field has is its kind.
_KIND_ORDER = ("date", "bool", "number", "list", "url", "string")


def _kind(key: str, values: Sequence[Any]) -> str | None:
    order = ("slug", *_KIND_ORDER) if key == "slug" else _KIND_ORDER
    for kind in order:
        if all(kind_error(kind, v, None) is None for v in values):
            return kind
    return None


def tier_styles(articles: Sequence[Article]) -> dict[str, tuple[str | None, str, float]]:
    """Per tier ("section" headings, "label" list labels): the site's style, why, and
    its share; or None, why not, and the leading style's share.

    The one place that measures heading style for `init`: HD001's own site-wide
    inference can replace it without touching the rest of this module.
    """
    lex = casing.lexicon()
    counts: dict[str, Counter[str]] = {"section": Counter(), "label": Counter()}
    for article in articles:
        title = article.title
        use = None
        for h in article.headings:
            if h.bare or h is title or h.kind is HeadingKind.TITLE:
                continue
            tier = (
                "section" if h.kind in SECTION_CASED else "label" if h.kind in LABEL_CASED else None
            )
            if tier is None:
                continue
            use = use or article_usage(article)
            judged = casing.judge(h.raw, lex, use)
            if judged:
                counts[tier][casing.classify(judged, lex)] += 1
    out: dict[str, tuple[str | None, str, float]] = {}
    for tier, c in counts.items():
        titled, sentence = c[casing.TITLE], c[casing.SENTENCE]
        decided = titled + sentence
        noun = "headings" if tier == "section" else "list labels"
        if decided < 10:
            out[tier] = (None, f"too few {noun} that show a style ({decided})", 0.0)
            continue
        best, n = (casing.TITLE_ANY, titled) if titled >= sentence else (casing.SENTENCE, sentence)
        share = n / decided
        why = f"{n} of {decided} {noun} that show a style ({share:.0%})"
        out[tier] = (
            (best, why, share)
            if share >= STYLE_SHARE
            else (None, f"no clear majority: {why}", share)
        )
    return out


def _top_level(articles: Sequence[Article]) -> tuple[int, float] | None:
    levels: Counter[int] = Counter()
    for article in articles:
        title = article.title
        found = [
            h.level
            for h in article.headings
            if h.kind in (HeadingKind.ATX, HeadingKind.SETEXT)
            and h is not title
            and not (h.level == 1 and title is not None and h.line == title.line)
        ]
        if found:
            levels[min(found)] += 1
    if not levels:
        return None
    level, n = levels.most_common(1)[0]
    return level, n / sum(levels.values())


def _section_fields(
    articles: Sequence[Article], least: int, share: float
) -> dict[str, frozenset[str]]:
    """The fields nearly every article fills in, per folder with enough articles."""
    parents = [str(Path(a.path).parent) for a in articles if usable(a.front_matter)]
    common = os.path.commonpath(parents) if parents else ""
    by_folder: dict[str, list[Article]] = {}
    for a in articles:
        if usable(a.front_matter) is not None:
            parent = str(Path(a.path).parent)
            # Its own folder, and the top section it is in (`states/` of `states/ohio/`).
            rel = Path(os.path.relpath(parent, common)).parts if common else ()
            for folder in {parent, str(Path(common, *rel[:1]))}:
                by_folder.setdefault(folder, []).append(a)
    out: dict[str, frozenset[str]] = {}
    for folder, group in by_folder.items():
        if len(group) < least:
            continue
        counts: Counter[str] = Counter()
        for a in group:
            fm = usable(a.front_matter)
            if fm is not None:
                counts.update(k for k, v in fm.data.items() if not empty(v))
        out[os.path.relpath(folder, common) if common else folder] = frozenset(
            k for k, c in counts.items() if site_field(c, len(group), share)
        )
    return out


def infer(folder: Path) -> Inference:
    out = Inference(folder)
    files, out.skipped = _article_files(folder)
    out.globs, kept = _globs(folder, files)
    out.articles = len(kept)
    articles = list(_read(_sample(kept, SAMPLE)))
    out.read = len(articles)
    if out.read < len(kept):
        out.notes.append(f"read {out.read} of the {len(kept)} articles, evenly spaced")
    filled: Counter[str] = Counter()
    values: dict[str, list[Any]] = {}
    for article in articles:
        fm = usable(article.front_matter)
        if fm is None:
            continue
        out.with_front_matter += 1
        for key, value in fm.data.items():
            if not empty(value):
                filled[key] += 1
                values.setdefault(key, []).append(value)
    n = out.with_front_matter
    out.sections = _section_fields(articles, RequiredField.MIN_ARTICLES, RequiredField.SHARE)
    if len(set(out.sections.values())) > 1:
        out.notes.append(
            "the site's folders carry different fields ("
            + "; ".join(
                f"{d or '.'}/: {', '.join(sorted(f))}" for d, f in sorted(out.sections.items())
            )
            + "), so `required` is left out and FM005 learns each folder's own"
        )
    if n >= RequiredField.MIN_ARTICLES:
        out.required = sorted(
            ((k, c / n) for k, c in filled.items() if site_field(c, n)),
            key=lambda kv: (-kv[1], kv[0]),
        )
    else:
        out.required = [("title", 1.0)]
        out.notes.append(
            f"only {n} articles with front matter: too few to learn the "
            "required fields from, so only title is required"
        )
    for key, _ in out.required:
        kind = _kind(key, values.get(key, []))
        if kind is not None:
            out.kinds[key] = kind
    out.styles = tier_styles(articles)
    out.top_level = _top_level(articles)
    return out


def render(found: Inference) -> str:
    """The config file's text: each setting with its evidence as a comment."""
    lines = [
        "# Starter config written by `artlint init` from what the site's articles do.",
        "# Check each setting against the site's own rules before committing it.",
        "",
    ]
    globs = ", ".join(f'"{g}"' for g in found.globs)
    names = ", ".join(f'"{n}"' for n in sorted({"*" + Path(g).suffix for g in found.globs}))
    lines += [
        f"# {found.articles} articles, in {', '.join(found.globs)}.",
        "# Which files are linted (names; folders are walked from the paths given):",
        f"include: [{names}]",
    ]
    if found.skipped:
        lines += [
            "# Beside the articles, but not articles:",
            f"extend-exclude: [{', '.join(repr(n) for n in found.skipped)}]",
        ]
    lines += [
        "# The whole site, for the cross-file rules (duplicate titles, boilerplate) and",
        "# for a pre-commit run that lints only a few files.",
        f"corpus: [{globs}]",
        "",
        "rules:",
    ]
    share = ", ".join(f"{k} {s:.0%}" for k, s in found.required)
    if len(set(found.sections.values())) > 1:
        lines += [
            "  # required-field (FM005): the folders carry different fields, so none",
            "  # is set here and FM005 requires what each folder's articles carry:",
        ]
        lines += [f"  #   {d}/: {', '.join(sorted(f))}" for d, f in sorted(found.sections.items())]
    else:
        lines.append("  required-field:      # FM005")
        lines.append(
            f"    # filled in by: {share} of the {found.with_front_matter} articles "
            "with front matter"
            if found.with_front_matter >= 5
            else "    # too few articles to learn from: only the title"
        )
        lines.append(f"    required: [{', '.join(k for k, _ in found.required)}]")
    if found.kinds:
        lines += [
            "  field-type:          # FM006: the kind every value of the field has",
            "    types:",
        ]
        lines += [f"      {k}: {v}" for k, v in found.kinds.items()]
    lines += _heading_case(found.styles)
    if found.top_level is not None:
        level, level_share = found.top_level
        what = f"{level_share:.0%} of the articles start their headings at H{level}"
        if "top-level" in LevelJump.options:
            lines += ["  heading-level-jump:  # HD004", f"    # {what}", f"    top-level: {level}"]
        else:
            lines.append(f"  # heading-level-jump (HD004): {what}")
    return "\n".join(lines) + "\n"


def _heading_case(styles: dict[str, tuple[str | None, str, float]]) -> list[str]:
    """HD001's settings: a style is set when it holds for nearly every heading of
    each tier that has one (HD001's `style` covers both); otherwise it is noted."""
    said = []
    for tier, noun in (("section", "headings"), ("label", "list labels")):
        style, why, _ = styles.get(tier, (None, "", 0.0))
        if why:
            said.append(f"{noun}: {casing.style_name(style) if style else 'no style'} ({why})")
    decided = {t: v for t, v in styles.items() if v[0] is not None}
    chosen = {v[0] for v in decided.values()}
    section = styles.get("section", (None, "", 0.0))
    firm = (
        section[0] is not None
        and len(chosen) == 1
        and all(share >= STYLE_SET for _, _, share in decided.values())
        and all(v[0] is not None or "too few" in v[1] for v in styles.values())
    )
    label = styles.get("label", (None, "", 0.0))
    if firm:
        return [
            "  heading-case:        # HD001",
            *(f"    # {line}" for line in said),
            f"    style: {section[0]}",
        ]
    lines = ["  # heading-case (HD001): no style set, so each article keeps to its own;"]
    if (
        section[0] is not None
        and label[0] is not None
        and "label-style" in HeadingCase.options
        and min(section[2], label[2]) >= STYLE_SET
    ):
        return [
            "  heading-case:        # HD001",
            *(f"    # {line}" for line in said),
            f"    style: {section[0]}",
            f"    label-style: {label[0]}",
        ]
    return (
        lines
        + [f"  # {line}" for line in said]
        + [f"  # (a style is set when at least {STYLE_SET:.0%} of each tier's headings keep it)"]
    )


def report(found: Inference, written: Path) -> str:
    """What `init` tells the user: each inference and why, then where it went."""
    out = [f"Read {found.read} of {found.articles} articles under {found.folder}."]
    out.append(
        f"  articles: {', '.join(found.globs) or 'none found'} (Markdown and text "
        "files; plain text only where there is no Markdown)"
    )
    if found.skipped:
        out.append(f"  not articles: {', '.join(found.skipped)} (excluded)")
    if found.with_front_matter >= 5:
        fields = ", ".join(f"{k} ({s:.0%})" for k, s in found.required)
        out.append(
            f"  required fields: {fields or 'none'} (filled in by at least 90% of "
            f"the {found.with_front_matter} articles with front matter)"
        )
    for key, kind in found.kinds.items():
        out.append(f"  {key}: {kind} (every value is one)")
    for tier, (style, why, _) in found.styles.items():
        noun = "headings" if tier == "section" else "list labels"
        said = casing.style_name(style) if style else "no style"
        out.append(f"  {noun}: {said} ({why})")
    if found.top_level is not None:
        level, share = found.top_level
        out.append(f"  top heading level: H{level} ({share:.0%} of the articles with headings)")
    out += [f"  note: {n}" for n in found.notes]
    out.append(f"Wrote {written}; check it, then run `artlint`.")
    return "\n".join(out)


def run(folder: Path) -> str:
    """Write the starter config for `folder`; the text to print.  A config already
    there is never overwritten: ConfigError, which the CLI reports as exit 2."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise ConfigError(f"{folder}: not a folder")
    there = existing_config(folder)
    if there is not None:
        raise ConfigError(
            f"{there}: a config already exists; `artlint init` never "
            "overwrites one (move it away to start afresh)"
        )
    found = infer(folder)
    if not found.articles:
        raise ConfigError(f"{folder}: no articles (*.md, *.markdown, *.txt) found to learn from")
    text = render(found)
    _validate(text, folder)
    target = folder / CONFIG_NAMES[0]
    try:
        with target.open("x", encoding="utf-8") as fh:  # "x": never over a file made meanwhile
            fh.write(text)
    except OSError as exc:
        raise ConfigError(f"{target}: cannot write config: {exc.strerror}") from None
    return report(found, target)


def _validate(text: str, folder: Path) -> None:
    """The written config must load and build a rule set, like any other."""
    cfg = config.from_mapping(yaml.safe_load(text), folder / CONFIG_NAMES[0])
    selection.build(cfg, registry.load())
