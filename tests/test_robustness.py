"""Bad input beyond the schema's list: generated front matter and files, and statements at the extremes.

The validator is fed arbitrary YAML values in every field, arbitrary documents
and arbitrary bytes (hypothesis, a fixed number of cases in a fixed order, so
CI runs the same cases every time): it never raises, and it returns either a
statement or problems that each name a field and a line.  Statements that are
enormous, bare, full of Unicode or made of very long words build, and their
pages fit a 320 px screen.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from plugins.archive.levels import ThreatLevel
from plugins.archive.problems import InvalidStatements, Problem
from plugins.archive.schema import FIELDS, Statement
from plugins.archive.validate import new_markdown, parse_statement
from tests.conftest import serve
from tests.support import ROOT, build, front_matter, page, write_statement

# The same cases in the same order on every run: CI never meets a new failure by chance.
GENERATED = settings(max_examples=1000, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUILD_SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
MARKDOWN = new_markdown(BUILD_SETTINGS)
PATH = "content/statements/2020/2020-05-04-generated.md"

# Text of every kind: any Unicode letter, mark, symbol, emoji or control character.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text, st.dates(), st.datetimes())
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)
iso_dates = st.dates().map(datetime.date.isoformat) | st.datetimes(
    timezones=st.sampled_from([datetime.UTC, datetime.timezone(datetime.timedelta(hours=-5))])
).map(datetime.datetime.isoformat)
# Values close to valid for each field, so that the checks behind the first one are reached too.
NEAR_VALID = {
    "date": iso_dates,
    "updated": iso_dates,
    "withdrawn_date": iso_dates,
    "lang": st.sampled_from(["cy", "en-GB", "EN_us", "english", "zz-ZZ"]),
    "threat_level": st.sampled_from([level.name for level in ThreatLevel] + ["severe", "Purple"]),
    "category": st.sampled_from([*BUILD_SETTINGS["STATEMENT_CATEGORIES"], "counter-TERRORISM", "Other"]),
    "tags": st.lists(any_text, max_size=4),
    "aliases": st.lists(any_text | st.just("statements/2020/05/old/"), max_size=3),
    "status": st.sampled_from(["published", "draft", "withdrawn", "Withdrawn", "gone"]),
    "contact": st.dictionaries(st.sampled_from(["phone", "email", "url", "fax"]), yaml_values | any_text),
    "corrections": st.lists(
        st.dictionaries(st.sampled_from(["date", "note", "by"]), iso_dates | yaml_values), max_size=3
    ),
}
field_values = {name: yaml_values | NEAR_VALID.get(name, any_text) for name in FIELDS}
changes = st.fixed_dictionaries({}, optional=field_values)
unknown_fields = st.dictionaries(any_text, yaml_values, max_size=2)
removed = st.sets(st.sampled_from(list(FIELDS)))
bodies = st.just("The statement.\n") | any_text


def assert_statement_or_named_problems(result, raw: bytes) -> None:
    """A statement, or problems that each name this file, a field, a message and a line of it."""
    if isinstance(result, Statement):
        assert result.title and result.summary and result.issuer and result.body_html
        assert result.date.tzinfo is not None
        return
    assert isinstance(result, list) and result, result
    last_line = raw.count(b"\n") + 2  # an empty body is reported at the line after the file's last
    for problem in result:
        assert isinstance(problem, Problem)
        assert problem.path == PATH
        assert problem.field.strip(), problem
        assert problem.message.strip(), problem
        assert 1 <= problem.line <= last_line, problem
        assert str(problem).startswith(f"{PATH}:{problem.line}: ")


def document(fields: dict, body: str) -> bytes:
    return f"---\n{yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)}---\n{body}".encode()


@GENERATED
@given(changes=changes, unknown=unknown_fields, removed=removed, body=bodies)
def test_any_yaml_value_in_any_field_is_accepted_or_named(changes, unknown, removed, body):
    fields = {**front_matter(), **unknown, **changes}
    raw = document({name: value for name, value in fields.items() if name not in removed}, body)
    assert_statement_or_named_problems(parse_statement(PATH, raw, BUILD_SETTINGS, MARKDOWN), raw)


@GENERATED
@given(front=st.text(max_size=200), body=st.text(max_size=100))
def test_any_text_between_the_fences_is_accepted_or_named(front, body):
    raw = f"---\n{front}\n---\n{body}".encode()
    assert_statement_or_named_problems(parse_statement(PATH, raw, BUILD_SETTINGS, MARKDOWN), raw)


@GENERATED
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_file_is_accepted_or_named(raw):
    assert_statement_or_named_problems(parse_statement(PATH, raw, BUILD_SETTINGS, MARKDOWN), raw)


def problems_in(raw: bytes) -> list[str]:
    return [str(problem) for problem in parse_statement(PATH, raw, BUILD_SETTINGS, MARKDOWN)]


def test_a_control_character_in_the_front_matter_is_named_with_its_line():
    """Found by the generated cases: PyYAML refused it with a traceback."""
    raw = document(front_matter(), "The statement.\n").replace(b"Ashbridge", b"Ash\x1fbridge", 1)
    assert problems_in(raw) == [
        f"{PATH}:2: front matter: malformed YAML: the control character U+001F is not allowed; delete it"
    ]


def test_a_field_without_a_name_is_named_quoted():
    """Found by the generated cases: the problem named no field."""
    [problem] = problems_in(document({**front_matter(), "": "x"}, "The statement.\n"))
    assert problem.startswith(f"{PATH}:14: '': unknown field (fields: title, date,")


def test_a_valid_statement_is_among_the_generated_cases():
    """The base the generated front matter changes is itself valid, so acceptance is reached."""
    raw = document(front_matter(), "The statement.\n")
    assert isinstance(parse_statement(PATH, raw, BUILD_SETTINGS, MARKDOWN), Statement)


# Statements at the extremes, built and shown on a 320 px screen

PARAGRAPH = (
    "Officers from the counter-terrorism unit continue to work with partners across the region, "
    "and we ask everyone to stay alert and report anything suspicious."
)
ENORMOUS_BODY = "".join(f"Paragraph {number}. {PARAGRAPH}\n\n" for number in range(13_000))
LONG_WORD = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 8
LONG_URL = "https://ctpolicing.example.org/" + "a" * 400
LONG_CHINESE = "中" * 100  # the longest tag allowed; its slug, "zhong-zhong-...", is longer than an address allows
WELSH = "Datganiad ar ddiogelwch yng Nghaerdydd: ŵyl, ŷd a’r heddlu"  # noqa: RUF001 (Welsh apostrophe)
ARABIC = "الرقيب ليلى حداد"
HEBREW = "המפקחת נועה לוי"
EMOJI = "Update 🚨 on the 🕯️ vigil 👮🏽‍♀️"
STATEMENTS = {
    "enormous": "statements/2020/05/enormous/",
    "bare": "statements/2020/05/bare/",
    "unicode": "statements/2020/05/unicode/",
    "long-words": "statements/2020/05/long-words/",
}


@pytest.fixture(scope="module")
def extreme_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("extremes") / "content"
    write_statement(content, "2020-05-04-enormous", body=ENORMOUS_BODY)
    optional = {name: None for name, field in FIELDS.items() if not field.required}
    write_statement(content, "2020-05-05-bare", body="Stay alert.\n", **optional)
    write_statement(
        content,
        "2020-05-06-unicode",
        body=f"{WELSH}.\n\n{ARABIC} a {HEBREW}: “{EMOJI}”.\n",
        title=f"{WELSH} {EMOJI}",
        issuer=f"{ARABIC} / {HEBREW}",
        summary=f"{ARABIC} {HEBREW} {EMOJI}",
        tags=["Caerdydd ŵyl", ARABIC, HEBREW],
        date="2020-05-06",
    )
    write_statement(
        content,
        "2020-05-07-long-words",
        body=f"{LONG_WORD}\n\nSee <{LONG_URL}>.\n\n`{LONG_WORD}`\n",
        title=LONG_WORD,
        summary=LONG_WORD,
        issuer=LONG_WORD,
        tags=[LONG_WORD[:58]],
        contact={"email": f"{LONG_WORD.lower()}@example.org", "url": LONG_URL},
        date="2020-05-07",
    )
    return build(content, content.parent / "output", "publishconf.py", SITEURL="")


def test_extreme_statements_build_whole(extreme_site):
    enormous = page(extreme_site, STATEMENTS["enormous"]).get_text()
    assert f"Paragraph 12999. {PARAGRAPH}" in enormous
    assert len(ENORMOUS_BODY.encode()) > 2_000_000
    bare = page(extreme_site, STATEMENTS["bare"])
    assert bare.h1.get_text() == "Update on the investigation in Ashbridge"
    unicode_page = page(extreme_site, STATEMENTS["unicode"]).get_text()
    for text in (WELSH, ARABIC, HEBREW, EMOJI):
        assert text in unicode_page
    assert LONG_WORD in page(extreme_site, STATEMENTS["long-words"]).h1.get_text()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"tags": ["🚨"]}, "tags: the tag '🚨' has no letter or digit to make its address from"),
        ({"tags": [LONG_CHINESE]}, f"tags: the tag {LONG_CHINESE[:40] + '…'!r} is too long for an address"),
        ({"slug": "a" * 201}, f"slug: {'statements/2020/05/' + 'a' * 21 + '…'!r} has a part too long for an address"),
        ({"aliases": ["old/" + "b" * 201]}, f"aliases: {'old/' + 'b' * 36 + '…'!r} has a part too long for an address"),
    ],
)
def test_addresses_the_build_cannot_write_are_named(content, tmp_path, fields, problem):
    path = write_statement(content, "2020-05-04-ashbridge-update", **fields)
    field = problem.split(":")[0]
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text.startswith(field))
    with pytest.raises(InvalidStatements) as failure:
        build(content, tmp_path / "output")
    [found] = failure.value.problems
    assert str(found) == (
        f"{path}:{line}: {problem} (addresses whose parts are at most 200 bytes, and tags with a letter or digit)"
    )


@pytest.fixture(scope="module")
def extreme_url(extreme_site: Path):
    yield from serve(extreme_site)


@pytest.mark.browser
def test_extreme_statements_fit_a_320_pixel_screen(browser, extreme_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    wider = {}
    for path in [*STATEMENTS.values(), "statements/", "", "tags/"]:
        tab.goto(f"{extreme_url}/{path}")
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wider[path] = width
    context.close()
    assert wider == {}
