"""The statements plugin: the schema, the reader, and every way a statement can be wrong."""

from __future__ import annotations

from pathlib import Path

import pelican
import pytest
from pelican import signals

from plugins.archive.problems import InvalidStatements
from tests.support import ROOT, TRICKY_TITLE, build, page, run_main, statement_text, write_statement

# A valid statement with every line known, so each test can name the line it breaks.
VALID = """\
---
title: Update on the investigation in Ashbridge
date: 2020-05-04
threat_level: SUBSTANTIAL
category: Counter-terrorism
tags: [Rail, Arrests]
summary: Officers continue to investigate the incident at Ashbridge station.
issuer: Assistant Chief Constable Dana Whitlow
contact:
  phone: 0800 789 321
  email: press.office@ctpolicing.example.org
  url: https://ctpolicing.example.org/news
---
Assistant Chief Constable Dana Whitlow said:

“Officers are working through the night.”
"""


def write_raw(content: Path, name: str, text: str | bytes) -> Path:
    path = content / "statements" / "2020" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(content: Path, tmp_path: Path) -> list[str]:
    """Build and return the lines of the failure; the output folder must not exist."""
    output = tmp_path / "output"
    with pytest.raises(InvalidStatements) as failure:
        build(content, output)
    assert not output.exists(), "a failed build wrote output"
    return [str(problem) for problem in failure.value.problems]


def only_problem(content: Path, tmp_path: Path) -> str:
    problems = problems_of(content, tmp_path)
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_statement_builds_with_its_fields(content, tmp_path):
    write_raw(content, "2020-05-04-ashbridge-update", VALID)
    output = build(content, tmp_path / "output")
    soup = page(output, "statements/2020/05/ashbridge-update/")
    assert soup.h1.get_text() == "Update on the investigation in Ashbridge"
    assert soup.select_one("main time")["datetime"] == "2020-05-04T00:00:00+01:00"  # midnight, British Summer Time
    assert "SUBSTANTIAL" in soup.get_text()
    assert soup.find("a", href="tel:0800789321").get_text() == "0800 789 321"
    assert soup.find("a", href="mailto:press.office@ctpolicing.example.org")


def test_level_and_category_are_forgiving_about_letter_case(content, tmp_path):
    text = VALID.replace("SUBSTANTIAL", "substantial").replace("Counter-terrorism", "counter-TERRORISM")
    write_raw(content, "2020-05-04-ashbridge-update", text)
    output = build(content, tmp_path / "output")
    assert page(output, "categories/counter-terrorism/").find(string="Update on the investigation in Ashbridge")
    text = page(output, "statements/2020/05/ashbridge-update/").get_text()
    assert "SUBSTANTIAL" in text


def test_missing_required_field(content, tmp_path):
    path = write_raw(
        content, "2020-05-04-ashbridge-update", VALID.replace("title: Update on the investigation in Ashbridge\n", "")
    )
    assert only_problem(content, tmp_path) == (
        f"{path}:1: title: is missing (text of at most 500 characters, without bidi controls, zero-width or other invisible characters)"
    )


def test_unknown_field_is_named_with_a_suggestion(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("threat_level:", "threat_lvl:"))
    problems = problems_of(content, tmp_path)
    assert (
        f"{path}:1: threat_level: is missing (one of LOW, MODERATE, SUBSTANTIAL, SEVERE, CRITICAL, in any letter case)"
        in problems
    )
    assert any(
        p.startswith(f"{path}:4: threat_lvl: unknown field (did you mean threat_level?) (fields: title, date,")
        for p in problems
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("16 Jan 2015", "'16 Jan 2015' is not an ISO 8601 date"),
        ("2015-02-30", "'2015-02-30' is not a real date (day is out of range for month)"),
        ("2015-01-16T09:30:00", "'2015-01-16T09:30:00' has a time but no UTC offset"),
        ("20150116", "'20150116' is not an ISO 8601 date"),
    ],
)
def test_bad_dates(content, tmp_path, value, message):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("date: 2020-05-04", f"date: {value}"))
    assert only_problem(content, tmp_path) == (
        f"{path}:3: date: {message} (an ISO 8601 date such as 2015-01-16, "
        "or a date-time with offset such as 2015-01-16T09:30:00+00:00)"
    )


