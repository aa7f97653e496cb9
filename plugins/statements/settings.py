"""The statements plugin's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting, list_of, text, whole_number

SETTINGS = (
    Setting(
        "STATEMENT_CATEGORIES",
        [],
        list_of(text(), "category names"),
        doc=(
            "the categories a statement may name; with none, every statement is refused (the archive's list is in "
            "`pelicanconf.py`)"
        ),
    ),
    Setting(
        "STATEMENTS_PREVIEW_DRAFTS",
        False,
        doc="show drafts and embargoed statements as ordinary pages marked DRAFT (set by `make devserver`)",
    ),
    Setting(
        "STATEMENTS_EXIT_ON_PROBLEMS",
        True,
        doc=(
            "a statement with problems ends the `pelican` process with status 1; the preview (`make serve`, "
            "`make devserver`) sets `False`, so it shows them and keeps the last good build"
        ),
    ),
    Setting(
        "STATEMENTS_WORKERS",
        4,
        whole_number(1),
        doc="at most this many processes parse statements (never more than the CPUs)",
    ),
    Setting(
        "STATEMENTS_PARALLEL_FROM",
        400,
        whole_number(0),
        doc="fewer statements than this are parsed in the build's own process",
    ),
    Setting(
        "STATEMENTS_CACHE",
        True,
        doc=(
            "keep each file's parse result in `CACHE_PATH/statements.pickle` (Pelican's `CACHE_PATH`, `cache/` by "
            "default), so that a rebuild parses only the statements and pages whose bytes changed; a change of the "
            "parse settings, the plugin's code or Markdown, PyYAML, nh3, selectolax, langcodes or Python discards "
            "it all; separate from Pelican's content cache (`LOAD_CONTENT_CACHE` does not affect it)"
        ),
    ),
)
