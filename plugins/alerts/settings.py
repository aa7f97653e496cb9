"""The alerts plugin's settings, each declared once: its default, what it must be and what it does.

The plugin also reads SITEURL, SITENAME and the feeds plugin's FEEDS_ID_AUTHORITY and
WEBSUB_HUBS (the CAP index is a feed like the others), and THREAT_LEVELS_URL.
"""

from plugins.archive.setting_rules import Setting

SETTINGS = (
    Setting(
        "ALERTS_SAVE_AS",
        "alerts/{id}.xml",
        doc=(
            "where each change of the level's CAP 1.2 alert is written; `{id}` is its identifier, the statement's "
            "permanent id (followed by `-cancel` for the alert cancelling a withdrawn change, `-level-now` for the "
            "alert that then says what the level is)"
        ),
    ),
    Setting(
        "ALERTS_INDEX_SAVE_AS",
        "alerts/index.atom.xml",
        doc=(
            "the Atom index of every alert, newest first, each entry linking its CAP file "
            '(`type="application/cap+xml"`): what CAP aggregators read'
        ),
    ),
    Setting(
        "CURRENT_LEVEL_JSON_SAVE_AS",
        "threat-levels/current.json",
        doc=(
            "the current level as JSON, described by `plugins/alerts/current.schema.json`; not written without "
            "statements"
        ),
    ),
    Setting(
        "CURRENT_LEVEL_SVG_SAVE_AS",
        "threat-levels/current.svg",
        doc=(
            "the current level as an SVG badge other sites show with an `<img>` (the threat-levels page gives the "
            "snippet); not written without statements"
        ),
    ),
    Setting(
        "WEBSUB_MANIFEST_SAVE_AS",
        "websub-topics.json",
        doc=(
            "the manifest of every feed's URL and SHA-256 that `make notify` reads; written only when `WEBSUB_HUBS` "
            "names a hub"
        ),
    ),
    Setting(
        "CAP_SENDER",
        None,
        doc=(
            "CAP `<sender>`, a name unique in the world without spaces, commas, `<` or `&` (a domain); `None` takes "
            "`SITEURL`'s host"
        ),
    ),
    Setting(
        "CAP_AREA",
        None,
        doc=(
            "CAP `<areaDesc>`, the area the national level covers in words (`'United Kingdom'` in "
            "`pelicanconf.py`); `None` leaves out `<area>`"
        ),
    ),
    Setting(
        "CAP_LEVELS",
        {
            "LOW": ("Future", "Minor", "Unlikely"),
            "MODERATE": ("Future", "Moderate", "Possible"),
            "SUBSTANTIAL": ("Future", "Severe", "Likely"),
            "SEVERE": ("Expected", "Severe", "Likely"),
            "CRITICAL": ("Immediate", "Extreme", "Likely"),
        },
        doc=(
            "CAP `(urgency, severity, certainty)` of each level, CAP 1.2's own values: the table in "
            "[feeds.md](feeds.md#how-a-level-reads-in-cap)"
        ),
    ),
    Setting(
        "CAP_INSTRUCTIONS",
        {
            "LOW": "Go about your day as usual. If you see something that does not feel right, report it to the police.",
            "MODERATE": (
                "Stay alert but not alarmed. If you see something that does not feel right, report it to the police."
            ),
            "SUBSTANTIAL": (
                "Stay alert but not alarmed. Report anything suspicious to the police; in an emergency call 999."
            ),
            "SEVERE": (
                "Stay alert but not alarmed: you may see more police, including armed officers. Report anything"
                " suspicious to the police; in an emergency call 999."
            ),
            "CRITICAL": (
                "An attack is expected soon. Follow the instructions of the police and security staff, expect"
                " more checks and armed officers, and report anything suspicious at once; in an emergency call 999."
            ),
        },
        doc="CAP `<instruction>` of each level: the public advice, plain text",
    ),
)
