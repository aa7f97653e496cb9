"""The WebSub topics of a build: every feed's URL with the SHA-256 of its bytes, for ``make notify``.

Written into the output (WEBSUB_MANIFEST_SAVE_AS) once every feed is on disk, so
the manifest travels with the site it describes; ``notify.py`` compares it with
the record of what it last announced.  WebSub requires a publisher to send each
topic with ``Link: <hub>; rel="hub", <topic>; rel="self"``: the hosts' ``_headers``
file (Netlify, Cloudflare Pages) gets a rule per topic saying so.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from plugins.feeds import Site, catalogue_of
from plugins.site_files import HEADERS_FILE

logger = logging.getLogger(__name__)

# Cloudflare Pages reads at most this many rules of a _headers file (Netlify has no such limit).
CLOUDFLARE_PAGES_RULES = 100
HEADER_RULES_HEADING = "\n# WebSub (written by the build from WEBSUB_HUBS): each feed names its hubs and itself.\n"


def topic_paths(settings: Mapping[str, Any]) -> list[str]:
    """Every feed document a subscriber may follow: each feed in each of its formats, and the alerts' index."""
    feeds = [feed.file(name) for feed in catalogue_of(settings).all() for name in feed.formats]
    return [*feeds, settings["ALERTS_INDEX_SAVE_AS"]]


def manifest(output: Path, paths: Iterable[str], site: Site) -> bytes:
    """``{"hubs": [...], "topics": {url: sha256}}``, sorted, so the same feeds give the same bytes."""
    topics = {site.absolute(path): hashlib.sha256((output / path).read_bytes()).hexdigest() for path in paths}
    document = {"hubs": list(site.hubs), "topics": dict(sorted(topics.items()))}
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def link_header(topic: str, hubs: Iterable[str]) -> str:
    """The ``Link`` header WebSub requires of a topic: each hub, then the topic itself."""
    return ", ".join([*(f'<{hub}>; rel="hub"' for hub in hubs), f'<{topic}>; rel="self"'])


def header_rules(paths: Iterable[str], site: Site) -> str:
    """The ``_headers`` rules (Netlify, Cloudflare Pages) sending each topic's Link header."""
    rules = (f"/{path}\n  Link: {link_header(site.absolute(path), site.hubs)}\n" for path in paths)
    return HEADER_RULES_HEADING + "".join(rules)


def write_manifest(pelican) -> None:
    """At ``finalized``, after the build layer wrote its last feeds: the manifest and the Link rules, if there is a hub."""
    settings = pelican.settings
    site = Site(settings)
    if not site.hubs:
        return
    output = Path(pelican.output_path)
    paths = topic_paths(settings)
    (output / settings["WEBSUB_MANIFEST_SAVE_AS"]).write_bytes(manifest(output, paths, site))
    headers = output / HEADERS_FILE
    if headers.exists():
        # A new file in its place: the one there may be a hard link to the last build's.
        rules = headers.read_text(encoding="utf-8") + header_rules(paths, site)
        headers.unlink()
        headers.write_text(rules, encoding="utf-8")
        if rule_count(rules) > CLOUDFLARE_PAGES_RULES:
            logger.warning(
                "%s has %d rules with the feeds' Link headers: Cloudflare Pages reads only the first %d, so its feeds"
                " would lack them and make notify would refuse; Netlify and nginx send them all (docs/deploying.md)",
                HEADERS_FILE,
                rule_count(rules),
                CLOUDFLARE_PAGES_RULES,
            )


def rule_count(headers: str) -> int:
    """The rules of a ``_headers`` file: its lines that name a path (neither indented, blank nor a comment)."""
    return sum(1 for line in headers.splitlines() if line.strip() and not line[0].isspace() and line[0] != "#")
