"""The search plugin's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import whole_number

DEFAULTS = {
    # Where the search page is written and its address (Pelican's <NAME>_SAVE_AS/_URL for "search"
    # in DIRECT_TEMPLATES); every page header's search box submits to it.
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_URL": "search/",
    # The folder in the output where Pagefind writes its index and scripts (the search page loads them).
    "SEARCH_BUNDLE_DIR": "pagefind",
    # Results shown at a time: each shown result downloads its own fragment of the index.
    "SEARCH_RESULTS_PER_PAGE": 10,
}

RULES = {
    "SEARCH_RESULTS_PER_PAGE": whole_number(1),
}
