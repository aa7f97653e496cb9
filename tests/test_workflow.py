"""The maintainers' workflow: make new, make check of chosen files, the notices on a statement's
page, previews in the devserver, the pre-commit hooks, the build summary and CONTRIBUTING.md."""

from __future__ import annotations

import datetime
import json
import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import types
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pelican
import pytest
import yaml
from pelican import signals
from pelican.settings import read_settings

from plugins.archive.schema import reference_table
from plugins.statements.check import check as check_statements
from plugins.statements.check import main as check_main
from plugins.statements.new import main as new_statement
from tests.conftest import axe_violations, serve
from tests.support import ROOT, build, page, run_main, statement_text, write_statement

LEVELS = "LOW, MODERATE, SUBSTANTIAL, SEVERE, CRITICAL"
ANY_ID = re.compile(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{6}")


def run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, **kwargs)


def new(content: Path, *arguments: str) -> subprocess.CompletedProcess:
    """``make new``'s command, in this process (``make new`` itself is tested as a process)."""
    return run_main(new_statement, "--content", content, *arguments)


def check(content: Path, *files: Path) -> subprocess.CompletedProcess:
    """``make check``'s command, in this process (``make check`` itself is tested as a process)."""
    return run_main(check_main, content, *files)


def today_in_uk() -> datetime.date:
    return datetime.datetime.now(ZoneInfo("Europe/London")).date()


