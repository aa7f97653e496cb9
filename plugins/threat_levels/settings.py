"""The threat_levels plugin's settings, each with its default and what it does."""

DEFAULTS = {
    # The page that explains the five levels and shows the history of changes.
    "THREAT_LEVELS_URL": "threat-levels/",
    "THREAT_LEVELS_SAVE_AS": "threat-levels/index.html",
    # One listing page per level; {slug} is the level's name in lower case (severe).
    "THREAT_LEVEL_URL": "threat-levels/{slug}/",
    "THREAT_LEVEL_SAVE_AS": "threat-levels/{slug}/index.html",
}
