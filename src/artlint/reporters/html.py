"""A site report as one HTML page: summary, colliding titles, rules, findings by article.

Written for the content lead who will not read a terminal.  The page is one
file with its style and script inline, so it opens from disk, offline, and can
be mailed or kept as a CI artefact.  Everything it shows is in the markup: with
the script off, only filtering and sorting are lost.  Every piece of text that
comes from an article, a path or a plugin goes through `_e` or `_t` (titles are
written by people, and some are hostile); ids are made from positions, never
from paths.

Size matters on a large site, whose findings run to far more rows than articles: rows carry
only what the filter reads (`data-r` rule, `data-s` severity, `data-n` new),
cells are few, articles off screen are not laid out (`content-visibility`), and
what is below the first screens waits in `<noscript>` batches (see `_articles`).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

from artlint import pages
from artlint.model import Finding, Severity
from artlint.reporters import ReportContext, per_file
from artlint.reporters.clusters import SLUG_CODE, TITLE_CODES, Cluster, ClusterIndex
from artlint.reporters.escape import visible
from artlint.reporters.html_assets import CSS, JS
from artlint.reporters.spool import Spool
from artlint.rule_meta import FAMILIES

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
#: Articles listed under each rule; the filter shows the rest.
RULE_ARTICLES = 100
#: Related locations shown under a finding's message.
RELATED = 2
#: Characters of a source line shown around the flagged span.
SOURCE_WIDTH = 240
#: Articles built as the page loads; the rest wait in batches (see `_articles`).
FIRST = 100
BATCH = 500
#: Title and slug groups likewise; each rule's section (its articles and page) waits in one.
GROUPS_FIRST = 20
GROUPS_BATCH = 100


def _e(text: object) -> str:
    """Text for an attribute value or an element; control characters and the
    bytes of an undecodable file name are drawn, since no UTF-8 page can carry
    a lone surrogate."""
    return escape(visible(str(text)), quote=True)


def _t(text: str) -> str:
    """Text for an element only: quotes need no escape there (a finding's row is
    mostly quoted words, and `&#x27;` is six bytes)."""
    return escape(visible(text), quote=False)


def _n(n: int) -> str:
    return f"{n:,}"


def _plural(n: int, word: str) -> str:
    return f"{_n(n)} {word if n == 1 else word + 's'}"


def _family(code: str) -> str:
    return FAMILIES.get(code[:2], f"{code[:2]} (house or plugin)")


def _folder(path: str) -> str:
    return posixpath.dirname(path.replace("\\", "/")) or "."


def _advice(message: str) -> tuple[str, str]:
    """A message's problem and its advice: every rule ends its message with "; what to do"."""
    problem, sep, advice = message.rpartition("; ")
    return (problem, advice) if sep and problem else (message, "")