def test_date_time_with_offset_is_accepted(content, tmp_path):
    write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("date: 2020-05-04", "date: 2020-05-04T23:30:00Z"))
    soup = page(build(content, tmp_path / "output"), "statements/2020/05/ashbridge-update/")
    assert soup.select_one("main time")["datetime"] == "2020-05-04T23:30:00+00:00"


def test_threat_level_outside_the_five(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("SUBSTANTIAL", "HIGH"))
    assert only_problem(content, tmp_path) == (
        f"{path}:4: threat_level: 'HIGH' is not a national threat level "
        "(one of LOW, MODERATE, SUBSTANTIAL, SEVERE, CRITICAL, in any letter case)"
    )


def test_category_outside_the_setting(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("Counter-terrorism", "Gossip"))
    assert only_problem(content, tmp_path).startswith(
        f"{path}:5: category: 'Gossip' is not one of the archive's categories (one of Counter-terrorism, Threat level,"
    )


def test_categories_come_from_the_setting(content, tmp_path):
    write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("Counter-terrorism", "Gossip"))
    output = build(content, tmp_path / "output", STATEMENT_CATEGORIES=["Gossip"])
    assert (output / "categories" / "gossip" / "index.html").exists()


def test_malformed_contact_email_and_url_are_both_reported(content, tmp_path):
    text = VALID.replace("press.office@ctpolicing.example.org", "press.office at example").replace(
        "https://ctpolicing.example.org/news", "ctpolicing.example.org/news"
    )
    path = write_raw(content, "2020-05-04-ashbridge-update", text)
    assert problems_of(content, tmp_path) == [
        f"{path}:11: contact.email: 'press.office at example' is not an email address "
        "(an email address such as press.office@example.org)",
        f"{path}:12: contact.url: 'ctpolicing.example.org/news' is not a web address (a web address starting https://)",
    ]


def test_unknown_contact_key(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("  phone:", "  fax:"))
    assert only_problem(content, tmp_path) == f"{path}:10: contact.fax: unknown key (phone, email, url)"


def test_malformed_yaml_names_its_line(content, tmp_path):
    path = write_raw(
        content, "2020-05-04-ashbridge-update", VALID.replace("tags: [Rail, Arrests]", "tags: [Rail, Arrests")
    )
    problem = only_problem(content, tmp_path)
    assert problem == f"{path}:6: tags: the list's [ is never closed (end the list with ]: tags: [Rail, Arrests])"


def test_a_field_given_twice(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("issuer:", "title: Again\nissuer:"))
    assert only_problem(content, tmp_path) == f"{path}:8: title: appears twice"


def test_no_front_matter(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", "Just a statement with no fields.\n")
    assert only_problem(content, tmp_path) == (
        f"{path}:1: front matter: no front matter: the file must begin with a line '---', then the fields, then '---'"
    )


def test_front_matter_never_closed(content, tmp_path):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("\n---\nAssistant", "\nAssistant"))
    assert only_problem(content, tmp_path) == (
        f"{path}:1: front matter: the front matter is never closed: add a line '---' after the last field"
    )


def test_file_that_is_not_utf8(content, tmp_path):
    raw = VALID.encode("utf-8").replace("“Officers".encode(), b"\x93Officers")  # Windows-1252 quote
    path = write_raw(content, "2020-05-04-ashbridge-update", raw)
    assert (
        only_problem(content, tmp_path) == f"{path}:16: file: the file is not valid UTF-8 (byte 0x93); save it as UTF-8"
    )


def test_empty_body(content, tmp_path):
    text = VALID[: VALID.index("Assistant Chief Constable Dana Whitlow said")] + "\n  \n"
    path = write_raw(content, "2020-05-04-ashbridge-update", text)
    assert only_problem(content, tmp_path) == (
        f"{path}:13: body: is empty (the statement's text in Markdown after the closing '---')"
    )


def test_two_statements_at_one_url_are_both_named(content, tmp_path):
    first = write_raw(content, "2020-05-04-ashbridge-update", VALID)
    second = write_raw(
        content, "2020-05-29-other", VALID.replace("date: 2020-05-04", "date: 2020-05-29\nslug: ashbridge-update")
    )
    assert problems_of(content, tmp_path) == [
        f"{first}:1: slug: statements/2020/05/ashbridge-update/index.html is also written by {second} "
        "(each statement needs its own slug)",
        f"{second}:4: slug: statements/2020/05/ashbridge-update/index.html is also written by {first} "
        "(each statement needs its own slug)",
    ]


