"""Preview: the maintainer's loop, ``make devserver`` (and ``make serve``), never the published build.

- ``server.py`` serves the last good build, with the pages re-rendered since, ``404.html`` for a
  missing page and a "building…" page until the first build is done.  To every HTML page it
  serves (never to the files on disk) it adds ``static/reload.js``, which reloads the open page
  when what the server has for it changes and shows the problems of a save with a mistake.
  The script is a file of the site's own origin, so every page keeps its CSP.
- ``builder.py`` builds in this process on every save, while the last good build stays served;
- ``quick.py`` first re-renders a saved statement's own page from the last build's context,
  within a second even at thousands of statements; the full build that follows brings the
  listings, feeds and search up to date;
- the builder keeps each good build's generators (``all_generators_finalized``, while its build
  runs) for ``quick.py``.

Not a Pelican plugin: nothing of it is in a build but the reload script the server adds.
"""
