"""The search plugin's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting, whole_number

SETTINGS = (
    Setting(
        "SEARCH_SAVE_AS",
        "search/index.html",
        doc="where the search page is written (`search` must be in `DIRECT_TEMPLATES`, as `pelicanconf.py` has it)",
    ),
    Setting(
        "SEARCH_URL",
        "search/",
        doc="the search page; every page header's search box submits its words to it as `?q=`",
    ),
    Setting(
        "SEARCH_BUNDLE_DIR",
        "pagefind",
        doc="the folder of the output where Pagefind's index and scripts are written, during every build",
    ),
    Setting(
        "SEARCH_RESULTS_PER_PAGE",
        10,
        whole_number(1),
        doc=(
            'results shown at a time; "Show more results" adds as many again (each shown result downloads its own '
            "part of the index)"
        ),
    ),
)
