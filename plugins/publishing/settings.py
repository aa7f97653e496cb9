"""The publishing plugin's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting, text

SETTINGS = (
    Setting(
        "PUBLISHED_LEDGER",
        "published.json",
        text("a path relative to PATH"),
        doc="the ledger of published statements, relative to the content folder",
    ),
    Setting(
        "PUBLISHED_LEDGER_REMINDER",
        True,
        doc=(
            "warn when published statements are not in the ledger yet (run `make ledger`); `make publish` sets "
            "`False`, since it records them itself after the build"
        ),
    ),
)