class _Report:
    """What the page needs of the findings, gathered as they are read once: tallies
    by path, rule, family and severity, and the title and slug groups (a page
    each).  Everything above the article list needs all of them, so the list is
    written to a spool as it is read, and what it cannot know yet (whether a path
    further down has findings, which group a page is in) is left as a placeholder
    that `resolve` fills in when the list is read back."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx
        self.new: Sequence[bool] | None = ctx.baseline.new if ctx.baseline else None
        self.count = 0
        self.n_new = 0
        #: Each path with findings, in order, and how many of each severity.
        self.by_path: dict[str, Counter[Severity]] = {}
        self.anchor: dict[str, str] = {}
        self.severities: Counter[Severity] = Counter()
        self.families: Counter[tuple[str, Severity]] = Counter()
        self.by_rule: Counter[str] = Counter()
        self.rule_paths: dict[str, dict[str, int]] = {}
        #: Each code's (name, summary, severity), as the findings meet it.
        self.meta: dict[str, tuple[str, str, str]] = {}
        self.index = {"title": ClusterIndex(TITLE_CODES, "title")}
        self.index["slug"] = ClusterIndex((SLUG_CODE,), "slug")
        #: The group each page of a title or slug collision is in, by (kind, path).
        self.group: dict[tuple[str, str], str] = {}
        self.titles: list[Cluster] = []
        self.slugs: list[Cluster] = []
        #: Paths and (kind, path) pairs placeholders name, by number.
        self.later: dict[str, int] = {}
        self.pages: dict[tuple[str, str], int] = {}
        self._later: list[str] = []
        self._pages: list[tuple[str, str]] = []
        self.done = False

    def add(self, f: Finding) -> None:
        path, code, sev = f.location.path, f.code, f.severity
        self.count += 1
        counts = self.by_path.get(path)
        if counts is None:
            counts = self.by_path[path] = Counter()
            self.anchor[path] = f"a{len(self.anchor)}"
        counts[sev] += 1
        self.severities[sev] += 1
        self.families[(code[:2], sev)] += 1
        self.by_rule[code] += 1
        per_path = self.rule_paths.setdefault(code, {})
        per_path[path] = per_path.get(path, 0) + 1
        if code not in self.meta:
            self.meta[code] = self.ctx.rules.get(code) or (f.name, "", sev.value)
        kind = _GROUP_KIND.get(code)
        if kind is not None:
            self.index[kind].add(f)

    def finish(self) -> None:
        """Settle what needed every finding: the groups, and every path's anchor."""
        self.titles = self.index["title"].clusters()
        self.slugs = self.index["slug"].clusters()
        for prefix, clusters in (("t", self.titles), ("s", self.slugs)):
            for k, c in enumerate(clusters, 1):
                for m in c.members:
                    self.group[(c.kind, m.location.path)] = f"{prefix}{k}"
        self._pages, self._later = list(self.pages), list(self.later)
        self.done = True

    @property
    def checked(self) -> int:
        return len(set(self.ctx.files) | set(self.by_path))

    def link(self, path: str, line: int | None = None) -> str:
        anchor = self.anchor.get(path)
        if anchor is None and not self.done:  # its findings may be further down
            n = self.later.setdefault(path, len(self.later))
            return f"\x01{n}\x02" if line is None else f"\x01{n}:{line}\x02"
        label = _e(path if line is None else f"{path}:{line}")
        return f'<a href="#{anchor}">{label}</a>' if anchor else label

    def in_group(self, kind: str, path: str, otherwise: str) -> str:
        """A link to the page's group, or `otherwise` when it is in none."""
        if self.done:
            group = self.group.get((kind, path))
            return _WHOLE_GROUP.format(group) if group is not None else otherwise
        n = self.pages.setdefault((kind, path), len(self.pages))
        return f"\x04{n}\x05{otherwise}\x06"

    def resolve(self, text: str) -> str:
        """`text` from the spool with its placeholders filled in."""
        if "\x04" in text:
            pages = self._pages

            def group(m: re.Match[str]) -> str:
                found = self.group.get(pages[int(m.group(1))])
                return _WHOLE_GROUP.format(found) if found is not None else m.group(2)

            text = _GROUP_MARK.sub(group, text)
        if "\x01" in text:
            paths = self._later

            def link(m: re.Match[str]) -> str:
                line = m.group(2)
                return self.link(paths[int(m.group(1))], int(line) if line else None)

            text = _LINK_MARK.sub(link, text)
        return text

    def rule_name(self, code: str) -> str:
        return self.meta[code][0]


#: Placeholders (control characters never reach the page: see `_e`).
_LINK_MARK = re.compile("\x01(\\d+)(?::(\\d+))?\x02")
_GROUP_MARK = re.compile("\x04(\\d+)\x05([^\x06]*)\x06")
_WHOLE_GROUP = '<ul class="rel"><li><a href="#{}">the whole group</a></ul>'


# ---------------------------------------------------------------- page parts


def _head(r: _Report) -> str:
    n = r.count
    found = f"{_plural(n, 'finding')} in {_plural(len(r.by_path), 'article')}"
    title = f"artlint report: {found}"
    sections = [("summary", "Summary")]
    if r.ctx.baseline is not None:
        sections.append(("baseline", "Since the baseline"))
    sections += [
        ("titles", "Colliding titles"),
        ("rules", "Rules"),
        ("findings", "Findings by article"),
    ]
    nav = "".join(f'<li><a href="#{i}">{label}</a></li>' for i, label in sections)
    version = f" {_e(r.ctx.version)}" if r.ctx.version else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="artlint">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>"
        f'<header><h1>artlint report</h1><p class="lead">{found} of '
        f"{_plural(r.checked, 'article')} checked (artlint{version}).</p>"
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>\n<main>\n'
    )


