"""Open data: the whole published archive as one dataset, as GOV.UK's content API, CISA's catalogue and OSV do.

Adds to Pelican:

- ``OPEN_DATA_JSON_SAVE_AS``: every published and withdrawn statement, oldest first, with
  its fields, its text (the body's safe HTML), its corrections and the level it changed
  from, described by the JSON Schema ``statements.schema.json`` (copied to
  ``OPEN_DATA_SCHEMA_SAVE_AS``);
- ``OPEN_DATA_CSV_SAVE_AS``: the same statements, one row each, without the text, and the
  Frictionless Data package ``OPEN_DATA_PACKAGE_SAVE_AS`` giving its columns' types and
  constraints (its Table Schema) and the licence;
- both under ``OPEN_DATA_LICENCE`` (the Open Government Licence v3.0 by default).

A withdrawn statement is in the data with its status, date and reason; drafts and embargoed
statements never are.  Nothing reads the clock, so the same statements give the same bytes;
every moment is in UTC, a date written without a time at 11:00 UTC that day
(``plugins.archive.values.as_published``).  It uses only the domain and the build layer's
public interface; settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

from pelican import signals

from plugins import defaults_applier, save_as_addresses
from plugins.build import addresses_written

from .generator import OpenDataGenerator
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]

apply_defaults = defaults_applier(SETTINGS)


def add_generator(pelican) -> type[OpenDataGenerator]:
    return OpenDataGenerator


written = save_as_addresses(SETTINGS)


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(written)
    signals.get_generators.connect(add_generator)