def fill_in(path: Path) -> None:
    """Do what a maintainer does with a new file: replace the placeholders and write the statement."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^summary: .*$", "summary: Officers made two arrests in Ashbridge today.", text, flags=re.M)
    text = re.sub(r"^issuer: .*$", "issuer: Detective Chief Superintendent Ann Lowe", text, flags=re.M)
    text = re.sub(r"^  phone: .*$", "  phone: 0800 789 321", text, flags=re.M)
    text = re.sub(r"^  (email|url): .*\n", "", text, flags=re.M)
    path.write_text(text + "Two men were arrested in Ashbridge this morning.\n", encoding="utf-8")


# make new


def test_new_writes_complete_front_matter_that_fails_check_until_filled_in(content):
    made = new(
        content, "--title", "Arrests in Ashbridge: an update", "--level", "severe", "--category", "arrests AND charges"
    )
    assert made.returncode == 0, made.stderr
    today = today_in_uk()
    path = content / "statements" / f"{today:%Y}" / f"{today}-arrests-in-ashbridge-an-update.md"
    assert made.stdout.strip() == str(path)
    fields = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert fields["title"] == "Arrests in Ashbridge: an update"
    assert fields["date"] == today
    assert ANY_ID.fullmatch(fields["id"]) and fields["id"].startswith(str(today))
    assert (fields["threat_level"], fields["category"]) == ("SEVERE", "Arrests and charges")

    unfilled = check(content)
    assert unfilled.returncode == 1
    complaints = {line.split(": ")[1] for line in unfilled.stderr.splitlines() if line.startswith(str(path))}
    assert complaints == {"summary", "issuer", "contact.phone", "contact.email", "contact.url", "body"}
    assert "is a placeholder left by make new: write the real value" in unfilled.stderr

    fill_in(path)
    filled = check(content)
    assert filled.returncode == 0, filled.stderr


def test_new_placeholders_survive_apostrophes_and_colons_typed_inside_them(content):
    path = Path(new(content, "--title", "Appeal", "--level", "LOW", "--category", "Threat level").stdout.strip())
    text = path.read_text(encoding="utf-8")
    for field, typed in (("summary", "We're appealing: call us"), ("issuer", "Ann Lowe, Head of CT Policing")):
        text = re.sub(rf'^{field}: "FILL IN[^"]*"', f'{field}: "{typed}"', text, flags=re.M)
    text = re.sub(r"^  (phone|email|url): .*\n", "", text, flags=re.M)  # every contact line deleted
    path.write_text(text + "We're appealing for witnesses.\n", encoding="utf-8")
    checked = check(content)
    assert checked.returncode == 0, checked.stderr
    assert "contact:\n---" in path.read_text(encoding="utf-8")


def test_new_twice_with_one_title_on_one_day_makes_two_statements_with_their_own_ids(content):
    first = Path(
        new(content, "--title", "Threat level update", "--level", "LOW", "--category", "Threat level").stdout.strip()
    )
    first_text = first.read_text(encoding="utf-8")
    second = Path(
        new(content, "--title", "Threat level update", "--level", "LOW", "--category", "Threat level").stdout.strip()
    )
    assert second.name == first.name.replace("update.md", "update-2.md")
    assert first.read_text(encoding="utf-8") == first_text, "the first file was overwritten"
    ids = [yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["id"] for path in (first, second)]
    assert ids[0] != ids[1]
    fill_in(first)
    fill_in(second)
    assert check(content).returncode == 0  # no shared id and no shared URL


def test_new_avoids_a_url_taken_earlier_in_the_month(content):
    today = today_in_uk()
    earlier = today.replace(day=1) if today.day > 1 else today
    write_statement(content, f"{earlier}-threat-level-update", date=str(earlier))
    made = new(content, "--title", "Threat level update", "--level", "LOW", "--category", "Threat level")
    assert Path(made.stdout.strip()).name == f"{today}-threat-level-update-2.md"


def test_new_lists_what_is_allowed_for_every_wrong_argument(content):
    made = new(content, "--level", "HIGH", "--category", "Terrorism")
    assert made.returncode == 2
    assert "TITLE: is missing" in made.stderr
    assert f"LEVEL: 'HIGH' is not a national threat level; allowed: {LEVELS}" in made.stderr
    assert "CATEGORY: 'Terrorism' is not one of the archive's categories; allowed:" in made.stderr
    categories = read_settings(str(ROOT / "pelicanconf.py"))["STATEMENT_CATEGORIES"]
    for category in categories:
        assert f'\n  CATEGORY="{category}"' in made.stderr
    assert 'Usage: make new TITLE="' in made.stderr
    assert not (content / "statements").exists()


def test_new_needs_a_slug_for_a_title_without_latin_letters(content):
    made = new(content, "--title", "«…»", "--level", "LOW", "--category", "Threat level")
    assert made.returncode == 2
    assert "SLUG: the title has no Latin letters or digits to name the file after" in made.stderr
    cyrillic = new(content, "--title", "Заявление", "--level", "LOW", "--category", "Threat level")
    assert "SLUG: the title has no Latin letters or digits to name the file after" in cyrillic.stderr
    named = new(content, "--title", "«…»", "--level", "LOW", "--category", "Threat level", "--slug", "quote")
    assert Path(named.stdout.strip()).name == f"{today_in_uk()}-quote.md"


def test_make_new_passes_quotes_and_apostrophes_through(content):
    title = """People's "safe spaces" update"""
    made = run("make", "-s", "new", f"CONTENT={content}", f"TITLE={title}", "LEVEL=MODERATE", "CATEGORY=Major events")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.name == f"{today_in_uk()}-peoples-safe-spaces-update.md"
    assert yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["title"] == title


# make publish


def test_make_publish_says_what_it_recorded_and_nothing_twice(content, tmp_path):
    write_statement(content, "2020-05-04-appeal", date="2020-05-04")
    (content / "published.json").write_text('{"statements": {}}\n', encoding="utf-8")
    published = run("make", "-s", "publish", f"CONTENT={content}", f"OUTPUT={tmp_path / 'output'}")
    assert published.returncode == 0, published.stderr
    said = published.stdout + published.stderr
    assert "make ledger" not in said  # no reminder to record what make publish records
    assert said.count("recorded 2020-05-04-appeal") == 1
    assert "2020-05-04-appeal" in json.loads((content / "published.json").read_text(encoding="utf-8"))["statements"]


