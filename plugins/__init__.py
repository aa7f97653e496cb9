"""The archive's own Pelican plugins.

Data flows one way through them:

- ``statements`` reads every Markdown statement once, validates it against the
  schema and hands Pelican finished statement objects;
- ``threat_levels`` adds badges, level pages and the history of level changes;
- ``feeds`` writes Atom, RSS and JSON feeds with feedgen;
- ``search`` indexes the built statements with Pagefind.

``pelicanconf.py`` imports these packages directly (rather than naming them in
``PLUGIN_PATHS``) so that a plugin that fails to import stops the build instead
of being skipped with a logged error.
"""
