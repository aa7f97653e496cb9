"""The build report's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import whole_number

DEFAULTS = {
    # Show a progress bar while the build runs, when standard error is a terminal (never in CI logs).
    "BUILD_REPORT_PROGRESS": True,
    # Print the one-line summary at the end of every build.
    "BUILD_REPORT_SUMMARY": True,
    # Name at most this many release dates of embargoed statements in the summary.
    "BUILD_REPORT_RELEASE_DATES": 3,
}

RULES = {"BUILD_REPORT_RELEASE_DATES": whole_number(0)}
