"""The build layer's rendering: pages rendered by several processes, and unchanged pages reused from the last build.

Whatever the workers and whatever the last build, the output must be byte for byte what one
process building from nothing writes: each rebuild below is compared with a cold build of
the same content in a fresh folder with no cache.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError

from plugins.archive.setting_rules import defaults
from plugins.build import SETTINGS, BuildRun, writer
from tests.support import ROOT, build, inodes, small_archive, stable, tree

STATEMENTS = "statements"
EDITED = "2018/2018-02-13-operation-kestrel-arrests.md"


def publish(content: Path, output: Path, cache: Path, **overrides) -> Path:
    return build(content, output, "publishconf.py", SITEURL="", CACHE_PATH=str(cache), **overrides)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return small_archive(tmp_path / "content")


def test_pages_rendered_by_several_processes_are_the_pages_one_process_renders(example, tmp_path):
    one = publish(example, tmp_path / "one", tmp_path / "cache-one", RENDERING_WORKERS=1, RENDERING_REUSE=False)
    several = publish(
        example,
        tmp_path / "several",
        tmp_path / "cache-several",
        RENDERING_WORKERS=2,
        RENDERING_PARALLEL_FROM=1,
        RENDERING_BATCH=7,  # many batches, some with fewer pages than workers
        RENDERING_REUSE=False,
    )
    assert stable(tree(several)) == stable(tree(one))
    # The sitemap is made from Pelican's content_written signal, still sent for every page.
    assert "/statements/2018/02/operation-kestrel-arrests/</loc>" in (several / "sitemap.xml").read_text()


def theme_copy(tmp_path: Path) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    return theme


def test_a_worker_that_fails_fails_the_build_and_names_the_page(example, tmp_path, capfd):
    theme = theme_copy(tmp_path)
    output = publish(example, tmp_path / "output", tmp_path / "cache", THEME=str(theme))
    before = tree(output)
    article = theme / "templates/article.html"
    failing = '{% if article.slug == "operation-kestrel-arrests" %}{{ article.no_such_field.below }}{% endif %}'
    text = article.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}" + failing, 1)
    article.write_text(text, encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"1 rendering worker\(s\) failed"):
        publish(example, output, tmp_path / "cache", THEME=str(theme), RENDERING_WORKERS=2, RENDERING_PARALLEL_FROM=1)
    stderr = capfd.readouterr().err
    assert re.search(r"Rendering \S+/operation-kestrel-arrests/index\.html failed:", stderr)
    assert re.search(r"UndefinedError: .* has no attribute 'no_such_field'", stderr)
    assert tree(output) == before  # the last output stays as it was


def test_workers_write_through_streams_and_a_log_handler_of_their_own(example, tmp_path, monkeypatch, capfd):
    """A lock another thread of the build held at the fork (rich's spinner's) is never released in a worker."""
    parent_stderr, parent_handlers = sys.stderr, set(logging.getLogger().handlers)

    def warn_and_write(pending: writer.PendingPage) -> None:
        logging.getLogger("plugins.build").warning("warned while rendering %s", Path(pending.path).parent.name)
        own = sys.stderr is not parent_stderr and not parent_handlers & set(logging.getLogger().handlers)
        Path(pending.path).write_text(str(own), encoding="utf-8")

    monkeypatch.setattr(writer.PendingPage, "write", warn_and_write)
    output = publish(example, tmp_path / "output", tmp_path / "cache", RENDERING_WORKERS=2, RENDERING_PARALLEL_FROM=1)
    assert (output / "statements/2018/02/operation-kestrel-arrests/index.html").read_text(encoding="utf-8") == "True"
    assert "warned while rendering operation-kestrel-arrests" in capfd.readouterr().err


def test_a_worker_given_a_closed_stream_writes_to_the_null_device():
    """A unit test: a build started with a stream closed forks with that descriptor free only by chance
    (Pagefind's pipes or a cache file may hold it), so no whole build reaches this case reliably."""
    closed, _ = os.pipe()
    os.close(closed)
    stream = writer._stream(closed)
    assert stream.name == os.devnull
    stream.write("nowhere")
    stream.close()


def test_workers_render_below_the_builds_priority(example, tmp_path, monkeypatch):
    """So that the build's own process and Pagefind, which nothing else can do for them, keep a core."""

    def write_niceness(pending: writer.PendingPage) -> None:
        Path(pending.path).write_text(str(os.nice(0)), encoding="utf-8")

    monkeypatch.setattr(writer.PendingPage, "write", write_niceness)
    output = publish(
        example,
        tmp_path / "output",
        tmp_path / "cache",
        RENDERING_WORKERS=2,
        RENDERING_PARALLEL_FROM=1,
        RENDERING_REUSE=False,
        RENDERING_NICENESS=7,
    )
    pages = [output / "index.html", output / "statements/2018/02/operation-kestrel-arrests/index.html"]
    assert {page.read_text(encoding="utf-8") for page in pages} == {str(min(os.nice(0) + 7, 19))}


def append_paragraph(content: Path) -> None:
    path = content / STATEMENTS / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nA further paragraph added later.\n", encoding="utf-8")


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        path = content / STATEMENTS / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def delete_statement(content: Path) -> None:
    """Deleted with its entry in the ledger of published statements, which would refuse it otherwise."""
    (content / STATEMENTS / EDITED).unlink()
    ledger_path = content / "published.json"
    ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
    del ledger["statements"]["2018-02-13-operation-kestrel-arrests"]
    ledger_path.write_text(json.dumps(ledger), encoding="utf-8")


def supersede(content: Path) -> None:
    replace_in(EDITED, "\ntitle:", "\nsuperseded_by: 2020-10-08-teenager-charged\ntitle:")(content)


# Edits of the kinds tests/test_edit_sequences.py draws at random (a body, a title, a level or
# tags changed, a statement added or withdrawn) are checked there, in sequences on small archives;
# these are the others, on a part of the example archive.
EDITS = {
    "a statement deleted": delete_statement,
    "a statement superseded": supersede,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_rebuild_after_an_edit_writes_what_a_cold_build_writes(example, tmp_path, edit):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache)
    edit(example)
    publish(example, output, cache)
    cold = publish(example, tmp_path / "cold", tmp_path / "cold-cache")
    assert stable(tree(output)) == stable(tree(cold))


def test_a_rebuild_renders_only_the_pages_an_edit_changes(example, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache)
    before = inodes(output)
    append_paragraph(example)
    publish(example, output, cache)
    after = inodes(output)
    rendered = sorted(name for name, inode in after.items() if before.get(name) != inode)
    # The statement's own page, the only page that shows its body, and the fixed pages (Pelican's own
    # pages, which carry no fingerprint): every listing shows the statement's card, which is unchanged.
    assert rendered == sorted(
        [
            "statements/2018/02/operation-kestrel-arrests/index.html",
            "about/index.html",
            "accessibility/index.html",
            "privacy/index.html",
        ]
    )


def test_a_rebuild_makes_again_only_the_feeds_that_hold_the_edited_statement(example, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache)
    before = inodes(output / "feeds", "*.*")
    append_paragraph(example)
    publish(example, output, cache)
    after = inodes(output / "feeds", "*.*")
    made_again = {name for name, inode in after.items() if before[name] != inode}
    holding = {name for name in after if "A further paragraph added later." in (output / "feeds" / name).read_text()}
    assert "all.atom.xml" in holding
    assert made_again == holding | {"feed.xsl"}  # the stylesheet is copied on every build


def test_a_rebuild_with_nothing_changed_renders_only_the_fixed_pages(example, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache)
    before = inodes(output)
    publish(example, output, cache)
    after = inodes(output)
    rendered = sorted(name for name, inode in after.items() if before[name] != inode)
    # Pelican's own pages carry no fingerprint.
    assert rendered == ["about/index.html", "accessibility/index.html", "privacy/index.html"]


def test_a_changed_template_or_setting_renders_every_page_again(example, tmp_path):
    theme = theme_copy(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache, THEME=str(theme))
    before = inodes(output)
    badge = theme / "templates/partials/badge.html"
    badge.write_text(badge.read_text(encoding="utf-8").replace("badge__name", "badge__name badge__name--new"))
    publish(example, output, cache, THEME=str(theme))
    after_template = inodes(output)
    publish(example, output, cache, THEME=str(theme), SITENAME="Another archive")
    after_setting = inodes(output)
    assert not set(before.items()) & set(after_template.items())
    assert not set(after_template.items()) & set(after_setting.items())
    assert "badge__name--new" in (output / "statements/2018/02/operation-kestrel-arrests/index.html").read_text()


def test_a_page_changed_in_the_output_by_hand_is_rendered_again(example, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache)
    statement_page = output / "statements/2018/02/operation-kestrel-arrests/index.html"
    built = statement_page.read_bytes()
    statement_page.unlink()
    statement_page.write_bytes(b"<p>replaced by hand</p>")
    publish(example, output, cache)
    assert statement_page.read_bytes() == built


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"unexpected": 1})])
def test_unreadable_caches_render_every_page(example, tmp_path, damage):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache)
    before = inodes(output)
    for file in cache.rglob("*"):
        if file.is_file():
            file.write_bytes(damage)
    publish(example, output, cache)
    assert not set(before.items()) & set(inodes(output).items())
    assert stable(tree(output)) == stable(tree(publish(example, tmp_path / "cold", tmp_path / "cold-cache")))


