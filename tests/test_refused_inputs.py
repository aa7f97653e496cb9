"""Inputs the build used to accept although they were wrong, or ended in a traceback: each is refused by name.

Every case builds (or checks) real statements and asserts the maintainer's
message, ``file:LINE: field: what is wrong (what is allowed)``, and that
nothing was published.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.archive.problems import InvalidStatements
from plugins.archive.values import MAX_CHARACTERS, MAX_TAGS
from plugins.build import atomic
from plugins.statements import check
from tests.support import EXAMPLE_CONTENT, ROOT, build, stable, tree, write_statement

PELICAN = str(Path(sys.executable).with_name("pelican"))
VISIBLE = "without bidi controls or zero-width characters"


def line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that begins with ``start``."""
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text.startswith(start))


def refused(content: Path, output: Path) -> list[str]:
    """The problems a build of ``content`` stops with; it must leave ``output`` as it was."""
    before = sorted(output.rglob("*")) if output.exists() else None
    with pytest.raises(InvalidStatements) as failure:
        build(content, output, "publishconf.py")
    assert (sorted(output.rglob("*")) if output.exists() else None) == before, "a refused build changed the output"
    return [str(problem) for problem in failure.value.problems]


def checked(content: Path) -> tuple[int, str]:
    """``make check``'s exit status and its standard error."""
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        status = check.main([str(content), "--settings", str(ROOT / "publishconf.py")])
    return status, errors.getvalue()


# Invisible characters and limits


@pytest.mark.parametrize(
    ("fields", "line_start", "message"),
    [
        ({"title": "Arrests in \u202eAshbridge"}, "title", "has U+202E RIGHT-TO-LEFT OVERRIDE at character 12"),
        ({"summary": "\u2066Officers continue."}, "summary", "has U+2066 LEFT-TO-RIGHT ISOLATE at character 1"),
        ({"issuer": "ACC Dana\u200f Whitlow"}, "issuer", "has U+200F RIGHT-TO-LEFT MARK at character 9"),
        ({"tags": ["Rail", "Ra\u200bil"]}, "- Ra\u200b", "a tag has U+200B ZERO WIDTH SPACE at character 3"),
        ({"tags": ["Paris\ufeff"]}, '- "Paris', "a tag has U+FEFF ZERO WIDTH NO-BREAK SPACE at character 6"),
        ({"category": "Counter-\u2060terrorism"}, "category", "has U+2060 WORD JOINER at character 9"),
        ({"title": "Arabic \u061cmark"}, "title", "has U+061C ARABIC LETTER MARK at character 8"),
        ({"title": "Ra\u200dil 👮\u200d♀️"}, "title", "has U+200D ZERO WIDTH JOINER at character 3"),
    ],
)
def test_invisible_characters_are_named_with_their_position(content, tmp_path, fields, line_start, message):
    path = write_statement(content, "2020-05-04-ashbridge-update", **fields)
    [field] = fields
    [problem] = refused(content, tmp_path / "output")
    assert problem.startswith(f"{path}:{line_of(path, line_start)}: {field}: {message}, which hides or disguises text")


def test_ten_thousand_tags_are_refused_at_once_by_make_check(content):
    path = write_statement(content, "2020-05-04-ashbridge-update", tags=[f"Tag {n}" for n in range(10_000)])
    status, errors = checked(content)
    assert status == 1
    assert f"{path}:{line_of(path, 'tags')}: tags: has 10000 tags: give {MAX_TAGS} at most (a list of at most" in errors


@pytest.mark.parametrize("field", ["title", "summary", "issuer"])
def test_a_field_longer_than_its_limit_is_refused(content, tmp_path, field):
    limit = MAX_CHARACTERS[field]
    path = write_statement(content, "2020-05-04-ashbridge-update", **{field: "a" * (limit + 1)})
    assert refused(content, tmp_path / "output") == [
        f"{path}:{line_of(path, field)}: {field}: is {limit + 1} characters long: shorten it to {limit} at most "
        f"(text of at most {limit} characters, {VISIBLE})"
    ]


def test_fields_at_their_limits_build(content, tmp_path):
    write_statement(
        content,
        "2020-05-04-ashbridge-update",
        **{field: "a" * MAX_CHARACTERS[field] for field in ("title", "summary", "issuer")},
        tags=[f"Tag {n} " + "t" * (MAX_CHARACTERS["tag"] - 10) for n in range(MAX_TAGS)],
    )
    output = build(content, tmp_path / "output")
    assert (output / "statements/2020/05/ashbridge-update/index.html").exists()


