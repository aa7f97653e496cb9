"""Every setting a build checks: a bad value stops the ``pelican`` command in one line, never a traceback.

Each case runs the command's ``main`` (one of them the real command in a process of its own), the bad
value given as ``-e NAME=json``, and reads what it printed: the line names the setting, its value and
what it must be, and nothing is written.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from plugins.statements.check import main as check_main
from tests.support import ROOT, pelican_command, pelican_process, run_main, write_statement

WHOLE_FROM_0 = "a whole number of at least 0"
WHOLE_FROM_1 = "a whole number of at least 1"
PUBLISHED = "https://ctp.gov.uk"
CHOOSE = (
    f"a domain name you own and a date on which you owned it, such as FEEDS_ID_AUTHORITY = "
    f"'ctp.gov.uk,{datetime.date.today().year}' in publishconf.py, chosen once and never changed, even if the "
    "archive moves to another domain: feed readers remember each entry by its id for ever (RFC 4151)"
)

BAD_SETTINGS = {
    # statements
    "STATEMENT_CATEGORIES=5": "STATEMENT_CATEGORIES is 5: it must be a list of category names",
    "STATEMENTS_WORKERS=0": f"STATEMENTS_WORKERS is 0: it must be {WHOLE_FROM_1}",
    'STATEMENTS_PARALLEL_FROM="x"': f"STATEMENTS_PARALLEL_FROM is 'x': it must be {WHOLE_FROM_0}",
    # Pelican puts DEFAULT_LANG in lower case before any plugin reads it.
    'DEFAULT_LANG="British"': "DEFAULT_LANG is 'british': it must be a BCP 47 language tag such as en-GB",
    # listings, build_report
    "LISTINGS_RELATED_COUNT=-1": f"LISTINGS_RELATED_COUNT is -1: it must be {WHOLE_FROM_0}",
    'LISTINGS_LATEST_COUNT="x"': f"LISTINGS_LATEST_COUNT is 'x': it must be {WHOLE_FROM_0}",
    "BUILD_REPORT_RELEASE_DATES=true": f"BUILD_REPORT_RELEASE_DATES is True: it must be {WHOLE_FROM_0}",
    # rendering
    'RENDERING_WORKERS="x"': f"RENDERING_WORKERS is 'x': it must be {WHOLE_FROM_1}",
    "RENDERING_BATCH=0": f"RENDERING_BATCH is 0: it must be {WHOLE_FROM_1}",
    "RENDERING_PARALLEL_FROM=-1": f"RENDERING_PARALLEL_FROM is -1: it must be {WHOLE_FROM_0}",
    "RENDERING_NICENESS=20": "RENDERING_NICENESS is 20: it must be a whole number of at least 0 and at most 19",
    # search
    "SEARCH_RESULTS_PER_PAGE=0": f"SEARCH_RESULTS_PER_PAGE is 0: it must be {WHOLE_FROM_1}",
    # publisher
    "PUBLISHER_NAME=5": "PUBLISHER_NAME is 5: it must be text, or None (no one)",
    "PUBLISHER_LOGO=5": "PUBLISHER_LOGO is 5: it must be a path below the output, or None (no logo)",
    "PUBLISHER_URL=5": "PUBLISHER_URL is 5: it must be an address, or None (no link)",
    'PUBLISHER_LINKS=[["About"]]': "PUBLISHER_LINKS is [['About']]: it must be a list of (label, path) pairs of text",
    'LICENCE={"name": "OGL"}': (
        "LICENCE is {'name': 'OGL'}: it must be a mapping of name and url to text, or None (nothing said)"
    ),
    "STATEMENT_NOTE=5": "STATEMENT_NOTE is 5: it must be text, or None (no note)",
    "STATEMENT_NOTES=[]": "STATEMENT_NOTES is []: it must be a mapping of statement ids to notes",
    # publishing
    "PUBLISHED_LEDGER=5": "PUBLISHED_LEDGER is 5: it must be a path relative to PATH",
    'CONTENT_SECURITY_POLICY="x"': "CONTENT_SECURITY_POLICY is 'x': it must be a mapping of directives to lists of sources",
    'CONTENT_SECURITY_POLICY_WASM="x"': "CONTENT_SECURITY_POLICY_WASM is 'x': it must be a list of sources",
    "DEPLOY_HEADERS_FILE=5": "DEPLOY_HEADERS_FILE is 5: it must be a path, or None (no headers file)",
    'SECURITY_TXT_CONTACT=["security@example.org"]': (
        "SECURITY_TXT_CONTACT is ['security@example.org']: it must be a list of mailto:, https: or tel: URIs"
    ),
    'SECURITY_TXT_CONTACT="mailto:security@example.org"': (
        "SECURITY_TXT_CONTACT is 'mailto:security@example.org': it must be a list of mailto:, https: or tel: URIs"
    ),
    "SECURITY_TXT_EXPIRES_DAYS=400": (
        "SECURITY_TXT_EXPIRES_DAYS is 400: it must be a whole number of at least 1 and at most 365"
    ),
    'SECURITY_TXT_PREFERRED_LANGUAGES="en"': "SECURITY_TXT_PREFERRED_LANGUAGES is 'en': it must be a list of language tags",
    'SECURITY_TXT_POLICY="http://example.org/policy"': (
        "SECURITY_TXT_POLICY is 'http://example.org/policy': it must be an https: address, or None (no policy)"
    ),
    # feeds
    'FEEDS_PATHS={"all": "feeds/all"}': (
        "FEEDS_PATHS is {'all': 'feeds/all'}: it must be a mapping of each feed kind "
        "(all, category, tag, threat-level, level-changes, archive) to a path"
    ),
    "FEEDS_PAGE_URL=5": "FEEDS_PAGE_URL is 5: it must be a path",
    "FEEDS_PAGE_SAVE_AS=5": "FEEDS_PAGE_SAVE_AS is 5: it must be a path",
    "FEEDS_STYLESHEET=5": "FEEDS_STYLESHEET is 5: it must be a path",
    "FEEDS_ICON=5": "FEEDS_ICON is 5: it must be a path, or None (none)",
    "FEEDS_LOGO=5": "FEEDS_LOGO is 5: it must be a path, or None (none)",
    "FEEDS_RIGHTS=5": "FEEDS_RIGHTS is 5: it must be plain text, or None (none)",
    "FEED_MAX_ITEMS=-1": "FEED_MAX_ITEMS is -1: it must be a whole number of at least 1, or None (every statement in each feed)",
    'FEEDS_ID_AUTHORITY="https://statements.example.org"': (
        "FEEDS_ID_AUTHORITY is 'https://statements.example.org': it must be a domain name and a date on which the "
        "archive held it, such as statements.example.org,2026 (RFC 4151)"
    ),
    'WEBSUB_HUBS="https://hub.example.org/"': (
        "WEBSUB_HUBS is 'https://hub.example.org/': it must be a list of hub addresses, "
        "such as ['https://pubsubhubbub.appspot.com/']"
    ),
    'WEBSUB_HUBS=["ftp://hub.example.org/"]': (
        "WEBSUB_HUBS is ['ftp://hub.example.org/']: it must be a list of hub addresses, "
        "such as ['https://pubsubhubbub.appspot.com/']"
    ),
    'WEBSUB_HUBS=["http://[x"]': (
        "WEBSUB_HUBS is ['http://[x']: it must be a list of hub addresses, such as ['https://pubsubhubbub.appspot.com/']"
    ),
    # alerts
    'CAP_SENDER="archive, example"': "CAP_SENDER is 'archive, example': it must be a name without spaces, commas, < or &",
    'CAP_LEVELS={"LOW": ["Soon", "Minor", "Unlikely"]}': (
        "CAP_LEVELS['LOW'] is ['Soon', 'Minor', 'Unlikely']: it must be three of CAP's values: "
        "urgency (Immediate|Expected|Future|Past|Unknown) severity (Extreme|Severe|Moderate|Minor|Unknown) "
        "certainty (Observed|Likely|Possible|Unlikely|Unknown)"
    ),
    'CAP_INSTRUCTIONS={"LOW": " "}': "CAP_INSTRUCTIONS['LOW'] is ' ': it must be the public advice, as text",
    # open_data
    "OPEN_DATA_CSV_SAVE_AS=5": "OPEN_DATA_CSV_SAVE_AS is 5: it must be a path below the output",
    'OPEN_DATA_LICENCE={"name": "OGL"}': (
        "OPEN_DATA_LICENCE is {'name': 'OGL'}: it must be a mapping of name, title and path to text"
    ),
}
# Settings files, as ``pelican -e`` ignores a null value.
PUBLISHED_BUILDS = {
    "FEEDS_ID_AUTHORITY = None": f"FEEDS_ID_AUTHORITY is not set, and this build publishes {PUBLISHED}: it must be {CHOOSE}",
    'FEEDS_ID_AUTHORITY = "statements.example.org,2026"': (
        "FEEDS_ID_AUTHORITY is 'statements.example.org,2026', a placeholder, and this build publishes "
        f"{PUBLISHED}: it must be {CHOOSE}"
    ),
}


@pytest.fixture(scope="module")
def one_statement(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("settings") / "content"
    (content / "pages").mkdir(parents=True)
    write_statement(content, "2020-05-04-ashbridge-update")
    return content


def assert_stops_in_one_line(result, line: str, output: Path) -> None:
    assert result.returncode != 0
    assert result.stderr.splitlines()[-1] == line, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not output.exists()


@pytest.mark.parametrize(("override", "message"), BAD_SETTINGS.items(), ids=list(BAD_SETTINGS))
def test_a_bad_setting_stops_the_build_in_one_line(one_statement: Path, tmp_path: Path, override: str, message: str):
    output = tmp_path / "output"
    result = pelican_command(one_statement, output, ROOT / "pelicanconf.py", override)
    assert_stops_in_one_line(result, f"pelicanconf.py: {message}", output)


def test_make_check_stops_on_each_bad_setting_in_the_builds_line(one_statement: Path, tmp_path: Path):
    """``make check`` reads the settings as the build does, every plugin's checks of them included."""
    for number, (override, message) in enumerate(BAD_SETTINGS.items()):
        name, value = override.split("=", 1)
        settings_file = tmp_path / f"settings_{number}.py"
        settings_file.write_text(f"from pelicanconf import *\n\n{name} = {json.loads(value)!r}\n", encoding="utf-8")
        result = run_main(check_main, "--settings", settings_file, one_statement)
        assert (result.returncode, result.stderr.splitlines()[-1]) == (1, f"pelicanconf.py: {message}"), override