def _stat(ident: str, label: str, value: int) -> str:
    return f'<div><dt>{label}</dt><dd id="{ident}">{_n(value)}</dd></div>'


def _summary(r: _Report) -> str:
    sev = r.severities
    stats = [
        _stat("n-checked", "Articles checked", r.checked),
        _stat("n-articles", "Articles with findings", len(r.by_path)),
        _stat("n-findings", "Findings", r.count),
    ]
    stats += [
        _stat(
            f"n-{s.value}", s.value.capitalize() + "s" if s is not Severity.INFO else "Info", sev[s]
        )
        for s in SEVERITIES
    ]
    out = [
        '<section aria-labelledby="summary"><h2 id="summary">Summary</h2>',
        f'<dl class="stats">{"".join(stats)}</dl><div class="grid">',
        _family_table(r),
        _chart(r),
        "</div>",
        _worst(r),
        "</section>\n",
    ]
    return "".join(out)


def _family_table(r: _Report) -> str:
    cells = r.families
    prefixes = sorted({p for p, _ in cells}, key=lambda p: (p not in FAMILIES, p))
    head = "".join(f'<th scope="col" class="n">{s.value}</th>' for s in SEVERITIES)
    rows = []
    for p in prefixes:
        counts = [cells[(p, s)] for s in SEVERITIES]
        tds = "".join(f'<td class="n">{_n(c)}</td>' for c in counts)
        rows.append(
            f'<tr data-family="{_e(p)}"><th scope="row">{_e(_family(p))} ({_e(p)})</th>'
            f'{tds}<td class="n">{_n(sum(counts))}</td></tr>'
        )
    totals = "".join(
        f'<td class="n">{_n(sum(cells[(p, s)] for p in prefixes))}</td>' for s in SEVERITIES
    )
    return (
        '<table id="families"><caption>Findings by family and severity</caption>'
        f'<thead><tr><th scope="col">Family</th>{head}<th scope="col" class="n">total</th>'
        f'</tr></thead><tbody>{"".join(rows)}</tbody><tfoot><tr><th scope="row">All</th>'
        f'{totals}<td class="n">{_n(r.count)}</td></tr></tfoot></table>'
    )


_BAR_COLORS = {"error": "#b3261e", "warning": "#b86e00", "info": "#1f6f9b"}