def test_a_build_in_place_reuses_nothing(example, tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    publish(example, output, cache, PUBLISHING_ATOMIC=False)
    append_paragraph(example)
    publish(example, output, cache, PUBLISHING_ATOMIC=False)
    assert stable(tree(output)) == stable(tree(publish(example, tmp_path / "cold", tmp_path / "cold-cache")))


def test_a_cache_folder_that_cannot_be_written_costs_only_the_reuse(example, tmp_path, caplog):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    output = publish(example, tmp_path / "output", not_a_folder)
    assert "rendered-pages.pickle" in caplog.text and "the next build renders every page again" in caplog.text
    assert "Could not keep the search index" in caplog.text
    assert stable(tree(output)) == stable(tree(publish(example, tmp_path / "cold", tmp_path / "cold-cache")))


def test_pelicans_rules_for_a_file_written_twice_still_hold(tmp_path):
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "c")}
    )
    settings.update(defaults(SETTINGS))
    settings["RENDERING_REUSE"] = False
    with BuildRun.running(settings):  # a writer belongs to a build
        parallel = writer.ParallelWriter(str(tmp_path / "site"), settings)
        context = {"localsiteurl": "", "SITEURL": ""}

        def write(text: str, **options) -> None:
            parallel.write_file("page.html", jinja2.Template(text), context, **options)

        write("first")
        with pytest.raises(FileOverwriteFailedError, match="already written"):
            write("second")
        write("overriding", override_output=True)
        write("skipped")  # after an override, a plain write of the same file is skipped
        with pytest.raises(FileOverwriteFailedError, match="a second time"):
            write("overriding again", override_output=True)
        parallel.finish()
        assert (tmp_path / "site" / "page.html").read_text() == "overriding"


def test_a_run_is_found_by_its_own_settings_and_only_while_it_runs():
    settings, others = {"SITENAME": "A"}, {"SITENAME": "A"}  # equal, but another build's
    with pytest.raises(LookupError):
        BuildRun.of(settings)
    with BuildRun.running(settings) as run:
        assert BuildRun.of(settings) is run is BuildRun.current()
        with pytest.raises(LookupError):
            BuildRun.of(others)
    with pytest.raises(LookupError):
        BuildRun.of(settings)
    assert BuildRun.current() is None
