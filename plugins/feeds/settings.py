"""The feeds plugin's settings, each declared once: its default, what it must be and what it does.

FEED_MAX_ITEMS is Pelican's own (the archive sets 50 in pelicanconf.py): declared here for its
rule alone.  The plugin also reads SITEURL and the URL settings of the pages each feed mirrors
(ARCHIVES_URL, CATEGORIES_URL, TAGS_URL, THREAT_LEVELS_URL, THREAT_LEVEL_URL).
"""

from plugins.archive.setting_rules import Setting, mapping, optional, text, whole_number

PATH = text("a path")
FEEDS_PATHS = {
    "all": "feeds/all",
    "category": "feeds/category/{slug}",
    "tag": "feeds/tag/{slug}",
    "threat-level": "feeds/threat-level/{slug}",
    "level-changes": "feeds/level-changes",
    "archive": "feeds/archive/{number}",
}
FEED_KINDS = tuple(FEEDS_PATHS)

SETTINGS = (
    Setting(
        "FEEDS_PATHS",
        FEEDS_PATHS,
        mapping(f"a mapping of each feed kind ({', '.join(FEED_KINDS)}) to a path", PATH, FEED_KINDS),
        doc=(
            "where each feed is written, without its extension: `.atom.xml`, `.rss.xml`, and `.json` for `all`; "
            "each feed's HTML page is written at this path followed by `/index.html`"
        ),
    ),
    Setting(
        "FEEDS_PAGE_URL",
        "feeds/",
        PATH,
        doc="the page that lists every feed and says how to subscribe",
    ),
    Setting(
        "FEEDS_PAGE_SAVE_AS",
        "feeds/index.html",
        PATH,
        doc="where that page is written",
    ),
    Setting(
        "FEEDS_STYLESHEET",
        "feeds/feed.xsl",
        PATH,
        doc=(
            "where the XSL stylesheet (from the theme's `templates/feed.xsl`) is written; every Atom and RSS feed "
            "names it, so a browser shows the feed as a page"
        ),
    ),
    Setting(
        "FEEDS_ID_AUTHORITY",
        None,
        doc=(
            "the RFC 4151 `domain,date` in every entry and feed id; choose it once and never change it "
            "([feeds.md](feeds.md#choosing-feeds_id_authority)); a published build refuses `None` and example "
            "domains; other builds use `example.invalid,1970` (`pelicanconf.py` sets `statements.example.org,2026`)"
        ),
    ),
    Setting(
        "FEEDS_ICON",
        "theme/images/favicon.svg",
        optional(PATH, "none"),
        doc="site-relative path of a small square image: Atom `<icon>`, JSON Feed `favicon`; `None` for none",
    ),
    Setting(
        "FEEDS_LOGO",
        None,
        optional(PATH, "none"),
        doc=(
            "site-relative path of a GIF, JPEG or PNG twice as wide as tall: Atom `<logo>`, RSS `<image>`, JSON "
            "Feed `icon`; `None` for none"
        ),
    ),
    Setting(
        "FEEDS_RIGHTS",
        None,
        optional(text("plain text"), "none"),
        doc=(
            "plain text: Atom `<rights>`, RSS `<copyright>`; `None` for none (`pelicanconf.py` sets a Crown "
            "copyright notice)"
        ),
    ),
    Setting(
        "WEBSUB_HUBS",
        [],
        doc=(
            "the WebSub hubs (W3C WebSub) every feed names, so that subscribers are pushed each change within "
            'seconds: `<link rel="hub">` in Atom, `<atom:link rel="hub">` in RSS, `hubs` in JSON Feed; after each '
            "deploy `make notify` tells them which feeds changed "
            "([deploying.md](deploying.md#websub-push-make-notify))"
        ),
    ),
    Setting(
        "FEED_MAX_ITEMS",
        rule=optional(whole_number(1), "every statement in each feed"),
        doc=(
            "Pelican's own setting: each feed holds this many statements, the newest first; older ones are in its "
            "archive pages ([Pelican's own settings](#pelicans-own-settings-that-the-plugins-and-the-theme-read))"
        ),
    ),
)