# Statements that contradict each other or the build's date


def test_a_statement_superseded_by_itself_is_refused(content, tmp_path):
    path = write_statement(content, "2020-05-04-a", id="a", superseded_by="a")
    assert refused(content, tmp_path / "output") == [
        f"{path}:{line_of(path, 'superseded_by')}: superseded_by: names this statement itself "
        "(the id of another statement, one that this statement does not supersede)"
    ]


def test_statements_superseding_each_other_in_a_circle_are_each_named_with_the_chain(content, tmp_path):
    a = write_statement(content, "2020-05-04-a", id="a", superseded_by="b")
    b = write_statement(content, "2020-05-05-b", id="b", superseded_by="c")
    c = write_statement(content, "2020-05-06-c", id="c", superseded_by="a")
    write_statement(content, "2020-05-07-d", id="d", superseded_by="a")  # leads into the circle, is not in it
    allowed = "(the id of another statement, one that this statement does not supersede)"
    assert refused(content, tmp_path / "output") == [
        f"{path}:{line_of(path, 'superseded_by')}: superseded_by: the statements supersede each other: {chain} {allowed}"
        for path, chain in [(a, "a → b → c → a"), (b, "b → c → a → b"), (c, "c → a → b → c")]
    ]


def test_an_update_after_the_build_date_is_refused_by_make_check(content, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13 12:26:40 UTC
    write_statement(content, "2020-05-04-a", updated="2020-09-13T12:26:40+00:00")  # the build's very moment
    late = write_statement(content, "2020-05-05-b", updated="2099-01-01")
    status, errors = checked(content)
    assert status == 1
    problem, summary = errors.splitlines()
    assert problem == (
        f"{late}:{line_of(late, 'updated')}: updated: 2099-01-01 00:00 GMT is after the build's date, "
        "2020-09-13 12:26 UTC (a moment no later than the build (SOURCE_DATE_EPOCH when it is set, else now); "
        "a statement released later takes a future date:, which embargoes it)"
    )
    assert summary.startswith(f"1 problem(s) in {content}")


# Symbolic links


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_symbolic_link_out_of_the_content_folder_is_refused_naming_it(content, tmp_path, linked):
    write_statement(content, "2020-05-04-inside")
    elsewhere = write_statement(tmp_path / "elsewhere", "2020-05-05-outside")
    if linked == "file":
        link = content / "statements/2020/2020-05-05-outside.md"
        link.symlink_to(elsewhere)
        path = link
    else:
        link = content / "statements/linked"
        link.symlink_to(elsewhere.parent, target_is_directory=True)
        path = link / elsewhere.name
    status, errors = checked(content)
    assert status == 1
    assert errors.splitlines()[0] == (
        f"{path}:1: file: {link} is a symbolic link to {link.resolve()}, outside the content folder "
        f"(files and links inside {content})"
    )
    assert refused(content, tmp_path / "output") == [errors.splitlines()[0]]


def test_a_symbolic_link_inside_the_content_folder_is_followed(content, tmp_path):
    write_statement(content, "2020-05-04-inside")
    (content / "about-source.md").write_text("---\ntitle: About\n---\nAbout the archive.\n", encoding="utf-8")
    (content / "pages/about.md").symlink_to(content / "about-source.md")
    output = build(content, tmp_path / "output")
    assert "About the archive." in (output / "about/index.html").read_text(encoding="utf-8")


# Aliases onto the build's own files


@pytest.mark.parametrize(
    "alias",
    [
        "404.html",
        "feeds/",
        "feeds/all.atom.xml",
        "feeds/tag/rail.json",
        "threat-levels/severe/",
        "threat-levels/",
        "tags/rail/",
        "statements/2020/05/",
        "statements/page/2/",
        "_headers",
        "sitemap.xml",
        "robots.txt",
        ".well-known/security.txt",
        "theme/css/site.css",
        "pagefind/",
        "search/",
        "about/",
        "index.html",
    ],
)
def test_an_alias_onto_a_file_the_build_writes_is_refused_by_make_check_and_the_build(content, tmp_path, alias):
    (content / "pages/about.md").write_text("---\ntitle: About\n---\nAbout the archive.\n", encoding="utf-8")
    path = write_statement(content, "2020-05-04-ashbridge-update", aliases=[alias])
    expected = (
        f"{path}:{line_of(path, 'aliases')}: aliases: {alias} is where the build writes one of its own pages or files "
        "(an old address of this statement that no other page has)"
    )
    status, errors = checked(content)
    assert (status, errors.splitlines()[0]) == (1, expected)
    assert refused(content, tmp_path / "output") == [expected]


def test_an_alias_beside_the_build_files_is_written(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update", aliases=["statements/2020/05/old-name/", "feeds/old/"])
    output = build(content, tmp_path / "output", "publishconf.py")
    assert "/statements/2020/05/ashbridge-update/" in (output / "feeds/old/index.html").read_text(encoding="utf-8")
    assert (output / "statements/2020/05/old-name/index.html").exists()


def test_every_file_of_the_example_archive_is_refused_as_an_alias(example_site, tmp_path):
    """What the aliases' check reserves covers every file the published build writes, whichever plugin wrote it."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    written = sorted(str(path.relative_to(example_site)) for path in example_site.rglob("*") if path.is_file())
    path = write_statement(content, "2020-05-04-every-alias", aliases=written)
    found = check.check(str(content), str(ROOT / "publishconf.py"), [str(path)])
    refused_aliases = [problem.message.split(" ")[0] for problem in found if problem.field == "aliases"]
    assert len(written) > 100
    assert sorted(refused_aliases) == written


# The output: two builds at once, a full disk, an output that cannot be written


def pelican_command(content: Path, output: Path, *, file_size_limit: int | None = None) -> subprocess.Popen:
    """``pelican`` on ``content``, as ``make publish`` runs it; writing more than ``file_size_limit`` bytes
    to a file fails as on a full disk (the system's file size limit, with its signal ignored)."""

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.Popen(
        [PELICAN, str(content), "-s", str(ROOT / "publishconf.py"), "-o", str(output), "-e", 'SITEURL=""'],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=limit_file_size if file_size_limit else None,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The example archive built once into an output of its own."""
    output = tmp_path_factory.mktemp("published") / "output"
    build(EXAMPLE_CONTENT, output, "publishconf.py", SITEURL="")
    return output


def test_a_full_disk_is_one_line_and_leaves_the_published_output_untouched(published):
    before = tree(published)
    process = pelican_command(EXAMPLE_CONTENT, published, file_size_limit=20_000)
    printed, _ = process.communicate()
    assert process.returncode == 1, printed
    assert "Traceback" not in printed
    [line] = [line for line in printed.splitlines() if "Could not write" in line]
    assert line == f"Could not write the site: File too large; nothing was published, {published} is as it was"
    assert tree(published) == before
    assert not Path(f"{published}{atomic.STAGING_SUFFIX}").exists()


def test_an_output_that_cannot_be_made_is_one_line(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update")
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    output = tmp_path / "a-file" / "output"
    with pytest.raises(SystemExit) as failure:
        build(content, output)
    assert (
        str(failure.value)
        == f"Could not write {output.parent}: File exists; nothing was published, {output} is as it was"
    )


def test_a_second_build_into_the_same_output_waits_for_the_first(published):
    before = tree(published)
    with open(f"{published}{atomic.LOCK_SUFFIX}", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a first build does while it runs
        second = pelican_command(EXAMPLE_CONTENT, published)
        said = ""
        for line in second.stdout:  # the second build says it waits (the log may wrap the line), and does
            said += line
            if "waiting for it to finish" in line:
                break
        assert "Another build is writing" in said
        assert second.poll() is None
        assert tree(published) == before
    printed, _ = second.communicate()
    assert second.returncode == 0, printed
    assert (published / "index.html").exists()


def test_two_builds_at_once_into_one_output_both_succeed(published):
    builds = [pelican_command(EXAMPLE_CONTENT, published) for _ in range(2)]
    printed = [process.communicate()[0] for process in builds]
    assert [process.returncode for process in builds] == [0, 0], printed
    assert "Traceback" not in "".join(printed)
    assert stable(tree(published)).keys() >= {"index.html", "feeds/all.atom.xml", ".well-known/security.txt"}


def test_a_broken_symbolic_link_is_named(content, tmp_path):
    write_statement(content, "2020-05-04-inside")
    link = content / "statements/2020/2020-05-05-gone.md"
    link.symlink_to(content / "statements/2020/2020-05-05-deleted.md")
    assert refused(content, tmp_path / "output") == [
        f"{link}:1: file: cannot be read: No such file or directory (a readable file)"
    ]
