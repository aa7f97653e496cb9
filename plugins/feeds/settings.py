"""The feeds plugin's settings, each with its default and what it does.

The plugin also reads Pelican's FEED_MAX_ITEMS (the archive sets 50 in
pelicanconf.py) and SITEURL, and the URL settings of the pages each feed
mirrors (ARCHIVES_URL, CATEGORIES_URL, TAGS_URL, THREAT_LEVELS_URL,
THREAT_LEVEL_URL).  ``RULES`` says what each setting must be.
"""

from plugins.archive.setting_rules import mapping, optional, text, whole_number

DEFAULTS = {
    # Where each feed is written, without its extension (.atom.xml, .rss.xml, and .json for the
    # whole archive): {slug} is the category's, tag's or level's slug, {number} the archive page's.
    "FEEDS_PATHS": {
        "all": "feeds/all",
        "category": "feeds/category/{slug}",
        "tag": "feeds/tag/{slug}",
        "threat-level": "feeds/threat-level/{slug}",
        "level-changes": "feeds/level-changes",
        "archive": "feeds/archive/{number}",
    },
    # The page that lists every feed and explains how to subscribe.
    "FEEDS_PAGE_URL": "feeds/",
    "FEEDS_PAGE_SAVE_AS": "feeds/index.html",
    # Where the XSL stylesheet that shows a feed opened in a browser as a page is written (from the
    # theme's templates/feed.xsl); every Atom and RSS feed names it in <?xml-stylesheet?>.
    "FEEDS_STYLESHEET": "feeds/feed.xsl",
    # The RFC 4151 tagging entity ("domain,date") of every entry and feed id: tag:<this>:statement:<id>.
    # Choose it once, a domain the publisher owns and a date on which it owned it, and never change
    # it, even if the site moves to another domain: feed readers use the ids to tell new entries from
    # ones they have shown. None is allowed only in a build that is not published on the web (SITEURL
    # empty, on localhost or an example domain), whose ids use example.invalid,1970; a published build
    # also refuses an example domain (example.org, .test, ...) here.
    "FEEDS_ID_AUTHORITY": None,
    # A site-relative path: a small square image, the feeds' Atom <icon> and JSON Feed favicon; None for none.
    "FEEDS_ICON": "theme/images/favicon.svg",
    # A site-relative path: a GIF, JPEG or PNG twice as wide as tall, the feeds' Atom <logo>, RSS <image>
    # and JSON Feed icon; None for none.
    "FEEDS_LOGO": None,
    # The rights held in the statements, as plain text: the feeds' Atom <rights> and RSS <copyright>;
    # None for none.
    "FEEDS_RIGHTS": None,
    # WebSub hubs (W3C WebSub) every feed names, so that subscribers are pushed each change within
    # seconds: <link rel="hub"> in Atom, <atom:link rel="hub"> in RSS, "hubs" in JSON Feed. After a
    # deploy, `make notify` tells each hub which feeds changed (docs/deploying.md).
    "WEBSUB_HUBS": [],
}

PATH = text("a path")
FEED_KINDS = tuple(DEFAULTS["FEEDS_PATHS"])
RULES = {
    "FEEDS_PATHS": mapping(f"a mapping of each feed kind ({', '.join(FEED_KINDS)}) to a path", PATH, FEED_KINDS),
    "FEEDS_PAGE_URL": PATH,
    "FEEDS_PAGE_SAVE_AS": PATH,
    "FEEDS_STYLESHEET": PATH,
    "FEEDS_ICON": optional(PATH, "none"),
    "FEEDS_LOGO": optional(PATH, "none"),
    "FEEDS_RIGHTS": optional(text("plain text"), "none"),
    # Pelican's own setting: the statements in each feed, the newest first; older ones are in its archive pages.
    "FEED_MAX_ITEMS": optional(whole_number(1), "every statement in each feed"),
}