# make check FILES=...


def test_check_of_chosen_files_reports_only_their_problems(content):
    good = write_statement(content, "2020-05-04-good")
    named = write_statement(content, "2020-05-05-named", date="2020-05-05", threat_level="HIGH")
    other = write_statement(content, "2020-05-06-other", date="2020-05-06", category="Rumours")

    assert check(content, good).returncode == 0
    result = check(content, good, named)
    assert result.returncode == 1
    assert f"{named}:4: threat_level: 'HIGH' is not a national threat level" in result.stderr
    assert str(other) not in result.stderr
    assert "1 problem(s) in 2 file(s)" in result.stderr

    everything = run("make", "-s", "check", f"CONTENT={content}")
    assert str(named) in everything.stderr and str(other) in everything.stderr


def test_check_refuses_a_file_that_the_build_never_reads(content, tmp_path):
    write_statement(content, "2020-05-04-good")
    stray = tmp_path / "notes.md"
    stray.write_text(statement_text(), encoding="utf-8")
    result = check(content, content / "statements" / "2020" / "2020-05-04-typo.md", stray)
    assert result.returncode == 1
    assert "2020-05-04-typo.md:1: file: does not exist (a .md file under" in result.stderr
    assert f"{stray}:1: file: is not a statement: the build never reads it" in result.stderr


# The statement page: corrections, withdrawal, supersession and drafts


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict[str, Path | str]:
    """One content folder built as published (with the pelican command) and as a devserver preview."""
    root = tmp_path_factory.mktemp("workflow")
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    write_statement(
        content,
        "2019-11-05-ashbridge-arrests",
        title="Arrests in Ashbridge",
        date="2019-11-05",
        updated="2019-11-08",
        corrections=[
            {"date": "2019-11-08", "note": "added the charges brought against both men"},
            {"date": "2019-11-06", "note": "corrected the number of arrests"},
        ],
    )
    write_statement(
        content,
        "2020-05-04-old-guidance",
        title="Old guidance",
        date="2020-05-04",
        superseded_by="2020-06-01-new-guidance",
    )
    write_statement(content, "2020-06-01-new-guidance", title="New guidance for venues", date="2020-06-01")
    write_statement(
        content,
        "2020-07-01-missing-man-appeal",
        title="Appeal to find a missing man",
        date="2020-07-01",
        status="withdrawn",
        withdrawn_reason="The man has been found safe and well.",
        withdrawn_date="2020-07-03",
    )
    write_statement(content, "2020-08-01-draft-appeal", title="A draft appeal", date="2020-08-01", status="draft")
    write_statement(content, "2099-01-01-new-year", title="New Year security 2099", date="2099-01-01")
    write_statement(
        content,
        "2020-09-01-festive-advice",
        title="Festive advice",
        date="2020-09-01",
        superseded_by="2099-01-01-new-year",
    )
    published = root / "published"
    command = run_main(pelican.main, content, "-s", "publishconf.py", "-o", published, "-e", 'SITEURL=""')
    assert command.returncode == 0, command.stderr
    preview = build(content, root / "preview", STATEMENTS_PREVIEW_DRAFTS=True, WITH_FUTURE_DATES=True)
    return {"content": content, "published": published, "preview": preview, "output": command.stdout + command.stderr}


def notice(soup, heading: str):
    """The role="note" box whose heading says ``heading``, or None."""
    for box in soup.select('[role="note"]'):
        if heading in box.get_text(" ", strip=True):
            return box
    return None


