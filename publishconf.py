"""Settings for the published archive: pelicanconf.py plus what differs when publishing."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelican.plugins import sitemap

from pelicanconf import *  # noqa: F403

SITEURL = "https://statements.example.org"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# sitemap.xml lists every page written except the 404 page and robots.txt; withdrawn statements
# (Pelican's "hidden") are left out by the plugin, drafts and embargoed statements are never written.
PLUGINS = [*PLUGINS, sitemap]  # noqa: F405
SITEMAP = {"format": "xml", "exclude": [r"^404\.html$", r"^robots\.txt$"]}
TEMPLATE_PAGES = {**TEMPLATE_PAGES, "robots.txt": "robots.txt"}  # noqa: F405
