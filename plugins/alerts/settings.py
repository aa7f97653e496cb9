"""The alerts plugin's settings, each with its default and what it does.

The plugin also reads SITEURL, SITENAME and the feeds plugin's FEEDS_ID_AUTHORITY and
WEBSUB_HUBS (the CAP index is a feed like the others), and THREAT_LEVELS_URL.
"""

DEFAULTS = {
    # Where each level change's CAP 1.2 alert is written; {id} is its identifier: the statement's
    # permanent id, followed by "-cancel" for the alert that cancels a withdrawn change and "-level-now"
    # for the alert that then says what the level is.
    "ALERTS_SAVE_AS": "alerts/{id}.xml",
    # The Atom index of every alert, newest first, each entry linking its CAP file (what aggregators read).
    "ALERTS_INDEX_SAVE_AS": "alerts/index.atom.xml",
    # The current level as JSON (schema: plugins/alerts/current.schema.json) and as an SVG badge.
    "CURRENT_LEVEL_JSON_SAVE_AS": "threat-levels/current.json",
    "CURRENT_LEVEL_SVG_SAVE_AS": "threat-levels/current.svg",
    # Where the build records each WebSub topic (every feed) with the SHA-256 of its bytes, for
    # `make notify`; written only when WEBSUB_HUBS names a hub.
    "WEBSUB_MANIFEST_SAVE_AS": "websub-topics.json",
    # CAP <sender>: the archive's globally unique name, such as its domain; None takes SITEURL's host.
    "CAP_SENDER": None,
    # CAP <areaDesc>: the area the national level covers, in words; None leaves out <area>.
    "CAP_AREA": None,
    # How each level reads in CAP: (urgency, severity, certainty), from CAP 1.2's own values.  The
    # level's meaning decides the certainty ("likely" is Likely), how near in time the severity.
    "CAP_LEVELS": {
        "LOW": ("Future", "Minor", "Unlikely"),
        "MODERATE": ("Future", "Moderate", "Possible"),
        "SUBSTANTIAL": ("Future", "Severe", "Likely"),
        "SEVERE": ("Expected", "Severe", "Likely"),
        "CRITICAL": ("Immediate", "Extreme", "Likely"),
    },
    # CAP <instruction>: the public advice at each level, plain text.
    "CAP_INSTRUCTIONS": {
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
}