def test_corrections_are_shown_oldest_first_as_the_change_history(archive):
    soup = page(archive["published"], "statements/2019/11/ashbridge-arrests/")
    history = soup.find(id="updates").find_parent("section")
    assert history.h2.get_text() == "Updates to this statement"
    assert [" ".join(item.get_text().split()) for item in history.select("li")] == [
        "6 November 2019 — corrected the number of arrests",
        "8 November 2019 — added the charges brought against both men",
    ]
    # Near the top, the newest date and a link down to the list, which comes after the statement.
    (updated,) = [row.dd for row in soup.select("header .facts__row") if row.dt.get_text() == "Last updated"]
    assert " ".join(updated.get_text().split()) == "8 November 2019 — see all updates"
    assert updated.a["href"] == "#updates"
    assert soup.select_one(".prose").find_next(id="updates")
    assert history.select("time")[0]["datetime"].startswith("2019-11-06")


def test_withdrawn_statement_keeps_its_page_with_the_reason_but_leaves_the_listings(archive):
    soup = page(archive["published"], "statements/2020/07/missing-man-appeal/")
    box = notice(soup, "This statement has been withdrawn")
    assert box is not None and box.find(["h2", "h3"])
    assert "The man has been found safe and well." in box.get_text()
    listing = page(archive["published"], "statements/").get_text()
    assert "Old guidance" in listing
    assert "Appeal to find a missing man" not in listing


def test_superseded_statement_links_to_the_statement_that_replaces_it(archive):
    soup = page(archive["published"], "statements/2020/05/old-guidance/")
    box = notice(soup, "This statement has been superseded")
    link = box.find("a")
    assert link["href"] == "/statements/2020/06/new-guidance/"
    assert link.get_text() == "New guidance for venues"
    assert "1 June 2020" in box.get_text()
    assert notice(page(archive["published"], "statements/2020/06/new-guidance/"), "superseded") is None


def test_a_replacement_still_under_embargo_is_not_announced(archive):
    published = page(archive["published"], "statements/2020/09/festive-advice/")
    assert notice(published, "superseded") is None
    previewed = page(archive["preview"], "statements/2020/09/festive-advice/")
    assert notice(previewed, "superseded").find("a")["href"] == "/statements/2099/01/new-year/"


def test_drafts_and_embargoed_statements_are_only_in_the_preview_marked_draft(archive):
    for relative in ("statements/2020/08/draft-appeal/", "statements/2099/01/new-year/"):
        assert not (archive["published"] / relative).exists()
        assert notice(page(archive["preview"], relative), "DRAFT") is not None
    draft = notice(page(archive["preview"], "statements/2020/08/draft-appeal/"), "DRAFT")
    assert "status: draft" in draft.get_text()
    embargoed = notice(page(archive["preview"], "statements/2099/01/new-year/"), "DRAFT")
    assert "Embargoed until 1 January 2099" in " ".join(embargoed.get_text().split())
    assert notice(page(archive["preview"], "statements/2020/06/new-guidance/"), "DRAFT") is None
    listing = page(archive["preview"], "statements/").select("li.statement-item")
    labelled = {
        item.find(["h2", "h3"]).get_text() for item in listing if item.find(class_="draft-label", string="DRAFT")
    }
    assert labelled == {"A draft appeal", "New Year security 2099"}
    assert not page(archive["published"], "statements/").find(class_="draft-label")
    published_text = "".join(p.read_text(encoding="utf-8") for p in archive["published"].rglob("*.html"))
    assert "A draft appeal" not in published_text and "New Year security 2099" not in published_text


# The build summary


SUMMARY = re.compile(
    r"^Statements: (?P<published>\d+) published, (?P<withdrawn>\d+) withdrawn, (?P<drafts>\d+) drafts?, "
    r"(?P<embargoed>\d+) embargoed(?: \(release (?P<releases>[^)]*)\))?; "
    r"(?:(?P<previews>\d+) shown as DRAFT previews; )?"
    r"(?P<feeds>\d+) feeds? written; (?P<records>\d+) search records?; (?P<seconds>\d+\.\d) s$",
    re.M,
)


