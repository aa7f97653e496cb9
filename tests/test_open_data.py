"""The open data plugin: the whole archive as JSON and CSV, checked with frictionless and jsonschema.

One small archive is built for the module: published statements (one in Welsh, one with a
contact and corrections, one that raised the level), a withdrawn one, a draft and an
embargoed one.  Every expected value is worked out from the statements written here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from frictionless import Package, validate

from plugins.archive.problems import InvalidStatements
from tests.support import build, page, write_statement

SITEURL = "https://statements.example.org"
WITHDRAWN_REASON = "Issued in error."

# name: front matter, oldest first; the draft and the embargoed statement last.
STATEMENTS = {
    "2020-01-06-first": dict(date="2020-01-06", threat_level="SUBSTANTIAL", title='Advice & "checks" <stations>'),
    "2020-03-02-raised": dict(
        date="2020-03-02T09:30:00+00:00",
        threat_level="SEVERE",
        title="Threat level raised",
        updated="2020-03-04",
        corrections=[{"date": "2020-03-04", "note": "Added the contact."}],
        contact={"phone": "0800 789 321", "email": "press@example.org"},
    ),
    "2020-07-01-cyngor": dict(
        date="2020-07-01", threat_level="SEVERE", lang="cy", title="Cyngor", tags=["Rheilffordd"]
    ),
    "2020-08-03-withdrawn": dict(
        date="2020-08-03",
        threat_level="CRITICAL",
        title="Raised in error",
        status="withdrawn",
        withdrawn_reason=WITHDRAWN_REASON,
        withdrawn_date="2020-08-05",
    ),
    "2020-09-07-draft": dict(date="2020-09-07", status="draft", title="A draft"),
    "2099-01-05-embargoed": dict(date="2099-01-05", title="Embargoed"),
}
SHOWN = list(STATEMENTS)[:4]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("open-data") / "content"
    for name, fields in STATEMENTS.items():
        write_statement(content, name, **fields)
    return build(content, content.parent / "output", "publishconf.py", SITEURL=SITEURL)


def json_data(output: Path) -> dict:
    return json.loads((output / "data" / "statements.json").read_text(encoding="utf-8"))


def csv_rows(output: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((output / "data" / "statements.csv").read_text(encoding="utf-8"))))


def test_the_csv_and_its_data_package_pass_frictionless(output):
    report = validate(str(output / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(output / "data" / "datapackage.json"))
    assert [licence["name"] for licence in package.licenses] == ["OGL-UK-3.0"]
    (resource,) = package.resources
    assert [row["id"] for row in resource.read_rows()] == SHOWN


def test_the_json_follows_its_schema(output):
    schema = json.loads((output / "data" / "statements.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json_data(output)
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert data["schema"] == f"{SITEURL}/data/statements.schema.json"
    assert data["licence"]["title"] == "Open Government Licence v3.0"
    assert data["modified"] == "2020-08-05T11:00:00Z"  # the withdrawal, a date without a time
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "statements": [{**data["statements"][0], "status": "draft"}]}, schema)


def test_every_published_and_withdrawn_statement_is_in_both_and_no_draft_nor_embargoed_one(output):
    assert [statement["id"] for statement in json_data(output)["statements"]] == SHOWN
    rows = {row["id"]: row for row in csv_rows(output)}
    assert list(rows) == SHOWN
    withdrawn = rows["2020-08-03-withdrawn"]
    assert (withdrawn["status"], withdrawn["withdrawn_date"], withdrawn["withdrawn_reason"]) == (
        "withdrawn",
        "2020-08-05T11:00:00Z",
        WITHDRAWN_REASON,
    )
    assert withdrawn["previous_threat_level"] == "SEVERE"
    everything = b"".join((output / "data" / name).read_bytes() for name in ("statements.json", "statements.csv"))
    assert b"A draft" not in everything and b"Embargoed" not in everything


def test_a_record_holds_every_field_in_utc(output):
    raised = next(s for s in json_data(output)["statements"] if s["id"] == "2020-03-02-raised")
    assert {name: raised[name] for name in ("url", "date", "updated", "status", "threat_level")} == {
        "url": f"{SITEURL}/statements/2020/03/raised/",
        "date": "2020-03-02T09:30:00Z",
        "updated": "2020-03-04T11:00:00Z",
        "status": "published",
        "threat_level": "SEVERE",
    }
    assert raised["previous_threat_level"] == "SUBSTANTIAL"
    assert raised["contact"] == {"phone": "0800 789 321", "email": "press@example.org", "url": None}
    assert raised["corrections"] == [{"date": "2020-03-04T11:00:00Z", "note": "Added the contact."}]
    assert raised["body_html"].startswith("<p>Assistant Chief Constable")
    rows = {row["id"]: row for row in csv_rows(output)}
    assert rows["2020-01-06-first"]["title"] == 'Advice & "checks" <stations>'
    assert rows["2020-01-06-first"]["tags"] == "Rail; Arrests"
    assert (rows["2020-07-01-cyngor"]["lang"], rows["2020-07-01-cyngor"]["tags"]) == ("cy", "Rheilffordd")


def test_the_data_is_byte_identical_from_one_build_to_the_next(output, tmp_path):
    again = build(output.parent / "content", tmp_path / "output", "publishconf.py", SITEURL=SITEURL)
    for path in (output / "data").iterdir():
        assert (again / "data" / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_feeds_page_and_the_about_page_link_the_data(output, example_site):
    links = {a["href"] for a in page(output, "feeds/").select("#open-data ~ ul a")}
    assert links == {
        f"{SITEURL}/data/{name}"
        for name in ("statements.json", "statements.schema.json", "statements.csv", "datapackage.json")
    }
    about = page(example_site, "about/")
    targets = {a["href"] for a in about.find_all("a") if "data/" in a["href"]}
    assert targets == {
        f"../data/{name}"
        for name in ("statements.json", "statements.schema.json", "statements.csv", "datapackage.json")
    }
    for target in targets:
        assert (example_site / "about" / target).resolve().is_file(), target


def test_no_alias_may_take_an_address_of_the_data(content, tmp_path):
    path = write_statement(content, "2020-05-04-moved", date="2020-05-04", aliases=["data/statements.csv"])
    with pytest.raises(InvalidStatements) as failure:
        build(content, tmp_path / "output")
    assert "aliases: data/statements.csv is where the build writes one of its own pages or files" in str(
        failure.value.problems[0]
    )
    assert str(failure.value.problems[0]).startswith(f"{path}:")
