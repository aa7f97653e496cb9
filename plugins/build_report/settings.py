"""The build report's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting, whole_number

SETTINGS = (
    Setting(
        "BUILD_REPORT_PROGRESS",
        True,
        doc="show a progress bar while building, when standard error is a terminal",
    ),
    Setting(
        "BUILD_REPORT_SUMMARY",
        True,
        doc=(
            "end every build with the one-line summary (statements published, withdrawn, drafts, embargoed, feeds, "
            "search records, time)"
        ),
    ),
    Setting(
        "BUILD_REPORT_RELEASE_DATES",
        3,
        whole_number(0),
        doc="the summary names at most this many release dates of embargoed statements",
    ),
)