def test_two_statements_sharing_an_id_are_both_named(content, tmp_path):
    first = write_raw(
        content, "2020-05-04-ashbridge-update", VALID.replace("---\nAssistant", "id: ct-2020-001\n---\nAssistant")
    )
    second = write_raw(content, "2020-05-05-second", VALID.replace("---\nAssistant", "id: ct-2020-001\n---\nAssistant"))
    assert problems_of(content, tmp_path) == [
        f"{first}:13: id: the id 'ct-2020-001' is also used by {second} (each statement needs its own id)",
        f"{second}:13: id: the id 'ct-2020-001' is also used by {first} (each statement needs its own id)",
    ]


def test_every_problem_in_every_file_is_reported(content, tmp_path):
    first = write_raw(
        content, "2020-05-04-first", VALID.replace("SUBSTANTIAL", "HIGH").replace("Counter-terrorism", "X")
    )
    second = write_raw(content, "2020-05-05-second", VALID.replace("date: 2020-05-04", "date: yesterday"))
    problems = problems_of(content, tmp_path)
    assert [p.split(": ")[0] for p in problems] == [f"{first}:4", f"{first}:5", f"{second}:3"]


def test_failed_build_leaves_previous_output_untouched(content, tmp_path):
    write_raw(content, "2020-05-04-ashbridge-update", VALID)
    output = build(content, tmp_path / "output")
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    write_raw(content, "2020-05-05-broken", VALID.replace("SUBSTANTIAL", "HIGH"))
    with pytest.raises(InvalidStatements):
        build(content, output)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_pelican_command_exits_non_zero_with_the_list_and_no_traceback(content, tmp_path, monkeypatch):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("SUBSTANTIAL", "HIGH"))
    monkeypatch.chdir(tmp_path)
    result = run_main(pelican.main, content, "-s", ROOT / "publishconf.py", "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    relative = path.relative_to(tmp_path)  # paths are shown relative to the working directory
    assert f"\n{relative}:4: threat_level: 'HIGH' is not a national threat level" in result.stderr
    assert not (tmp_path / "out").exists()


def test_drafts_and_embargoed_statements_appear_nowhere(content, tmp_path):
    write_statement(content, "2020-05-04-published", title="Published statement")
    write_statement(content, "2020-05-05-draft", title="Secret draft", date="2020-05-05", status="draft")
    write_statement(content, "2099-01-01-embargoed", title="Embargoed statement", date="2099-01-01")
    output = build(content, tmp_path / "output", "publishconf.py")
    text = "".join(p.read_text(encoding="utf-8") for p in output.rglob("*") if p.suffix in {".html", ".xml", ".json"})
    assert "Published statement" in text
    assert "Secret draft" not in text
    assert "Embargoed statement" not in text
    assert not list(output.rglob("*draft*"))


def test_url_and_id_do_not_follow_the_title(content, tmp_path):
    write_statement(content, "2020-05-04-ashbridge-update", title="A first title")
    soup = page(build(content, tmp_path / "one"), "statements/2020/05/ashbridge-update/")
    assert soup.h1.get_text() == "A first title"
    write_statement(content, "2020-05-04-ashbridge-update", title="A corrected title")
    soup = page(build(content, tmp_path / "two"), "statements/2020/05/ashbridge-update/")
    assert soup.h1.get_text() == "A corrected title"


def test_statement_text_helper_writes_valid_yaml(content, tmp_path):
    write_raw(content, "2020-05-04-x", statement_text(title=TRICKY_TITLE))
    soup = page(build(content, tmp_path / "output"), "statements/2020/05/x/")
    assert soup.h1.get_text() == TRICKY_TITLE


def test_statements_naming_one_category_or_tag_share_its_object(tmp_path):
    """Pelican works out a tag's slug on an object's first use: one object a name, not one a statement."""
    content = tmp_path / "content"
    write_statement(content, "2020-05-04-first", tags=["Rail", "Arrests"])
    write_statement(content, "2020-05-05-second", date="2020-05-05", title="Second update", tags=["Arrests"])
    articles = []

    def keep_articles(generators):
        articles.extend(sorted(generators[0].context["articles"], key=lambda article: article.date))

    signals.all_generators_finalized.connect(keep_articles)
    try:
        build(content, tmp_path / "output")
    finally:
        signals.all_generators_finalized.disconnect(keep_articles)
    first, second = articles
    assert [tag.name for tag in first.tags] == ["Rail", "Arrests"]
    assert first.tags[1] is second.tags[0]
    assert first.category is second.category


WITHDRAWN = VALID.replace(
    "issuer:", "status: withdrawn\nwithdrawn_reason: Issued in error.\nwithdrawn_date: 2020-05-06\nissuer:"
)
DATE_ALLOWED = "an ISO 8601 date such as 2015-01-16, or a date-time with offset such as 2015-01-16T09:30:00+00:00"


def test_a_withdrawn_statement_builds_with_its_withdrawal_date(content, tmp_path):
    write_raw(content, "2020-05-04-ashbridge-update", WITHDRAWN)
    statements = []
    signals.article_generator_finalized.connect(keep := lambda gen: statements.extend(gen.hidden_articles))
    try:
        build(content, tmp_path / "output")
    finally:
        signals.article_generator_finalized.disconnect(keep)
    assert statements[0].statement.withdrawn_date.isoformat() == "2020-05-06T00:00:00+01:00"
    assert statements[0].statement.last_changed == statements[0].statement.withdrawn_date


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "withdrawn_date: 2020-05-06\n",
            "",
            "8: status: a withdrawn statement needs withdrawn_date: the day it was withdrawn",
        ),
        (
            "withdrawn_date: 2020-05-06",
            "withdrawn_date: last Tuesday",
            f"10: withdrawn_date: 'last Tuesday' is not an ISO 8601 date ({DATE_ALLOWED}, with status: withdrawn)",
        ),
        (
            "withdrawn_date: 2020-05-06",
            "withdrawn_date: 2020-05-01",
            "10: withdrawn_date: is before the statement's date",
        ),
        (
            "withdrawn_date: 2020-05-06",
            "withdrawn_date: 2999-01-01",
            "10: withdrawn_date: 2999-01-01 00:00 GMT is after the build's date, 2020-09-13 12:26 UTC "
            "(the day it was withdrawn, no later than the build (SOURCE_DATE_EPOCH when it is set, else now))",
        ),
        (
            "status: withdrawn\nwithdrawn_reason: Issued in error.\n",
            "",
            "8: withdrawn_date: only a statement with status: withdrawn has a withdrawal date",
        ),
    ],
)
def test_withdrawn_date_problems(content, tmp_path, monkeypatch, old, new, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13 12:26:40 UTC
    path = write_raw(content, "2020-05-04-ashbridge-update", WITHDRAWN.replace(old, new))
    assert only_problem(content, tmp_path) == f"{path}:{expected}"


@pytest.mark.parametrize("value", ["english", "en-GB-xx-", "12", "[cy]"])
def test_a_language_that_is_not_bcp_47(content, tmp_path, value):
    path = write_raw(content, "2020-05-04-ashbridge-update", VALID.replace("issuer:", f"lang: {value}\nissuer:"))
    shown = "['cy']" if value == "[cy]" else repr(value)
    message = "must be text, not a list" if value == "[cy]" else f"{shown} is not a BCP 47 language tag"
    assert only_problem(content, tmp_path) == (f"{path}:8: lang: {message} (a BCP 47 language tag such as cy or en-GB)")


@pytest.mark.parametrize(("value", "expected"), [("cy", "cy"), ("EN-us", "en-US"), (None, "en-GB")])
def test_a_page_is_in_its_statements_language(content, tmp_path, value, expected):
    text = VALID.replace("issuer:", f"lang: {value}\nissuer:") if value else VALID
    write_raw(content, "2020-05-04-ashbridge-update", text)
    output = build(content, tmp_path / "output")
    assert page(output, "statements/2020/05/ashbridge-update/").html["lang"] == expected
    assert page(output, "").html["lang"] == "en-GB"  # the site's language everywhere else
