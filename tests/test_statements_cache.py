"""The statements plugin's parse cache: a rebuild parses only the files whose bytes changed, and builds the same site."""

from __future__ import annotations

import importlib
import os
import pickle
from pathlib import Path

import pytest
from pelican import signals
from pelican.settings import read_settings

from plugins.archive.problems import InvalidStatements
from plugins.build import CacheStore
from plugins.statements import cache
from tests.support import ROOT, build, stable, tree, write_statement

# The package's name ``load`` is the function; the tests patch the module's own names.
load = importlib.import_module("plugins.statements.load")
CACHE_FILE = "statements.pickle"  # in CACHE_PATH

PAGE = "---\ntitle: About the archive\n---\nWho keeps the archive, and why.\n"


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The path of every file that ``load`` parses (in the build's own process: see ``site``)."""
    paths: list[str] = []
    for name in ("parse_statement", "parse_page"):
        original = getattr(load, name)

        def counting(path, *args, original=original):
            paths.append(path)
            return original(path, *args)

        monkeypatch.setattr(load, name, counting)
    return paths


@pytest.fixture
def site(content: Path, tmp_path: Path):
    """Build ``content`` into a new output folder with the cache in ``tmp_path/cache``; returns that output."""
    builds = iter(range(1, 100))

    def build_site(**overrides) -> Path:
        output = tmp_path / f"output-{next(builds)}"
        return build(content, output, CACHE_PATH=str(tmp_path / "cache"), STATEMENTS_PARALLEL_FROM=10**6, **overrides)

    return build_site


@pytest.fixture
def three_statements(content: Path) -> list[Path]:
    (content / "pages" / "about.md").write_text(PAGE, encoding="utf-8")
    return [
        write_statement(content, "2020-05-04-first", title="First statement"),
        write_statement(content, "2020-05-05-second", title="Second statement", date="2020-05-05"),
        write_statement(content, "2020-05-06-third", title="Third statement", date="2020-05-06"),
    ]


def site_files(output: Path) -> dict[str, bytes]:
    return stable(tree(output))


def cached_paths(tmp_path: Path) -> set[str]:
    with open(tmp_path / "cache" / CACHE_FILE, "rb") as file:
        pickle.load(file)  # the code that kept it, and the parse settings
        return set(pickle.load(file))


def test_an_unchanged_rebuild_parses_nothing_and_writes_the_same_site(three_statements, site, parsed):
    first = site()
    assert len(parsed) == 4  # three statements and the page
    parsed.clear()
    second = site()
    assert parsed == []
    assert site_files(second) == site_files(first)


def test_an_edited_statement_alone_is_parsed_again_and_the_site_is_as_a_cold_build(
    three_statements, content, site, parsed
):
    site()
    edited = write_statement(content, "2020-05-05-second", title="Second statement, corrected", date="2020-05-05")
    parsed.clear()
    warm = site()
    assert parsed == [str(edited)]
    assert "Second statement, corrected" in (warm / "statements/2020/05/second/index.html").read_text(encoding="utf-8")
    assert site_files(warm) == site_files(site(STATEMENTS_CACHE=False))


def test_the_progress_signal_counts_every_statement_when_all_are_cached(three_statements, site):
    site()
    counts = []

    def count(path, done, total):
        counts.append((done, total))

    load.statement_parsed.connect(count)
    try:
        site()
    finally:
        load.statement_parsed.disconnect(count)
    assert counts == [(1, 3), (2, 3), (3, 3)]


def test_problems_are_reported_again_from_the_cache_and_checks_across_files_still_run(content, site, parsed):
    write_statement(content, "2020-05-04-broken", threat_level="HIGH")
    write_statement(content, "2020-05-05-one", slug="same")
    write_statement(content, "2020-05-06-two", date="2020-05-06", slug="same")
    with pytest.raises(InvalidStatements) as cold:
        site()
    parsed.clear()
    with pytest.raises(InvalidStatements) as warm:
        site()
    assert parsed == []
    assert warm.value.code == cold.value.code
    assert "'HIGH' is not a national threat level" in warm.value.code
    assert "is also written by" in warm.value.code


@pytest.mark.parametrize(
    "changed",
    [
        {"MARKDOWN": {"extensions": ["markdown.extensions.extra"], "output_format": "html"}},
        {"STATEMENT_CATEGORIES": ["Counter-terrorism", "Rail"]},
    ],
    ids=["MARKDOWN", "STATEMENT_CATEGORIES"],
)
def test_a_changed_parse_setting_parses_everything_again(three_statements, site, parsed, changed):
    site()
    parsed.clear()
    site(**changed)
    assert len(parsed) == 4


def test_a_change_to_any_plugins_code_parses_everything_again(three_statements, site, parsed, monkeypatch, tmp_path):
    plugin = tmp_path / "code" / "changing_plugin.py"
    plugin.parent.mkdir()
    plugin.write_text("def register():\n    pass\n")
    monkeypatch.syspath_prepend(str(plugin.parent))
    plugins = [*read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"], "changing_plugin"]
    site(PLUGINS=plugins)
    parsed.clear()
    site(PLUGINS=plugins)
    assert parsed == []
    plugin.write_text("def register():\n    return None\n")
    site(PLUGINS=plugins)
    assert len(parsed) == 4


@pytest.mark.parametrize("damage", [b"not a pickle", b""], ids=["garbage", "empty"])
def test_a_corrupt_cache_is_ignored_and_replaced(three_statements, site, parsed, tmp_path, damage):
    first = site()
    (tmp_path / "cache" / CACHE_FILE).write_bytes(damage)
    parsed.clear()
    second = site()
    assert len(parsed) == 4
    assert site_files(second) == site_files(first)
    assert len(cached_paths(tmp_path)) == 4


def test_a_deleted_statement_leaves_the_cache(three_statements, site, tmp_path):
    site()
    three_statements[1].unlink()
    site()
    assert {str(p) for p in three_statements} - cached_paths(tmp_path) == {str(three_statements[1])}
    assert len(cached_paths(tmp_path)) == 3  # two statements and the page


def test_switched_off_it_parses_everything_and_writes_no_cache(three_statements, site, parsed, tmp_path):
    site(STATEMENTS_CACHE=False)
    site(STATEMENTS_CACHE=False)
    assert len(parsed) == 8
    assert not (tmp_path / "cache" / CACHE_FILE).exists()


def test_a_cache_that_cannot_be_written_is_reported_and_never_fails(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    override = {"CACHE_PATH": str(blocked / "cache"), "PLUGINS": ["plugins.statements"]}  # a plugin imported here
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    parse_cache = cache.ParseCache(CacheStore(settings), "settings", {})
    parse_cache.put("statement.md", b"---", [])
    parse_cache.save()
    assert "statements.pickle" in caplog.text and "the next build parses every statement again" in caplog.text
    assert [path.name for path in tmp_path.iterdir()] == ["not-a-folder"]


def test_the_build_knows_which_statements_changed_since_the_cache_was_saved(three_statements, content, site):
    """The context's ``statements_changed``: edited and added files, and none when the cache kept nothing."""
    changed_in_each_build = []

    def keep_changed(generators):
        changed_in_each_build.append(generators[0].context["statements_changed"])

    signals.all_generators_finalized.connect(keep_changed)
    try:
        site()  # no cache yet: nothing to compare with
        site()
        edited = write_statement(content, "2020-05-05-second", title="Second statement, corrected", date="2020-05-05")
        added = write_statement(content, "2020-05-07-fourth", title="Fourth statement", date="2020-05-07")
        site()
        site(STATEMENTS_CACHE=False)
    finally:
        signals.all_generators_finalized.disconnect(keep_changed)
    assert changed_in_each_build == [frozenset(), frozenset(), {str(edited), str(added)}, frozenset()]


@pytest.mark.parametrize("content_cache", [False, True])
def test_files_are_stamped_for_pelicans_content_cache_only_when_it_is_on(tmp_path, monkeypatch, content_cache):
    """Pelican stamps every file for its content cache even when that cache is off; the plugin stops that."""
    stamped = []
    original = os.path.getmtime

    def noting(path):
        stamped.append(str(path))
        return original(path)

    monkeypatch.setattr(os.path, "getmtime", noting)  # Pelican's caches take it when they are made
    content = tmp_path / "content"
    write_statement(content, "2020-05-01-day-1", date="2020-05-01", title="Statement of day 1")
    output = build(content, tmp_path / "output", CACHE_CONTENT=content_cache, LOAD_CONTENT_CACHE=content_cache)
    statement = str(content / "statements" / "2020" / "2020-05-01-day-1.md")
    assert (statement in stamped) is content_cache
    assert (output / "statements" / "2020" / "05" / "day-1" / "index.html").is_file()
