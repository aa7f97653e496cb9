"""The listings plugin's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting, whole_number

SETTINGS = (
    Setting(
        "LISTINGS_RELATED_COUNT",
        3,
        whole_number(0),
        doc="how many related statements (sharing tags or category, nearest in date) a statement page lists",
    ),
    Setting(
        "LISTINGS_LATEST_COUNT",
        10,
        whole_number(0),
        doc="how many of the newest statements the home page lists",
    ),
)
