"""`artlint init`: a starter config inferred from the site, never over an existing one."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from artlint.cli import main

TITLES = [
    "Night Shifts in a Warehouse",
    "Forklift Licences Explained",
    "Picking Targets",
    "Seasonal Peaks in Logistics",
    "Safety Shoes That Last",
    "Loading Bays at Dawn",
    "Cold Stores and Warm Coats",
    "Scanners and Packers",
    "Overtime in Peak Season",
    "What a Shift Lead Does",
    "Agency Work on the Floor",
    "Working the Returns Desk",
]


def _post(n: int, heading: str = "## Getting Started on Day One", author: bool = True) -> str:
    lines = ["---", f"title: {TITLES[n]}", "date: 2024-05-01"]
    if author:
        lines.append("author: Dana Reyes")
    lines += [
        "tags: [logistics]" if n % 3 else "tags: []",
        "---",
        "",
        "Intro text.",
        "",
        heading,
        "",
        "Text.",
        "",
        "## What the Pay Looks Like",
        "",
        "More text.",
        "",
    ]
    return "\n".join(lines)


def _site(root: Path, count: int = 12, **kw: object) -> Path:
    posts = root / "_posts"
    posts.mkdir(parents=True)
    for n in range(count):
        (posts / f"p{n:02}.md").write_text(_post(n, **kw), encoding="utf-8")  # type: ignore[arg-type]
    (root / "README.md").write_text("# The site\n\nHow to build it.\n", encoding="utf-8")
    return root


def _init(folder: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["init", str(folder)])
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_what_the_site_does(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    code, out, err = _init(site)
    assert code == 0, err
    config = yaml.safe_load((site / ".artlint.yaml").read_text(encoding="utf-8"))
    assert config["include"] == ["*.md"]
    assert config["corpus"] == ["_posts/*.md"]
    assert config["extend-exclude"] == ["README.md"]
    rules = config["rules"]
    # `tags` is filled in by only two articles in three: not required.
    assert rules["required-field"]["required"] == ["author", "date", "title"]
    assert rules["field-type"]["types"] == {"author": "string", "date": "date", "title": "string"}
    assert rules["heading-case"]["style"] == "title"
    # Printed, each with its evidence.
    assert "required fields: author (100%), date (100%), title (100%)" in out
    assert "headings: Title Case (24 of 24 headings that show a style (100%))" in out
    assert "top heading level: H2 (100%" in out
    assert "README.md" in out
    # The config it wrote is one artlint runs with.
    result = CliRunner().invoke(
        main, ["--no-cache", "--config", str(site / ".artlint.yaml"), str(site)]
    )
    assert result.exit_code in (0, 1), result.stderr


def test_init_never_overwrites_a_config(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / ".artlint.yaml").write_text("select: [TI]\n", encoding="utf-8")
    code, _, err = _init(site)
    assert code == 2
    assert ".artlint.yaml: a config already exists" in err
    assert (site / ".artlint.yaml").read_text(encoding="utf-8") == "select: [TI]\n"
    other = _site(tmp_path / "other")
    (other / "pyproject.toml").write_text("[tool.artlint]\nselect = ['TI']\n", encoding="utf-8")
    code, _, err = _init(other)
    assert code == 2 and "pyproject.toml: a config already exists" in err
    assert not (other / ".artlint.yaml").exists()


def test_init_with_too_few_articles_requires_only_the_title(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", count=3)
    code, out, _ = _init(site)
    assert code == 0
    config = yaml.safe_load((site / ".artlint.yaml").read_text(encoding="utf-8"))
    assert config["rules"]["required-field"]["required"] == ["title"]
    assert "too few to learn the required fields from" in out


def test_init_leaves_required_to_fm005_when_folders_differ(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    news = site / "news"
    news.mkdir()
    for n in range(6):
        (news / f"n{n}.md").write_text(
            f"---\ntitle: {TITLES[n]} News\nsource: wire\n---\nText.\n", encoding="utf-8"
        )
    code, out, _ = _init(site)
    assert code == 0
    config = yaml.safe_load((site / ".artlint.yaml").read_text(encoding="utf-8"))
    assert "required-field" not in config["rules"]
    assert "folders carry different fields" in out


def test_init_sets_no_style_from_a_near_tie(tmp_path: Path) -> None:
    site = tmp_path / "site"
    posts = site / "_posts"
    posts.mkdir(parents=True)
    for n in range(12):
        heading = "## Getting started on day one" if n % 2 else "## Getting Started on Day One"
        (posts / f"p{n:02}.md").write_text(_post(n, heading=heading), encoding="utf-8")
    code, out, _ = _init(site)
    assert "headings: Title Case (18 of 24" in out
    assert code == 0
    config = yaml.safe_load((site / ".artlint.yaml").read_text(encoding="utf-8"))
    assert "heading-case" not in config["rules"]
    assert "# heading-case (HD001): no style set" in (site / ".artlint.yaml").read_text(
        encoding="utf-8"
    )


def test_init_in_a_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    code, _, err = _init(tmp_path)
    assert code == 2 and "no articles" in err
    assert not (tmp_path / ".artlint.yaml").exists()
