"""A Pelican plugin applying every ``pelican_compat`` patch to a plain site, and recording what it saw.

tests/test_pelican_compat.py builds a tiny site with it (and pelican-sitemap) in a process of its
own, so that no other plugin of the test session listens, and reads ``CONTRACT_RECORD`` (a JSON file).
"""

from __future__ import annotations

import datetime
import json
import os

from pelican import signals

from plugins import pelican_compat

SITEMAP_MOMENT = datetime.datetime(2001, 2, 3, 4, 5, tzinfo=datetime.UTC)
seen: dict = {"runs": [], "periods": [], "md_stamps": 0}
_getmtime = os.path.getmtime


def _counting_getmtime(path):
    # Pelican's cachers take os.path.getmtime when they are made, after this module is imported.
    seen["md_stamps"] += str(path).endswith(".md")
    return _getmtime(path)


os.path.getmtime = _counting_getmtime


class RecordingList(list):
    """The list class the tags and categories are filed in."""


def wrap_run(pelican) -> None:
    def around(run) -> None:
        seen["runs"].append("before")
        run()
        seen["runs"].append("after")
        with open(pelican.settings["CONTRACT_RECORD"], "w", encoding="utf-8") as record:
            json.dump(seen, record)

    pelican_compat.wrap_run(pelican, around)
    pelican_compat.restart_sitemap()


def write_elsewhere(pelican) -> None:
    pelican_compat.write_output_into(pelican, pelican.settings["CONTRACT_ELSEWHERE"])


def patch_before_taxonomy(generator) -> None:
    pelican_compat.list_taxonomies_in(generator, RecordingList)

    def around(build, sorted_articles, articles, settings):
        archives = build(sorted_articles, articles, settings)
        seen["periods"].append({"sorted": len(sorted_articles), "articles": len(articles), "built": archives})
        return archives

    pelican_compat.wrap_period_archives(generator, around)


STATIC_FILE = "extra/linked.png"  # outside STATIC_PATHS: copied only when handed to the static generator


def record_articles(generator) -> None:
    pelican_compat.copy_static_files(generator, {STATIC_FILE})
    pelican_compat.freeze_urls(generator.articles)
    pelican_compat.date_sitemap(SITEMAP_MOMENT)
    seen["tag_lists"] = sorted({type(articles).__name__ for articles in generator.tags.values()})
    seen["category_lists"] = sorted({type(articles).__name__ for _, articles in generator.categories})
    seen["classes"] = sorted({type(article).__name__ for article in generator.articles})
    seen["periods"] = [_shape(call) for call in seen["periods"]]


def _shape(call: dict) -> dict:
    """What the tests check of a call to the period builder: counts, and each period's keys."""
    built = call.pop("built")
    call["granularities"] = sorted(built)
    call["keys"] = sorted({key for periods in built.values() for period in periods for key in period})
    return call


def register() -> None:
    signals.initialized.connect(wrap_run)
    signals.get_generators.connect(write_elsewhere)
    signals.article_generator_init.connect(pelican_compat.stamp_no_files)
    signals.page_generator_init.connect(pelican_compat.stamp_no_files)
    signals.article_generator_pretaxonomy.connect(patch_before_taxonomy)
    signals.article_generator_finalized.connect(record_articles)
