"""The listings plugin's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import whole_number

DEFAULTS = {
    # How many related statements a statement page lists (0 lists none).
    "LISTINGS_RELATED_COUNT": 3,
    # How many of the newest statements the home page lists.
    "LISTINGS_LATEST_COUNT": 10,
}

RULES = {"LISTINGS_RELATED_COUNT": whole_number(0), "LISTINGS_LATEST_COUNT": whole_number(0)}
