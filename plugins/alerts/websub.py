"""The WebSub topics of a build: every feed's URL with the SHA-256 of its bytes, for ``make notify``.

Written into the output (WEBSUB_MANIFEST_SAVE_AS) once every feed is on disk, so
the manifest travels with the site it describes; ``notify.py`` compares it with
the record of what it last announced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from plugins.feeds import CATALOGUE, Site


def topic_paths(settings: Mapping[str, Any]) -> list[str]:
    """Every feed document a subscriber may follow: each feed in each of its formats, and the alerts' index."""
    catalogue = settings["JINJA_GLOBALS"][CATALOGUE]
    feeds = [feed.file(name) for feed in catalogue.all() for name in feed.formats]
    return [*feeds, settings["ALERTS_INDEX_SAVE_AS"]]


def manifest(output: Path, paths: Iterable[str], site: Site) -> bytes:
    """``{"hubs": [...], "topics": {url: sha256}}``, sorted, so the same feeds give the same bytes."""
    topics = {site.absolute(path): hashlib.sha256((output / path).read_bytes()).hexdigest() for path in paths}
    document = {"hubs": list(site.hubs), "topics": dict(sorted(topics.items()))}
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def write_manifest(pelican) -> None:
    """At ``finalized``, after the build layer wrote its last feeds: the manifest, if there is a hub."""
    settings = pelican.settings
    site = Site(settings)
    if not site.hubs:
        return
    output = Path(pelican.output_path)
    (output / settings["WEBSUB_MANIFEST_SAVE_AS"]).write_bytes(manifest(output, topic_paths(settings), site))
