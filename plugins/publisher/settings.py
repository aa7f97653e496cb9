"""The publisher plugin's settings, each declared once: its default, what it must be and what it does.

Every page's header and footer name the publisher; a real archive sets at least
PUBLISHER_NAME. The example archive's values are in pelicanconf.py.
"""

from plugins.archive.setting_rules import Setting, mapping, optional, pairs, text

SETTINGS = (
    Setting(
        "PUBLISHER_NAME",
        None,
        optional(text(), "no one"),
        doc=(
            "the organisation named above the site's name in the header, in the footer and as the publisher in each "
            "statement's JSON-LD"
        ),
    ),
    Setting(
        "PUBLISHER_LOGO",
        None,
        optional(text("a path below the output"), "no logo"),
        doc="path below the output of its logo (an image the theme or `STATIC_PATHS` copies), shown before the name",
    ),
    Setting(
        "PUBLISHER_URL",
        None,
        optional(text("an address"), "no link"),
        doc="the organisation's website, linked from its name in the footer",
    ),
    Setting(
        "PUBLISHER_LINKS",
        [],
        pairs("label", "path"),
        doc="`(label, path)` pairs every footer lists, such as the accessibility statement and privacy page",
    ),
    Setting(
        "LICENCE",
        None,
        optional(mapping("a mapping of name and url to text", text(), ("name", "url")), "nothing said"),
        doc=(
            '`{"name": ..., "url": ...}`: the licence line in every footer (the example archive: Open Government '
            "Licence v3.0)"
        ),
    ),
    Setting(
        "SITE_NOTICE",
        None,
        doc=('`{"label": ..., "text": ..., "link": (label, path) or None}`: a GOV.UK-style phase banner on every page'),
    ),
    Setting(
        "STATEMENT_NOTE",
        None,
        optional(text(), "no note"),
        doc=(
            "a note on every statement's page about where its words come from (the example archive: a fictional "
            "example)"
        ),
    ),
    Setting(
        "STATEMENT_NOTES",
        {},
        mapping("a mapping of statement ids to notes", text()),
        doc=(
            "notes for particular statements by id, in place of `STATEMENT_NOTE` (the example archive's one real "
            "statement)"
        ),
    ),
)
