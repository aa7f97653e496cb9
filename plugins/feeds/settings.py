"""The feeds plugin's settings, each with its default and what it does.

The plugin also reads Pelican's FEED_MAX_ITEMS (the archive sets 50 in
pelicanconf.py) and SITEURL, and the URL settings of the pages each feed
mirrors (ARCHIVES_URL, CATEGORIES_URL, TAGS_URL, THREAT_LEVELS_URL,
THREAT_LEVEL_URL).
"""

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
    # Set it once and never change it, even if the site moves to another domain: feed readers use
    # the ids to tell new entries from ones they have shown.
    "FEEDS_ID_AUTHORITY": "statements.example.org,2026",
}