def _chart(r: _Report) -> str:
    """The ten most frequent rules as horizontal bars, drawn here (no library, no script)."""
    top = sorted(r.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    if not top:
        return '<p id="chart">No findings: nothing to chart.</p>'
    label_w, bar_w, row_h, pad = 210, 330, 26, 4
    width, height = label_w + bar_w + 70, row_h * len(top) + pad
    most = top[0][1]
    parts = []
    for k, (code, count) in enumerate(top):
        y = pad + k * row_h
        w = max(2, round(bar_w * count / most))
        color = _BAR_COLORS.get(r.meta[code][2], "#555")
        label = f"{code} {r.rule_name(code)}"
        if len(label) > 30:
            label = label[:29] + "…"
        parts.append(
            f'<g data-rule="{_e(code)}"><text x="{label_w - 8}" y="{y + 16}" '
            f'text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{row_h - 8}" fill="{color}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}">{_n(count)}</text></g>'
        )
    desc = "; ".join(f"{code} {r.rule_name(code)}: {_n(c)}" for code, c in top)
    return (
        f'<figure id="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="chart-title chart-desc"><title id="chart-title">The '
        f'{len(top)} rules that fire most</title><desc id="chart-desc">{_e(desc)}</desc>'
        f"{''.join(parts)}</svg><figcaption>The {len(top)} rules that fire most, by "
        "number of findings (bar colour: default severity).</figcaption></figure>"
    )


def _worst(r: _Report) -> str:
    """The articles with the most findings, errors weighing most."""

    def weight(path: str) -> tuple[int, int, int, str]:
        sev = r.by_path[path]
        return (-sev[Severity.ERROR], -sev.total(), -sev[Severity.WARNING], path)

    top = sorted(r.by_path, key=weight)[:10]
    if not top:
        return ""
    rows = []
    for path in top:
        sev = r.by_path[path]
        tds = "".join(f'<td class="n">{_n(sev[s])}</td>' for s in SEVERITIES)
        rows.append(
            f'<tr><th scope="row">{r.link(path)}</th><td class="n">{_n(sev.total())}</td>{tds}</tr>'
        )
    head = "".join(f'<th scope="col" class="n">{s.value}</th>' for s in SEVERITIES)
    return (
        '<h3>Articles that need the most work</h3><table id="worst"><thead><tr>'
        f'<th scope="col">Article</th><th scope="col" class="n">findings</th>{head}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _new_row(r: _Report, f: Finding) -> str:
    return (
        f'<tr data-r="{_e(f.code)}"><td>{r.link(f.location.path, f.location.line)}</td>'
        f'<td><a href="#rule-{_e(f.code)}">{_e(f.code)}</a></td><td>{_e(f.message)}</td>'
        "</tr>"
    )


def _baseline(r: _Report, new_rows: Spool) -> Iterator[str]:
    comparison = r.ctx.baseline
    if comparison is None or r.new is None:
        return
    fixed = comparison.fixed
    n_fixed = sum(n for *_, n in fixed)
    out = [
        '<section aria-labelledby="baseline"><h2 id="baseline">Since the baseline</h2>',
        f'<dl class="stats">{_stat("n-new", "New findings", r.n_new)}'
        f"{_stat('n-fixed', 'Fixed findings', n_fixed)}</dl>",
    ]
    out.append(f'<h3 id="new-findings">New ({_n(r.n_new)})</h3>')
    if r.n_new:
        yield "".join(out)
        yield (
            '<table id="new"><thead><tr><th scope="col">Where</th><th scope="col">'
            'Rule</th><th scope="col">Message</th></tr></thead><tbody>'
        )
        yield from new_rows.replay(r.resolve, sep=_NEW_ROW)
        out = ["</tbody></table>"]
    else:
        out.append("<p>Nothing new.</p>")
    out.append(f'<h3 id="fixed-findings">Fixed ({_n(n_fixed)})</h3>')
    if fixed:
        rows = "".join(
            f'<tr data-r="{_e(code)}"><td>{_e(path)}</td><td>{_e(code)}</td>'
            f'<td><code>{_e(text)}</code></td><td class="n">{_n(n)}</td></tr>'
            for code, path, text, n in fixed
        )
        out.append(
            '<p class="lead">Recorded in the baseline and not found now (paths as the '
            'baseline stores them).</p><table id="fixed"><thead><tr><th scope="col">'
            'Article</th><th scope="col">Rule</th><th scope="col">Flagged text</th>'
            f'<th scope="col" class="n">count</th></tr></thead><tbody>{rows}</tbody>'
            "</table>"
        )
    else:
        out.append("<p>Nothing fixed.</p>")
    out.append("</section>\n")
    yield "".join(out)


#: Where the spools may be cut (see `Spool.replay`): no placeholder holds these.
_NEW_ROW = b"<tr "
_ARTICLE = b'<section class="art"'


def _cluster(r: _Report, ident: str, k: int, c: Cluster) -> str:
    what = "title" if c.kind == "title" else "slug"
    rows = []
    for m in c.members:
        sim, other, why = m.closest
        if c.kind == "slug":
            closest = "same slug"
        elif not other:
            closest = ""
        else:
            closest = f"{sim:.0%} {_e(why)}: {r.link(other)}"
        rows.append(
            f"<tr><td>{_e(m.text)}</td><td>{r.link(m.location.path)}</td>"
            f'<td class="n">{m.location.line}</td><td>{closest}</td></tr>'
        )
    return (
        f'<section class="cluster" id="{ident}" data-kind="{c.kind}" '
        f'data-size="{len(c.members)}"><h4>Group {k}: '
        f"{_plural(len(c.members), 'article')}</h4><table><thead><tr>"
        f'<th scope="col">{what.capitalize()}</th><th scope="col">Article</th>'
        '<th scope="col" class="n">line</th><th scope="col">Closest match</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _deferred(markup: str) -> str:
    """Markup the page's script builds after the page is up (see `_articles`)."""
    return f'<div class="batch"><noscript>{markup}</noscript></div>\n'


def _batched(parts: Sequence[str]) -> list[str]:
    """The first `GROUPS_FIRST` groups as markup, the rest deferred `GROUPS_BATCH` at a time."""
    rest = parts[GROUPS_FIRST:]
    return [
        *parts[:GROUPS_FIRST],
        *(
            _deferred("".join(rest[k : k + GROUPS_BATCH]))
            for k in range(0, len(rest), GROUPS_BATCH)
        ),
    ]


def _clusters(r: _Report) -> str:
    titles, slugs = r.titles, r.slugs
    out = [
        '<section aria-labelledby="titles"><h2 id="titles">Colliding titles</h2>',
        '<h3 id="title-groups">Same or nearly the same title</h3>',
    ]
    if titles:
        out.append(
            f'<p class="lead">{_plural(len(titles), "group")} of articles that compete '
            "for one search (from TI002 and TI003), largest first.</p>"
        )
        out += _batched([_cluster(r, f"t{k}", k, c) for k, c in enumerate(titles, 1)])
    else:
        out.append("<p>No two articles share a title or nearly do.</p>")
    out.append('<h3 id="slug-groups">Same slug</h3>')
    if slugs:
        out.append(
            f'<p class="lead">{_plural(len(slugs), "group")} of articles that would '
            "publish to one URL (TI004), largest first.</p>"
        )
        out += _batched([_cluster(r, f"s{k}", k, c) for k, c in enumerate(slugs, 1)])
    else:
        out.append("<p>No two articles share a slug.</p>")
    out.append("</section>\n")
    return "".join(out)


def _rules(r: _Report) -> str:
    codes = sorted(r.by_rule, key=lambda c: (-r.by_rule[c], c))
    rows = []
    for code in codes:
        name, _, severity = r.meta[code]
        rows.append(
            f'<tr data-r="{_e(code)}"><th scope="row"><a href="#rule-{_e(code)}">{_e(code)}</a>'
            f"</th><td>{_e(name)}</td><td>{_e(_family(code))}</td>"
            f'<td class="s s-{_e(severity)}">{_e(severity)}</td>'
            f'<td class="n">{_n(r.by_rule[code])}</td>'
            f'<td class="n">{_n(len(r.rule_paths[code]))}</td>'
            f'<td><a href="#rule-{_e(code)}">rule page</a> '
            f'<a class="js" hidden href="#findings?rule={_e(code)}">show findings</a></td></tr>'
        )
    out = ['<section aria-labelledby="rules"><h2 id="rules">Rules</h2>']
    if not codes:
        out.append("<p>No rule fired.</p></section>\n")
        return "".join(out)
    out.append(
        '<table id="rule-table"><thead><tr><th scope="col">Rule</th><th scope="col">Name'
        '</th><th scope="col">Family</th><th scope="col">Default severity</th>'
        '<th scope="col" class="n">findings</th><th scope="col" class="n">articles</th>'
        f'<th scope="col">More</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    known = set(codes)
    out.append(_deferred("".join(_rule_section(r, code, known) for code in codes)))
    out.append("</section>\n")
    return "".join(out)


def _rule_section(r: _Report, code: str, known: set[str]) -> str:
    name, summary, _ = r.meta[code]
    paths = sorted(r.rule_paths[code].items(), key=lambda kv: (-kv[1], kv[0]))
    items = "".join(f"<li>{r.link(p)} ({_n(n)})</li>" for p, n in paths[:RULE_ARTICLES])
    more = (
        f"<p>and {_plural(len(paths) - RULE_ARTICLES, 'more article')}: "
        f'<a class="js" hidden href="#findings?rule={_e(code)}">show them all</a></p>'
        if len(paths) > RULE_ARTICLES
        else ""
    )
    page = _page(code, name, tuple(sorted(known)))
    about = (
        f'<details class="page"><summary>The rule\'s page: what it checks, why, '
        f"examples</summary>{page}</details>"
        if page
        else ""
    )
    opened = " open" if len(paths) <= 10 else ""
    return (
        f'<section class="rule" id="rule-{_e(code)}" aria-labelledby="rule-{_e(code)}-h">'
        f'<h3 id="rule-{_e(code)}-h">{_e(code)} {_e(name)}</h3>'
        f"<p>{_e(summary or name)}.</p>"
        f"<details{opened}><summary>Fires on {_plural(len(paths), 'article')}</summary>"
        f'<ul class="paths">{items}</ul>{more}</details>{about}</section>'
    )


_PAGE_LINK = re.compile(r'href="([A-Z]{2}\d{3})-[\w-]+\.md"')


@lru_cache(maxsize=64)
def _page(code: str, name: str, known: tuple[str, ...]) -> str:
    """The rule's catalogue page, rendered without raw HTML, its headings below ours."""
    path = pages.page_path(code, name)
    if path is None:
        return ""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[text.index("\n", end + 1) + 1 :] if end >= 0 else text
    lines = text.lstrip("\n").split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse("\n".join(lines))
    for t in tokens:
        if t.type in ("heading_open", "heading_close"):
            t.tag = f"h{min(6, int(t.tag[1]) + 3)}"
    rendered: str = md.renderer.render(tokens, md.options, {})

    def relink(m: re.Match[str]) -> str:
        return f'href="#rule-{m.group(1)}"' if m.group(1) in known else 'href="#rules"'

    return _PAGE_LINK.sub(relink, rendered)


def _filters(r: _Report) -> str:
    def options(values: Sequence[tuple[str, str]], everything: str) -> str:
        return f'<option value="">{everything}</option>' + "".join(
            f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in values
        )

    rules = [(c, f"{c} {r.rule_name(c)} ({_n(n)})") for c, n in sorted(r.by_rule.items())]
    prefixes = sorted({c[:2] for c in r.by_rule})
    families = [(p, f"{_family(p)} ({p})") for p in prefixes]
    sevs = r.severities
    severities = [(s.value, f"{s.value} ({_n(sevs[s])})") for s in SEVERITIES if sevs[s]]
    folders = Counter(_folder(p) for p in r.by_path)
    dirs = [(d, f"{d} ({_n(n)})") for d, n in sorted(folders.items())]
    new = (
        '<label class="inline"><input type="checkbox" name="new" value="1"> only new</label>'
        if r.new is not None
        else ""
    )
    return (
        '<form id="filters" hidden role="search" aria-label="Filter findings">'
        f'<label>Rule <select name="rule">{options(rules, "all rules")}</select></label>'
        f'<label>Family <select name="family">{options(families, "all families")}</select>'
        f'</label><label>Severity <select name="severity">'
        f"{options(severities, 'all severities')}</select></label>"
        f'<label>Folder <select name="folder">{options(dirs, "all folders")}</select></label>'
        '<label>Search <input type="search" name="q" placeholder="text, path, title"></label>'
        f"{new}"
        '<label>Articles by <select name="sort"><option value="path">path</option>'
        '<option value="count">most findings</option><option value="worst">worst severity'
        '</option></select></label><label>Findings by <select name="order">'
        '<option value="line">line</option><option value="severity">severity</option>'
        '<option value="rule">rule</option></select></label>'
        '<button type="reset">Clear</button>'
        '<p id="filter-status" role="status" aria-live="polite"></p></form>'
    )


def _source(r: _Report, f: Finding) -> str:
    loc = f.location
    line = r.ctx.source(loc.path, loc.line)
    if line is None:
        return ""
    start = max(0, loc.column - 1)
    end = loc.end_column - 1 if loc.end_line == loc.line else len(line)
    end = max(start, min(end, len(line)))
    lo = 0
    if len(line) > SOURCE_WIDTH:  # a long line: the part around the span
        lo = max(0, min(start - SOURCE_WIDTH // 3, len(line) - SOURCE_WIDTH))
    hi = min(len(line), max(end, lo + SOURCE_WIDTH))
    before, span, after = line[lo:start], line[start:end], line[end:hi]
    mark = f"<mark>{_t(span)}</mark>" if span else ""
    return f"{'…' if lo else ''}{_t(before)}{mark}{_t(after)}{'…' if hi < len(line) else ''}"


def _fix(f: Finding, advice: str) -> str:
    if f.fix is None:
        return _t(advice)
    edits = "; ".join(f"write {e.text!r}" if e.text else "delete" for e in f.fix.edits[:3])
    kind = "safe fix" if f.fix.safe else "unsafe fix"
    return f"{_e(f.fix.message or advice)} <small>({kind}: {_e(edits)})</small>"


_GROUP_KIND = {**dict.fromkeys(TITLE_CODES, "title"), SLUG_CODE: "slug"}


def _row(r: _Report, f: Finding, is_new: bool) -> str:
    """One finding; end tags that HTML lets go are left out (a large site has a row per
    finding, and the page must stay small)."""
    here = f.location.path
    problem, advice = _advice(f.message)
    related = ""
    if f.related:
        items = "".join(
            f"<li>{f'line {x.location.line}' if x.location.path == here else r.link(x.location.path, x.location.line)}: {_t(x.message)}"  # noqa: E501
            for x in f.related[:RELATED]
        )
        if len(f.related) > RELATED:
            items += f"<li>and {_n(len(f.related) - RELATED)} more"
        related = f'<ul class="rel">{items}</ul>'
    kind = _GROUP_KIND.get(f.code)
    if kind is not None:  # the group lists the other pages, with their titles
        related = r.in_group(kind, here, related)
    sev = f.severity.value
    code = _e(f.code)
    return (
        f'<tr data-r="{code}" data-s="{sev}"{" data-n" if is_new else ""}>'
        f"<td>{f.location.line}<td>{sev}{' <b class=new>new</b>' if is_new else ''}"
        f'<td><a href="#rule-{code}">{code}</a><td>{_t(problem)}{related}'
        f"<td>{_source(r, f)}<td>{_fix(f, advice)}\n"
    )


_THEAD = (
    "<thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Message</th>"
    "<th>Source</th><th>Fix</th></tr></thead>"
)


def _article(r: _Report, path: str, rows: str) -> str:
    counts = r.by_path[path]
    worst = min(SEVERITIES.index(s) for s in counts)
    anchor = r.anchor[path]
    n = counts.total()
    return (
        f'<section class="art" id="{anchor}" data-d="{_e(_folder(path))}" '
        f'data-c="{n}" data-w="{worst}"><h3><a href="#{anchor}">{_e(path)}</a> '
        f"<small>({_plural(n, 'finding')})</small></h3>"
        f'<table class="f">{_THEAD}<tbody>{rows}</tbody></table></section>\n'
    )


def _read(r: _Report, findings: Iterable[Finding], articles: Spool, new_rows: Spool) -> None:
    """Read the findings once: tally them, and write each path's article (and the
    baseline's new findings) to the spools.

    The article list: the first `FIRST` articles as markup, the rest in batches
    inside `<noscript>`.  A browser without scripts shows those as markup too; with
    scripts the parser keeps them as text, which costs a fraction of building them,
    and the page's script turns them into markup batch by batch once the page is up
    (or at once, when a filter or a link needs them)."""
    new = r.new
    i = 0
    for group in per_file(findings):
        rows = []
        for f in group:
            r.add(f)
            is_new = new is not None and new[i]
            if is_new:
                r.n_new += 1
                new_rows.write(_new_row(r, f))
            rows.append(_row(r, f, is_new))
            i += 1
        k = len(r.anchor) - 1 - FIRST  # this article's place among the deferred ones
        if k >= 0 and k % BATCH == 0:
            if k:
                articles.write(_END_BATCH)
            articles.write(_START_BATCH)
        articles.write(_article(r, group[0].location.path, "".join(rows)))
    if len(r.anchor) > FIRST:
        articles.write(_END_BATCH)


_START_BATCH, _END_BATCH = _deferred("\0").split("\0")


def _articles(r: _Report, articles: Spool) -> Iterator[str]:
    clean = r.checked - len(r.by_path)
    yield (
        '<section aria-labelledby="findings"><h2 id="findings">Findings by article</h2>'
        f'<p class="lead">{_plural(len(r.by_path), "article")} with findings, in path order'
        f"; {_plural(clean, 'article')} without any {'is' if clean == 1 else 'are'} not "
        "listed. The filters need JavaScript; without it everything is shown.</p>"
        f'{_filters(r)}<div id="article-list">\n'
    )
    yield from articles.replay(r.resolve, sep=_ARTICLE)
    yield "</div></section>\n"


def chunks(findings: Iterable[Finding], ctx: ReportContext) -> Iterator[str]:
    r = _Report(ctx)
    articles, new_rows = Spool(), Spool()
    try:
        _read(r, findings, articles, new_rows)
        r.finish()
        yield _head(r)
        yield _summary(r)
        yield from _baseline(r, new_rows)
        yield _clusters(r)
        yield _rules(r)
        yield from _articles(r, articles)
        yield f"</main><script>{JS}</script></body></html>\n"
    finally:
        articles.close()
        new_rows.close()


def render(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(chunks(findings, ctx))
