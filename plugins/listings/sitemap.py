"""Make pelican-sitemap's output depend on the content alone, when publishconf.py loads it.

pelican-sitemap keeps one module-level generator per process: it dates listing pages
with the clock when it was imported, and it forgets to empty its queue when a build
fails. Each build therefore starts it afresh and dates listing pages with the newest
statement's date, so two builds of the same content write the same sitemap.xml.
"""

from __future__ import annotations

from plugins import pelican_compat

SITEMAP_PLUGIN = "pelican.plugins.sitemap"


def written(settings) -> list[str]:
    """pelican-sitemap's file, when the build's plugins include it (for the aliases' check)."""
    if SITEMAP_PLUGIN not in settings["PLUGINS"]:
        return []
    return [f"sitemap.{(settings.get('SITEMAP') or {}).get('format', 'xml')}"]


def start_afresh(pelican) -> None:
    pelican_compat.restart_sitemap()


def date_listings(generator) -> None:
    if generator.articles:
        pelican_compat.date_sitemap(max(getattr(a, "modified", None) or a.date for a in generator.articles))
