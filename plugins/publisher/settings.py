"""The publisher plugin's settings, each with its default and what it does, and what each must be.

Every page's header and footer name the publisher; a real archive sets at least
PUBLISHER_NAME. The example archive's values are in pelicanconf.py.
"""

from plugins.archive.setting_rules import mapping, optional, pairs, text

DEFAULTS = {
    # The organisation that publishes the archive, named beside the site's name in the header and in
    # the footer; None names no one (and the site's name stands alone).
    "PUBLISHER_NAME": None,
    # The organisation's logo, a path below the output (an image the theme or STATIC_PATHS copies),
    # shown before its name in the header; None shows no logo. The name is its text alternative.
    "PUBLISHER_LOGO": None,
    # The organisation's own website, linked from its name in the footer; None links nowhere.
    "PUBLISHER_URL": None,
    # Links every footer lists under the publisher's name: (label, path below SITEURL) pairs, such
    # as the accessibility statement and the privacy notice (pages in content/pages/).
    "PUBLISHER_LINKS": [],
    # The licence of the archive's words, in every footer: {"name": ..., "url": ...}; None says nothing.
    "LICENCE": None,
    # A notice at the top of every page, as GOV.UK's phase banner: {"label": a short tag such as
    # "Example", "text": one sentence, "link": (label, path below SITEURL) or None}; None shows none.
    "SITE_NOTICE": None,
    # A note on every statement's page saying where its words come from (for an archive of examples:
    # that the statement is fictional); None shows none.
    "STATEMENT_NOTE": None,
    # Notes for particular statements, by their id, in place of STATEMENT_NOTE (a real statement
    # among examples says so); {} by default.
    "STATEMENT_NOTES": {},
}

RULES = {
    "PUBLISHER_NAME": optional(text(), "no one"),
    "PUBLISHER_LOGO": optional(text("a path below the output"), "no logo"),
    "PUBLISHER_URL": optional(text("an address"), "no link"),
    "PUBLISHER_LINKS": pairs("label", "path"),
    "LICENCE": optional(mapping("a mapping of name and url to text", text(), ("name", "url")), "nothing said"),
    "STATEMENT_NOTE": optional(text(), "no note"),
    "STATEMENT_NOTES": mapping("a mapping of statement ids to notes", text()),
}
