"""Configuration: where it is found, what it selects, and how a mistake in it is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import Result
from conftest import CLEAN, FLAWED, HOUSE_CONFIG, Lint, codes, findings


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _house_codes(result: Result) -> set[str]:
    """The house-rule codes (HS) found: other rules may flag the article too."""
    return {code for _, code, _ in codes(result) if code.startswith("HS")}


# --------------------------------------------------------------------------- finding the config


def test_nearest_yaml_config_wins_per_file(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", "ignore: [FM001]\n")
    _write(project, "a/flawed.md", FLAWED)
    _write(project, "b/.artlint.yaml", "ignore: [TI]\n")  # the nearest: the root's is not merged
    _write(project, "b/flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert codes(result) == [("b/flawed.md", "FM001", 1)]


def test_pyproject_tool_table_is_found_by_walking_up(project: Path, lint: Lint) -> None:
    _write(
        project,
        "site/pyproject.toml",
        '[project]\nname = "site"\n\n[tool.artlint]\nignore = ["missing-front-matter"]\n',
    )
    _write(project, "site/posts/2024/flawed.md", FLAWED)
    _write(project, "elsewhere/flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert codes(result) == [("elsewhere/flawed.md", "FM001", 1)]


def test_a_pyproject_without_the_tool_table_is_skipped(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", "ignore: [FM001]\n")
    _write(project, "sub/pyproject.toml", '[project]\nname = "sub"\n')
    _write(project, "sub/flawed.md", FLAWED)
    assert lint("sub/flawed.md").exit_code == 0


def test_config_is_found_from_the_file_not_the_working_folder(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(project, "site/.artlint.yaml", "ignore: [FM001]\n")
    _write(project, "site/flawed.md", FLAWED)
    (project / "elsewhere").mkdir()
    monkeypatch.chdir(project / "elsewhere")
    assert lint("../site/flawed.md").exit_code == 0


def test_house_rules_of_a_nested_config_are_loaded(
    house: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    (house / "elsewhere").mkdir()
    monkeypatch.chdir(house / "elsewhere")
    assert _house_codes(lint("--format", "json", "../jargon.md")) == {"HS001", "HS002"}


def test_explicit_config_wins_over_the_nearest(project: Path, lint: Lint) -> None:
    _write(project, "posts/.artlint.yaml", "ignore: [FM001]\n")
    _write(project, "posts/flawed.md", FLAWED)
    _write(project, "strict.yaml", "select: [ALL]\n")
    assert lint("posts/flawed.md").exit_code == 0
    result = lint("--config", "strict.yaml", "--format", "json", "posts/flawed.md")
    assert ("posts/flawed.md", "FM001", 1) in codes(result)


def test_explicit_pyproject_config(project: Path, lint: Lint) -> None:
    _write(project, "flawed.md", FLAWED)
    _write(project, "conf/pyproject.toml", '[tool.artlint]\nignore = ["FM"]\n')
    assert lint("--config", "conf/pyproject.toml", "flawed.md").exit_code == 0


def test_missing_explicit_config_exits_2(project: Path, lint: Lint) -> None:
    _write(project, "clean.md", CLEAN)
    result = lint("--config", "nope.yaml", "clean.md")
    assert result.exit_code == 2
    assert "nope.yaml: config file does not exist" in result.stderr


# --------------------------------------------------------------------------- selection


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("", {"HS001", "HS002"}),
        ("select: [HS001]", {"HS001"}),
        ("select: [HS]", {"HS001", "HS002"}),
        ("select: [hs]", {"HS001", "HS002"}),
        ("select: [no-guru]", {"HS002"}),
        ("select: [ALL]", {"HS001", "HS002"}),
        ("ignore: [HS001]", {"HS002"}),
        ("ignore: [HS]", set()),
        ("ignore: [no-rockstar]", {"HS002"}),
        ("select: [FM]\nextend-select: [HS002]", {"HS002"}),
        ("select: [TI]\nextend-select: [no-rockstar]", {"HS001"}),
        ("select: [HS]\nignore: [HS002]", {"HS001"}),
        ("select: [HS001, no-guru]", {"HS001", "HS002"}),
    ],
)
def test_config_selects_by_code_prefix_and_name(
    house: Path, lint: Lint, config: str, expected: set[str]
) -> None:
    _write(house, ".artlint.yaml", HOUSE_CONFIG + config + "\n")
    assert _house_codes(lint("--format", "json", "jargon.md")) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "HS001"], {"HS001"}),
        (["--select", "HS001,no-guru"], {"HS001", "HS002"}),
        (["--select", "HS001", "--select", "HS002"], {"HS001", "HS002"}),
        (["--ignore", "HS"], set()),
        (["--select", "FM", "--extend-select", "HS002"], {"HS002"}),
    ],
)
def test_command_line_selectors(
    house: Path, lint: Lint, args: list[str], expected: set[str]
) -> None:
    assert _house_codes(lint("--format", "json", *args, "jargon.md")) == expected


def test_command_line_select_replaces_the_configs(house: Path, lint: Lint) -> None:
    _write(house, ".artlint.yaml", HOUSE_CONFIG + "select: [HS001]\n")
    assert _house_codes(lint("--format", "json", "--select", "HS002", "jargon.md")) == {"HS002"}
    # ...and --ignore adds to the config's ignores.
    _write(house, ".artlint.yaml", HOUSE_CONFIG + "ignore: [HS001]\n")
    assert _house_codes(lint("--format", "json", "--ignore", "HS002", "jargon.md")) == set()


def test_per_rule_severity(house: Path, lint: Lint) -> None:
    _write(
        house,
        ".artlint.yaml",
        HOUSE_CONFIG + "rules:\n  HS001: {severity: error}\n  no-guru: {severity: info}\n",
    )
    found = findings(lint("--format", "json", "--select", "HS", "jargon.md"))
    assert [(f["code"], f["severity"]) for f in found] == [
        ("HS001", "error"),
        ("HS002", "info"),
        ("HS001", "error"),
    ]


def test_per_rule_options_and_severity_of_a_built_in_rule(project: Path, lint: Lint) -> None:
    """The brief's example config is accepted, and its severity reaches every finding."""
    article = CLEAN + "\n## Know your range\n\nText.\n\n## Ask For Time\n\nText.\n"
    _write(project, "salary.md", article)
    _write(project, ".artlint.yaml", "rules:\n  HD001: {severity: error, style: title}\n")
    result = lint("--format", "json", "--select", "HD001", "salary.md")
    assert result.exit_code in (0, 1), result.stderr
    assert {f["severity"] for f in findings(result)} <= {"error"}


