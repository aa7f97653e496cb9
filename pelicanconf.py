"""Settings for the archive, used by every build; publishconf.py adds the publishing differences.

Every setting the archive's plugins read has its default in that plugin's
``settings.py`` and its documentation in docs/settings.md; the values here are the
archive's own choices.
"""

import sys
from pathlib import Path

# Let this file (and publishconf.py) import the plugins package from any working directory.
ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from plugins import (  # noqa: E402
    alerts,
    build,
    build_report,
    feeds,
    listings,
    open_data,
    publisher,
    publishing,
    search,
    site_files,
    statements,
    threat_levels,
)

SITENAME = "Security Statements Archive"
SITE_DESCRIPTION = "Public archive of security statements from counter-terrorism policing communications."
SITEURL = ""
DEFAULT_LANG = "en-GB"
TIMEZONE = "Europe/London"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# Shown in every page's footer: where to report suspicious activity, and who looks after the archive.
REPORTING_HOTLINE = "0800 789 321"
ARCHIVE_CONTACT_EMAIL = "archive@statements.example.org"

# Who publishes the archive, and what a reader must know first (the publisher plugin's settings).
# The example archive's publisher is invented, and its statements are fictional but for one.
PUBLISHER_NAME = "Example Counter Terrorism Policing"
PUBLISHER_LOGO = "theme/images/publisher-logo.svg"
PUBLISHER_URL = None
PUBLISHER_LINKS = [
    ("Accessibility statement", "accessibility/"),
    ("Privacy", "privacy/"),
    ("About the archive", "about/"),
]
LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
SITE_NOTICE = {
    "label": "Example",
    "text": "Every statement here is a fictional example but one.",
    "link": ("Which one is real", "about/"),
}
STATEMENT_NOTE = (
    "This is a fictional example, written to show how the archive works: the people, operations,"
    " places and incidents in it are invented."
)
STATEMENT_NOTES = {
    "2015-01-16-npcc-security-posture-statement": (
        "This is a real statement, issued on 16 January 2015 and reproduced word for word."
    ),
}

PATH = "content"
ARTICLE_PATHS = ["statements"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = str(ROOT / "theme")

# The build layer, then the feature plugins: data flows from statements to what is made of them.
# Where the order of two plugins' receivers matters, they declare it (plugins/build/run.py).
PLUGINS = [
    build,
    statements,
    listings,
    threat_levels,
    feeds,
    search,
    alerts,
    open_data,
    publishing,
    site_files,
    build_report,
    publisher,
]

# One language, so there are no translations to pair: Pelican's pairing compares every statement with
# every other (a second of a build of 10,000), and the statements plugin refuses two at one URL itself.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# The date comes from the front matter: Pelican would otherwise parse every file name's date too.
FILENAME_METADATA = ""

STATEMENT_CATEGORIES = [
    "Counter-terrorism",
    "Threat level",
    "Arrests and charges",
    "Public safety advice",
    "Major events",
    "Community reassurance",
    "Protective security",
]

# Clean URLs that never depend on a title.
ARTICLE_URL = "statements/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
ARCHIVES_URL = "statements/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "statements/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "statements/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
# Statements have issuers, not Pelican authors; drafts are never written.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "search"]
# The home page lists the newest statements; its canonical URL is the site root.
INDEX_URL = ""
# Served by the web server for any missing page, so every link in it starts with SITEURL.
TEMPLATE_PAGES = {"404.html": "404.html"}

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"archives": None, "period_archives": None, "category": None, "tag": None, "threat_level": None}
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]

# The feeds plugin writes every feed; Pelican's own feed writer is switched off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
# Each feed holds the 50 statements that changed last (Pelican's own default is 100); the feeds plugin reads it.
FEED_MAX_ITEMS = 50
# The authority of every feed id, chosen once: the archive's domain and the year it first published there.
# Never change it, even if the archive moves: feed readers would show every statement again.
FEEDS_ID_AUTHORITY = "statements.example.org,2026"
FEEDS_RIGHTS = "Crown copyright. Statements may be reproduced free of charge, accurately and with their source."

MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "output_format": "html",
}

# Escape every value in every template; only the rendered Markdown body is marked safe.
# Each build makes a new template environment, so templates need no re-check of their files on
# every use (auto_reload): on a large archive that was tens of thousands of stat() calls.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}

# Pelican logs a statement dated in the future as a draft: such a statement is embargoed.
WITH_FUTURE_DATES = False
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# CAP alerts of the level's changes (the alerts plugin): the area the national level covers.
CAP_AREA = "United Kingdom"

# /.well-known/security.txt: where to report a security problem with the site.
SECURITY_TXT_CONTACT = ["mailto:security@statements.example.org"]
