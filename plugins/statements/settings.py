"""The statements plugin's settings, each with its default and what it does."""

DEFAULTS = {
    # The categories a statement's `category:` may name; anything else fails the build.
    "STATEMENT_CATEGORIES": [
        "Counter-terrorism",
        "Threat level",
        "Arrests and charges",
        "Public safety advice",
        "Major events",
        "Community reassurance",
        "Protective security",
    ],
    # Show drafts and embargoed statements as ordinary pages marked DRAFT (the devserver sets it).
    "STATEMENTS_PREVIEW_DRAFTS": False,
    # Parse statements in this many worker processes at most (1 parses in the build's own process).
    "STATEMENTS_WORKERS": 4,
    # Below this many statements, parse in the build's own process: workers cost more than they save.
    "STATEMENTS_PARALLEL_FROM": 400,
}