def test_rule_options_reach_the_rule(project: Path, lint: Lint) -> None:
    _write(project, "notes.md", "---\ntitle: Short Notes\n---\n\nA short body.\n")
    assert lint("--select", "FM005", "notes.md").exit_code == 0  # a lone file: only title
    _write(project, ".artlint.yaml", "rules:\n  required-field: {required: [title, date]}\n")
    required = findings(lint("--format", "json", "--select", "FM005", "notes.md"))
    assert [f["message"][:32] for f in required] == ["required field 'date' is missing"]
    _write(project, ".artlint.yaml", "rules:\n  required-field: {required: oops}\n")
    bad = lint("--select", "FM005", "notes.md")
    assert bad.exit_code == 2 and "must be a list of strings" in bad.stderr


def test_per_file_ignores_by_glob(project: Path, lint: Lint) -> None:
    _write(
        project,
        ".artlint.yaml",
        'per-file-ignores:\n  "legacy/**": [FM]\n  "*.txt": [missing-front-matter]\n',
    )
    _write(project, "legacy/2019/flawed.md", FLAWED)
    _write(project, "new/notes.txt", FLAWED)
    _write(project, "new/flawed.md", FLAWED)
    result = lint("--format", "json", ".")
    assert codes(result) == [("new/flawed.md", "FM001", 1)]


def test_include_and_exclude(project: Path, lint: Lint) -> None:
    _write(
        project, ".artlint.yaml", 'include: ["*.md", "*.article"]\nexclude: [drafts/, "*.tmp.md"]\n'
    )
    _write(project, "posts/a.article", FLAWED)
    _write(project, "posts/b.txt", FLAWED)  # not included any more
    _write(project, "posts/c.tmp.md", FLAWED)
    _write(project, "drafts/d.md", FLAWED)
    _write(project, "posts/e.md", FLAWED)
    result = lint("--format", "json", ".")
    assert sorted(p for p, _, _ in codes(result)) == ["posts/a.article", "posts/e.md"]
    # An excluded file named on the command line (as pre-commit does) stays excluded.
    assert lint("drafts/d.md").exit_code == 0


