"""The threat_levels plugin's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting

SETTINGS = (
    Setting(
        "THREAT_LEVELS_URL",
        "threat-levels/",
        doc="the page explaining the five levels, with the history of changes",
    ),
    Setting(
        "THREAT_LEVELS_SAVE_AS",
        "threat-levels/index.html",
        doc="where that page is written",
    ),
    Setting(
        "THREAT_LEVEL_URL",
        "threat-levels/{slug}/",
        doc="each level's list of statements; `{slug}` is the level in lower case",
    ),
    Setting(
        "THREAT_LEVEL_SAVE_AS",
        "threat-levels/{slug}/index.html",
        doc="where each level's list is written (paginated when `PAGINATED_TEMPLATES` names `threat_level`)",
    ),
)
