"""The archive's domain: what a statement is, and the rules every plugin applies to one.

Nothing here imports Pelican, so each rule can be read, tested and reused on its own
(``make check``, ``make new`` and the ledger command use it without a build):

- ``schema``: the front-matter fields, what each allows, and ``Statement``, the validated
  statement (``Statement.order_key`` is the one order of statements: date, then id);
- ``values``: the parsers of front-matter values; ``levels``: the national threat levels;
- ``frontmatter``, ``yaml_mistakes``, ``validate``: from a file's bytes to a ``Statement``
  or to every problem it has; ``safety``: the allowlist a body's HTML must keep to;
  ``attachments``: ``{static}`` links, resolved before that check, and what such a file may be;
- ``visibility``: whether a build shows a statement, and where it is listed;
- ``history``: the history of the national threat level: which statements changed it, from what;
- ``addresses``: a statement's URL and the file it is written to;
- ``problems``: how a problem is reported (``file:LINE: field: message (allowed)``), and
  ``InvalidSetting``, the one way a bad setting stops a build; ``setting_rules``: what a
  setting's value must be, and each setting declared once (``Setting``);
- ``clock``: the moment a build stands for (``SOURCE_DATE_EPOCH``).
"""