def test_extend_exclude_keeps_the_defaults(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", "extend-exclude: [archive]\n")
    _write(project, "node_modules/pkg/readme.md", FLAWED)
    _write(project, "archive/old.md", FLAWED)
    _write(project, "posts/new.md", FLAWED)
    assert [p for p, _, _ in codes(lint("--format", "json", "."))] == ["posts/new.md"]


# --------------------------------------------------------------------------- mistakes stop the run


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "selct: [HD]\n",
            ["unknown key 'selct'", "did you mean 'select'?", "valid keys: select, extend-select"],
        ),
        ("include: 3\n", ["'include' must be a list of strings, not 3"]),
        ("fail-on: fatal\n", ["'fail-on' must be one of info, warning, error, not 'fatal'"]),
        (
            "rules:\n  HD001: {severity: fatal}\n",
            ["'rules.HD001.severity' must be one of error, warning, info, not 'fatal'"],
        ),
        (
            "rules:\n  HD001: {style: shouty}\n",
            [
                "'rules.HD001'",
                "option 'style'",
                "must be one of consistent, title",
                "sentence",
                "not 'shouty'",
            ],
        ),
        (
            "rules:\n  heading-case: {colour: red}\n",
            ["'rules.heading-case'", "has no option 'colour'", "valid: severity, style"],
        ),
        (
            "rules:\n  HD001: {min-headings: many}\n",
            ["option 'min-headings'", "must be a number, not 'many'"],
        ),
        (
            "rules:\n  heading-cas: {severity: error}\n",
            ["'rules' names unknown rule 'heading-cas'", "did you mean 'heading-case'?"],
        ),
        ("rules: [HD001]\n", ["'rules' must map rule codes or names to option mappings"]),
        ("per-file-ignores: [HD]\n", ["'per-file-ignores' must map globs to lists of rules"]),
        ("- just\n- a list\n", ["the configuration must be a mapping"]),
        ("select: [HD\n", ["invalid YAML at line 2"]),
    ],
)
def test_bad_config_exits_2_naming_file_key_and_choices(
    project: Path, lint: Lint, config: str, expected: list[str]
) -> None:
    path = _write(project, ".artlint.yaml", config)
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"artlint: error: {path}: ")
    for part in expected:
        assert part in lines[0]
    assert result.stdout == ""


def test_bad_pyproject_table_names_the_pyproject(project: Path, lint: Lint) -> None:
    path = _write(project, "pyproject.toml", '[tool.artlint]\nextend_select = ["HD"]\n')
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: {path}: unknown key 'extend_select'")
    assert "did you mean 'extend-select'?" in result.stderr


def test_invalid_toml_is_a_config_error(project: Path, lint: Lint) -> None:
    _write(project, "pyproject.toml", "[tool.artlint\nselect = 1\n")
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    assert "pyproject.toml: invalid TOML" in result.stderr


@pytest.mark.parametrize(
    ("where", "selector", "key"),
    [
        ("select", "HDD", "'select'"),
        ("ignore", "heading-cas", "'ignore'"),
        ("extend-select", "ZZ", "'extend-select'"),
    ],
)
def test_bad_selector_in_config(
    project: Path, lint: Lint, where: str, selector: str, key: str
) -> None:
    path = _write(project, ".artlint.yaml", f"{where}: [{selector}]\n")
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith(f"artlint: error: {path}: {key}: unknown rule selector '{selector}'")
    assert "a prefix (AL, FM, HD, PC, ST, TI)" in line


