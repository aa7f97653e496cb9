"""Vanilla Pelican for the benchmark: default theme, built-in feeds, no plugins, the archive's Markdown.

Run by ``bench/run.py`` on the ``vanilla`` format of the generated statements,
with ``-o OUTPUT -e CACHE_PATH=...`` on the command line.
"""

# The archive's site name, language, time zone, page size and Markdown, so both treat the text alike
# (tests/test_bench_generator.py keeps them equal). They are not imported from pelicanconf.py: importing
# it imports the archive's Markdown reader, which Pelican would then use for every .md file.
SITENAME = "Security Statements Archive"
DEFAULT_LANG = "en-GB"
TIMEZONE = "Europe/London"
DEFAULT_PAGINATION = 20
MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "output_format": "html",
}
SITEURL = "https://statements.example.org"
FEED_DOMAIN = SITEURL
PATH = "content"
ARTICLE_PATHS = ["statements"]
PLUGINS = []  # and no namespace plugins either
DELETE_OUTPUT_DIRECTORY = True

# Pelican's built-in feeds: everything, and per category and per tag, in Atom and RSS.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag-{slug}.rss.xml"

# Pelican's own content cache, as a user who wants fast rebuilds would switch it on.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