@pytest.mark.parametrize(("setting", "message"), PUBLISHED_BUILDS.items(), ids=list(PUBLISHED_BUILDS))
def test_a_published_build_must_choose_its_own_id_authority(
    one_statement: Path, tmp_path: Path, setting: str, message: str
):
    settings_file, output = tmp_path / "settings.py", tmp_path / "output"
    settings_file.write_text(f"from publishconf import *\n\nSITEURL = {PUBLISHED!r}\n{setting}\n", encoding="utf-8")
    result = pelican_command(one_statement, output, settings_file)
    assert_stops_in_one_line(result, f"pelicanconf.py: {message}", output)


def test_a_malformed_source_date_epoch_stops_the_build_in_one_line(one_statement: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    output = tmp_path / "output"
    result = pelican_command(one_statement, output, ROOT / "pelicanconf.py")
    line = "environment: SOURCE_DATE_EPOCH is 'yesterday': it must be a whole number of seconds since 1970-01-01 UTC"
    assert_stops_in_one_line(result, line, output)


def test_the_pelican_command_in_its_own_process_stops_in_one_line(one_statement: Path, tmp_path: Path):
    output = tmp_path / "output"
    result = pelican_process(one_statement, output, ROOT / "pelicanconf.py", "RENDERING_BATCH=0")
    assert_stops_in_one_line(result, f"pelicanconf.py: {BAD_SETTINGS['RENDERING_BATCH=0']}", output)