def test_bad_selector_in_per_file_ignores(project: Path, lint: Lint) -> None:
    _write(project, ".artlint.yaml", 'per-file-ignores:\n  "*.md": [XY]\n')
    _write(project, "clean.md", CLEAN)
    result = lint("clean.md")
    assert result.exit_code == 2
    assert "'per-file-ignores.*.md': unknown rule selector 'XY'" in result.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_bad_selector_on_the_command_line(project: Path, lint: Lint, option: str) -> None:
    _write(project, "clean.md", CLEAN)
    result = lint(option, "NOPE", "clean.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"artlint: error: {option}: unknown rule selector 'NOPE'")
    assert "Traceback" not in result.output


def test_a_bad_nested_config_stops_the_run(project: Path, lint: Lint) -> None:
    _write(project, "clean.md", CLEAN)
    bad = _write(project, "sub/.artlint.yaml", "ignore: [NOTHING]\n")
    _write(project, "sub/clean.md", CLEAN)
    result = lint(".")
    assert result.exit_code == 2
    assert f"{bad}: 'ignore': unknown rule selector 'NOTHING'" in result.stderr


# --------------------------------------------------------------------------- the shared lexicon

ODD_CASE = "---\ntitle: Queue Jobs\n---\n## Where zeroMQ Jobs Are\n\nText.\n"


def test_one_lexicon_key_reaches_every_rule(project: Path, lint: Lint) -> None:
    _write(project, "queue.md", ODD_CASE)
    _write(project, "a.md", "---\ntitle: Night Nursing Jobs\n---\nText.\n")
    _write(project, "b.md", "---\ntitle: Night Nursing Jobs Nationwide\n---\nText.\n")
    args = ("--format", "json", "--select", "HD002,TI003", ".")
    before = {code for _, code, _ in codes(lint(*args))}
    assert before == {"HD002"}
    # One file: a casing spelling (read by HD001 and HD002) and a setting word (TI003).
    _write(project, "house.yaml", "spellings: [zeroMQ]\nsetting: [nationwide]\n")
    _write(project, ".artlint.yaml", "lexicon: house.yaml\n")
    after = {(Path(p).name, code) for p, code, _ in codes(lint(*args))}
    assert after == {("a.md", "TI003"), ("b.md", "TI003")}


def test_a_rules_own_lexicon_adds_to_the_shared_one(project: Path, lint: Lint) -> None:
    _write(project, "queue.md", ODD_CASE + "\n## Where fooBAR Jobs Are\n\nText.\n")
    _write(project, "house.yaml", "spellings: [zeroMQ]\n")
    _write(project, "hd.yaml", "spellings: [fooBAR]\n")
    _write(project, ".artlint.yaml", "lexicon: house.yaml\nrules:\n  HD002: {lexicon: hd.yaml}\n")
    assert codes(lint("--format", "json", "--select", "HD002", "queue.md")) == []


def test_editing_the_shared_lexicon_invalidates_the_cache(project: Path, lint: Lint) -> None:
    _write(project, "queue.md", ODD_CASE)
    _write(project, "house.yaml", "spellings: [Unrelated]\n")
    _write(project, ".artlint.yaml", "lexicon: house.yaml\n")
    args = ("--format", "json", "--select", "HD002", "queue.md")
    assert len(codes(lint(*args, cache=True))) == 1
    _write(project, "house.yaml", "spellings: [zeroMQ]\n")
    from artlint.language import casing

    casing.lexicon.cache_clear()  # as a new process would read it
    assert codes(lint(*args, cache=True)) == []


@pytest.mark.parametrize(
    ("lexicon", "files", "says"),
    [
        ("missing.yaml", {}, "cannot read"),
        ("house.yaml", {"house.yaml": "spelings: [GitHub]\n"}, "unknown key 'spelings'"),
        ("house.yaml", {"house.yaml": "spellings: GitHub\n"}, "'spellings' must be a list"),
        ("house.yaml", {"house.yaml": "- GitHub\n"}, "must be a mapping"),
        ("house.yaml", {"house.yaml": "spellings: [a\n"}, "not valid YAML"),
        ("''", {}, "must name a YAML file"),
    ],
)
def test_a_bad_shared_lexicon_is_a_config_error(
    project: Path, lint: Lint, lexicon: str, files: dict[str, str], says: str
) -> None:
    _write(project, "queue.md", ODD_CASE)
    for name, text in files.items():
        _write(project, name, text)
    _write(project, ".artlint.yaml", f"lexicon: {lexicon}\n")
    result = lint("queue.md")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert ".artlint.yaml: 'lexicon'" in line and says in line


# ---------------------------------------------------------------- where the walk up stops


def test_the_walk_up_stops_at_a_ceiling_folder(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint.config import CEILING_ENV

    _write(project, ".artlint.yaml", "ignore: [FM001]\n")  # above the ceiling: not used
    _write(project, "site/flawed.md", FLAWED)
    monkeypatch.chdir(project / "site")
    assert codes(lint("--format", "json", ".")) == []  # found by walking up
    monkeypatch.setenv(CEILING_ENV, str(project / "site"))
    assert codes(lint("--format", "json", ".")) == [("flawed.md", "FM001", 1)]


def test_a_config_in_a_ceiling_folder_still_counts(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint.config import CEILING_ENV

    _write(project, "site/.artlint.yaml", "ignore: [FM001]\n")
    _write(project, "site/posts/flawed.md", FLAWED)
    monkeypatch.setenv(CEILING_ENV, str(project / "site"))
    assert codes(lint("--format", "json", "site")) == []


# --------------------------------------------------------------------------- fail-on per file


@pytest.mark.parametrize("where", ["site", "site/posts", "."])
def test_fail_on_comes_from_the_files_own_config_wherever_artlint_runs(
    project: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    # HS001 is a warning; the site's config fails only on errors.
    _write(
        project, "site/.artlint.yaml", "house-rules: [house.yaml]\nselect: [HS]\nfail-on: error\n"
    )
    from conftest import HOUSE_YAML, JARGON

    _write(project, "site/house.yaml", HOUSE_YAML)
    _write(project, "site/posts/jargon.md", JARGON)
    monkeypatch.chdir(project / where)
    target = os.path.relpath(project / "site/posts/jargon.md")
    result = lint(target)
    assert "HS001" in result.output
    assert result.exit_code == 0, result.output


def test_fail_on_of_one_file_does_not_excuse_another(project: Path, lint: Lint) -> None:
    _write(
        project,
        "lenient/.artlint.yaml",
        "fail-on: error\nselect: [FM001]\nrules: {FM001: {severity: warning}}\n",
    )
    _write(project, "lenient/flawed.md", FLAWED)
    assert lint("lenient").exit_code == 0
    _write(project, "strict/flawed.md", FLAWED)  # defaults: FM001 is an error, fails on info
    assert lint("lenient", "strict").exit_code == 1
    assert lint("--fail-on", "error", "lenient").exit_code == 0  # the command line wins


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("spelings: [GitHub]\n", "unknown key 'spelings' (did you mean 'spellings'?)"),
        ("spellings: GitHub\n", "'spellings' must be a list of strings, not 'GitHub'"),
        ("spellings: [GitHub, 3]\n", "'spellings' must be a list of strings; entry 2 holds 3"),
        ("prepositions: [on]\n", "entry 1 holds True (quote it: YAML reads yes, no, on"),
        ("antonyms: [high, low]\n", "'antonyms' must be a list of lists of strings, like"),
        ("antonyms: [[high, 2]]\n", "'antonyms' must be a list of lists of strings"),
    ],
)
def test_a_rules_own_lexicon_is_checked_like_the_shared_one(
    project: Path, lint: Lint, text: str, says: str
) -> None:
    """A scalar where a list belongs once dropped the built-in list silently, and a
    misspelt key was ignored: both now stop the run naming the config, file and key."""
    _write(project, "queue.md", ODD_CASE)
    house = _write(project, "hd.yaml", text)
    cfg = _write(project, ".artlint.yaml", "rules:\n  HD002: {lexicon: hd.yaml}\n")
    result = lint("queue.md")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"artlint: error: {cfg}: 'rules.HD002.lexicon': {house}")
    assert says in line


def test_a_house_lexicon_appends_to_the_built_in_lists(tmp_path: Path) -> None:
    from artlint import lexicon

    house = _write(tmp_path, "house.yaml", "spellings: [AcmeCorp]\nantonyms: [[sunny, gloomy]]\n")
    built_in = lexicon.builtin("casing")["spellings"]
    assert lexicon.load("casing", str(house))["spellings"] == [*built_in, "AcmeCorp"]
    assert lexicon.load("polarity", str(house))["antonyms"][-1] == ["sunny", "gloomy"]
    assert lexicon.load("titles", str(house)) == lexicon.builtin("titles")


def test_the_english_word_lists_are_lists_of_strings_and_not_house_keys() -> None:
    """Quoting matters: YAML reads a bare `on` as true, which no word matches."""
    from artlint import lexicon

    english = lexicon.builtin("english")
    assert len(english) >= 9
    for key in english:
        assert lexicon.words("english", key)
    assert not set(english) & set(lexicon.keys())
    assert "on" in lexicon.words("english", "item_prepositions")


def test_a_built_in_list_with_a_boolean_fails_when_the_rules_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from artlint import lexicon

    monkeypatch.setattr(lexicon, "builtin", lambda name: {"item_prepositions": ["of", True]})
    with pytest.raises(lexicon.LexiconError, match="'item_prepositions' must be a list of strings"):
        lexicon.words("english", "item_prepositions")


def test_plugin_files_names_each_file_once_across_nested_configs(tmp_path: Path) -> None:
    # The CLI and the editor server both build the registry from this: a plugin two
    # configs name by different spellings must load once, a nested one must load too.
    from artlint.config import Config, plugin_files

    top = Config(root=tmp_path, plugins=("plug/a.py",), house_rules=("house.toml",))
    nested = Config(
        root=tmp_path / "docs",
        plugins=("../plug/a.py", "b.py"),
        house_rules=("../house.toml",),
    )
    plugins, house = plugin_files([top, nested])
    assert plugins == (
        str(tmp_path / "plug" / "a.py"),
        str(tmp_path / "docs" / "b.py"),
    )
    assert house == (str(tmp_path / "house.toml"),)
