"""``make notify``: tell each WebSub hub which feeds changed, once the site is live.

    python -m plugins.alerts.notify [--settings publishconf.py] [--output output]

The build writes the manifest of every feed's URL and SHA-256 into the output
(WEBSUB_MANIFEST_SAVE_AS).  This command compares it with the record of what it
last announced, kept beside the output folder (``<output>.websub-announced.json``),
and sends each hub named in the manifest ``hub.mode=publish`` for every feed whose
bytes changed (``hub.url`` and ``hub.topic`` both name the feed: hubs differ in
which they read).  A hub then fetches the feed from the site, so run it after the
deploy.  Without a record (a fresh clone) every feed is announced, which costs the
hubs a fetch and subscribers nothing: a hub pushes only what changed for them.

First it fetches each feed it would announce: WebSub requires the site to send it with
``Link: <hub>; rel="hub", <feed>; rel="self"``, and hubs drop a publish without it.  A feed
served without both is one line naming the host recipes, exit status 1, and nothing is
announced or recorded.

A hub that is down or refuses is one line and exit status 1; the feeds it did not
take stay unrecorded, so the next run announces them again.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from pelican.settings import read_settings

from plugins.archive.setting_rules import defaults

from .settings import SETTINGS

RECORD_SUFFIX = ".websub-announced.json"
TIMEOUT_SECONDS = 10
# One link of an HTTP Link header (RFC 8288): <target>, then its parameters, one of which is rel.
LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")
REL_PARAMETER = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|([^\s;"]+))""", re.IGNORECASE)
HOST_RECIPES = (
    "send it with deploy/_headers (Netlify, Cloudflare Pages) or $archive_websub_hub in"
    " deploy/nginx/security-headers.conf (nginx); GitHub Pages cannot send headers (docs/deploying.md)"
)


class HubDown(Exception):
    """The hub could not be reached at all: no point in sending it the other feeds."""


def announce(hub: str, topic: str) -> None:
    """POST ``hub.mode=publish`` for ``topic``; raises HubDown, or ValueError with the hub's refusal."""
    form = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic, "hub.topic": topic}).encode()
    request = urllib.request.Request(hub, data=form, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
            return
    except urllib.error.HTTPError as refusal:
        reason = refusal.read(200).decode("utf-8", "replace").strip().splitlines()
        raise ValueError(f"HTTP {refusal.code} for {topic}" + (f": {reason[0]}" if reason else "")) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise HubDown(str(getattr(error, "reason", error))) from None


def announce_to_hub(hub: str, topics: list[str]) -> tuple[list[str], str | None]:
    """The topics ``hub`` took, and the first problem it had, if any."""
    taken, problem = [], None
    for topic in topics:
        try:
            announce(hub, topic)
            taken.append(topic)
        except HubDown as down:
            return taken, f"cannot reach it ({down})"
        except ValueError as refusal:
            problem = problem or f"refused {refusal}"
    return taken, problem


def link_relations(values: list[str]) -> dict[str, set[str]]:
    """Each relation of the Link header ``values``, with the targets it names."""
    relations: dict[str, set[str]] = {}
    for value in values:
        for target, parameters in LINK_VALUE.findall(value):
            for rel in REL_PARAMETER.findall(parameters):
                for name in "".join(rel).lower().split():
                    relations.setdefault(name, set()).add(target)
    return relations


def missing_links(topic: str, hubs: list[str]) -> str | None:
    """What ``topic``, fetched from the site, lacks of the Link header WebSub requires; None if nothing."""
    try:
        with urllib.request.urlopen(topic, timeout=TIMEOUT_SECONDS) as response:
            relations = link_relations(response.headers.get_all("Link") or [])
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"cannot be fetched ({getattr(error, 'reason', error)})"
    wanted = [f'rel="hub" naming {hub}' for hub in hubs if hub not in relations.get("hub", ())]
    if topic not in relations.get("self", ()):
        wanted.append('rel="self" naming itself')
    return f"is served without the Link header WebSub requires ({', '.join(wanted)})" if wanted else None


def unlinked_topic(topics: list[str], hubs: list[str]) -> str | None:
    """The refusal for the first of ``topics`` the site serves without its Link header; None if every one has it."""
    for topic in topics:
        problem = missing_links(topic, hubs)
        if problem:
            return f"notify: {topic} {problem}: {HOST_RECIPES}; nothing was announced"
    return None


def read_json(path: Path) -> dict:
    """The object in ``path``; a file that is missing or not JSON stops the command with one line."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"notify: cannot read {path}: {getattr(error, 'strerror', None) or error}") from None


def notify(output: Path, manifest_name: str) -> int:
    """Announce what changed since the last run; the exit status."""
    manifest = read_json(output / manifest_name)
    record_path = Path(str(output) + RECORD_SUFFIX)
    record = read_json(record_path) if record_path.exists() else {}
    topics = manifest["topics"]
    changed = [topic for topic, digest in topics.items() if record.get(topic) != digest]
    if not changed:
        print("notify: no feed changed since the last announcement")
        return 0
    refusal = unlinked_topic(changed, manifest["hubs"])
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    everywhere = set(changed)
    for hub in manifest["hubs"]:
        taken, problem = announce_to_hub(hub, changed)
        everywhere &= set(taken)
        if problem:
            failed = len(changed) - len(taken)
            print(f"notify: {hub}: {failed} of {len(changed)} feed(s) not announced: {problem}", file=sys.stderr)
    record.update({topic: topics[topic] for topic in everywhere})
    record_path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"notify: {len(everywhere)} of {len(changed)} changed feed(s) announced to {len(manifest['hubs'])} hub(s)")
    return 0 if len(everywhere) == len(changed) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--output", help="the published output folder (default: the settings' OUTPUT_PATH)")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    output = Path(args.output or settings["OUTPUT_PATH"])
    manifest_name = settings.get("WEBSUB_MANIFEST_SAVE_AS", defaults(SETTINGS)["WEBSUB_MANIFEST_SAVE_AS"])
    if not (output / manifest_name).exists() and not settings.get("WEBSUB_HUBS"):
        print("notify: WEBSUB_HUBS names no hub: nothing to announce")
        return 0
    return notify(output, manifest_name)


if __name__ == "__main__":
    sys.exit(main())
