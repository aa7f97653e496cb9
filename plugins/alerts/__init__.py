"""Alerts: the threat level's changes as CAP 1.2, the current level as JSON and a badge, and WebSub topics.

Adds to Pelican, after the threat_levels plugin worked out the history:

- a CAP 1.2 alert per change of the national level (``cap.py``, ALERTS_SAVE_AS), a
  Cancel for a withdrawn statement that had changed it and, when that was the alert
  in force, an Update saying what the level is now, the chain worked out by replaying
  the history in time order (``timeline.py``); urgency, severity and certainty from
  CAP_LEVELS, the public advice from CAP_INSTRUCTIONS;
- the Atom index of every alert, newest first (``index.py``, ALERTS_INDEX_SAVE_AS);
- the current level as JSON (``current.py``, schema ``current.schema.json``; its
  ``as_of`` and ``level_since`` from the replayed history) and as an
  accessible SVG badge other sites show with an ``<img>``;
- when the feeds plugin's WEBSUB_HUBS names a hub, the manifest of every feed's
  digest (``websub.py``) that ``make notify`` (``notify.py``) compares with what it
  last announced, to tell each hub which feeds changed, and a rule per feed in the
  hosts' ``_headers`` sending the Link header WebSub requires (``make notify``
  checks that the site sends it before announcing anything).

Drafts and embargoed statements never appear: only the published and the withdrawn
statements are read.  Nothing reads the clock.  Settings and their defaults are in
``settings.py``.
"""

from __future__ import annotations

from pelican import signals

from plugins import defaults_applier, save_as_addresses
from plugins.build import addresses_written, connect

from .cap import check_settings
from .generator import AlertsGenerator
from .settings import SETTINGS
from .websub import write_manifest

_apply_plain_defaults = defaults_applier(SETTINGS)


def apply_defaults(pelican) -> None:
    """The defaults; a CAP setting that would make an invalid alert stops the build here, before anything is written."""
    _apply_plain_defaults(pelican)
    check_settings(pelican.settings)


def add_generator(pelican) -> type[AlertsGenerator]:
    return AlertsGenerator


written = save_as_addresses(SETTINGS)


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(written)
    signals.get_generators.connect(add_generator)
    connect(signals.finalized, write_manifest)  # after the build layer writes the last feeds (EARLY)
