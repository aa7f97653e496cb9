"""Contract tests: every private member of Pelican and pelican-sitemap that ``pelican_compat`` uses.

Each test fails on an upgrade that changes the member it names, before a build quietly does
something else.  Most build a tiny plain site in a process of its own, with a plugin applying
every patch (tests/pelican_contract_plugin.py); the rest read the member itself.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import inspect
import json
import os
import re
import types
from pathlib import Path

import pytest
from pelican import Pelican, signals
from pelican.cache import FileStampDataCacher
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, CachingGenerator, Generator
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError, Writer

from plugins import pelican_compat
from plugins.build.writer import ParallelWriter
from tests.pelican_contract_plugin import SITEMAP_MOMENT, STATIC_FILE
from tests.support import ROOT, page, pelican_process

# sha256 of the source of the Pelican methods whose behaviour we copy or defer (pelican 4.12.0).
RECORDED_SOURCES = {
    Writer._open_w: "69700ea0b4668663b0886011eee71e8b4ea9debd376fe2a2fe322c90ec5aee6d",
    Writer.write_file: "6a604ad67bbeec997e58ef69a393930c22cf3178a760fdc21d2c42f1871da373",
}
CONTRACT_SETTINGS = """
PLUGINS = ["tests.pelican_contract_plugin", "pelican.plugins.sitemap"]
SITEURL = ""
TIMEZONE = "UTC"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
"""
ARTICLES = {
    "kestrel": ("2020-05-04", "rail, arrests"),
    "osprey": ("2020-06-01", "rail"),
    "merlin": ("2021-01-09", "appeals"),
}


@pytest.fixture(scope="module")
def contract_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A plain site built with every patch applied: what the plugin saw, and where the pages went."""
    folder = tmp_path_factory.mktemp("contract")
    content = folder / "content"
    content.mkdir()
    for name, (date, tags) in ARTICLES.items():
        text = f"Title: {name.title()}\nDate: {date}\nCategory: News\nTags: {tags}\n\nThe {name} statement.\n"
        (content / f"{name}.md").write_text(text, encoding="utf-8")
    (content / STATIC_FILE).parent.mkdir()
    (content / STATIC_FILE).write_bytes(b"\x89PNG\r\n\x1a\n")
    (content / "extra/not-linked.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    settings = folder / "contract_settings.py"
    record, elsewhere = folder / "record.json", folder / "elsewhere"
    settings.write_text(
        CONTRACT_SETTINGS + f"CONTRACT_RECORD = {str(record)!r}\nCONTRACT_ELSEWHERE = {str(elsewhere)!r}\n"
    )
    result = pelican_process(content, folder / "output", settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"seen": json.loads(record.read_text()), "output": folder / "output", "elsewhere": elsewhere}


def pinned(name: str) -> str:
    match = re.search(rf"^{re.escape(name)}==(\S+)$", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert match, f"{name} is not pinned in requirements.txt"
    return match.group(1)


def digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def parameters(function) -> list[str]:
    return [str(parameter) for parameter in inspect.signature(function).parameters.values()]


def test_the_installed_pelican_and_pelican_sitemap_are_the_pinned_ones():
    for name in ("pelican", "pelican-sitemap"):
        assert importlib.metadata.version(name) == pinned(name), (
            f"pelican_compat is written against {name} {pinned(name)}"
        )


# FileStampDataCacher._filestamp_func (stamp_no_files)


def test_pelican_stamps_each_file_it_reads_with_filestamp_func(tmp_path: Path):
    assert issubclass(CachingGenerator, FileStampDataCacher) and issubclass(Readers, FileStampDataCacher)
    (tmp_path / "a.md").write_text("Title: A\nDate: 2020-05-04\n\nText.\n", encoding="utf-8")
    with signals.readers_init.muted():  # no plugin of this test session adds its readers
        readers = Readers(read_settings(override={"CACHE_PATH": str(tmp_path / "cache")}))
    assert readers._filestamp_func is os.path.getmtime, "Pelican no longer stamps with _filestamp_func"
    stamped = []
    readers._filestamp_func = stamped.append

    readers.read_file(str(tmp_path), "a.md", content_class=Article)

    assert set(stamped) == {str(tmp_path / "a.md")}  # to look it up in the cache, and to keep it there


def test_a_build_that_stamps_no_files_never_asks_a_statement_its_time(contract_build: dict):
    assert contract_build["seen"]["md_stamps"] == 0


# Article.url and Article.save_as (freeze_urls)


def test_a_frozen_article_keeps_the_url_and_output_path_it_had(tmp_path: Path):
    settings = read_settings(override={"ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"})
    article = Article("<p>Text.</p>", {"title": "A", "slug": "a", "date": datetime.datetime(2020, 5, 4)}, settings)
    assert isinstance(Article.url, property) and isinstance(Article.save_as, property)
    before = (article.url, article.save_as)

    pelican_compat.freeze_urls([article])
    frozen = (article.url, article.save_as)
    article.settings = {**settings, "ARTICLE_URL": "moved/{slug}/", "ARTICLE_SAVE_AS": "moved/{slug}/index.html"}

    assert isinstance(article, Article) and frozen == before == ("a/", "a/index.html")
    assert (article.url, article.save_as) == frozen  # worked out once


def test_a_build_freezes_every_article(contract_build: dict):
    assert contract_build["seen"]["classes"] == ["FrozenUrlArticle"]


# ArticlesGenerator.tags and .categories (list_taxonomies_in)


def test_pelican_files_articles_in_the_tag_and_category_lists_given_before_taxonomy(contract_build: dict):
    assert contract_build["seen"]["tag_lists"] == contract_build["seen"]["category_lists"] == ["RecordingList"]
    rail = page(contract_build["elsewhere"], "tag/rail.html").get_text()
    assert "Kestrel" in rail and "Osprey" in rail and "Merlin" not in rail


# ArticlesGenerator._build_period_archives (wrap_period_archives)


def test_pelican_builds_the_period_archives_once_through_the_wrapped_method(contract_build: dict):
    assert parameters(ArticlesGenerator._build_period_archives) == ["self", "sorted_articles", "articles", "settings"]
    assert contract_build["seen"]["periods"] == [
        {
            "sorted": 3,
            "articles": 3,
            "granularities": ["month", "year"],
            "keys": ["articles", "dates", "period", "period_num", "save_as", "url"],
        }
    ]
    assert "Kestrel" in page(contract_build["elsewhere"], "2020/05/").get_text()


def test_period_archives_built_from_no_articles_still_hold_every_date():
    dated = [Article("", {"title": t, "date": datetime.datetime(2020, m, 1)}) for t, m in (("b", 6), ("a", 5))]
    settings = read_settings(override={"YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html"})

    archives = ArticlesGenerator._build_period_archives(None, dated, [], settings)  # it reads no self

    assert [(period["dates"], period["articles"]) for period in archives["year"]] == [(dated, [])]


# pelican-sitemap's module-level generator (restart_sitemap, date_sitemap)


def test_pelican_sitemaps_one_generator_starts_afresh_and_stays_the_one_its_signals_call():
    from pelican.plugins.sitemap import sitemap

    generator = sitemap.generator
    generator.page_queue.append(("left/over.html", None))
    generator._main_pelican, generator.now = object(), datetime.datetime(2001, 1, 1)

    pelican_compat.restart_sitemap()

    assert sitemap.generator is generator
    assert (generator.page_queue, generator._main_pelican) == ([], None) and generator.now.year > 2001


def test_the_sitemap_dates_listing_pages_with_the_moment_given(contract_build: dict):
    sitemap = (contract_build["elsewhere"] / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{SITEMAP_MOMENT:%Y-%m-%dT%H:%M:%S}+00:00</lastmod>" in sitemap


# Writer._open_w (claim_output_file, overridden by ParallelWriter._open_w)


def test_writer_open_w_and_write_file_are_the_recorded_versions():
    assert (
        parameters(Writer._open_w)
        == parameters(ParallelWriter._open_w)
        == [
            "self",
            "filename",
            "encoding",
            "override=False",
        ]
    )
    for method, recorded in RECORDED_SOURCES.items():
        assert digest(method) == recorded, f"Writer.{method.__name__} changed: compare pelican_compat.claim_output_file"


@pytest.mark.parametrize(
    "overrides",
    [(False,), (False, False), (False, True), (True, False), (True, True), (False, True, False), (True, False, True)],
)
def test_claim_output_file_follows_pelicans_rules_for_a_file_written_again(tmp_path: Path, overrides: tuple):
    def outcome(write) -> tuple[str, list[str]]:
        path, refusals = tmp_path / f"{id(write)}.html", []
        for number, override in enumerate(overrides):
            try:
                write(str(path), number, override)
            except FileOverwriteFailedError as refusal:
                refusals.append(str(refusal).replace(str(path), "PATH"))
        return path.read_text(), refusals

    pelicans = Writer(str(tmp_path), {})

    def pelican_writes(path: str, number: int, override: bool) -> None:
        with pelicans._open_w(path, "utf-8", override) as file:
            file.write(str(number))

    ours = Writer(str(tmp_path), {})

    def we_write(path: str, number: int, override: bool) -> None:
        if pelican_compat.claim_output_file(ours, path, override):
            Path(path).write_text(str(number))

    assert outcome(we_write) == outcome(pelican_writes)


# Pelican.output_path and Pelican.run (write_output_into, wrap_run)


def test_generators_write_into_the_output_path_set_at_get_generators(contract_build: dict):
    assert (contract_build["elsewhere"] / "index.html").is_file()
    assert not (contract_build["output"] / "index.html").exists()


def test_a_wrapped_run_calls_pelicans_own_run_inside_it(contract_build: dict):
    assert contract_build["seen"]["runs"] == ["before", "after"]


def test_the_static_generator_copies_the_files_handed_to_it_and_no_other(contract_build: dict):
    copied = contract_build["elsewhere"] / STATIC_FILE
    assert copied.read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert sorted(path.name for path in copied.parent.iterdir()) == ["linked.png"]


# Generator.get_files and Generator._include_path (content_files)


def test_content_files_lists_what_a_pelican_generator_lists(tmp_path: Path):
    content = tmp_path / "content"
    for name in ("a/x.md", "a/y.html", "a/skipped/z.md", "a/.#draft.md", "b/w.md", "b/noext"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x", encoding="utf-8")
    (content / "a" / "through").symlink_to(content / "b")  # listed through the link, as Pelican walks
    settings = read_settings(override={"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})
    with signals.readers_init.muted(), signals.generator_init.muted():
        generator = Generator({}, settings, str(content), settings["THEME"], str(tmp_path / "output"))
    for paths, excludes, extensions in (
        (["a"], ["a/skipped"], ("md",)),
        (["a", "b"], [], False),
        ([""], ["b"], ("md", "html")),
        (["b/w.md", "missing"], [], ("md",)),
    ):
        listed = pelican_compat.content_files(settings, paths, excludes, extensions)
        assert listed == generator.get_files(paths, exclude=excludes, extensions=extensions)
        assert listed  # each case lists something
    assert "a/through/w.md" in pelican_compat.content_files(settings, ["a"], [], ("md",))


# pelican.plugins._utils.load_plugins and get_plugin_name (register_plugins)


def test_register_plugins_registers_and_names_the_plugins_as_pelican_does(tmp_path: Path):
    registered = []
    (tmp_path / "by_name_plugin.py").write_text("calls = []\ndef register():\n    calls.append(1)\n")
    by_module = types.ModuleType("by_module_plugin")
    by_module.register = lambda: registered.append("module")
    settings = {"PLUGINS": [by_module, "by_name_plugin"], "PLUGIN_PATHS": [str(tmp_path)]}
    pelicans = types.SimpleNamespace(settings=dict(settings))

    Pelican.init_plugins(pelicans)
    ours = pelican_compat.register_plugins(settings)

    assert registered == ["module", "module"] and [plugin.calls for plugin in ours[1:]] == [[1, 1]]
    assert ours == pelicans.plugins and settings["PLUGINS"] == pelicans.settings["PLUGINS"]
    assert settings["PLUGINS"] == ["by_module_plugin", "by_name_plugin"]