def test_the_pelican_command_ends_with_a_one_line_summary(archive):
    summary = SUMMARY.search(archive["output"])
    assert summary, archive["output"]
    assert summary.group("published", "withdrawn", "drafts", "embargoed") == ("4", "1", "1", "1")
    assert summary["releases"] == "1 January 2099"
    assert summary["previews"] is None
    records = list(archive["published"].rglob("*.pf_fragment"))  # Pagefind writes one fragment a record
    assert int(summary["records"]) == len(records)
    feeds = [path for path in (archive["published"] / "feeds").rglob("*") if path.suffix in (".xml", ".json")]
    assert int(summary["feeds"]) == len(feeds) > 0
    assert "Writing statements" not in archive["output"]  # no progress bar without a terminal
    # The time goes to the terminal only: no page carries it (the bare number could be any "v3.0").
    elapsed = f"{summary['seconds']} s"
    assert not any(
        elapsed in p.read_text(encoding="utf-8", errors="replace") for p in archive["published"].rglob("*.html")
    )


def test_a_build_started_with_standard_error_closed_still_builds_and_reports(archive, tmp_path):
    """A cron job or service may start the build with no standard error at all (``2>&-``)."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(archive["content"]), "-s", "pelicanconf.py", "-o", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=False,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(2),
    )
    assert result.returncode == 0
    assert SUMMARY.search(result.stdout), result.stdout
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_terminal_shows_the_progress_of_the_build(archive, tmp_path):
    terminal, program_side = pty.openpty()
    build_command = subprocess.Popen(
        [sys.executable, "-m", "pelican", str(archive["content"]), "-s", "pelicanconf.py", "-o", str(tmp_path / "out")],
        cwd=ROOT,
        stdout=program_side,
        stderr=program_side,
        env={**os.environ, "COLUMNS": "160"},
    )
    os.close(program_side)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the build closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert build_command.wait(timeout=120) == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", errors="replace"))
    assert re.search(r"Writing statements\s.*\s5/5\b", text)  # 4 published and 1 withdrawn
    assert SUMMARY.search(text.replace("\r", "\n"))


def test_summary_reads_the_feed_and_search_counts_other_plugins_leave_in_the_context(content, tmp_path, capsys):
    """The convention: the feeds plugin sets context["feeds_written"], the search plugin context["search_records"]."""
    contexts = []

    def keep_context(generator):
        contexts.append(generator.context)

    def leave_counts(pelican):  # at finalized, after the real feeds and search plugins
        contexts[-1].update(feeds_written=7, search_records=3)

    counting = types.ModuleType("counting")
    counting.register = lambda: (
        signals.article_generator_init.connect(keep_context),
        signals.finalized.connect(leave_counts),
    )
    write_statement(content, "2020-05-04-one", date="2020-05-04")
    write_statement(content, "2020-05-05-two", date="2020-05-05", status="draft")
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    try:
        build(
            content, tmp_path / "output", PLUGINS=[*plugins[:-1], counting, plugins[-1]], STATEMENTS_PREVIEW_DRAFTS=True
        )
    finally:
        signals.article_generator_init.disconnect(keep_context)
        signals.finalized.disconnect(leave_counts)
    summary = SUMMARY.search(capsys.readouterr().out)
    assert summary.group("published", "drafts", "previews", "feeds", "records") == ("1", "1", "1", "7", "3")


# make devserver


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_devserver_previews_drafts_rebuilds_on_save_and_survives_a_broken_statement(content, tmp_path):
    path = write_statement(content, "2020-05-04-appeal", title="First title", status="draft")
    write_statement(content, "2099-01-01-new-year", title="New Year security 2099", date="2099-01-01")
    port = free_port()
    server = subprocess.Popen(
        ["make", "-s", "devserver", f"CONTENT={content}", f"OUTPUT={tmp_path / 'output'}", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so that the test can stop make, pelican and its children
    )
    url = f"http://127.0.0.1:{port}/statements/2020/05/appeal/"
    try:
        first = wait_for(lambda: fetch(url))
        assert "First title" in first and "DRAFT" in first
        assert "Embargoed until" in fetch(f"http://127.0.0.1:{port}/statements/2099/01/new-year/")

        path.write_text(statement_text(title="Second title", status="draft", threat_level="HIGH"), encoding="utf-8")
        time.sleep(2)  # the broken save is reported, and the last good page stays
        assert "First title" in fetch(url)

        path.write_text(statement_text(title="Third title", status="draft"), encoding="utf-8")
        wait_for(lambda: "Third title" in (fetch(url) or ""))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        log = server.communicate(timeout=30)[0]
    assert any("threat_level: 'HIGH' is not a national threat level (" in line for line in log.splitlines())


# pre-commit


def test_pre_commit_checks_staged_statements_and_python(tmp_path):
    repository = tmp_path / "repository"
    repository.mkdir()
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, repository / name)
    for name in (".venv", "plugins", "pelicanconf.py", "publishconf.py", "theme"):
        (repository / name).symlink_to(ROOT / name)
    statement = write_statement(repository / "content", "2020-05-04-appeal", threat_level="HIGH")
    script = repository / "tool.py"
    script.write_text("import os\n", encoding="utf-8")
    run("git", "init", "-q", str(repository))
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def pre_commit(*files: Path) -> subprocess.CompletedProcess:
        names = [str(file.relative_to(repository)) for file in files]
        return subprocess.run(
            [str(ROOT / ".venv/bin/pre-commit"), "run", "--files", *names],
            cwd=repository,
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )

    refused = pre_commit(statement, script)
    assert refused.returncode == 1
    assert "content/statements/2020/2020-05-04-appeal.md:4: threat_level: 'HIGH'" in refused.stdout
    assert "F401" in refused.stdout  # `import os` unused

    statement.write_text(statement_text(), encoding="utf-8")
    script.write_text("print('ready')\n", encoding="utf-8")
    accepted = pre_commit(statement, script)
    assert accepted.returncode == 0, accepted.stdout


# CONTRIBUTING.md

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
GOOD = statement_text()
# Each mistake a maintainer can make, as the fields it changes or the file text it writes.
WRONG_FIELDS = {
    "unknown field": {"sumary": "Two arrests."},
    "missing field": {"summary": None},
    "placeholder": {"summary": "FILL IN: One or two plain sentences for listings, feeds and search."},
    "empty value": {"issuer": ""},
    "date format": {"date": "4 May 2020"},
    "impossible date": {"date": "2020-02-30"},
    "threat level": {"threat_level": "HIGH"},
    "category": {"category": "Terrorism"},
    "tags as text": {"tags": "Rail, Arrests"},
    "tag twice": {"tags": ["Rail", "rail"]},
    "email": {"contact": {"email": "press office"}},
    "phone": {"contact": {"phone": "ring the press office"}},
    "web address": {"contact": {"url": "www.example.org"}},
    "contact key": {"contact": {"fax": "0800 789 321"}},
    "status": {"status": "live"},
    "id": {"id": "2020 05 04"},
    "slug": {"slug": "Ashbridge Update"},
    "updated": {"updated": "2020-05-01"},
    "correction date": {"corrections": [{"date": "2020-05-01", "note": "corrected a name"}]},
    "correction note": {"corrections": [{"date": "2020-05-05"}]},
    "withdrawn without reason": {"status": "withdrawn", "withdrawn_date": "2020-05-06"},
    "withdrawn without date": {"status": "withdrawn", "withdrawn_reason": "Issued in error."},
    "reason without withdrawal": {"withdrawn_reason": "Issued in error."},
    "withdrawal date without withdrawal": {"withdrawn_date": "2020-05-06"},
    "withdrawn before issued": {"status": "withdrawn", "withdrawn_reason": "Error.", "withdrawn_date": "2020-05-01"},
    "withdrawn in the future": {"status": "withdrawn", "withdrawn_reason": "Error.", "withdrawn_date": "2999-01-01"},
    "language": {"lang": "english"},
    "superseded by nothing": {"superseded_by": "2020-06-01-new-guidance"},
}
# Each mistake in the front matter's lines, which YAML itself refuses.
YAML_MISTAKES = {
    "colon in a value": GOOD.replace("title: Update on the investigation in Ashbridge", "title: Update: Ashbridge"),
    "apostrophe in single quotes": GOOD.replace("summary: Officers", "summary: 'We're appealing. Officers", 1).replace(
        "station.\n", "station.'\n", 1
    ),
    "tab indent": GOOD.replace("  phone:", "\tphone:"),
    "one-space indent": GOOD.replace("  email:", " email:"),
    "indented field": GOOD.replace("\nissuer:", "\n issuer:"),
    "no space after colon": GOOD.replace("title: ", "title:", 1),
    "list with a dash": GOOD.replace("tags:\n- Rail\n- Arrests\n", "tags: - Rail\n"),
    "list never closed": GOOD.replace("tags:\n- Rail\n- Arrests\n", "tags: [Rail, Arrests\n"),
    "double quote never closed": GOOD.replace("title: Update", 'title: "Update'),
    "text after a double quote": GOOD.replace("title: Update", 'title: "Update" on'),
    "special first character": GOOD.replace("title: Update", "title: @Update"),
    "any other line": GOOD.replace("\nissuer:", "\n- a stray item\nissuer:"),
}
WRONG_TEXT = {
    "no front matter": GOOD.replace("---\n", "", 1),
    "front matter never closed": GOOD.replace("\n---\n", "\n\n", 1),
    **YAML_MISTAKES,
    "field twice": GOOD.replace("issuer:", "summary: Again.\nissuer:"),
    "empty body": statement_text(body=""),
    "script": statement_text(body="Read this <script>alert(1)</script>\n"),
    "attribute": statement_text(body='<p onclick="steal()">Read this.</p>\n'),
    "javascript link": statement_text(body="[Read this](javascript:alert(1))\n"),
    "image elsewhere": statement_text(body="![Map](https://example.org/map.png)\n"),
    "comment": statement_text(body="Read this.\n\n<!-- check with Legal -->\n"),
    "too deep": statement_text(body="> " * 41 + "Read this.\n"),
    "too long": statement_text(body=("Stay alert. " * 433_334)[:5_200_000]),
    "too many elements": statement_text(body="<b>Stay alert.</b>\n\n" * 30_000),
}


def messages(content: Path) -> dict[str, list[str]]:
    """What make check prints for each file of ``content``, by file name, as CONTRIBUTING.md quotes it."""
    found: dict[str, list[str]] = {}
    for problem in check_statements(str(content), str(ROOT / "pelicanconf.py"), []):
        message = f"{problem.field}: {problem.message}".replace(f"{content.parent}/", "")
        message = re.sub(r"(is after the build's date, ).*", r"\1…", message)  # CONTRIBUTING has no build's date
        found.setdefault(Path(problem.path).stem, []).append(message)
    return found


def test_contributing_lists_exactly_the_yaml_messages(mistakes):
    """Its section on the lines of the front matter quotes every YAML message the checks give, and no other."""
    section = CONTRIBUTING.split("### The lines of the front matter\n")[1].split("\n### ")[0]
    listed = set(re.findall(r"^- `([^`]+)`", section, re.M))
    assert listed == {message for case in YAML_MISTAKES for message in mistakes[case]}


def test_every_yaml_mistake_case_is_a_mistake():
    """Each front-matter text in WRONG_TEXT differs from the good statement: a replace that found nothing would pass unseen."""
    assert [case for case, text in WRONG_TEXT.items() if text == GOOD] == []


def write_raw(content: Path, name: str, data: bytes) -> None:
    path = content / "statements" / "2020" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def explained(found: list[str]) -> bool:
    return bool(found) and any(f"`{message}`" in CONTRIBUTING for message in found)


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory) -> dict[str, list[str]]:
    """Each mistake in a file of its own, all checked at once: the messages of each file."""
    content = tmp_path_factory.mktemp("mistakes") / "content"
    names = {case: f"2020-05-04-mistake-{number}" for number, case in enumerate([*WRONG_FIELDS, *WRONG_TEXT])}
    for case, fields in WRONG_FIELDS.items():
        write_statement(content, names[case], **fields)
    for case, text in WRONG_TEXT.items():
        write_raw(content, names[case], text.encode("utf-8"))
    found = messages(content)
    return {case: found.get(name, []) for case, name in names.items()}


@pytest.mark.parametrize("case", [*WRONG_FIELDS, *WRONG_TEXT])
def test_contributing_explains_each_message(mistakes, case):
    assert explained(mistakes[case]), mistakes[case]


def test_contributing_explains_the_other_file_messages(content):
    write_raw(
        content,
        "2020-05-04-ashbridge-update",
        GOOD.replace("Ashbridge", "Ashbridg\udce9", 1).encode("utf-8", "surrogateescape"),
    )
    write_statement(content, "2020-05-04-Ashbridge update", date="2020-05-04")
    write_statement(content, "2020-05-04-one", date="2020-05-04", id="shared-id")
    write_statement(content, "2020-05-05-two", date="2020-05-05", id="shared-id")
    write_statement(content, "2020-05-06-three", date="2020-05-06", slug="one")
    found = [message for file_messages in messages(content).values() for message in file_messages]
    for kind in (
        "file: the file is not valid UTF-8",
        "slug: the file name",
        "slug: statements/2020/05/one/",
        "id: the id 'shared-id'",
    ):
        assert explained([message for message in found if message.startswith(kind)]), (kind, found)
    missing = check(content, content / "statements" / "2020" / "typo.md")
    assert "`file: does not exist`" in CONTRIBUTING and ": file: does not exist (" in missing.stderr


@pytest.mark.parametrize(
    ("name", "fields", "recorded"),
    [
        ("2020-05-04-other", {}, {"2020-05-04-gone": ["statements/2020/05/gone/"]}),
        ("2020-05-04-appeal", {"status": "draft"}, {"2020-05-04-appeal": ["statements/2020/05/appeal/"]}),
        (
            "2020-05-04-appeal-renamed",
            {"id": "2020-05-04-appeal"},
            {"2020-05-04-appeal": ["statements/2020/05/appeal/"]},
        ),
    ],
    ids=["deleted", "made a draft", "renamed"],
)
def test_contributing_explains_the_ledger_messages(content, name, fields, recorded):
    write_statement(content, name, date="2020-05-04", **fields)
    (content / "published.json").write_text(json.dumps({"statements": recorded}), encoding="utf-8")
    found = messages(content)["published"]
    assert explained(found), found


def test_contributing_front_matter_table_is_the_schema():
    assert reference_table(read_settings(str(ROOT / "pelicanconf.py"))) in CONTRIBUTING


@pytest.mark.browser
def test_the_notices_and_draft_labels_pass_axe(archive, browser):
    pages = [
        "statements/2019/11/ashbridge-arrests/",  # change history
        "statements/2020/07/missing-man-appeal/",  # withdrawn
        "statements/2020/05/old-guidance/",  # superseded
        "statements/2099/01/new-year/",  # DRAFT, embargoed
        "statements/",  # DRAFT labels in the listing
    ]
    # The notices' colours are the theme's own variables, whose contrast the theme checks in both schemes.
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    tab = context.new_page()
    try:
        for base in serve(archive["preview"]):
            for path in pages:
                assert tab.goto(f"{base}/{path}").ok, path
                assert axe_violations(tab) == [], path
    finally:
        context.close()
